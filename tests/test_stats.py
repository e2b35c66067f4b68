"""Exact counts on the sample dataset, and the terminal listing."""

from __future__ import annotations

from rdflib import Dataset, Graph, Namespace
from sample import build_sample_dataset

from kg.outputs.export import merged_graph
from kg.outputs.stats import Stats, format_stats, stats


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
        # five statements: the four relations and the negated-only "Israel negotiatesWith Hamas"
        facts=5,
        facts_by_modality={"asserted": 3, "negated": 1, "reported": 1},
        # "hostage affairs" is a Position in the sample, outside envoyFor's range
        conforming=3,
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
        "facts             5",
        "  asserted        3",
        "  negated         1",
        "  reported        1",
        "events            0",
        "conformance       0.750  (3/4 relations fit their property's domain and range)",
    ]
    counts = lines[:-1]
    assert len({len(line) for line in counts}) == 1  # numbers right-aligned in one column
    assert text.endswith("\n")


def test_conformance_rate():
    result = stats(build_sample_dataset())
    assert result.conformance == 0.75
    assert Stats().conformance is None
    assert format_stats(Stats()).splitlines()[-1] == (
        "conformance  n/a  (0/0 relations fit their property's domain and range)"
    )


def test_a_fact_counts_under_its_most_certain_mention():
    """negotiatesWith is stated twice as asserted; made "future" once, it is still asserted."""
    ds = build_sample_dataset()
    kg = Namespace("https://w3id.org/kgnews/ontology#")
    first = next(
        a for a in ds.subjects(kg.evidence, None) if "held talks" in str(ds.value(a, kg.evidence))
    )
    for s, p, o, g in list(ds.quads((first, kg.modality, None, None))):
        ds.remove((s, p, o, g))
        ds.add((s, p, kg.future, g))
    result = stats(ds)
    assert result.facts_by_modality == {"asserted": 3, "negated": 1, "reported": 1}
    assert result.assertions_by_modality == {
        "asserted": 3,
        "future": 1,
        "negated": 1,
        "reported": 1,
    }


def test_the_inferred_graph_is_not_counted(seed_build):
    from kg.rdf.infer import infer

    ds = Dataset(default_union=True)
    for quad in seed_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    before = stats(ds)
    assert before.relations > 0
    assert infer(ds).added > 0
    assert stats(ds) == before
