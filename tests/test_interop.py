"""The seed graph (with and without the inferred graph) in every RDF format, read back by rdflib
and by Oxigraph: the same number of statements, and round trips that are isomorphic."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from sample import named_graphs

from kg.outputs.export import export, merged_graph
from kg.rdf.infer import infer

#: kg export name -> (rdflib parser, Oxigraph format, keeps named graphs)
FORMATS = {
    "trig": ("trig", pyoxigraph.RdfFormat.TRIG, True),
    "nquads": ("nquads", pyoxigraph.RdfFormat.N_QUADS, True),
    "jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD, True),
    "turtle": ("turtle", pyoxigraph.RdfFormat.TURTLE, False),
    "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES, False),
    "xml": ("xml", pyoxigraph.RdfFormat.RDF_XML, False),
}


@pytest.fixture(scope="module", params=["extracted", "with-inferences"])
def graph(request, seed_build) -> Dataset:
    ds = Dataset(default_union=True)
    for quad in seed_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    if request.param == "with-inferences":
        assert infer(ds).added > 0
    return ds


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_rdflib_and_oxigraph_read_the_same_statements(graph: Dataset, fmt: str) -> None:
    rdflib_format, ox_format, keeps_graphs = FORMATS[fmt]
    data = export(graph, fmt)
    ox_quads = list(pyoxigraph.parse(data, format=ox_format))
    if keeps_graphs:
        parsed = Dataset()
        parsed.parse(data=data, format=rdflib_format)
        expected = sum(1 for _ in graph.quads((None, None, None, None)))
        assert sum(1 for _ in parsed.quads((None, None, None, None))) == expected
        assert len(ox_quads) == expected
        assert {str(q.graph_name.value) for q in ox_quads} == set(named_graphs(graph))
    else:
        parsed = Graph().parse(data=data, format=rdflib_format)
        assert len(parsed) == len(ox_quads) == len(merged_graph(graph))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trips_are_isomorphic(graph: Dataset, fmt: str) -> None:
    rdflib_format, _, keeps_graphs = FORMATS[fmt]
    data = export(graph, fmt)
    if keeps_graphs:
        parsed = Dataset()
        parsed.parse(data=data, format=rdflib_format)
        before, after = named_graphs(graph), named_graphs(parsed)
        assert before.keys() == after.keys()
        for name in before:
            assert isomorphic(before[name], after[name]), name
    else:
        assert isomorphic(Graph().parse(data=data, format=rdflib_format), merged_graph(graph))


def test_oxigraph_answers_a_query_over_the_union(graph: Dataset) -> None:
    store = pyoxigraph.Store()
    store.load(export(graph, "trig"), format=pyoxigraph.RdfFormat.TRIG)
    query = (
        "PREFIX kg: <https://w3id.org/kgnews/ontology#> "
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Assertion }"
    )
    ox = next(iter(store.query(query, use_default_graph_as_union=True)))
    rdflib_count = next(iter(graph.query(query)))
    assert int(ox["n"].value) == int(rdflib_count[0]) > 0
