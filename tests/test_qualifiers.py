"""Qualifiers: dates normalised against the document date, places, counts of people."""

from __future__ import annotations

import pytest
from rdflib import RDF, XSD

from kg.extract import extract
from kg.extract.qualifiers import normalise_date
from kg.model import Document
from kg.nlp import load_pipeline
from kg.rdf.mapping import entity_iri, to_rdf
from kg.rdf.namespace import KG


@pytest.mark.parametrize(
    ("phrase", "document_date", "expected"),
    [
        ("October 7, 2023", None, "2023-10-07"),
        ("late 2023", None, "2023"),
        ("2007", "2025-03-06", "2007"),
        ("mid-January", "2025-02-10", "2025-01"),
        ("Tuesday", "2025-03-06", "2025-03-04"),  # the Tuesday before a Thursday
        ("Thursday", "2025-03-06", "2025-03-06"),
        ("yesterday", "2025-03-01", "2025-02-28"),
        ("Tuesday", None, None),  # no document date: left out, not guessed
        ("decades", None, None),
    ],
)
def test_dates_are_normalised(phrase, document_date, expected):
    assert normalise_date(phrase, document_date) == expected


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_facts_carry_date_place_and_count(nlp):
    text = "Israeli forces detained 20 Palestinians in the West Bank on Tuesday."
    result = extract(nlp(text), Document("d", text, date="2025-03-06"))
    labels = {e.key: e.label for e in result.entities}
    (arrest,) = [f for f in result.facts if f.property == "arrests"]
    named = {(name, labels.get(value, value)) for name, value in arrest.qualifiers}
    assert named == {("date", "2025-03-04"), ("place", "West Bank"), ("count", "20")}


def test_qualifiers_become_typed_rdf(nlp):
    text = "U.S. and Hamas officials have commenced talks in Qatar on March 3, 2025."
    ds = to_rdf([extract(nlp(text), Document("d", text))])
    nodes = set(ds.subjects(KG.place, entity_iri("qatar", "Qatar")))
    assert {t for n in nodes for t in ds.objects(n, RDF.type)} == {KG.Assertion, KG.EventMention}
    for node in nodes:  # the fact's assertion and the event mention carry the same qualifiers
        (day,) = ds.objects(node, KG.date)
        assert day.datatype == XSD.date and str(day) == "2025-03-03"
