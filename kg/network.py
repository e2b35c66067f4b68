"""The RDF graph as a networkx graph of entities and asserted relations.

``to_networkx`` reads a graph written the way ``docs/rdf-model.md`` describes (entities with
``rdf:type kg:<Class>``, ``rdfs:label`` and ``skos:altLabel``; fact triples between entities in
per-document named graphs; assertion nodes with their evidence) and returns a
``networkx.MultiDiGraph`` that the view and the exporters draw or write:

* one node per entity IRI (``str``) with ``label``, ``cls`` (class local name), ``aliases`` and
  ``degree``;
* one edge per asserted fact (union of all named graphs, deduplicated on subject, property,
  object; one edge per unordered pair for symmetric properties), keyed by the property's local
  name, with ``property``, ``predicate``, ``label``, ``confidence``, ``modality``, ``evidence``,
  ``documents`` and ``symmetric``.

Nothing here imports spaCy; the graph is read with rdflib's triple indexes only (no full scan),
so a graph with thousands of facts converts in a fraction of a second.

>>> from rdflib import Dataset
>>> to_networkx(Dataset()).number_of_nodes()
0
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx
import rdflib.graph
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import OntologyError
from kg.namespace import KG, property_label, relation_properties, symmetric_properties

__all__ = ["to_networkx"]

KG_NS = str(KG)
# Graphs holding named graphs (ConjunctiveGraph is deprecated in rdflib 7, gone in 8).
_MULTI_GRAPH_TYPES = (Dataset, getattr(rdflib.graph, "ConjunctiveGraph", Dataset))

#: Classes of the ontology whose instances are provenance records, not entities.
NON_ENTITY_CLASSES = frozenset({"Document", "Sentence", "Assertion", "Modality"})
#: Object properties of the ontology that never link two entities as a fact.
NON_RELATION_PROPERTIES = frozenset({"modality", "place"})
#: When a fact has several mentions, its modality is the first of these that occurs.
MODALITY_ORDER = ("asserted", "reported", "future", "hypothetical", "negated")


def _local(term: object) -> str:
    """Local name of an IRI: after the kg namespace, else after the last ``#`` or ``/``."""
    text = str(term)
    if text.startswith(KG_NS):
        return text[len(KG_NS) :]
    return re.split(r"[#/]", text.rstrip("/#"))[-1] or text


def _quads(graph: Graph, s=None, p=None, o=None) -> Iterator[tuple[Any, Any, Any, Any]]:
    """Matching triples of every graph of a Dataset (or of a plain Graph), with their graph."""
    if isinstance(graph, _MULTI_GRAPH_TYPES):
        for s_, p_, o_, c in graph.quads((s, p, o, None)):
            yield s_, p_, o_, getattr(c, "identifier", c)
    else:
        for s_, p_, o_ in graph.triples((s, p, o)):
            yield s_, p_, o_, graph.identifier


