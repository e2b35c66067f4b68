"""``kg query`` answered by Oxigraph prints what rdflib's answer prints, in every format.

Every query of the library, on the seed graph and on the PLOVER dev graph, is answered both ways
(rdflib over the loaded file; Oxigraph over the file, and over an ``oxigraph:DIR`` store) and
the printed text compared byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_cli import kg

from kg.outputs.native import answer_file, answer_store
from kg.outputs.query import format_result, prepare_query, query_library, run_query
from kg.outputs.results import RESULT_FORMATS, write_answer
from kg.store.files import load_dataset

LIBRARY = list(query_library())
EXTRA = [
    "ASK { ?s a kg:Person }",
    "ASK { ?s a kg:NoSuchClass }",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER (LANG(?label) != '') } ORDER BY ?s",
]


def _store_of(graph_file: Path, folder: Path) -> Path:
    store = ox.Store(str(folder))
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return folder


def _same_everywhere(graph_file: Path, store_dir: Path, queries: list[str]) -> None:
    dataset = load_dataset(graph_file)
    for query in queries:
        by_rdflib = run_query(dataset, prepare_query(query))
        from_file = answer_file(graph_file, query)
        from_store = answer_store(str(store_dir), query)
        assert from_file is not None and from_store is not None, query
        for fmt in RESULT_FORMATS:
            expected = format_result(by_rdflib, fmt)
            assert write_answer(from_file, fmt) == expected, (query, fmt)
            assert write_answer(from_store, fmt) == expected, (query, fmt)


def test_library_and_other_queries_print_the_same_on_the_seed_graph(seed_graph_file, tmp_path):
    store = _store_of(seed_graph_file, tmp_path / "store")
    _same_everywhere(seed_graph_file, store, LIBRARY + EXTRA)


def test_library_queries_print_the_same_on_the_dev_graph(plover_dev_build, tmp_path):
    _, build = plover_dev_build
    graph_file = Path(build.outputs["trig"])
    _same_everywhere(graph_file, _store_of(graph_file, tmp_path / "store"), LIBRARY)


def test_the_library_has_rows_to_compare(seed_graph_file):
    # The comparison above means something only if the queries find something.
    found = [name for name in LIBRARY if answer_file(seed_graph_file, name).rows]
    assert len(found) >= len(LIBRARY) - 1, found


@pytest.mark.parametrize(
    "query",
    [
        "CONSTRUCT WHERE { ?s a kg:Person }",  # printed as rdflib's Turtle
        "SELECT * WHERE { ?s ?p ?o ",  # rdflib's syntax error message
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",  # refused by rdflib's path
    ],
)
def test_what_oxigraph_does_not_answer_goes_to_rdflib(seed_graph_file, query):
    assert answer_file(seed_graph_file, query) is None


def test_files_oxigraph_does_not_read_the_same_way_go_to_rdflib(seed_graph_file, tmp_path):
    turtle = tmp_path / "graph.ttl"
    turtle.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    default_graph = tmp_path / "default.trig"
    default_graph.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    empty = tmp_path / "empty.trig"
    empty.write_text("", encoding="utf-8")
    broken = tmp_path / "broken.trig"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    for path in (turtle, default_graph, empty, broken, tmp_path / "absent.trig"):
        assert answer_file(path, "ASK { ?s ?p ?o }") is None, path


def test_kg_query_prints_the_same_from_the_file_and_the_store(seed_graph_file, tmp_path):
    runner = CliRunner()
    store = _store_of(seed_graph_file, tmp_path / "store")
    for fmt in RESULT_FORMATS:
        from_file = kg(runner, "query", "negotiations", "-f", fmt, "--in", seed_graph_file)
        from_store = kg(runner, "query", "negotiations", "-f", fmt, "--store", f"oxigraph:{store}")
        assert from_file.exit_code == 0 and from_store.exit_code == 0, from_store.stderr
        assert from_file.stdout == from_store.stdout
        assert "Hamas" in from_file.stdout
