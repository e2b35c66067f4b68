"""Loading and saving kg datasets (the ``store`` stage).

A kg graph lives in an :class:`rdflib.Dataset`: the entities graph, one named graph per
document (see ``docs/rdf-model.md``). Every dataset made here has ``default_union=True`` so that
SPARQL without ``GRAPH`` sees the triples of all graphs, and the project's prefixes bound so
that whatever is written from it reads well.

Backends are chosen by name from a small registry (only ``"memory"`` today) so that an on-disk
or remote store can be added later without touching the callers.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Dataset

from kg.atomic import atomic_file
from kg.errors import AccessError, StoreError
from kg.rdf.guard import confined
from kg.rdf.namespace import bind_prefixes
from kg.rdf.serialize import to_trig

__all__ = ["GRAPH_FORMATS", "load_dataset", "new_dataset", "save_dataset"]

#: rdflib parser name for each graph file extension that ``load_dataset`` reads.
GRAPH_FORMATS: dict[str, str] = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}

_FORMAT_NAMES = {
    "trig": "TriG",
    "nquads": "N-Quads",
    "turtle": "Turtle",
    "nt": "N-Triples",
    "json-ld": "JSON-LD",
    "xml": "RDF/XML",
}


def new_dataset() -> Dataset:
    """An empty in-memory Dataset querying the union of its graphs, prefixes bound. (Stores
    chosen by name, ``--store``, are ``kg.store.registry``'s.)"""
    return bind_prefixes(Dataset(store="Memory", default_union=True))


def _line_of(exc: BaseException) -> int | None:
    """The line a parser complained about, when the parser says (each says it differently)."""
    text = getattr(exc, "_str", None)  # rdflib's Turtle/TriG BadSyntax: the input + offset
    offset = getattr(exc, "_i", None)
    if isinstance(text, bytes) and isinstance(offset, int):
        return text.count(b"\n", 0, offset) + 1
    for attribute in ("lineno", "line"):  # json.JSONDecodeError, pyparsing
        value = getattr(exc, attribute, None)
        if isinstance(value, int):
            return value
    get_line = getattr(exc, "getLineNumber", None)  # xml.sax.SAXParseException
    if callable(get_line):
        try:
            return int(get_line())
        except (TypeError, ValueError):
            return None
    return None


def _reason(exc: BaseException) -> str:
    """The parser's complaint in one line, without the echo of the input some parsers add."""
    why = getattr(exc, "_why", None)  # BadSyntax
    if isinstance(why, str) and why:
        return why
    get_message = getattr(exc, "getMessage", None)  # SAXParseException
    if callable(get_message):
        return str(get_message())
    msg = getattr(exc, "msg", None)  # JSONDecodeError
    if isinstance(msg, str) and msg:
        return msg
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0].rstrip(":") if lines else type(exc).__name__


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Read a graph file into a Dataset, choosing the parser from the file extension.

    Dataset formats (``.trig``, ``.nq``, ``.jsonld``) keep their named graphs; a triple format
    (``.ttl``, ``.nt``, ``.rdf``/``.xml``) loads into the default graph. Queries on the result
    see every graph (``default_union=True``). A file that is empty, or holds no triple, is an
    error rather than an empty graph: it is what an interrupted write leaves. The parser reads
    the file and nothing else (a JSON-LD ``@context`` that is a URL is refused, see
    :mod:`kg.rdf.guard`).
    """
    path = Path(path)
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(GRAPH_FORMATS)
        raise StoreError(f"{path}: unknown graph file extension {path.suffix!r} (use {known})")
    if not path.exists():
        raise StoreError(f"{path}: no graph here; run `kg build INPUT` first or pass --in FILE")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a graph file")
    ds = new_dataset()
    name = _FORMAT_NAMES[fmt]
    try:
        with path.open("rb") as handle, confined(hint=_LOAD_HINT):
            ds.parse(source=handle, format=fmt)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except AccessError as exc:
        raise StoreError(f"{path}: not loaded: {exc}") from exc
    except Exception as exc:  # each parser raises its own kind of error
        if path.stat().st_size == 0:  # some parsers reject an empty file, some do not
            raise StoreError(f"{path}: {_EMPTY}") from exc
        line = _line_of(exc)
        where = f" at line {line}" if line else ""
        raise StoreError(f"{path}: not valid {name}{where}: {_reason(exc)}") from exc
    if len(ds) == 0:
        empty = _EMPTY if path.stat().st_size == 0 else f"{name} with no triple in it"
        raise StoreError(f"{path}: {empty}")
    return bind_prefixes(ds)


_EMPTY = "empty file (0 bytes), not a graph; was a build or export interrupted? run it again"
_LOAD_HINT = "a graph file is read on its own (give a JSON-LD @context inline)"


def save_dataset(ds: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write the Dataset as TriG, the one text format that keeps named graphs and prefixes.

    The file is written beside its target and renamed into place (:mod:`kg.atomic`), so a
    failed or killed write never leaves a half-written graph where the previous one was.
    """
    path = Path(path)
    if path.suffix.lower() != ".trig":
        raise StoreError(f"{path}: graphs are saved as TriG; name the file *.trig")
    with atomic_file(path) as handle:
        handle.write(to_trig(ds))
    return path
