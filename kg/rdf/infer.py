"""RDFS/OWL-RL reasoning over a kg dataset, kept in its own named graph (``kg infer``).

The extracted graphs hold what the articles say. A reasoner adds what follows from the ontology:
every ``kg:Person`` and ``kg:Country`` is also a ``kg:Actor`` (and a ``foaf:Person``,
``prov:Agent`` ...), ``negotiatesWith`` holds in both directions, ``memberOf`` has its inverse
``hasMember``, ``heldIn`` implies ``locatedIn``. :func:`infer` runs owlrl's OWL-RL closure on a
copy of the data plus ``kg.ttl`` and writes only the new, useful triples about data nodes into
the named graph ``<base>graph/inferred``, so that

* SPARQL over the union sees them (``?x a kg:Actor`` finds every person and country);
* the extracted graphs are never changed, and dropping that one graph undoes the inference
  (:func:`remove_inferred`, ``kg infer --drop``).

Triples with a literal object (labels, evidence, offsets) are left out of the reasoning: under
kg's ontology they only re-derive the types of sentences and assertions that are already stated,
and they would make the closure slower. Axiomatic and ontology-only consequences (``owl:sameAs``
of a node with itself, ``rdf:type owl:Thing``, triples about classes) are dropped.

    >>> from kg.api import load  # doctest: +SKIP
    >>> ds = load("out/graph.trig")  # doctest: +SKIP
    >>> infer(ds).added  # doctest: +SKIP
    96
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, URIRef

from kg.rdf.dataset import data_base, data_quads, inferred_graph_iri, is_inferred_graph
from kg.rdf.guard import confined
from kg.rdf.namespace import KG_NS, load_ontology, relation_properties, shorten

__all__ = ["InferenceResult", "infer", "remove_inferred"]

#: Classes every node belongs to under OWL-RL; saying so adds nothing for a user.
_TRIVIAL_CLASSES = frozenset(
    {OWL.Thing, RDFS.Resource, OWL.Class, RDFS.Class, OWL.NamedIndividual, OWL.Nothing}
)


@dataclass(frozen=True)
class InferenceResult:
    """What :func:`infer` added: the graph's name, its size, its triples by predicate, the time."""

    graph: URIRef
    added: int
    by_predicate: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def remove_inferred(ds: Dataset) -> int:
    """Drop the inferred graph, undoing :func:`infer`; return how many triples it held."""
    removed = 0
    for graph in list(ds.graphs()):
        if is_inferred_graph(graph.identifier):
            removed += len(graph)
            ds.remove_graph(graph)
    return removed


def _aligned(ontology: Graph, hierarchy: URIRef, kind: URIRef) -> set[URIRef]:
    """The kg terms of one kind, and every term either end of the hierarchy relation."""
    terms = {
        t for pair in ontology.subject_objects(hierarchy) for t in pair if isinstance(t, URIRef)
    }
    terms.update(
        term
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(KG_NS)
    )
    return terms


def _vocabulary(ontology: Graph) -> tuple[set[URIRef], set[URIRef]]:
    """Classes and properties whose inferred use on data nodes is worth keeping.

    The kg classes and properties, and the external classes and properties they are aligned to
    with rdfs:subClassOf / rdfs:subPropertyOf (foaf:Person, prov:Agent, org:memberOf ...).
    """
    classes = _aligned(ontology, RDFS.subClassOf, OWL.Class)
    properties = _aligned(ontology, RDFS.subPropertyOf, OWL.ObjectProperty)
    return classes - _TRIVIAL_CLASSES, properties


#: Ontology triples that say nothing a reasoner uses: documentation and vocabulary mappings.
_DOCUMENTATION = frozenset({RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.seeAlso})


