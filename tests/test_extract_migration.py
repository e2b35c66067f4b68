"""Constructions found on round 40 (refugees, migration and border disputes), each shown on
made-up sentences (none from a round, an article or the dev set) and with one where it must not
fire: people on the move and their helpers as actors, beating people, evacuating people as aid,
forcing boats and people back, slogans chanted against someone, visa restrictions, places inside
a country, the purpose of a trip by a verb used in no lexicon sense, and what was deployed named
by a slot's words.
"""

from __future__ import annotations

from tests.test_extract_scope import events


def test_people_on_the_move_and_their_helpers_are_actors(nlp):
    found = events(nlp, "More than 200 asylum seekers were deported by the authority.")
    assert found == [("COERCE", ("authority",), ("asylum seekers",))]
    assert ("REQUEST", ("United Nations",), ("donors",)) in events(
        nlp, "The UN appealed to international donors for more money."
    )
    assert ("COERCE", ("French gendarmes",), ("returnees",)) in events(
        nlp, "French gendarmes arrested two returnees."
    )
    # must not fire: a donor sought is no actor
    assert events(nlp, "A search for a donor continued.") == []


def test_beating_people_assaults_them(nlp):
    assert ("ASSAULT", ("Riot police",), ("migrants",)) in events(
        nlp, "Riot police beat three migrants at the border."
    )
    # must not fire: beating a team in a match
    assert events(nlp, "Germany beat Brazil in the final.") == []


def test_evacuating_people_aids_them(nlp):
    assert events(nlp, "Italy evacuated 150 refugees from Libya.") == [
        ("AID", ("Italy",), ("refugees",))
    ]
    # must not fire as aid: a state evacuating its own staff withdraws them
    found = events(nlp, "Britain evacuated its embassy staff from Kabul.")
    assert {k for k, _, _ in found} == {"RETREAT"}


def test_forcing_boats_or_people_back_coerces(nlp):
    assert events(nlp, "The Greek coastguard forced a dinghy back towards Turkish waters.") == [
        ("COERCE", ("Greek coastguard",), ())
    ]
    assert ("COERCE", ("Police",), ("migrants",)) in events(
        nlp, "Police pushed back the migrants at the fence."
    )
    # must not fire: a deadline pushed back
    assert events(nlp, "The government pushed back the deadline.") == []


def test_slogans_chanted_against_someone_protest_at_them(nlp):
    found = events(
        nlp, "Thousands marched through Dresden, chanting slogans against Angela Merkel."
    )
    assert ("PROTEST", ("thousands",), ("Angela Merkel",)) in found
    # must not fire: slogans against no one
    assert events(nlp, "Fans chanted slogans.") == []


def test_visa_restrictions_sanction(nlp):
    assert events(nlp, "Washington imposed visa restrictions on Cambodian officials.") == [
        ("SANCTION", ("United States",), ("Cambodia",))
    ]
    # must not fire as a sanction: restrictions on movement coerce
    found = events(nlp, "The army imposed restrictions on movement in the town.")
    assert {k for k, _, _ in found} == {"COERCE"}


def test_a_place_inside_a_country_names_the_country(nlp):
    assert events(nlp, "Tajik forces shelled positions inside Kyrgyzstan.") == [
        ("FIGHT", ("Tajikistan",), ("Kyrgyzstan",))
    ]
    # must not fire: a place near a river names no one
    assert events(nlp, "Rebels shelled positions near the river.") == [("FIGHT", ("rebels",), ())]


def test_a_trip_for_talks_by_a_verb_in_no_lexicon_sense(nlp):
    found = events(nlp, "Gerald Darmanin flew to Algiers for talks with his Algerian counterpart.")
    assert found == [("CONSULT", ("Gerald Darmanin",), ("Algeria",))]
    # the verb in its own sense ("flew blankets to") keeps it
    found = events(nlp, "Jordan flew blankets to Gaza for the refugees.")
    assert {k for k, _, _ in found} == {"AID"}


def test_what_was_deployed_is_named_by_the_slot_words(nlp):
    assert events(nlp, "Ankara deployed police to the border.") == [("MOBILIZE", ("Turkey",), ())]
    # must not fire: deploying what is no force
    assert events(nlp, "The firm deployed software to its offices.") == []
