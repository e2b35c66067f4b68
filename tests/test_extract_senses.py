"""Constructions found on rounds 17-20, each shown on made-up sentences (none from a round, the
dev set or the own records) and with one where it must not fire.

- a nationality the NER tags as a place ("Ukrainian" as GPE) still names its country;
- a verb's sense named by its object's words, also behind a quantity ("called up thousands of
  reservists"), and a stance takes the sense that fits ("ready to send doctors" is no threat);
- goods carried to people aid them, armed force moved somewhere mobilises;
- an act done "in protest at" something is a protest by the clause's subject;
- who occupies a building says whether it is a protest or a fight;
- suspending a member, pardoning prisoners, vetoing a measure, firing tear gas or rockets;
- people named by what they do ("assailants", "commuters") are actors;
- a subjunctive complement of "insist" is a demand; a counterpart named beside it is the person.
"""

from __future__ import annotations

from kg.extract import extract
from kg.model import Document


def events(nlp, text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(type, source labels, target labels) of every asserted event mention of ``text``."""
    result = extract(nlp(text), Document("t", text))
    labels = {e.key: e.label for e in result.entities}
    return [
        (e.type, tuple(labels[k] for k in e.sources), tuple(labels[k] for k in e.targets))
        for e in result.events
    ]


def types(nlp, text: str) -> set[str]:
    return {kind for kind, _, _ in events(nlp, text)}


def test_a_nationality_tagged_as_a_place_names_its_country(nlp):
    assert ("RETREAT", ("Ukraine",), ()) in events(
        nlp, "Ukrainian troops pulled back from the village of Krynky."
    )
    assert any(
        s == ("Guinea",) for _, s, _ in events(nlp, "Guinean soldiers attacked a rebel camp.")
    )
    # the lemmatiser reads "bases" as "basis": the word as written names the place
    assert any(s == ("Chad",) for _, s, _ in events(nlp, "Chadian jets bombed rebel bases."))


def test_object_words_behind_a_quantity_name_the_sense(nlp):
    assert ("MOBILIZE", ("army",), ()) in events(nlp, "The army called up thousands of reservists.")
    assert types(nlp, "He called up a friend.") == set()


def test_goods_carried_aid_and_armed_force_moved_mobilises(nlp):
    assert "AID" in types(nlp, "Qatar flew 20 tonnes of medicine to Beirut for the wounded.")
    assert types(nlp, "The minister flew to Beirut on Monday.") == set()
    assert ("MOBILIZE", ("Turkey",), ("Syria",)) in events(
        nlp, "Turkey sent tanks to the Syrian border."
    )
    assert types(nlp, "Japan sent medicine to the border town.") == {"AID"}


def test_a_stance_over_an_action_takes_the_sense_that_fits(nlp):
    found = types(nlp, "Japan is ready to send doctors to help Sudan.")
    assert "AGREE" in found and "THREATEN" not in found


def test_an_act_done_in_protest_is_a_protest_by_its_subject(nlp):
    assert ("PROTEST", ("Taxi drivers",), ()) in events(
        nlp, "Taxi drivers parked their cars across the highway in protest at a fuel tax."
    )
    # raids an arrest was made in are no act of their own by the police
    assert types(nlp, "Police arrested 300 activists in overnight raids.") == {"COERCE"}


def test_who_occupies_a_building_says_protest_or_fight(nlp):
    assert ("PROTEST", ("students",), ()) in events(
        nlp, "Students occupied the main building of the university on Tuesday."
    )
    assert "PROTEST" not in types(nlp, "Rebels occupied the town of Kindu.")
    assert types(nlp, "The troops occupied the airport.") == {"FIGHT"}


def test_suspending_a_member_sanctions_it_suspending_a_strike_does_not(nlp):
    assert ("SANCTION", ("African Union",), ("Mali",)) in events(
        nlp, "The African Union suspended Mali after the coup."
    )
    assert "SANCTION" not in types(nlp, "The union suspended its strike on Friday.")


def test_pardons_vetoes_and_weapons(nlp):
    assert events(nlp, "The president pardoned 30 prisoners.") == [
        ("CONCEDE", ("president",), ("prisoners",))
    ]
    assert types(nlp, "Russia vetoed the resolution.") == {"REJECT"}
    assert types(nlp, "Riot police fired tear gas at the crowd.") == {"COERCE"}
    assert types(nlp, "Militants launched rockets at the town.") == {"FIGHT"}


def test_people_named_by_what_they_do_are_actors(nlp):
    assert ("ASSAULT", ("Masked assailants",), ("aid workers",)) in events(
        nlp, "Masked assailants abducted two aid workers in Darfur."
    )
    assert ("ASSAULT", ("gunmen",), ()) in events(nlp, "Gunmen stormed a hotel in Kabul.")
    # a describing word before a name is no group: the diplomat is the person named
    assert ("CONSULT", ("Lakhdar Brahimi",), ("Syria",)) in events(
        nlp, "The veteran diplomat Lakhdar Brahimi met Syrian officials in Damascus."
    )


def test_a_subjunctive_after_insist_is_a_demand_a_statement_is_not(nlp):
    # the tagger reads "leave" after a singular subject as a present tense that does not agree
    assert ("DEMAND", ("villagers",), ("army",)) in events(
        nlp, "Villagers insisted that the army leave the valley."
    )
    assert types(nlp, "The union insisted that the strikers had been peaceful.") == set()


def test_a_counterpart_named_in_apposition_is_that_person(nlp):
    assert ("CONSULT", ("Greece",), ("Ismail Cem",)) in events(
        nlp, "The Greek minister held talks in Ankara with his Turkish counterpart Ismail Cem."
    )
    # members named as a group stay the group they belong to
    assert ("CONSULT", ("Egypt",), ("Hamas",)) in events(
        nlp, "Egyptian officials met Hamas leaders in Cairo."
    )


def test_a_hyphenated_event_noun_is_one_word(nlp):
    # the tokenizer splits "sit-in" into "sit", "-", "in"
    assert ("PROTEST", ("journalists",), ()) in [
        (kind, s, ()) for kind, s, _ in events(nlp, "Journalists began a sit-in at the syndicate.")
    ]
    assert types(nlp, "The minister sat in on the meeting.") == set()


def test_setting_fire_to_a_building_destroys_property(nlp):
    assert ("COERCE", ("Separatist fighters",)) in [
        (kind, s)
        for kind, s, _ in events(nlp, "Separatist fighters set fire to the school overnight.")
    ]
    # a figure of speech names nobody as having destroyed anything
    assert all(not s for _, s, _ in events(nlp, "The speech set fire to the debate."))


def test_fighting_or_gathering_in_force_with_nobody_named(nlp):
    assert ("FIGHT", ("Rival clans",), ()) in events(
        nlp, "Rival clans fought with rifles for a second day."
    )
    assert ("MOBILIZE", ("militiamen",), ()) in events(
        nlp, "Hundreds of militiamen have gathered in the hills above the town."
    )
    assert types(nlp, "Farmers gathered in the square.") == set()


def test_airlifting_people_is_aid_to_them(nlp):
    assert ("AID", ("teams",), ("villagers",)) in events(
        nlp, "Rescue teams airlifted injured villagers to hospitals."
    )


def test_constructions_of_border_and_sea_incidents(nlp):
    assert ("COERCE", ("Israeli commandos",), ()) in events(
        nlp, "Israeli naval commandos boarded a freighter in the Red Sea."
    )
    assert types(nlp, "The minister boarded a plane to Paris.") == set()
    assert ("ASSAULT", ("Somali pirates",), ()) in events(
        nlp, "Somali pirates hijacked a bulk carrier off Mogadishu."
    )
    assert "DISAPPROVE" in types(nlp, "Romania summoned the Russian ambassador on Monday.")
    assert types(nlp, "The court summoned three witnesses on Monday.") == set()


def test_goods_handed_out_to_people_aid_them(nlp):
    assert ("AID", ("agency",), ("families",)) in events(
        nlp, "The agency began handing out food parcels and blankets to 2,000 families."
    )
    assert types(nlp, "The teacher handed out the exam papers.") == set()


def test_a_duration_of_an_event_is_the_event(nlp):
    assert "CONSULT" in types(nlp, "Iran and the EU held five hours of talks in Vienna on Sunday.")


def test_a_possible_hostile_act_on_a_condition_is_a_threat(nlp):
    assert "THREATEN" in types(
        nlp, "Tehran could shut the Strait of Hormuz if the West moved to cut off its oil exports."
    )
    assert "THREATEN" not in types(nlp, "Israel could strike Iran's nuclear sites, analysts said.")


def test_a_request_matches_both_plover_names_of_its_type():
    from kg.rdf.namespace import plover_types

    # PLOVER 0.5 (the gold-standard records) files requests under DEMAND, later versions
    # demands under REQUEST: a request matches both, a demand only DEMAND
    assert plover_types("requests") == {"REQUEST", "DEMAND"}
    assert plover_types("demands") == {"DEMAND"}


def test_a_passive_with_its_agent_named_is_the_agents_act(nlp):
    assert ("REJECT", ("rebels",), ()) in events(nlp, "The plan was rejected by the rebels.")
    assert ("COERCE", ("authorities",), ()) in [
        (kind, s, ())
        for kind, s, _ in events(nlp, "A curfew was imposed on the city by the authorities.")
    ]
    # an adjectival passive still holds the stance itself, with no agent to take it from
    assert all(s != ("rebels",) for _, s, _ in events(nlp, "The plan was rejected."))


def test_deploying_an_armed_force_mobilises(nlp):
    assert "MOBILIZE" in types(nlp, "The government deployed the army in the capital on Wednesday.")
    assert "MOBILIZE" not in types(nlp, "The company deployed new software in the capital.")
