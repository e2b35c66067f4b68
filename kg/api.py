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
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import Dataset
from rdflib.query import Result

from kg.errors import InputError
from kg.model import BuildInfo, Document, Extraction, Problem
from kg.rdf.namespace import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.cameo import Dictionary

Progress = Callable[[int, int], None]
Phase = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced: the dataset, what went in, what was skipped and why."""

    dataset: Dataset
    documents: list[Document]
    extractions: list[Extraction]
    problems: list[Problem]
    seconds: float
    outputs: dict[str, Path] = field(default_factory=dict)
    dictionaries: list[str] = field(default_factory=list)  # what each imported dictionary gave


def build_info(meta: Mapping[str, Any], dictionaries: Sequence[str] = ()) -> BuildInfo:
    """What builds a graph with a pipeline of this ``nlp.meta``: kg's version, the hash of the
    lexicon (with the CAMEO dictionaries merged into it), the model's name and version."""
    from kg import __version__
    from kg.lexicon import lexicon_hash

    model = f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()
    return BuildInfo(
        kg_version=__version__, lexicon_hash=lexicon_hash(tuple(dictionaries)), model=model
    )


def extract_documents(
    documents: Sequence[Document],
    *,
    model: str | None = None,
    nlp: Any = None,
    progress: Progress | None = None,
) -> tuple[list[Extraction], list[Problem]]:
    """Parse and extract each document; one that fails is reported, the others go on.

    ``nlp`` is a spaCy pipeline already loaded by ``kg.nlp.load_pipeline`` (typed loosely: this
    module imports spaCy only inside the functions that run it); without it ``model`` is loaded.
    """
    from kg.extract import extract
    from kg.nlp import load_pipeline, parse

    nlp = nlp or load_pipeline(model)
    extractions, problems = [], []
    texts = ((document.text, document) for document in documents)
    for done, (doc, document) in enumerate(parse(texts, nlp), 1):
        try:
            extractions.append(extract(doc, document))
        except Exception as exc:  # a bug on one document must not lose the batch
            problems.append(Problem(document.source or document.id, f"extraction failed: {exc!r}"))
        if progress:
            progress(done, len(documents))
    return extractions, problems


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
    dictionaries: Sequence[str] = (),
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

    ``dictionaries`` are CAMEO/PETRARCH verb dictionaries merged with the built-in lexicon
    (``kg.lexicon.merge_dictionaries``: the built-in entries win on conflict). A dictionary that
    cannot be read, or has no usable pattern, raises ``InputError`` before any work; its
    malformed lines are skipped with a warning each (five, then a count) in ``problems``.
    """
    from kg.rdf.mapping import check_base
    from kg.store.folder import locked

    check_base(base)
    say = phase or (lambda name: None)
    with locked(out_dir) if out_dir is not None else nullcontext() as out:
        started = time.perf_counter()
        result = _build(
            inputs,
            model=model,
            base=base,
            stdin=stdin,
            progress=progress,
            say=say,
            dictionaries=tuple(dictionaries),
        )
        if out is not None:
            result.outputs = _publish(result.dataset, out, view=view, infer=infer, say=say)
        elif infer:
            from kg.rdf.infer import infer as run_infer

            say("inferring")
            run_infer(result.dataset)
        result.seconds = time.perf_counter() - started
    return result


def _build(
    inputs: Sequence[str],
    *,
    model: str | None,
    base: str,
    stdin: IO | None,
    progress: Progress | None,
    say: Phase,
    dictionaries: tuple[str, ...],
) -> BuildResult:
    """The dataset of the inputs, with what went in and what was skipped."""
    from kg.extract.confidence import corroborate
    from kg.ingest import collect
    from kg.lexicon import load_lexicon
    from kg.nlp import load_pipeline
    from kg.rdf.mapping import to_rdf

    if dictionaries:
        say("importing the dictionaries")
    lexicon = load_lexicon(None, dictionaries)
    say("reading the inputs")
    documents, problems = collect(inputs, stdin=stdin)
    if not documents:
        reasons = "; ".join(p.message for p in problems[:3]) or "no input"
        raise InputError(f"no usable document ({reasons})")
    problems[:0] = dictionary_problems(lexicon.imported)
    say("loading the spaCy model")
    nlp = load_pipeline(model, lexicon=lexicon)
    say("extracting")
    extractions, failed = extract_documents(documents, nlp=nlp, progress=progress)
    problems.extend(failed)
    say("building the graph")
    extractions = corroborate(extractions)
    dataset = to_rdf(extractions, base=base, build=build_info(nlp.meta, dictionaries))
    summaries = [d.summary() for d in lexicon.imported]
    return BuildResult(dataset, documents, extractions, problems, 0.0, dictionaries=summaries)


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
