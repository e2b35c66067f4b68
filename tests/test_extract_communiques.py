"""Constructions found on rounds 29 and 30 (monitoring summaries, communiqués and claims), each
shown on made-up sentences (none from a round, an article or the dev set) and with one where it
must not fire.

- "its fighters", "X's spokesman", "an army spokesman" act for the organisation that owns them;
- "quoted X as V-ing": X is the one who does it, and it is reported;
- what one failed to do did not happen; what one plotted to do has not happened yet;
- whom a protest's demand names is whom the protest is against;
- a denial is the denier's rejection; withdrawing an ambassador from a capital is a sanction;
- a verb whose object is "no ..." did not act; "a brigade of doctors" is doctors;
- alleging that X did something accuses X; judging a hostile act judges its doer, not whom it hit;
- backing for someone is support; withdrawing, lifting or dropping a measure against someone
  (warrants, a terrorist tag, charges, a demand) is a concession.
"""

from __future__ import annotations

from tests.test_extract_scope import events, modalities


def _sources(nlp, text: str, kind: str) -> set[str]:
    return {s for k, sources, _ in events(nlp, text) if k == kind for s in sources}


def test_an_organisations_own_people_act_for_it(nlp):
    assert _sources(
        nlp, "Hezbollah said its fighters had fired rockets at a border post.", "FIGHT"
    ) == {"Hezbollah"}
    assert _sources(
        nlp, "A police spokesman accused the gang of kidnapping the boy.", "ACCUSE"
    ) == {"police"}
    assert _sources(
        nlp, "The Taliban movement's spokesman rejected the offer of talks.", "REJECT"
    ) == {"Taliban"}
    # those it acts on, and its allies, are others
    assert ("CONCEDE", ("Hamas",), ("captives",)) in events(
        nlp, "Hamas said it had freed its captives."
    )
    assert ("REQUEST", ("Ukraine",), ("Western allies",)) in events(
        nlp, "Kyiv has asked its Western allies for more air defence systems."
    )
    # "its" with no organisation or country above it owns nothing
    found = events(nlp, "The ministry said the city had evacuated its residents.")
    assert all("ministry" not in sources for _, sources, _ in found)


def test_quoted_as_doing_is_the_quoted_ones_act_and_reported(nlp):
    text = (
        "The official news agency quoted Foreign Minister Ahmed Aboul Gheit as condemning the raid."
    )
    assert _sources(nlp, text, "DISAPPROVE") == {"Ahmed Aboul Gheit"}
    assert modalities(nlp, text)["DISAPPROVE"] == "reported"
    # the one quoting is not the one who acts
    assert "official news agency" not in _sources(nlp, text, "DISAPPROVE")


def test_a_failed_act_did_not_happen_and_a_plotted_one_has_not_yet(nlp):
    assert modalities(nlp, "The militia failed to release the hostages by the deadline.") == {
        "CONCEDE": "negated"
    }
    assert modalities(nlp, "The militia released the hostages after the talks failed.") == {
        "CONCEDE": "asserted"
    }
    found = modalities(nlp, "Prosecutors accused the officers of plotting to kill the president.")
    assert found["ASSAULT"] == "hypothetical"


def test_a_protest_is_against_whom_its_demand_names(nlp):
    text = (
        "Hundreds of farmers marched in Eldoret demanding that President William Ruto withdraw"
        " the tax bill."
    )
    assert any(k == "PROTEST" and "William Ruto" in t for k, _, t in events(nlp, text))
    # a demanding participle the parser hangs on the place still speaks for the protesters
    text = (
        "Students held a vigil outside the embassy in Nairobi demanding the release of Ali Hassan."
    )
    assert any(k == "PROTEST" and "Ali Hassan" in t for k, _, t in events(nlp, text))
    # a demand that names no one leaves the protest without a target
    assert [t for k, _, t in events(nlp, "Students staged rallies to demand reforms.")] == [()]


def test_a_denial_is_the_deniers_rejection(nlp):
    text = "The militia denied that its fighters had looted the market."
    assert _sources(nlp, text, "REJECT") == {"militia"}
    assert modalities(nlp, text)["COERCE"] == "negated"
    assert _sources(nlp, "The ministry denied responsibility for the explosion.", "REJECT") == {
        "ministry"
    }


def test_an_ambassador_withdrawn_from_a_capital_is_a_sanction(nlp):
    assert events(nlp, "Algeria withdrew its ambassador from Madrid.") == [
        ("SANCTION", ("Algeria",), ("Spain",))
    ]
    assert events(nlp, "Algeria withdrew its troops from Mali.") == [
        ("RETREAT", ("Algeria",), ("Mali",))
    ]


def test_an_act_on_no_object_did_not_happen(nlp):
    assert modalities(nlp, "The army freed no prisoners.") == {"CONCEDE": "negated"}
    assert modalities(nlp, "The rebels offered no explanation for the delay.") == {
        "AGREE": "negated"
    }
    assert modalities(nlp, "The army freed two prisoners.") == {"CONCEDE": "asserted"}


def test_a_brigade_of_doctors_is_doctors(nlp):
    assert events(nlp, "Venezuela sent a brigade of nurses to Bolivia.") == [
        ("AID", ("Venezuela",), ("Bolivia",))
    ]
    assert [k for k, _, _ in events(nlp, "Russia sent a brigade of paratroopers to Belarus.")] == [
        "MOBILIZE"
    ]


def test_alleging_that_someone_did_it_accuses_them(nlp):
    assert events(nlp, "The opposition alleged that Moscow had bribed officials.") == [
        ("ACCUSE", ("opposition",), ("Russia",))
    ]


def test_judging_a_hostile_act_judges_its_doer_not_whom_it_hit(nlp):
    found = events(nlp, "Egypt condemned the Israeli attack on Rafah.")
    assert ("DISAPPROVE", ("Egypt",), ("Israel",)) in found
    assert ("DISAPPROVE", ("Egypt",), ()) not in found
    assert all("Rafah" not in t for k, _, t in found if k == "DISAPPROVE")
    # with no doer named, no one is judged; a threat of an attack is still aimed at its target
    assert ("DISAPPROVE", ("Hezbollah",), ()) in events(
        nlp, "Hezbollah condemned the raid on Tyre."
    )
    assert ("THREATEN", ("Israel",), ("Lebanon",)) in events(
        nlp, "Israel threatened an attack on Lebanon."
    )


def test_backing_for_someone_is_support(nlp):
    assert events(nlp, "The African Union voiced its full backing for Somalia.") == [
        ("SUPPORT", ("African Union",), ("Somalia",))
    ]
    assert events(nlp, "The backing singers left the stage.") == []


def test_withdrawing_or_dropping_a_measure_against_someone_is_a_concession(nlp):
    found = events(nlp, "The government withdrew the arrest warrants against the rebel leaders.")
    assert [k for k, _, _ in found] == ["CONCEDE"]
    assert [
        k for k, _, _ in events(nlp, "The cabinet lifted the terrorist tag on the Maoists.")
    ] == ["CONCEDE"]
    found = events(nlp, "Prosecutors dropped the charges against the journalists.")
    assert [k for k, _, _ in found] == ["CONCEDE"]
    assert [
        k for k, _, _ in events(nlp, "The rebels dropped their demand for a federal state.")
    ] == ["CONCEDE"]
    # the measure itself, and a withdrawal of troops, are what they were
    found = events(nlp, "Prosecutors filed charges against the journalists.")
    assert [k for k, _, _ in found] == ["DISAPPROVE"]
    assert [k for k, _, _ in events(nlp, "The army withdrew from the town.")] == ["RETREAT"]
