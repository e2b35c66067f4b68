"""kg serve over real HTTP on loopback: the SPARQL 1.1 Protocol, the guard, updates, timeouts."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.serve.server import Service, make_server, negotiate
from kg.serve.worker import DatasetBackend

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SRX = "{http://www.w3.org/2005/sparql-results#}"
EX = "http://example.org/"


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


class Client:
    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str, accept: str | None = None) -> tuple[int, str, bytes]:
        return self.request(urllib.request.Request(self.base + path, headers=_accept(accept)))

    def query(self, sparql: str, accept: str | None = None) -> tuple[int, str, bytes]:
        return self.get("/sparql?query=" + quote(sparql), accept)

    def post(self, body: bytes, media_type: str, accept: str | None = None):
        headers = {"Content-Type": media_type, **_accept(accept)}
        return self.request(urllib.request.Request(self.base + "/sparql", body, headers))

    def request(self, request: urllib.request.Request) -> tuple[int, str, bytes]:
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Content-Type"], exc.read()


def _accept(accept: str | None) -> dict[str, str]:
    return {"Accept": accept} if accept else {}


@contextlib.contextmanager
def _serve(dataset: Dataset, **options) -> Iterator[Client]:
    service = Service(DatasetBackend(dataset), source="test graph", **options)
    server = make_server(service, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Client(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def client(sample: Dataset) -> Iterator[Client]:
    with _serve(sample, timeout=30) as served:
        yield served


@pytest.fixture
def updatable(sample: Dataset) -> Iterator[Client]:
    with _serve(sample, timeout=30, allow_update=True) as served:
        yield served


def _quads(sample: Dataset) -> int:
    return len(list(sample.quads()))


def test_select_in_each_result_format_parses_back(client: Client, sample: Dataset) -> None:
    total = _quads(sample)
    status, media_type, body = client.query(COUNT)  # no Accept: SPARQL JSON
    assert (status, media_type.split(";")[0]) == (200, "application/sparql-results+json")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == total

    status, media_type, body = client.query(COUNT, "application/sparql-results+xml")
    assert media_type.startswith("application/sparql-results+xml")
    literal = ET.fromstring(body).find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal")
    assert int(literal.text) == total

    _, media_type, body = client.query(COUNT, "text/csv")
    assert media_type.startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["n"], [str(total)]]

    _, media_type, body = client.query(COUNT, "text/tab-separated-values")
    assert media_type.startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?n" and lines[1].startswith(f'"{total}"^^')


def test_construct_by_accept_and_ask(client: Client, sample: Dataset) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    merged = {(s, p, o) for s, p, o, _ in sample.quads()}
    status, media_type, body = client.query(construct)
    assert (status, media_type.split(";")[0]) == (200, "text/turtle")
    assert set(Graph().parse(data=body, format="turtle")) == merged
    _, media_type, body = client.query(construct, "application/n-triples")
    assert media_type.startswith("application/n-triples")
    assert set(Graph().parse(data=body, format="nt")) == merged
    _, media_type, body = client.query(construct, "application/ld+json")
    assert len(Graph().parse(data=body, format="json-ld")) == len(merged)

    _, _, body = client.query("ASK { ?s kg:envoyFor ?o }")
    assert json.loads(body)["boolean"] is True
    _, media_type, body = client.query("ASK { ?s kg:noSuchProperty ?o }", "application/xml")
    assert ET.fromstring(body).find(f"{SRX}boolean").text == "false"


def test_post_forms_and_negotiation(client: Client) -> None:
    form = urlencode({"query": COUNT}).encode()
    by_form = client.post(form, "application/x-www-form-urlencoded", "text/csv")
    direct = client.post(COUNT.encode(), "application/sparql-query", "text/csv")
    assert by_form[0] == direct[0] == 200 and by_form[2] == direct[2]
    # q-values decide; a wildcard of a kind picks that kind's first type
    assert client.query(COUNT, "text/csv;q=0.5, application/sparql-results+xml")[1].startswith(
        "application/sparql-results+xml"
    )
    assert client.query(COUNT, "text/*")[1].startswith("text/csv")
    status, _, body = client.query(COUNT, "image/png")
    assert status == 406 and b"offered" in body
    assert negotiate("*/*", ("a/b", "c/d")) == "a/b"


def test_errors_say_what_is_wrong(client: Client) -> None:
    status, media_type, body = client.query("SELECT ?s WHERE { ?s ?p ")
    assert status == 400 and media_type.startswith("text/plain")
    assert b"SPARQL syntax error at line 1" in body
    assert client.get("/sparql?query=a&query=b")[0] == 400
    request = urllib.request.Request(client.base + "/sparql", method="DELETE")
    assert client.request(request)[0] == 405
    assert client.get("/nothing")[0] == 404


def test_service_is_refused_and_the_listener_sees_no_connection(client: Client) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(1.5)
    port = listener.getsockname()[1]
    seen: list[object] = []

    def watch() -> None:
        with contextlib.suppress(TimeoutError):
            seen.append(listener.accept())

    watcher = threading.Thread(target=watch)
    watcher.start()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = client.query(query)
    from_file = client.query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    watcher.join()
    listener.close()
    assert status == 403 and b"SERVICE" in body and b"refused" in body
    assert from_file[0] == 403 and b"file:///etc/passwd" in from_file[2]
    assert seen == []


def test_updates_are_refused_without_allow_update(client: Client, sample: Dataset) -> None:
    before = _quads(sample)
    insert = f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> 'c' }} }}"
    form = urlencode({"update": insert}).encode()
    assert client.post(form, "application/x-www-form-urlencoded")[0] == 403
    assert client.post(insert.encode(), "application/sparql-update")[0] == 403
    assert _quads(sample) == before


def test_allowed_updates_apply_to_the_served_graph(updatable: Client, sample: Dataset) -> None:
    insert = f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> 'c' }} }}"
    assert updatable.post(insert.encode(), "application/sparql-update")[0] == 204
    assert (URIRef(f"{EX}a"), URIRef(f"{EX}b"), Literal("c")) in sample.graph(URIRef(f"{EX}g"))
    _, _, body = updatable.query(f"ASK {{ GRAPH <{EX}g> {{ <{EX}a> ?p 'c' }} }}")
    assert json.loads(body)["boolean"] is True
    pattern = f"GRAPH ?g {{ <{EX}a> ?p ?o }}"
    delete = urlencode({"update": f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}"}).encode()
    assert updatable.post(delete, "application/x-www-form-urlencoded")[0] == 204
    assert (URIRef(f"{EX}a"), None, None) not in sample.graph(URIRef(f"{EX}g"))
    load = f"LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <{EX}g>"
    status, _, body = updatable.post(load.encode(), "application/sparql-update")
    assert status == 403 and b"LOAD" in body


def test_a_slow_query_is_stopped_and_the_server_stays_responsive() -> None:
    big = Dataset()
    graph = big.graph(URIRef(f"{EX}big"))
    for i in range(400):
        graph.add((URIRef(f"{EX}n{i}"), URIRef(f"{EX}p"), Literal(i)))
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z } "
        "FILTER(?x + ?y + ?z > -1) }"
    )
    with _serve(big, timeout=1.0) as client:
        started = time.monotonic()
        result: list[tuple[int, str, bytes]] = []
        running = threading.Thread(target=lambda: result.append(client.query(slow)))
        running.start()
        time.sleep(0.5)
        workers = _children(os.getpid())
        assert workers, "the query runs in a worker process"
        running.join()
        status, _, body = result[0]
        assert status == 503 and b"stopped after 1 s" in body
        assert time.monotonic() - started < 5
        assert not workers & _children(os.getpid()), "the worker is gone"
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
        _, _, body = client.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "400"


def test_concurrent_clients_are_all_answered(sample: Dataset) -> None:
    total = _quads(sample)
    answers: list[tuple[int, int]] = []
    lock = threading.Lock()
    with _serve(sample, timeout=30, workers=3) as client:

        def ask(k: int) -> None:
            for i in range(4):
                accept = ("text/csv", None)[(k + i) % 2]
                status, _, body = client.query(COUNT, accept)
                text = body.decode()
                n = (
                    int(text.split()[-1])
                    if accept
                    else int(json.loads(text)["results"]["bindings"][0]["n"]["value"])
                )
                with lock:
                    answers.append((status, n))

        threads = [threading.Thread(target=ask, args=(k,)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert answers == [(200, total)] * 32


def test_pages_beside_the_endpoint(client: Client) -> None:
    status, media_type, body = client.get("/")
    assert status == 200 and media_type.startswith("text/html")
    for link in (b'href="sparql"', b'href="view"', b'href="ontology"'):
        assert link in body
    status, media_type, body = client.get("/view")
    assert status == 200 and b"<html" in body.lower() and b"vis" in body
    status, _, body = client.get("/ontology")
    assert status == 200 and b"envoyFor" in body


def test_the_command_warns_and_fails_in_one_line(sample: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "graph.trig"
    sample.serialize(path, format="trig")
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--in", str(path), "--port", str(port)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    taken.close()
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another --port"
    ]
    server = subprocess.Popen(
        [*command[:-1], "0", "--host", "0.0.0.0"], stderr=subprocess.PIPE, text=True
    )
    try:
        first = server.stderr.readline()
        assert first.startswith("warning: listening on 0.0.0.0")
        assert "serving" in server.stderr.readline()
    finally:
        server.terminate()
        server.wait(timeout=10)
