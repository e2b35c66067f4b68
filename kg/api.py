"""The Python API: the steps of the data flow as plain functions, used by the CLI and notebooks.

    >>> from kg import api
    >>> result = api.build(["seeds/"], out_dir="out")  # doctest: +SKIP
    >>> rows = api.query(result.dataset, "SELECT ?s WHERE { ?s kg:envoyFor ?o }")  # doctest: +SKIP
    >>> rows = api.query(result.dataset, "negotiations")  # a query of the library  # doctest: +SKIP

Only ``build`` needs spaCy, and it imports it when called: loading a graph, querying and viewing
it start fast.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import Dataset
from rdflib.query import Result

from kg.errors import InputError, StoreError
from kg.model import BuildInfo, Document, Extraction, Problem
from kg.rdf.namespace import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.cameo import Dictionary
    from kg.outputs.stats import Stats

Progress = Callable[[int, int], None]
Phase = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced: the dataset, what went in, what was skipped and why.

    A build into a store (``store=``) keeps no dataset in memory: ``dataset`` is None and
    ``stored`` says what changed in the store.
    """

    dataset: Dataset | None
    documents: list[Document]
    extractions: list[Extraction]
    problems: list[Problem]
    seconds: float
    outputs: dict[str, Path] = field(default_factory=dict)
    stored: StoreChanges | None = None
    dictionaries: list[str] = field(default_factory=list)  # what each imported dictionary gave
    counts: Stats | None = None  # the summary's counts, when a streaming build kept no dataset


@dataclass
class StoreChanges:
    """What a build or ``remove`` changed in a store, and what the store holds after."""

    spec: str
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    documents: int = 0
    quads: int = 0


def build_info(
    meta: Mapping[str, Any], dictionaries: Sequence[str] = (), min_confidence: float = 0.0
) -> BuildInfo:
    """What builds a graph with a pipeline of this ``nlp.meta``: kg's version, the hash of the
    lexicon (with the CAMEO dictionaries merged into it), the model's name and version, and the
    confidence below which mentions are candidates only."""
    from kg import __version__
    from kg.lexicon import lexicon_hash

    model = f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()
    return BuildInfo(
        kg_version=__version__,
        lexicon_hash=lexicon_hash(tuple(dictionaries)),
        model=model,
        min_confidence=min_confidence,
    )


def min_confidence_of(value: float | None) -> float:
    """The threshold a build asserts at: ``value`` (checked to be in [0, 1]), or by default the
    one ``bench/precision_recall.py`` chose, kept in ``ontology/calibration.json``."""
    from kg.model import check_min_confidence

    if value is None:
        from kg.extract.confidence import load_calibration

        return load_calibration().min_confidence
    try:
        return check_min_confidence(value, "--min-confidence")
    except ValueError as exc:
        raise InputError(str(exc)) from None