def _float(term: object) -> float | None:
    if isinstance(term, Literal):
        try:
            return float(term.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _text(term: object) -> str | None:
    return str(term) if isinstance(term, Literal) else None


def _pick_class(classes: list[str]) -> str:
    """One class per entity: the model writes exactly one; after inference prefer the most
    specific-looking (not a generic top class), then the alphabetically first."""
    generic = {"Agent", "Entity", "Thing", "Actor"}
    specific = sorted(c for c in set(classes) if c not in generic)
    return specific[0] if specific else sorted(set(classes))[0]


def _entities(graph: Graph) -> dict[str, dict[str, Any]]:
    classes: dict[str, list[str]] = defaultdict(list)
    for s, _, o, _ in _quads(graph, None, RDF.type, None):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and str(o).startswith(KG_NS):
            name = str(o)[len(KG_NS) :]
            if name not in NON_ENTITY_CLASSES:
                classes[str(s)].append(name)
    return {iri: {"cls": _pick_class(found)} for iri, found in classes.items()}


def _names(graph: Graph, nodes: dict[str, dict[str, Any]]) -> None:
    """Fill ``label`` (one rdfs:label, else the IRI's local name) and ``aliases``."""
    labels: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    for target, predicate in ((labels, RDFS.label), (aliases, SKOS.altLabel)):
        for s, _, o, _ in _quads(graph, None, predicate, None):
            key = str(s)
            if key in nodes and isinstance(o, Literal):
                target[key].add(str(o))
    for iri, attrs in nodes.items():
        found = sorted(labels.get(iri, ()))
        label = found[0] if found else _local(iri)
        attrs["label"] = label
        # A second rdfs:label (the model forbids it, merged data may have it) is still a name.
        attrs["aliases"] = sorted((aliases.get(iri, set()) | set(found[1:])) - {label})


def _documents(graph: Graph) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Sentence -> document, document -> identifier, document -> title."""
    part_of = {str(s): str(o) for s, _, o, _ in _quads(graph, None, DCTERMS.isPartOf, None)}
    identifier = {
        str(s): str(o)
        for s, _, o, _ in _quads(graph, None, DCTERMS.identifier, None)
        if isinstance(o, Literal)
    }
    title = {
        str(s): str(o)
        for s, _, o, _ in _quads(graph, None, DCTERMS.title, None)
        if isinstance(o, Literal)
    }
    return part_of, identifier, title


def _assertions(graph: Graph) -> dict[str, dict[str, Any]]:
    """Every assertion node with its subject, predicate, object and evidence fields."""
    records: dict[str, dict[str, Any]] = defaultdict(dict)
    fields = (
        ("s", RDF.subject),
        ("p", RDF.predicate),
        ("o", RDF.object),
        ("sentence", PROV.wasDerivedFrom),
        ("text", KG.evidence),
        ("confidence", KG.confidence),
        ("modality", KG.modality),
    )
    for field, predicate in fields:
        for a, _, value, context in _quads(graph, None, predicate, None):
            record = records[str(a)]
            record[field] = value
            record.setdefault("graph", context)
    return {a: r for a, r in records.items() if "s" in r and "p" in r and "o" in r}


def _edge_key(s: str, p: str, o: str, symmetric: set[str]) -> tuple[str, str, str]:
    if p in symmetric and o < s:
        return o, p, s
    return s, p, o


def _property_label(iri: str) -> str:
    """The ontology's label of a property; for one it does not declare, its local name spelt
    out ("holdsTalksWith" -> "holds talks with")."""
    name = _local(iri)
    if iri.startswith(KG_NS):
        try:
            return property_label(name)
        except OntologyError:
            pass
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def _strongest(modalities: list[str]) -> str | None:
    for modality in MODALITY_ORDER:
        if modality in modalities:
            return modality
    return sorted(modalities)[0] if modalities else None


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities and the asserted relations between them, with their evidence.

    Parameters
    ----------
    graph : rdflib.Dataset or rdflib.Graph
        A kg graph. For a Dataset the union of all named graphs is read.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs; each edge is one asserted ``(subject, property, object)`` fact,
        keyed by the property's local name. A symmetric property gives one edge per unordered
        pair, drawn from the smaller IRI to the larger. ``confidence`` is the highest confidence
        of the fact's non-negated mentions and ``modality`` the most certain of their modalities
        (asserted, reported, future, hypothetical); both are ``None`` for a fact without an
        assertion node. ``evidence`` lists the mentions (dicts with ``text``, ``document``,
        ``title``, ``confidence``, ``modality``, ``sentence``, ``assertion``), negated mentions
        of an otherwise asserted fact included.
    """
    relations = {str(p) for p in relation_properties().values()}
    symmetric = {str(p) for p in symmetric_properties().values()}

    nodes = _entities(graph)
    assertions = _assertions(graph)
    part_of, identifiers, titles = _documents(graph)

    candidates = set(relations)
    candidates.update(str(r["p"]) for r in assertions.values() if str(r["p"]).startswith(KG_NS))
    candidates = {p for p in candidates if _local(p) not in NON_RELATION_PROPERTIES}

    # Fact triples: one look-up per relation property, on rdflib's predicate index.
    facts: dict[tuple[str, str, str], set[str]] = {}
    for p in sorted(candidates):
        known = p in relations
        for s, _, o, context in _quads(graph, None, URIRef(p), None):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            s, o = str(s), str(o)
            if not known and (s not in nodes or o not in nodes):
                continue  # an unknown kg: property that does not link two entities
            docs = facts.setdefault(_edge_key(s, p, o, symmetric), set())
            if context is not None and str(context) in identifiers:
                docs.add(identifiers[str(context)])
            for node in (s, o):
                if node not in nodes:
                    nodes[node] = {"cls": "Thing"}
    _names(graph, nodes)

    evidence: dict[tuple[str, str, str], dict[tuple, dict[str, Any]]] = defaultdict(dict)
    for iri, record in assertions.items():
        key = _edge_key(str(record["s"]), str(record["p"]), str(record["o"]), symmetric)
        if key not in facts:
            continue
        sentence = str(record["sentence"]) if "sentence" in record else None
        document = part_of.get(sentence) if sentence else None
        if document is not None:
            document_id = identifiers.get(document, _local(document))
        else:  # no sentence link: the named graph is the document, if it says so
            document = str(record.get("graph"))
            document_id = identifiers.get(document)
        item = {
            "text": _text(record.get("text")),
            "document": document_id,
            "title": titles.get(document) if document else None,
            "confidence": _float(record.get("confidence")),
            "modality": _local(record["modality"]) if "modality" in record else None,
            "sentence": sentence,
            "assertion": iri,
        }
        # A symmetric fact stated both ways in one sentence is one piece of evidence.
        mention = (item["document"], sentence, item["text"], item["modality"])
        seen = evidence[key].get(mention)
        if seen is None or (item["confidence"] or 0.0) > (seen["confidence"] or 0.0):
            evidence[key][mention] = item

    g = nx.MultiDiGraph()
    for iri in sorted(nodes):
        attrs = nodes[iri]
        g.add_node(iri, label=attrs["label"], cls=attrs["cls"], aliases=attrs["aliases"])

    labels: dict[str, str] = {}
    for key in sorted(facts):
        s, p, o = key
        items = sorted(
            evidence.get(key, {}).values(),
            key=lambda e: (
                e["document"] or "",
                -(e["confidence"] or 0.0),
                e["text"] or "",
                e["assertion"],
            ),
        )
        positive = [e for e in items if e["modality"] != "negated"] or items
        confidences = [e["confidence"] for e in positive if e["confidence"] is not None]
        documents = set(facts[key]) | {e["document"] for e in positive if e["document"]}
        if p not in labels:
            labels[p] = _property_label(p)
        g.add_edge(
            s,
            o,
            key=_local(p),
            property=_local(p),
            predicate=p,
            label=labels[p],
            confidence=max(confidences) if confidences else None,
            modality=_strongest([e["modality"] for e in positive if e["modality"]]),
            evidence=items,
            documents=sorted(documents),
            symmetric=p in symmetric,
        )

    for node, degree in g.degree():
        g.nodes[node]["degree"] = degree
    return g
