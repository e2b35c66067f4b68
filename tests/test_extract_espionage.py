"""Constructions found on round 39 (espionage, spy affairs and state cyber operations), each shown
on made-up sentences (none from a round, an article or the dev set) and with one where it must not
fire: amnesty and other grants, attributing an act to someone, dismissing claims, people named by
what they do, gathering outside a mission, the seat of a government for its state, the object of
"condemned what it called", signing a named accord, a threatened act's own object as the
threat's target, and a finding that stands for whoever made it.
"""

from __future__ import annotations

from tests.test_extract_scope import events


def test_amnesty_granted_to_someone_concedes_to_them(nlp):
    found = events(nlp, "The junta granted an amnesty to the rebels.")
    assert ("CONCEDE", ("junta",), ("rebels",)) in found
    # must not fire as a concession: asylum granted is aid (CAMEO 075), as money is
    found = events(nlp, "Spain granted asylum to a Venezuelan dissident.")
    assert found == [("AID", ("Spain",), ("Venezuelan dissident",))]
    assert {k for k, _, _ in events(nlp, "Japan granted $5 million to Haiti.")} == {"AID"}


def test_attributing_an_act_to_someone_accuses_them(nlp):
    found = events(nlp, "The agency attributed the attack to a group run by Iran.")
    assert [k for k, _, _ in found] == ["ACCUSE"]
    # must not fire: a cause that is no actor
    assert events(nlp, "He attributed the rise to inflation.") == []


def test_dismissing_claims_rejects_them(nlp):
    found = events(nlp, "Beijing dismissed the hacking allegations as groundless smears.")
    assert found == [("REJECT", ("China",), ())]
    assert events(nlp, "Moscow dismissed the reports.") == [("REJECT", ("Russia",), ())]
    # must not fire: dismissing a meeting is no rejection
    assert events(nlp, "The chairman dismissed the session early.") == []


def test_people_named_by_what_they_do_are_actors(nlp):
    assert events(nlp, "Washington released ten Russian spies.") == [
        ("CONCEDE", ("United States",), ("Russian spies",))
    ]
    found = events(nlp, "The dealer was poisoned by agents of the GRU.")
    assert found == [("ASSAULT", ("GRU",), ("dealer",))]
    # must not fire: a nerve agent is no agent of anyone
    assert events(nlp, "The nerve agent was found in the house.") == []


def test_gathering_outside_a_mission_protests_at_its_state(nlp):
    found = events(nlp, "Hundreds of demonstrators gathered outside the Chinese embassy.")
    assert found == [("PROTEST", ("demonstrators",), ("China",))]
    # must not fire: troops gathering outside a town protest at nothing
    assert events(nlp, "Troops gathered outside the town.") == []


def test_the_seat_of_a_government_stands_for_its_state(nlp):
    found = events(nlp, "The Hague recalled its ambassador from Moscow.")
    assert ("SANCTION", ("Netherlands",), ("Russia",)) in found
    # must not fire as an actor: a court sitting in the city
    found = events(nlp, "The court in The Hague opened an investigation into the killings.")
    assert not [s for _, s, _ in found if "Netherlands" in s]


def test_the_object_of_what_someone_called_it(nlp):
    found = events(nlp, "The EU condemned what it called a pattern of malicious activity.")
    assert found == [("DISAPPROVE", ("European Union",), ())]
    # must not fire: what someone called a thing, done by no lexicon verb
    assert events(nlp, "He ate what he called a sandwich.") == []


def test_signing_a_named_accord_is_an_agreement_between_the_signers(nlp):
    found = events(nlp, "Israel and Jordan signed the Wadi Araba Treaty in 1994.")
    assert found == [("AGREE", ("Israel",), ("Jordan",))]
    found = events(nlp, "Chile and Peru signed the Lima Accords on Monday.")
    assert ("AGREE", ("Chile",), ("Peru",)) in found
    # must not fire: an accord only named
    found = events(nlp, "Under the Oslo Accords, Israel withdrew from the town.")
    assert [k for k, _, _ in found] == ["RETREAT"]


def test_a_threatened_act_with_its_own_object_is_aimed_at_that_object(nlp):
    found = events(nlp, "The minister warned that The Hague would expel more Russian diplomats.")
    assert not [t for k, _, t in found if k == "THREATEN" and "Netherlands" in t]
    # an act done to the speaker's foe, by the speaker's side
    found = events(nlp, "Putin warned that Russia would strike Ukraine's capital.")
    assert found == [("THREATEN", ("Putin",), ("Ukraine",))]
    # without an object, the act's doer is whom the warning is about
    found = events(nlp, "The minister warned that Moscow would respond.")
    assert found == [("THREATEN", ("minister",), ("Russia",))]


def test_a_finding_stands_for_whoever_made_it(nlp):
    found = events(nlp, "France backed Britain's finding that Moscow was behind the attack.")
    assert ("SUPPORT", ("France",), ("United Kingdom",)) in found
    # must not fire as support: a finding rejected
    found = events(nlp, "France rejected Britain's finding.")
    assert [k for k, _, _ in found] == ["REJECT"]
