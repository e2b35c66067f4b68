"""How big a kg dataset is, by kind of node, relation and event type, and how well it fits the
ontology.

Counts are read from the triple indexes (no SPARQL), across every graph of the dataset but the
one ``kg infer`` writes (inferred triples are not extracted data). Classes, properties and
modalities are named by their kg local names (``Person``, ``envoyFor``, ``negated``), the names
gold sets and queries use; event mentions by their PLOVER type (``AGREE``). An event mention is
*one-sided* when it names no source or no target actor ("unions threatened a nationwide
stoppage", "40 marchers were held").

The ontology conformance rate is the share of relations whose subject and object have a class
that fits the property's ``rdfs:domain`` and ``rdfs:range`` in ``kg.ttl`` (a subclass fits:
a ``Country`` is an ``Actor``). ``kg validate`` checks the same and much more with SHACL; the
rate is the quick figure to watch while changing the extractor.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef

from kg.rdf.dataset import NON_ENTITY_CLASSES, data_quads, most_certain
from kg.rdf.namespace import KG, KG_NS, load_ontology, local_name, property_signatures

__all__ = ["Census", "Stats", "format_stats", "stats"]


@dataclass(frozen=True)
class Stats:
    """Counts of one dataset. Dicts run from the most to the least frequent key."""

    documents: int = 0
    sentences: int = 0
    entities: int = 0  # distinct entity nodes (one may, unusually, have two classes)
    entities_by_class: dict[str, int] = field(default_factory=dict)
    relations: int = 0  # distinct asserted (subject, property, object) across all graphs
    relations_by_property: dict[str, int] = field(default_factory=dict)
    assertions: int = 0  # assertion nodes: one per mention, negated ones included
    assertions_by_modality: dict[str, int] = field(default_factory=dict)
    candidates: int = 0  # assertion and event nodes below the build's threshold (kg:Candidate)
    facts: int = 0  # distinct statements with an asserted node, negated-only ones included
    facts_by_modality: dict[str, int] = field(default_factory=dict)  # most certain mention
    conforming: int = 0  # relations whose subject and object fit the domain and range
    events: int = 0  # event mention nodes that are not candidates
    events_by_type: dict[str, int] = field(default_factory=dict)  # PLOVER type
    events_by_modality: dict[str, int] = field(default_factory=dict)
    one_sided: int = 0  # event mentions without a source or without a target

    @property
    def conformance(self) -> float | None:
        """Share of relations that fit their property's domain and range; None without any."""
        return self.conforming / self.relations if self.relations else None


def _superclasses() -> dict[str, set[str]]:
    """Each kg class's local name -> itself and every kg class above it (rdfs:subClassOf*)."""
    ontology = load_ontology()
    parents: dict[str, set[str]] = {}
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if str(s).startswith(KG_NS) and str(o).startswith(KG_NS):
            parents.setdefault(local_name(s), set()).add(local_name(o))
    closure: dict[str, set[str]] = {}
    for cls in {*parents, *(c for cs in parents.values() for c in cs)}:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[cls] = seen
    return closure


def _conforming(facts: set[tuple[Any, Any, Any]], classes: dict[Any, set[str]]) -> int:
    """How many facts have a subject in the property's domain and an object in its range."""
    signatures = property_signatures()
    supers = _superclasses()

    def fits(node: Any, allowed: list[str]) -> bool:
        return any(set(allowed) & supers.get(cls, {cls}) for cls in classes.get(node, ()))

    count = 0
    for s, p, o in facts:
        signature = signatures.get(local_name(p))
        if signature and fits(s, signature["domain"]) and fits(o, signature["range"]):
            count += 1
    return count


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


_TYPE = RDF.type
_PARTS = {RDF.subject: "s", RDF.predicate: "p", RDF.object: "o"}
_FIRSTS = (KG.modality, KG.eventType)
_ROLES = (KG.hasSource, KG.hasTarget)


