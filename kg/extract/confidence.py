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


def corroborate(extractions: Iterable[Extraction]) -> list[Extraction]:
    """The same extractions with each fact's confidence raised by the other mentions of it."""
    extractions = list(extractions)
    mentions: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for extraction in extractions:
        for fact in extraction.facts:
            if fact.modality != "negated":
                mentions[fact.subject, fact.property, fact.object].append(fact)

    def lifted(fact: Fact) -> Fact:
        doubt = 1 - fact.confidence
        for other in mentions.get((fact.subject, fact.property, fact.object), ()):
            if other is not fact:
                doubt *= 1 - CORROBORATION * other.confidence
        return replace(fact, confidence=round(1 - doubt, 3))

    return [
        replace(e, facts=tuple(lifted(f) if f.modality != "negated" else f for f in e.facts))
        for e in extractions
    ]
