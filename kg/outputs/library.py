"""The library of queries shipped in ``ontology/queries/``, and reading a query given by name,
as a ``.rq`` file or as SPARQL text. Plain Python (no rdflib), so ``kg query --list`` and the
Oxigraph path of ``kg query`` (:mod:`kg.outputs.native`) start fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import QueryError
from kg.rdf.names import ontology_path

__all__ = ["LibraryQuery", "is_query_name", "load_query_text", "query_library", "resolve_query"]


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
