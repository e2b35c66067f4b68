"""Score a built graph against a gold set of facts (the TSV format of ``seed-gold.tsv``).

Gold rows name subjects and objects by surface labels and predicates by ontology local names; a
graph node matches a label when any of its rdfs:label / skos:prefLabel / skos:altLabel is equal
after normalisation (case, a leading "the", periods, a possessive "'s"). Rows sharing an id are
alternatives for one fact. Scores:

* recall: share of ``required`` ids matched by at least one asserted fact;
* precision: share of the graph's distinct asserted facts that match a required or stretch row
  (a fact matching a ``forbidden`` row, or nothing, counts against it);
* forbidden: the forbidden ids that some fact matches (should be none).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.errors import InputError
from kg.rdf.dataset import data_base, data_quads
from kg.rdf.mapping import document_iri
from kg.rdf.namespace import relation_properties, symmetric_properties

KINDS = ("required", "stretch", "forbidden")


def normalise(label: str) -> str:
    """Normalise a label for matching: "The U.S.'s" -> "us"."""
    text = label.casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"['\u2019]s$", "", text).replace(".", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class GoldRow:
    id: str
    kind: str
    subjects: frozenset[str]
    predicates: frozenset[str]
    objects: frozenset[str] | None  # None: any object ("*")
    line: int


@dataclass(frozen=True)
class GraphFact:
    subject: str
    predicate: str
    object: str


@dataclass
class Report:
    """The scores and the evidence for them (hits, misses, wrong facts)."""

    required: int
    required_found: set[str]
    stretch: int
    stretch_found: set[str]
    forbidden_found: set[str]
    facts: int
    correct: int
    hits: dict[str, list[GraphFact]] = field(default_factory=dict)
    misses: list[GoldRow] = field(default_factory=list)
    wrong: list[GraphFact] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.required_found) / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.facts if self.facts else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold_text(path: Path) -> str:
    """The text of a gold file; ``InputError`` naming the file (and the line, for bytes that
    are not UTF-8) when it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such gold file; check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}:{line}: not UTF-8; convert the gold file to UTF-8") from None


def format_notes(notes: list[str], *, limit: int = 5) -> list[str]:
    """The first ``limit`` notes, and a count of the others: a long file is not a long message."""
    shown = notes[:limit]
    if len(notes) > limit:
        shown.append(f"... and {len(notes) - limit} more like these ({len(notes)} in all)")
    return shown


@dataclass
class GoldRows:
    """The rows of a gold TSV, and a one-line note (``FILE:LINE: ...``) for each row that can
    never match (no property of the ontology among its predicates) or repeats an earlier one."""

    rows: list[GoldRow]
    notes: list[str]


def read_gold(path: str | Path) -> GoldRows:
    """Read a gold TSV (id, kind, subject, predicate, object; '#' comments).

    Rows sharing an id are alternatives of one fact, so they must share its kind; a file that is
    not UTF-8, a malformed row or such a conflict is an ``InputError`` naming the line."""
    path = Path(path)
    text = read_gold_text(path)
    known = relation_properties()
    gold = GoldRows([], [])
    first: dict[str, GoldRow] = {}
    seen: dict[tuple[str, ...], int] = {}
    for number, fields in enumerate(csv.reader(text.splitlines(), delimiter="\t"), 1):
        if not fields or fields[0].startswith("#") or not "".join(fields).strip():
            continue
        if len(fields) != 5 or fields[1] not in KINDS:
            raise InputError(
                f"{path}:{number}: expected 5 tab-separated columns "
                f"(id, kind in {'/'.join(KINDS)}, subject, predicate, object)"
            )
        gold_id, kind, subject, predicate, obj = fields
        row = GoldRow(
            gold_id,
            kind,
            frozenset(normalise(s) for s in subject.split("|")),
            frozenset(p.strip() for p in predicate.split("|")),
            None if obj.strip() == "*" else frozenset(normalise(o) for o in obj.split("|")),
            number,
        )
        earlier = first.setdefault(gold_id, row)
        if earlier.kind != kind:
            raise InputError(
                f"{path}:{number}: id {gold_id} is {earlier.kind!r} on line {earlier.line} and "
                f"{kind!r} here; rows sharing an id are alternatives of one fact: give them one "
                "kind, or this row another id"
            )
        if tuple(fields) in seen:
            gold.notes.append(f"{path}:{number}: repeats line {seen[tuple(fields)]}")
        seen.setdefault(tuple(fields), number)
        if not row.predicates & known.keys():
            hint = _closest(sorted(row.predicates)[0], known)
            gold.notes.append(
                f"{path}:{number}: no property of the ontology in {predicate!r}, so row "
                f"{gold_id} can never match{hint}"
            )
        gold.rows.append(row)
    if not gold.rows:
        raise InputError(f"{path}: no gold rows found")
    return gold


