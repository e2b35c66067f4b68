"""SHACL validation: the shapes, real graphs that conform, broken graphs and their exact reports."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from cli_probe import run_in_one_process
from click.testing import CliRunner
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.cli import main
from kg.errors import OntologyError
from kg.outputs.stats import stats
from kg.rdf.infer import infer
from kg.rdf.namespace import KG, PREFIXES, ontology_path, relation_properties
from kg.rdf.validate import format_report, generated_shapes, load_shapes, shapes_file_text, validate

SH = Namespace("http://www.w3.org/ns/shacl#")
KGSH = Namespace("https://w3id.org/kgnews/shapes#")


def copy(ds: Dataset) -> Dataset:
    """A private copy of a dataset, so that tests can break it."""
    new = Dataset(default_union=True)
    for quad in ds.quads((None, None, None, None)):
        new.add(quad)
    return new


def entity(ds: Dataset, label: str) -> URIRef:
    return next(s for s, o in ds.subject_objects(RDFS.label) if str(o) == label)


def graph_of(ds: Dataset, triple: tuple) -> URIRef:
    return next(g for *_, g in ds.quads((*triple, None)))


def found(report) -> set[tuple]:
    return {(v.shape, v.focus, v.path, v.value, v.component) for v in report.violations}


def short(iri: URIRef) -> str:
    return "kgd:" + str(iri)[len(PREFIXES["kgd"]) :]


@pytest.fixture
def seed(seed_build) -> Dataset:
    return copy(seed_build.dataset)


# --- the shapes ------------------------------------------------------------------------------


def test_generated_part_of_the_shapes_is_up_to_date() -> None:
    """Regenerate with: python -m kg.rdf.validate --write-shapes"""
    assert ontology_path("shapes.ttl").read_text(encoding="utf-8") == shapes_file_text()


def test_shapes_parse_in_rdflib_and_oxigraph() -> None:
    data = ontology_path("shapes.ttl").read_bytes()
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(load_shapes()) > 500


def test_every_relation_property_has_a_domain_and_a_range_shape() -> None:
    shapes = load_shapes()
    for name, prop in relation_properties().items():
        assert (KGSH[f"{name}-domain"], SH.targetSubjectsOf, prop) in shapes
        assert (KGSH[f"{name}-range"], SH.path, prop) in shapes
        assert (KGSH.Entity, SH.targetObjectsOf, prop) in shapes


def test_union_domains_become_sh_or() -> None:
    text = generated_shapes()
    assert "kgsh:heldIn-domain" in text
    block = text.split("kgsh:heldIn-domain", 1)[1].split("\n\n", 1)[0]
    assert "sh:or ( [ sh:class kg:Person ] [ sh:class kg:PersonGroup ] )" in block
    assert 'must be a person or a person group"@en' in block


# --- real graphs conform ---------------------------------------------------------------------


def test_the_seed_graph_conforms(seed_build) -> None:
    report = validate(seed_build.dataset)
    assert report.conforms, report.text
    assert report.violations == ()
    assert report.text.startswith("conforms: ")
    assert (None, RDF.type, SH.ValidationReport) in {
        (None, p, o) for _, p, o in report.results_graph
    }


def test_the_inferred_graph_is_left_out(seed) -> None:
    before = validate(seed)
    assert before.triples > 0
    assert infer(seed).added > 0  # entities now have several rdf:types, in the inferred graph
    after = validate(seed)
    assert after.conforms, after.text
    assert after.triples == before.triples


def test_the_plover_dev_graph_conforms(plover_dev_build) -> None:
    _, build = plover_dev_build
    report = validate(build.dataset)
    assert report.conforms, report.text
    assert stats(build.dataset).conformance == 1.0


def test_the_plover_dev_graph_conforms_after_inference(plover_dev_build) -> None:
    """bench/reasoning.py measures how long inferring and validating take on these records."""
    ds = copy(plover_dev_build[1].dataset)
    assert infer(ds).added > 0
    assert validate(ds).conforms


# --- broken graphs: the exact violations -----------------------------------------------------


def test_missing_label(seed) -> None:
    hamas = entity(seed, "Hamas")
    seed.remove((hamas, RDFS.label, None, None))
    report = validate(seed)
    assert not report.conforms
    assert found(report) == {("kgsh:Entity-label", short(hamas), "rdfs:label", None, "MinCount")}


def test_two_labels(seed) -> None:
    hamas = entity(seed, "Hamas")
    seed.add(
        (hamas, RDFS.label, Literal("Harakat al-Muqawama"), graph_of(seed, (hamas, None, None)))
    )
    assert found(validate(seed)) == {
        ("kgsh:Entity-label", short(hamas), "rdfs:label", None, "MaxCount")
    }


def test_confidence_above_one(seed) -> None:
    assertion = next(seed.subjects(RDF.predicate, KG.negotiatesWith))
    graph = graph_of(seed, (assertion, KG.confidence, None))
    seed.remove((assertion, KG.confidence, None, None))
    seed.add((assertion, KG.confidence, Literal(Decimal("1.7")), graph))
    report = validate(seed)
    assert found(report) == {
        ("kgsh:Assertion-confidence", short(assertion), "kg:confidence", "1.7", "MaxInclusive")
    }
    assert "kgsh:Assertion-confidence  1  an assertion has exactly one kg:confidence" in report.text


def test_range_violation(seed) -> None:
    """A fact with full provenance whose object is outside the property's range."""
    boehler, gaza = entity(seed, "Adam Boehler"), entity(seed, "Gaza")
    template = next(seed.subjects(RDF.predicate, KG.envoyFor))
    graph = graph_of(seed, (template, RDF.type, KG.Assertion))
    seed.add((boehler, KG.holdsPosition, gaza, graph))
    new = URIRef(PREFIXES["kgd"] + "assertion/test-range")
    for _, p, o, _ in seed.quads((template, None, None, graph)):
        value = {RDF.predicate: KG.holdsPosition, RDF.object: gaza}.get(p, o)
        seed.add((new, p, value, graph))
    report = validate(seed)
    assert found(report) == {
        ("kgsh:holdsPosition-range", short(boehler), "kg:holdsPosition", short(gaza), "Class")
    }
    assert report.violations[0].focus_label == "Adam Boehler"
    assert report.violations[0].value_label == "Gaza"
    assert report.text.splitlines() == [
        f"does not conform: 1 violation of 1 shape in {report.triples} triples",
        "kgsh:holdsPosition-range  1  the object of kg:holdsPosition must be a position",
        f"  {short(boehler)} (Adam Boehler)  kg:holdsPosition = {short(gaza)} (Gaza)",
    ]


