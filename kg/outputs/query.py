"""SPARQL over a kg dataset (the ``query`` output), read-only, and the library of queries.

The ontology's prefixes (``kg:``, ``kgd:``, ``plover:``, ``rdfs:``, ``skos:``, ``prov:`` ...)
are bound before the query is parsed, so users write ``?x kg:envoyFor ?y`` without a PREFIX
line. Updates are refused: ``kg query`` answers questions and never changes the graph. A query
reads the dataset and nothing else: SERVICE, and FROM of what is not one of its graphs, are
refused unless ``allow_remote`` says otherwise (:mod:`kg.rdf.guard`).

A query can be given as SPARQL text, as a ``.rq`` file or by the name of a query of the library
shipped in ``ontology/queries/`` (:mod:`kg.outputs.library`); :func:`prepare_query` accepts all
three, for the CLI and :func:`kg.api.query` alike. Results are printed by
:mod:`kg.outputs.results`, the same writer as for Oxigraph's answers (:mod:`kg.outputs.native`,
which answers most of ``kg query`` without importing this module or rdflib).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.query import Result

from kg.errors import AccessError, FormatError, KgError, QueryError
from kg.outputs.library import (
    LibraryQuery,
    is_query_name,
    load_query_text,
    query_library,
    resolve_query,
)
from kg.outputs.results import RESULT_FORMATS, Answer, Term, write_answer
from kg.rdf.guard import QUERY_HINT, check_query, confined, dataset_graphs
from kg.rdf.namespace import PREFIXES, bind_prefixes
from kg.rdf.sparql_text import names_service

__all__ = [
    "RESULT_FORMATS",
    "LibraryQuery",
    "format_result",
    "is_query_name",
    "load_query_text",
    "parse_query",
    "prepare_query",
    "query_library",
    "resolve_query",
    "run_query",
    "run_store_query",
    "to_answer",
]


def _syntax_error(exc: Exception) -> str:
    """pyparsing's complaint in one line, with the line and column it stopped at."""
    line, column, message = (getattr(exc, name, None) for name in ("lineno", "col", "msg"))
    if isinstance(line, int) and isinstance(column, int):
        found = getattr(exc, "found", None)  # pyparsing >= 3.1: "'/'" or "end of text"
        found = f", found {found}" if found else ""
        return f"SPARQL syntax error at line {line}, column {column}: {message}{found}"
    text = " ".join(str(exc).split())
    return f"invalid SPARQL: {text}"


def parse_query(sparql: str, *, allow_remote: bool = False) -> Any:
    """Parse and translate a query; refuse updates, and SERVICE unless ``allow_remote``.

    FROM and FROM NAMED are checked by :func:`run_query`, which knows the dataset's graphs.
    """
    query = _parse_query(sparql)
    if not allow_remote:
        check_query(query, graphs=None)
    return query


