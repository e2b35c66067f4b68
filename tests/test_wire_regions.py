"""Constructions of wire copy found by round 16 (``tests/data/rounds/r16-wire-regions.json``):
rejections by phrasal verbs, acts a request noun asks for, "press ahead" as going on, placing a
place under martial law or a curfew, and orders.

Each is checked on sentences made up here (none is the round's, the dev set's or the own
records'), with one where it must not fire.
"""

from __future__ import annotations

import pytest
from readings import events, types

from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # brushing aside or shrugging off what another says is rejecting it
        (
            "Iran brushed aside demands by the European Union to halt uranium enrichment.",
            ("REJECT", ("Iran",), ("European Union",)),
        ),
        (
            "North Korea shrugged off criticism from Japan on Tuesday.",
            ("REJECT", ("North Korea",), ("Japan",)),
        ),
        # placing a place under martial law, a curfew or direct rule coerces it
        (
            "Indonesia placed Aceh under martial law on Monday.",
            ("COERCE", ("Indonesia",), ("Aceh",)),
        ),
        (
            "Pakistan placed Quetta under curfew after the riots.",
            ("COERCE", ("Pakistan",), ("Quetta",)),
        ),
        (
            "Britain put Gibraltar under direct rule last year.",
            ("COERCE", ("United Kingdom",), ("Gibraltar",)),
        ),
        # ordering another to act is a demand on it
        (
            "Russia ordered Georgia to halt its military exercises.",
            ("DEMAND", ("Russia",), ("Georgia",)),
        ),
    ],
)
def test_wire_entries(nlp, text, expected):
    assert expected in events(nlp, text)


def test_a_state_of_emergency_a_place_is_placed_under_is_coercion(nlp):
    assert "COERCE" in types(nlp, "Ecuador placed Guayas under a state of emergency.")


def test_a_watch_a_suspect_is_placed_under_is_no_coercion(nlp):
    assert "COERCE" not in types(nlp, "Police placed the suspect under close watch.")


@pytest.mark.parametrize(
    "text",
    [
        "Iran dismissed demands by the European Union to halt uranium enrichment.",
        "Hamas rejected an appeal by Egypt to release the captured soldier.",
        "Turkey ignored calls by NATO to withdraw its troops from the border.",
    ],
)
def test_what_a_request_noun_asks_for_has_not_happened(nlp, text):
    """As for "urged X to V": the act asked for is not asserted, nor anyone's (the requester's
    or the rejecter's)."""
    assert not types(nlp, text) & {"RETREAT", "CONCEDE"}


def test_an_act_done_for_a_purpose_still_happened(nlp):
    assert "RETREAT" in types(nlp, "Syria withdrew its troops from the border to show goodwill.")


@pytest.mark.parametrize(
    "text",
    [
        "Serbia pushed ahead with plans to hold elections in Kosovo.",
        "Iran pressed ahead with its nuclear programme despite the sanctions.",
    ],
)
def test_pressing_ahead_is_going_on_not_a_demand(nlp, text):
    assert "DEMAND" not in types(nlp, text)


def test_pressing_another_is_still_a_demand(nlp):
    assert ("DEMAND", ("Israel",), ("United States",)) in events(
        nlp, "Israel pressed the United States for more military aid."
    )


def test_what_an_order_is_for_is_not_done_by_the_one_who_orders(nlp):
    found = events(nlp, "Kazakhstan ordered the Russian military to vacate the test range.")
    assert not any(e[0] == "RETREAT" and e[1] == ("Kazakhstan",) for e in found)


def test_an_order_for_a_thing_is_no_demand(nlp):
    """ "order" holds a stance only over an act it governs: "ordered an inquiry" demands none."""
    assert "DEMAND" not in types(nlp, "Kenya ordered an inquiry into the shooting.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China will take resolute steps if Taiwan declares independence.",
            ("THREATEN", ("China",), ("Taiwan",)),
        ),
        (
            "Turkey will take action if Syria keeps sheltering the rebels.",
            ("THREATEN", ("Turkey",), ("Syria",)),
        ),
    ],
)
def test_a_response_announced_if_another_acts_is_a_threat_at_it(nlp, text, expected):
    assert expected in events(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan will take measures to protect its fishermen.",
        "India took steps to curb inflation.",
    ],
)
def test_measures_with_no_condition_threaten_no_one(nlp, text):
    assert "THREATEN" not in types(nlp, text)
