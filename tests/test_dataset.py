"""The dataset model (kg.rdf.dataset), the names of terms, and queries run by library name."""

from __future__ import annotations

import doctest

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from sample import ENTITIES, HAMAS, US, build_sample_dataset, whole_sentence_fact

import kg.rdf.dataset
import kg.rdf.namespace
from kg import api
from kg.errors import QueryError
from kg.evaluate import facts, plover
from kg.model import MODALITIES, Document, Entity, Extraction, Sentence
from kg.outputs.query import query_library, resolve_query
from kg.rdf.dataset import (
    NON_ENTITY_CLASSES,
    data_base,
    data_quads,
    entities_graph_iri,
    inferred_graph_iri,
    is_inferred_graph,
    most_certain,
)
from kg.rdf.mapping import document_iri, to_rdf
from kg.rdf.namespace import KG, PLOVER, load_ontology, local_name, ontology_classes

OTHER_BASE = "https://example.org/news/"


@pytest.mark.parametrize("module", [kg.rdf.dataset, kg.rdf.namespace])
def test_docstring_examples(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def _extraction(doc_id: str, text: str) -> Extraction:
    """'Qatar negotiates with Hamas', extracted by hand (no model needed)."""
    return Extraction(
        document=Document(doc_id, text),
        sentences=(Sentence(0, 0, len(text), text),),
        entities=(Entity("Qatar", "Qatar", "Country"), Entity("Hamas", "Hamas", "ArmedGroup")),
        facts=(
            whole_sentence_fact(
                "Qatar", "negotiatesWith", "Hamas", text, rule="test.v1", confidence=0.9
            ),
        ),
    )


def test_the_mapping_names_its_graphs_as_the_model_says() -> None:
    ds = to_rdf([_extraction("d1", "Qatar negotiates with Hamas.")], base=OTHER_BASE)
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert entities_graph_iri(base=OTHER_BASE) in names
    assert document_iri("d1", base=OTHER_BASE) in names
    assert data_base(ds) == OTHER_BASE
    assert inferred_graph_iri(ds) == URIRef(OTHER_BASE + "graph/inferred")
    assert is_inferred_graph(inferred_graph_iri(ds))
    assert not is_inferred_graph(entities_graph_iri(base=OTHER_BASE))
    assert not is_inferred_graph(None)


def test_data_quads_leave_the_inferred_graph_out_unless_asked() -> None:
    ds = build_sample_dataset()
    ds.graph(inferred_graph_iri(ds)).add((US, RDF.type, KG.Actor))
    types = {(s, o, g) for s, _, o, g in data_quads(ds, (None, RDF.type, None))}
    assert (US, KG.Country, ENTITIES) in types
    assert all(o != KG.Actor for _, o, _ in types)
    everything = data_quads(ds, (US, RDF.type, None), with_inferred=True)
    assert {o for _, _, o, _ in everything} == {KG.Country, KG.Actor}
    plain = Graph()
    plain.add((US, RDFS.label, Literal("United States")))
    assert list(data_quads(plain)) == [(US, RDFS.label, Literal("United States"), None)]


def test_entity_classes_are_the_ontology_classes_but_the_records() -> None:
    classes = set(ontology_classes().values())
    assert classes >= NON_ENTITY_CLASSES
    assert KG.Person in classes - NON_ENTITY_CLASSES
    assert {local_name(c) for c in NON_ENTITY_CLASSES} == {
        "Document",
        "Sentence",
        "Assertion",
        "EventMention",
        "Candidate",
        "Build",
        "Modality",
    }


def test_the_modalities_are_those_of_the_ontology() -> None:
    ontology = load_ontology()
    declared = Collection(ontology, ontology.value(KG.Modality, OWL.oneOf))
    assert sorted(local_name(m) for m in declared) == sorted(MODALITIES)


def test_most_certain_modality() -> None:
    assert most_certain(["negated", "hypothetical", "reported"]) == "reported"
    assert most_certain(["future", "asserted"]) == "asserted"
    assert most_certain(["unspecified", "negated"]) == "negated"  # unknown ones come last
    assert most_certain(["zeta", "alpha"]) == "alpha"  # ... in alphabetical order
    assert most_certain([]) is None


def test_local_names_of_own_and_foreign_terms() -> None:
    assert local_name(KG.envoyFor) == local_name("kg:envoyFor") == "envoyFor"
    assert local_name("envoyFor") == "envoyFor"
    assert local_name(PLOVER.AGREE) == "AGREE"
    assert local_name(URIRef("https://w3id.org/kgnews/cameo#046")) == "046"
    # a foreign term keeps its prefix, so it is never read as a kg term
    assert local_name(RDFS.label) == "rdfs:label"
    assert local_name(URIRef("http://example.org/x#envoyFor")) == "http://example.org/x#envoyFor"
    assert local_name(US).startswith("kgd:entity/")


def test_api_query_runs_a_library_query_by_name(tmp_path) -> None:
    ds = build_sample_dataset()
    by_name = api.query(ds, "negotiations")
    rows = [(str(r.aLabel), str(r.bLabel), str(r.direct)) for r in by_name]
    assert rows == [("Hamas", "United States", "true")]
    assert [r.a for r in by_name] == [HAMAS]
    rq = tmp_path / "mine.rq"
    rq.write_text(query_library()["negotiations"].text, encoding="utf-8")
    assert [tuple(r) for r in api.query(ds, str(rq))] == [tuple(r) for r in by_name]
    with pytest.raises(QueryError, match=r"no query named 'negotiatons' in the library \(known: "):
        api.query(ds, "negotiatons")


def test_a_syntax_error_names_the_file_it_came_from(tmp_path) -> None:
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    with pytest.raises(QueryError, match=rf"^{rq}: SPARQL syntax error at line 1"):
        api.query(build_sample_dataset(), str(rq))
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 1"):
        api.query(build_sample_dataset(), "SELECT ?x WHERE { ?x ?y }")
    assert resolve_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"


def test_the_scorers_find_documents_built_under_another_base() -> None:
    text = "Qatar negotiates with Hamas."
    ds = to_rdf([_extraction("r1", text)], base=OTHER_BASE)
    pair = frozenset({"qatar"}), frozenset({"negotiatesWith"}), frozenset({"hamas"})
    gold = [facts.GoldRow("g1", "required", *pair, line=1)]
    assert facts.score(ds, gold, document="r1").recall == 1.0
    records = [plover.Record("r1", "CONSULT", text, ("Qatar",), ("Hamas",))]
    report = plover.score(ds, records)
    assert report.full_found == {"r1"} and report.precision == 1.0
