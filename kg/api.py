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
from typing import IO, Any

from rdflib import Dataset
from rdflib.query import Result

from kg.errors import InputError
from kg.model import BuildInfo, Document, Extraction, Problem
from kg.rdf.namespace import DEFAULT_BASE

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


def build_info(meta: Mapping[str, Any]) -> BuildInfo:
    """What builds a graph with a pipeline of this ``nlp.meta``: kg's version, the lexicon's
    hash, the model's name and version."""
    from kg import __version__
    from kg.lexicon import lexicon_hash

    model = f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()
    return BuildInfo(kg_version=__version__, lexicon_hash=lexicon_hash(), model=model)


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
    from kg import run
    from kg.nlp import load_pipeline

    if scheduler is not None:
        outcomes = run.run_dask(documents, model=model, scheduler=scheduler, progress=progress)
    else:
        nlp = nlp or load_pipeline(model)
        if workers > 1:
            outcomes = run.run_local(
                documents, model=model, nlp=nlp, workers=workers, progress=progress
            )
        else:
            outcomes = run.outcomes(documents, nlp)
    extractions, problems = [], []
    for done, outcome in enumerate(outcomes, 1):
        (problems if isinstance(outcome, Problem) else extractions).append(outcome)
        if progress and workers == 1 and scheduler is None:
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
    workers: int = 1,
    scheduler: str | None = None,
) -> BuildResult:
    """Read inputs, extract facts, map them to RDF and (with ``out_dir``) write the outputs.

    Writes ``graph.trig`` (one named graph per document), ``graph.ttl`` (the merged graph) and
    ``graph.html`` (the view) into ``out_dir``, switched in as one set (``kg.store.folder``).
    Raises ``InputError`` for an unusable ``base`` or when no document is usable, and
    ``StoreError`` when another build is writing into ``out_dir``; both before any work.

    With ``infer=True`` the OWL-RL consequences are added to the dataset in their own named graph
    (``<base>graph/inferred``, see ``kg.rdf.infer``) and ``graph.trig`` holds it; ``graph.ttl`` and
    the view keep to the extracted facts. ``progress(done, total)`` is called after each document,
    ``phase(name)`` when the build moves on ("extracting", "writing graph.trig" ...). ``workers``
    and ``scheduler`` choose where parsing and extraction run (``extract_documents``).
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
            where={"workers": workers, "scheduler": scheduler},
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
    where: Mapping[str, Any],
) -> BuildResult:
    """The dataset of the inputs, with what went in and what was skipped."""
    from kg.extract.confidence import corroborate
    from kg.ingest import collect
    from kg.nlp import load_pipeline
    from kg.rdf.mapping import to_rdf

    say("reading the inputs")
    documents, problems = collect(inputs, stdin=stdin)
    if not documents:
        reasons = "; ".join(p.message for p in problems[:3]) or "no input"
        raise InputError(f"no usable document ({reasons})")
    say("loading the spaCy model")
    nlp = load_pipeline(model)
    say("extracting")
    extractions, failed = extract_documents(
        documents, model=model, nlp=nlp, progress=progress, **where
    )
    problems.extend(failed)
    say("building the graph")
    extractions = corroborate(extractions)
    dataset = to_rdf(extractions, base=base, build=build_info(nlp.meta))
    return BuildResult(dataset, documents, extractions, problems, 0.0)


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
