"""Confidence: calibrated on what each event mention looks like; facts raised by other mentions.

An event mention's confidence should be the chance that it is right: of the mentions given
0.8, about eight in ten should be. ``ontology/calibration.json`` holds that chance, measured on
the PLOVER dev records by ``bench/calibrate.py``, for each cell of a few features the extractor
knows (:func:`features`): the rule kind, whether its sentence states other events too (where the
extractor most often takes a part of the story for the event, or reads it wrongly), whether the
actor is named or an unnamed group or nobody, the modality, whether the event has a second side,
and how long its evidence is. Each cell's figure
is shrunk towards its parent's (kind, then kind and actor ...), so that a cell seen twice says
little; a mention takes the figure of the longest run of its features the table has, and a rule
kind the dev records cannot measure keeps its prior from ``confidence`` in
``ontology/lexicon.json`` (per kind, weighed by modality). Facts keep that prior (see
:func:`calibrate` for why).

Other mentions of the same fact corroborate it: each one lifts the assertion's confidence part
of the way towards 1, as an independent but weaker witness (half its own confidence), so
``c' = 1 - (1 - c) * prod(1 - c_j / 2)``.

What is asserted is decided from the confidence by the build (``kg build --min-confidence``,
``kg.model.is_asserted``): below the threshold a mention is only a candidate.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.errors import OntologyError
from kg.lexicon import NEIGHBOUR_WEIGHT, WORDNET_MARK, read_vocabulary
from kg.model import EventMention, Extraction, Fact

CORROBORATION = 0.5
#: The order in which the features refine a cell: each cell's parent drops the last one.
FEATURES = ("kind", "crowding", "actor", "modality", "sides", "span")


@dataclass(frozen=True)
class Calibration:
    """The measured chance of being right per cell of features (``ontology/calibration.json``),
    the evidence length that splits short from long, and the default threshold of a build."""

    cells: Mapping[str, float]
    span_split: int
    min_confidence: float

    def confidence(
        self, mention: Fact | EventMention, named: frozenset[str], crowded: frozenset[int]
    ) -> float | None:
        """The calibrated confidence of the mention's longest known run of features, or None
        when the table does not know its rule kind."""
        values = features(mention, named, crowded, self.span_split)
        for length in range(len(values), 0, -1):
            found = self.cells.get("|".join(values[:length]))
            if found is not None:
                return found
        return None


def features(
    mention: Fact | EventMention, named: frozenset[str], crowded: frozenset[int], span_split: int
) -> tuple[str, ...]:
    """What the extractor knows of a mention, in the order of ``FEATURES``, each but the rule
    kind as ``name=value`` (``actor=named``, ``sides=2`` ...); ``named`` holds the
    keys of named entities (not an unnamed group scoped to its document, such as "protesters"
    or an unresolved "they"), ``crowded`` the sentences stating more than one event
    (:func:`crowded_sentences`)."""
    kind = mention.rule.split(".", 1)[0] + ("+commit" if mention.rule.endswith("+commit") else "")
    if isinstance(mention, Fact):
        actors, sides = (mention.subject,), 2
    else:
        actors = mention.sources
        sides = 2 if mention.targets or mention.theme else 1
    if not actors:
        actor = "actor=none"
    else:
        actor = "actor=named" if any(a in named for a in actors) else "actor=unnamed"
    span = "span=short" if mention.end - mention.start <= span_split else "span=long"
    sentence = "crowding=shared" if mention.sentence in crowded else "crowding=alone"
    return (kind, sentence, actor, f"modality={mention.modality}", f"sides={sides}", span)


def crowded_sentences(extraction: Extraction) -> frozenset[int]:
    """The sentences of an extraction with more than one event mention that is not negated."""
    counts = Counter(e.sentence for e in extraction.events if e.modality != "negated")
    return frozenset(sentence for sentence, n in counts.items() if n > 1)


def named_entities(extraction: Extraction) -> frozenset[str]:
    """The keys of the extraction's named entities (unnamed ones are scoped to a document)."""
    return frozenset(e.key for e in extraction.entities if e.scope is None)


@lru_cache(maxsize=4)
def load_calibration(folder: str | None = None) -> Calibration:
    """Read ``calibration.json`` from ``folder``, by default the installed ontology."""
    try:
        data = json.loads(read_vocabulary("calibration.json", folder))
        cells = {str(k): float(v) for k, v in data["cells"].items()}
        calibration = Calibration(cells, int(data["span_split"]), float(data["min_confidence"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise OntologyError(
            f"calibration.json is malformed ({exc!r}); write it again with bench/calibrate.py"
        ) from exc
    for name, value in (*cells.items(), ("min_confidence", calibration.min_confidence)):
        if not 0.0 <= value <= 1.0:
            raise OntologyError(f"calibration.json: {name} = {value} is not in [0, 1]")
    return calibration


def calibrate(extraction: Extraction, calibration: Calibration) -> Extraction:
    """The extraction with each event mention's confidence taken from the calibration table
    where it knows the rule kind (the prior stays where it does not).

    Facts keep their prior: the dev records, one gold event per sentence, cannot judge a fact
    in a sentence that states several (the other events count as wrong there), while on the
    seed article, where every fact is annotated, such facts are right (precision 1.000)."""
    named, crowded = named_entities(extraction), crowded_sentences(extraction)

    def settled(event: EventMention) -> EventMention:
        found = calibration.confidence(event, named, crowded)
        if found is None:
            return event
        if WORDNET_MARK in event.rule:  # too few on dev to measure: the listed entry's, discounted
            found *= NEIGHBOUR_WEIGHT
        return replace(event, confidence=round(found, 3))

    return replace(extraction, events=tuple(map(settled, extraction.events)))


Key = tuple[str, str, str]


class Corroboration:
    """The mentions of each fact across a corpus, taken in one pass (``add``), and the facts'
    lifted confidences given in a second pass over the same extractions in the same order
    (``lift``). Only the confidences are kept, so a streaming build holds a float per mention,
    not the extractions."""

    def __init__(self) -> None:
        self._mentions: dict[Key, list[float]] = defaultdict(list)
        self._seen: dict[Key, int] = defaultdict(int)  # mentions lifted so far, per fact

    def add(self, extraction: Extraction) -> None:
        """Count the extraction's facts as mentions (negated ones corroborate nothing)."""
        for fact in extraction.facts:
            if fact.modality != "negated":
                self._mentions[fact.subject, fact.property, fact.object].append(fact.confidence)

    def lift(self, extraction: Extraction) -> Extraction:
        """The extraction with each fact's confidence raised by the other mentions of it; call
        it once per added extraction, in the order they were added."""
        return replace(extraction, facts=tuple(self._lifted(fact) for fact in extraction.facts))

    def _lifted(self, fact: Fact) -> Fact:
        if fact.modality == "negated":
            return fact
        key = fact.subject, fact.property, fact.object
        own = self._seen[key]
        self._seen[key] += 1
        doubt = 1 - fact.confidence
        for position, other in enumerate(self._mentions.get(key, ())):
            if position != own:
                doubt *= 1 - CORROBORATION * other
        return replace(fact, confidence=round(1 - doubt, 3))


def corroborate(extractions: Iterable[Extraction]) -> list[Extraction]:
    """The same extractions with each fact's confidence raised by the other mentions of it."""
    extractions = list(extractions)
    mentions = Corroboration()
    for extraction in extractions:
        mentions.add(extraction)
    return [mentions.lift(extraction) for extraction in extractions]
