"""SPARQL over a kg dataset (the ``query`` output), read-only.

The ontology's prefixes (``kg:``, ``kgd:``, ``plover:``, ``rdfs:``, ``skos:``, ``prov:`` ...)
are bound before the query is parsed, so users write ``?x kg:envoyFor ?y`` without a PREFIX
line. Updates are refused: ``kg query`` answers questions and never changes the graph. A query
reads the dataset and nothing else: SERVICE, and FROM of what is not one of its graphs, are
refused unless ``allow_remote`` says otherwise (:mod:`kg.rdf.guard`).

This module imports rdflib only (never spaCy), so ``kg query`` starts fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from kg.errors import FormatError, QueryError
from kg.rdf.guard import check_query, confined, dataset_graphs
from kg.rdf.namespace import PREFIXES, bind_prefixes

__all__ = ["RESULT_FORMATS", "format_result", "load_query_text", "run_query", "shorten"]

#: Output formats of :func:`format_result`, for the CLI's ``--format`` choice.
RESULT_FORMATS = ("table", "csv", "tsv", "json")


def load_query_text(arg: str) -> str:
    """The query itself: the contents of ``arg`` if it names a file, else ``arg`` as written.

    A ``.rq`` name that does not exist is an error rather than a (certainly invalid) query.
    """
    try:
        path = Path(arg)
        is_file = path.is_file()
    except (OSError, ValueError):  # a long or odd query string is no file name
        is_file = False
    if is_file:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{arg}: cannot read query file: {exc}") from exc
    if arg.strip().lower().endswith(".rq"):
        raise QueryError(f"{arg}: no such query file")
    return arg


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


def shorten(term: Any, *, prefixes: dict[str, str] | None = None) -> str:
    """A term for people to read: ``kgd:entity/adam-boehler-...``, literals as their text.

    IRIs take the longest matching prefix (a display form, not always a valid Turtle name);
    blank nodes are ``_:id``; an unbound value is the empty string.
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = ""
        best_prefix = ""
        for prefix, namespace in (prefixes or PREFIXES).items():
            if text.startswith(namespace) and len(namespace) > len(best):
                best, best_prefix = namespace, prefix
        return f"{best_prefix}:{text[len(best) :]}" if best else text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(result: Result) -> str:
    columns = [str(var) for var in result.vars or []]
    rows = [
        [" ".join(shorten(row[var]).split()) if row[var] is not None else "" for var in result.vars]
        for row in result
    ]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    lines = []
    if columns:
        lines.append(line(columns).rstrip())
        lines.append("  ".join("-" * width for width in widths))
        lines.extend(line(row).rstrip() for row in rows)
    lines.append(f"{len(rows)} row" + ("" if len(rows) == 1 else "s"))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Any) -> str:
    """A term as the W3C SPARQL TSV format writes it: Turtle/N-Triples syntax, one line."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _tsv(result: Result) -> str:
    """SPARQL 1.1 TSV results (rdflib ships a TSV parser but no TSV serializer)."""
    variables = list(result.vars or [])
    lines = ["\t".join(f"?{var}" for var in variables)]
    lines.extend("\t".join(_tsv_term(row[var]) for var in variables) for row in result)
    return "\n".join(lines) + "\n"


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
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    if fmt == "table":
        return _table(result)
    if fmt == "tsv":
        return _tsv(result)
    text = result.serialize(format=fmt, encoding="utf-8").decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
