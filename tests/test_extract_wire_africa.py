"""Constructions found on round 42 (the dev set's kind: wire from Central and West Africa, the
Horn and Arabia), each shown on made-up sentences (none from a round, an article or the dev set)
and with one where it must not fire: a name apposed to the end of an opening phrase is the
verb's subject, money handed over is aid, what reports, road maps and executions are of,
surrendering to someone, and acts joined to a demanded act are demanded too.
"""

from __future__ import annotations

from tests.test_extract_scope import events, kinds


def test_a_name_after_an_opening_phrase_is_the_verbs_subject(nlp):
    text = "Angered by the remarks of Foreign Minister Ali Babacan, Syria recalled its ambassador."
    assert events(nlp, text) == [("SANCTION", ("Syria",), ())]
    doc = nlp(text)
    assert [t.dep_ for t in doc if t.text == "Syria"] == ["nsubj"]
    # must not fire: an apposition with no opening phrase stays one
    doc = nlp("President Yoweri Museveni, Uganda's leader, met Paul Kagame.")
    assert [t.dep_ for t in doc if t.text == "leader"] == ["appos"]


def test_money_handed_over_is_aid(nlp):
    found = events(nlp, "The UAE handed over $30 million to Somalia's government.")
    assert found == [("AID", ("UAE",), ("Somalia",))]
    # must not fire as aid: suspects handed over
    found = events(nlp, "Kenya handed over two suspects to Uganda.")
    assert "AID" not in kinds(found)


def test_what_reports_road_maps_and_executions_are_of(nlp):
    found = events(nlp, "A UN team began investigating reports of executions by government troops.")
    assert found == [("INVESTIGATE", ("United Nations",), ("government troops",))]
    found = events(nlp, "The AU endorsed the roadmap drawn up by Mali's interim authorities.")
    assert found == [("SUPPORT", ("AU",), ("Mali",))]
    # must not fire: a road map of no one's names no one to support
    assert events(nlp, "The AU endorsed the roadmap.") == []


def test_surrendering_to_someone_is_aimed_at_them(nlp):
    found = events(nlp, "More than 200 rebels surrendered to the army on Sunday.")
    assert found == [("RETREAT", ("rebels",), ("army",))]
    # must not fire as a target: surrendering at a place
    assert events(nlp, "More than 200 rebels surrendered at the border.") == [
        ("RETREAT", ("rebels",), ())
    ]


def test_acts_joined_to_a_demanded_act_are_demanded_too(nlp):
    found = events(
        nlp, "The council demanded that Eritrea withdraw its forces and engage in dialogue."
    )
    assert kinds(found) == {"DEMAND"}
    # must not fire: the same acts told as done
    found = events(nlp, "Eritrea withdrew its forces and engaged in dialogue with Djibouti.")
    assert "CONSULT" in kinds(found)
