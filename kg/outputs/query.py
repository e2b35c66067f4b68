"""SPARQL over a kg dataset (the ``query`` output), read-only, and the library of queries.

The ontology's prefixes (``kg:``, ``kgd:``, ``plover:``, ``rdfs:``, ``skos:``, ``prov:`` ...)
are bound before the query is parsed, so users write ``?x kg:envoyFor ?y`` without a PREFIX
line. Updates are refused: ``kg query`` answers questions and never changes the graph. A query
reads the dataset and nothing else: SERVICE, and FROM of what is not one of its graphs, are
refused unless ``allow_remote`` says otherwise (:mod:`kg.rdf.guard`).

A query can be given as SPARQL text, as a ``.rq`` file or by the name of a query of the library
shipped in ``ontology/queries/`` (:func:`query_library`); :func:`prepare_query` accepts all three,
for the CLI and :func:`kg.api.query` alike.

This module imports rdflib only (never spaCy), so ``kg query`` starts fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.namespace import XSD
from rdflib.query import Result

from kg.errors import FormatError, QueryError
from kg.rdf.guard import check_query, confined, dataset_graphs
from kg.rdf.namespace import PREFIXES, bind_prefixes, ontology_path, shorten

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
]

#: Output formats of :func:`format_result`, for the CLI's ``--format`` choice.
RESULT_FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class LibraryQuery:
    """A query of the library in ``ontology/queries/``: its name, what it answers, its text."""

    name: str
    summary: str
    text: str


_QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@lru_cache(maxsize=1)
def _query_library() -> tuple[LibraryQuery, ...]:
    folder = ontology_path("queries")
    queries = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        summary = first.lstrip("#").strip() if first.startswith("#") else ""
        queries.append(LibraryQuery(entry.name[: -len(".rq")], summary, text))
    return tuple(queries)


def query_library() -> dict[str, LibraryQuery]:
    """The example queries shipped in ``ontology/queries/``, by name (the file name without .rq).

    Each file starts with a comment whose first line says what the query answers; that line is
    the ``summary``. ``kg query --list`` prints them and ``kg query NAME`` runs one.
    """
    return {query.name: query for query in _query_library()}


def is_query_name(text: str) -> bool:
    """Whether ``text`` looks like the name of a library query (a word, not SPARQL or a path)."""
    return bool(_QUERY_NAME.fullmatch(text))


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


def resolve_query(query: str) -> str:
    """The SPARQL text of ``query``: a library query's name, a ``.rq`` file or SPARQL itself.

    A word that is not an existing file is taken for a library name, and an unknown one is an
    error naming the known queries (rather than a certain syntax error).

        >>> resolve_query("negotiations") == query_library()["negotiations"].text
        True
    """
    if is_query_name(query) and not Path(query).is_file():
        library = query_library()
        if query not in library:
            raise QueryError(
                f"no query named {query!r} in the library (known: {', '.join(library)})"
            )
        return library[query].text
    return load_query_text(query)


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
