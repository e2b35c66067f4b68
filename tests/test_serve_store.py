"""``kg serve --store``: a real server process over an Oxigraph store, beside a real build.

The server opens the store read-only in a worker for every query, so a ``kg build --store``
writing the same store meanwhile is neither blocked nor seen half-way: each answer counts whole
documents, and never fewer than the one before.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SEEDS
from test_serve import Client

KG = [sys.executable, "-m", "kg"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }"


def _count(client: Client, query: str = COUNT) -> int:
    status, _, body = client.query(query)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@contextlib.contextmanager
def _server(*options: str) -> Iterator[Client]:
    """``kg serve OPTIONS --port 0`` in its own process; the client of the port it took."""
    process = subprocess.Popen(
        [*KG, "serve", "--port", "0", *options], stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        assert found, line + process.stderr.read()
        yield Client(f"http://127.0.0.1:{found.group(1)}")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def store(seed_graph_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    native = ox.Store(str(folder))
    native.bulk_load(path=str(seed_graph_file), format=ox.RdfFormat.TRIG)
    native.flush()
    del native
    return folder


def test_the_store_is_served_with_the_guard_and_no_updates(store: Path) -> None:
    quads = len(ox.Store.read_only(str(store)))
    with _server("--store", f"oxigraph:{store}") as client:
        assert _count(client) == quads
        status, media_type, body = client.query(COUNT, "text/csv")
        assert status == 200 and media_type.startswith("text/csv") and str(quads) in body.decode()
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(1.0)
        port = listener.getsockname()[1]
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = client.query(service)
        assert status == 403 and b"SERVICE" in body
        with pytest.raises(TimeoutError):
            listener.accept()  # Oxigraph never got the query: nothing connected
        listener.close()
        status, _, body = client.query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
        assert status == 403 and b"file:///etc/passwd" in body
        insert = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'c' } }"
        assert client.post(insert.encode(), "application/sparql-update")[0] == 403
        assert _count(client) == quads
        status, _, body = client.get("/ontology")
        assert status == 200 and b"envoyFor" in body


def test_updates_with_allow_update_are_written_to_the_store(store: Path) -> None:
    with _server("--store", f"oxigraph:{store}", "--allow-update") as client:
        before = _count(client)
        insert = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'c' } }"
        assert client.post(insert.encode(), "application/sparql-update")[0] == 204
        assert _count(client) == before + 1
        load = "LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:g>"
        assert client.post(load.encode(), "application/sparql-update")[0] == 403
    assert len(ox.Store.read_only(str(store))) == before + 1


def test_a_slow_query_on_the_store_is_stopped(store: Path) -> None:
    with _server("--store", f"oxigraph:{store}", "--timeout", "1") as client:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }"
        started = time.monotonic()
        status, _, body = client.query(slow)
        assert status == 503 and b"stopped after 1 s" in body
        assert time.monotonic() - started < 10
        assert _count(client) > 0  # the server goes on


def test_a_build_writes_the_store_while_it_is_served(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = tmp_path / "first.txt"
    first.write_text("Qatar mediated talks between Israel and Hamas.\n", encoding="utf-8")
    spec = f"oxigraph:{folder}"
    subprocess.run([*KG, "build", str(first), "--store", spec], check=True, capture_output=True)
    with _server("--store", spec) as client:
        seen = [_count(client, DOCUMENTS)]
        build = subprocess.Popen(
            [*KG, "build", str(SEEDS), "--store", spec],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stop = threading.Event()
        errors: list[str] = []

        def keep_asking() -> None:
            while not stop.is_set():
                try:
                    seen.append(_count(client, DOCUMENTS))
                except AssertionError as exc:
                    errors.append(str(exc))
                time.sleep(0.2)

        asking = threading.Thread(target=keep_asking)
        asking.start()
        out, err = build.communicate(timeout=600)
        stop.set()
        asking.join()
        assert build.returncode == 0, err  # the server's reads did not block the build
        final = _count(client, DOCUMENTS)
    assert errors == []
    assert seen == sorted(seen) and seen[0] == 1 and final > 1
    assert re.search(r"added\s+\d+ documents", out)


def test_a_missing_store_fails_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [*KG, "serve", "--port", "0", "--store", f"oxigraph:{tmp_path / 'none'}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "no store here" in done.stderr


def test_kg_query_reads_the_store_natively(store: Path) -> None:
    done = subprocess.run(
        [*KG, "query", COUNT, "--store", f"oxigraph:{store}", "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.splitlines()[1] == str(len(ox.Store.read_only(str(store))))


def _solutions(body: bytes, accept: str | None) -> object:
    """What a body says, read as its format (the keys of a JSON or XML binding are in no fixed
    order: rdflib writes them in its own); other formats as bytes."""
    import io

    from rdflib.query import Result

    if accept in (None, "application/sparql-results+json", "application/sparql-results+xml"):
        fmt = "xml" if accept and accept.endswith("xml") else "json"
        result = Result.parse(io.BytesIO(body), format=fmt)
        return result.askAnswer if result.type == "ASK" else (result.vars, result.bindings)
    return body


def test_a_sparql_store_is_served_from_its_endpoint(seed_graph_file: Path, tmp_path: Path) -> None:
    """``kg serve --store sparql:...`` sends each query to the endpoint and answers in the
    format asked, as ``kg serve --in FILE`` answers the same query; SERVICE stays refused."""
    from test_stores import _free_port, _post_graph

    from kg.outputs.library import query_library

    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = _free_port()
    endpoint = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path / "srv"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                _post_graph(url, seed_graph_file)
                break
            except OSError:
                time.sleep(0.05)
        timeline = query_library()["timeline"].text
        construct = "CONSTRUCT { ?a kg:negotiatesWith ?b } WHERE { ?a kg:negotiatesWith ?b }"
        with (
            _server("--in", str(seed_graph_file)) as files,
            _server("--store", f"sparql:{url}/query") as remote,
        ):
            for query, accept in [
                (timeline, "application/sparql-results+json"),
                (timeline, "application/sparql-results+xml"),
                (timeline, "text/csv"),
                (timeline, "text/tab-separated-values"),
                ("ASK { ?s kg:envoyFor ?o }", None),
                (construct, "application/n-triples"),
                (construct, "text/turtle"),
            ]:
                expected = files.query(query, accept)
                got = remote.query(query, accept)
                assert expected[0] == 200 and got[:2] == expected[:2], (got, expected)
                assert _solutions(got[2], accept) == _solutions(expected[2], accept), accept
            service = f"SELECT * WHERE {{ SERVICE <{url}/query> {{ ?s ?p ?o }} }}"
            status, _, body = remote.query(service)
            assert status == 403 and b"SERVICE" in body
    finally:
        endpoint.terminate()
        endpoint.wait(timeout=10)
