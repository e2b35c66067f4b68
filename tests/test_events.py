"""Event mentions downstream of extraction: their RDF, the build's prov:Activity, the shapes,
kg stats, the PLOVER export, the query library, kg eval and the view's data."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from decimal import Decimal

import pyoxigraph
import pytest
from click.testing import CliRunner
from event_sample import event_dataset, extractions
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, XSD
from sample import named_graphs

from kg import __version__
from kg.cli import main
from kg.evaluate.plover import Record, format_report, score
from kg.lexicon import lexicon_hash, vocabulary_hash
from kg.outputs.export import export, format_for_path, plover_records
from kg.outputs.network import subgraph, to_networkx
from kg.outputs.query import query_library
from kg.outputs.stats import Stats, format_stats, stats
from kg.rdf.dataset import build_graph_iri
from kg.rdf.mapping import document_iri, entity_iri, to_rdf
from kg.rdf.namespace import KG, PLOVER, PREFIXES
from kg.rdf.validate import load_shapes, validate

HAMAS, ISRAEL = entity_iri("hamas", "Hamas"), entity_iri("israel", "Israel")
QATAR, EGYPT = entity_iri("qatar", "Qatar"), entity_iri("egypt", "Egypt")
GAZA = entity_iri("gaza", "Gaza")
UNIONS = entity_iri("talks:unions", "unions")


@pytest.fixture
def ds() -> Dataset:
    return event_dataset()


def event_of(ds: Dataset, event_type: str, trigger: str) -> URIRef:
    (node,) = {
        e
        for e in ds.subjects(KG.eventType, PLOVER[event_type])
        if ds.value(e, KG.trigger) == Literal(trigger)
    }
    return node


# --- the RDF of an event mention -------------------------------------------------------------


def test_an_event_mention_is_a_node_with_its_type_roles_and_provenance(ds):
    agree = event_of(ds, "AGREE", "agreed")
    graph = ds.graph(document_iri("talks"))
    assert (agree, RDF.type, KG.EventMention) in graph  # in its document's named graph
    assert graph.value(agree, KG.relationProperty) == KG.agreesWith
    assert set(graph.objects(agree, KG.hasSource)) == {HAMAS}
    assert set(graph.objects(agree, KG.hasTarget)) == {ISRAEL}
    assert graph.value(agree, KG.theme) == Literal("a truce")
    assert graph.value(agree, KG.evidence) == Literal("Hamas agreed to a truce with Israel")
    assert (graph.value(agree, KG.startOffset), graph.value(agree, KG.endOffset)) == (
        Literal(0),
        Literal(35),
    )
    assert graph.value(agree, PROV.wasDerivedFrom) == URIRef(f"{document_iri('talks')}/sentence/0")
    assert graph.value(agree, KG.rule) == Literal("test.v1")
    assert graph.value(agree, KG.confidence) == Literal(Decimal("0.8"))
    assert graph.value(agree, KG.modality) == KG.asserted
    assert graph.value(agree, KG.date) == Literal("2025-03-04", datatype=XSD.date)  # as facts


def test_one_sided_events_keep_their_one_side(ds):
    threat = event_of(ds, "THREATEN", "threatened")
    assert set(ds.objects(threat, KG.hasSource)) == {UNIONS}
    assert not set(ds.objects(threat, KG.hasTarget))
    assert ds.value(threat, KG.theme) == Literal("a nationwide stoppage")
    assert ds.value(threat, KG.modality) == KG.future
    drone = event_of(ds, "ASSAULT", "drone strike")  # an unnamed attacker
    assert not set(ds.objects(drone, KG.hasSource))
    assert set(ds.objects(drone, KG.hasTarget)) == {GAZA}
    held = event_of(ds, "COERCE", "held")
    assert ds.value(held, KG.count) == Literal(40)
    assert ds.value(held, KG.place) == GAZA


def test_an_event_links_the_assertion_of_the_fact_it_yields(ds):
    agree = event_of(ds, "AGREE", "agreed")
    (assertion,) = ds.objects(agree, KG.assertion)
    assert (assertion, RDF.subject, HAMAS) in ds and (assertion, RDF.object, ISRAEL) in ds
    assert (HAMAS, KG.agreesWith, ISRAEL) in ds
    # a symmetric fact stored the other way round is found too
    (met,) = ds.objects(event_of(ds, "CONSULT", "met"), KG.assertion)
    assert (met, RDF.subject, EGYPT) in ds and (met, RDF.object, QATAR) in ds
    # one-sided events and events without a fact link nothing
    assert not set(ds.objects(event_of(ds, "THREATEN", "threatened"), KG.assertion))
    assert not set(ds.objects(event_of(ds, "ASSAULT", "attack"), KG.assertion))


def test_event_iris_are_deterministic_and_a_repeated_mention_is_one_node():
    first, second = named_graphs(event_dataset()), named_graphs(event_dataset())
    assert first.keys() == second.keys()
    for name in first:
        assert isomorphic(first[name], second[name]), name
    assert sorted(first[str(document_iri("talks"))]) == sorted(second[str(document_iri("talks"))])

    talks, strike = extractions()
    doubled = replace(
        talks, events=(*talks.events, replace(talks.events[0], confidence=0.9, rule="other.v1"))
    )
    ds = to_rdf([doubled, strike])
    assert len(set(ds.subjects(RDF.type, KG.EventMention))) == 6
    agree = event_of(ds, "AGREE", "agreed")
    assert list(ds.objects(agree, KG.confidence)) == [Literal(Decimal("0.9"))]  # the surer one


# --- the build ---------------------------------------------------------------------------------


def test_the_build_is_one_prov_activity_that_generated_every_record(ds):
    (build,) = ds.subjects(RDF.type, KG.Build)
    graph = ds.graph(build_graph_iri())
    assert (build, RDF.type, PROV.Activity) in graph
    assert graph.value(build, KG.kgVersion) == Literal("0.1.0")
    assert graph.value(build, KG.lexiconHash) == Literal("ab" * 32)
    assert graph.value(build, KG.nlpModel) == Literal("en_core_web_sm 3.8.0")
    records = {
        node
        for cls in (KG.Document, KG.Assertion, KG.EventMention)
        for node in ds.subjects(RDF.type, cls)
    }
    assert len(records) == 2 + 2 + 6
    assert {n for n in records if (n, PROV.wasGeneratedBy, build) in ds} == records
    assert float(graph.value(build, KG.minConfidence)) == 0.0  # the threshold it asserted at
    literals = [o for o in graph.objects(build, None) if isinstance(o, Literal)]
    strings = [o for o in literals if o.datatype is None]
    assert len(literals) == 4 and len(strings) == 3  # no time stamp


def test_no_build_info_no_activity():
    ds = event_dataset(build=None)
    assert not set(ds.subjects(RDF.type, KG.Build))
    assert not set(ds.subject_objects(PROV.wasGeneratedBy))


def test_a_real_build_names_the_kg_version_lexicon_and_model(seed_build):
    ds = seed_build.dataset
    (build,) = ds.subjects(RDF.type, PROV.Activity)
    assert ds.value(build, KG.kgVersion) == Literal(__version__)
    assert ds.value(build, KG.lexiconHash) == Literal(lexicon_hash())
    assert re.fullmatch(r"en_core_web_sm\w* 3\.8\.\d+", str(ds.value(build, KG.nlpModel)))
    (document,) = ds.subjects(RDF.type, KG.Document)
    assert (document, PROV.wasGeneratedBy, build) in ds


def test_the_lexicon_hash_follows_the_vocabulary_files_only(tmp_path):
    assert len(lexicon_hash()) == 64 and int(lexicon_hash(), 16) >= 0
    (tmp_path / "lexicon.json").write_text('{"verbs": {}}')
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "verbs.jsonl").write_text('{"id": "v1"}\n')
    (tmp_path / "kg.ttl").write_text("# ontology")
    first = vocabulary_hash(tmp_path)
    assert vocabulary_hash(tmp_path) == first
    (tmp_path / "kg.ttl").write_text("# the ontology changed")  # not read by extraction
    (tmp_path / "query.rq").write_text("SELECT * WHERE { ?s ?p ?o }")
    assert vocabulary_hash(tmp_path) == first
    (tmp_path / "patterns" / "verbs.jsonl").write_text('{"id": "v2"}\n')
    assert vocabulary_hash(tmp_path) != first


# --- SHACL -------------------------------------------------------------------------------------


def test_a_graph_with_event_mentions_conforms(ds):
    report = validate(ds)
    assert report.conforms, report.text


def test_validating_leaves_the_shared_shapes_as_parsed(ds):
    before = set(load_shapes())
    validate(ds)
    assert set(load_shapes()) == before  # pySHACL adds axioms to the shapes graph it is given


def shapes_failing(ds: Dataset) -> set[tuple[str, str]]:
    report = validate(ds)
    assert not report.conforms
    return {(v.shape, v.component) for v in report.violations}


def change(ds: Dataset, node, prop, value) -> None:
    graph = ds.graph(next(g for *_, g in ds.quads((node, None, None, None))))
    for old in list(graph.objects(node, prop)):
        graph.remove((node, prop, old))
    if value is not None:
        graph.add((node, prop, value))


@pytest.mark.parametrize(
    ("prop", "value", "shape", "component"),
    [
        (KG.eventType, None, "kgsh:EventMention-type", "MinCount"),
        (KG.eventType, KG.agreesWith, "kgsh:EventMention-type", "In"),
        (KG.confidence, Literal(Decimal("1.5")), "kgsh:EventMention-confidence", "MaxInclusive"),
        (KG.modality, None, "kgsh:EventMention-modality", "MinCount"),
        (KG.evidence, None, "kgsh:EventMention-evidence", "MinCount"),
        (KG.trigger, None, "kgsh:EventMention-trigger", "MinCount"),
        (KG.startOffset, Literal(99), "kgsh:EventMention-start", "LessThanOrEquals"),
        (PROV.wasDerivedFrom, None, "kgsh:EventMention-derivation", "MinCount"),
        (KG.relationProperty, KG.EventMention, "kgsh:EventMention-relationProperty", "In"),
    ],
)
def test_the_parts_of_an_event_mention_are_checked(ds, prop, value, shape, component):
    change(ds, event_of(ds, "AGREE", "agreed"), prop, value)
    assert (shape, component) in shapes_failing(ds)


def test_an_event_names_a_side_or_a_theme_and_its_actors_are_entities(ds):
    threat = event_of(ds, "THREATEN", "threatened")
    change(ds, threat, KG.hasSource, None)
    change(ds, threat, KG.theme, None)
    assert ("kgsh:EventMention", "Or") in shapes_failing(ds)

    ds = event_dataset()
    change(ds, event_of(ds, "AGREE", "agreed"), KG.hasSource, GAZA)  # a place does not act
    assert ("kgsh:EventMention-source", "Class") in shapes_failing(ds)

    ds = event_dataset()
    stranger = URIRef(PREFIXES["kgd"] + "entity/nobody")  # no label, no class
    change(ds, event_of(ds, "ASSAULT", "drone strike"), KG.hasTarget, stranger)
    failing = shapes_failing(ds)
    assert ("kgsh:Entity-label", "MinCount") in failing
    assert ("kgsh:EventMention-target", "Or") in failing


def test_a_build_is_checked(ds):
    (build,) = ds.subjects(RDF.type, KG.Build)
    change(ds, build, KG.lexiconHash, Literal("not a hash"))
    assert ("kgsh:Build-lexiconHash", "Pattern") in shapes_failing(ds)


# --- kg stats ----------------------------------------------------------------------------------


def test_stats_count_events_by_type_and_modality_and_the_one_sided(ds):
    result = stats(ds)
    assert (result.events, result.one_sided) == (6, 2)
    assert result.events_by_type == {
        "ASSAULT": 2,
        "AGREE": 1,
        "COERCE": 1,
        "CONSULT": 1,
        "THREATEN": 1,
    }
    assert result.events_by_modality == {"asserted": 4, "future": 1, "negated": 1}
    lines = format_stats(result).splitlines()
    start = lines.index("events            6")
    assert lines[start : start + 11] == [
        "events            6",
        "  ASSAULT         2",
        "  AGREE           1",
        "  COERCE          1",
        "  CONSULT         1",
        "  THREATEN        1",
        "event modalities  6",
        "  asserted        4",
        "  future          1",
        "  negated         1",
        "one-sided events  2",
    ]
    assert stats(Dataset()) == Stats()


# --- kg export --format plover -----------------------------------------------------------------


def test_the_plover_export_is_one_json_record_per_event_mention(ds):
    text = export(ds, "plover").decode("utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    assert text.endswith("\n") and len(records) == 6
    assert records == plover_records(ds)
    for record in records:  # every event's type, actors and evidence are named
        event = URIRef(record["id"])
        assert record["event"] == str(ds.value(event, KG.eventType)).split("#")[1]
        for role, key in ((KG.hasSource, "source"), (KG.hasTarget, "target")):
            labels = {str(ds.value(a, RDFS.label)) for a in ds.objects(event, role)}
            assert {actor["actorText"] for actor in record[key]} == labels
        assert record["evidence"] == str(ds.value(event, KG.evidence))
        assert record["evidence"] in record["text"]
    assert [(r["document"], r["event"]) for r in records] == [
        ("strike", "COERCE"),
        ("strike", "ASSAULT"),
        ("strike", "ASSAULT"),
        ("talks", "AGREE"),
        ("talks", "CONSULT"),
        ("talks", "THREATEN"),
    ]
    agree = records[3]
    assert agree["source"] == [{"actorText": "Hamas", "iri": str(HAMAS)}]
    assert (agree["date"], agree["eventText"], agree["property"]) == (
        "2025-03-04",
        "agreed",
        "agreesWith",
    )
    assert (agree["modality"], agree["confidence"], agree["theme"]) == ("asserted", 0.8, "a truce")
    held = records[0]
    assert held["date"] == "2025-03-06"  # no date of its own: its document's
    assert (held["count"], held["place"]["placeText"]) == (40, "Gaza")
    assert records[1]["source"] == [] and records[5]["target"] == []


def test_kg_export_format_plover_to_a_jsonl_file(ds, tmp_path):
    graph = tmp_path / "graph.trig"
    graph.write_bytes(export(ds, "trig"))
    assert format_for_path("events.jsonl") == "plover"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "-o", str(tmp_path / "e.jsonl"), "--in", str(graph)])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["event"] for line in lines][:2] == ["COERCE", "ASSAULT"]
    result = runner.invoke(main, ["export", "--format", "plover", "--in", str(graph)])
    assert result.exit_code == 0 and result.stdout.splitlines() == lines


# --- the query library -------------------------------------------------------------------------


def rows(ds: Dataset, name: str, text: str | None = None) -> list[dict[str, str]]:
    result = ds.query(text or query_library()[name].text, initNs=PREFIXES)
    return [{str(v): str(row[v]) for v in result.vars if row[v] is not None} for row in result]


def test_timeline_lists_event_mentions_oldest_first(ds):
    found = rows(ds, "timeline")
    assert [(r["date"], r["type"], r.get("sources"), r.get("targets")) for r in found] == [
        ("2025-03-04", "AGREE", "Hamas", "Israel"),  # its own date first
        ("2025-03-05", "CONSULT", "Qatar", "Egypt"),
        ("2025-03-05", "THREATEN", "unions", None),
        ("2025-03-06", "COERCE", "riot police", "marchers"),
        ("2025-03-06", "ASSAULT", None, "Gaza"),  # negated "did not attack" left out
    ]
    assert found[1]["place"] == "Doha" and found[2]["theme"] == "a nationwide stoppage"


def test_events_by_type_groups_every_mention(ds):
    found = rows(ds, "events-by-type")
    assert [r["type"] for r in found] == [
        "AGREE",
        "ASSAULT",
        "ASSAULT",
        "COERCE",
        "CONSULT",
        "THREATEN",
    ]
    assaults = [(r.get("sources"), r["targets"], r["modality"]) for r in found[1:3]]
    assert assaults == [(None, "Gaza", "asserted"), ("Israel", "Hamas", "negated")]


def test_events_by_actor_on_either_side(ds):
    found = rows(ds, "events-by-actor")
    assert [(r["role"], r["type"], r["modality"], r["document"]) for r in found] == [
        ("target", "ASSAULT", "negated", "strike"),
        ("source", "AGREE", "asserted", "talks"),
    ]
    text = query_library()["events-by-actor"].text.replace('"Hamas"', '"israeli"')  # an alias
    found = rows(ds, "events-by-actor", text)
    assert {(r["role"], r["type"]) for r in found} == {("source", "ASSAULT"), ("target", "AGREE")}


@pytest.mark.parametrize("name", ["timeline", "events-by-type", "events-by-actor"])
def test_oxigraph_gives_the_same_event_rows(ds, name):
    store = pyoxigraph.Store()
    store.load(ds.serialize(format="nquads").encode(), format=pyoxigraph.RdfFormat.N_QUADS)
    found = list(store.query(query_library()[name].text, use_default_graph_as_union=True))
    assert len(found) == len(rows(ds, name)) > 0


# --- kg eval on PLOVER records -----------------------------------------------------------------

RECORDS = [
    Record("talks", "AGREE", "", ("Hamas",), ("Israel",)),
    Record("strike", "ASSAULT", "", ("Israeli army",), ("Gaza",)),
]


def test_a_record_is_found_by_an_event_mention_of_its_type_whose_source_fits(ds):
    report = score(ds, RECORDS)
    assert report.type_found == {"talks", "strike"}  # the drone strike has the type
    assert report.source_found == report.full_found == {"talks"}  # "did not attack" is negated
    # precision over mentions with a source, negated ones left out: AGREE right; CONSULT,
    # THREATEN (talks) and COERCE (strike) of another type; the source-less strike not counted
    assert (report.correct, report.scored, report.unit) == (1, 4, "event mentions")
    assert "precision        0.250  (1/4 event mentions)" in format_report(report, RECORDS)
    wrong = {(r, s, t, o) for r, s, t, o in report.wrong}
    assert ("talks", "unions", "THREATEN", "-") in wrong
    assert ("strike", "riot police", "COERCE", "marchers") in wrong


def test_a_source_fits_in_either_role_of_a_symmetric_event(ds):
    records = [Record("talks", "CONSULT", "", ("Egypt",), ("Qatar",))]
    report = score(ds, records)
    assert report.full_found == {"talks"}


def test_a_mention_stands_for_every_type_its_property_maps_to(ds):
    # the drone strike is typed ASSAULT; its property, attacks, is both ASSAULT and FIGHT
    assert score(ds, [Record("strike", "FIGHT", "", ("army",), ("Gaza",))]).type_found == {"strike"}
    # a type that neither the mention nor its property has is not found
    assert not score(ds, [Record("strike", "PROTEST", "", ("army",), ())]).type_found


def test_a_gold_target_that_is_no_actor_is_found_in_the_theme(ds):
    stoppage = Record("talks", "THREATEN", "", ("unions",), ("nationwide stoppage",))
    assert score(ds, [stoppage]).full_found == {"talks"}  # theme "a nationwide stoppage"
    other = Record("talks", "THREATEN", "", ("unions",), ("general election",))
    assert score(ds, [other]).source_found == {"talks"}
    assert not score(ds, [other]).full_found


def test_a_graph_without_event_mentions_is_scored_on_its_facts():
    ds = to_rdf([replace(e, events=()) for e in extractions()])
    report = score(ds, RECORDS)
    assert report.type_found == report.source_found == report.full_found == {"talks"}
    assert (report.correct, report.scored, report.unit) == (1, 2, "mapped facts")


# --- the view's data ---------------------------------------------------------------------------


def test_the_network_lists_events_on_their_actors(ds):
    g = to_networkx(ds)
    assert len(g.graph["events"]) == 6
    assert g.nodes[str(HAMAS)]["events"] == 2  # agreed (source), did not attack (target)
    assert g.nodes[str(UNIONS)]["events"] == 1 and g.degree(str(UNIONS)) == 0  # no fact at all
    drone = next(e for e in g.graph["events"] if e["trigger"] == "drone strike")
    assert drone["sources"] == [] and drone["targets"] == [str(GAZA)]
    assert drone["document"] == "strike" and drone["sentence_text"] == "A drone strike hit Gaza."
    small = subgraph(g, focus="Qatar")
    assert [e["type"] for e in small.graph["events"]] == ["CONSULT"]


def test_graphml_counts_each_entitys_events(ds):
    import networkx as nx

    g = nx.read_graphml(io.BytesIO(export(ds, "graphml")))
    assert g.nodes[str(HAMAS)]["events"] == 2 and g.nodes[str(GAZA)]["events"] == 1
