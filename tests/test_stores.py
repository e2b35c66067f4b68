"""Stores: ``--store`` specs, incremental and idempotent builds, ``kg remove``, a real Oxigraph
server over HTTP, and builds killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.api import open_graph
from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]

DOHA = {
    "id": "doha",
    "text": "Qatar mediated talks between Israel and Hamas in Doha on Monday. "
    "Hamas agreed to a truce with Israel.",
}
CAIRO = {
    "id": "cairo",
    "text": "Egypt hosted talks between Israel and Hamas in Cairo. "
    "Hamas agreed to a truce with Israel.",
}


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result


def quads(spec: str) -> set[tuple]:
    ds = open_graph(spec)
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads()}


def entity_labels(spec: str) -> set[str]:
    from rdflib import RDFS

    return {str(o) for s, p, o, g in quads(spec) if p == RDFS.label}


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("nosuch:x", "unknown store 'nosuch:x'"),
        ("oxigraph", "names no location"),
        ("oxigraph:", "names no location"),
        ("memory:x", "unknown store"),
    ],
)
def test_a_bad_spec_is_one_line_naming_the_forms(spec: str, words: str, tmp_path: Path) -> None:
    result = run("stats", "--store", spec)
    assert result.exit_code == 2
    assert words in result.output
    assert "oxigraph:DIR or sparql:QUERY_URL[,UPDATE_URL]" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_reading_a_store_that_is_not_there_says_how_to_make_it(tmp_path: Path) -> None:
    result = run("query", "SELECT * WHERE { ?s ?p ?o }", "--store", f"oxigraph:{tmp_path}/none")
    assert result.exit_code == 2
    assert "no store here; build one with kg build" in result.output
    assert not (tmp_path / "none").exists()


def test_build_twice_changes_nothing_then_an_edit_replaces(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    inputs = write_jsonl(tmp_path / "in.jsonl", DOHA, CAIRO)
    first = run("build", str(inputs), "--store", spec)
    assert first.exit_code == 0, first.output
    assert "added        2 documents" in first.output
    before = quads(spec)
    second = run("build", str(inputs), "--store", spec)
    assert "unchanged    2 documents" in second.output
    assert "added        0 documents" in second.output
    assert quads(spec) == before  # the same quads: same count, same IRIs

    edited = dict(DOHA, text=DOHA["text"].replace("Qatar", "Oman").replace("Doha", "Salalah"))
    third = run("build", str(write_jsonl(tmp_path / "ed.jsonl", edited, CAIRO)), "--store", spec)
    assert "replaced     1 documents" in third.output, third.output
    assert "unchanged    1 documents" in third.output
    labels = entity_labels(spec)
    assert {"Oman", "Salalah", "Israel", "Hamas", "Egypt"} <= labels
    assert not {"Qatar", "Doha"} & labels  # nothing else mentions them any more
    fresh = f"oxigraph:{tmp_path / 'fresh'}"
    run("build", str(write_jsonl(tmp_path / "f.jsonl", edited, CAIRO)), "--store", fresh)
    assert quads(spec) == quads(fresh)  # the same as building the edited input from nothing
    assert run("validate", "--store", spec).exit_code == 0


def test_remove_keeps_what_another_document_supports(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    run("build", str(write_jsonl(tmp_path / "in.jsonl", DOHA, CAIRO)), "--store", spec)
    result = run("remove", "doha", "nosuch", "--store", spec)
    assert result.exit_code == 1
    assert "holds no document 'nosuch'" in result.output
    assert "removed      1 documents" in result.output
    labels = entity_labels(spec)
    assert "Qatar" not in labels and "Doha" not in labels
    assert {"Israel", "Hamas", "Egypt"} <= labels
    answer = run(
        "query",
        "SELECT ?doc ?evidence WHERE { ?a rdf:predicate kg:negotiatesWith ; kg:evidence ?evidence ;"
        " prov:wasDerivedFrom/dcterms:isPartOf/dcterms:identifier ?doc }",
        "--store",
        spec,
        "-f",
        "csv",
    )
    # the fact both stated stays, with the evidence of the document that is left
    assert answer.output.strip().splitlines()[1:] == ["cairo,talks between Israel and Hamas"]
    fresh = f"oxigraph:{tmp_path / 'fresh'}"
    run("build", str(write_jsonl(tmp_path / "c.jsonl", CAIRO)), "--store", fresh)
    assert quads(spec) == quads(fresh)  # nothing of the removed document is left
    assert run("remove", "cairo", "--store", spec).exit_code == 0
    assert quads(spec) == set()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path: Path):
    """A real ``oxigraph serve`` on a free loopback port; its base URL."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [
            str(binary),
            "serve",
            "--location",
            str(tmp_path / "server"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("oxigraph serve did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_sparql_endpoint_gets_the_same_graph(oxigraph_server: str, tmp_path: Path) -> None:
    remote = f"sparql:{oxigraph_server}/query,{oxigraph_server}/update"
    local = f"oxigraph:{tmp_path / 'local'}"
    inputs = write_jsonl(tmp_path / "in.jsonl", DOHA, CAIRO)
    assert run("build", str(inputs), "--store", remote).exit_code == 0
    run("build", str(inputs), "--store", local)
    assert quads(remote) == quads(local)
    again = run("build", str(inputs), "--store", remote)
    assert "unchanged    2 documents" in again.output
    assert run("remove", "doha", "--store", remote).exit_code == 0
    run("remove", "doha", "--store", local)
    assert quads(remote) == quads(local)
    stats = run("stats", "--store", remote)
    assert "documents    1" in stats.output.replace("  ", " ").replace("  ", " ") or (
        stats.output.splitlines()[0].split() == ["documents", "1"]
    )
    read_only = run("build", str(inputs), "--store", f"sparql:{oxigraph_server}/query")
    assert read_only.exit_code == 2
    assert "no update URL" in read_only.output


def test_an_unreachable_endpoint_is_one_line(tmp_path: Path) -> None:
    result = run("stats", "--store", f"sparql:http://127.0.0.1:{_free_port()}/query")
    assert result.exit_code == 2
    assert "cannot reach" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _documents(count: int) -> list[dict]:
    """Distinct small articles, so that a build has many transactions to be killed between."""
    sides = ["Israel", "Hamas", "Egypt", "Qatar", "Jordan", "Turkey", "Iran", "Lebanon"]
    return [
        {
            "id": f"article-{n:03d}",
            "text": f"{sides[n % 8]} agreed to a truce with {sides[(n + 3) % 8]} on day {n}. "
            f"{sides[(n + 1) % 8]} condemned the attack on {sides[(n + 5) % 8]}.",
        }
        for n in range(count)
    ]


def test_a_killed_build_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", *_documents(60))
    whole = f"oxigraph:{tmp_path / 'whole'}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    subprocess.run([*KG, "build", str(inputs), "--store", whole], env=env, check=True)
    took = time.monotonic() - started  # the kills land at fractions of a whole build's time
    expected = quads(whole)
    by_graph: dict[object, set[tuple]] = {}
    for quad in expected:
        by_graph.setdefault(quad[3], set()).add(quad)
    kills = 0
    for delay in (took * share for share in (0.1, 0.5, 0.7, 0.8, 0.9)):
        store = tmp_path / f"killed-{delay}"
        spec = f"oxigraph:{store}"
        build = subprocess.Popen(
            [*KG, "build", str(inputs), "--store", spec],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        time.sleep(delay)
        if build.poll() is None:
            kills += 1
        build.send_signal(signal.SIGKILL)
        build.wait()
        if store.exists():
            found = quads(spec)  # the store opens
            graphs: dict[object, set[tuple]] = {}
            for quad in found:
                graphs.setdefault(quad[3], set()).add(quad)
            for name, graph in graphs.items():
                if "/doc/" in str(name):
                    assert graph == by_graph[name], f"{name} is not whole"
        rerun = run("build", str(inputs), "--store", spec)
        assert rerun.exit_code == 0, rerun.output
        assert quads(spec) == expected
    assert kills >= 3  # most kills landed while the build was running


def test_query_and_infer_on_a_store(tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "in.jsonl", DOHA)
    spec = f"oxigraph:{tmp_path / 'store'}"
    run("build", str(inputs), "--store", spec)
    run("build", str(inputs), "-o", str(tmp_path / "files"), "--no-view")
    for sparql in ("negotiations", "ASK { ?s kg:negotiatesWith ?o }"):
        native = run("query", sparql, "--store", spec, "-f", "json")
        files = run("query", sparql, "--in", str(tmp_path / "files" / "graph.trig"), "-f", "json")
        assert native.exit_code == 0, native.output
        assert json.loads(native.output) == json.loads(files.output)
    refused = run(
        "query", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "--store", spec
    )
    assert refused.exit_code == 2
    assert "refused" in refused.output
    before = quads(spec)
    inferred = run("infer", "--store", spec)
    assert inferred.exit_code == 0, inferred.output
    added = quads(spec) - before
    assert added and all(str(q[3]).endswith("/graph/inferred") for q in added)
    assert run("infer", "--drop", "--store", spec).exit_code == 0
    assert quads(spec) == before


def _post_graph(url: str, path: Path) -> None:
    """Load a TriG file into the server with its Graph Store Protocol endpoint (no kg build)."""
    request = urllib.request.Request(
        f"{url}/store",
        data=path.read_bytes(),
        headers={"Content-Type": "application/trig"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=30).read()


@pytest.fixture
def counted_requests(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Every request a ``sparql:`` store sends: (bytes sent, bytes received)."""
    from kg.store.sparql import SparqlStore

    sent: list[tuple[int, int]] = []
    original = SparqlStore._send

    def counting(self, url: str, body: bytes, content_type: str, accept: str) -> bytes:
        data = original(self, url, body, content_type, accept)
        sent.append((len(body), len(data)))
        return data

    monkeypatch.setattr(SparqlStore, "_send", counting)
    return sent


def test_library_queries_on_an_endpoint_give_the_file_stores_rows(
    oxigraph_server: str, seed_graph_file: Path, counted_requests: list
) -> None:
    """Sent to the endpoint (over the union of its named graphs, by the protocol's dataset
    parameters), each library query prints what the file prints, in every format."""
    from kg.outputs.library import query_library

    _post_graph(oxigraph_server, seed_graph_file)
    remote = f"sparql:{oxigraph_server}/query"
    for name in query_library():
        for fmt in ("table", "csv", "tsv", "json"):
            here = run("query", name, "--in", str(seed_graph_file), "-f", fmt)
            there = run("query", name, "--store", remote, "-f", fmt)
            assert there.exit_code == 0, there.output
            assert there.output == here.output, (name, fmt)
    construct = "CONSTRUCT { ?a kg:negotiatesWith ?b } WHERE { ?a kg:negotiatesWith ?b }"
    here = run("query", construct, "--in", str(seed_graph_file))
    there = run("query", construct, "--store", remote)
    assert there.exit_code == 0, there.output
    assert there.output == here.output and "kg:negotiatesWith" in there.output
    # a FROM of one of its graphs keeps the query's own dataset
    entities = "https://w3id.org/kgnews/id/graph/entities"
    counted = f"SELECT (COUNT(*) AS ?n) FROM <{entities}> WHERE {{ ?s ?p ?o }}"
    assert run("query", counted, "--store", remote).output == (
        run("query", counted, "--in", str(seed_graph_file)).output
    )


def test_service_is_refused_before_any_request(
    oxigraph_server: str, seed_graph_file: Path, counted_requests: list
) -> None:
    _post_graph(oxigraph_server, seed_graph_file)
    remote = f"sparql:{oxigraph_server}/query"
    for query in (
        f"SELECT * WHERE {{ SERVICE <{oxigraph_server}/query> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERV\\u0049CE <{oxigraph_server}/query> {{ ?s ?p ?o }} }}",
    ):
        result = run("query", query, "--store", remote)
        assert result.exit_code == 2, result.output
        assert "refused" in result.output
    assert counted_requests == []
    assert run("query", "ASK { ?s kg:negotiatesWith ?o }", "--store", remote).output == "true\n"
    assert len(counted_requests) == 2  # the graph names, then the query itself


def test_a_large_remote_store_is_not_downloaded_for_a_query(
    oxigraph_server: str, seed_graph_file: Path, counted_requests: list, tmp_path: Path
) -> None:
    """40 copies of the seed graph under their own IRIs: a query gets the graph names and its
    rows, not the store's quads."""
    import pyoxigraph as ox

    one = ox.serialize(ox.parse(path=str(seed_graph_file)), format=ox.RdfFormat.N_QUADS)
    base = b"<https://w3id.org/kgnews/id/"
    copies = b"".join(one.replace(base, base + b"c%d/" % n) for n in range(40))
    (tmp_path / "big.nq").write_bytes(copies)
    request = urllib.request.Request(
        f"{oxigraph_server}/store",
        data=copies,
        headers={"Content-Type": "application/n-quads"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=60).read()
    result = run("query", "negotiations", "--store", f"sparql:{oxigraph_server}/query")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("40 rows")  # one pair in each copy
    assert len(counted_requests) == 2
    received = sum(size for _, size in counted_requests)
    assert received < len(copies) / 20, (received, len(copies))
