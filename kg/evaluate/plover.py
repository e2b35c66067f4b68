"""Score a built graph against PLOVER event records (one news sentence, one gold event each).

Each record is built as its own document (``id`` = the record id; ``jsonl_records`` writes the
JSONL that ``kg build`` reads). For every record:

* the event **type** is found when a fact of that document has a property that the ontology maps
  to the gold type (``skos:broadMatch``/``exactMatch`` to ``plover:TYPE``);
* the **source** is found when such a fact's subject names a gold source actor: one of its
  labels contains the actor text or is contained in it (whole words), or the actor is a
  demonym ("Israeli") of a country the subject is;
* the event is **fully** found when, in addition, the fact's object names a gold target (or the
  record has no target). Actors marked ``SRC/TAR`` in the markup may appear in either role.

**Precision** is the share of mapped facts (facts whose property maps to some PLOVER type) whose
type and source are both right for their record.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from kg.errors import InputError
from kg.evaluate.facts import NodeNames, normalise
from kg.lexicon import load_lexicon
from kg.rdf.dataset import data_base
from kg.rdf.mapping import document_iri
from kg.rdf.namespace import plover_types, relation_properties, symmetric_properties

_BOTH = re.compile(r"\(SRC/TAR:\s*([^)]*)\)")


@dataclass(frozen=True)
class Record:
    """One PLOVER gold event."""

    id: str
    event: str
    text: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    either: tuple[str, ...] = ()  # actors that may be source or target (SRC/TAR)
    date: str | None = None


@dataclass
class PloverReport:
    records: int
    type_found: set[str] = field(default_factory=set)
    source_found: set[str] = field(default_factory=set)
    full_found: set[str] = field(default_factory=set)
    mapped_facts: int = 0
    correct_facts: int = 0
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)  # record, s, p, o
    by_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def rate(self, found: set[str]) -> float:
        return len(found) / self.records if self.records else 0.0

    @property
    def precision(self) -> float:
        return self.correct_facts / self.mapped_facts if self.mapped_facts else 0.0


def _actors(value: Any) -> tuple[str, ...]:
    """Actor texts from a gold field: a list or a single dict of {"actorText": ...}, or strings."""
    if not value:
        return ()
    items = value if isinstance(value, list) else [value]
    texts = (item.get("actorText", "") if isinstance(item, dict) else str(item) for item in items)
    return tuple(t.strip() for t in texts if t and t.strip())


def load_records(path: str | Path) -> list[Record]:
    """Read PLOVER records from a JSON list (the fields of ``plover-dev.json``)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such gold file; check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a JSON list of PLOVER records ({exc})") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON list of PLOVER records")
    records, seen = [], Counter()
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not all(k in item for k in ("id", "event", "text")):
            raise InputError(f"{path}: record {number} needs at least id, event and text")
        markup = (item.get("textInfo") or {}).get("markup", "")
        record_id = str(item["id"])
        seen[record_id] += 1
        if seen[record_id] > 1:  # the public dev set repeats a few ids: keep every record
            record_id = f"{record_id}#{seen[record_id]}"
        records.append(
            Record(
                id=record_id,
                event=str(item["event"]).strip().upper(),
                text=str(item["text"]),
                sources=_actors(item.get("source")),
                targets=_actors(item.get("target")),
                either=tuple(t.strip() for t in _BOTH.findall(markup)),
                date=item.get("date"),
            )
        )
    return records


def jsonl_records(records: list[Record]) -> str:
    """The records as JSONL documents for ``kg build`` (id, text, date)."""
    lines = []
    for record in records:
        document = {"id": record.id, "text": record.text}
        if record.date:
            document["date"] = record.date
        lines.append(json.dumps(document, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def names_actor(names: set[str], actor: str, demonyms: dict[str, str]) -> bool:
    """Whether a node with these (normalised) names stands for the gold actor text."""
    text = normalise(actor)
    countries = {normalise(c) for word, c in demonyms.items() if _contains(text, normalise(word))}
    for name in names:
        if len(name) < 2:
            continue
        if _contains(text, name) or _contains(name, text) or name in countries:
            return True
    return False


def score(dataset: Graph, records: list[Record]) -> PloverReport:
    """Score the facts of each record's document against its gold event (see module docstring)."""
    names = NodeNames(dataset)
    demonyms = load_lexicon().demonyms
    mapped = {local: (iri, plover_types(local)) for local, iri in relation_properties().items()}
    mapped = {local: pair for local, pair in mapped.items() if pair[1]}
    report = PloverReport(len(records))
    symmetric = set(symmetric_properties())
    built = {g.identifier for g in dataset.graphs()} if hasattr(dataset, "graphs") else set()
    base = data_base(dataset)

    def names_any(node: URIRef, actors: tuple[str, ...]) -> bool:
        return any(names_actor(names[node], actor, demonyms) for actor in actors)

    for record in records:
        report.by_type[record.event]["records"] += 1
        name = document_iri(record.id, base=base)
        if name not in built:  # the document was not built (skipped input): nothing found
            continue
        graph = dataset.get_graph(name)
        for local, (iri, events) in mapped.items():
            for s, o in graph.subject_objects(iri):
                report.mapped_facts += 1
                typed = record.event in events
                sources = record.sources + record.either
                targets = record.targets + record.either
                forward = names_any(s, sources) and (not record.targets or names_any(o, targets))
                backward = names_any(o, record.either) and names_any(s, targets)
                source = names_any(s, sources) or names_any(o, record.either)
                if local in symmetric:  # stored in either direction
                    forward = forward or (names_any(o, sources) and names_any(s, targets))
                    source = source or names_any(o, sources)
                if typed:
                    report.type_found.add(record.id)
                if typed and source:
                    report.source_found.add(record.id)
                    report.correct_facts += 1
                else:
                    report.wrong.append((record.id, names.label(s), local, names.label(o)))
                if typed and (forward or backward):
                    report.full_found.add(record.id)
    for found, key in (
        (report.type_found, "type"),
        (report.source_found, "source"),
        (report.full_found, "full"),
    ):
        for record in records:
            if record.id in found:
                report.by_type[record.event][key] += 1
    return report


def format_report(report: PloverReport, records: list[Record], *, show: bool = False) -> str:
    """Recall of type, source and full event, and precision; with ``show``, per type and misses."""
    mapped = f"({report.correct_facts}/{report.mapped_facts} mapped facts)"
    lines = [
        f"records          {report.records}",
        f"type recall      {report.rate(report.type_found):.3f}  ({len(report.type_found)})",
        f"source recall    {report.rate(report.source_found):.3f}  ({len(report.source_found)})",
        f"full recall      {report.rate(report.full_found):.3f}  ({len(report.full_found)})",
        f"precision        {report.precision:.3f}  {mapped}",
    ]
    if show:
        lines += ["", f"{'type':<12} records  type  source  full"]
        for event, n in sorted(report.by_type.items()):
            counts = f"{n['records']:>7}  {n['type']:>4}  {n['source']:>6}  {n['full']:>4}"
            lines.append(f"{event:<12} {counts}")
        lines.append("")
        for record in records:
            if record.id not in report.full_found:
                actors = "|".join(record.sources + record.either)
                lines.append(
                    f"miss   {record.id}  {actors} {record.event} {'|'.join(record.targets)}"
                )
        lines.extend(f"wrong  {r}  {s} {p} {o}" for r, s, p, o in report.wrong)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m kg.evaluate.plover RECORDS.json > documents.jsonl
    import sys

    sys.stdout.write(jsonl_records(load_records(sys.argv[1])))
