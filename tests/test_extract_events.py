"""Event mentions from real parses: every event the text states, with the sides it names.

One test per kind of one-sided event, each with a sentence where it must not fire. The
sentences are made up for these tests: none is from the seed, the dev or the own records.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.model import Document
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text: str, date: str | None = None):
    return extract(nlp(text), Document("t", text, date=date))


def events(nlp, text: str, date: str | None = None) -> list[tuple]:
    """(type, source labels, target labels, theme) of every event mention of ``text``."""
    result = run(nlp, text, date)
    labels = {e.key: e.label for e in result.entities}
    return [
        (
            e.type,
            tuple(labels[k] for k in e.sources),
            tuple(labels[k] for k in e.targets),
            e.theme,
        )
        for e in result.events
    ]


def facts(nlp, text: str) -> set[tuple[str, str, str]]:
    result = run(nlp, text)
    labels = {e.key: e.label for e in result.entities}
    return {(labels[f.subject], f.property, labels[f.object]) for f in result.facts}


def test_an_agentless_passive_keeps_its_target(nlp):
    result = run(nlp, "Forty protesters were arrested in Minsk on Tuesday.", "2025-03-06")
    (event,) = [e for e in result.events if e.type == "COERCE"]
    labels = {e.key: e.label for e in result.entities}
    assert event.sources == () and [labels[k] for k in event.targets] == ["protesters"]
    assert ("count", "40") in event.qualifiers and ("date", "2025-03-04") in event.qualifiers
    assert not any(f.property == "arrests" for f in result.facts)  # one side: no fact
    # the same act with its agent named has both sides, and the fact
    assert ("COERCE", ("Police",), ("protesters",), None) in events(
        nlp, "Police arrested 40 protesters in Minsk."
    )
    assert ("Police", "arrests", "protesters") in facts(nlp, "Police arrested 40 protesters.")


def test_a_thing_that_is_not_an_actor_is_the_theme_of_a_passive_only(nlp):
    assert ("FIGHT", (), (), "The hospital") in events(nlp, "The hospital was shelled overnight.")
    # an active verb whose subject names no actor states no event about a thing
    assert events(nlp, "The report criticised the decision.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt agreed to host the next round.", ("AGREE", ("Egypt",), (), "the next round")),
        (
            "The rebels agreed to a seven-day truce.",
            ("AGREE", ("rebels",), (), "a seven-day truce"),
        ),
        (
            "Teachers' unions threatened a nationwide stoppage.",
            ("THREATEN", ("unions",), (), "a nationwide stoppage"),
        ),
        ("Iran threatened to close the strait.", ("THREATEN", ("Iran",), (), "the strait")),
    ],
)
def test_one_sided_agreements_and_threats_have_their_theme_and_no_fact(nlp, text, expected):
    assert expected in events(nlp, text)
    assert facts(nlp, text) == set()  # the theme is no actor: nothing is agreed "with" it


def test_a_governed_act_is_not_an_event_of_its_own(nlp):
    found = events(nlp, "Egypt agreed to host the next round.")
    assert [e[0] for e in found] == ["AGREE"]  # hosting is agreed to, not done: no CONSULT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doctors went on strike on Monday.", ("PROTEST", ("doctors",), (), "strike")),
        ("The miners staged a hunger strike.", ("PROTEST", ("miners",), (), "a hunger strike")),
        ("Students protested.", ("PROTEST", ("students",), (), "protest")),
    ],
)
def test_strikes_and_protests_without_a_target(nlp, text, expected):
    assert expected in events(nlp, text)
    assert facts(nlp, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The strike fund was empty.",  # a noun alone names no one striking
        "The union's strike committee met.",
        "Hamas rejected a U.S. request.",  # the rejection is the event, not the request
        "Officials issued a press release.",  # a press release is not a release
    ],
)
def test_an_event_noun_alone_is_no_event(nlp, text):
    found = events(nlp, text)
    assert not [e for e in found if e[0] in {"PROTEST", "REQUEST", "CONCEDE"}], found


def test_attacks_with_an_unnamed_attacker(nlp):
    # a drone is an aerial weapon: its strike is a FIGHT (the means, as "Russian aircraft")
    assert ("FIGHT", (), (), "a market") in events(
        nlp, "Dozens died in a drone strike on a market."
    )
    assert ("ASSAULT", (), ("soldiers",), None) in events(
        nlp, "Two soldiers were killed in an ambush near the border."
    )
    # an attack that is only talked about, with neither side nor object, is no event
    assert events(nlp, "The drone strike was the third this month.") == []


def test_event_types_come_from_the_lexicon_entry_or_the_means(nlp):
    assert ("FIGHT", ("Serbia",), (), "the town") in events(nlp, "Serb artillery shelled the town.")
    assert events(nlp, "Russian aircraft killed 46 civilians.")[0][0] == "FIGHT"
    assert events(nlp, "Gunmen killed 12 villagers.")[0][0] == "ASSAULT"  # the first type


def test_an_objects_made_from_the_action_is_a_theme_not_a_fact(nlp):
    assert ("RETREAT", ("general",), (), "resign") in events(nlp, "The general resigned.")
    assert facts(nlp, "The general resigned.") == set()
    found = events(nlp, "The rebels refused to lay down their arms.")
    assert ("REJECT", ("rebels",), (), "their arms") in found
    # a real argument that is not an actor stays a fact, and is the event's theme
    assert ("Egypt", "mediates", "truce") in facts(nlp, "Egypt brokered a truce.")


def test_every_fact_of_an_event_property_has_its_event(nlp):
    lexicon = load_lexicon()
    for text in (
        "Qatar and Egypt mediated a truce between Hamas and Israel.",
        "Indian and Chinese commanders met at the border.",
        "The European Union imposed new sanctions on Iran.",
        "Libya offered to hand over the suspects to Britain.",
    ):
        result = run(nlp, text)
        actors = {e.key for e in result.entities if lexicon.is_a(e.cls, ("Actor", "Place"))}
        for fact in result.facts:
            if not lexicon.event_types(fact.property):
                continue
            mentions = [
                e
                for e in result.events
                if e.property == fact.property and e.sentence == fact.sentence
            ]
            # both sides, or the subject with the object as theme ("mediated a truce")
            assert any(
                {fact.subject, fact.object} <= {*e.sources, *e.targets}
                or (fact.object not in actors and fact.subject in e.sources and e.theme)
                for e in mentions
            ), (text, fact)


def test_one_statement_is_one_event(nlp):
    found = events(nlp, "Japan will provide food aid to Sudan.")  # the verb and the noun
    assert found == [("AGREE", ("Japan",), ("Sudan",), "food aid")]


def test_negated_events_are_kept_as_negated(nlp):
    (event,) = run(nlp, "Iran has not attacked Israel.").events
    assert event.type == "ASSAULT" and event.modality == "negated"


def test_event_evidence_and_offsets_point_into_the_text(nlp):
    text = "Weather was mild.\nTwo soldiers were killed in an ambush near the border."
    result = run(nlp, text)
    assert result.events
    for event in result.events:
        assert text[event.start : event.end] == event.evidence
        sentence = result.sentences[event.sentence]
        assert sentence.start <= event.start < event.end <= sentence.end
        assert event.trigger in event.evidence and 0 < event.confidence <= 1
        assert event.rule.split(":")[0] in {"verb.v2", "noun.v2", "stance.v2", "grounds.v2"}


def test_a_verb_acting_on_a_thing_states_an_event_when_the_thing_is_a_place_or_an_event(nlp):
    assert ("FIGHT", ("rebels",), (), "the town") in events(nlp, "The rebels shelled the town.")
    assert ("CONSULT", ("Norway",), (), "talks") in events(nlp, "Norway hosted talks.")
    # another sense of the verb: questioning a thing is not investigating anyone
    assert events(nlp, "Critics questioned its efficacy.") == []
    # the subject must be the verb's own, not one it shares by control
    assert [e[0] for e in events(nlp, "Critics doubted it, given the group's record.")] == []


def test_a_pronoun_takes_the_party_a_name_modifies_never_a_demonym_adjective(nlp):
    # "they" after "a Qatari plan" are the rebels who rejected it, not Qatar
    found = events(
        nlp,
        "Sudanese rebels rejected a Qatari peace plan and said they opposed the deployment "
        "of foreign troops.",
    )
    assert [e[1] for e in found if e[0] == "REJECT"] == [("Sudanese rebels",)] * 2
    # "it" after "the Chinese plan" is Japan, the subject, not China
    found = events(nlp, "Japan criticised the Chinese plan and said it would protest to Beijing.")
    assert all(e[1] == ("Japan",) for e in found)
    # a proper name that modifies a noun still stands for itself for a singular pronoun
    found = facts(nlp, "The U.S. shift on Cuba, which it had isolated for decades, surprised.")
    assert not any(subject == "Cuba" for subject, _, _ in found)


def test_commit_is_a_stance_only_over_an_action(nlp):
    assert ("AGREE", ("Ethiopia",), ("Tigray",), None) in events(
        nlp, "Ethiopia committed to withdrawing its troops from Tigray."
    )
    found = events(nlp, "War crimes committed by the junta against villagers were documented.")
    assert not any(e[0] == "AGREE" for e in found)


def test_what_is_rejected_or_vetoed_is_no_event_of_its_own(nlp):
    found = events(nlp, "The Hungarian government said it would veto new sanctions against Moscow.")
    assert [e[0] for e in found] == ["REJECT"]
    # the same noun is an event where nothing rejects it
    assert "SANCTION" in [e[0] for e in events(nlp, "The EU imposed new sanctions on Moscow.")]


def test_a_promised_act_is_one_event_not_also_a_hypothetical_one(nlp):
    found = events(nlp, "Chad said it would boycott all talks with the rebels.")
    assert [e[0] for e in found] == ["THREATEN"]


def test_lifting_a_state_of_emergency_is_a_concession_and_declaring_one_is_no_fact_on_it(nlp):
    lifted = events(nlp, "Peru's government lifted a state of emergency in the southern provinces.")
    assert [e[0] for e in lifted] == ["CONCEDE"]
    declared = facts(nlp, "Peru's government declared a state of emergency in Cusco.")
    assert ("Peru", "coerces", "Cusco") in declared
    assert not any(obj == "emergency" for _, _, obj in declared)


def test_a_demand_a_protest_is_staged_for_is_part_of_the_protest(nlp):
    for text in (
        "Taxi drivers staged a protest in Lagos to demand cheaper fuel from the government.",
        "Thousands of farmers marched on parliament demanding lower fuel prices.",
        "Students held rallies across the country to press their demands for free tuition.",
    ):
        kinds = [e[0] for e in events(nlp, text)]
        assert "PROTEST" in kinds and "DEMAND" not in kinds, text
    # a demand made at a meeting is no protest: it stays
    kinds = [e[0] for e in events(nlp, "The union met ministers to demand higher pay.")]
    assert kinds == ["DEMAND"]
