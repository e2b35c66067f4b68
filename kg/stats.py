"""How big a kg dataset is, by kind of node and by relation (``kg stats``).

Counts are read from the triple indexes (no SPARQL, no ontology load), across every graph of
the dataset. Classes, properties and modalities are named by their kg local names (``Person``,
``envoyFor``, ``negated``), the names gold sets and queries use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Graph, URIRef
from rdflib.graph import ConjunctiveGraph

from kg.namespace import KG, PREFIXES
from kg.query import shorten

__all__ = ["Stats", "format_stats", "stats"]

#: kg classes whose instances are provenance records or modalities, not entities.
_RECORD_CLASSES = frozenset({KG.Document, KG.Sentence, KG.Assertion, KG.Modality})


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


def _triples(ds: Graph, pattern: tuple[Any, Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """Matching triples from every graph of a Dataset, or from a plain Graph."""
    if isinstance(ds, ConjunctiveGraph):
        for s, p, o, _ in ds.quads((*pattern, None)):
            yield s, p, o
    else:
        yield from ds.triples(pattern)


def _name(term: Any) -> str:
    text = str(term)
    kg = PREFIXES["kg"]
    return text[len(kg) :] if isinstance(term, URIRef) and text.startswith(kg) else shorten(term)


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def stats(ds: Graph) -> Stats:
    """Count documents, sentences, entities, asserted relations and assertion nodes.

    A relation is a fact triple that is asserted in some graph and described by at least one
    assertion node: that is how the graph stage writes facts, and it keeps metadata triples
    (``kg:sentenceIndex``, ``kg:modality`` ...) from being mistaken for relations without
    loading the ontology. A fact found in several documents counts once.
    """
    typed: dict[Any, set[Any]] = {}
    for s, _, o in _triples(ds, (None, RDF.type, None)):
        typed.setdefault(o, set()).add(s)
    documents = typed.get(KG.Document, set())
    sentences = typed.get(KG.Sentence, set())
    assertions = typed.get(KG.Assertion, set())

    by_class: Counter[str] = Counter()
    entities: set[Any] = set()
    for cls, members in typed.items():
        is_kg = isinstance(cls, URIRef) and str(cls).startswith(str(KG))
        if is_kg and cls not in _RECORD_CLASSES:
            by_class[_name(cls)] += len(members)
            entities |= members

    parts: dict[Any, dict[str, Any]] = {}
    for key, predicate in (("s", RDF.subject), ("p", RDF.predicate), ("o", RDF.object)):
        for a, _, value in _triples(ds, (None, predicate, None)):
            if a in assertions:
                parts.setdefault(a, {})[key] = value
    stated = {(r["s"], r["p"], r["o"]) for r in parts.values() if len(r) == 3}
    asserted = {fact for fact in stated if next(_triples(ds, fact), None) is not None}
    by_property = Counter(_name(p) for _, p, _ in asserted)

    by_modality: Counter[str] = Counter()
    with_modality: set[Any] = set()
    for a, _, modality in _triples(ds, (None, KG.modality, None)):
        if a in assertions and a not in with_modality:
            with_modality.add(a)
            by_modality[_name(modality)] += 1
    if len(with_modality) < len(assertions):
        by_modality["unspecified"] += len(assertions) - len(with_modality)

    return Stats(
        documents=len(documents),
        sentences=len(sentences),
        entities=len(entities),
        entities_by_class=_ranked(by_class),
        relations=len(asserted),
        relations_by_property=_ranked(by_property),
        assertions=len(assertions),
        assertions_by_modality=_ranked(by_modality),
    )


def format_stats(result: Stats) -> str:
    """The counts as an aligned plain-text listing for the terminal, ending with a newline."""
    rows: list[tuple[str, int]] = [
        ("documents", result.documents),
        ("sentences", result.sentences),
        ("entities", result.entities),
        *((f"  {name}", n) for name, n in result.entities_by_class.items()),
        ("relations", result.relations),
        *((f"  {name}", n) for name, n in result.relations_by_property.items()),
        ("assertions", result.assertions),
        *((f"  {name}", n) for name, n in result.assertions_by_modality.items()),
    ]
    label_width = max(len(label) for label, _ in rows)
    number_width = max(len(str(n)) for _, n in rows)
    return "".join(f"{label.ljust(label_width)}  {n:>{number_width}}\n" for label, n in rows)