def extract_documents(
    documents: Sequence[Document],
    *,
    model: str | None = None,
    nlp: Any = None,
    progress: Progress | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> tuple[list[Extraction], list[Problem]]:
    """Parse and extract each document; one that fails is reported, the others go on.

    ``nlp`` is a spaCy pipeline already loaded by ``kg.nlp.load_pipeline`` (typed loosely: this
    module imports spaCy only inside the functions that run it); without it ``model`` is loaded.
    ``workers > 1`` runs them in that many local processes, ``scheduler`` (a Dask scheduler's
    address) on a Dask cluster (``kg.run``); the records come back in order either way.
    """
    extractions, problems = [], []
    for outcome in _outcomes(
        documents, model=model, nlp=nlp, progress=progress, workers=workers, scheduler=scheduler
    ):
        (problems if isinstance(outcome, Problem) else extractions).append(outcome)
    return extractions, problems


def _outcomes(
    documents: Sequence[Document],
    *,
    model: str | None,
    nlp: Any,
    progress: Progress | None,
    workers: int,
    scheduler: str | None,
) -> Iterator[Extraction | Problem]:
    """The outcome of each document in order, as ``extract_documents`` describes, streaming."""
    from kg import run
    from kg.nlp import load_pipeline

    if scheduler is not None:
        yield from run.run_dask(documents, model=model, scheduler=scheduler, progress=progress)
        return
    nlp = nlp or load_pipeline(model)
    if workers > 1:
        yield from run.run_local(
            documents, model=model, nlp=nlp, workers=workers, progress=progress
        )
        return
    for done, outcome in enumerate(run.outcomes(documents, nlp), 1):
        yield outcome
        if progress:
            progress(done, len(documents))


def build(
    inputs: Sequence[str],
    *,
    out_dir: str | Path | None = None,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    stdin: IO | None = None,
    progress: Progress | None = None,
    view: bool = True,
    infer: bool = False,
    phase: Phase | None = None,
    store: str = "memory",
    workers: int = 1,
    scheduler: str | None = None,
    dictionaries: Sequence[str] = (),
    min_confidence: float | None = None,
    stream: bool = False,
) -> BuildResult:
    """Read inputs, extract facts, map them to RDF and (with ``out_dir``) write the outputs.

    Writes ``graph.trig`` (one named graph per document), ``graph.ttl`` (the merged graph) and
    ``graph.html`` (the view) into ``out_dir``, switched in as one set (``kg.store.folder``).
    Raises ``InputError`` for an unusable ``base`` or when no document is usable, and
    ``StoreError`` when another build is writing into ``out_dir``; both before any work.

    With ``infer=True`` the OWL-RL consequences are added to the dataset in their own named graph
    (``<base>graph/inferred``, see ``kg.rdf.infer``) and ``graph.trig`` holds it; ``graph.ttl`` and
    the view keep to the extracted facts. ``progress(done, total)`` is called after each document,
    ``phase(name)`` when the build moves on ("extracting", "writing graph.trig" ...).

    With ``store`` other than ``memory`` (``oxigraph:DIR``, ``sparql:URL[,URL]``) nothing is
    written to ``out_dir``: each new or edited document goes into the store in a transaction of
    its own as soon as it is extracted, and documents the store holds already are skipped
    (:mod:`kg.store.incremental`).
    ``phase(name)`` when the build moves on ("extracting", "writing graph.trig" ...). ``workers``
    and ``scheduler`` choose where parsing and extraction run (``extract_documents``).
    ``dictionaries`` are CAMEO/PETRARCH verb dictionaries merged with the built-in lexicon
    (``kg.lexicon.merge_dictionaries``: the built-in entries win on conflict). A dictionary that
    cannot be read, or has no usable pattern, raises ``InputError`` before any work; its
    malformed lines are skipped with a warning each (five, then a count) in ``problems``.
    ``min_confidence`` is the threshold (default: :func:`min_confidence_of`): a mention whose
    calibrated confidence is below it is kept as a ``kg:Candidate``, not asserted.

    ``stream=True`` (what ``kg build -o DIR`` does) writes the files document by document in
    memory that stays flat with the corpus (``kg.streaming``): the same files, but the result
    holds no extractions, the dataset only when the view or ``infer`` needed it, and the
    summary's counts in ``counts``.
    """
    from kg.rdf.mapping import check_base
    from kg.store.folder import locked
    from kg.store.registry import parse_spec

    check_base(base)
    if min_confidence is not None:  # checked now; the default is read with the model, later
        min_confidence_of(min_confidence)
    say = phase or (lambda name: None)
    spec = parse_spec(store)
    if scheduler is not None and dictionaries:
        raise InputError("--dictionary is not sent to Dask workers; build with --workers N")
    if not spec.is_files:
        if scheduler is not None:
            raise InputError(
                "a build into a store runs here (its one writer); use --workers N, not Dask"
            )
        return _build_into_store(
            inputs,
            store,
            model=model,
            base=base,
            stdin=stdin,
            progress=progress,
            say=say,
            workers=workers,
            dictionaries=tuple(dictionaries),
            min_confidence=min_confidence,
        )
    with locked(out_dir) if out_dir is not None else nullcontext() as out:
        started = time.perf_counter()
        common: dict[str, Any] = {
            "model": model,
            "base": base,
            "stdin": stdin,
            "progress": progress,
            "say": say,
            "where": {"workers": workers, "scheduler": scheduler},
            "dictionaries": tuple(dictionaries),
            "min_confidence": min_confidence,
        }
        if stream and out is not None:
            result = _build_streaming(inputs, out, view=view, infer=infer, **common)
            result.seconds = time.perf_counter() - started
            return result
        result = _build(inputs, **common)
        if out is not None:
            result.outputs = _publish(result.dataset, out, view=view, infer=infer, say=say)
        elif infer:
            from kg.rdf.infer import infer as run_infer

            say("inferring")
            run_infer(result.dataset)
        result.seconds = time.perf_counter() - started
    return result


def _read_inputs(
    inputs: Sequence[str], stdin: IO | None, say: Phase
) -> tuple[list[Document], list[Problem]]:
    """The usable documents of the inputs and the problems met; InputError if none is usable."""
    from kg.ingest import collect

    say("reading the inputs")
    documents, problems = collect(inputs, stdin=stdin)
    if not documents:
        reasons = "; ".join(p.message for p in problems[:3]) or "no input"
        raise InputError(f"no usable document ({reasons})")
    return documents, problems


def _build(
    inputs: Sequence[str],
    *,
    model: str | None,
    base: str,
    stdin: IO | None,
    progress: Progress | None,
    say: Phase,
    where: Mapping[str, Any],
    dictionaries: tuple[str, ...],
    min_confidence: float | None,
) -> BuildResult:
    """The dataset of the inputs, with what went in and what was skipped."""
    from kg.extract.confidence import corroborate
    from kg.rdf.mapping import to_rdf

    documents, problems, nlp, summaries = _prepare(inputs, model, stdin, say, dictionaries)
    extractions, failed = extract_documents(
        documents, model=model, nlp=nlp, progress=progress, **where
    )
    problems.extend(failed)
    say("building the graph")
    extractions = corroborate(extractions)
    info = build_info(nlp.meta, dictionaries, min_confidence_of(min_confidence))
    dataset = to_rdf(extractions, base=base, build=info)
    return BuildResult(dataset, documents, extractions, problems, 0.0, dictionaries=summaries)


def _prepare(
    inputs: Sequence[str],
    model: str | None,
    stdin: IO | None,
    say: Phase,
    dictionaries: tuple[str, ...],
) -> tuple[list[Document], list[Problem], Any, list[str]]:
    """The documents, the problems met so far, the loaded pipeline and what each dictionary
    gave: what every file build starts from."""
    from kg.lexicon import load_lexicon
    from kg.nlp import load_pipeline

    if dictionaries:
        say("importing the dictionaries")
    lexicon = load_lexicon(None, dictionaries)
    documents, problems = _read_inputs(inputs, stdin, say)
    problems[:0] = dictionary_problems(lexicon.imported)
    say("loading the spaCy model")
    nlp = load_pipeline(model, lexicon=lexicon)
    say("extracting")
    return documents, problems, nlp, [d.summary() for d in lexicon.imported]


def _build_streaming(
    inputs: Sequence[str],
    out: Path,
    *,
    model: str | None,
    base: str,
    stdin: IO | None,
    progress: Progress | None,
    say: Phase,
    where: Mapping[str, Any],
    dictionaries: tuple[str, ...],
    view: bool,
    infer: bool,
    min_confidence: float | None,
) -> BuildResult:
    """The files of the inputs written into ``out`` document by document (``kg.streaming``)."""
    from kg.run import frozen_heap
    from kg.store.folder import new_build
    from kg.streaming import write_build

    documents, problems, nlp, summaries = _prepare(inputs, model, stdin, say, dictionaries)
    outcomes = _outcomes(documents, model=model, nlp=nlp, progress=progress, **where)
    info = build_info(nlp.meta, dictionaries, min_confidence_of(min_confidence))
    with frozen_heap(), new_build(out) as folder:
        streamed = write_build(
            outcomes, folder, base=base, info=info, view=view, infer=infer, say=say
        )
        say("switching to the new files")
    outputs = {"trig": out / "graph.trig", "turtle": out / "graph.ttl"}
    if view:
        outputs["html"] = out / "graph.html"
    problems.extend(streamed.problems)
    result = BuildResult(streamed.dataset, documents, [], problems, 0.0, outputs=outputs)
    result.counts, result.dictionaries = streamed.counts, summaries
    return result


def dictionary_problems(imported: Sequence[Dictionary], shown: int = 5) -> list[Problem]:
    """A warning for each malformed line of the imported dictionaries (``kg.cameo.Dictionary``),
    the first ``shown`` of each file, then how many more."""
    warnings = []
    for dictionary in imported:
        lines = dictionary.problems
        warnings += [Problem(dictionary.path, line, skipped=False) for line in lines[:shown]]
        if len(lines) > shown:
            more = f"{dictionary.path}: {len(lines) - shown} more malformed lines skipped"
            warnings.append(Problem(dictionary.path, more, skipped=False))
    return warnings


def _build_into_store(
    inputs: Sequence[str],
    spec: str,
    *,
    model: str | None,
    base: str,
    stdin: IO | None,
    progress: Progress | None,
    say: Phase,
    workers: int = 1,
    dictionaries: tuple[str, ...] = (),
    min_confidence: float | None = None,
) -> BuildResult:
    """Add the new and edited documents of ``inputs`` to the store, one transaction each (this
    process is the store's one writer, whatever the number of ``workers``)."""
    from kg.extract.confidence import corroborate
    from kg.nlp import load_pipeline
    from kg.rdf.mapping import content_hash, to_rdf
    from kg.store.incremental import load_state, write_document
    from kg.store.registry import open_store

    started = time.perf_counter()
    documents, problems = _read_inputs(inputs, stdin, say)
    with open_store(spec, create=True) as target:
        changes = StoreChanges(target.spec)
        if _store_base(target, base) != base:
            raise StoreError(
                f"{target.spec}: its data is minted under {_store_base(target, base)}; "
                "build into it with that --base, or into another store"
            )
        state = load_state(target, base)
        todo = []
        for document in documents:
            stored = state.documents.get(document.id)
            if stored is not None and stored[1] == content_hash(document):
                changes.unchanged.append(document.id)
            else:
                todo.append(document)
        extractions: list[Extraction] = []
        if todo:
            from kg.lexicon import load_lexicon

            lexicon = load_lexicon(None, dictionaries)
            problems[:0] = dictionary_problems(lexicon.imported)
            say("loading the spaCy model")
            nlp = load_pipeline(model, lexicon=lexicon)
            info = build_info(nlp.meta, dictionaries, min_confidence_of(min_confidence))
            say("extracting")
            from kg import run

            outcomes = (
                run.run_local(todo, model=model, nlp=nlp, workers=workers)
                if workers > 1
                else run.outcomes(todo, nlp)
            )
            for done, extraction in enumerate(outcomes, 1):
                if isinstance(extraction, Problem):
                    problems.append(extraction)
                else:
                    # Within the document only: a document's graph never depends on the others.
                    (extraction,) = corroborate([extraction])
                    ds = to_rdf([extraction], base=base, build=info, known=state.known_iris())
                    doc_id = extraction.document.id
                    replaced = write_document(target, state, ds, doc_id)
                    (changes.replaced if replaced else changes.added).append(doc_id)
                    extractions.append(extraction)
                if progress:
                    progress(done, len(todo))
        changes.documents, changes.quads = len(state.documents), len(target)
    seconds = time.perf_counter() - started
    return BuildResult(None, documents, extractions, problems, seconds, stored=changes)


def remove(doc_ids: Sequence[str], *, store: str, base: str = DEFAULT_BASE) -> StoreChanges:
    """Retract documents from a store, each in one transaction; ids it lacks are listed in
    ``unknown`` (the others are still removed)."""
    from kg.store.incremental import load_state, remove_document
    from kg.store.registry import open_store

    with open_store(store) as target:
        changes = StoreChanges(target.spec)
        state = load_state(target, _store_base(target, base))
        for doc_id in doc_ids:
            done = remove_document(target, state, doc_id)
            (changes.removed if done else changes.unknown).append(doc_id)
        changes.documents, changes.quads = len(state.documents), len(target)
    return changes


def query_store(store: str, sparql: str, *, allow_remote: bool = False) -> Result:
    """Run a read-only query on a store, natively where the store can (Oxigraph does); the same
    checks as :func:`query`: updates refused, and SERVICE or FROM outside the store unless
    ``allow_remote``."""
    from kg.outputs.query import prepare_query, resolve_query, run_store_query
    from kg.store.registry import open_store

    parsed = prepare_query(sparql, allow_remote=allow_remote)  # fails before the store opens
    with open_store(store, read_only=True) as source:
        text = resolve_query(sparql)
        return run_store_query(source, text, parsed=parsed, allow_remote=allow_remote)


def infer_store(store: str, *, drop: bool = False) -> Any:
    """``kg infer`` on a store: the inferred graph computed over the store and written back in
    one update (``drop``: removed). Returns the InferenceResult, or the number of triples
    dropped."""
    from kg.rdf.dataset import inferred_graph_iri
    from kg.rdf.infer import infer, remove_inferred
    from kg.store.incremental import replace_graph
    from kg.store.registry import open_store

    with open_store(store) as target:
        ds = target.dataset()
        name = inferred_graph_iri(ds)
        if drop:
            dropped = remove_inferred(ds)
            replace_graph(target, name, [])
            return dropped
        result = infer(ds)
        replace_graph(target, result.graph, ds.graph(result.graph))
        return result


def _store_base(target: Any, default: str) -> str:
    """The base IRI the store's data was minted under (its entities graph's name)."""
    from kg.rdf.dataset import ENTITIES_GRAPH

    rows = target.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRENDS(STR(?g), "{ENTITIES_GRAPH}")) }} LIMIT 1'
    )
    return str(rows[0]["g"])[: -len(ENTITIES_GRAPH)] if rows else default


