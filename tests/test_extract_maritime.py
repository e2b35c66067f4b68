"""Constructions found on round 43 (maritime and territorial disputes), each shown on made-up
sentences (none from a round, an article or the dev set) and with one where it must not fire:
a vessel stands for its state, ramming, a ruling or award stands for whoever gave it, days given
to act are an ultimatum, a noun event's doer named through a relational noun, joint production,
and a treaty placed in abeyance; and "neither ... nor", and names that keep their hyphens.
"""

from __future__ import annotations

from tests.test_extract_scope import events, modalities


def test_a_vessel_stands_for_its_state_and_ramming_coerces(nlp):
    found = events(nlp, "A Chinese surveillance ship rammed a Vietnamese fishing boat.")
    assert found == [("COERCE", ("China",), ("Vietnam",))]
    # must not fire: a boat that sank, a bill rammed through parliament
    assert events(nlp, "The boat sank off the coast.") == []
    assert events(nlp, "The government rammed the bill through parliament.") == []


def test_a_ruling_or_award_stands_for_whoever_gave_it(nlp):
    found = events(nlp, "Beijing rejected the award of the Permanent Court of Arbitration.")
    assert found == [("REJECT", ("China",), ("Permanent Court of Arbitration",))]
    # must not fire as a target: a ruling of no one named
    assert events(nlp, "Manila rejected the ruling.") == [("REJECT", ("Philippines",), ())]


def test_days_given_to_act_are_an_ultimatum(nlp):
    found = events(nlp, "Maduro gave oil companies three months to withdraw.")
    assert found == [("THREATEN", ("Maduro",), ("oil companies",))]
    # must not fire: days off
    assert events(nlp, "He gave his wife two days off.") == []


def test_a_noun_events_doer_through_a_relational_noun(nlp):
    found = events(nlp, "Chinese navy ships and aircraft staged live-fire drills near the islands.")
    assert [(k, s) for k, s, _ in found] == [("MOBILIZE", ("China", "navy"))]
    # must not fire as a doer: ships of no one
    assert events(nlp, "The ships staged drills near the islands.") == [("MOBILIZE", (), ())]


def test_joint_production_is_cooperation(nlp):
    found = events(nlp, "Petronas and PetroVietnam began joint production in the area.")
    assert found == [("COOPERATE", ("Petronas",), ("PetroVietnam",))]
    # must not fire: production by no one jointly
    assert events(nlp, "Oil production began in the area.") == []


def test_a_treaty_placed_in_abeyance_is_suspended(nlp):
    found = events(nlp, "New Delhi placed the Indus Waters Treaty with Islamabad in abeyance.")
    assert [k for k, _, _ in found] == ["SANCTION"]
    # must not fire: a court case held in abeyance sanctions no one
    assert events(nlp, "The judge held the case in abeyance.") == []


def test_neither_nor_negates_both_acts(nlp):
    text = "China said it would neither accept nor recognise the ruling."
    assert modalities(nlp, text) == {"SUPPORT": "negated"}
    # must not fire as a negation: "either ... or"
    assert modalities(nlp, "Either Israel or Hamas must accept the deal.") == {
        "AGREE": "hypothetical"
    }


def test_a_hyphenated_name_keeps_its_hyphens(nlp):
    found = events(nlp, "Jama'at Nusrat al-Islam wal-Muslimin warned truck drivers.")
    assert found == [("THREATEN", ("Jama'at Nusrat al-Islam wal-Muslimin",), ("truck drivers",))]
    # a name with a title before it keeps its words only
    assert ("CONSULT", ("Bruno Rodriguez",), ("envoy",)) in events(
        nlp, "Minister Bruno Rodriguez met the envoy."
    )
