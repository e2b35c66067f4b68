"""SPARQL on the sample dataset: every query form in every output format, and the refusals."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from sample import HAMAS, MENTIONS, US

from kg.errors import FormatError, QueryError
from kg.outputs.query import RESULT_FORMATS, format_result, load_query_text, run_query
from kg.rdf.namespace import shorten

LABELS = """
SELECT ?entity ?label WHERE { ?entity rdfs:label ?label } ORDER BY ?label
"""
TALKS = """
SELECT ?s ?o ?confidence WHERE {
  ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate kg:negotiatesWith ; rdf:object ?o ;
     kg:confidence ?confidence ; kg:modality kg:asserted .
} ORDER BY DESC(?confidence)
"""


def test_select_table(sample):
    text = format_result(run_query(sample, LABELS), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["entity", "label"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split() == ["kgd:entity/adam-boehler-1a2b3c4d5e", "Adam", "Boehler"]
    assert lines[-1] == "5 rows"
    assert text.endswith("\n")
    # columns line up: every label starts where the header's does
    column = lines[0].index("label")
    assert all(line[column - 2 : column] == "  " for line in lines[2:-1])


def test_table_shows_literals_as_text_and_counts_rows(sample):
    text = format_result(run_query(sample, TALKS), "table")
    assert "0.9" in text and '"0.9"' not in text and "^^" not in text
    assert text.splitlines()[-1] == "2 rows"
    one = format_result(run_query(sample, "SELECT ?x WHERE { BIND(1 AS ?x) }"), "table")
    assert one.splitlines()[-1] == "1 row"
    none = format_result(run_query(sample, "SELECT ?x WHERE { ?x a kg:Nothing }"), "table")
    assert none.splitlines() == ["x", "-", "0 rows"]


def test_select_csv_tsv_json(sample):
    result = run_query(sample, TALKS)
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["s", "o", "confidence"]
    assert rows[1] == [str(US), str(HAMAS), "0.9"]
    assert len(rows) == 3

    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0] == "?s\t?o\t?confidence"
    assert tsv[1] == (f'<{US}>\t<{HAMAS}>\t"0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>')

    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["s", "o", "confidence"]
    first = data["results"]["bindings"][0]
    assert first["s"] == {"type": "uri", "value": str(US)}
    assert first["confidence"]["value"] == "0.9"


def test_tsv_escapes_tabs_and_newlines(sample):
    query = 'SELECT ?x WHERE { BIND("a\\tb\\nc" AS ?x) }'
    assert format_result(run_query(sample, query), "tsv") == '?x\n"a\\tb\\nc"\n'


def test_ask(sample):
    yes = run_query(sample, "ASK { ?s kg:negotiatesWith ?o }")
    no = run_query(sample, "ASK { kgd:x kg:negotiatesWith ?o }")
    for fmt in ("table", "csv", "tsv"):
        assert format_result(yes, fmt) == "true\n"
        assert format_result(no, fmt) == "false\n"
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert json.loads(format_result(no, "json")) == {"head": {}, "boolean": False}


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_construct_is_turtle_in_any_format(sample, fmt):
    result = run_query(
        sample, "CONSTRUCT { ?s kg:negotiatesWith ?o } WHERE { ?s kg:negotiatesWith ?o }"
    )
    text = format_result(result, fmt)
    assert "@prefix kg: <https://w3id.org/kgnews/ontology#> ." in text
    parsed = Graph().parse(data=text, format="turtle")
    expected = Graph()
    expected.add((US, sample.namespace_manager.expand_curie("kg:negotiatesWith"), HAMAS))
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_describe_is_turtle(sample, fmt):
    text = format_result(run_query(sample, f"DESCRIBE <{HAMAS}>"), fmt)
    parsed = Graph().parse(data=text, format="turtle")
    labels = [str(o) for _, p, o in parsed if str(p).endswith("#label")]
    assert labels == ["Hamas"]


def test_prefixes_are_pre_bound_and_can_be_redeclared(sample):
    query = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; prov:wasDerivedFrom ?s }"
    assert int(next(iter(run_query(sample, query))).n) == len(MENTIONS)
    mine = "PREFIX k: <https://w3id.org/kgnews/ontology#> SELECT ?a WHERE { ?a a k:Assertion }"
    assert len(run_query(sample, mine)) == len(MENTIONS)


def test_queries_see_all_named_graphs(sample):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(run_query(sample, query)) == 3
    union = "SELECT ?s WHERE { ?s a kg:Document }"  # documents live in their own graphs
    assert len(run_query(sample, union)) == 2


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { kgd:a kg:supports kgd:b }",
        "DELETE WHERE { ?s ?p ?o }",
        "WITH kgd:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/x.ttl>",
        "CLEAR ALL",
        "DROP GRAPH kgd:graph/entities",
        "CREATE GRAPH <http://example.org/g>",
        "ADD DEFAULT TO <http://example.org/g>",
        "MOVE DEFAULT TO <http://example.org/g>",
        "COPY DEFAULT TO <http://example.org/g>",
    ],
)
def test_updates_are_refused(sample, update):
    before = len(sample)
    with pytest.raises(QueryError) as info:
        run_query(sample, update)
    assert str(info.value) == "updates are not allowed: kg query is read-only"
    assert len(sample) == before


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p }", "line 1, column 18"),
        ("SELECT ?s\nWHERE {\n  ?s ?p ?o FILTER(?o > ) }", "line 3"),
        ("SELECT * WHERE { ?s nope:p ?o }", "nope"),
        ("", "line 1"),
        ("PREFIX ex: <http://example.org/>", "found end of text"),
    ],
)
def test_malformed_queries(sample, query, expected):
    with pytest.raises(QueryError) as info:
        run_query(sample, query)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert "read-only" not in message


def test_unknown_result_format(sample):
    with pytest.raises(FormatError, match="table, csv, tsv, json"):
        format_result(run_query(sample, LABELS), "xml")


def test_load_query_text(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(LABELS, encoding="utf-8")
    assert load_query_text(str(path)) == LABELS
    assert load_query_text("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    assert load_query_text("ASK {}\n" * 2000).startswith("ASK")  # no file name is that long
    with pytest.raises(QueryError, match=r"missing\.rq: no such query file"):
        load_query_text(str(tmp_path / "missing.rq"))


def test_shorten():
    assert shorten(US) == "kgd:entity/united-states-2b3c4d5e6f"
    assert shorten(None) == ""
    assert shorten(US, prefixes={"x": "https://w3id.org/kgnews/"}) == (
        "x:id/entity/united-states-2b3c4d5e6f"
    )