def _parse_query(sparql: str) -> Any:
    """The prepared query, or QueryError: an update, or the syntax error where the text fails.

    The update grammar is asked only when the query grammar fails: if it parses the text, or
    gets further into it than the query grammar did, the text is an update.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return prepareQuery(sparql, initNs=PREFIXES)
    except ParseException as exc:
        query_error: Exception = exc
    except Exception as exc:  # translation errors: unknown prefix, bad aggregate ...
        raise QueryError(f"invalid SPARQL: {' '.join(str(exc).split())}") from exc
    is_update = False
    try:
        # An empty text (or prologue only) is a valid update with no operation: not an update.
        update = parseUpdate(sparql)
        is_update = "request" in update and bool(update["request"])
    except ParseException as exc:
        is_update = exc.loc > getattr(query_error, "loc", 0)
    except Exception:  # the update grammar's own trouble is not the user's
        pass
    if is_update:
        raise QueryError("updates are not allowed: kg query is read-only")
    raise QueryError(_syntax_error(query_error)) from query_error


def run_query(ds: Graph, sparql: Any, *, allow_remote: bool = False) -> Result:
    """Run a read-only SPARQL query (text, or parsed by ``parse_query``) against the dataset.

    All graphs are visible and the prefixes pre-bound. SELECT results are evaluated here, so an
    error while evaluating raises QueryError now rather than while the caller prints. Unless
    ``allow_remote``, the query may read nothing but ``ds``: :class:`AccessError` otherwise.
    """
    query = parse_query(sparql, allow_remote=allow_remote) if isinstance(sparql, str) else sparql
    try:
        with nullcontext() if allow_remote else _inside(ds, query):
            result = ds.query(query)
            if result.type == "SELECT":
                result.bindings  # noqa: B018 - materialise the lazy bindings
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc
    return result


@contextmanager
def _inside(ds: Graph, query: Any) -> Iterator[None]:
    """Refuse a query reaching outside ``ds``, then run the block confined to it."""
    check_query(query, graphs=dataset_graphs(ds))
    with confined():
        yield


def run_store_query(
    source: Any, sparql: str, *, parsed: Any = None, allow_remote: bool = False
) -> Result:
    """Run the read-only query ``sparql`` (SPARQL text; ``parsed`` if :func:`parse_query` has
    read it already) on ``source``, a store of :mod:`kg.store`, natively where the store can
    (Oxigraph does), after the guard's checks: updates refused, and SERVICE or FROM outside the
    store unless ``allow_remote``."""
    if parsed is None:
        parsed = parse_query(sparql, allow_remote=allow_remote)
    if not allow_remote:
        if names_service(sparql):  # a native or remote engine would follow it: before any read
            raise AccessError(f"SERVICE refused: {QUERY_HINT}")
        check_query(parsed, graphs=source.named_graphs())
    try:
        return source.answer(sparql, allow_remote=allow_remote)
    except KgError:
        raise
    except Exception as exc:  # each backend's own trouble, in one line
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from exc


def prepare_query(query: str, *, allow_remote: bool = False) -> Any:
    """Resolve (:func:`resolve_query`) and parse a query, ready for :func:`run_query`.

    A syntax error in a file or a library query names it, so the user knows where to look; one
    in SPARQL given as text says all there is already. SERVICE is refused unless
    ``allow_remote`` (:func:`parse_query`).
    """
    text = resolve_query(query)
    try:
        return parse_query(text, allow_remote=allow_remote)
    except QueryError as exc:
        if text is query:
            raise
        raise QueryError(f"{query}: {exc}") from exc


def _term(term: Any) -> Term | None:
    """An rdflib term as the plain :class:`Term` the writers print."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return Term("literal", str(term), datatype, term.language)
    return Term("bnode" if isinstance(term, BNode) else "uri", str(term))


def to_answer(result: Result) -> Answer:
    """A SELECT or ASK result of rdflib as an :class:`Answer`."""
    if result.type == "ASK":
        return Answer(boolean=bool(result.askAnswer))
    variables = list(result.vars or [])
    rows = tuple(tuple(_term(row[var]) for var in variables) for row in result)
    return Answer(tuple(str(var) for var in variables), rows)


def format_result(result: Result, fmt: str = "table") -> str:
    """The result as text, ending with a newline (write it as is).

    SELECT: ``table`` (aligned columns, shortened IRIs, then "N rows"), ``csv``/``tsv``/``json``
    in the W3C SPARQL 1.1 result formats. ASK: ``true``/``false``, or the SPARQL JSON boolean
    form for ``json``. CONSTRUCT and DESCRIBE: a graph, so Turtle whatever ``fmt`` says.
    """
    if fmt not in RESULT_FORMATS:
        raise FormatError(f"unknown result format {fmt!r}; known: {', '.join(RESULT_FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = bind_prefixes(result.graph if result.graph is not None else Graph())
        text = graph.serialize(format="turtle")
        return text if text.endswith("\n") else text + "\n"
    return write_answer(to_answer(result), fmt)
