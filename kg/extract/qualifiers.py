"""Qualifiers of a fact: when, where and how many, from the clause that states it.

* **date** — a date phrase on the trigger's clause ("on Wednesday", "in late 2023", "on October 7,
  2023"), normalised against the document date to ISO form: ``2023-10-07`` (a day), ``2024-01``
  (a month) or ``2023`` (a year). Weekdays and "yesterday" need the document date; without it
  they are left out rather than guessed.
* **place** — a named place the clause happens in ("talks in Qatar") that is not an argument.
* **count** — the number of people in an argument ("approximately 24 individuals").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from kg.extract.entities import Ref
from kg.extract.rules import Candidate, Context, prep_objects

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12, "fifty": 50,
    "hundred": 100, "thousand": 1000,
}  # fmt: skip
PLACE_PREPS = ("in", "at", "near")
DATE_PREPS = ("on", "in", "since", "during", "by", "until", "from")


def normalise_date(text: str, document_date: str | None) -> str | None:
    """ISO form of a date phrase, or None when it cannot be placed in time."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    reference = (
        date.fromisoformat(document_date[:10])
        if document_date and len(document_date) >= 10
        else None
    )
    for word in words:
        if word in WEEKDAYS and reference:  # news speaks of the past week
            back = (reference.weekday() - WEEKDAYS.index(word)) % 7
            return (reference - timedelta(days=back)).isoformat()
    if "today" in words and reference:
        return reference.isoformat()
    if "yesterday" in words and reference:
        return (reference - timedelta(days=1)).isoformat()
    years = [int(w) for w in words if w.isdigit() and len(w) == 4 and 1800 < int(w) < 2200]
    months = [MONTHS[w] for w in words if w in MONTHS]
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31]
    year = years[0] if years else (reference.year if reference and months else None)
    if year is None:
        return None
    if months and days:
        return f"{year:04d}-{months[0]:02d}-{days[0]:02d}"
    if months:
        return f"{year:04d}-{months[0]:02d}"
    return f"{year:04d}"


def number(token: Token) -> int | None:
    """The value of a number token: digits ("24", "1,500") or a number word ("two")."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _anchors(candidate: Candidate) -> list[Token]:
    trigger = candidate.trigger
    return [trigger] if trigger.pos_ in {"VERB", "AUX"} else [trigger, trigger.head]


def _dates(anchors: list[Token], ctx: Context) -> list[str]:
    phrases = []
    for anchor in anchors:
        tokens = [t for p in DATE_PREPS for t in prep_objects(anchor, p)]
        tokens += [c for c in anchor.children if c.dep_ in {"npadvmod", "tmod"}]
        for token in tokens:
            span = ctx.resolver.entity_at(token) if token.ent_type_ == "DATE" else None
            if span is not None:
                phrases.append(span.text)
    return phrases


def qualifiers(
    candidate: Candidate, ctx: Context, document_date: str | None
) -> tuple[tuple[str, str], ...]:
    """(name, value) pairs for a fact: date, place (an entity key) and count."""
    found: list[tuple[str, str]] = []
    anchors = _anchors(candidate)
    for phrase in _dates(anchors, ctx):
        value = normalise_date(phrase, document_date)
        if value:
            found.append(("date", value))
            break
    arguments = {candidate.subject.key, candidate.object.key}
    for anchor in anchors:
        for token in (t for p in PLACE_PREPS for t in prep_objects(anchor, p)):
            for ref in ctx.resolver.resolve(token, ("Place",)):
                if ref.key not in arguments and ("place", ref.key) not in found:
                    found.append(("place", ref.key))
    for ref in (candidate.subject, candidate.object):
        head = _head(ref, candidate)
        counts = [number(c) for c in head.children if c.dep_ == "nummod"]
        counts = [c for c in counts if c]
        if counts and ctx.resolver.table.cls(ref.key) == "PersonGroup":
            found.append(("count", str(counts[0])))
            break
    return tuple(found)


def _head(ref: Ref, candidate: Candidate) -> Token:
    return candidate.trigger.doc[ref.end - 1]