class Census:
    """The counts of :func:`stats` taken from triples one at a time, keeping only what they
    need (the typed nodes, each assertion's parts, the first modality and event type of each
    node, the triples that may be facts), so that a streaming build counts without a dataset.

    A triple whose subject is a record (a document, sentence, assertion ...) is never a fact:
    feed a graph's ``rdf:type`` triples before its others, as the mapping writes them.
    """

    def __init__(self) -> None:
        self.typed: dict[Any, set[Any]] = {}
        self.parts: dict[Any, dict[str, Any]] = {}
        self.firsts: dict[Any, dict[Any, str]] = {p: {} for p in _FIRSTS}
        self.roles: dict[Any, set[Any]] = {p: set() for p in _ROLES}
        self.triples: set[tuple[Any, Any, Any]] = set()  # with an IRI object: maybe facts

    def add(self, s: Any, p: Any, o: Any) -> None:
        """Count one triple of the data (the inferred graph is not data: leave it out)."""
        if p == _TYPE:
            self.typed.setdefault(o, set()).add(s)
            return
        part = _PARTS.get(p)
        if part is not None:
            self.parts.setdefault(s, {})[part] = o
        elif p in self.firsts:
            self.firsts[p].setdefault(s, local_name(o))
        if p in self.roles:
            self.roles[p].add(s)
        if isinstance(o, URIRef) and not self._is_record(s):
            self.triples.add((s, p, o))

    def _is_record(self, node: Any) -> bool:
        return any(node in self.typed.get(cls, ()) for cls in NON_ENTITY_CLASSES)

    def result(self) -> Stats:
        """The counts of everything added."""
        typed = self.typed
        documents = typed.get(KG.Document, set())
        sentences = typed.get(KG.Sentence, set())
        assertions = typed.get(KG.Assertion, set())
        candidates = typed.get(KG.Candidate, set())
        events = typed.get(KG.EventMention, set()) - candidates

        by_class: Counter[str] = Counter()
        entities: set[Any] = set()
        for cls, members in typed.items():
            is_kg = isinstance(cls, URIRef) and str(cls).startswith(KG_NS)
            if is_kg and cls not in NON_ENTITY_CLASSES:
                by_class[local_name(cls)] += len(members)
                entities |= members

        parts = {a: r for a, r in self.parts.items() if a in assertions and len(r) == 3}
        stated = {(r["s"], r["p"], r["o"]) for r in parts.values()}
        asserted = stated & self.triples
        by_property = Counter(local_name(p) for _, p, _ in asserted)

        modality_of = {a: m for a, m in self.firsts[KG.modality].items() if a in assertions}
        by_modality = Counter(modality_of.values())
        if len(modality_of) < len(assertions):
            by_modality["unspecified"] += len(assertions) - len(modality_of)

        mentions: dict[tuple[Any, Any, Any], list[str]] = defaultdict(list)
        for a, r in parts.items():
            if a in candidates:
                continue
            mentions[(r["s"], r["p"], r["o"])].append(modality_of.get(a, "unspecified"))
        strongest = {fact: most_certain(modalities) for fact, modalities in mentions.items()}
        entity_classes: dict[Any, set[str]] = defaultdict(set)
        for cls, members in typed.items():
            for node in members & entities:
                entity_classes[node].add(local_name(cls))

        def counted(predicate: URIRef) -> Counter[str]:
            """How many event mentions have each value of ``predicate`` (the first one)."""
            first = {e: v for e, v in self.firsts[predicate].items() if e in events}
            found = Counter(first.values())
            if len(first) < len(events):
                found["unspecified"] += len(events) - len(first)
            return found

        two_sided = self.roles[KG.hasSource] & self.roles[KG.hasTarget] & events
        return Stats(
            documents=len(documents),
            sentences=len(sentences),
            entities=len(entities),
            entities_by_class=_ranked(by_class),
            relations=len(asserted),
            relations_by_property=_ranked(by_property),
            assertions=len(assertions),
            assertions_by_modality=_ranked(by_modality),
            candidates=len(candidates),
            facts=len(strongest),
            facts_by_modality=_ranked(Counter(strongest.values())),
            conforming=_conforming(asserted, entity_classes) if asserted else 0,
            events=len(events),
            events_by_type=_ranked(counted(KG.eventType)),
            events_by_modality=_ranked(counted(KG.modality)),
            one_sided=len(events - two_sided),
        )


def stats(ds: Graph) -> Stats:
    """Count documents, sentences, entities, asserted relations and assertion nodes.

    A relation is a fact triple that is asserted in some graph and described by at least one
    assertion node: that is how the graph stage writes facts, and it keeps metadata triples
    (``kg:sentenceIndex``, ``kg:modality`` ...) from being mistaken for relations without
    loading the ontology. A fact found in several documents counts once. Candidates (below the
    build's threshold) are counted apart: as assertion nodes and candidates, not as facts or
    events.
    """
    census = Census()
    for s, p, o, _ in data_quads(ds, (None, RDF.type, None)):
        census.add(s, p, o)
    for s, p, o, _ in data_quads(ds):
        if p != RDF.type:
            census.add(s, p, o)
    return census.result()


def format_stats(result: Stats) -> str:
    """The counts as an aligned plain-text listing for the terminal, ending with a newline."""
    sections: list[tuple[str, int, dict[str, int]]] = [
        ("documents", result.documents, {}),
        ("sentences", result.sentences, {}),
        ("entities", result.entities, result.entities_by_class),
        ("relations", result.relations, result.relations_by_property),
        ("assertions", result.assertions, result.assertions_by_modality),
        *([("candidates", result.candidates, {})] if result.candidates else []),
        ("facts", result.facts, result.facts_by_modality),
        ("events", result.events, result.events_by_type),
    ]
    if result.events:
        sections += [
            ("event modalities", result.events, result.events_by_modality),
            ("one-sided events", result.one_sided, {}),
        ]
    rows = [
        row
        for label, total, parts in sections
        for row in [(label, total), *((f"  {name}", n) for name, n in parts.items())]
    ]
    label_width = max(len(label) for label, _ in [*rows, ("conformance", 0)])
    number_width = max(len(str(n)) for _, n in rows)
    lines = [f"{label.ljust(label_width)}  {n:>{number_width}}\n" for label, n in rows]
    rate = result.conformance
    figure = "n/a" if rate is None else f"{rate:.3f}"
    lines.append(
        f"{'conformance'.ljust(label_width)}  {figure}  ({result.conforming}/{result.relations} "
        "relations fit their property's domain and range)\n"
    )
    return "".join(lines)
