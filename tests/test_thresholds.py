"""Precision as a setting: calibrated confidences, and what a build's threshold asserts.

A mention below ``kg build --min-confidence`` keeps its assertion or event node, typed
``kg:Candidate``, but its fact triple is not asserted and it is not counted as extracted. The
sentences are real spaCy parses and are not from the seed article or the PLOVER records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset
from rdflib.namespace import PROV

from kg.cli import main
from kg.errors import OntologyError
from kg.evaluate.plover import Record
from kg.evaluate.plover import score as score_plover
from kg.extract import extract
from kg.extract.confidence import Calibration, calibrate, features, load_calibration
from kg.model import BuildInfo, Document, EventMention, check_min_confidence, is_asserted
from kg.nlp import load_pipeline
from kg.outputs.stats import stats
from kg.rdf.mapping import to_rdf
from kg.rdf.namespace import KG
from kg.rdf.validate import validate

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Kenya sent troops to Somalia. Ethiopia warned Eritrea on Friday."


@pytest.fixture(scope="module")
def extraction():
    nlp = load_pipeline()
    return extract(nlp(TEXT), Document("t", TEXT))


def built(extraction, threshold: float) -> Dataset:
    return to_rdf([extraction], build=BuildInfo("test", "0" * 64, "test", threshold))


def test_the_threshold_decides_what_is_asserted(extraction):
    assert extraction.facts, "the sentences state facts"
    fact = min(extraction.facts, key=lambda f: f.confidence)
    ds_above = built(extraction, fact.confidence)  # at the threshold: asserted
    ds_below = built(extraction, min(1.0, fact.confidence + 0.001))
    triple = (None, KG[fact.property], None)
    assert next(ds_above.triples(triple), None) is not None
    assert next(ds_below.triples(triple), None) is None  # no plain triple ...
    (node,) = {
        a
        for a in ds_below.subjects(RDF.predicate, KG[fact.property])
        if (a, RDF.type, KG.Assertion) in ds_below
    }
    assert (node, RDF.type, KG.Candidate) in ds_below  # ... but its assertion node, marked
    assert (node, KG.evidence, None) in ds_below and (node, PROV.wasDerivedFrom, None) in ds_below
    assert (node, RDF.type, KG.Candidate) not in ds_above


def test_events_below_the_threshold_are_candidates_and_not_scored(extraction):
    records = [Record("t", "ASSAULT", TEXT, ("Kenya",), ("Somalia",))]
    everything = built(extraction, 0.0)
    nothing = built(extraction, 1.0)
    assert not set(everything.subjects(RDF.type, KG.Candidate))
    events = set(nothing.subjects(RDF.type, KG.EventMention))
    assert events and events == set(nothing.subjects(RDF.type, KG.Candidate)) - set(
        nothing.subjects(RDF.type, KG.Assertion)
    )
    assert score_plover(everything, records).scored > 0
    report = score_plover(nothing, records)
    assert report.scored == 0 and not report.type_found
    counts = stats(nothing)
    assert counts.events == 0 and counts.relations == 0
    assert counts.candidates == len(events) + len(extraction.facts)
    assert counts.assertions == len(extraction.facts)


def test_the_build_records_its_threshold(extraction):
    ds = built(extraction, 0.65)
    (value,) = set(ds.objects(None, KG.minConfidence))
    assert float(value) == 0.65
    builds = {str(b) for b in built(extraction, 0.65).subjects(RDF.type, KG.Build)}
    assert builds != {str(b) for b in built(extraction, 0.7).subjects(RDF.type, KG.Build)}


def test_shapes_conform_with_candidates_and_catch_a_wrong_mark(extraction):
    threshold = sorted({e.confidence for e in extraction.events})[-1]
    ds = built(extraction, threshold)
    assert set(ds.subjects(RDF.type, KG.Candidate)), "some mentions are below the threshold"
    assert validate(ds).conforms
    wrong = built(extraction, threshold)
    candidate = next(iter(wrong.subjects(RDF.type, KG.Candidate)))
    for _, _, _, graph in wrong.quads((candidate, RDF.type, KG.Candidate, None)):
        wrong.remove((candidate, RDF.type, KG.Candidate, graph))
    report = validate(wrong)
    assert not report.conforms and "not a kg:Candidate" in report.text


def test_candidates_round_trip(extraction):
    from kg.rdf.serialize import to_trig, to_turtle

    ds = built(extraction, 1.0)
    again = Dataset(default_union=True)
    again.parse(data=to_trig(ds), format="trig")
    merged = Dataset()
    merged.parse(data=to_turtle(ds), format="turtle")
    assert set(merged.subjects(RDF.type, KG.Candidate)) == set(ds.subjects(RDF.type, KG.Candidate))
    assert set(again.subjects(RDF.type, KG.Candidate)) == set(ds.subjects(RDF.type, KG.Candidate))
    assert {float(v) for v in again.objects(None, KG.minConfidence)} == {1.0}


def test_thresholds_are_checked():
    assert check_min_confidence(0) == 0.0 and check_min_confidence(1) == 1.0
    for bad in (-0.1, 1.5, "0.5", True, None):
        with pytest.raises(ValueError, match="min_confidence"):
            check_min_confidence(bad)
    with pytest.raises(ValueError, match="between 0 and 1"):
        BuildInfo("v", "h", "m", min_confidence=2.0)


def event(confidence: float, sentence: int = 0, sources=("kenya",)) -> EventMention:
    return EventMention(
        sentence=sentence, start=0, end=20, evidence="Kenya sent troops", rule="verb.v2:send/obj",
        confidence=confidence, type="AID", trigger="sent", sources=sources, targets=("somalia",),
    )  # fmt: skip


def test_is_asserted_at_or_above_the_threshold():
    assert is_asserted(event(0.5), 0.5) and not is_asserted(event(0.49), 0.5)


def test_the_installed_calibration_is_a_table_of_probabilities():
    calibration = load_calibration()
    assert calibration.cells and all(0 <= p <= 1 for p in calibration.cells.values())
    assert 0 <= calibration.min_confidence <= 1 and calibration.span_split > 0
    assert {key.split("|")[0] for key in calibration.cells} >= {"verb", "noun", "stance"}


def test_a_mention_takes_its_longest_known_cell():
    named = frozenset({"kenya", "somalia"})
    values = features(event(0.8), named, frozenset(), 58)
    assert values == (
        "verb", "crowding=alone", "actor=named", "modality=asserted", "sides=2", "span=short"
    )  # fmt: skip
    crowded = features(event(0.8), frozenset(), frozenset({0}), 58)
    assert crowded[:3] == ("verb", "crowding=shared", "actor=unnamed")
    cells = {"verb": 0.6, "verb|crowding=alone": 0.9, "verb|crowding=alone|actor=named": 0.95}
    table = Calibration(cells, 58, 0.5)
    assert table.confidence(event(0.1), named, frozenset()) == 0.95
    assert table.confidence(event(0.1), frozenset(), frozenset()) == 0.9  # unnamed: backs off
    assert table.confidence(event(0.1), named, frozenset({0})) == 0.6
    unknown = EventMention(**{**event(0.3).__dict__, "rule": "role.v1"})
    assert table.confidence(unknown, named, frozenset()) is None  # keeps its prior


def test_calibrate_replaces_event_confidences_and_keeps_facts(extraction):
    table = Calibration({kind: 0.42 for kind in ("verb", "noun", "stance", "grounds")}, 58, 0.5)
    again = calibrate(extraction, table)
    assert {e.confidence for e in again.events} == {0.42}
    assert again.facts == extraction.facts


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("not json", "calibration.json is malformed"),
        ('{"cells": {}}', "calibration.json is malformed"),
        ('{"cells": {"verb": 1.5}, "span_split": 50, "min_confidence": 0.2}', "verb = 1.5"),
        ('{"cells": {}, "span_split": 50, "min_confidence": -1}', "min_confidence = -1"),
    ],
)
def test_a_bad_calibration_table_is_named(tmp_path: Path, content: str, fragment: str):
    (tmp_path / "calibration.json").write_text(content, encoding="utf-8")
    with pytest.raises(OntologyError, match=fragment):
        load_calibration(str(tmp_path))


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_cli_refuses_a_threshold_outside_zero_one(tmp_path: Path, value: str):
    for command in (["build", str(ROOT / "seeds"), "-o", str(tmp_path), "--no-view"], ["view"]):
        result = CliRunner().invoke(main, [*command, "--min-confidence", value], prog_name="kg")
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--min-confidence'" in result.stderr
        assert value in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "graph.trig").exists()


def test_cli_build_moves_along_the_curve(tmp_path: Path):
    runs = {}
    for value in ("0", "0.99"):
        result = CliRunner().invoke(
            main,
            ["build", str(ROOT / "seeds"), "-o", str(tmp_path / value), "--no-view",
             "--min-confidence", value],
            prog_name="kg",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        runs[value] = stats(_load(tmp_path / value / "graph.trig"))
    assert runs["0"].candidates == 0
    assert runs["0.99"].candidates > 0
    assert runs["0.99"].relations < runs["0"].relations
    assert runs["0.99"].events < runs["0"].events
    assert runs["0.99"].assertions == runs["0"].assertions  # every mention keeps its node


def _load(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    return ds


def test_calibration_table_is_what_the_bench_writes():
    """The table names the script that wrote it and the mentions each cell was counted on."""
    data = json.loads((ROOT / "ontology" / "calibration.json").read_text("utf-8"))
    assert "bench/calibrate.py" in data["_source"]
    assert set(data["cells"]) == set(data["_mentions"])
    assert data["min_confidence"] == load_calibration().min_confidence
