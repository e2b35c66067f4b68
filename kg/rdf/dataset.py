"""What a built kg dataset looks like, in code: the counterpart of ``docs/rdf-model.md``.

:mod:`kg.rdf.mapping` writes datasets of this shape and every reader (statistics, the view,
validation, reasoning, the scorers) reads them through the names here, so that the graph
layout is stated once:

* the entities graph ``<base>graph/entities`` and, after ``kg infer``, the inferred graph
  ``<base>graph/inferred``; ``<base>`` is the data base IRI (``kgd:`` unless ``--base``);
* one named graph per document (its name is the document IRI, minted by the mapping);
* the graph of the build that generated the dataset, ``<base>graph/build``;
* the ontology classes whose instances are records of the extraction (documents, sentences,
  assertions, event mentions), builds or modalities rather than entities;
* the order of the modalities from the most to the least certain, which decides how a fact
  with several mentions is shown and counted.

Readers that report what was extracted go through :func:`data_quads`, which leaves the inferred
graph out, so that running ``kg infer`` never changes what they report.

    >>> from rdflib import Dataset
    >>> data_base(Dataset())
    'https://w3id.org/kgnews/id/'
    >>> most_certain(["future", "reported"])
    'reported'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import rdflib.graph
from rdflib import RDF, Dataset, Graph, URIRef

from kg.model import MODALITIES
from kg.rdf.namespace import DEFAULT_BASE, KG

__all__ = [
    "BUILD_GRAPH",
    "ENTITIES_GRAPH",
    "INFERRED_GRAPH",
    "NON_ENTITY_CLASSES",
    "build_graph_iri",
    "data_base",
    "data_quads",
    "entities_graph_iri",
    "inferred_graph_iri",
    "is_inferred_graph",
    "most_certain",
]

ENTITIES_GRAPH = "graph/entities"
"""Name of the graph of every entity, relative to the data base IRI (``kgd:graph/entities``)."""

BUILD_GRAPH = "graph/build"
"""Name of the graph of the build that generated the data (``kgd:graph/build``)."""

INFERRED_GRAPH = "graph/inferred"
"""Name of the graph ``kg infer`` writes, relative to the data base IRI (``kgd:graph/inferred``)."""

NON_ENTITY_CLASSES = frozenset(
    {KG.Document, KG.Sentence, KG.Assertion, KG.EventMention, KG.Candidate, KG.Build, KG.Modality}
)
"""Classes whose instances are provenance records (candidates too), builds or modalities: every
other class of the ontology is a class of entities."""

#: Graphs that hold named graphs (ConjunctiveGraph is deprecated in rdflib 7 and gone in 8).
_MULTI_GRAPH_TYPES = (Dataset, getattr(rdflib.graph, "ConjunctiveGraph", Dataset))

Quad = tuple[Any, Any, Any, Any]


def entities_graph_iri(*, base: str = DEFAULT_BASE) -> URIRef:
    """The name of the entities graph of data minted under ``base``."""
    return URIRef(base + ENTITIES_GRAPH)


def build_graph_iri(*, base: str = DEFAULT_BASE) -> URIRef:
    """The name of the graph that holds the build (the prov:Activity) of data under ``base``."""
    return URIRef(base + BUILD_GRAPH)


def is_inferred_graph(name: Any) -> bool:
    """Whether a named graph is the one ``kg infer`` writes (``…/graph/inferred``)."""
    return name is not None and str(name).endswith("/" + INFERRED_GRAPH)


def data_base(ds: Graph) -> str:
    """The base IRI data was minted under: read from the entities graph's name, else ``kgd:``.

    ``kg build --base`` changes the base, and the inferred graph is named under the same one.
    """
    if isinstance(ds, _MULTI_GRAPH_TYPES):
        graphs = ds.graphs() if isinstance(ds, Dataset) else ds.contexts()
        for graph in graphs:
            name = str(graph.identifier)
            if name.endswith(ENTITIES_GRAPH):
                return name[: -len(ENTITIES_GRAPH)]
    for prefix, namespace in ds.namespaces():
        if prefix == "kgd":
            return str(namespace)
    return DEFAULT_BASE


def inferred_graph_iri(ds: Graph) -> URIRef:
    """The name of the inferred graph of this dataset: ``<base>graph/inferred``."""
    return URIRef(data_base(ds) + INFERRED_GRAPH)


def data_quads(
    ds: Graph, pattern: tuple[Any, Any, Any] = (None, None, None), *, with_inferred: bool = False
) -> Iterator[Quad]:
    """The triples of the dataset that match ``pattern``, each with the name of its graph.

    The inferred graph is left out unless ``with_inferred``: statistics, validation, the view
    and the scorers report what the articles say. A plain Graph (a merged export) has no named
    graphs: its triples come with the graph name ``None``. The pattern goes to rdflib's triple
    indexes, so asking for one predicate does not scan the whole dataset.
    """
    if isinstance(ds, _MULTI_GRAPH_TYPES):
        for s, p, o, graph in ds.quads((*pattern, None)):
            name = getattr(graph, "identifier", graph)
            if with_inferred or not is_inferred_graph(name):
                yield s, p, o, name
    else:
        for s, p, o in ds.triples(pattern):
            yield s, p, o, None


def candidates(ds: Graph) -> set[Any]:
    """The assertion and event mention nodes below their build's threshold (``kg:Candidate``):
    kept in the graph with their provenance, but not counted, drawn or scored as extracted."""
    return {s for s, _, _, _ in data_quads(ds, (None, RDF.type, KG.Candidate))}


def most_certain(modalities: Iterable[str]) -> str | None:
    """The most certain of a fact's modalities (``kg.model.MODALITIES`` order), None if none.

    Modalities the ontology does not know come after the known ones, in alphabetical order, so
    that the choice never depends on the order the mentions were read in.
    """
    rank = {name: position for position, name in enumerate(MODALITIES)}
    return min(modalities, key=lambda m: (rank.get(m, len(rank)), m), default=None)
