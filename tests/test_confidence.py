"""Confidence: calibrated per rule kind, and raised by other mentions of the same fact."""

from __future__ import annotations

from kg.extract.confidence import corroborate
from kg.lexicon import load_lexicon
from kg.model import Document, Extraction, Fact


def fact(confidence: float, modality: str = "asserted", sentence: int = 0) -> Fact:
    return Fact(
        "qatar",
        "mediates",
        "talks",
        sentence=sentence,
        start=0,
        end=5,
        evidence="Qatar",
        rule="verb.v1",
        confidence=confidence,
        modality=modality,
    )


def extraction(doc_id: str, *facts: Fact) -> Extraction:
    return Extraction(Document(doc_id, "Qatar mediated the talks."), (), (), facts)


def test_a_fact_seen_twice_scores_higher_than_once():
    once = corroborate([extraction("a", fact(0.8))])
    twice = corroborate([extraction("a", fact(0.8)), extraction("b", fact(0.8))])
    assert once[0].facts[0].confidence == 0.8
    assert twice[0].facts[0].confidence == twice[1].facts[0].confidence == 0.88
    three = corroborate([extraction(x, fact(0.8)) for x in "abc"])
    assert 0.88 < three[0].facts[0].confidence < 1


def test_negated_mentions_neither_gain_nor_give():
    result = corroborate([extraction("a", fact(0.8), fact(0.9, "negated", 1))])
    assert [f.confidence for f in result[0].facts] == [0.8, 0.9]


def test_rule_confidences_are_probabilities_ordered_by_measured_precision():
    weights = load_lexicon().confidence
    assert all(0 < weights[k] <= 1 for k in ("verb", "noun", "stance", "role", "title"))
    assert weights["verb"] > weights["stance"] > weights["noun"]  # bench/calibrate.py
    assert all(0 < w <= 1 for w in weights["modality"].values())


def test_every_rule_kind_has_a_confidence():
    from kg.extract.rules import RULES

    weights = load_lexicon().confidence
    assert {name.split(".", 1)[0] for name in RULES} <= set(weights)
