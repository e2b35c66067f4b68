"""General news relations (``relation.v1``) on real sentences with the real spaCy model: each
construction on sentences that are not those of rounds 8 and 10, and a sentence where it must
not fire."""

from __future__ import annotations

import pytest
from test_extract import triples as relations  # (subject label, property, object label)

from kg.lexicon import load_relation_words
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X-based", "based in", "headquartered in"
        ("Shares of the Munich-based insurer Allianz fell.", ("Allianz", "basedIn", "Munich")),
        (
            # not a capital: a capital stands for its country (ontology/aliases.tsv)
            "Volvo, which is headquartered in Gothenburg, cut its forecast.",
            ("Volvo", "basedIn", "Gothenburg"),
        ),
        # "ORG in CITY"
        (
            "Officials from the World Food Programme in Juba said aid had arrived.",
            ("World Food Programme", "basedIn", "Juba"),
        ),
        # a place in apposition: "CITY, COUNTRY's ... city", "a city in COUNTRY", "CITY, STATE"
        ("Odesa, Ukraine's main port, was hit.", ("Odesa", "locatedIn", "Ukraine")),
        ("Aleppo, a city in northern Syria, was shelled.", ("Aleppo", "locatedIn", "Syria")),
        # a person's origin, employer, clause and party
        (
            "Maria Costa, a lawyer from Porto, filed the appeal.",
            ("Maria Costa", "residentOf", "Porto"),
        ),
        ("Jan Novak, an engineer from Poland, was detained.", ("Jan Novak", "citizenOf", "Poland")),
        (
            "Sara Lind, a researcher at the Karolinska Institute, led the study.",
            ("Sara Lind", "worksFor", "Karolinska Institute"),
        ),
        (
            "Hana Sato, a Japanese national working for Amnesty International, was freed.",
            ("Hana Sato", "worksFor", "Amnesty International"),
        ),
        (
            "Lucy Chen, who lives in Shanghai, posted the video.",
            ("Lucy Chen", "residentOf", "Shanghai"),
        ),
        (
            "Jane Roe of the Labour Party voted against the bill.",
            ("Jane Roe", "memberOf", "Labour Party"),
        ),
        (
            "John Doe of Human Rights Watch said the report was credible.",
            ("John Doe", "worksFor", "Human Rights Watch"),
        ),
        (
            "Omar Farouk, a journalist with the daily Al-Ahram, was arrested.",
            ("Omar Farouk", "worksFor", "Al-Ahram"),
        ),
        # whose a role in apposition is: the possessor, an organisation compounded into it
        (
            "Ashraf Qudra, the Health Ministry's spokesman, said the hospital was full.",
            ("Ashraf Qudra", "spokespersonFor", "Health Ministry"),
        ),
        (
            "Nasser Kanaani, the foreign ministry spokesman, said Iran would respond.",
            ("Nasser Kanaani", "spokespersonFor", "foreign ministry"),
        ),
        # killings: the victim named in apposition, armed groups as victims
        (
            "Gunmen killed a police officer, Ali Hassan, in Basra.",
            ("gunmen", "kills", "Ali Hassan"),
        ),
        ("Police killed 12 militants in a raid.", ("Police", "kills", "militants")),
    ],
)
def test_relation_constructions(nlp, text, expected):
    assert expected in relations(nlp, text)


@pytest.mark.parametrize(
    ("text", "prop"),
    [
        ("Talks in Paris resumed on Monday.", "basedIn"),  # no actor is "in Paris"
        ("The band toured Paris, London and Rome last year.", "locatedIn"),  # a list
        (
            "Sara Lind, a researcher at Stockholm, led the study.",
            "worksFor",
        ),  # a place, no employer
        ("Mark Hill of Boston said he was surprised.", "memberOf"),  # a place, no organisation
        ("Mark Hill of Boston said he was surprised.", "worksFor"),
        ("Lucy Chen, who lives with her parents, posted the video.", "residentOf"),
        ("Amir Hosseini, a diplomat from Iran, was expelled.", "citizenOf"),  # an office: his state
        ("Smith, a man in his forties, was injured.", "locatedIn"),  # not a place apposition
        ("Ali Khan met reporters in Kabul on Monday.", "locatedIn"),  # where a person was
        ("Jen Psaki, the president's spokeswoman, said nothing.", "spokespersonFor"),  # a person's
        ("Tom Barrack, his spokesman, said nothing.", "spokespersonFor"),
    ],
)
def test_relation_constructions_do_not_fire(nlp, text, prop):
    assert not {f for f in relations(nlp, text) if f[1] == prop}


def test_a_capital_as_a_place_is_the_city_never_its_country(nlp):
    """ "Paris, Texas": a place named like a capital is that city (``capitals.tsv``), so France
    is in no state; nor is a teacher "from Rabat" a citizen of Morocco because of it."""
    found = relations(nlp, "She grew up in Paris, Texas, before moving east.")
    assert found == {("Paris", "locatedIn", "Texas")}
    found = relations(nlp, "Ines Alami, a teacher from Rabat, was among the injured.")
    assert not {f for f in found if f[1] == "citizenOf"}


def test_the_words_are_data():
    words = load_relation_words()
    assert {"based", "headquartered"} <= words.based_words
    assert "party" in words.membership_heads and "city" in words.place_heads
