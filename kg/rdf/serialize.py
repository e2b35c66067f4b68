"""Writing TriG and Turtle through Oxigraph's serialisers, with the project's prefixes.

rdflib's pretty Turtle/TriG serialisers work out a prefixed name for every term one at a time
and were most of a build's time (28 of 69 s on 100 documents, where Oxigraph takes under 1 s).
The dataset goes to Oxigraph as N-Quads (rdflib writes those in one fast pass), the quads are
sorted by graph, subject and predicate so that each subject is written once with its
properties together, and Oxigraph writes them with the prefixes of ``PREFIXES``.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph

from kg.rdf.namespace import PREFIXES

__all__ = ["to_trig", "to_turtle"]


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


def _order(quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def to_trig(graph: Graph) -> bytes:
    """The dataset as TriG: one block per named graph, prefixed names."""
    import pyoxigraph as ox

    quads = sorted(_quads(graph), key=_order)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))


def to_turtle(graph: Graph) -> bytes:
    """Every triple of every graph, once, as Turtle with prefixed names."""
    import pyoxigraph as ox

    triples = {quad.triple for quad in _quads(graph)}
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
