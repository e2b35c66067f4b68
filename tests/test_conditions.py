"""Acts under a condition ("will withdraw unless ...") are not stated as done or as plans.

Real spaCy model; sentences written for these tests.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def events(nlp, text: str) -> list[tuple[str, str]]:
    result = extract(nlp(text), Document("t", text))
    return [(e.type, e.modality) for e in result.events]


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister will resign if parliament rejects the budget.",
        "The rebels will withdraw from the city unless the army advances.",
    ],
)
def test_an_act_under_a_condition_is_hypothetical(nlp, text):
    assert ("RETREAT", "hypothetical") in events(nlp, text)


def test_the_threat_itself_is_made_whatever_its_condition(nlp):
    # must not fire on the speech act: the threat was made; only its content is conditional
    found = events(nlp, "The union threatened to strike if the government cut pensions.")
    assert ("THREATEN", "asserted") in found


def test_an_act_without_a_condition_keeps_its_modality(nlp):
    # must not fire: "after" and "when" are no conditions
    assert ("RETREAT", "asserted") in events(
        nlp, "Russia withdrew its forces from the border after NATO halted its expansion."
    )
    assert ("RETREAT", "asserted") in events(
        nlp, "The rebels withdrew from the city when the army advanced."
    )
