"""SELECT and ASK results as plain values, and the text ``kg query`` prints for them.

One writer for every engine: rdflib's results (:func:`kg.outputs.query.format_result`) and
Oxigraph's (:mod:`kg.outputs.native`) are turned into an :class:`Answer` and printed here, so the
two print the same bytes for the same solutions. Plain Python, no rdflib: the Oxigraph path of
``kg query`` never imports it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from kg.rdf.names import shorten_iri

__all__ = ["RESULT_FORMATS", "Answer", "Term", "write_answer"]

#: Output formats of :func:`write_answer`, for the CLI's ``--format`` choice.
RESULT_FORMATS = ("table", "csv", "tsv", "json")

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Term:
    """An RDF term: ``kind`` is ``uri``, ``bnode`` or ``literal`` (the SPARQL JSON names); a
    literal has a ``language`` or a ``datatype`` (neither for a plain string)."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Answer:
    """The answer to a SELECT (``variables``, ``rows`` of terms, ``None`` where unbound) or to an
    ASK (``boolean``)."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None


def _shown(term: Term | None) -> str:
    """A term for people to read: IRIs shortened, blank nodes ``_:id``, literals their text."""
    if term is None:
        return ""
    if term.kind == "uri":
        return shorten_iri(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _table(answer: Answer) -> str:
    columns = list(answer.variables)
    rows = [[" ".join(_shown(term).split()) for term in row] for row in answer.rows]
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


def _csv_cell(term: Term | None) -> str:
    """SPARQL 1.1 CSV: the lexical form only (no datatype or language), blank nodes ``_:id``."""
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def _csv(answer: Answer) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",")
    writer.writerow(answer.variables)
    writer.writerows([_csv_cell(term) for term in row] for row in answer.rows)
    return out.getvalue()


def _tsv_term(term: Term | None) -> str:
    """A term as the W3C SPARQL TSV format writes it: Turtle/N-Triples syntax, one line."""
    if term is None:
        return ""
    if term.kind == "literal":
        text = (
            term.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != _XSD_STRING:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    if term.kind == "bnode":
        return f"_:{term.value}"
    return f"<{term.value}>"


def _tsv(answer: Answer) -> str:
    lines = ["\t".join(f"?{var}" for var in answer.variables)]
    lines.extend("\t".join(_tsv_term(term) for term in row) for row in answer.rows)
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    value = {"type": term.kind, "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != _XSD_STRING:
        value["datatype"] = term.datatype
    return value


def _json(answer: Answer) -> str:
    """SPARQL 1.1 JSON results, each binding's keys in the order of the variables."""
    bindings = [
        {
            var: _json_term(term)
            for var, term in zip(answer.variables, row, strict=True)
            if term is not None
        }
        for row in answer.rows
    ]
    data = {"head": {"vars": list(answer.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False) + "\n"


def write_answer(answer: Answer, fmt: str = "table") -> str:
    """The answer as text, ending with a newline. SELECT: ``table`` (aligned columns, shortened
    IRIs, then "N rows"), ``csv``/``tsv``/``json`` in the W3C SPARQL 1.1 result formats. ASK:
    ``true``/``false``, or the SPARQL JSON boolean form for ``json``."""
    if answer.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer.boolean}) + "\n"
        return ("true" if answer.boolean else "false") + "\n"
    writers = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}
    return writers[fmt](answer)
