"""The query library (ontology/queries/*.rq): each query on the seed graph, with its rows."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Dataset, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.cli import main
from kg.outputs.query import is_query_name, query_library
from kg.rdf.infer import infer
from kg.rdf.namespace import KG, PREFIXES, load_ontology

LIBRARY = query_library()
NAMES = sorted(LIBRARY)


def rows(ds: Dataset, name: str, text: str | None = None) -> list[dict[str, str]]:
    result = ds.query(text or LIBRARY[name].text, initNs=PREFIXES)
    return [{str(v): str(row[v]) for v in result.vars if row[v] is not None} for row in result]


def test_the_library_holds_the_queries_the_issue_asks_for() -> None:
    assert {
        "negotiations",
        "hostages",
        "positions",
        "timeline",
        "entity",
        "most-connected",
        "confidence",
        "evidence",
        "events-by-type",
        "events-by-actor",
    } <= set(LIBRARY)


#: Queries about event mentions: a graph built before the extractor wrote them has none (their
#: rows are checked on hand-built event mentions in test_events.py).
EVENT_QUERIES = {"timeline", "events-by-type", "events-by-actor"}


def skip_without_events(ds: Dataset, name: str) -> None:
    if name in EVENT_QUERIES and next(ds.subjects(RDF.type, KG.EventMention), None) is None:
        pytest.skip(f"{name} reads event mentions and this build has none")


@pytest.mark.parametrize("name", NAMES)
def test_each_query_says_what_it_answers_and_parses(name: str) -> None:
    query = LIBRARY[name]
    assert query.text.startswith("# ")
    assert query.summary and query.summary[0].isupper() and query.summary.endswith(".")
    assert len(query.summary) < 100
    prepareQuery(query.text, initNs=PREFIXES)
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("PREFIX"))
    prepareQuery(body, initNs=PREFIXES)  # kg query binds the prefixes itself


@pytest.mark.parametrize("name", NAMES)
def test_each_query_returns_rows_on_the_seed_graph(seed_build, name: str) -> None:
    skip_without_events(seed_build.dataset, name)
    assert rows(seed_build.dataset, name), name


@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_gives_the_same_number_of_rows(seed_build, name: str) -> None:
    skip_without_events(seed_build.dataset, name)
    store = pyoxigraph.Store()
    data = seed_build.dataset.serialize(format="nquads").encode()
    store.load(data, format=pyoxigraph.RdfFormat.N_QUADS)
    ox_rows = list(store.query(LIBRARY[name].text, use_default_graph_as_union=True))
    assert len(ox_rows) == len(rows(seed_build.dataset, name)) > 0


@pytest.mark.parametrize("name", NAMES)
def test_the_inferred_graph_does_not_change_the_answers(seed_build, name: str) -> None:
    ds = Dataset(default_union=True)
    for quad in seed_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    infer(ds)

    def key(row: dict[str, str]) -> tuple:
        return tuple(sorted(row.items()))

    assert sorted(map(key, rows(ds, name))) == sorted(map(key, rows(seed_build.dataset, name)))


# --- expected rows on the seed graph ---------------------------------------------------------


def test_negotiations(seed_build) -> None:
    found = rows(seed_build.dataset, "negotiations")
    pairs = {frozenset((row["aLabel"], row["bLabel"])): row for row in found}
    assert frozenset(("Hamas", "United States")) in pairs
    assert pairs[frozenset(("Hamas", "United States"))]["direct"] == "true"
    assert len(pairs) == len(found)  # each pair once


def test_negotiations_with_mediators(sample) -> None:
    """Qatar mediates between Israel and Hamas; Egypt mediates talks the United States is in."""
    kgd = PREFIXES["kgd"]
    graph = sample.graph(URIRef(kgd + "graph/entities"))
    qatar, egypt, talks = (URIRef(kgd + f"entity/{n}") for n in ("qatar", "egypt", "talks"))
    for node, cls, label in [
        (qatar, KG.Country, "Qatar"),
        (egypt, KG.Country, "Egypt"),
        (talks, KG.Event, "talks"),
    ]:
        graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(label)))
    hamas, israel, us = (
        next(s for s, o in sample.subject_objects(RDFS.label) if str(o) == name)
        for name in ("Hamas", "Israel", "United States")
    )
    for triple in [
        (qatar, KG.mediates, israel),
        (qatar, KG.mediates, hamas),
        (egypt, KG.mediates, talks),
        (us, KG.participantIn, talks),
    ]:
        graph.add(triple)
    found = {frozenset((r["aLabel"], r["bLabel"])): r for r in rows(sample, "negotiations")}
    assert found[frozenset(("Hamas", "Israel"))]["direct"] == "false"
    assert found[frozenset(("Hamas", "Israel"))]["mediators"] == "Qatar"
    assert found[frozenset(("Hamas", "United States"))]["direct"] == "true"
    assert found[frozenset(("Hamas", "United States"))]["mediators"] == "Egypt"
    assert len(found) == 2  # "talks" is an event, not a party


def test_hostages(seed_build) -> None:
    found = rows(seed_build.dataset, "hostages")
    assert {
        "captorLabel": "Palestinian militants",
        "captiveLabel": "hostages",
        "placeLabel": "Gaza Strip",
    }.items() <= next(r for r in found if r.get("captiveLabel") == "hostages").items()
    in_gaza = {r["captiveLabel"] for r in found if r.get("placeLabel") == "Gaza"}
    assert "Edan Alexander" in in_gaza


def test_positions(seed_build) -> None:
    people = {row["name"]: row for row in rows(seed_build.dataset, "positions")}
    boehler = people["Adam Boehler"]
    assert boehler["envoyFor"] == "hostage affairs"
    assert "special envoy for hostage affairs" in boehler["positions"]
    assert boehler["nominatedBy"] == "Trump administration"
    assert people["Trump"]["positions"] == "President"


def test_timeline(seed_build) -> None:
    skip_without_events(seed_build.dataset, "timeline")
    found = rows(seed_build.dataset, "timeline")
    assert all(r["modality"] != "negated" for r in found)
    assert all(r["document"] == "000_a670601aa552f2e4.txt" for r in found)
    assert {"RETREAT", "CONSULT"} <= {r["type"] for r in found}  # the ceasefire, the talks


def test_entity(seed_build) -> None:
    found = rows(seed_build.dataset, "entity")
    facts = {(r["subjectLabel"], r["property"], r["objectLabel"]) for r in found}
    assert ("Hamas", "negotiatesWith", "United States") in facts
    assert ("Hamas", "controls", "Gaza") in facts
    assert ("United States", "designates", "Hamas") in facts  # Hamas as the object
    assert all("Hamas" in (r["subjectLabel"], r["objectLabel"]) for r in found)
    assert all(r["document"] == "000_a670601aa552f2e4.txt" and r["sentenceText"] for r in found)


def test_entity_by_another_name_or_alias(seed_build) -> None:
    """The way the query's comment says to ask about someone else; case and aliases work."""
    text = LIBRARY["entity"].text.replace('"Hamas"', '"boehler"')
    found = rows(seed_build.dataset, "entity", text)
    assert {r["subjectLabel"] for r in found} == {"Adam Boehler"}
    assert ("envoyFor", "hostage affairs") in {(r["property"], r["objectLabel"]) for r in found}


