"""Writing a kg dataset in other formats (the ``export`` output).

Exporters are registered by name, like rdflib's plugin table: each row names a format, its
aliases, file extension and media type, and a writer that imports what it needs only when it
runs (rdflib's serializer plugins, networkx). The CLI's ``--format`` choices come from
:func:`formats`.

Named graphs: TriG, N-Quads and JSON-LD keep one graph per document. Turtle, N-Triples and
RDF/XML have no named graphs, and rdflib silently drops them when serialising a Dataset, so those
formats are written from :func:`merged_graph` (every triple of every graph in one graph).

``plover`` writes the event mentions as JSON lines in the shape of PLOVER event records, the
format conflict-event researchers load (see :func:`plover_records`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, PROV

from kg.atomic import write_atomically
from kg.errors import FormatError
from kg.rdf.dataset import candidates
from kg.rdf.namespace import KG, PREFIXES, bind_prefixes, local_name
from kg.rdf.serialize import to_trig, to_turtle

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Exporter",
    "export",
    "exporter",
    "format_for_path",
    "formats",
    "merged_graph",
    "plover_records",
    "register",
    "spreadsheet_safe",
]

Writer = Callable[[Graph], bytes]


@dataclass(frozen=True)
class Exporter:
    """One output format: how the CLI names it and how its bytes are made."""

    name: str
    extension: str  # without the dot
    media_type: str
    write: Writer = field(repr=False)
    aliases: tuple[str, ...] = ()
    keeps_graphs: bool = False  # whether one named graph per document survives


_REGISTRY: dict[str, Exporter] = {}  # name, aliases and media type -> exporter
_NAMES: list[str] = []  # canonical names, in registration order


def register(entry: Exporter) -> Exporter:
    """Add an exporter; its name, aliases and media type all find it (case-insensitive)."""
    for key in (entry.name, *entry.aliases, entry.media_type):
        _REGISTRY[key.lower()] = entry
    if entry.name not in _NAMES:
        _NAMES.append(entry.name)
    return entry


def formats(*, aliases: bool = False) -> list[str]:
    """The format names for ``click.Choice``; with ``aliases=True`` also ``ttl``, ``nq`` ..."""
    if not aliases:
        return list(_NAMES)
    extra = [
        alias
        for name in _NAMES
        for alias in _REGISTRY[name].aliases
        if alias not in _NAMES and "/" not in alias
    ]
    return [*_NAMES, *dict.fromkeys(extra)]


def exporter(fmt: str) -> Exporter:
    """The exporter for a format name, alias or media type; FormatError lists the known ones."""
    try:
        return _REGISTRY[fmt.lower()]
    except KeyError:
        raise FormatError(f"unknown format {fmt!r}; known: {', '.join(formats())}") from None


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name asks for by its extension (``out.ttl`` -> ``turtle``), if any."""
    suffix = Path(path).suffix.lower().lstrip(".")
    for name in _NAMES:
        entry = _REGISTRY[name]
        if suffix in (entry.name, entry.extension, *entry.aliases):
            return name
    return None


def resolve_format(fmt: str | None, out: str | os.PathLike[str] | None) -> str:
    """The exporter name for a ``--format``/``-o`` pair: the format given, else the one the
    output's extension names, else Turtle for stdout. An extension naming no format is an error,
    and so is a format that contradicts the extension (``--format turtle -o graph.trig``)."""
    name = format_for_path(out) if out is not None else None
    if fmt:
        chosen = exporter(fmt)
        if name is not None and name != chosen.name:
            _refuse_contradiction(out, chosen, name)
        return chosen.name
    if out is None:
        return "turtle"
    if name is None:
        raise FormatError(
            f"{out}: cannot tell the format from the extension; pass --format "
            f"(one of {', '.join(formats())})"
        )
    return name


def _refuse_contradiction(out: str | os.PathLike[str], chosen: Exporter, named: str) -> None:
    """One line saying both ways out, for a file name whose extension says another format."""
    path = Path(out)
    raise FormatError(
        f"{path}: the extension says {named} but --format says {chosen.name}; write "
        f"{path.with_suffix('.' + chosen.extension)} instead, or leave out --format"
    )


def export(ds: Graph, fmt: str, *, out: str | os.PathLike[str] | None = None) -> bytes | None:
    """Serialise the dataset as ``fmt``: written to ``out``, or returned as bytes for stdout."""
    entry = exporter(fmt)
    data = entry.write(ds)
    if out is None:
        return data
    write_atomically(out, data)  # never a half-written file, even if killed
    return None


def merged_graph(ds: Graph) -> Graph:
    """Every triple of every graph of the dataset in one plain Graph, prefixes bound.

    This is what a triple format (Turtle, N-Triples, RDF/XML) can hold, and what tools that
    know no named graphs (Protégé, reasoners) should be given.
    """
    merged = bind_prefixes(Graph(bind_namespaces="core"))
    if isinstance(ds, ConjunctiveGraph):
        for s, p, o, _ in ds.quads((None, None, None, None)):
            merged.add((s, p, o))
    else:
        merged += ds
    return merged


# --- RDF writers ---------------------------------------------------------------------------


