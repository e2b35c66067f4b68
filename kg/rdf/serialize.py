"""Writing TriG and Turtle through Oxigraph's serialisers, with the project's prefixes.

rdflib's pretty Turtle/TriG serialisers work out a prefixed name for every term one at a time
and were most of a build's time (28 of 69 s on 100 documents, where Oxigraph takes under 1 s).
Quads are sorted by graph, subject and predicate so that each subject is written once with its
properties together, and Oxigraph writes them with the prefixes of ``PREFIXES``.

A whole dataset goes to Oxigraph as N-Quads (rdflib writes those in one fast pass). A streaming
build (``kg.streaming``) has no dataset: it hands its quads over as it makes them, and
:class:`SortedRuns` sorts them on disk (runs of ``RUN`` quads, sorted in memory, merged at the
end), so the files are the same bytes whatever the size of the corpus and memory stays flat.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph

from kg.rdf.namespace import PREFIXES

__all__ = ["SortedRuns", "ox_quad", "to_trig", "to_turtle", "write_trig", "write_turtle"]

RUN = 200_000  # quads sorted in memory at a time by SortedRuns (some 100 MB)


def _quads(graph: Graph) -> list:
    """The graph's quads as Oxigraph quads, rdflib's default graph as Oxigraph's (N-Triples
    are N-Quads in the default graph, so a plain Graph reads the same way). Leniently: rdflib
    keeps IRIs it was given (a URL with "[" in it) and so must the files written from them."""
    import pyoxigraph as ox

    data = graph.serialize(format="nquads" if isinstance(graph, ConjunctiveGraph) else "nt")
    default = ox.NamedNode(str(DATASET_DEFAULT_GRAPH_ID))
    quads = []
    for quad in ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True):
        if quad.graph_name == default:
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())
        quads.append(quad)
    return quads


@lru_cache(maxsize=1 << 16)  # the ontology's terms and the entities come back again and again
def _named(iri: str) -> Any:
    import pyoxigraph as ox

    try:
        return ox.NamedNode(iri)
    except ValueError:  # an IRI rdflib kept but Oxigraph checks (a URL with "[" in it)
        line = f"<{iri}> <urn:kg:p> <urn:kg:o> .\n".encode()
        return next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES, lenient=True))).subject


def _term(term: Any) -> Any:
    """An rdflib term as the Oxigraph term it is in N-Quads (the same lexical form)."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def ox_quad(s: Any, p: Any, o: Any, graph: Any) -> Any:
    """An rdflib quad (the graph named by its IRI) as an Oxigraph quad."""
    import pyoxigraph as ox

    return ox.Quad(_term(s), _term(p), _term(o), _term(graph))


def _order(quad: Any) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def _triple_order(triple: Any) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def write_trig(quads: Iterable[Any], out: IO[bytes]) -> None:
    """Quads, sorted by :func:`_order`, as TriG: one block per named graph, prefixed names."""
    import pyoxigraph as ox

    ox.serialize(quads, out, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))


def write_turtle(triples: Iterable[Any], out: IO[bytes]) -> None:
    """Distinct triples, sorted by subject, predicate, object, as Turtle with prefixed names."""
    import pyoxigraph as ox

    ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))


def to_trig(graph: Graph) -> bytes:
    """The dataset as TriG: one block per named graph, prefixed names."""
    import pyoxigraph as ox

    quads = sorted(_quads(graph), key=_order)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))


def to_turtle(graph: Graph) -> bytes:
    """Every triple of every graph, once, as Turtle with prefixed names."""
    import pyoxigraph as ox

    triples = {quad.triple for quad in _quads(graph)}
    ordered = sorted(triples, key=_triple_order)
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))


def _distinct(keyed: Iterable[tuple[tuple[str, ...], int, Any]]) -> Iterator[Any]:
    """The items of (order, number, item) in order, one for each order."""
    previous = None
    for order, _, item in keyed:
        if order != previous:
            yield item
            previous = order


class SortedRuns:
    """Quads (or, with ``triples=True``, their triples) sorted on disk: added in any order,
    taken back in :func:`to_trig`'s (or :func:`to_turtle`'s) order, each once.

    Every ``run`` items are sorted in memory and written to ``folder`` as N-Quads; ``merged``
    reads the runs back side by side (Oxigraph's parser, one item of each at a time).
    """

    def __init__(self, folder: Path, *, triples: bool = False, run: int | None = None) -> None:
        self._folder, self._triples, self._run = folder, triples, run or RUN
        self._key: Callable[[Any], tuple[str, ...]] = _triple_order if triples else _order
        self._pending: list[Any] = []
        self._files: list[Path] = []

    def add(self, quads: Iterable[Any]) -> None:
        """Add Oxigraph quads; a full run goes to disk."""
        if self._triples:
            self._pending.extend(quad.triple for quad in quads)
        else:
            self._pending.extend(quads)
        if len(self._pending) >= self._run:
            self._flush()

    def _flush(self) -> None:
        import pyoxigraph as ox

        if not self._pending:
            return
        path = self._folder / f".{'triples' if self._triples else 'quads'}-{len(self._files)}.nq"
        self._pending.sort(key=self._key)
        fmt = ox.RdfFormat.N_TRIPLES if self._triples else ox.RdfFormat.N_QUADS
        ox.serialize(self._pending, str(path), format=fmt)
        self._files.append(path)
        self._pending = []

    def merged(self) -> Iterator[Any]:
        """Every item added, in order, duplicates dropped."""
        import pyoxigraph as ox

        key = self._key
        if not self._files:  # all in one run: no need to go through the disk
            keyed = sorted(((key(item), number, item) for number, item in enumerate(self._pending)))
            self._pending = []
            yield from _distinct(keyed)
            return
        self._flush()
        fmt = ox.RdfFormat.N_TRIPLES if self._triples else ox.RdfFormat.N_QUADS
        runs = [
            (
                (key(item), number, item)
                for item in ox.parse(path=str(path), format=fmt, lenient=True)
            )
            for number, path in enumerate(self._files)
        ]
        yield from _distinct(heapq.merge(*runs))  # ties on the order go by run, never by item

    def remove(self) -> None:
        """Delete the run files."""
        for path in self._files:
            path.unlink(missing_ok=True)
