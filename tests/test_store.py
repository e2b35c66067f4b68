"""Loading and saving datasets; also home of the hand-built sample dataset the output tests share.

The sample follows docs/rdf-model.md: an entities graph with 5 entities, 2 document graphs,
4 distinct asserted facts (one symmetric, stated in both documents), 6 assertion nodes of which
one is negated and has no triple.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from kg.errors import StoreError
from kg.store import load_dataset, new_dataset, save_dataset, stores

KG = Namespace("https://w3id.org/kgnews/ontology#")
KGD = Namespace("https://w3id.org/kgnews/id/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

ENTITIES = KGD["graph/entities"]
DOC1 = KGD["doc/000-talks-aaaa111111"]
DOC2 = KGD["doc/001-truce-bbbb222222"]
BOEHLER = KGD["entity/adam-boehler-1a2b3c4d5e"]
HOSTAGE_AFFAIRS = KGD["entity/hostage-affairs-0f1e2d3c4b"]
US = KGD["entity/united-states-2b3c4d5e6f"]
HAMAS = KGD["entity/hamas-3c4d5e6f7a"]
ISRAEL = KGD["entity/israel-4d5e6f7a8b"]

#: (document, sentence index, subject, property, object, evidence, confidence, modality)
MENTIONS = [
    (
        DOC1,
        0,
        BOEHLER,
        "envoyFor",
        HOSTAGE_AFFAIRS,
        "special envoy for hostage affairs",
        "0.85",
        "reported",
    ),
    (DOC1, 1, US, "negotiatesWith", HAMAS, "the U.S. held talks with Hamas", "0.9", "asserted"),
    (DOC1, 0, BOEHLER, "worksFor", US, "Adam Boehler, the U.S. envoy", "0.7", "asserted"),
    (DOC2, 0, US, "negotiatesWith", HAMAS, "Washington negotiated with Hamas", "0.8", "asserted"),
    (DOC2, 1, US, "supports", ISRAEL, "the United States backs Israel", "0.75", "asserted"),
    (
        DOC2,
        1,
        ISRAEL,
        "negotiatesWith",
        HAMAS,
        "Israel has not confirmed talks with Hamas",
        "0.6",
        "negated",
    ),
]
SENTENCES = {
    DOC1: [
        "Adam Boehler, the special envoy for hostage affairs, said so.",
        "Officials said the U.S. held talks with Hamas in Doha.",
    ],
    DOC2: [
        "Washington negotiated with Hamas over the hostages.",
        "Israel has not confirmed talks with Hamas; the United States backs Israel.",
    ],
}


def build_sample_dataset() -> Dataset:
    """The sample dataset, written triple by triple the way docs/rdf-model.md shows."""
    ds = Dataset(default_union=True)
    ds.bind("kg", KG)
    ds.bind("kgd", KGD)

    entities = ds.graph(ENTITIES)
    for iri, cls, label, aliases in [
        (BOEHLER, KG.Person, "Adam Boehler", ["Boehler"]),
        (HOSTAGE_AFFAIRS, KG.Position, "hostage affairs", []),
        (US, KG.Country, "United States", ["U.S.", "Washington"]),
        (HAMAS, KG.ArmedGroup, "Hamas", []),
        (ISRAEL, KG.Country, "Israel", []),
    ]:
        entities.add((iri, RDF.type, cls))
        entities.add((iri, RDFS.label, Literal(label)))
        for alias in aliases:
            entities.add((iri, SKOS.altLabel, Literal(alias)))

    for number, (doc, identifier, title) in enumerate(
        [(DOC1, "000_talks", "U.S. talks with Hamas"), (DOC2, "001_truce", "Truce talks")]
    ):
        g = ds.graph(doc)
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.identifier, Literal(identifier)))
        g.add((doc, DCTERMS.title, Literal(title)))
        g.add((doc, DCTERMS.date, Literal(f"2025-03-0{number + 5}", datatype=XSD_DATE)))
        offset = 0
        for index, text in enumerate(SENTENCES[doc]):
            sentence = URIRef(f"{doc}/sentence/{index}")
            g.add((sentence, RDF.type, KG.Sentence))
            g.add((sentence, DCTERMS.isPartOf, doc))
            g.add((sentence, KG.sentenceIndex, Literal(index)))
            g.add((sentence, KG.startOffset, Literal(offset)))
            g.add((sentence, KG.endOffset, Literal(offset + len(text))))
            g.add((sentence, KG.text, Literal(text)))
            offset += len(text) + 1

    for number, (doc, index, s, prop, o, evidence, confidence, modality) in enumerate(MENTIONS):
        g = ds.graph(doc)
        p = KG[prop]
        if modality != "negated":
            g.add((s, p, o))
        a = KGD[f"assertion/{number:018x}"]
        text = SENTENCES[doc][index]
        start = sum(len(t) + 1 for t in SENTENCES[doc][:index])
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, PROV.wasDerivedFrom, URIRef(f"{doc}/sentence/{index}")))
        g.add((a, KG.evidence, Literal(evidence)))
        g.add((a, KG.startOffset, Literal(start + max(text.find(evidence), 0))))
        g.add((a, KG.endOffset, Literal(start + max(text.find(evidence), 0) + len(evidence))))
        g.add((a, KG.rule, Literal("test-rule.v1")))
        g.add((a, KG.confidence, Literal(Decimal(confidence))))
        g.add((a, KG.modality, KG[modality]))
    return ds


@pytest.fixture
def sample() -> Dataset:
    return build_sample_dataset()


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """Non-empty graphs by name, each as a plain Graph (for isomorphism checks)."""
    graphs = {}
    for g in ds.graphs():
        if len(g):
            plain = Graph()
            plain += g
            graphs[str(g.identifier)] = plain
    return graphs


def test_sample_dataset_shape(sample):
    assert set(named_graphs(sample)) == {str(ENTITIES), str(DOC1), str(DOC2)}
    assert (ISRAEL, KG.negotiatesWith, HAMAS) not in sample


def test_save_and_load_round_trip(sample, tmp_path):
    path = save_dataset(sample, tmp_path / "out" / "graph.trig")
    assert path.read_text(encoding="utf-8").startswith("@prefix")
    loaded = load_dataset(path)
    assert loaded.default_union is True
    before, after = named_graphs(sample), named_graphs(loaded)
    assert before.keys() == after.keys()
    for name in before:
        assert isomorphic(before[name], after[name]), name
    prefixes = {prefix: str(ns) for prefix, ns in loaded.namespaces()}
    assert prefixes["kg"] == str(KG)
    assert prefixes["kgd"] == str(KGD)
    assert not list(tmp_path.glob("out/*.partial"))


def test_queries_see_all_graphs(sample, tmp_path):
    loaded = load_dataset(save_dataset(sample, tmp_path / "graph.trig"))
    rows = loaded.query("SELECT ?s WHERE { ?s a <https://w3id.org/kgnews/ontology#Person> }")
    assert [row.s for row in rows] == [BOEHLER]


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(".ttl", "turtle"), (".nt", "nt"), (".rdf", "xml"), (".xml", "xml")],
)
def test_triple_formats_load_into_default_graph(sample, tmp_path, suffix, fmt):
    merged = Graph()
    for s, p, o, _ in sample.quads((None, None, None, None)):
        merged.add((s, p, o))
    path = tmp_path / f"graph{suffix}"
    merged.serialize(destination=path, format=fmt)
    loaded = load_dataset(path)
    assert [str(g.identifier) for g in loaded.graphs() if len(g)] == [
        str(loaded.default_graph.identifier)
    ]
    plain = Graph()
    plain += loaded.default_graph
    assert isomorphic(plain, merged)
    assert len(loaded.query("SELECT * WHERE { ?a a kg:Assertion }")) == len(MENTIONS)


@pytest.mark.parametrize(("suffix", "fmt"), [(".nq", "nquads"), (".jsonld", "json-ld")])
def test_dataset_formats_keep_graphs(sample, tmp_path, suffix, fmt):
    path = tmp_path / f"graph{suffix}"
    sample.serialize(destination=path, format=fmt)
    loaded = load_dataset(path)
    before, after = named_graphs(sample), named_graphs(loaded)
    assert before.keys() == after.keys()
    assert all(isomorphic(before[name], after[name]) for name in before)


def test_missing_file(tmp_path):
    path = tmp_path / "nothing.trig"
    with pytest.raises(StoreError) as info:
        load_dataset(path)
    message = str(info.value)
    assert str(path) in message
    assert "no graph here; run `kg build INPUT` first or pass --in FILE" in message
    assert "\n" not in message


def test_corrupt_trig_names_file_and_line(tmp_path):
    path = tmp_path / "broken.trig"
    path.write_text(
        "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:p ex:b .\n  ex:c ex:p \n}\n",
        encoding="utf-8",
    )
    with pytest.raises(StoreError) as info:
        load_dataset(path)
    message = str(info.value)
    assert "broken.trig" in message
    assert "TriG" in message
    assert re.search(r"line [45]\b", message)  # the open statement or its end
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p .\n", 3),
        ("bad.jsonld", '[\n{"@id": \n]', 3),
        (
            "bad.rdf",
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<a>\n</rdf:RDF>",
            3,
        ),
        ("bad.nt", "<http://example.org/a> <http://example.org/p> .\n", None),
    ],
)
def test_corrupt_files_name_the_file(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_dataset(path)
    message = str(info.value)
    assert name in message
    assert "\n" not in message
    if line is not None:
        assert f"line {line}" in message


def test_unknown_extension_and_directory(tmp_path):
    with pytest.raises(StoreError, match=r"unknown graph file extension '\.csv'"):
        load_dataset(tmp_path / "graph.csv")
    folder = tmp_path / "dir.trig"
    folder.mkdir()
    with pytest.raises(StoreError, match="directory"):
        load_dataset(folder)


def test_save_wants_trig(sample, tmp_path):
    with pytest.raises(StoreError, match=r"\*\.trig"):
        save_dataset(sample, tmp_path / "graph.ttl")


def test_store_registry():
    assert stores() == ["memory"]
    assert new_dataset().default_union is True
    with pytest.raises(StoreError, match="unknown store 'oxigraph'; known: memory"):
        new_dataset(store="oxigraph")


def test_store_module_does_not_need_a_real_path(tmp_path):
    # A Path and a str name the same file.
    path = save_dataset(build_sample_dataset(), str(tmp_path / "g.trig"))
    assert isinstance(path, Path)
    assert len(load_dataset(str(path))) > 0
