"""OWL-RL inference into its own named graph: what it adds, what it leaves alone, undoing it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import FOAF, PROV

from kg.cli import main
from kg.rdf.dataset import INFERRED_GRAPH, data_base, inferred_graph_iri, is_inferred_graph
from kg.rdf.infer import infer, remove_inferred
from kg.rdf.namespace import KG, PREFIXES

KGD = PREFIXES["kgd"]
ORG = "http://www.w3.org/ns/org#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"


def copy(ds: Dataset) -> Dataset:
    new = Dataset(default_union=True)
    for quad in ds.quads((None, None, None, None)):
        new.add(quad)
    return new


def extracted(ds: Dataset) -> dict[str, set]:
    """Every graph but the inferred one, as sets of triples by name."""
    return {
        str(g.identifier): set(g)
        for g in ds.graphs()
        if len(g) and not is_inferred_graph(g.identifier)
    }


def quads(ds: Dataset) -> set[tuple]:
    """Every quad, graphs by name (kg graphs have no blank nodes, so sets compare exactly)."""
    return {(s, p, o, str(getattr(g, "identifier", g))) for s, p, o, g in ds.quads()}


def label(ds: Dataset, name: str) -> URIRef:
    return next(s for s, o in ds.subject_objects(RDFS.label) if str(o) == name)


def ask(ds: Dataset, query: str) -> bool:
    return bool(ds.query(query, initNs=PREFIXES).askAnswer)


@pytest.fixture(scope="module")
def inferred(seed_build) -> tuple[Dataset, object]:
    ds = copy(seed_build.dataset)
    return ds, infer(ds)


def test_the_inferred_graph_is_named_under_the_data_base(inferred) -> None:
    ds, result = inferred
    assert result.graph == URIRef(KGD + INFERRED_GRAPH) == inferred_graph_iri(ds)
    assert result.added == len(ds.graph(result.graph)) > 0
    assert sum(result.by_predicate.values()) == result.added


def test_every_person_and_country_is_an_actor_in_the_union(inferred) -> None:
    ds, _ = inferred
    for cls in ("Person", "Country", "ArmedGroup", "PersonGroup"):
        assert ask(ds, f"ASK {{ ?x a kg:{cls} }}")
        assert not ask(ds, f"ASK {{ ?x a kg:{cls} . FILTER NOT EXISTS {{ ?x a kg:Actor }} }}"), cls
    assert not ask(ds, "ASK { ?x a kg:Country . FILTER NOT EXISTS { ?x a kg:Place } }")
    boehler = label(ds, "Adam Boehler")
    graph = ds.graph(inferred_graph_iri(ds))
    for cls in (KG.Actor, FOAF.Person, PROV.Agent, URIRef(SEM + "Actor")):
        assert (boehler, RDF.type, cls) in graph


def test_symmetric_inverse_and_super_property_edges(inferred) -> None:
    ds, _ = inferred
    graph = ds.graph(inferred_graph_iri(ds))
    hamas, us = label(ds, "Hamas"), label(ds, "United States")
    gaza, militants = label(ds, "Gaza"), label(ds, "Palestinian militants")
    hostages = next(ds.objects(militants, KG.holdsHostage))
    if (hamas, KG.negotiatesWith, us) in extracted_union(ds):
        assert (us, KG.negotiatesWith, hamas) in graph  # symmetric
    else:
        assert (hamas, KG.negotiatesWith, us) in graph
    assert (gaza, KG.controlledBy, hamas) in graph  # inverse of controls
    assert (hostages, KG.heldHostageBy, militants) in graph  # inverse of holdsHostage
    for captive, place in ds.subject_objects(KG.heldIn):
        assert (captive, KG.locatedIn, place) in graph  # heldIn is a kind of locatedIn
    assert ask(ds, "ASK { ?place kg:controlledBy ?who . ?who rdfs:label 'Hamas' }")


def extracted_union(ds: Dataset) -> set:
    return set().union(*extracted(ds).values())


def test_only_useful_triples_about_data_nodes(inferred) -> None:
    ds, _ = inferred
    for s, p, o in ds.graph(inferred_graph_iri(ds)):
        assert str(s).startswith(KGD), s
        assert p not in (OWL.sameAs, OWL.differentFrom), p
        assert o not in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual), o
        assert not isinstance(o, Literal)
        if p != RDF.type:
            assert str(o).startswith(KGD), o
        assert (s, p, o) not in extracted_union(ds)


def test_extracted_graphs_are_untouched_and_dropping_undoes_it(seed_build) -> None:
    ds = copy(seed_build.dataset)
    before = extracted(ds)
    added = infer(ds).added
    assert extracted(ds) == before
    assert remove_inferred(ds) == added
    assert not any(is_inferred_graph(g.identifier) for g in ds.graphs())
    assert quads(ds) == quads(seed_build.dataset)


def test_running_it_again_replaces_the_inferred_graph(inferred) -> None:
    ds, first = inferred
    again = copy(ds)
    second = infer(again)
    assert second.added == first.added
    assert set(again.graph(second.graph)) == set(ds.graph(first.graph))


def test_a_custom_base_names_the_graph(sample) -> None:
    base = "https://example.org/news/"
    ds = Dataset(default_union=True)

    def rebase(term):
        text = str(term)
        return URIRef(base + text[len(KGD) :]) if text.startswith(KGD) else term

    for s, p, o, g in sample.quads((None, None, None, None)):
        ds.add((rebase(s), p, rebase(o), rebase(getattr(g, "identifier", g))))
    assert data_base(ds) == base
    result = infer(ds)
    assert str(result.graph) == base + INFERRED_GRAPH
    for s, _, _ in ds.graph(result.graph):
        assert str(s).startswith(base)


def test_build_with_infer(tmp_path: Path) -> None:
    from kg.api import build

    jsonl = tmp_path / "in.jsonl"
    text = "Hamas controls Gaza. The United States negotiated with Hamas in Doha on Monday."
    jsonl.write_text(json.dumps({"id": "doc-1", "text": text}) + "\n", encoding="utf-8")
    result = build([str(jsonl)], out_dir=tmp_path / "out", view=False, infer=True)
    trig = Dataset(default_union=True)
    trig.parse(result.outputs["trig"], format="trig")
    name = URIRef(KGD + INFERRED_GRAPH)
    assert len(trig.graph(name)) > 0
    assert set(trig.graph(name)) == set(result.dataset.graph(name))
    turtle = set(Dataset().parse(result.outputs["turtle"], format="turtle"))
    assert not turtle & set(trig.graph(name))  # the merged Turtle keeps to extracted facts


def test_kg_infer_command(seed_graph_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "with-inferences.trig"
    result = runner.invoke(main, ["infer", "--in", str(seed_graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("inferred ")
    assert "in kgd:graph/inferred (rdf:type " in result.stdout
    ds = Dataset(default_union=True)
    ds.parse(out, format="trig")
    assert len(ds.graph(URIRef(KGD + INFERRED_GRAPH))) > 0
    query = runner.invoke(
        main, ["query", "SELECT ?x WHERE { ?x a kg:Actor }", "--in", str(out), "-f", "csv"]
    )
    assert len(query.stdout.splitlines()) > 10

    dropped = runner.invoke(main, ["infer", "--drop", "--in", str(out)])
    assert dropped.exit_code == 0, dropped.output
    assert dropped.stdout.startswith("dropped ")
    again = Dataset(default_union=True)
    again.parse(out, format="trig")
    original = Dataset(default_union=True)
    original.parse(seed_graph_file, format="trig")
    assert quads(again) == quads(original)

    refused = runner.invoke(main, ["infer", "--in", str(seed_graph_file), "-o", "x.ttl"])
    assert refused.exit_code == 2
    assert "write TriG" in refused.output