def open_graph(store: str = "memory", path: str | Path | None = None) -> Dataset:
    """The graph a reading command works on: the file ``path`` for the ``memory`` store, else
    the whole store as an rdflib Dataset."""
    from kg.store.registry import open_store, parse_spec

    if parse_spec(store).is_files:
        if path is None:
            raise InputError("give the graph file to read (--in FILE)")
        return load(path)
    with open_store(store) as source:
        return source.dataset()


def _publish(
    dataset: Dataset, out: Path, *, view: bool, infer: bool, say: Phase
) -> dict[str, Path]:
    """Write the build's files into a folder of their own and switch it in as the current set.

    Turtle and the view are written before ``infer`` adds its graph: they keep to the
    extracted facts, while the TriG holds the inferred graph too.
    """
    from kg.outputs.export import export
    from kg.store.files import save_dataset
    from kg.store.folder import new_build

    names = {"trig": "graph.trig", "turtle": "graph.ttl"}
    if view:
        names["html"] = "graph.html"
    with new_build(out) as folder:
        say("writing graph.ttl")
        export(dataset, "turtle", out=folder / names["turtle"])
        if view:
            from kg.outputs.view import render_html

            say("writing graph.html")
            render_html(dataset, folder / names["html"], title="kg graph")
        if infer:
            from kg.rdf.infer import infer as run_infer

            say("inferring")
            run_infer(dataset)
        say("writing graph.trig")
        save_dataset(dataset, folder / names["trig"])
        say("switching to the new files")
    return {kind: out / name for kind, name in names.items()}