def test_domain_violation_and_fact_without_provenance(seed) -> None:
    """Hamas (an armed group) is not a person; and no assertion says where the fact came from."""
    hamas, president = entity(seed, "Hamas"), entity(seed, "President")
    seed.add((hamas, KG.holdsPosition, president, graph_of(seed, (hamas, RDF.type, None))))
    assert found(validate(seed)) == {
        ("kgsh:holdsPosition-domain", short(hamas), None, short(hamas), "Class"),
        ("kgsh:Fact-provenance", "kg:Assertion", "kg:holdsPosition", short(hamas), "SPARQL"),
    }


def test_entity_needs_exactly_one_class_of_the_ontology(seed) -> None:
    hamas = entity(seed, "Hamas")
    graph = graph_of(seed, (hamas, RDF.type, None))
    seed.add((hamas, RDF.type, KG.Country, graph))  # two classes of the ontology
    nobody = URIRef(PREFIXES["kgd"] + "entity/nobody")  # none: only a class from elsewhere
    seed.add((nobody, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent"), graph))
    seed.add((nobody, RDFS.label, Literal("nobody"), graph))
    seed.add((nobody, SKOS.altLabel, Literal("no one"), graph))
    assert found(validate(seed)) == {
        ("kgsh:Entity-type", short(hamas), "rdf:type", None, "QualifiedMaxCount"),
        ("kgsh:Entity-type", short(nobody), "rdf:type", None, "QualifiedMinCount"),
    }


def test_assertion_parts(seed) -> None:
    assertion = next(seed.subjects(RDF.predicate, KG.ceasefireWith))
    graph = graph_of(seed, (assertion, RDF.type, KG.Assertion))
    for prop in (PROV.wasDerivedFrom, KG.evidence, KG.startOffset):
        seed.remove((assertion, prop, None, None))
    seed.remove((assertion, KG.modality, None, None))
    seed.add((assertion, KG.modality, URIRef(PREFIXES["kg"] + "probably"), graph))
    a = short(assertion)
    assert found(validate(seed)) == {
        ("kgsh:Assertion-derivation", a, "prov:wasDerivedFrom", None, "MinCount"),
        ("kgsh:Assertion-evidence", a, "kg:evidence", None, "MinCount"),
        ("kgsh:Assertion-start", a, "kg:startOffset", None, "MinCount"),
        ("kgsh:Assertion-modality", a, "kg:modality", "kg:probably", "In"),
    }


def test_sentence_belongs_to_a_document_with_an_identifier(seed) -> None:
    document = next(seed.subjects(RDF.type, KG.Document))
    seed.remove((document, DCTERMS.identifier, None, None))
    assert found(validate(seed)) == {
        ("kgsh:Document-identifier", short(document), "dcterms:identifier", None, "MinCount")
    }


def test_negated_statement_asserted_and_statement_missing(seed) -> None:
    ceasefire = next(seed.subjects(RDF.predicate, KG.ceasefireWith))
    graph = graph_of(seed, (ceasefire, RDF.type, KG.Assertion))
    seed.remove((ceasefire, KG.modality, None, None))
    seed.add((ceasefire, KG.modality, KG.negated, graph))  # the truce triple is still there
    controls = next(seed.subjects(RDF.predicate, KG.controls))
    s, o = seed.value(controls, RDF.subject), seed.value(controls, RDF.object)
    seed.remove((s, KG.controls, o, None))  # stated as asserted, but no fact triple
    report = validate(seed)
    assert {(v.shape, v.value) for v in report.violations} == {
        ("kgsh:Assertion-negated", short(ceasefire)),
        ("kgsh:Assertion-stated", short(controls)),
    }
    assert (
        f"  {short(controls)} is neither negated nor a candidate, but its statement is not in "
        "the graph" in report.text
    )


def test_report_lists_at_most_limit_nodes_per_shape(seed) -> None:
    for assertion in list(seed.subjects(RDF.type, KG.Assertion)):
        seed.remove((assertion, KG.rule, None, None))
    report = validate(seed)
    lines = format_report(report, limit=2).splitlines()
    n = len(report.violations)
    rule = "an assertion has exactly one kg:rule, a string naming the rule that fired"
    assert lines[1] == f"kgsh:Assertion-rule  {n}  {rule}"
    assert lines[-1] == f"  ... and {n - 2} more"
    assert len(lines) == 5


def test_unusable_shapes_raise_ontology_error(seed) -> None:
    shapes = Graph()
    shapes.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
        """,
        format="turtle",
    )
    with pytest.raises(OntologyError, match="SHACL validation could not run"):
        validate(seed, shapes=shapes)


# --- kg validate -----------------------------------------------------------------------------


def test_cli_exit_codes_and_report(seed_graph_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "--in", str(seed_graph_file)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("conforms: ")

    ds = Dataset(default_union=True)
    ds.parse(seed_graph_file, format="trig")
    hamas = entity(ds, "Hamas")
    ds.remove((hamas, RDFS.label, None, None))
    broken = tmp_path / "broken.trig"
    ds.serialize(broken, format="trig")
    report = tmp_path / "report.ttl"
    bad = runner.invoke(main, ["validate", "--in", str(broken), "--report", str(report)])
    assert bad.exit_code == 1, bad.output
    assert bad.stdout.splitlines()[1].startswith("kgsh:Entity-label  1")
    results = Graph().parse(report, format="turtle")
    assert (None, SH.conforms, Literal(False)) in {(None, p, o) for _, p, o in results}
    assert len(list(results.subjects(RDF.type, SH.ValidationResult))) == 1

    missing = runner.invoke(main, ["validate", "--in", str(tmp_path / "none.trig")])
    assert missing.exit_code == 2
    garbage = tmp_path / "garbage.trig"
    garbage.write_text("<a> <b> .", encoding="utf-8")
    unreadable = runner.invoke(main, ["validate", "--in", str(garbage)])
    assert unreadable.exit_code == 2
    assert "not valid TriG" in unreadable.output


def test_new_commands_never_import_spacy(seed_graph_file: Path, tmp_path: Path) -> None:
    graph = str(seed_graph_file)
    commands = [
        ["validate", "--in", graph],
        ["infer", "--in", graph, "-o", str(tmp_path / "inferred.trig")],
        ["ontology", "--in", graph, "-o", str(tmp_path / "ontology.md")],
        ["query", "--list"],
        ["query", "negotiations", "--in", graph],
    ]
    result, report = run_in_one_process(commands, tmp_path)
    assert result.returncode == 0, result.stderr
    assert [code for _, code, _ in report] == [0] * len(commands), result.stderr
    assert [name for name, _, spacy in report if spacy] == []
