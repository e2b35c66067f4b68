"""``kg query`` answered by Oxigraph: the graph file parsed and the query run natively, no rdflib.

Importing rdflib and building its SPARQL grammar costs more than the half second ``kg query``
may take; pyoxigraph parses TriG and answers SPARQL in a fraction of it. So a SELECT or ASK over
a TriG or N-Quads file, or over an ``oxigraph:DIR`` store, is answered here, and printed by
:mod:`kg.outputs.results` exactly as rdflib's answer would be. Whatever this path cannot answer
the same way returns ``None`` and rdflib answers, with all of :mod:`kg.rdf.guard`:

- a query in which the word ``service`` occurs anywhere (checked on the text with SPARQL's
  ``\\u`` escapes decoded, case folded, strings and comments included): Oxigraph would send
  a SERVICE to its endpoint, and nothing in Python can stop its Rust HTTP client, so only a text
  that cannot hold the keyword runs here; rdflib's guard refuses SERVICE (or, with
  ``--allow-remote``, runs it);
- ``--allow-remote``; FROM or FROM NAMED (Oxigraph never fetches them, but rdflib's reading of
  them over a union default graph is the one kg documents); CONSTRUCT and DESCRIBE (printed as
  rdflib's Turtle);
- text Oxigraph does not parse (an update is refused, a syntax error reported, by rdflib's
  messages); a file Oxigraph does not read, an empty one, or one with triples outside named
  graphs.

Oxigraph only reads the store or the file it was given: no FROM is loaded, no LOAD can run in a
query. Where SPARQL leaves the order open (rows without ORDER BY, GROUP_CONCAT), the two engines
may order differently; the library's queries fix their order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.outputs.library import resolve_query
from kg.outputs.results import Answer, Term
from kg.rdf.names import PREFIXES
from kg.rdf.sparql_text import keywords, may_hold_service

__all__ = ["answer", "answer_file", "answer_store", "may_run_natively"]

_FORMS = ("select", "ask", "construct", "describe")

#: Graph files Oxigraph reads with the same meaning as rdflib (named graphs kept).
_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS"}


def may_run_natively(sparql: str) -> bool:
    """Whether Oxigraph may run ``sparql`` in kg's place: a SELECT or ASK with no FROM, whose
    text cannot hold SERVICE (see the module's notes)."""
    if may_hold_service(sparql):
        return False
    words = keywords(sparql)
    if "from" in words:
        return False
    form = next((word for word in words if word in _FORMS), None)
    return form in ("select", "ask")


def _term(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Term("literal", term.value, language=term.language)
        return Term("literal", term.value, term.datatype.value)
    raise TypeError(f"no plain form for {term!r}")  # an RDF-star triple: rdflib answers


def _run(store: Any, sparql: str) -> Answer | None:
    """The answer of ``store`` (a pyoxigraph Store), or None if Oxigraph cannot give it."""
    import pyoxigraph as ox

    try:
        answer = store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            return Answer(boolean=bool(answer))
        if not isinstance(answer, ox.QuerySolutions):
            return None
        variables = tuple(variable.value for variable in answer.variables)
        # Labels, documents and types recur on many rows: each term is converted once.
        seen: dict[Any, Term | None] = {}

        def plain(term: Any) -> Term | None:
            found = seen.get(term, seen)
            if found is seen:
                found = seen[term] = _term(term)
            return found  # type: ignore[return-value]

        rows = tuple(tuple(plain(term) for term in solution) for solution in answer)
    except (SyntaxError, ValueError, TypeError, OSError, RuntimeError):
        return None  # rdflib answers, or says what is wrong in kg's words
    return Answer(variables, rows)


def _load(path: Path) -> Any:
    """The file in an in-memory Oxigraph store, or None where rdflib must read it."""
    import pyoxigraph as ox

    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None or not path.is_file():
        return None
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, fmt))
    except (SyntaxError, ValueError, OSError):
        return None
    outside = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
    if outside is not None or len(store) == 0:
        return None
    return store


def answer_file(path: str | Path, query: str, *, allow_remote: bool = False) -> Answer | None:
    """``query`` (text, ``.rq`` file or library name) over the graph file ``path`` by Oxigraph,
    or None where rdflib must answer (:func:`kg.outputs.query.run_query`)."""
    sparql = resolve_query(query)
    if allow_remote or not may_run_natively(sparql):
        return None
    store = _load(Path(path))
    return None if store is None else _run(store, sparql)


def answer_store(directory: str, query: str, *, allow_remote: bool = False) -> Answer | None:
    """``query`` over the Oxigraph store in ``directory``, opened read-only (a build may hold
    it), or None where kg's checked path must answer (:func:`kg.api.query_store`)."""
    sparql = resolve_query(query)
    if allow_remote or not may_run_natively(sparql) or not Path(directory).is_dir():
        return None
    from kg.store.readonly import open_read_only

    try:
        store = open_read_only(directory)
    except (OSError, RuntimeError):
        return None  # the checked path says what is wrong
    return _run(store, sparql)


def answer(
    store: str, path: str | Path, query: str, *, allow_remote: bool = False
) -> Answer | None:
    """What ``kg query`` prints for ``--store store`` (``memory``: the file ``path``) when
    Oxigraph can answer, else None."""
    from kg.store.registry import parse_spec

    spec = parse_spec(store)
    if spec.is_files:
        return answer_file(path, query, allow_remote=allow_remote)
    if spec.name == "oxigraph":
        return answer_store(spec.argument, query, allow_remote=allow_remote)
    return None
