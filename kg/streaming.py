"""The file build, document by document: what ``kg build -o DIR`` runs, in memory that stays
flat with the size of the corpus.

Two things in a graph depend on every document: an entity's label and class (the commonest
label, the most specific class, and so its IRI) and a fact's confidence (raised by its other
mentions, ``kg.extract.confidence``). So the build goes over the documents twice, and the
second time reads them from disk, not from the parser:

1. Each document is parsed and extracted as it comes back (``kg.run``), its Extraction pickled
   to a spill file in the build's folder, and two compact indexes take what they need from
   it: ``kg.rdf.mapping.EntityIndex`` (labels, classes, aliases by entity key) and
   ``kg.extract.confidence.Corroboration`` (one float per fact mention).
2. The spill is read back one extraction at a time: its confidences lifted, its named graph
   made (``kg.rdf.mapping.document_quads``, entity IRIs from the merged index), counted
   (``kg.outputs.stats.Census``, for the summary) and handed to two ``SortedRuns`` (the
   TriG's quads, the Turtle's triples), which are merged into ``graph.trig`` and
   ``graph.ttl`` at the end: the same bytes as the in-memory build's.

The spill and the runs are hidden files of the build's own folder (``kg.store.folder``), so a
killed build leaves no output, only a folder the next build removes. What grows with the corpus
is strings: the entity index, the floats, the census's node sets. The view and ``--infer``
need the whole graph: with them the dataset is kept in memory as well (``keep``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset

from kg.atomic import atomic_file
from kg.extract.confidence import Corroboration
from kg.model import BuildInfo, Extraction, Problem
from kg.outputs.stats import Census, Stats
from kg.rdf.mapping import (
    EntityIndex,
    Quad,
    add_quads,
    build_quads,
    document_quads,
    entity_iris,
    entity_quads,
    new_dataset,
)
from kg.rdf.namespace import symmetric_properties
from kg.rdf.serialize import SortedRuns, ox_quad, write_trig, write_turtle

Phase = Callable[[str], None]
_TYPE = RDF.type


@dataclass
class Streamed:
    """What a streaming build wrote and counted."""

    documents: int
    counts: Stats
    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None  # only when kept for the view or inference


class _Spill:
    """Extractions pickled one after another to a file, read back in the same order."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._out = path.open("wb")
        self.count = 0

    def add(self, extraction: Extraction) -> None:
        pickle.dump(extraction, self._out, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Extraction]:
        self._out.close()
        with self._path.open("rb") as source:
            for _ in range(self.count):
                yield pickle.load(source)  # our own file, written just now

    def remove(self) -> None:
        self._out.close()
        self._path.unlink(missing_ok=True)


class _Writer:
    """Where the quads of the graph go: the TriG and Turtle runs, the census, the dataset."""

    def __init__(self, folder: Path, dataset: Dataset | None) -> None:
        self.trig = SortedRuns(folder)
        self.turtle = SortedRuns(folder, triples=True)
        self.census = Census()
        self.dataset = dataset

    def put(self, quads: list[Quad], *, data: bool = True) -> None:
        """Write one graph's quads (``data=False``: the inferred graph, not counted, and only
        in the TriG)."""
        converted = [ox_quad(*quad) for quad in quads]
        self.trig.add(converted)
        if not data:
            return
        self.turtle.add(converted)
        for s, p, o, _ in quads:  # types first: a record's other triples are never facts
            if p == _TYPE:
                self.census.add(s, p, o)
        for s, p, o, _ in quads:
            if p != _TYPE:
                self.census.add(s, p, o)
        if self.dataset is not None:
            add_quads(self.dataset, quads)

    def remove(self) -> None:
        self.trig.remove()
        self.turtle.remove()


def write_build(
    outcomes: Iterable[Extraction | Problem],
    folder: Path,
    *,
    base: str,
    info: BuildInfo,
    view: bool = False,
    infer: bool = False,
    say: Phase = lambda name: None,
) -> Streamed:
    """Extract, map and write ``graph.ttl`` and ``graph.trig`` (and ``graph.html`` with
    ``view``; the inferred graph in the TriG with ``infer``) into ``folder``, a build's own."""
    entities, mentions = EntityIndex(), Corroboration()
    spill = _Spill(folder / ".extractions.pickle")
    problems: list[Problem] = []
    keep = new_dataset(base) if view or infer else None
    writer = _Writer(folder, keep)
    try:
        for outcome in outcomes:
            if isinstance(outcome, Problem):
                problems.append(outcome)
                continue
            entities.add(outcome)
            mentions.add(outcome)
            spill.add(outcome)
        say("building the graph")
        merged = entities.merged()
        iris = entity_iris(merged, base=base)
        activity, quads = build_quads(info, base=base)
        writer.put(quads)
        writer.put(list(entity_quads(merged, iris, base=base)))
        symmetric = set(symmetric_properties())
        for extraction in spill:
            lifted = mentions.lift(extraction)
            quads = document_quads(
                lifted,
                iris,
                base=base,
                activity=activity,
                symmetric=symmetric,
                min_confidence=info.min_confidence,
            )
            writer.put(quads)
        spill.remove()
        say("writing graph.ttl")
        with atomic_file(folder / "graph.ttl") as out:
            write_turtle(writer.turtle.merged(), out)
        if view and keep is not None:
            from kg.outputs.view import render_html

            say("writing graph.html")
            render_html(keep, folder / "graph.html", title="kg graph")
        if infer and keep is not None:
            from kg.rdf.infer import infer as run_infer

            say("inferring")
            name = run_infer(keep).graph
            writer.put([(s, p, o, name) for s, p, o in keep.graph(name)], data=False)
        say("writing graph.trig")
        with atomic_file(folder / "graph.trig") as out:
            write_trig(writer.trig.merged(), out)
    finally:
        spill.remove()
        writer.remove()
    return Streamed(spill.count, writer.census.result(), problems, keep)
