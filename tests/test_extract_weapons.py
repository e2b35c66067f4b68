"""Constructions found on round 38 (nuclear diplomacy, arms control and inspections), each shown
on made-up sentences (none from a round, an article or the dev set) and with one where it must not
fire: hyphenated verbs, weapons tests, facilities that stand for their owner, seizing goods and
loads, examining things, access granted to someone, reactions an act drew, a conditional threat
aimed at whoever the condition names, alerts ordered through an object, and powers as actors.
"""

from __future__ import annotations

from tests.test_extract_scope import events, kinds, modalities


def test_a_hyphenated_verb_is_read_whole(nlp):
    found = events(nlp, "Iran test-launched a new ballistic missile over the Gulf.")
    assert ("MOBILIZE", ("Iran",), ("Gulf",)) in found
    # "test-fired" is no firing at anyone
    assert kinds(events(nlp, "Pakistan test-fired a cruise missile.")) == {"MOBILIZE"}
    # must not fire: testing what is no weapon, or a hyphenated verb no entry names
    assert events(nlp, "The school tested its pupils.") == []
    assert events(nlp, "The army test-drove the new trucks.") == []


def test_a_weapons_test_shows_force(nlp):
    assert events(nlp, "India conducted a nuclear test near the border.") == [
        ("MOBILIZE", ("India",), ())
    ]
    assert kinds(events(nlp, "North Korea carried out its fourth missile test.")) == {"MOBILIZE"}
    # must not fire: a test of no weapon
    assert events(nlp, "She failed her driving test.") == []


def test_a_facility_stands_for_its_owner(nlp):
    assert ("FIGHT", ("Jets",), ("Iraq",)) in events(nlp, "Jets bombed Iraq's reactor complex.")
    # must not fire: building a facility is no event
    assert events(nlp, "Engineers built Iraq's reactor complex.") == []


def test_seizing_goods_coerces_and_a_load_is_what_it_holds(nlp):
    assert events(nlp, "Police seized a cargo of cocaine.") == [("COERCE", ("Police",), ())]
    found = events(nlp, "Customs officers in Rotterdam seized a consignment of valves.")
    assert kinds(found) == {"COERCE"}
    # a brigade is no load: what it is of is what was sent
    assert ("AID", ("Sudan",), ("Libya",)) in events(
        nlp, "Sudan sent a brigade of doctors to Libya."
    )
    # must not fire: seizing what is no thing
    assert events(nlp, "Rebels seized the initiative.") == []


def test_examining_things_investigates(nlp):
    found = events(nlp, "Investigators examined the wreckage of the airliner.")
    assert found == [("INVESTIGATE", ("investigators",), ())]
    assert kinds(events(nlp, "Police inspected the seals on the containers.")) == {"INVESTIGATE"}
    # must not fire: examining a person's remark
    assert events(nlp, "Analysts examined his remark.") == []


def test_access_granted_to_someone_concedes_to_them(nlp):
    found = events(nlp, "The junta granted Red Cross delegates access to the prisons.")
    assert found == [("CONCEDE", ("junta",), ("International Committee of the Red Cross",))]
    found = events(nlp, "Damascus gave UN observers access to the town.")
    assert ("CONCEDE", ("Syria",), ("United Nations",)) in found
    # the recipient is moved out of the compound only when it is a plural or a name
    doc = nlp("The firm granted site access to the press.")
    assert [t.dep_ for t in doc if t.text == "site"] == ["compound"]
    # must not fire: access no one is given
    assert events(nlp, "Access to the site was difficult.") == []


def test_a_reaction_an_act_drew_is_aimed_at_its_doer(nlp):
    found = events(nlp, "Iran's missile launch drew sharp criticism from France.")
    assert ("DISAPPROVE", ("France",), ("Iran",)) in found
    found = events(nlp, "The raid prompted condemnation from the Arab League.")
    assert ("DISAPPROVE", ("Arab League",), ()) in found
    # must not fire: what is drawn is no reaction
    assert events(nlp, "The match drew large crowds from the city.") == []


def test_a_conditional_threat_is_aimed_at_whoever_the_condition_names(nlp):
    found = events(
        nlp,
        "Ankara will close the border unless Damascus expels the militants, "
        "a government spokesman warned.",
    )
    assert ("THREATEN", ("government",), ("Syria",)) in found
    assert not [t for k, _, t in found if k == "THREATEN" and "Turkey" in t]
    # without a condition, whoever the warned-of act befalls is the target
    found = events(nlp, "The minister warned that Turkey would be punished.")
    assert ("THREATEN", ("minister",), ("Turkey",)) in found


def test_an_alert_ordered_through_an_object_mobilises(nlp):
    text = "The king ordered the kingdom's air defences on high alert."
    assert events(nlp, text) == [("MOBILIZE", ("king",), ())]
    assert modalities(nlp, text) == {"MOBILIZE": "asserted"}  # the order is the act
    # must not fire: an order for an inquiry is no alert, and is asked for, not done
    text = "The general ordered an inquiry into the crash."
    assert kinds(events(nlp, text)) == {"INVESTIGATE"}
    assert modalities(nlp, text) == {"INVESTIGATE": "hypothetical"}


def test_powers_are_actors_and_power_is_not(nlp):
    assert ("CONSULT", ("Iran",), ("world powers",)) in events(
        nlp, "Iran met six world powers in Vienna."
    )
    # must not fire: returning to power meets no one
    assert events(nlp, "The general returned to power in 2001.") == []
