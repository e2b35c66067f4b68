"""Confidence across mentions: a fact stated in several sentences or documents is surer.

Each assertion starts from its rule's confidence (calibrated per rule kind, see
``bench/calibrate.py``) weighed by its modality. Other mentions of the same fact corroborate it:
each one lifts the assertion's confidence part of the way towards 1, as an independent but weaker
witness (half its own confidence), so ``c' = 1 - (1 - c) * prod(1 - c_j / 2)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from kg.model import Extraction, Fact

CORROBORATION = 0.5

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
