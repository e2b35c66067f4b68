"""``sparql:QUERY_URL[,UPDATE_URL]``: any SPARQL 1.1 endpoint (Oxigraph server, Fuseki,
GraphDB) over the SPARQL 1.1 Protocol, with the standard library's HTTP client.

Writes are one update request per document, never one per triple; a server that runs a request
in one transaction (Oxigraph does) keeps whole documents only. Queries (``kg query``,
``kg serve``) are sent to the endpoint and only their results come back (:meth:`answer`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kg.errors import AccessError, QueryError, StoreError
from kg.rdf.guard import QUERY_HINT
from kg.rdf.sparql_text import keywords, names_service
from kg.store.base import GraphStore, Row

__all__ = ["SparqlStore", "open_store"]

TIMEOUT = 300.0


def _term(binding: dict[str, str]) -> Any:
    """A SPARQL JSON results binding as an rdflib term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype is None or datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


class SparqlStore(GraphStore):
    """A remote store reached over HTTP."""

    def __init__(self, query_url: str, update_url: str | None, spec: str) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.spec = spec
        self._graphs: frozenset[str] | None = None

    def _send(self, url: str, body: bytes, content_type: str, accept: str) -> bytes:
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            why = detail[0][:200] if detail else exc.reason
            raise StoreError(f"{self.spec}: the endpoint answered {exc.code}: {why}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{self.spec}: cannot reach {url}: {reason}") from None

    def _query(self, sparql: str, accept: str, graphs: frozenset[str] | None = None) -> bytes:
        """The endpoint's answer to ``sparql`` (a SPARQL 1.1 Protocol query by POST); with
        ``graphs``, the protocol's dataset: their merge as the default graph, and them as the
        named graphs."""
        fields: list[tuple[str, str]] = [("query", sparql)]
        for name in sorted(graphs or ()):
            fields += [("default-graph-uri", name), ("named-graph-uri", name)]
        body = urllib.parse.urlencode(fields).encode("utf-8")
        return self._send(self.query_url, body, "application/x-www-form-urlencoded", accept)

    def select(self, sparql: str) -> list[Row]:
        data = self._query(sparql, "application/sparql-results+json")
        results = json.loads(data)["results"]["bindings"]
        return [{name: _term(value) for name, value in row.items()} for row in results]

    def named_graphs(self) -> frozenset[str]:
        """The endpoint's named graphs (one request, their names only), asked once.

        ``GRAPH ?g {}`` matches every named graph of the dataset (an empty group has one
        solution in each), so no triple is read to list them.
        """
        if self._graphs is None:
            rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
            self._graphs = frozenset(str(row["g"]) for row in rows if "g" in row)
        return self._graphs

    def answer(self, sparql: str, *, allow_remote: bool = False) -> Result:
        """The result of a read-only query, computed by the endpoint: only the result travels.

        Called once kg's guard has passed the query (:func:`kg.outputs.query.run_store_query`:
        updates, SERVICE and FROM outside the store refused before any request). A text in
        which ``service`` is a bare word is refused here too (the endpoint would follow it),
        even if rdflib's parse found no SERVICE in it. kg's prefixes are declared before the
        text (a SPARQL prologue may repeat and override them, so the user's own still win).

        kg's queries range over the union of the named graphs (one per document), but an
        endpoint's default graph is whatever it was configured to be: empty (Oxigraph, Fuseki
        by default), the union (GraphDB), or other triples. Rather than guess, the query says
        which dataset it means with the SPARQL 1.1 Protocol's own parameters (section 2.1.4):
        every named graph is given as a ``default-graph-uri``, whose RDF merge is then the
        default graph, and as a ``named-graph-uri``, so ``GRAPH ?g`` still sees each of them.
        Every conformant endpoint honours them, whatever its configuration, and the query text
        is sent as written: a rewrite that wraps each pattern in ``GRAPH ?g`` would not be the
        same query (a property path whose steps lie in different graphs would stop matching, a
        triple stated in two graphs would count twice, blank nodes would change scope). A
        query with its own FROM or FROM NAMED (the guard lets through only graphs of the store)
        keeps its own dataset: the parameters would override it. The cost is one request
        listing the graph names first, and a request body that grows with them; an endpoint
        that evaluates each pattern once per listed graph (Oxigraph 0.5 does) is slow on a
        store of thousands of documents (see the README's Scale section).

        SELECT and ASK come back as SPARQL JSON results, CONSTRUCT and DESCRIBE as N-Triples,
        and are returned as an rdflib Result, so that ``kg query`` prints and ``kg serve``
        writes them as any other store's.
        """
        if not allow_remote and names_service(sparql):
            raise AccessError(f"SERVICE refused: {QUERY_HINT}")
        words = keywords(sparql)
        form = next((w for w in words if w in ("select", "ask", "construct", "describe")), "")
        graphs = None if "from" in words else self.named_graphs()
        from kg.rdf.namespace import PREFIXES

        text = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()) + sparql
        if form in ("construct", "describe"):
            data = self._query(text, "application/n-triples", graphs)
            result = Result(form.upper())
            graph = Graph()
            try:
                graph.parse(data=data.decode("utf-8"), format="nt")
            except Exception as exc:  # what the endpoint sent is not N-Triples
                raise QueryError(f"{self.spec}: unreadable answer: {exc}") from None
            result.graph = graph
            return result
        answer = json.loads(self._query(text, "application/sparql-results+json", graphs))
        if "boolean" in answer:
            result = Result("ASK")
            result.askAnswer = bool(answer["boolean"])
            return result
        result = Result("SELECT")
        names = answer["head"].get("vars", [])
        result.vars = [Variable(name) for name in names]
        result.bindings = [  # each binding's variables in the order of the head, as elsewhere
            {Variable(name): _term(row[name]) for name in names if name in row}
            for row in answer["results"]["bindings"]
        ]
        return result

    def update(self, sparql: str) -> None:
        if self.update_url is None:
            raise StoreError(
                f"{self.spec}: no update URL; give it after a comma: sparql:QUERY_URL,UPDATE_URL"
            )
        self._send(
            self.update_url,
            sparql.encode("utf-8"),
            "application/sparql-update; charset=utf-8",
            "*/*",
        )

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        for row in self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["s"], row["p"], row["o"], row["g"]


def open_store(argument: str, *, create: bool = False, read_only: bool = False) -> SparqlStore:
    """The endpoint at ``QUERY_URL[,UPDATE_URL]`` (``create`` and ``read_only`` change nothing:
    the endpoint is remote and keeps its own readers and writers apart)."""
    query_url, _, update_url = (part.strip() for part in argument.partition(","))
    spec = f"sparql:{argument}"
    for url in filter(None, (query_url, update_url)):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise StoreError(
                f"{spec}: {url!r} is not an http(s) URL; use sparql:QUERY_URL[,UPDATE_URL]"
            )
    return SparqlStore(query_url, update_url or None, spec)
