"""``oxigraph:DIR``: a persistent Oxigraph store on disk (pyoxigraph, RocksDB underneath).

Oxigraph parses, writes and queries natively; every update is one transaction, so a build
killed at any moment leaves the documents it had written whole and nothing of the one it was
writing. One process writes the store at a time: a second is told to wait; readers
(``kg query --store``, ``kg serve --store``) open it read-only beside the writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.query import Result

from kg.errors import AccessError, QueryError, StoreError
from kg.rdf.guard import QUERY_HINT
from kg.rdf.namespace import PREFIXES, bind_prefixes
from kg.rdf.sparql_text import names_service
from kg.store.base import GraphStore, Row
from kg.store.readonly import open_read_only

__all__ = ["OxigraphStore", "open_store", "to_rdflib"]


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as the rdflib term it stands for (plain strings stay plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (str(XSD.string), str(RDF.langString)):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    return term


class OxigraphStore(GraphStore):
    """A pyoxigraph Store in a directory."""

    def __init__(self, store: ox.Store, spec: str, *, read_only: bool = False) -> None:
        self.native = store
        self.spec = spec
        self.read_only = read_only

    def select(self, sparql: str) -> list[Row]:
        solutions = self.native.query(sparql)
        names = [variable.value for variable in solutions.variables]
        return [
            {name: to_rdflib(solution[name]) for name in names if solution[name] is not None}
            for solution in solutions
        ]

    def update(self, sparql: str) -> None:
        self.native.update(sparql)

    def named_graphs(self) -> frozenset[str]:
        return frozenset(str(to_rdflib(name)) for name in self.native.named_graphs())

    def answer(self, sparql: str, *, allow_remote: bool = False) -> Result:
        """The query run by Oxigraph itself, over the union of the graphs, as an rdflib Result
        (so that it prints as any other).

        Oxigraph would send a SERVICE itself, out of reach of kg's audit hook: unless
        ``allow_remote``, a text in which ``service`` is a bare word is refused here too, even
        if rdflib's parse, which the guard checked, found no SERVICE in it.
        """
        if not allow_remote and names_service(sparql):
            raise AccessError(f"SERVICE refused: {QUERY_HINT}")
        prefixes = {name: str(iri) for name, iri in PREFIXES.items()}
        try:
            answer = self.native.query(sparql, prefixes=prefixes, use_default_graph_as_union=True)
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(v.value) for v in answer.variables]
            result.bindings = [
                {
                    var: to_rdflib(solution[str(var)])
                    for var in result.vars
                    if solution[str(var)] is not None
                }
                for solution in answer
            ]
        else:
            result = Result("CONSTRUCT")
            graph = bind_prefixes(Graph())
            for triple in answer:
                graph.add(to_rdflib(t) for t in (triple.subject, triple.predicate, triple.object))
            result.graph = graph
        return result

    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        for quad in self.native.quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            yield (
                to_rdflib(quad.subject),
                to_rdflib(quad.predicate),
                to_rdflib(quad.object),
                to_rdflib(quad.graph_name),
            )

    def __len__(self) -> int:
        return len(self.native)

    def close(self) -> None:
        if not self.read_only:
            self.native.flush()
        del self.native


def open_store(argument: str, *, create: bool = False, read_only: bool = False) -> OxigraphStore:
    """Open the store in directory ``argument``; only ``create`` makes a new one.

    ``read_only`` takes no lock, so it opens beside a build that writes the store, and sees
    the documents committed when it was opened (whole ones: each is one transaction).
    pyoxigraph calls reading beside a writer undefined; RocksDB reads the state of its last
    manifest and log (an open that meets a manifest being replaced is tried again,
    :mod:`kg.store.readonly`), and ``kg serve`` opens the store anew for every query, so each
    sees a recent state and a read that fails is one failed request, answered with an error.
    """
    path = Path(argument)
    spec = f"oxigraph:{argument}"
    if not create and not path.is_dir():
        raise StoreError(f"{spec}: no store here; build one with kg build INPUT --store {spec}")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{spec}: {path} is a file; give a directory for the store")
    if read_only and not path.is_dir():
        raise StoreError(f"{spec}: no store here; build one with kg build INPUT --store {spec}")
    try:
        if read_only:
            return OxigraphStore(open_read_only(path), spec, read_only=True)
        return OxigraphStore(ox.Store(str(path)), spec)
    except (OSError, RuntimeError) as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"{spec}: another process (a kg build, kg remove or kg serve) has the store "
                "open; wait for it to finish"
            ) from None
        raise StoreError(f"{spec}: cannot open the store: {text.splitlines()[0]}") from None
