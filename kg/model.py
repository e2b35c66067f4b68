"""Plain frozen dataclasses that cross stage boundaries.

No spaCy object and no rdflib term ever appears here: ``extract`` produces these, ``graph``
turns them into RDF. Entities are referred to by ``key`` so that facts stay small and hashable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The modalities of a fact, from the most to the least certain: a fact mentioned several times
#: is shown and counted under the first of its mentions' modalities in this order.
MODALITIES = ("asserted", "reported", "future", "hypothetical", "negated")


@dataclass(frozen=True)
class Document:
    """One article. ``id`` is the input's identifier (file name or JSONL ``id``)."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date as given by the input
    url: str | None = None
    source: str | None = None  # where it was read from (path, "path:line", "<stdin>")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with character offsets into ``Document.text``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A node of the graph: one real-world thing, with its canonical name and other names seen.

    ``key`` identifies it: named things share a key across documents ("United States"); unnamed
    collectives ("hostages") are scoped to one document so two articles' hostages never merge.
    ``cls`` is the local name of an ontology class (``Person``, ``Country`` ...).
    """

    key: str
    label: str
    cls: str
    aliases: frozenset[str] = field(default_factory=frozenset)
    scope: str | None = None  # document id for document-local entities


@dataclass(frozen=True, kw_only=True)
class Mention:
    """Where a fact or an event was read, and how sure kg is of it.

    ``start``/``end`` are character offsets of the evidence span in the document text;
    ``qualifiers`` holds (name, value) pairs: ("date", "2023-10-07"), ("place", entity key),
    ("count", "40"). The fields are keyword-only, so a mention's own fields come first.
    """

    sentence: int  # Sentence.index
    start: int
    end: int
    evidence: str
    rule: str
    confidence: float
    modality: str = "asserted"
    qualifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Fact(Mention):
    """One mention of a relation between two entities, with its evidence."""

    subject: str  # Entity.key
    property: str  # ontology property local name, e.g. "envoyFor"
    object: str  # Entity.key


@dataclass(frozen=True)
class EventMention(Mention):
    """One event the text states, n-ary: its PLOVER type and whoever takes part on each side.

    Most news events name one side only ("dozens died in a drone strike on a market", "unions
    threatened a nationwide stoppage"): ``sources`` or ``targets`` may be empty. ``theme`` is the
    action's own object when it is not an actor ("medicine", "a nationwide stoppage").
    ``property`` is the ontology property the event maps to, where one applies; the binary
    ``Fact`` (source -property-> target) exists only when both sides are actors that fit it.
    """

    type: str  # PLOVER event type, e.g. "AGREE"
    trigger: str  # the trigger words as they stand in the text
    property: str | None = None  # ontology property local name, e.g. "agreesWith"
    sources: tuple[str, ...] = ()  # Entity.key of each source actor
    targets: tuple[str, ...] = ()  # Entity.key of each target actor
    theme: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    events: tuple[EventMention, ...] = ()


def check_min_confidence(value: object, option: str = "min_confidence") -> float:
    """``value`` as a confidence threshold in [0, 1], else ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{option} must be a number, not {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{option} must be between 0 and 1, not {value!r}")
    return float(value)


def is_asserted(mention: Mention, min_confidence: float) -> bool:
    """Whether a mention is asserted (a fact, an event counted as extracted) under a build's
    threshold; below it the mention is kept as a candidate only. Negation is apart from this:
    a negated mention is never a fact, whatever its confidence."""
    return mention.confidence >= min_confidence


@dataclass(frozen=True)
class BuildInfo:
    """What built a graph, recorded in it as a ``prov:Activity``: kg's version, the lexicon's
    content hash, the spaCy model (name and version) and the confidence threshold below which
    mentions are candidates, not asserted (``kg build --min-confidence``)."""

    kg_version: str
    lexicon_hash: str
    model: str
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        check_min_confidence(self.min_confidence)


@dataclass(frozen=True)
class Problem:
    """A document that could not be used, and why (reported, never fatal to a batch); with
    ``skipped=False``, a warning about a document that was used (it may not be in English)."""

    source: str
    message: str
    skipped: bool = True
