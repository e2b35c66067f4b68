"""Constructions found on the seed-6 and seed-7 draws of the judged articles, each shown on
made-up sentences (none from an article, a round or the dev set) and with one where it must not
fire.

- a participle before its noun describes the noun ("the disputed region"), unless a hyphened
  name says who did it ("Iranian-backed rebels");
- those who act together are not each other's object; a relative clause on one of joined names
  speaks of that one;
- a place is where an act happens, not a party to it: near a place, where a stance is taken,
  where an offered act would happen, where observers are sent;
- a title's scope: a unit's head works for the organisation, leading a delegation or a
  mediation leads no country, "Director General" and "Minister of State" are one title;
- names the NER cut ("President Mahamat | Idriss Saleh") are joined, honorifics dropped;
- "the region of X" is X; a source's anonymity is no request; compounds naming people by what
  they do are no events; a rejected suggestion is not asserted; people seized are abducted,
  people expelled coerced;
- an act promised only on a condition is no commitment made, and the condition is not met yet;
- deaths an exchange of fire led to are no one side's.
"""

from __future__ import annotations

from kg.extract import extract
from kg.model import Document


def _run(nlp, text: str):
    result = extract(nlp(text), Document("t", text))
    return result, {e.key: e.label for e in result.entities}


def events(nlp, text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(type, source labels, target labels) of every event mention of ``text``."""
    result, labels = _run(nlp, text)
    return [
        (e.type, tuple(labels[k] for k in e.sources), tuple(labels[k] for k in e.targets))
        for e in result.events
    ]


def kinds(found: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> set[str]:
    """The event types among ``events``' mentions."""
    return {kind for kind, _, _ in found}


def facts(nlp, text: str) -> set[tuple[str, str, str]]:
    """(subject label, property, object label) of every fact of ``text``."""
    result, labels = _run(nlp, text)
    return {(labels[f.subject], f.property, labels[f.object]) for f in result.facts}


def modalities(nlp, text: str) -> dict[str, str]:
    result, _ = _run(nlp, text)
    return {e.type: e.modality for e in result.events}


def test_a_participle_before_its_noun_describes_it(nlp):
    assert events(nlp, "The disputed district lies on the river.") == []
    assert events(nlp, "Farmers fear for the shared grazing land.") == []
    assert {k for k, _, _ in events(nlp, "The detained reporters were freed.")} == {"CONCEDE"}
    # a hyphened name is who did it, and the noun is the one it was done to
    assert ("Russia", "supports", "separatists") in facts(
        nlp, "Russian-backed separatists shelled the town."
    )
    # after its noun, a participle with its agent still reports the act
    assert any(
        s == "Iran" and p == "supports"
        for s, p, _ in facts(nlp, "Houthi fighters, backed by Iran, shelled the town.")
    )


def test_a_described_group_keeps_its_hyphened_words(nlp):
    labels = {label for _, sources, _ in events(nlp, "The Saudi-led coalition struck the port.")
              for label in sources}  # fmt: skip
    assert labels == {"Saudi-led coalition"}


def test_those_acting_together_are_not_each_others_object(nlp):
    found = facts(
        nlp, "The plan drawn up by France and Germany was put forward by Paris and Berlin."
    )
    assert not {(a, p, b) for a, p, b in found if {a, b} == {"France", "Germany"}}
    # a joint object is still the object
    assert ("France", "criticizes", "Russia") in facts(
        nlp, "France and Germany condemned Russia and Belarus."
    )


def test_a_relative_clause_on_one_of_joined_names_speaks_of_it(nlp):
    found = facts(
        nlp, "Kenya, which has troops in Somalia, and Uganda, which backs Kiir, sent envoys."
    )
    assert ("Uganda", "supports", "Kiir") in found
    assert ("Kenya", "supports", "Kiir") not in found
    found = facts(nlp, "Oman and Qatar, which funds Hamas, condemned the raid.")
    assert ("Qatar", "aids", "Hamas") in found
    assert ("Oman", "aids", "Hamas") not in found
    # a clause after the joined names with a plural verb may speak of both
    found = facts(nlp, "Spain and Italy, which backed the mission, urged Libya to disarm.")
    assert {("Spain", "requests", "Libya"), ("Italy", "requests", "Libya")} <= found


def test_a_place_near_an_attack_is_not_its_target(nlp):
    found = events(nlp, "Gunmen staged an attack on a police post near Kandahar on Monday.")
    assert all("Kandahar" not in targets for _, _, targets in found)


def test_where_a_stance_is_taken_is_no_party(nlp):
    found = events(nlp, "In Nairobi, diplomats pressed the Sudanese army for a truce.")
    assert all("Nairobi" not in targets for _, _, targets in found)
    # the place of a threatened act is still its target
    assert ("Russia", "threatens", "Odesa") in facts(
        nlp, "Russia threatened to close the port in Odesa."
    )


def test_an_offered_act_is_aimed_at_no_city(nlp):
    found = facts(nlp, "Swiss officials offered to host a new round in Geneva.")
    assert not any(o == "Geneva" for _, _, o in found)
    found = facts(nlp, "Norwegian diplomats offered to hold talks in Oslo between the rebels.")
    assert not any(o == "Oslo" for _, _, o in found)
    found = facts(nlp, "Thai officials offered to hold talks in Kuala Lumpur between the rebels.")
    assert not any(o == "Malaysia" for _, _, o in found)
    # the parties an offer names are still its targets
    assert ("Egypt", "agreesWith", "Hamas") in facts(
        nlp, "Egypt offered to mediate between Israel and Hamas."
    )


def test_observers_sent_to_a_city_investigate_no_city(nlp):
    assert not any(o == "Tripoli" for _, _, o in facts(nlp, "Tunisia sent observers to Tripoli."))
    assert ("Kenya", "investigates", "Ethiopia") not in facts(
        nlp, "Kenya sent observers to the capital."
    )
    assert any(
        t == ("Ethiopia",)
        for _, _, t in events(nlp, "The African Union will send monitors to Ethiopia.")
    )


def test_a_units_head_works_for_its_organisation(nlp):
    found = facts(
        nlp, "Peter Maurer, the head of the World Health Organization office in Sudan, spoke."
    )
    assert ("Peter Maurer", "worksFor", "World Health Organization") in found
    assert not any(p == "leaderOf" for _, p, _ in found)
    found = facts(nlp, "Peter Maurer, the chief of the United Nations mission in Mali, spoke.")
    assert ("Peter Maurer", "worksFor", "United Nations") in found
    found = facts(nlp, "Peter Maurer, the head of the United Nations, spoke.")
    assert ("Peter Maurer", "leaderOf", "United Nations") in found


def test_leading_a_delegation_or_mediation_leads_no_country(nlp):
    found = facts(nlp, "Omani mediation, led by Foreign Minister Badr Albusaidi, stalled in May.")
    assert not any(p == "leaderOf" for _, p, _ in found)
    assert not any(
        p == "leaderOf" for _, p, _ in facts(nlp, "Ali Said, who led the army's delegation, left.")
    )
    assert ("Nawaz Sharif", "leaderOf", "Pakistan") in facts(
        nlp, "Nawaz Sharif, who led Pakistan until 2017, was jailed."
    )


def test_two_word_titles_are_one_title(nlp):
    found = facts(nlp, "WFP Director General Maria Ortiz visited the camp.")
    assert ("Maria Ortiz", "holdsPosition", "Director General") in found
    assert ("Maria Ortiz", "holdsPosition", "General") not in found
    found = facts(nlp, "British Minister of State Anne Hale met the envoy.")
    assert not any(o == "State" for _, _, o in found)
    # a governor holds the office and leads what the title names; the word opens no name
    found = facts(nlp, "Across the river, Governor Musa Bello said the roads were closed.")
    assert ("Musa Bello", "holdsPosition", "Governor") in found
    assert ("Kaduna State Governor Musa Bello", "leaderOf", "Kaduna State") not in found
    assert ("Musa Bello", "leaderOf", "Kaduna State") in facts(
        nlp, "Kaduna State Governor Musa Bello imposed a curfew."
    )
    # a general is still a general
    assert ("Omar Bashir", "holdsPosition", "General") in facts(
        nlp, "General Omar Bashir inspected the troops."
    )


def test_names_the_ner_cut_are_joined_and_honorifics_dropped(nlp):
    found = facts(nlp, "Chadian President Mahamat Idriss Deby flew to the island.")
    assert ("Mahamat Idriss Deby", "leaderOf", "Chad") in found
    found = facts(nlp, "Malaysian Prime Minister Datuk Seri Anwar Ibrahim urged calm.")
    assert ("Anwar Ibrahim", "leaderOf", "Malaysia") in found
    # two people in a list stay two
    found = facts(nlp, "President William Ruto and President Yoweri Museveni met in Kampala.")
    assert ("Yoweri Museveni", "meetsWith", "William Ruto") in found or (
        "William Ruto",
        "meetsWith",
        "Yoweri Museveni",
    ) in found


def test_the_region_of_a_name_is_that_name(nlp):
    assert ("Georgia", "agreesWith", "Abkhazia") in facts(
        nlp, "Georgia signed a trade deal with the breakaway region of Abkhazia."
    )
    assert not any(
        o == "Abkhazia" for _, _, o in facts(nlp, "Georgia signed a deal with the region.")
    )


def test_a_sources_anonymity_is_no_request(nlp):
    found = events(nlp, "An official, who asked not to be identified, said the talks had ended.")
    assert all(kind != "REQUEST" for kind, _, _ in found)
    assert any(
        kind == "REQUEST"
        for kind, _, _ in events(nlp, "Hamas asked Qatar not to publish the list.")
    )


def test_compounds_naming_people_by_what_they_do_are_no_events(nlp):
    assert all(kind != "AID" for kind, _, _ in events(nlp, "The aid workers said 30 had died."))
    assert any(kind == "AID" for kind, _, _ in events(nlp, "Turkey sent aid to the region."))


def test_a_rejected_suggestion_is_not_asserted(nlp):
    found = modalities(nlp, "The ministry rejected suggestions that the troops were in retreat.")
    assert found.get("RETREAT") != "asserted"
    assert modalities(nlp, "The troops were in retreat.").get("RETREAT") == "asserted"


def test_people_seized_are_abducted_and_people_expelled_coerced(nlp):
    assert ("bandits", "abducts", "villagers") in facts(
        nlp, "Bandits seized 40 villagers in Katsina."
    )
    assert ("rebels", "coerces", "Bunia") in facts(nlp, "Rebels seized the town of Bunia.")
    assert ("Cuba", "coerces", "dissidents") in facts(nlp, "Cuba expelled 12 dissidents.")
    assert ("Russia", "sanctions", "France") in facts(nlp, "Russia expelled two French diplomats.")


def test_an_act_promised_only_on_a_condition_is_no_commitment_made(nlp):
    found = modalities(nlp, "Armenia would sign the treaty only if Baku dropped its claims.")
    assert found.get("AGREE") == "hypothetical"
    found = modalities(nlp, "Russia will release the sailors only after the fine is paid.")
    assert found.get("AGREE") == "hypothetical"
    # the condition is yet to be met
    assert found.get("CONCEDE", "hypothetical") == "hypothetical"
    # without "only" the promise is made; in the past the condition was met
    assert modalities(nlp, "Russia will release the sailors next week.").get("AGREE") == "asserted"
    found = modalities(nlp, "Russia released the sailors only after the fine was paid.")
    assert found.get("CONCEDE") == "asserted"


def test_deaths_an_exchange_led_to_are_no_one_sides(nlp):
    found = facts(
        nlp, "Armenian and Azerbaijani troops traded fire overnight, killing two soldiers."
    )
    assert not any(p == "kills" for _, p, _ in found)
    assert {"ASSAULT", "FIGHT"} <= {k for k, _, _ in events(
        nlp, "Armenian and Azerbaijani troops traded fire overnight, killing two soldiers."
    )}  # fmt: skip
    # joint attackers of a one-sided attack still kill
    found = facts(nlp, "Russian and Syrian jets bombed the market, killing 20 civilians.")
    assert ("Russia", "kills", "civilians") in found


def test_a_based_modifier_is_its_own_nouns(nlp):
    found = facts(nlp, "The Geneva-based ICRC and the UNHCR sent teams to the border.")
    assert ("ICRC", "basedIn", "Geneva") in found
    assert not any(s == "UNHCR" and p == "basedIn" for s, p, _ in found)
