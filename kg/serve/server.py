"""``kg serve``: the SPARQL 1.1 Protocol at ``/sparql``, the view and the ontology reference.

The HTTP side is the standard library's ``ThreadingHTTPServer``; each request that touches the
graph is answered by a worker process (:mod:`kg.serve.worker`), at most ``workers`` at a time.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib.query import Result

from kg.errors import KgError
from kg.outputs.query import format_result
from kg.rdf.namespace import bind_prefixes
from kg.serve.worker import (
    DatasetBackend,
    Reply,
    Stopped,
    StoreBackend,
    error_reply,
    run_in_worker,
)

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "Service", "make_server", "negotiate", "serve"]

#: Media types of SELECT (and ASK) results, best first, and how each is written.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: Media types of CONSTRUCT and DESCRIBE graphs, best first, and rdflib's serializer for each.
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/n3": "n3",
    "application/trig": "trig",
    "application/n-quads": "nquads",
    "text/plain": "nt",
}
_ASK_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/json",
    "application/xml",
    "text/plain",
)
_TEXT = "text/plain; charset=utf-8"


class NotAcceptable(KgError):
    """None of the media types the client accepts can carry this result."""

    http_status = 406


def _accepted(header: str | None) -> list[tuple[str, float]]:
    """The Accept header's media ranges with their q-values, highest first (stable)."""
    ranges = []
    for part in (header or "*/*").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return sorted(ranges, key=lambda r: -r[1]) or [("*/*", 1.0)]


def negotiate(header: str | None, offered: tuple[str, ...]) -> str:
    """The offered media type the Accept header prefers; the first offered for ``*/*``.

    Raises NotAcceptable when the header accepts none of them.
    """
    for media_range, q in _accepted(header):
        if q <= 0:
            continue
        kind, _, sub = media_range.partition("/")
        for media_type in offered:
            if media_range == media_type or (
                sub == "*" and (kind == "*" or media_type.startswith(kind + "/"))
            ):
                return media_type
    raise NotAcceptable(
        f"none of the accepted types ({header}) fits; offered: {', '.join(offered)}"
    )


