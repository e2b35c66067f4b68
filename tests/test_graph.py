"""The RDF mapping: deterministic, valid IRIs; negated facts never asserted; typed literals."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Literal
from rdflib.compare import isomorphic
from rdflib.term import _is_valid_uri

from kg.model import Document, Entity, Extraction, Fact, Sentence
from kg.rdf.mapping import date_literal, document_iri, entity_iri, merge_entities, slug, to_rdf
from kg.rdf.namespace import KG

TEXT = "Qatar mediated. Iran has not attacked Israel."


def extraction(doc_id: str = "a", *, hamas_cls: str = "ArmedGroup") -> Extraction:
    entities = (
        Entity("qatar", "Qatar", "Country"),
        Entity("israel", "Israel", "Country", frozenset({"Israeli"})),
        Entity("iran", "Iran", "Country"),
        Entity("hamas", "Hamas", hamas_cls),
    )
    facts = (
        Fact(
            "qatar",
            "mediates",
            "hamas",
            sentence=0,
            start=0,
            end=14,
            evidence="Qatar mediated",
            rule="verb.v1:mediate/obj",
            confidence=0.8,
        ),
        Fact(
            "iran",
            "attacks",
            "israel",
            sentence=1,
            start=16,
            end=45,
            evidence=TEXT[16:45],
            rule="verb.v1:attack/obj",
            confidence=0.8,
            modality="negated",
        ),
    )
    sentences = (Sentence(0, 0, 15, "Qatar mediated."), Sentence(1, 16, 45, TEXT[16:45]))
    document = Document(doc_id, TEXT, title="T", date="2025-03-05", url="https://example.org/a")
    return Extraction(document, sentences, entities, facts)


@given(st.text(max_size=60))
def test_entity_iris_are_valid_and_stable(label):
    iri = entity_iri(label.casefold(), label)
    assert _is_valid_uri(iri)
    assert iri == entity_iri(label.casefold(), label)
    assert slug(label)  # never empty


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_different_keys_never_collide(a, b):
    if a != b:
        assert entity_iri(a, a) != entity_iri(b, b)
        assert document_iri(a) != document_iri(b)


def test_building_twice_gives_isomorphic_graphs():
    first, second = to_rdf([extraction()]), to_rdf([extraction()])
    for graph in first.graphs():
        assert isomorphic(graph, second.graph(graph.identifier))
    assert len(first) == len(second)


def test_negated_facts_are_recorded_but_not_asserted():
    ds = to_rdf([extraction()])
    iran, israel = entity_iri("iran", "Iran"), entity_iri("israel", "Israel")
    assert (iran, KG.attacks, israel) not in ds
    (node,) = ds.subjects(RDF.subject, iran)
    assert (node, KG.modality, KG.negated) in ds
    assert (entity_iri("qatar", "Qatar"), KG.mediates, entity_iri("hamas", "Hamas")) in ds


def test_literals_are_typed():
    ds = to_rdf([extraction()])
    confidences = set(ds.objects(None, KG.confidence))
    assert confidences == {Literal(Decimal("0.8"))}
    assert all(c.datatype == XSD.decimal for c in confidences)
    assert date_literal("2023").datatype == XSD.gYear
    assert date_literal("2023-10").datatype == XSD.gYearMonth
    assert date_literal("2023-10-07").datatype == XSD.date
    assert date_literal("2023-10-07T09:00:00").datatype == XSD.dateTime


def test_entities_merge_across_documents_with_one_label_and_type():
    merged = merge_entities([extraction("a", hamas_cls="Organization"), extraction("b")])
    assert merged["hamas"].cls == "ArmedGroup"  # the more specific class wins
    ds = to_rdf([extraction("a", hamas_cls="Organization"), extraction("b")])
    hamas = entity_iri("hamas", "Hamas")
    assert len(set(ds.objects(hamas, RDFS.label))) == 1
    assert set(ds.objects(hamas, RDF.type)) == {KG.ArmedGroup}


def test_one_named_graph_per_document():
    ds = to_rdf([extraction("a"), extraction("b")])
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert document_iri("a") in names and document_iri("b") in names
