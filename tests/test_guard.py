"""A query reads the dataset and nothing else: SERVICE, FROM of URLs and files, remote contexts.

Every test runs against a real HTTP listener on 127.0.0.1 and asserts what it received. The
``allow_remote`` tests are the control: they show the listener does see what an unguarded query
sends, so "no connection" elsewhere means something.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import rdflib.plugins.sparql as sparql_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from sample import DOC1, ENTITIES, build_sample_dataset
from test_cli import KG, assert_error, kg

from kg.errors import AccessError, StoreError
from kg.outputs.native import answer_file, may_run_natively
from kg.outputs.query import format_result, parse_query, run_query
from kg.rdf.guard import check_query, confined, dataset_graphs
from kg.rdf.sparql_text import names_service
from kg.rdf.validate import validate
from kg.store.files import load_dataset, save_dataset
from kg.store.oxigraph import open_store

REMOTE_ROW = "REMOTE-ROW-7f3a"
REMOTE_TRIPLE = "REMOTE-TRIPLE-91c2"
SECRET = "SECRET-LOCAL-FILE-55d0"


class Listener(ThreadingHTTPServer):
    """An HTTP server on loopback that answers SPARQL and Turtle and counts every connection."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}/"

    def verify_request(self, request, client_address) -> bool:
        self.connections += 1  # counted before any byte is read: any connection at all
        return True


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        if self.path.startswith("/sparql"):
            body = json.dumps(
                {
                    "head": {"vars": ["x"]},
                    "results": {"bindings": [{"x": {"type": "literal", "value": REMOTE_ROW}}]},
                }
            ).encode()
            kind = "application/sparql-results+json"
        else:
            body = f'<urn:remote> <urn:says> "{REMOTE_TRIPLE}" .\n'.encode()
            kind = "text/turtle"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory) -> Path:
    """A local Turtle file a FROM <file://...> could read, holding a string to look for."""
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text(f'<urn:secret> <urn:is> "{SECRET}" .\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dataset():
    return build_sample_dataset()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    return save_dataset(build_sample_dataset(), tmp_path_factory.mktemp("g") / "graph.trig")


def answers(ds, query: str, **options) -> str:
    return format_result(run_query(ds, query, **options), "json")


# --- the algebra check --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * WHERE { SERVICE <{base}sparql> { ?s ?p ?o } }", "SERVICE <{base}sparql>"),
        ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", "SERVICE ?endpoint"),
        ("SELECT * FROM <{base}g.ttl> WHERE { ?s ?p ?o }", "FROM <{base}g.ttl>"),
        (
            "SELECT * FROM NAMED <{base}g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM NAMED <{base}g.ttl>",
        ),
        ("ASK FROM <file:///etc/passwd> { ?s ?p ?o }", "FROM <file:///etc/passwd>"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{base}sparql> "
            "{ ?s ?p ?o } } }",
            "SERVICE <{base}sparql>",
        ),
        (
            "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <{base}sparql> { ?s ?p ?o "
            "} } } } }",
            "SERVICE <{base}sparql>",
        ),
    ],
)
def test_outside_access_is_refused_and_nothing_is_sent(dataset, listener, query, refused):
    text = query.replace("{base}", listener.base)
    before = listener.connections
    with pytest.raises(AccessError) as caught:
        run_query(dataset, text)
    message = str(caught.value)
    assert message.startswith(refused.replace("{base}", listener.base) + " refused")
    assert "--allow-remote" in message and "\n" not in message
    assert listener.connections == before


