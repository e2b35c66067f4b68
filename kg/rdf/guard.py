"""Keeping rdflib inside the dataset: SPARQL and parsers read the user's graph and nothing else.

rdflib follows an IRI wherever it points. ``SERVICE <http://…>`` sends part of a query, with the
graph's own bindings, to any endpoint and returns its rows; ``FROM`` / ``FROM NAMED`` of an IRI
that is not a graph of the dataset fetches it from the web or reads it from disk
(``FROM <file:///etc/passwd>``); ``LOAD`` does both; a JSON-LD ``@context`` that is a URL is
fetched while the file is parsed. kg answers questions about one graph, so three layers stop that:

1. :func:`check_query` walks the parsed query (rdflib's algebra, so the spelling, case and spacing
   of the text do not matter) and refuses SERVICE and LOAD, and FROM, FROM NAMED and USING of
   anything that is not a graph of the dataset, before anything runs;
2. :func:`confined` turns rdflib's own switch for loading FROM graphs off while it lasts
   (``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS``);
3. and, in the thread it runs in, a Python audit hook (PEP 578, the measure rdflib's "Security
   considerations" describe) refuses every URL request, socket connection and host-name lookup,
   and every file opened other than by Python's import system.

Callers that mean to reach further (``kg query --allow-remote``) skip both.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import rdflib.plugins.sparql as sparql_settings
from pyparsing import ParseResults
from rdflib import Graph, URIRef, Variable
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update

from kg.errors import AccessError

__all__ = ["QUERY_HINT", "check_query", "confined", "dataset_graphs"]

QUERY_HINT = (
    "a query reads only the graph it is given (kg query --allow-remote lets it reach other "
    "endpoints and files)"
)

#: The parts of a query that name a graph to read, and the keyword each is written with.
_DATASET_KEYWORDS = {
    "DatasetClause": {"default": "FROM", "named": "FROM NAMED"},
    "UsingClause": {"default": "USING", "named": "USING NAMED"},
}


def dataset_graphs(graph: Graph) -> frozenset[str]:
    """The names a FROM or FROM NAMED may use: the graphs of the dataset that hold triples.

    An empty graph is left out on purpose: rdflib fetches a FROM graph it finds empty.
    """
    contexts = graph.store.contexts() if graph.context_aware else [graph]
    return frozenset(str(context.identifier) for context in contexts if len(context))


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every algebra (or parse tree) node under ``tree``, in the order of the query text."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(reversed(list(item)))
        elif isinstance(item, dict):  # an update's quads: graph name -> triples
            stack.extend(reversed(list(item.values())))


def _written(term: Any) -> str:
    """A term as the query wrote it, for the message: ``<iri>``, ``?var`` or ``prefix:name``."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{dict.get(term, 'prefix') or ''}:{dict.get(term, 'localname') or ''}"
    return str(term)


def check_query(tree: Any, *, graphs: Collection[str] | None, hint: str = QUERY_HINT) -> None:
    """Refuse a parsed query or update that would read anything but the dataset.

    ``tree`` is a prepared query, a translated update or a parse tree. ``graphs`` are the names a
    FROM may use (:func:`dataset_graphs`); ``None`` checks SERVICE and LOAD only, as at parse time
    before the dataset is loaded. Raises :class:`AccessError` naming the first such part, and
    ``hint`` saying what the reader may do.
    """
    for node in _nodes(tree.algebra if isinstance(tree, Query | Update) else tree):
        if node.name == "ServiceGraphPattern":
            raise AccessError(f"SERVICE {_written(dict.get(node, 'term'))} refused: {hint}")
        if node.name == "Load":
            raise AccessError(f"LOAD {_written(dict.get(node, 'iri'))} refused: {hint}")
        keywords = _DATASET_KEYWORDS.get(node.name)
        if keywords is None or graphs is None:
            continue
        for key, keyword in keywords.items():
            term = dict.get(node, key)
            if term is not None and not (isinstance(term, URIRef) and str(term) in graphs):
                raise AccessError(
                    f"{keyword} {_written(term)} refused: not a graph of the dataset; {hint}"
                )


# --- layers 2 and 3: while a query runs ----------------------------------------------------


@dataclass
class _Confinement:
    hint: str
    refused: list[str] = field(default_factory=list)


_current: ContextVar[_Confinement | None] = ContextVar("kg_confinement", default=None)

#: Audit events that reach outside the process, and how a message names what they reach.
_WATCHED = {
    "urllib.Request": "a request to",
    "socket.connect": "a connection to",
    "socket.getaddrinfo": "a look-up of the host",
    "open": "opening",
}


def _opened_by_import() -> bool:
    """Whether the file being opened is Python's import system reading a module."""
    opener = sys._getframe(2)  # 0: here, 1: the audit hook, 2: the code that opens the file
    return opener.f_code.co_filename.startswith("<frozen importlib")


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """The audit hook: refuses watched events while the current thread is confined."""
    if event not in _WATCHED:
        return
    confinement = _current.get()
    if confinement is None:
        return
    target = args[1] if event == "socket.connect" else args[0]
    if event == "open" and (isinstance(target, int) or _opened_by_import()):
        return  # an already open descriptor, or a module being imported
    what = f"{_WATCHED[event]} {target}"
    confinement.refused.append(what)
    raise AccessError(f"{what} refused: {confinement.hint}")


class _Switches:
    """The audit hook (installed once: hooks cannot be removed) and rdflib's loading switch.

    ``SPARQL_LOAD_GRAPHS`` is one global of rdflib: it stays off while any thread is confined
    and gets its old value back when the last one leaves.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hooked = False
        self._confined = 0
        self._loading_before = True

    def enter(self) -> None:
        with self._lock:
            if not self._hooked:
                sys.addaudithook(_audit)
                self._hooked = True
            if self._confined == 0:
                self._loading_before = sparql_settings.SPARQL_LOAD_GRAPHS
            self._confined += 1
            sparql_settings.SPARQL_LOAD_GRAPHS = False

    def leave(self) -> None:
        with self._lock:
            self._confined -= 1
            if self._confined == 0:
                sparql_settings.SPARQL_LOAD_GRAPHS = self._loading_before


_SWITCHES = _Switches()


@contextmanager
def confined(*, hint: str = QUERY_HINT) -> Iterator[None]:
    """Run the block with no network, no file opened and no FROM graph loaded, in this thread.

    Whatever is refused raises :class:`AccessError` (``hint`` says what the reader may do), also
    when rdflib swallowed the error on its way: its FROM loader tries four parsers and keeps
    none of their errors.
    """
    confinement = _Confinement(hint)
    _SWITCHES.enter()
    token = _current.set(confinement)
    try:
        yield
    except Exception as exc:
        if confinement.refused and not isinstance(exc, AccessError):
            raise AccessError(f"{confinement.refused[0]} refused: {hint}") from exc
        raise
    finally:
        _current.reset(token)
        _SWITCHES.leave()
    if confinement.refused:
        raise AccessError(f"{confinement.refused[0]} refused: {hint}")