@lru_cache(maxsize=1)
def _reasoning_ontology() -> tuple[tuple[Any, Any, Any], ...]:
    """The axioms of ``kg.ttl`` without labels, comments, mappings, SKOS schemes and unions.

    Annotations and the PLOVER/CAMEO concepts make up most of the file and give OWL-RL nothing to
    reason with, only more triples to go through on every pass. Class expressions made of blank
    nodes (the ``owl:unionOf`` domains and ranges, the ``owl:oneOf`` of modalities) only ever
    make a node a member of an anonymous class, which :func:`infer` would not keep, and each
    node would otherwise collect one such membership per union on every pass.
    """
    ontology = load_ontology()
    annotation = set(ontology.subjects(RDF.type, OWL.AnnotationProperty)) | _DOCUMENTATION
    concepts = {
        s for cls in (SKOS.Concept, SKOS.ConceptScheme) for s in ontology.subjects(RDF.type, cls)
    }
    return tuple(
        (s, p, o)
        for s, p, o in ontology
        if p not in annotation
        and s not in concepts
        and not isinstance(o, Literal | BNode)
        and not isinstance(s, BNode)
    )


def infer(ds: Dataset) -> InferenceResult:
    """Materialise the OWL-RL consequences of the data and ``kg.ttl`` into the inferred graph.

    An inferred graph already in ``ds`` is replaced. Kept are the new triples whose subject is a
    data node (an IRI under the dataset's base) and that either give it a class of the ontology
    or one it is aligned to, or link it to another data node with a kg property or an aligned
    super-property (inverse, symmetric and super-property edges). Returns what was added.

    The reasoner sees the ontology's axioms, the rdf:type triples and the relation triples.
    Nodes that only have types (documents, sentences, assertions, entities without facts) are
    reasoned about once per distinct set of types, through a stand-in node, and the stand-in's
    consequences are copied to each of them: OWL-RL rules are local, so a node with no other
    triple cannot get a consequence that another node with the same types would not. This keeps
    the closure small whatever the number of documents.
    """
    import owlrl

    started = time.perf_counter()
    remove_inferred(ds)
    base = data_base(ds)
    classes, properties = _vocabulary(load_ontology())
    relations = set(relation_properties().values())

    types: dict[Any, set[Any]] = defaultdict(set)
    linked: set[Any] = set()
    edges = []
    for s, p, o, _ in data_quads(ds):
        if p == RDF.type:
            types[s].add(o)
        elif p in relations:
            edges.append((s, p, o))
            linked.update((s, o))

    work = Graph()
    for triple in _reasoning_ontology():
        work.add(triple)
    for triple in edges:
        work.add(triple)
    stand_ins: dict[frozenset[Any], BNode] = {}
    members: dict[BNode, list[Any]] = defaultdict(list)
    for node, classes_of_node in types.items():
        if node in linked:
            for cls in classes_of_node:
                work.add((node, RDF.type, cls))
            continue
        key = frozenset(classes_of_node)
        if key not in stand_ins:
            stand_ins[key] = BNode()
            for cls in key:
                work.add((stand_ins[key], RDF.type, cls))
        members[stand_ins[key]].append(node)
    stated = set(work)

    with confined(hint="the reasoner works on the dataset and the ontology only"):
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
        ).expand(work)

    def consequences() -> Iterator[tuple[Any, Any, Any]]:
        for s, p, o in work:
            if (s, p, o) in stated:
                continue
            if s in members:
                for node in members[s]:
                    yield node, p, o
            else:
                yield s, p, o

    target = ds.graph(inferred_graph_iri(ds))
    kinds: Counter[str] = Counter()
    for s, p, o in consequences():
        if not (isinstance(s, URIRef) and str(s).startswith(base)):
            continue
        if p == RDF.type:
            useful = o in classes
        else:
            useful = p in properties and isinstance(o, URIRef) and str(o).startswith(base)
        if useful and (s, p, o) not in target:
            target.add((s, p, o))
            kinds[shorten(p)] += 1
    return InferenceResult(
        graph=target.identifier,
        added=len(target),
        by_predicate=dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        seconds=time.perf_counter() - started,
    )
