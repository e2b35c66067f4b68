"""``sparql:QUERY_URL[,UPDATE_URL]``: any SPARQL 1.1 endpoint (Oxigraph server, Fuseki,
GraphDB) over the SPARQL 1.1 Protocol, with the standard library's HTTP client.

Writes are one update request per document, never one per triple; a server that runs a request
in one transaction (Oxigraph does) keeps whole documents only.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Literal, URIRef

from kg.errors import StoreError
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

    def select(self, sparql: str) -> list[Row]:
        body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        data = self._send(
            self.query_url,
            body,
            "application/x-www-form-urlencoded",
            "application/sparql-results+json",
        )
        results = json.loads(data)["results"]["bindings"]
        return [{name: _term(value) for name, value in row.items()} for row in results]

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
