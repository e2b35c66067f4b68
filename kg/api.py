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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset
from rdflib.query import Result

from kg.errors import InputError, StoreError
from kg.model import BuildInfo, Document, Extraction, Problem
from kg.rdf.namespace import DEFAULT_BASE

Progress = Callable[[int, int], None]


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
) -> BuildResult:
    """Read inputs, extract facts, map them to RDF and (with ``out_dir``) write the outputs.

    Writes ``graph.trig`` (one named graph per document), ``graph.ttl`` (the merged graph) and
    ``graph.html`` (the view) into ``out_dir``. Raises ``InputError`` when no document is usable.

    With ``infer=True`` the OWL-RL consequences are added to the dataset in their own named graph
    (``<base>graph/inferred``, see ``kg.rdf.infer``) and ``graph.trig`` holds it; ``graph.ttl`` and
    the view keep to the extracted facts.
    """
    from kg.ingest import collect
    from kg.nlp import load_pipeline
    from kg.rdf.mapping import to_rdf

    started = time.perf_counter()
    documents, problems = collect(inputs, stdin=stdin)
    if not documents:
        reasons = "; ".join(p.message for p in problems[:3]) or "no input"
        raise InputError(f"no usable document ({reasons})")
    nlp = load_pipeline(model)
    extractions, failed = extract_documents(documents, nlp=nlp, progress=progress)
    problems.extend(failed)
    from kg.extract.confidence import corroborate

    extractions = corroborate(extractions)
    dataset = to_rdf(extractions, base=base, build=build_info(nlp.meta))
    result = BuildResult(dataset, documents, extractions, problems, 0.0)
    if out_dir is not None:
        result.outputs = write_outputs(dataset, out_dir, view=view)
    if infer:
        from kg.rdf.infer import infer as run_infer
        from kg.store.files import save_dataset

        run_infer(dataset)
        if out_dir is not None:
            save_dataset(dataset, result.outputs["trig"])
    result.seconds = time.perf_counter() - started
    return result


def write_outputs(dataset: Dataset, out_dir: str | Path, *, view: bool = True) -> dict[str, Path]:
    """Write the TriG dataset, the merged Turtle graph and the HTML view into ``out_dir``."""
    from kg.outputs.export import export
    from kg.store.files import save_dataset

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{out}: cannot create the output directory: {exc.strerror or exc}"
        ) from exc
    outputs = {"trig": save_dataset(dataset, out / "graph.trig")}
    export(dataset, "turtle", out=out / "graph.ttl")
    outputs["turtle"] = out / "graph.ttl"
    if view:
        from kg.outputs.view import render_html

        render_html(dataset, out / "graph.html", title="kg graph")
        outputs["html"] = out / "graph.html"
    return outputs


def load(path: str | Path) -> Dataset:
    """Load a graph written by ``build`` (or any RDF file)."""
    from kg.store.files import load_dataset

    return load_dataset(path)


def query(dataset: Dataset, sparql: str) -> Result:
    """Run a read-only SPARQL query with the ontology's prefixes bound.

    ``sparql`` is the query text, a ``.rq`` file or the name of a query of the library
    (``query(dataset, "negotiations")``; ``kg query --list`` lists them).
    """
    from kg.outputs.query import prepare_query, run_query

    return run_query(dataset, prepare_query(sparql))