def _merged_writer(rdflib_format: str) -> Writer:
    def write(ds: Graph) -> bytes:
        return merged_graph(ds).serialize(format=rdflib_format, encoding="utf-8")

    return write


def _dataset_writer(rdflib_format: str, **options: Any) -> Writer:
    def write(ds: Graph) -> bytes:
        if not isinstance(ds, ConjunctiveGraph):  # a plain Graph: one default graph
            whole = Dataset()
            whole.default_graph += ds
            ds = whole
        bind_prefixes(ds)
        return ds.serialize(format=rdflib_format, encoding="utf-8", **options)

    return write


# --- networkx writers ----------------------------------------------------------------------


def _flat(value: Any) -> Any:
    """A value GraphML/GEXF can hold (str, int, float, bool), or None to leave it out."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Literal):
        python = value.toPython()
        return _flat(python) if python is not value else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return "|".join(str(item) for item in items)
    return str(value)


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """Lists of scalars join with ``|``; lists of records (evidence) become ``<name>_count``."""
    flat: dict[str, Any] = {}
    for key, value in attrs.items():
        records = isinstance(value, list | tuple) and any(isinstance(v, dict) for v in value)
        if records or isinstance(value, dict):
            flat[f"{key}_count"] = len(value)
        else:
            value = _flat(value)
            if value is not None:
                flat[key] = value
    return flat


def _flat_network(ds: Graph) -> nx.MultiDiGraph:
    """The entity network with attributes GraphML and GEXF can store, and unique edge ids."""
    import networkx as nx

    from kg.outputs.network import to_networkx

    source = to_networkx(ds)
    flat = nx.MultiDiGraph()
    for node, attrs in source.nodes(data=True):
        flat.add_node(node, **_flat_attrs(attrs))
    # GraphML/GEXF edge ids must be unique in the file; the network's keys are only unique
    # per node pair (the property name), so number the edges instead.
    for number, (s, o, attrs) in enumerate(source.edges(data=True)):
        flat.add_edge(s, o, key=f"e{number}", **_flat_attrs(attrs))
    return flat


def _write_graphml(ds: Graph) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(_flat_network(ds), buffer, encoding="utf-8")
    return buffer.getvalue()


def _write_gexf(ds: Graph) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(_flat_network(ds), buffer, encoding="utf-8")
    return buffer.getvalue()


# --- CSV -----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "subject_label",
    "property",
    "object_label",
    "confidence",
    "modality",
    "evidence",
    "document",
    "sentence",
)

_ASSERTIONS_QUERY = """
SELECT ?a ?s ?p ?o ?sl ?ol ?confidence ?modality ?evidence ?start ?doc ?docid ?index ?text
WHERE {
  ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS { ?a a kg:Candidate }
  OPTIONAL { ?s rdfs:label ?sl }
  OPTIONAL { ?o rdfs:label ?ol }
  OPTIONAL { ?a kg:confidence ?confidence }
  OPTIONAL { ?a kg:modality ?modality }
  OPTIONAL { ?a kg:evidence ?evidence }
  OPTIONAL { ?a kg:startOffset ?start }
  OPTIONAL {
    ?a prov:wasDerivedFrom ?sentence .
    OPTIONAL { ?sentence kg:sentenceIndex ?index }
    OPTIONAL { ?sentence kg:text ?text }
    OPTIONAL {
      ?sentence dcterms:isPartOf ?doc .
      OPTIONAL { ?doc dcterms:identifier ?docid }
    }
  }
}
"""


def _number(term: Any) -> float:
    try:
        return float(term.toPython()) if isinstance(term, Literal) else float("inf")
    except (TypeError, ValueError):
        return float("inf")


#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it but never runs it: a leading ``'`` before a formula.

    Labels and evidence come from the articles, so ``=HYPERLINK(...)`` or ``@SUM(...)`` in a
    text must stay text when the CSV is opened in Excel, LibreOffice or Google Sheets.

        >>> spreadsheet_safe("=1+1"), spreadsheet_safe("Hamas")
        ("'=1+1", 'Hamas')
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _write_csv(ds: Graph) -> bytes:
    """One row per assertion node (negated mentions included), in document and text order.

    Every cell goes through :func:`spreadsheet_safe`.
    """
    from rdflib.plugins.sparql import prepareQuery

    query = prepareQuery(_ASSERTIONS_QUERY, initNs=PREFIXES)
    rows: dict[Any, tuple[tuple, list[str]]] = {}
    for b in ds.query(query):
        if b.a in rows:  # a second label or sentence link: one row per assertion is enough
            continue
        subject = str(b.sl) if b.sl is not None else str(b.s)
        obj = str(b.ol) if b.ol is not None else str(b.o)
        source = b.docid if b.docid is not None else b.doc  # the identifier, else the IRI
        document = "" if source is None else str(source)
        row = [
            subject,
            local_name(b.p),
            obj,
            "" if b.confidence is None else str(b.confidence),
            local_name(b.modality),
            "" if b.evidence is None else str(b.evidence),
            document,
            "" if b.text is None else str(b.text),
        ]
        order = (document, _number(b.index), _number(b.start), subject, row[1], obj, str(b.a))
        rows[b.a] = (order, row)
    buffer = io.StringIO(newline="")
    # RFC 4180's CRLF: with it, a field holding a lone CR is quoted (with "\n" it is not).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    ordered = sorted(rows.values(), key=lambda item: item[0])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for _, row in ordered)
    return buffer.getvalue().encode("utf-8")


# --- PLOVER event records ------------------------------------------------------------------


def _label(ds: Graph, node: Any) -> str:
    labels = sorted(str(label) for label in ds.objects(node, RDFS.label))
    return labels[0] if labels else str(node)


def _actors(ds: Graph, event: Any, role: URIRef) -> list[dict[str, str]]:
    nodes = sorted(ds.objects(event, role), key=lambda node: (_label(ds, node), str(node)))
    return [{"actorText": _label(ds, node), "iri": str(node)} for node in nodes]


def _python(term: Any) -> Any:
    """A literal's value as JSON holds it (numbers as numbers, dates as their ISO text)."""
    if term is None:
        return None
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(term)


