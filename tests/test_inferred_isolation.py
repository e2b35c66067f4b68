"""Inferred triples (kg infer) never count as extracted facts: scores and views are unchanged."""

from __future__ import annotations

import copy

from kg.evaluate.facts import load_gold, score
from kg.outputs.network import to_networkx
from kg.rdf.infer import infer


def test_scores_and_views_ignore_the_inferred_graph(seed_build):
    from conftest import SEED_GOLD

    before = copy.deepcopy(seed_build.dataset)
    after = copy.deepcopy(seed_build.dataset)
    infer(after)
    assert len(after) > len(before)  # inference added triples, in their own graph
    gold = load_gold(SEED_GOLD)
    plain, inferred = score(before, gold), score(after, gold)
    assert plain.correct > 0
    assert (inferred.facts, inferred.correct, inferred.required_found) == (
        plain.facts,
        plain.correct,
        plain.required_found,
    )
    assert to_networkx(after).number_of_edges() == to_networkx(before).number_of_edges() > 0