def test_from_a_graph_of_the_dataset_is_allowed(dataset):
    whole = run_query(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").bindings[0]["n"]
    one = run_query(dataset, f"SELECT (COUNT(*) AS ?n) FROM <{ENTITIES}> WHERE {{ ?s ?p ?o }}")
    named = run_query(
        dataset, f"SELECT DISTINCT ?g FROM NAMED <{DOC1}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert 0 < int(one.bindings[0]["n"]) < int(whole)
    assert [str(row["g"]) for row in named.bindings] == [str(DOC1)]
    assert str(ENTITIES) in dataset_graphs(dataset)


def test_an_empty_graph_of_the_dataset_is_no_exception(listener):
    # rdflib fetches a FROM graph that it finds empty, so an empty graph does not count.
    ds = build_sample_dataset()
    ds.graph(URIRef(listener.base + "empty"))
    before = listener.connections
    with pytest.raises(AccessError, match="not a graph of the dataset"):
        run_query(ds, f"SELECT * FROM <{listener.base}empty> WHERE {{ ?s ?p ?o }}")
    assert listener.connections == before


def test_service_is_refused_when_parsed_before_the_graph_is_loaded(listener):
    with pytest.raises(AccessError, match=r"^SERVICE"):
        parse_query(f"SELECT * WHERE {{ SERVICE <{listener.base}sparql> {{ ?s ?p ?o }} }}")


def test_load_and_using_in_updates_are_refused():
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    load = translateUpdate(parseUpdate("LOAD <http://127.0.0.1:9/x.ttl>"))
    with pytest.raises(AccessError, match=r"^LOAD <http://127\.0\.0\.1:9/x\.ttl> refused"):
        check_query(load, graphs=None)
    using = translateUpdate(
        parseUpdate("DELETE { ?s ?p ?o } USING <file:///etc/passwd> WHERE { ?s ?p ?o }")
    )
    with pytest.raises(AccessError, match=r"^USING <file:///etc/passwd> refused"):
        check_query(using, graphs=frozenset())


# --- the control: with allow_remote the listener does see the query ---------------------------


def test_allow_remote_reaches_out_so_the_listener_would_notice(dataset, listener, secret_file):
    before = listener.connections
    service = f"SELECT ?x WHERE {{ SERVICE <{listener.base}sparql> {{ ?x ?p ?o }} }}"
    assert REMOTE_ROW in answers(dataset, service, allow_remote=True)
    remote = f"SELECT ?o FROM <{listener.base}g.ttl> WHERE {{ ?s ?p ?o }}"
    assert REMOTE_TRIPLE in answers(dataset, remote, allow_remote=True)
    local = f"SELECT ?o FROM <{secret_file.as_uri()}> WHERE {{ ?s ?p ?o }}"
    assert SECRET in answers(dataset, local, allow_remote=True)
    assert listener.connections >= before + 2


# --- defence in depth: what happens if the algebra check is bypassed ---------------------------


def test_confined_refuses_requests_even_without_the_algebra_check(dataset, listener):
    before = listener.connections
    service = f"SELECT ?x WHERE {{ SERVICE <{listener.base}sparql> {{ ?x ?p ?o }} }}"
    with pytest.raises(AccessError, match=r"^a request to http://127\.0\.0\.1"), confined():
        list(dataset.query(service))
    with pytest.raises(AccessError, match="a connection to"), confined(), socket.socket() as raw:
        raw.connect(("127.0.0.1", listener.server_address[1]))
    with pytest.raises(AccessError, match="a look-up of the host"), confined():
        socket.getaddrinfo("localhost", 80)
    with pytest.raises(AccessError), confined():
        urllib.request.urlopen(listener.base + "g.ttl", timeout=2)
    assert listener.connections == before


def test_confined_does_not_load_from_graphs_and_refuses_files(dataset, secret_file):
    query = f"SELECT ?o FROM <{secret_file.as_uri()}> WHERE {{ ?s ?p ?o }}"
    before = sparql_settings.SPARQL_LOAD_GRAPHS
    with confined():  # rdflib's own switch: the FROM graph is not loaded
        assert sparql_settings.SPARQL_LOAD_GRAPHS is False
        assert SECRET not in str(list(dataset.query(query)))
    assert sparql_settings.SPARQL_LOAD_GRAPHS is before
    with pytest.raises(AccessError, match=r"^opening .*secret\.ttl refused"), confined():
        sparql_settings.SPARQL_LOAD_GRAPHS = True  # as if the switch failed: the hook still holds
        list(dataset.query(query))
    assert sparql_settings.SPARQL_LOAD_GRAPHS is before
    with pytest.raises(AccessError, match="passwd"), confined():
        Path("/etc/passwd").read_text()


def test_confined_still_imports_modules(tmp_path, monkeypatch):
    (tmp_path / "kg_guard_probe_module.py").write_text("VALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with confined():
        import kg_guard_probe_module
    assert kg_guard_probe_module.VALUE == 42


def test_other_threads_are_not_confined(listener):
    seen: list[int] = []

    def fetch() -> None:
        with urllib.request.urlopen(listener.base + "g.ttl", timeout=5) as response:
            seen.append(response.status)

    with confined():
        worker = threading.Thread(target=fetch)
        worker.start()
        worker.join()
    assert seen == [200]


# --- SHACL-SPARQL and graph files -------------------------------------------------------------


def test_shapes_whose_sparql_reaches_out_are_refused(dataset, listener):
    select = f"SELECT $this WHERE {{ SERVICE <{listener.base}sparql> {{ $this ?p ?o }} }}"
    shapes = Graph().parse(
        data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:shape> a sh:NodeShape ;
            sh:targetClass <https://w3id.org/kgnews/ontology#Person> ;
            sh:sparql [ a sh:SPARQLConstraint ;
                sh:select "{select}" ] .
        """,
        format="turtle",
    )
    before = listener.connections
    with pytest.raises(
        AccessError,
        match=r"^sh:select of a shape: SERVICE <http://127\.0\.0\.1.* refused: SHACL-SPARQL",
    ):
        validate(dataset, shapes=shapes)
    assert listener.connections == before


def test_a_json_ld_context_url_is_not_fetched(tmp_path, listener):
    path = tmp_path / "remote-context.jsonld"
    path.write_text(
        json.dumps({"@context": listener.base + "context.jsonld", "@id": "urn:a", "name": "x"})
    )
    before = listener.connections
    with pytest.raises(StoreError, match=r"not loaded: a request to http://127\.0\.0\.1"):
        load_dataset(path)
    assert listener.connections == before


# --- the command line ------------------------------------------------------------------------


def test_kg_query_refuses_in_one_line_with_exit_2(graph_file, listener, secret_file):
    runner_cases = [
        f"SELECT * WHERE {{ SERVICE <{listener.base}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.base}g.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{listener.base}g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{secret_file.as_uri()}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    ]
    from click.testing import CliRunner

    before = listener.connections
    for query in runner_cases:
        result = kg(CliRunner(), "query", query, "--in", graph_file)
        message = assert_error(result, 2, "refused", "--allow-remote")
        assert SECRET not in message and "root:" not in message
    assert listener.connections == before


def test_kg_query_allow_remote_in_a_real_process(graph_file, listener):
    query = f"SELECT ?x WHERE {{ SERVICE <{listener.base}sparql> {{ ?x ?p ?o }} }}"
    before = listener.connections
    refused = subprocess.run(
        [str(KG), "query", query, "--in", str(graph_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.startswith("Error: SERVICE <http://127.0.0.1")
    assert refused.stdout == "" and "Traceback" not in refused.stderr
    assert listener.connections == before
    allowed = subprocess.run(
        [str(KG), "query", query, "--allow-remote", "--in", str(graph_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert allowed.returncode == 0, allowed.stderr
    assert REMOTE_ROW in allowed.stdout
    assert listener.connections > before


# --- any spelling: generated queries -----------------------------------------------------------

_SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", " # a comment\n", "\n\t "])


def _any_case(word: str) -> st.SearchStrategy[str]:
    def spell(upper: list[bool]) -> str:
        return "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))

    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(spell)


def _spaced(draw, *parts: str) -> str:
    """The parts joined by a freshly drawn gap each: spaces, tabs, line breaks, comments."""
    return "".join(part + draw(_SPACE) for part in parts)


@st.composite
def _service_queries(draw, base: str) -> str:
    """A SELECT holding SERVICE somewhere, written with any case, spacing and IRI form."""
    endpoint, prologue = draw(
        st.sampled_from(
            [
                (f"<{base}sparql>", ""),
                ("ep:sparql", f"PREFIX ep: <{base}>"),
                ("<sparql>", f"BASE <{base}>"),
                ("?endpoint", ""),
            ]
        )
    )
    service = [draw(_any_case("service"))]
    if draw(st.booleans()):
        service.append(draw(_any_case("silent")))
    pattern = _spaced(draw, *service, endpoint, "{", "?s ?p ?o", "}")
    wrapper = draw(
        st.sampled_from(
            [
                "{}",
                "OPTIONAL {{ {} }}",
                "{{ ?s ?p ?o }} UNION {{ {} }}",
                "FILTER EXISTS {{ {} }}",
                "MINUS {{ {} }}",
                "GRAPH ?g {{ {} }}",
                "{{ SELECT * WHERE {{ {} }} }}",
            ]
        )
    )
    select, where = draw(_any_case("select")), draw(_any_case("where"))
    return _spaced(draw, prologue, select, "*", where, "{", wrapper.format(pattern), "}")


@st.composite
def _from_queries(draw, base: str, local: str) -> str:
    """A query of any form with FROM or FROM NAMED of a URL or a file, any case and spacing."""
    source, prologue = draw(
        st.sampled_from(
            [
                (f"<{base}g.ttl>", ""),
                ("<g.ttl>", f"BASE <{base}>"),
                ("remote:g.ttl", f"PREFIX remote: <{base}>"),
                (f"<{local}>", ""),
                ("<file:///etc/passwd>", ""),
            ]
        )
    )
    keyword = [draw(_any_case("from"))]
    if draw(st.booleans()):
        keyword.append(draw(_any_case("named")))
    form = draw(st.sampled_from(["select", "ask", "construct", "describe"]))
    head = [draw(_any_case(form))]
    head.append({"select": "?o", "ask": "", "construct": "{ ?s ?p ?o }", "describe": "?s"}[form])
    where = draw(_any_case("where")) if form != "ask" or draw(st.booleans()) else ""
    return _spaced(draw, prologue, *head, *keyword, source, where, "{ ?s ?p ?o }")


_GENERATED = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_GENERATED
@given(data=st.data())
def test_generated_service_queries_are_refused(dataset, listener, data):
    query = data.draw(_service_queries(listener.base))
    parse_query(query, allow_remote=True)  # valid SPARQL: it is the guard that refuses it
    before = listener.connections
    with pytest.raises(AccessError, match=r"^SERVICE "):
        run_query(dataset, query)
    assert listener.connections == before


@_GENERATED
@given(data=st.data())
def test_generated_from_queries_are_refused(dataset, listener, secret_file, data):
    query = data.draw(_from_queries(listener.base, secret_file.as_uri()))
    parse_query(query, allow_remote=True)
    before = listener.connections
    with pytest.raises(AccessError, match=r"^FROM (NAMED )?<") as caught:
        run_query(dataset, query)
    assert SECRET not in str(caught.value)
    assert listener.connections == before


def test_the_guard_is_not_a_text_filter(dataset):
    # "SERVICE" and "FROM" as words of a literal or a variable name are no reason to refuse.
    text = (
        "SELECT ?service ?from WHERE { BIND('SERVICE <http://127.0.0.1:9/> { }' AS ?service) "
        "BIND('FROM <file:///etc/passwd>' AS ?from) }"
    )
    rows = run_query(dataset, text).bindings
    assert str(rows[0]["service"]).startswith("SERVICE")


# --- the Oxigraph path of kg query (kg.outputs.native) -----------------------------------------
# Oxigraph sends a SERVICE itself (its Rust HTTP client is out of the audit hook's reach), so
# every query that could hold SERVICE must go to rdflib and its guard; FROM too, for its meaning.


@_GENERATED
@given(data=st.data())
def test_generated_service_queries_never_run_on_oxigraph(graph_file, listener, data):
    query = data.draw(_service_queries(listener.base))
    before = listener.connections
    assert not may_run_natively(query)
    assert answer_file(graph_file, query) is None
    assert listener.connections == before


@_GENERATED
@given(data=st.data())
def test_generated_from_queries_never_run_on_oxigraph(graph_file, listener, secret_file, data):
    query = data.draw(_from_queries(listener.base, secret_file.as_uri()))
    assert answer_file(graph_file, query) is None


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { \\u0053ERVICE <{base}sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERV\\U00000049CE <{base}sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p 'a service' }",  # a word of a literal: rdflib answers, the same
        "SELECT * WHERE { ?s ?p ?o } # no service here",
    ],
)
def test_any_text_that_could_hold_service_goes_to_rdflib(query, listener):
    assert not may_run_natively(query.replace("{base}", listener.base))


@pytest.mark.parametrize(
    ("query", "native"),
    [
        ("SELECT ?from WHERE { ?from ?p ?o }", True),
        ("SELECT * WHERE { ?s ?p 'from <urn:x>' } # FROM <urn:y>", True),
        ("ASK { ?s kg:from ?o }", True),
        ("PREFIX from: <urn:x#> SELECT * WHERE { ?s from:p ?o }", True),
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", False),
        ("select * from named <urn:g> where { graph ?g { ?s ?p ?o } }", False),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", False),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", False),
        ("PREFIX ex: <urn:select#> CONSTRUCT WHERE { ?s ex:p ?o }", False),
    ],
)
def test_only_select_and_ask_without_from_run_on_oxigraph(query, native):
    assert may_run_natively(query) is native


def test_kg_query_on_oxigraph_sends_nothing_in_a_real_process(graph_file, listener):
    # The same file answered natively, then a SERVICE query refused by rdflib's guard.
    ok = subprocess.run(
        [str(KG), "query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--in", str(graph_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0 and "1 row" in ok.stdout, ok.stderr
    before = listener.connections
    escaped = f"SELECT * WHERE {{ \\u0053ERVICE <{listener.base}sparql> {{ ?s ?p ?o }} }}"
    for query in (f"SELECT * WHERE {{ SERVICE <{listener.base}sparql> {{ ?s ?p ?o }} }}", escaped):
        refused = subprocess.run(
            [str(KG), "query", query, "--in", str(graph_file)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert listener.connections == before


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <urn:x> { } }", True),
        ("SELECT * WHERE { \\u0053ervice <urn:x> { } }", True),
        ("SELECT * WHERE { ?s ?p 'service' } # service", False),
        ("SELECT ?service WHERE { ?service kg:service <urn:service> }", False),
    ],
)
def test_service_as_a_bare_word_is_seen_in_the_text(text, named):
    assert names_service(text) is named


def test_an_oxigraph_store_refuses_service_even_past_the_parse(tmp_path, listener):
    # Defence in depth: Oxigraph's own check refuses what rdflib's parse may have missed.
    store = open_store(str(tmp_path / "store"), create=True)
    try:
        query = f"SELECT ?x WHERE {{ SERVICE <{listener.base}sparql> {{ ?x ?p ?o }} }}"
        before = listener.connections
        with pytest.raises(AccessError, match=r"^SERVICE refused"):
            store.answer(query)
        assert listener.connections == before
        assert REMOTE_ROW in format_result(store.answer(query, allow_remote=True), "csv")
        assert listener.connections > before  # the control: Oxigraph does reach out
    finally:
        store.close()