def write_outputs(dataset: Dataset, out_dir: str | Path, *, view: bool = True) -> dict[str, Path]:
    """Write the TriG dataset, the merged Turtle graph and the HTML view into ``out_dir``.

    The folder is locked while it is written, and the three files replace the ones there as a
    set (``kg.store.folder``).
    """
    from kg.store.folder import locked

    with locked(out_dir) as out:
        return _publish(dataset, out, view=view, infer=False, say=lambda name: None)


def load(path: str | Path) -> Dataset:
    """Load a graph written by ``build`` (or any RDF file)."""
    from kg.store.files import load_dataset

    return load_dataset(path)


def query(dataset: Dataset, sparql: str, *, allow_remote: bool = False) -> Result:
    """Run a read-only SPARQL query with the ontology's prefixes bound.

    ``sparql`` is the query text, a ``.rq`` file or the name of a query of the library
    (``query(dataset, "negotiations")``; ``kg query --list`` lists them). The query reads
    ``dataset`` only: SERVICE, and FROM of anything but one of its graphs, raise ``AccessError``
    unless ``allow_remote=True``.
    """
    from kg.outputs.query import prepare_query, run_query

    return run_query(
        dataset, prepare_query(sparql, allow_remote=allow_remote), allow_remote=allow_remote
    )