def plover_records(ds: Graph) -> list[dict[str, Any]]:
    """One PLOVER-style event record per event mention, in document and text order.

    The fields of the PLOVER gold-standard records where kg has them: ``id`` (the event
    mention's IRI), ``date`` (the event's own date, else its document's), ``event`` (the PLOVER
    type), ``source`` and ``target`` (lists of ``{"actorText", "iri"}``, possibly empty),
    ``eventText`` (the trigger) and ``text`` (the sentence); and kg's own: ``evidence``,
    ``modality``, ``confidence``, ``property``, ``theme``, ``place``, ``count``, ``document``
    and ``rule``. PLOVER's ``mode`` and ``context`` (an event's subtype and domain, from
    PLOVER's own lists) are not written: kg does not classify events that finely.
    """
    records = []
    for event in set(ds.subjects(RDF.type, KG.EventMention)) - candidates(ds):
        sentence = ds.value(event, PROV.wasDerivedFrom)
        document = ds.value(sentence, DCTERMS.isPartOf) if sentence is not None else None
        event_type = ds.value(event, KG.eventType)
        prop = ds.value(event, KG.relationProperty)
        modality = ds.value(event, KG.modality)
        place = ds.value(event, KG.place)
        date = ds.value(event, KG.date)
        if date is None and document is not None:
            date = ds.value(document, DCTERMS.date)
        record = {
            "id": str(event),
            "date": _python(date),
            "event": local_name(event_type) if event_type is not None else None,
            "source": _actors(ds, event, KG.hasSource),
            "target": _actors(ds, event, KG.hasTarget),
            "eventText": _python(ds.value(event, KG.trigger)),
            "text": _python(ds.value(sentence, KG.text)) if sentence is not None else None,
            "evidence": _python(ds.value(event, KG.evidence)),
            "modality": local_name(modality) if modality is not None else None,
            "confidence": _python(ds.value(event, KG.confidence)),
            "property": local_name(prop) if prop is not None else None,
            "theme": _python(ds.value(event, KG.theme)),
            "place": {"placeText": _label(ds, place), "iri": str(place)} if place else None,
            "count": _python(ds.value(event, KG.count)),
            "document": _python(ds.value(document, DCTERMS.identifier)) if document else None,
            "rule": _python(ds.value(event, KG.rule)),
        }
        index = ds.value(sentence, KG.sentenceIndex) if sentence is not None else None
        order = (
            record["document"] or "",
            _number(index),
            _number(ds.value(event, KG.startOffset)),
            record["event"] or "",
            record["id"],
        )
        records.append((order, record))
    return [record for _, record in sorted(records, key=lambda item: item[0])]


def _write_plover(ds: Graph) -> bytes:
    lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in plover_records(ds))
    return "".join(lines).encode("utf-8")


# --- the table -----------------------------------------------------------------------------

register(Exporter("turtle", "ttl", "text/turtle", to_turtle, ("ttl",)))
register(Exporter("nt", "nt", "application/n-triples", _merged_writer("nt"), ("ntriples",)))
register(
    Exporter(
        "nquads",
        "nq",
        "application/n-quads",
        _dataset_writer("nquads"),
        ("nq",),
        keeps_graphs=True,
    )
)
register(Exporter("trig", "trig", "application/trig", to_trig, keeps_graphs=True))
register(
    Exporter(
        "jsonld",
        "jsonld",
        "application/ld+json",
        # Compacted with the project's prefixes ("kg:envoyFor"), not rdflib's thirty defaults.
        _dataset_writer("json-ld", context=dict(PREFIXES), auto_compact=True),
        ("json-ld",),
        keeps_graphs=True,
    )
)
register(Exporter("xml", "rdf", "application/rdf+xml", _merged_writer("xml"), ("rdfxml",)))
register(Exporter("graphml", "graphml", "application/graphml+xml", _write_graphml))
register(Exporter("gexf", "gexf", "application/gexf+xml", _write_gexf))
register(Exporter("csv", "csv", "text/csv", _write_csv))
register(Exporter("plover", "jsonl", "application/jsonl", _write_plover, ("jsonl",)))