def test_most_connected(seed_build) -> None:
    ds = seed_build.dataset
    found = rows(ds, "most-connected")
    facts = {
        (ds.value(a, RDF.subject), ds.value(a, RDF.predicate), ds.value(a, RDF.object))
        for a in ds.subjects(RDF.type, KG.Assertion)
    }
    facts = {fact for fact in facts if fact in ds}  # asserted, not negated-only
    for row in found:  # the degrees, counted here without SPARQL
        actor = URIRef(row["actor"])
        mine = {(s, p, o) for s, p, o in facts if actor in (s, o)}
        assert int(row["facts"]) == len(mine), row
        assert int(row["neighbours"]) == len({s if o == actor else o for s, _, o in mine}), row
    degrees = [int(r["facts"]) for r in found]
    assert degrees == sorted(degrees, reverse=True)
    assert 0 < len(found) <= 20
    by_label = {r["label"]: r for r in found}
    assert by_label["Hamas"]["class"] == "ArmedGroup"
    assert found.index(by_label["Hamas"]) < 3
    assert {"United States", "Adam Boehler"} <= set(by_label)
    assert "Gaza" not in by_label  # a place, not an actor


def test_most_connected_lists_the_actor_classes_of_the_ontology() -> None:
    ontology = load_ontology()
    actors, todo = set(), [KG.Actor]
    while todo:
        for sub in ontology.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in actors and (sub, RDF.type, OWL.Class) in ontology:
                actors.add(sub)
                todo.append(sub)
    text = LIBRARY["most-connected"].text
    values = text.split("VALUES ?type {", 1)[1].split("}", 1)[0].split()
    assert set(values) == {"kg:" + str(cls).split("#")[1] for cls in actors}


def test_confidence(seed_build) -> None:
    found = rows(seed_build.dataset, "confidence")
    confidences = [Decimal(r["confidence"]) for r in found]
    assert confidences == sorted(confidences, reverse=True)
    facts = {(r["subjectLabel"], r["property"], r["objectLabel"]): r for r in found}
    assert len(facts) == len(found)  # each fact once
    talks = facts[("Hamas", "negotiatesWith", "United States")]
    assert int(talks["mentions"]) >= 2
    assert talks["modalities"] == "asserted"


# --- kg query NAME and --list ----------------------------------------------------------------


def test_query_list() -> None:
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == NAMES
    negotiations = next(line for line in lines if line.startswith("negotiations "))
    assert negotiations.split(None, 1)[1] == LIBRARY["negotiations"].summary


def test_query_by_name(seed_graph_file) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["query", "negotiations", "--in", str(seed_graph_file)])
    assert result.exit_code == 0, result.output
    assert "Hamas" in result.stdout and "United States" in result.stdout
    unknown = runner.invoke(main, ["query", "negotiatons", "--in", str(seed_graph_file)])
    assert unknown.exit_code == 2
    assert "no query named 'negotiatons' in the library" in unknown.output
    nothing = runner.invoke(main, ["query", "--in", str(seed_graph_file)])
    assert nothing.exit_code == 2


def test_query_names_are_words() -> None:
    assert is_query_name("most-connected")
    assert not is_query_name("SELECT ?x WHERE { ?x ?y ?z }")
    assert not is_query_name("ontology/queries/negotiations.rq")