def write_result(result: Result, accept: str | None) -> Reply:
    """A query's result as the client asked for it (SPARQL JSON when it says nothing)."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        media_type = negotiate(accept, tuple(GRAPH_TYPES))
        graph = bind_prefixes(result.graph)
        body = graph.serialize(format=GRAPH_TYPES[media_type], encoding="utf-8")
    elif result.type == "ASK":
        media_type = negotiate(accept, _ASK_TYPES)
        if media_type == "text/plain":
            body = format_result(result).encode("utf-8")
        else:
            fmt = "json" if media_type.endswith("json") else "xml"
            body = result.serialize(format=fmt, encoding="utf-8")
    else:
        media_type = negotiate(accept, tuple(RESULT_TYPES))
        fmt = RESULT_TYPES[media_type]
        if fmt == "tsv":
            body = format_result(result, "tsv").encode("utf-8")
        else:
            body = result.serialize(format=fmt, encoding="utf-8")
    text = media_type.startswith("text/") or "json" in media_type or "xml" in media_type
    return Reply(200, media_type + ("; charset=utf-8" if text else ""), body)


_PAGES = Environment(
    loader=PackageLoader("kg.serve", "templates"), autoescape=select_autoescape(["j2"])
)


class Service:
    """What the server serves: a backend, where it came from, the limits it keeps."""

    def __init__(
        self,
        backend: DatasetBackend | StoreBackend,
        *,
        source: str,
        timeout: float = 30.0,
        allow_update: bool = False,
        workers: int = 4,
    ) -> None:
        self.backend = backend
        self.source = source
        self.timeout = timeout
        self.allow_update = allow_update
        self.slots = threading.BoundedSemaphore(workers)
        self.updating = threading.Lock()  # one update at a time, from fork to applied

    def run(self, work: Callable[[], Any]) -> Any:
        """``work()`` in a worker process, within the time limit (waiting for a slot counts)."""
        if not self.slots.acquire(timeout=self.timeout):
            return Reply(503, _TEXT, b"all workers are busy; try again later\n")
        try:
            return run_in_worker(work, timeout=self.timeout, lock=self.backend.lock)
        except Stopped as exc:
            return Reply(503, _TEXT, f"query {exc}\n".encode())
        finally:
            self.slots.release()

    def query(self, sparql: str, accept: str | None) -> Reply:
        backend = self.backend
        return self.run(lambda: write_result(backend.query(sparql), accept))

    def update(self, sparql: str) -> Reply:
        if not self.allow_update:
            return Reply(403, _TEXT, b"updates are refused: start kg serve with --allow-update\n")
        with self.updating:
            changes = self.run(lambda: self.backend.update(sparql))
            if isinstance(changes, Reply):
                return changes
            self.backend.apply(changes)
        return Reply(204, _TEXT, b"")

    def page(self, name: str) -> Reply:
        backend, source = self.backend, self.source  # a store's dataset is read in the worker
        if name == "view":
            from kg.outputs.view import render_html

            return self.run(
                lambda: _html(render_html(backend.dataset, title=f"kg graph: {source}"))
            )
        from kg.outputs.reference import reference

        return self.run(lambda: _html(reference("html", graph=backend.dataset, graph_name=source)))

    def index(self, host: str) -> Reply:
        example = f"http://{host}/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        page = _PAGES.get_template("index.html.j2").render(
            title="kg SPARQL endpoint",
            source=self.source,
            allow_update=self.allow_update,
            example=example,
        )
        return _html(page)


def _html(page: str) -> Reply:
    return Reply(200, "text/html; charset=utf-8", page.encode("utf-8"))


def _one(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    if values is None:
        return None
    if len(values) != 1:
        raise _BadRequest(f"give one {name} parameter, not {len(values)}")
    return values[0]


class _BadRequest(KgError):
    """A request the SPARQL protocol does not allow."""


class Handler(BaseHTTPRequestHandler):
    """The routes: ``/``, ``/sparql``, ``/view``, ``/ontology``."""

    server: KgHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "kg"

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def _send(self, reply: Reply, *, head: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if reply.status == 405:
            self.send_header(
                "Allow", "GET, HEAD, POST" if self.path.startswith("/sparql") else "GET, HEAD"
            )
        self.send_header("Vary", "Accept")
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def _error(self, status: int, message: str) -> None:
        self._send(Reply(status, _TEXT, (message + "\n").encode("utf-8")))

    def _route(self, method: str) -> Reply:
        url = urlsplit(self.path)
        service = self.server.service
        if url.path != "/sparql":
            if method == "POST":
                return Reply(405, _TEXT, b"only GET here; SPARQL goes to /sparql\n")
            if url.path in ("", "/"):
                return service.index(self.headers.get("Host") or "127.0.0.1")
            if url.path in ("/view", "/ontology"):
                return service.page(url.path[1:])
            return Reply(404, _TEXT, b"not found; see / for what is served\n")
        form = parse_qs(url.query, keep_blank_values=True)
        body_query = body_update = None
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            media_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media_type == "application/x-www-form-urlencoded":
                form.update(parse_qs(body, keep_blank_values=True))
            elif media_type == "application/sparql-query":
                body_query = body
            elif media_type == "application/sparql-update":
                body_update = body
            else:
                return Reply(
                    415,
                    _TEXT,
                    b"POST application/x-www-form-urlencoded, "
                    b"application/sparql-query or application/sparql-update\n",
                )
        query = body_query if body_query is not None else _one(form, "query")
        update = body_update if body_update is not None else _one(form, "update")
        if query is not None and update is not None:
            raise _BadRequest("give either query or update, not both")
        if update is not None:
            if method != "POST":
                raise _BadRequest("an update must be POSTed")
            return service.update(update)
        if query is None:
            if method == "GET" and not url.query:
                return service.index(self.headers.get("Host") or "127.0.0.1")
            raise _BadRequest("no query: give ?query=SPARQL (or POST it)")
        return service.query(query, self.headers.get("Accept"))

    def _handle(self, method: str, *, head: bool = False) -> None:
        try:
            reply = self._route(method)
        except Exception as exc:
            reply = error_reply(exc)
        self._send(reply, head=head)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("GET", head=True)

    def do_POST(self) -> None:
        self._handle("POST")

    def _not_allowed(self) -> None:
        self._send(Reply(405, _TEXT, f"{self.command} is not allowed here\n".encode()))

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed


class KgHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server carrying the :class:`Service` its handlers call."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: Service, *, quiet: bool) -> None:
        self.service = service
        self.quiet = quiet
        super().__init__(address, Handler)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (so binding it exposes nothing)."""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(
    service: Service, host: str = "127.0.0.1", port: int = 7878, *, quiet: bool = False
) -> KgHTTPServer:
    """The server bound to ``host:port`` (port 0: a free one); StoreError-like KgError if taken."""
    try:
        return KgHTTPServer((host, port), service, quiet=quiet)
    except OSError as exc:
        message = f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
        raise _BindError(message) from None


class _BindError(KgError):
    """The address to listen on is taken or not ours."""


class _StoreUnusable(KgError):
    """The store to serve does not open."""


def announce(server: KgHTTPServer, host: str) -> None:
    """The lines ``kg serve`` prints when it starts."""
    port = server.server_address[1]
    if not is_loopback(host):
        print(f"warning: listening on {host}, reachable from other machines", file=sys.stderr)
    print(
        f"serving {server.service.source} at http://{host}:{port}/sparql (Ctrl-C stops)",
        file=sys.stderr,
    )


def serve(
    graph: Any,
    *,
    source: str,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    allow_update: bool = False,
) -> None:
    """Serve ``graph`` until interrupted (what ``kg serve`` runs): an rdflib Dataset, or the
    spec of a store (``oxigraph:DIR``, ``sparql:...``), opened by each worker."""
    backend = StoreBackend(graph) if isinstance(graph, str) else DatasetBackend(graph)
    service = Service(backend, source=source, timeout=timeout, allow_update=allow_update)
    if isinstance(backend, StoreBackend):
        opened = service.run(backend.size)  # in a worker: the server never opens the store
        if isinstance(opened, Reply):
            raise _StoreUnusable(opened.body.decode("utf-8").strip())
    server = make_server(service, host, port)
    announce(server, host)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
