"""Exact counts on the sample dataset, and the terminal listing."""

from __future__ import annotations

from rdflib import Dataset, Graph
from sample import build_sample_dataset

from kg.export import merged_graph
from kg.stats import Stats, format_stats, stats


def test_counts_are_exact():
    assert stats(build_sample_dataset()) == Stats(
        documents=2,
        sentences=4,
        entities=5,
        entities_by_class={"Country": 2, "ArmedGroup": 1, "Person": 1, "Position": 1},
        # negotiatesWith is stated in both documents and counts once; the negated
        # "Israel negotiatesWith Hamas" has no triple and does not count at all
        relations=4,
        relations_by_property={"envoyFor": 1, "negotiatesWith": 1, "supports": 1, "worksFor": 1},
        assertions=6,
        assertions_by_modality={"asserted": 4, "negated": 1, "reported": 1},
    )


def test_a_merged_graph_counts_the_same():
    ds = build_sample_dataset()
    assert stats(merged_graph(ds)) == stats(ds)


def test_empty_dataset():
    assert stats(Dataset()) == Stats()
    assert stats(Graph()) == Stats()


def test_assertions_without_modality_are_counted():
    ds = build_sample_dataset()
    kg = "https://w3id.org/kgnews/ontology#"
    for s, p, o, g in list(ds.quads((None, None, None, None))):
        if str(p) == kg + "modality" and str(o) == kg + "reported":
            ds.remove((s, p, o, g))
    assert stats(ds).assertions_by_modality == {"asserted": 4, "negated": 1, "unspecified": 1}


def test_format_stats_is_aligned():
    text = format_stats(stats(build_sample_dataset()))
    lines = text.splitlines()
    assert lines == [
        "documents         2",
        "sentences         4",
        "entities          5",
        "  Country         2",
        "  ArmedGroup      1",
        "  Person          1",
        "  Position        1",
        "relations         4",
        "  envoyFor        1",
        "  negotiatesWith  1",
        "  supports        1",
        "  worksFor        1",
        "assertions        6",
        "  asserted        4",
        "  negated         1",
        "  reported        1",
    ]
    assert len({len(line) for line in lines}) == 1  # numbers right-aligned in one column
    assert text.endswith("\n")
