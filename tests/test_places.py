"""A capital as a place is the city; as an actor it stands for its country (``capitals.tsv``).

Real spaCy model, sentences written for these tests (none is from a round or a judged article).
"""

from __future__ import annotations

import pytest
from test_extract import triples

from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.model import Document
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def places(nlp, text: str) -> set[tuple[str, str]]:
    """(event type, place label) of every event mention of ``text`` with a place."""
    result = extract(nlp(text), Document("t", text))
    labels = {e.key: (e.label, e.cls) for e in result.entities}
    return {
        (e.type, *labels[value])
        for e in result.events
        for name, value in e.qualifiers
        if name == "place"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iranian and Omani officials held talks in Muscat on Sunday.", ("CONSULT", "Muscat")),
        ("Police detained 30 students in Ankara on Friday.", ("COERCE", "Ankara")),
        ("Lithuanian and Polish ministers met in Vilnius last week.", ("CONSULT", "Vilnius")),
    ],
)
def test_a_capital_where_an_event_happens_is_the_city(nlp, text, expected):
    found = places(nlp, text)
    assert (*expected, "Place") in found
    assert not any(cls == "Country" for _, _, cls in found)  # not Oman, Turkey, Lithuania


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Spotify, which is headquartered in Stockholm, cut 200 jobs.",
            ("Spotify", "basedIn", "Stockholm"),
        ),
        (
            "Kofi Mensah, a nurse from Accra, was among the injured.",
            ("Kofi Mensah", "residentOf", "Accra"),
        ),
        (
            "Hargeisa-based traders said Mogadishu, Somalia's capital, was calm.",
            ("Mogadishu", "locatedIn", "Somalia"),
        ),
    ],
)
def test_a_capital_where_something_is_based_or_lives_is_the_city(nlp, text, expected):
    found = triples(nlp, text)
    assert expected in found
    country = load_lexicon().capitals[expected[2] if expected[1] != "locatedIn" else expected[0]]
    assert not any(country in (s, o) and p in {"basedIn", "residentOf"} for s, p, o in found)


def test_a_capital_acting_is_still_its_country(nlp):
    """Must not fire: a capital as subject or object of an act is its government."""
    found = triples(nlp, "Ankara accused Athens of violating its airspace.")
    assert ("Turkey", "accuses", "Greece") in found
    result = extract(nlp("Ankara accused Athens of violating its airspace."), Document("t", "x"))
    assert {e.label for e in result.entities} >= {"Turkey", "Greece"}
    assert not {e.label for e in result.entities} & {"Ankara", "Athens"}


def test_every_capital_names_a_known_country_and_is_not_also_an_alias_row():
    """The table: each capital's country is a canonical country label, and no capital is
    listed a second time in ``aliases.tsv`` (one home for each name)."""
    from kg.lexicon import _read_tsv

    lex = load_lexicon()
    canonical = {a.canonical for a in lex.aliases.values() if a.cls == "Country"}
    assert lex.capitals and set(lex.capitals.values()) <= canonical
    rows = {row[0] for row in _read_tsv("aliases.tsv", None)}
    assert not rows & set(lex.capitals)
