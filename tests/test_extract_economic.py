"""Words of economic pressure found on round 31 (sanctions and trade news), each shown on
made-up sentences (none from a round, an article or the dev set) and with one where it must not
fire: tariffs, punitive duties and export controls are sanctions, and dropping them a
concession; blacklisting sanctions; a call held with someone is a consultation; aligning with
someone is cooperation; a threatened measure is aimed at whom its condition names; a measure
on a country's goods or sector is on the country.
"""

from __future__ import annotations

from tests.test_extract_scope import events


def _kinds(nlp, text: str) -> list[str]:
    return [k for k, _, _ in events(nlp, text)]


def test_tariffs_and_export_controls_are_sanctions(nlp):
    assert _kinds(nlp, "Ottawa slapped tariffs on American steel last week.") == ["SANCTION"]
    assert _kinds(nlp, "Seoul tightened export controls on chip equipment.") == ["SANCTION"]
    assert _kinds(nlp, "Beijing dropped its punitive tariffs on Australian barley.") == ["CONCEDE"]
    # customs and duty in other senses are no sanctions
    assert _kinds(nlp, "The soldiers were on duty at the border post.") == []
    assert _kinds(nlp, "Customs officers inspected the lorries.") == []


def test_blacklisting_a_company_sanctions_it(nlp):
    assert events(nlp, "The Treasury blacklisted Sovcomflot on Friday.")[0][0] == "SANCTION"


def test_a_call_held_with_someone_is_a_consultation(nlp):
    assert events(nlp, "Emmanuel Macron held a phone call with Vladimir Putin on Sunday.") == [
        ("CONSULT", ("Emmanuel Macron",), ("Vladimir Putin",))
    ]
    assert _kinds(nlp, "The envoy renewed his call for restraint.") != ["CONSULT"]


def test_aligning_with_someone_is_cooperation(nlp):
    assert events(nlp, "South Korea aligned with Washington on chip export rules.") == [
        ("COOPERATE", ("South Korea",), ("United States",))
    ]


def test_a_threatened_measure_is_aimed_at_whom_its_condition_names(nlp):
    found = events(
        nlp, "Ottawa will impose tariffs on American steel if Washington raises its duties."
    )
    assert ("THREATEN", ("Canada",), ("United States",)) in found
    # with no condition, no one is named
    assert events(nlp, "Ottawa will impose tariffs on American steel.") == [
        ("THREATEN", ("Canada",), ())
    ]


def test_a_measure_on_a_countrys_goods_or_sector_is_on_the_country(nlp):
    assert events(nlp, "Ottawa imposed tariffs on Chinese goods.") == [
        ("SANCTION", ("Canada",), ("China",))
    ]
    assert events(nlp, "The EU eased sanctions on Iran's banking sector.") == [
        ("CONCEDE", ("European Union",), ("Iran",))
    ]
    # goods with no owner named are the theme, no one's
    assert events(nlp, "Ottawa imposed tariffs on steel goods.") == [("SANCTION", ("Canada",), ())]
