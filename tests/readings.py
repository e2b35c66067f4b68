"""What the extractor reads in a sentence, as plain tuples the lexicon and construction tests
compare: one home for the helpers those tests share."""

from __future__ import annotations

from kg.extract import extract
from kg.model import Document


def events(nlp, text: str) -> set[tuple]:
    """(type, sources, targets) of every event mention of ``text``."""
    result = extract(nlp(text), Document("t", text))
    labels = {e.key: e.label for e in result.entities}
    return {
        (e.type, tuple(labels[k] for k in e.sources), tuple(labels[k] for k in e.targets))
        for e in result.events
    }


def types(nlp, text: str) -> set[str]:
    """The event types read in ``text``."""
    return {e[0] for e in events(nlp, text)}
