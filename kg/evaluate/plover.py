"""Score a built graph against PLOVER event records (one news sentence, one gold event each).

Each record is built as its own document (``id`` = the record id; ``jsonl_records`` writes the
JSONL that ``kg build`` reads). A record is found by an event mention of its type whose source
fits, whatever its target. For every record:

* the event **type** is found when an event mention of that document has the gold type (or a
  property the ontology maps to it: ``accuses`` is both ACCUSE and DISAPPROVE);
* the **source** is found when such a mention has a source that names a gold source actor: one
  of its labels contains the actor text or is contained in it (whole words), or the actor is a
  demonym ("Israeli") of a country the source is;
* the event is **fully** found when, in addition, a target of the mention names a gold target,
  or its theme does (PLOVER's targets need not be actors: "villages", "the new law"), or the
  record has no target. Actors marked ``SRC/TAR`` in the markup may appear in either
  role, and so may the actors of a symmetric event (talks, a ceasefire).

**Precision** is the share of event mentions with a source whose type and source are both right
for their record. A mention without a source ("40 marchers were held") claims no source, right
or wrong: it counts towards type recall but not towards precision. Negated mentions ("did not
attack") state no event and are left out, as negated facts are never asserted.

A graph without any event mention (built before kg wrote them) is scored the same way on its
facts: each fact whose property the ontology maps to PLOVER types (``skos:broadMatch``) stands for
a mention of those types with its subject as source and its object as target, and precision is
then the share of such mapped facts that are right.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, URIRef

from kg.errors import InputError
from kg.evaluate.facts import NodeNames, format_notes, normalise, read_gold_text
from kg.ingest import is_iso_date
from kg.lexicon import load_lexicon
from kg.rdf.dataset import data_base
from kg.rdf.mapping import document_iri
from kg.rdf.namespace import (
    KG,
    local_name,
    plover_types,
    relation_properties,
    symmetric_properties,
)

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
    not_built: int = 0  # records whose document is not in the graph (scored as misses)
    type_found: set[str] = field(default_factory=set)
    source_found: set[str] = field(default_factory=set)
    full_found: set[str] = field(default_factory=set)
    scored: int = 0  # mentions that count towards precision
    correct: int = 0  # of those, the ones whose type and source are right
    unit: str = "event mentions"  # what was scored: "event mentions", or "mapped facts"
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)  # record, s, type, o
    by_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    #: event mention node -> whether it claims nothing wrong: its type is the record's and its
    #: source (if it names one) a gold source; what bench/calibrate.py fits confidences on
    verdicts: dict[URIRef, bool] = field(default_factory=dict)

    def rate(self, found: set[str]) -> float:
        return len(found) / self.records if self.records else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.scored if self.scored else 0.0


@dataclass(frozen=True)
class _Mention:
    """What the scorer compares with a record: an event mention, or a fact standing for one."""

    types: frozenset[str]
    sources: tuple[URIRef, ...]
    targets: tuple[URIRef, ...]
    symmetric: bool  # its actors may be read in either role
    name: str  # the type (an event mention) or the property (a fact), for the listing
    themes: tuple[str, ...] = ()  # the action's own object when it is no actor ("new law")
    node: URIRef | None = None  # the event mention node (None: a fact standing for one)


def _actors(value: Any) -> tuple[str, ...]:
    """Actor texts from a gold field: a list or a single dict of {"actorText": ...}, or strings."""
    if not value:
        return ()
    items = value if isinstance(value, list) else [value]
    texts = (item.get("actorText", "") if isinstance(item, dict) else str(item) for item in items)
    return tuple(t.strip() for t in texts if t and t.strip())


@dataclass
class GoldRecords:
    """The records of a PLOVER file that can be scored, and a one-line note (``FILE:LINE: ...``)
    for each record that cannot (``skipped`` of them) or was renamed (a repeated id)."""

    records: list[Record]
    notes: list[str]
    skipped: int


# A comma closing a list or an object (the published file has them after every last field),
# found outside strings: strings are matched first, so a comma inside one is never taken.
_STRING_OR_TRAILING_COMMA = re.compile(r'"(?:[^"\\]|\\.)*"|,(?=\s*[}\]])')
_SPACE = re.compile(r"\s*")


def _without_trailing_commas(text: str) -> str:
    """The text with each trailing comma replaced by a space, so offsets and lines stay put."""
    return _STRING_OR_TRAILING_COMMA.sub(lambda m: " " if m.group() == "," else m.group(), text)


def _top_level_values(text: str, path: Path) -> list[tuple[int, Any]]:
    """(line, value) of each item of a JSON list, or of a bare comma-separated run of objects
    (an older form of the published file), read one item at a time so each keeps its line."""
    decoder = json.JSONDecoder()
    position = _SPACE.match(text).end()
    listed = text.startswith("[", position)
    position += listed
    values, line, counted = [], 1, 0
    try:
        while True:
            position = _SPACE.match(text, position).end()
            if position == len(text) and not listed:
                return values
            if listed and text.startswith("]", position):
                position = _SPACE.match(text, position + 1).end()
                if position < len(text):
                    raise json.JSONDecodeError("extra data after the list", text, position)
                return values
            line, counted = line + text.count("\n", counted, position), position
            value, position = decoder.raw_decode(text, position)
            values.append((line, value))
            position = _SPACE.match(text, position).end()
            if text.startswith(",", position):
                position += 1
            elif not ((position == len(text) and not listed) or text.startswith("]", position)):
                raise json.JSONDecodeError("expected ',' between records", text, position)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}:{exc.lineno}:{exc.colno}: not a JSON list of PLOVER records ({exc.msg})"
        ) from None


def _record(item: Any, types: frozenset[str]) -> Record | str:
    """The scoreable record in one JSON value, or why it cannot be scored."""
    if not isinstance(item, dict):
        return f"a JSON {type(item).__name__}, not a record object"
    record_id, event, text = item.get("id"), item.get("event"), item.get("text")
    if not isinstance(record_id, str | int) or not str(record_id).strip():
        return "no id"
    event = str(event or "").strip().upper()
    if event not in types:
        shown = str(item.get("event"))[:40]
        return f"record {record_id}: event {shown!r} is not a PLOVER event type"
    if not isinstance(text, str) or not text.strip():
        return f"record {record_id}: no text"
    sources = _actors(item.get("source"))
    if not sources:
        return f"record {record_id}: no source actor to score"
    info = item.get("textInfo")
    markup = info.get("markup", "") if isinstance(info, dict) else info
    date = item.get("date")
    return Record(
        id=str(record_id).strip(),
        event=event,
        text=text,
        sources=sources,
        targets=_actors(item.get("target")),
        either=tuple(t.strip() for t in _BOTH.findall(markup if isinstance(markup, str) else "")),
        date=date if isinstance(date, str) and is_iso_date(date) else None,
    )


def read_records(path: str | Path) -> GoldRecords:
    """Read PLOVER records as published: a JSON list (trailing commas allowed) whose records
    may lack a target or a source, hold ``textInfo`` as a string, or document the fields (the
    published file's first record); what cannot be scored is skipped with a note."""
    path = Path(path)
    text = read_gold_text(path)
    types = frozenset().union(*(plover_types(local) for local in relation_properties()))
    gold = GoldRecords([], [], 0)
    first_line: dict[str, int] = {}
    seen: Counter[str] = Counter()
    for line, item in _top_level_values(_without_trailing_commas(text), path):
        record = _record(item, types)
        if isinstance(record, str):
            gold.notes.append(f"{path}:{line}: skipped: {record}")
            gold.skipped += 1
            continue
        seen[record.id] += 1
        if seen[record.id] > 1:  # the public records repeat a few ids: keep every record
            renamed = f"{record.id}#{seen[record.id]}"
            gold.notes.append(
                f"{path}:{line}: id {record.id} is also on line {first_line[record.id]}; "
                f"this record is scored as {renamed}"
            )
            record = replace(record, id=renamed)
        else:
            first_line[record.id] = line
        gold.records.append(record)
    if not gold.records:
        raise InputError(f"{path}: no PLOVER record that can be scored ({gold.skipped} skipped)")
    return gold


def load_records(path: str | Path) -> list[Record]:
    """The scoreable records of a PLOVER file (``read_records`` tells what was skipped)."""
    return read_records(path).records


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


def _event_mentions(graph: Graph, symmetric: set[str]) -> list[_Mention]:
    """The event mentions of one document's graph, negated ones left out ("did not attack"
    states no attack, as a negated fact is never asserted), and candidates (below the build's
    threshold), which are not asserted either."""
    mentions = []
    for event in sorted(graph.subjects(RDF.type, KG.EventMention)):
        if (event, KG.modality, KG.negated) in graph or (event, RDF.type, KG.Candidate) in graph:
            continue
        types = {local_name(t) for t in graph.objects(event, KG.eventType)}
        prop = graph.value(event, KG.relationProperty)
        mentions.append(
            _Mention(
                # the ontology maps some properties to two types (accuses: ACCUSE and
                # DISAPPROVE), as for facts: the mention stands for each of them
                types=frozenset(types | (plover_types(local_name(prop)) if prop else set())),
                sources=tuple(sorted(graph.objects(event, KG.hasSource))),
                targets=tuple(sorted(graph.objects(event, KG.hasTarget))),
                symmetric=prop is not None and local_name(prop) in symmetric,
                name="|".join(sorted(types)),
                themes=tuple(sorted(str(t) for t in graph.objects(event, KG.theme))),
                node=event,
            )
        )
    return mentions


def _mapped_facts(graph: Graph, symmetric: set[str]) -> list[_Mention]:
    """The facts of one document's graph whose property maps to PLOVER types, as mentions."""
    mentions = []
    for local, iri in relation_properties().items():
        types = plover_types(local)
        if types:
            mentions.extend(
                _Mention(types, (s,), (o,), local in symmetric, local)
                for s, o in sorted(graph.subject_objects(iri))
            )
    return mentions


def score(dataset: Graph, records: list[Record]) -> PloverReport:
    """Score the event mentions of each record's document against its gold event (see the
    module docstring); a graph without event mentions is scored on its mapped facts."""
    names = NodeNames(dataset)
    demonyms = load_lexicon().demonyms
    symmetric = set(symmetric_properties())
    built = {g.identifier for g in dataset.graphs()} if hasattr(dataset, "graphs") else set()
    has_events = next(dataset.subjects(RDF.type, KG.EventMention), None) is not None
    mentions_of = _event_mentions if has_events else _mapped_facts
    report = PloverReport(len(records), unit="event mentions" if has_events else "mapped facts")
    base = data_base(dataset)
    report.not_built = sum(document_iri(r.id, base=base) not in built for r in records)
    if records and report.not_built == len(records):
        raise InputError(
            f"none of the {len(records)} gold records is a document of the graph, so nothing "
            "matched; build them first (python -m kg.evaluate.plover GOLD > records.jsonl; "
            "kg build records.jsonl) and score that graph"
        )

    def names_any(nodes: tuple[URIRef, ...], actors: tuple[str, ...]) -> bool:
        return any(names_actor(names[n], actor, demonyms) for n in nodes for actor in actors)

    def themes_name(themes: tuple[str, ...], actors: tuple[str, ...]) -> bool:
        """A PLOVER target need not be an actor ("villages", "the new law"): kg's theme."""
        return any(names_actor({normalise(t)}, actor, {}) for t in themes for actor in actors)

    for record in records:
        report.by_type[record.event]["records"] += 1
        name = document_iri(record.id, base=base)
        if name not in built:  # the document was not built (skipped input): nothing found
            continue
        sources = record.sources + record.either
        targets = record.targets + record.either
        for mention in mentions_of(dataset.get_graph(name), symmetric):
            s, o = mention.sources, mention.targets
            typed = record.event in mention.types
            aimed = names_any(o, targets) or themes_name(mention.themes, record.targets)
            forward = names_any(s, sources) and (not record.targets or aimed)
            backward = names_any(o, record.either) and names_any(s, targets)
            source = names_any(s, sources) or names_any(o, record.either)
            if mention.symmetric:  # its actors may stand in either role
                forward = forward or (names_any(o, sources) and names_any(s, targets))
                source = source or names_any(o, sources)
            if typed:
                report.type_found.add(record.id)
            if typed and source:
                report.source_found.add(record.id)
            if typed and (forward or backward):
                report.full_found.add(record.id)
            if mention.node is not None:
                report.verdicts[mention.node] = typed and (source or not s)
            if not s:  # no source claimed: nothing to be right or wrong about
                continue
            report.scored += 1
            if typed and source:
                report.correct += 1
            else:
                labels = ("|".join(names.label(n) for n in nodes) or "-" for nodes in (s, o))
                report.wrong.append((record.id, next(labels), mention.name, next(labels)))
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
    mapped = f"({report.correct}/{report.scored} {report.unit})"
    lines = [
        f"records          {report.records}",
        f"type recall      {report.rate(report.type_found):.3f}  ({len(report.type_found)})",
        f"source recall    {report.rate(report.source_found):.3f}  ({len(report.source_found)})",
        f"full recall      {report.rate(report.full_found):.3f}  ({len(report.full_found)})",
        f"precision        {report.precision:.3f}  {mapped}",
    ]
    if report.not_built:
        lines.append(f"not in graph     {report.not_built}  (records not built, scored as misses)")
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


def looks_like_records(path: str | Path) -> bool:
    """Whether a gold file holds PLOVER records (JSON) rather than fact rows (TSV), by its
    first character, whatever its name (the published records are a ``.txt`` file)."""
    try:
        with Path(path).open("rb") as handle:
            start = handle.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()
    except OSError:
        return Path(path).suffix.lower() == ".json"  # the reader then names the problem
    return start[:1] in (b"[", b"{")


def main(argv: list[str]) -> int:
    """``python -m kg.evaluate.plover RECORDS`` writes the records as JSONL documents for
    ``kg build``; notes on skipped records go to stderr, a file that cannot be read is one line."""
    import sys

    if len(argv) != 1:
        print("usage: python -m kg.evaluate.plover RECORDS.json > documents.jsonl", file=sys.stderr)
        return 2
    try:
        gold = read_records(argv[0])
    except InputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    for note in format_notes(gold.notes):
        print(note, file=sys.stderr)
    sys.stdout.write(jsonl_records(gold.records))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
