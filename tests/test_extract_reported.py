"""Constructions of long reported-speech sentences found on round 32, each shown on made-up
sentences (none from a round, an article or the dev set) and with one where it must not fire:
an accusing or warning participle hung on the reported clause is the speaker's; an object
shifted after "as" and a judgement ("rejected as baseless a report by X") is still the object;
rejecting or denying a report targets its author, even when the author is an organisation's
experts; regretting someone's decision disapproves of them; negotiators for a side act for it;
a joint operation is cooperation; adding someone to a blacklist sanctions them; an operation
against an armed group is an attack (as "attacked" is), and against a crime no event; a "that"
clause the parser hung on an adjunct's noun is still what was said; exiles are a group that
acts; a capital where a measure holds is the city; a name written with accents the tables leave
out is still known (in ``test_names.py``).
"""

from __future__ import annotations

from tests.test_extract_scope import events


def test_an_accusing_participle_on_the_reported_clause_is_the_speakers(nlp):
    found = events(
        nlp,
        "Kenya's interior ministry said on Friday that Somalia had closed the border, "
        "accusing Mogadishu of harbouring militants.",
    )
    assert ("ACCUSE", ("interior ministry",), ("Somalia",)) in found
    found = events(
        nlp,
        "The junta said that ECOWAS had imposed sanctions, warning that it would retaliate.",
    )
    assert ("THREATEN", ("junta",), ()) in found
    # must not fire: an act that is not a speech act stays the reported doer's, and so does
    # a participle of a clause reported with no "that"
    found = events(nlp, "Police said gunmen had stormed the hotel, killing six guests.")
    assert ("ASSAULT", ("gunmen",), ("guests",)) in found
    found = events(
        nlp, "The emir condemned Israel on Monday, accusing it of genocide, state media reported."
    )
    assert ("ACCUSE", ("emir",), ("Israel",)) in found


def test_a_that_clause_after_an_adjunct_is_still_what_was_said(nlp):
    found = events(
        nlp, "The senator told voters at a town hall on Friday that Iran must free the hostages."
    )
    assert found[0] == ("DEMAND", ("senator",), ("Iran",))
    # must not fire: a relative clause on the adjunct's noun says nothing
    assert events(nlp, "The mayor spoke at a school that the council had built.") == []


def test_exiles_are_a_group_that_acts(nlp):
    assert events(nlp, "Belarusian exiles rallied in Vilnius against Lukashenko.")[0][1] == (
        "Belarusian exiles",
    )


def test_a_capital_where_a_measure_holds_is_the_city(nlp):
    assert events(nlp, "The junta imposed a curfew in Niamey on Tuesday.") == [
        ("COERCE", ("junta",), ("Niamey",))
    ]
    # as an actor the capital is still its country
    assert events(nlp, "Niamey imposed a curfew on the region.")[0][1] == ("Niger",)


def test_an_object_shifted_after_as_and_a_judgement_is_the_object(nlp):
    assert events(nlp, "Belgrade dismissed as propaganda the claims by Pristina.") == [
        ("REJECT", ("Serbia",), ("Kosovo",))
    ]
    assert events(nlp, "Ankara condemned as unlawful the decision by Athens.") == [
        ("DISAPPROVE", ("Turkey",), ("Greece",))
    ]
    found = events(nlp, 'Cairo rejected as "biased and unfounded" a report by Human Rights Watch.')
    assert found == [("REJECT", ("Egypt",), ("Human Rights Watch",))]
    # must not fire: "as" naming a role takes no object
    assert events(nlp, "The minister spoke as a senior official of the party.") == []


def test_rejecting_a_report_targets_its_author_and_an_organisations_experts_are_it(nlp):
    found = events(nlp, "Uganda denied a report by UN investigators that it armed the rebels.")
    assert found[0] == ("REJECT", ("Uganda",), ("United Nations",))
    assert events(nlp, "EU monitors accused the police of beating protesters.")[0][1] == (
        "European Union",
    )
    # must not fire: experts of no one are no one's
    assert events(nlp, "Experts said the famine would spread.") == []


def test_regretting_someones_decision_disapproves_of_them(nlp):
    assert events(nlp, "France regretted the decision by Mali's junta to expel its envoy.")[0] == (
        "DISAPPROVE",
        ("France",),
        ("Mali",),
    )
    assert ("DISAPPROVE", ("Norway",), ("Russia",)) in events(
        nlp, "Norway regretted Moscow's refusal to renew the deal."
    )
    # must not fire: regretting a loss blames no one
    assert events(nlp, "The mayor regretted the loss of life.") == []


def test_negotiators_for_a_side_act_for_it(nlp):
    assert events(nlp, "Negotiators for the Taliban rejected the proposal on Sunday.") == [
        ("REJECT", ("Taliban",), ())
    ]
    # must not fire: an envoy's remit is not whom he acts for
    assert ("CONSULT", ("Syria",), ("Bashar al-Assad",)) not in events(
        nlp, "The UN envoy for Syria met Bashar al-Assad."
    )


def test_a_joint_operation_is_cooperation(nlp):
    assert events(nlp, "Peruvian police and Bolivian troops mounted a joint operation.") == [
        ("COOPERATE", ("Peru",), ("Bolivia",))
    ]


def test_adding_someone_to_a_blacklist_sanctions_them(nlp):
    assert events(nlp, "The Commerce Department added Huawei to its entity list.") == [
        ("SANCTION", ("Commerce Department",), ("Huawei",))
    ]
    # must not fire: a list that is no blacklist
    assert events(nlp, "The organisers added Kenya to the list of speakers.") == []


def test_an_operation_against_an_armed_group_is_an_attack_and_against_a_crime_none(nlp):
    assert events(nlp, "The army began an operation against al-Shabaab in Lower Shabelle.") == [
        ("ASSAULT", ("army",), ("al-Shabaab",))
    ]
    assert events(nlp, "Customs launched an operation against cigarette smuggling.") == []