def _closest(name: str, known: dict[str, object]) -> str:
    """ "; did you mean 'x'" for the property names nearest to a misspelt one, or ""."""
    close = difflib.get_close_matches(name, list(known), n=2, cutoff=0.7)
    return f"; did you mean {' or '.join(repr(c) for c in close)}" if close else ""


def load_gold(path: str | Path) -> list[GoldRow]:
    """The rows of a gold TSV (``read_gold`` also tells which can never match)."""
    return read_gold(path).rows


class NodeNames:
    """The normalised names (label, prefLabel, altLabels) and the label of every node, read once."""

    def __init__(self, graph: Graph) -> None:
        self.names: dict[URIRef, set[str]] = defaultdict(set)
        for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
            for node, label in graph.subject_objects(predicate):
                self.names[node].add(normalise(str(label)))
        self.labels = {node: str(label) for node, label in graph.subject_objects(RDFS.label)}

    def __getitem__(self, node: URIRef) -> set[str]:
        return self.names.get(node, set())

    def label(self, node: URIRef) -> str:
        return self.labels.get(node, str(node))


def graph_facts(graph: Graph, *, document: str | None = None) -> set[tuple[URIRef, str, URIRef]]:
    """Distinct asserted relation triples, optionally of one document's named graph only."""
    if document is not None:
        iri = document_iri(document, base=data_base(graph))
        graphs = getattr(graph, "graphs", None) or getattr(graph, "contexts", None)
        graph = next((g for g in graphs() if g.identifier == iri), None) if graphs else None
        if graph is None or not len(graph):
            raise InputError(f"no document with identifier {document!r} in the graph")
    local_names = {iri: local for local, iri in relation_properties().items()}
    # extracted facts only: inferred inverse and symmetric edges are not claims of the text
    return {(s, local_names[p], o) for s, p, o, _ in data_quads(graph) if p in local_names}


def _matches(
    row: GoldRow, names: NodeNames, s: URIRef, p: str, o: URIRef, symmetric: set[str]
) -> bool:
    if p not in row.predicates:
        return False

    def fits(subject: URIRef, obj: URIRef) -> bool:
        return bool(names[subject] & row.subjects) and (
            row.objects is None or bool(names[obj] & row.objects)
        )

    return fits(s, o) or (p in symmetric and fits(o, s))


def score(graph: Graph, gold: list[GoldRow], *, document: str | None = None) -> Report:
    """Score the asserted facts of ``graph`` (or of one document in it) against ``gold``."""
    names = NodeNames(graph)
    symmetric = set(symmetric_properties())
    facts = graph_facts(graph, document=document)
    named = {name for node_names in names.names.values() for name in node_names}
    if not any(row.subjects & named for row in gold):
        raise InputError(
            f"no subject of the {len(gold)} gold rows names a node of the graph, so nothing "
            "matched; score the graph built from the gold set's documents (--in)"
        )
    ids = {kind: {row.id for row in gold if row.kind == kind} for kind in KINDS}
    report = Report(len(ids["required"]), set(), len(ids["stretch"]), set(), set(), len(facts), 0)
    for s, p, o in sorted(facts):
        fact = GraphFact(names.label(s), p, names.label(o))
        matched = [row for row in gold if _matches(row, names, s, p, o, symmetric)]
        good = [row for row in matched if row.kind != "forbidden"]
        for row in matched:
            {"required": report.required_found, "stretch": report.stretch_found}.get(
                row.kind, report.forbidden_found
            ).add(row.id)
            report.hits.setdefault(row.id, []).append(fact)
        if good and len(good) == len(matched):
            report.correct += 1
        else:
            report.wrong.append(fact)
    missed = ids["required"] - report.required_found
    report.misses = [row for row in gold if row.id in missed]
    return report


def format_report(report: Report, *, show: bool = False) -> str:
    """A short plain-text report; with ``show``, every hit, miss and wrong fact."""
    lines = [
        f"precision  {report.precision:.3f}  ({report.correct}/{report.facts} facts match gold)",
        f"recall     {report.recall:.3f}  ({len(report.required_found)}/{report.required} "
        "required facts found)",
        f"f1         {report.f1:.3f}",
        f"stretch    {len(report.stretch_found)}/{report.stretch} found",
        f"forbidden  {len(report.forbidden_found)} asserted"
        + (f" ({', '.join(sorted(report.forbidden_found))})" if report.forbidden_found else ""),
    ]
    if show:
        lines.append("")
        for gold_id, facts in sorted(report.hits.items()):
            for fact in facts:
                lines.append(f"hit   {gold_id}  {fact.subject} {fact.predicate} {fact.object}")
        for row in report.misses:
            obj = "*" if row.objects is None else "|".join(sorted(row.objects))
            subject, predicate = "|".join(sorted(row.subjects)), "|".join(sorted(row.predicates))
            lines.append(f"miss  {row.id}  {subject} {predicate} {obj}")
        lines.extend(f"wrong      {f.subject} {f.predicate} {f.object}" for f in report.wrong)
    return "\n".join(lines) + "\n"
