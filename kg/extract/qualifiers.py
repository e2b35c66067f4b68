"""Qualifiers of a fact: when, where and how many, from the clause that states it.

* **date** — a date phrase on the trigger's clause ("on Wednesday", "in late 2023", "on October 7,
  2023"), normalised against the document date to ISO form: ``2023-10-07`` (a day), ``2024-01``
  (a month) or ``2023`` (a year). Weekdays and "yesterday" need the document date; without it
  they are left out rather than guessed.
* **place** — a named place the clause happens in ("talks in Qatar") that is not an argument; a
  capital there is the city ("talks in Doha"), not the country it stands for as an actor.
* **count** — the number of people in an argument ("approximately 24 individuals").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from kg.extract.entities import Ref
from kg.extract.rules import Context, prep_objects
from kg.lexicon import Lexicon, load_lexicon


def normalise_date(
    text: str, document_date: str | None, *, lexicon: Lexicon | None = None
) -> str | None:
    """ISO form of a date phrase, or None when it cannot be placed in time (the month, weekday
    and day words are ``dates`` in the lexicon)."""
    lexicon = lexicon or load_lexicon()
    words = re.findall(r"[a-z]+|\d+", text.lower())
    reference = (
        date.fromisoformat(document_date[:10])
        if document_date and len(document_date) >= 10
        else None
    )
    weekdays = lexicon.weekdays
    for word in words:
        if word in weekdays and reference:  # news speaks of the past week
            back = (reference.weekday() - weekdays.index(word)) % 7
            return (reference - timedelta(days=back)).isoformat()
        if word in lexicon.days_back and reference:  # "today", "yesterday"
            return (reference - timedelta(days=lexicon.days_back[word])).isoformat()
    years = [int(w) for w in words if w.isdigit() and len(w) == 4 and 1800 < int(w) < 2200]
    months = [lexicon.months[w] for w in words if w in lexicon.months]
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31]
    year = years[0] if years else (reference.year if reference and months else None)
    if year is None:
        return None
    if months and days:
        return f"{year:04d}-{months[0]:02d}-{days[0]:02d}"
    if months:
        return f"{year:04d}-{months[0]:02d}"
    return f"{year:04d}"


def number(token: Token, lexicon: Lexicon) -> int | None:
    """The value of a number token: digits ("24", "1,500") or a number word ("two")."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return lexicon.number_words.get(text)


def _anchors(trigger: Token) -> list[Token]:
    return [trigger] if trigger.pos_ in {"VERB", "AUX"} else [trigger, trigger.head]


def _dates(anchors: list[Token], ctx: Context) -> list[str]:
    phrases = []
    for anchor in anchors:
        tokens = [
            t for p in ctx.lexicon.function_words.date_preps for t in prep_objects(anchor, p, ctx)
        ]
        tokens += [c for c in anchor.children if c.dep_ in {"npadvmod", "tmod"}]
        for token in tokens:
            span = ctx.resolver.entity_at(token) if token.ent_type_ == "DATE" else None
            if span is not None:
                phrases.append(span.text)
    return phrases


def qualifiers(trigger: Token, arguments: list[Ref], ctx: Context) -> tuple[tuple[str, str], ...]:
    """(name, value) pairs for a fact or event: place (an entity key), count, and each date
    phrase as written ("on Tuesday"): dates are placed in time by ``dated``, which knows the
    document's date."""
    found: list[tuple[str, str]] = []
    anchors = _anchors(trigger)
    found += [("date", phrase) for phrase in _dates(anchors, ctx)]
    keys = {ref.key for ref in arguments}
    places = ctx.lexicon.function_words.place_preps
    for anchor in anchors:
        for token in (t for p in places for t in prep_objects(anchor, p, ctx)):
            for ref in ctx.resolver.places(token):
                if ref.key not in keys and ("place", ref.key) not in found:
                    found.append(("place", ref.key))
    for ref in arguments:
        head = trigger.doc[ref.end - 1]
        counts = [number(c, ctx.lexicon) for c in head.children if c.dep_ == "nummod"]
        counts = [c for c in counts if c]
        if counts and ctx.resolver.table.cls(ref.key) == "PersonGroup":
            found.append(("count", str(counts[0])))
            break
    return tuple(found)


def dated(
    found: tuple[tuple[str, str], ...], document_date: str | None, lexicon: Lexicon
) -> tuple[tuple[str, str], ...]:
    """The qualifiers with the first date phrase that can be placed in time as an ISO date
    (first, as the only date) and the other date phrases left out."""
    for name, phrase in found:
        value = normalise_date(phrase, document_date, lexicon=lexicon) if name == "date" else None
        if value:
            return (("date", value), *((n, v) for n, v in found if n != "date"))
    return tuple((n, v) for n, v in found if n != "date")
