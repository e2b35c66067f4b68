"""Constructions found on round 41 (rural insurgency and counter-insurgency), each shown on made-up
sentences (none from a round, an article or the dev set) and with one where it must not fire:
laying down arms, an event blamed on someone, handing weapons or training to someone, sweeps and
flushing out, and an alleged act with the outcome told with it.
"""

from __future__ import annotations

from tests.test_extract_scope import events, kinds


def test_laying_down_arms_is_a_surrender(nlp):
    found = events(nlp, "More than 60 fighters of the rebel group laid down their arms.")
    assert found == [("RETREAT", ("rebel group",), ())]
    # must not fire: laying down tools is no surrender
    assert events(nlp, "The workers laid down their tools.") == []


def test_an_event_blamed_on_someone_is_theirs(nlp):
    found = events(nlp, "The bombing of the market was blamed on Boko Haram.")
    assert found == [("ASSAULT", ("Boko Haram",), ())]
    found = events(nlp, "The ambush was attributed to the Taliban.")
    assert ("ASSAULT", ("Taliban",), ()) in found
    # must not fire: a thing blamed for something does nothing
    assert "ASSAULT" not in kinds(events(nlp, "The market was blamed for the outbreak."))


def test_handing_weapons_or_training_to_someone_aids_them(nlp):
    found = events(nlp, "Burkina Faso handed rifles to the militia.")
    assert found == [("AID", ("Burkina Faso",), ("militia",))]
    # must not fire: handing a letter to someone is no aid
    assert "AID" not in kinds(events(nlp, "The envoy handed a letter to the minister."))


def test_sweeps_and_flushing_out_are_military_operations(nlp):
    found = events(
        nlp, "Iraqi forces launched a sweep through the mountains to flush out militants."
    )
    assert found == [("FIGHT", ("Iraq",), ("militants",))]
    assert events(nlp, "Troops began a sweep of the area.") == [("FIGHT", ("troops",), ())]
    # must not fire: a sweep only named, no verb carrying it
    found = events(nlp, "The United States vetoed a resolution censuring its sweep of the house.")
    assert "FIGHT" not in kinds(found)


def test_an_alleged_act_holds_the_outcome_told_with_it(nlp):
    found = events(nlp, "The rebels accused the army of shelling a camp, killing 11 civilians.")
    assert found == [("ACCUSE", ("rebels",), ("army",))]
    # the same act told as done is an event, with its outcome
    found = events(nlp, "The army shelled a camp, killing 11 civilians.")
    assert "FIGHT" in kinds(found) or "ASSAULT" in kinds(found)
