"""Every export format on the hand-built sample dataset: round trips, other readers, shapes."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from sample import MENTIONS, named_graphs

from kg.errors import FormatError
from kg.outputs.export import CSV_COLUMNS, export, exporter, format_for_path, formats, merged_graph

RDF_MERGED = {"turtle": "turtle", "nt": "nt", "xml": "xml"}
RDF_DATASETS = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
OXIGRAPH = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def quad_count(ds: Dataset) -> int:
    return sum(1 for _ in ds.quads((None, None, None, None)))


def test_merged_graph_holds_every_triple_once(sample):
    merged = merged_graph(sample)
    assert type(merged) is Graph
    distinct = {(s, p, o) for s, p, o, _ in sample.quads((None, None, None, None))}
    assert len(merged) == len(distinct)
    # the fact stated in both documents is one triple in the merged graph
    assert len(distinct) == quad_count(sample) - 1
    assert dict(merged.namespaces())["kg"].startswith("https://w3id.org/kgnews/ontology#")


@pytest.mark.parametrize("fmt", sorted(RDF_MERGED))
def test_triple_formats_round_trip_the_merged_graph(sample, fmt):
    data = export(sample, fmt)
    assert isinstance(data, bytes)
    parsed = Graph().parse(data=data, format=RDF_MERGED[fmt])
    assert isomorphic(parsed, merged_graph(sample))


@pytest.mark.parametrize("fmt", sorted(RDF_DATASETS))
def test_dataset_formats_keep_each_named_graph(sample, fmt):
    data = export(sample, fmt)
    parsed = Dataset()
    parsed.parse(data=data, format=RDF_DATASETS[fmt])
    before, after = named_graphs(sample), named_graphs(parsed)
    assert before.keys() == after.keys()
    for name in before:
        assert isomorphic(before[name], after[name]), name
    assert isomorphic(merged_graph(parsed), merged_graph(sample))


@pytest.mark.parametrize("fmt", sorted(OXIGRAPH))
def test_oxigraph_reads_the_same_number_of_statements(sample, fmt):
    data = export(sample, fmt)
    parsed = list(pyoxigraph.parse(data, format=OXIGRAPH[fmt]))
    expected = quad_count(sample) if fmt in RDF_DATASETS else len(merged_graph(sample))
    assert len(parsed) == expected


def test_oxigraph_sees_the_named_graphs(sample):
    store = pyoxigraph.Store()
    store.load(export(sample, "trig"), format=pyoxigraph.RdfFormat.TRIG)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert graphs == set(named_graphs(sample))


def test_turtle_is_prefixed(sample):
    text = export(sample, "turtle").decode("utf-8")
    assert "@prefix kg: <https://w3id.org/kgnews/ontology#> ." in text
    assert "kg:envoyFor" in text


def test_graphml_keeps_the_attributes(sample):
    g = nx.read_graphml(io.BytesIO(export(sample, "graphml")))
    assert g.number_of_nodes() == 5
    assert g.number_of_edges() == 4  # 4 asserted facts; the negated one is no edge
    us = g.nodes["https://w3id.org/kgnews/id/entity/united-states-2b3c4d5e6f"]
    assert us["label"] == "United States"
    assert us["cls"] == "Country"
    assert us["aliases"] == "U.S.|Washington"
    edges = {data["property"]: data for _, _, data in g.edges(data=True)}
    assert set(edges) == {"envoyFor", "worksFor", "negotiatesWith", "supports"}
    talks = edges["negotiatesWith"]
    assert talks["evidence_count"] == 2  # one mention per document
    assert talks["documents"] == "000_talks|001_truce"
    assert talks["symmetric"] is True
    assert talks["confidence"] == pytest.approx(0.9)
    assert talks["label"]
    assert edges["envoyFor"]["modality"] == "reported"
    assert edges["envoyFor"]["symmetric"] is False
    # edge ids are unique in the file (the network's keys are only unique per node pair)
    root = ElementTree.fromstring(export(sample, "graphml"))
    ids = [edge.get("id") for edge in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_gexf_keeps_the_attributes(sample):
    g = nx.read_gexf(io.BytesIO(export(sample, "gexf")))
    assert g.number_of_nodes() == 5
    assert g.number_of_edges() == 4
    boehler = g.nodes["https://w3id.org/kgnews/id/entity/adam-boehler-1a2b3c4d5e"]
    assert boehler["label"] == "Adam Boehler"
    assert boehler["cls"] == "Person"
    assert boehler["aliases"] == "Boehler"
    properties = sorted(data["property"] for _, _, data in g.edges(data=True))
    assert properties == ["envoyFor", "negotiatesWith", "supports", "worksFor"]
    assert all("evidence_count" in data for _, _, data in g.edges(data=True))


def test_csv_has_one_row_per_assertion(sample):
    text = export(sample, "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(MENTIONS)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    negated = [r for r in records if r["modality"] == "negated"]
    assert negated == [
        {
            "subject_label": "Israel",
            "property": "negotiatesWith",
            "object_label": "Hamas",
            "confidence": "0.6",
            "modality": "negated",
            "evidence": "Israel has not confirmed talks with Hamas",
            "document": "001_truce",
            "sentence": (
                "Israel has not confirmed talks with Hamas; the United States backs Israel."
            ),
        }
    ]
    # document order, then sentence, then position in the text
    assert [(r["document"], r["property"]) for r in records][:2] == [
        ("000_talks", "worksFor"),
        ("000_talks", "envoyFor"),
    ]


def test_export_writes_a_file(sample, tmp_path):
    out = tmp_path / "sub" / "graph.nq"
    assert export(sample, "nq", out=out) is None
    assert out.read_bytes() == export(sample, "nquads")


def test_registry_names_aliases_and_media_types():
    assert formats() == [
        "turtle",
        "nt",
        "nquads",
        "trig",
        "jsonld",
        "xml",
        "graphml",
        "gexf",
        "csv",
        "plover",
    ]
    assert {"ttl", "nq", "rdfxml", "jsonl"} <= set(formats(aliases=True))
    assert exporter("ttl").name == "turtle"
    assert exporter("TTL").media_type == "text/turtle"
    assert exporter("application/n-quads").name == "nquads"
    assert exporter("rdfxml").media_type == "application/rdf+xml"
    assert exporter("jsonld").media_type == "application/ld+json"
    assert exporter("nquads").extension == "nq"
    assert exporter("trig").keeps_graphs and not exporter("turtle").keeps_graphs
    assert format_for_path("out/graph.ttl") == "turtle"
    assert format_for_path("g.rdf") == "xml"
    assert format_for_path("g.xml") == "xml"
    assert format_for_path("g.gexf") == "gexf"
    assert format_for_path("events.jsonl") == "plover"
    assert format_for_path("g.unknown") is None


def test_unknown_format_lists_the_known_ones(sample):
    with pytest.raises(FormatError) as info:
        export(sample, "yaml")
    message = str(info.value)
    assert "unknown format 'yaml'" in message
    assert "turtle" in message and "graphml" in message and "csv" in message


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_formats_of_the_seed_build_carry_labels_classes_and_evidence_counts(seed_build, fmt):
    """The real seed graph, read back by networkx: what Gephi and Cytoscape will show."""
    from kg.outputs.network import to_networkx

    network = to_networkx(seed_build.dataset)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = read(io.BytesIO(export(seed_build.dataset, fmt)))
    assert g.number_of_nodes() == network.number_of_nodes()
    assert g.number_of_edges() == network.number_of_edges()
    for node, attrs in network.nodes(data=True):
        assert g.nodes[node]["label"] == attrs["label"]
        assert g.nodes[node]["cls"] == attrs["cls"]
    expected = sorted(
        (s, o, d["property"], d["label"], len(d["evidence"]))
        for s, o, d in network.edges(data=True)
    )
    found = sorted(
        (s, o, d["property"], d["label"], d["evidence_count"]) for s, o, d in g.edges(data=True)
    )
    assert found == expected
    assert all(count >= 1 for *_, count in found)  # every relation shows why it is there


FORMULAS = ["=1+1", '=HYPERLINK("http://127.0.0.1/x","click")', "+41 22", "-2", "@SUM(A1)"]
FORMULAS += ["\tTAB", "\rRETURN"]


@pytest.mark.parametrize("label", FORMULAS)
def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote(sample, label):
    from rdflib import Literal
    from rdflib.namespace import RDFS
    from sample import BOEHLER, ENTITIES

    entities = sample.graph(ENTITIES)
    entities.set((BOEHLER, RDFS.label, Literal(label)))
    rows = list(csv.DictReader(io.StringIO(export(sample, "csv").decode("utf-8"), newline="")))
    cells = [r["subject_label"] for r in rows if r["property"] in ("envoyFor", "worksFor")]
    assert cells and set(cells) == {"'" + label}  # the text is kept, after the quote
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert {r["object_label"] for r in rows if r["property"] == "supports"} == {"Israel"}


def test_a_format_that_contradicts_the_extension_is_refused():
    from kg.outputs.export import resolve_format

    with pytest.raises(FormatError) as info:
        resolve_format("turtle", "out/graph.trig")
    assert str(info.value) == (
        "out/graph.trig: the extension says trig but --format says turtle; write out/graph.ttl "
        "instead, or leave out --format"
    )
    assert resolve_format("ttl", "graph.ttl") == "turtle"  # an alias of the same format
    assert resolve_format("xml", "graph.rdf") == "xml"
    assert resolve_format("nt", "graph.txt") == "nt"  # an extension naming no format: --format
    assert resolve_format(None, "graph.nq") == "nquads"
