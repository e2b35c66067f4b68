"""Reader of CAMEO verb-pattern dictionaries in the PETRARCH format (``kg build --dictionary``).

Analysts of the field keep their event vocabulary in such files: synonym sets (``&NAME`` followed
by ``+WORD`` lines), then verb blocks opened by ``--- NAME [CODE] ---``, each listing verbs
(``WORD {IRREGULAR FORMS} [CODE]``, ``+WORD_PARTICLE`` for a phrasal verb) and patterns
(``- [words] * [object] (PREP noun) [CODE] # note``) that every verb of the block shares. This
module reads such a file into plain :class:`DictionaryPattern` records and maps their CAMEO codes
to kg's event types through kg's own table (``ontology/cameo-types.tsv``); how the patterns join
the built-in lexicon is the lexicon's business.

Only what kg's extractor can use is kept: a verb alone, a verb with a particle, a verb with the
head word of its object, a verb with a preposition and the head of its object. Patterns that
constrain the subject, the null code ``[---]`` and codes the table does not map are counted as
skipped, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from kg.errors import InputError

_HEADER = re.compile(r"^---\s+(?P<name>\S.*?)\s*\[(?P<code>[^\]]*)\][\s-]*$")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
_IRREGULAR = re.compile(r"\{[^}]*\}")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
_MARKERS = frozenset("$+%^")


@dataclass(frozen=True)
class DictionaryPattern:
    """One usable pattern: a verb (lemma, lower case) and what must follow it, with its code."""

    verb: str  # "attack", "round up" (a phrasal verb's particle is part of its lemma here)
    code: str  # the CAMEO code, e.g. "0874"
    type: str  # kg's event type for that code, e.g. "RETREAT"
    objects: tuple[str, ...] = ()  # head words of the direct object (one, or a synonym set)
    preposition: str | None = None
    prep_objects: tuple[str, ...] = ()  # head words after the preposition; () = an actor
    line: int = 0


@dataclass
class Dictionary:
    """What a dictionary file gave: its patterns, and what was skipped and why (by reason)."""

    path: str
    patterns: list[DictionaryPattern] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """One line for the user: how many patterns were read, how many skipped and why."""
        verbs = len({p.verb for p in self.patterns})
        why = ", ".join(f"{n} {reason}" for reason, n in self.skipped.most_common())
        return f"{self.path}: {len(self.patterns)} patterns of {verbs} verbs" + (
            f"; skipped {why}" if why else ""
        )


@lru_cache(maxsize=1)
def cameo_type_table() -> tuple[tuple[str, str], ...]:
    """kg's CAMEO code prefixes and the event type of each, longest prefix first."""
    rows = []
    table = files("kg.ontology").joinpath("cameo-types.tsv").read_text(encoding="utf-8")
    for raw in table.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            prefix, event_type = line.split("\t")[:2]
            rows.append((prefix.strip(), event_type.strip()))
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def cameo_type(code: str) -> str | None:
    """kg's event type for a CAMEO code (``"0874"`` -> ``"RETREAT"``), or None if it has none."""
    for prefix, event_type in cameo_type_table():
        if code.startswith(prefix):
            return event_type or None
    return None


def read_dictionary(path: str | Path) -> Dictionary:
    """Read a PETRARCH/CAMEO verb dictionary; a file that cannot be read raises ``InputError``."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{source}: no such dictionary file; check the path") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text; save the dictionary as UTF-8") from exc
    except OSError as exc:
        raise InputError(f"{source}: cannot read the dictionary: {exc.strerror or exc}") from exc
    result = Dictionary(str(source))
    _Reader(result).read(text.splitlines())
    if not result.patterns:
        raise InputError(
            f"{source}: no verb pattern found; is it a CAMEO verb dictionary in PETRARCH format "
            "('--- NAME [CODE] ---' blocks of verbs and '- * OBJECT [CODE]' patterns)?"
        )
    return result


class _Reader:
    """The line-by-line state of reading one file: the open synonym set or verb block."""

    def __init__(self, result: Dictionary) -> None:
        self.result = result
        self.synsets: dict[str, tuple[str, ...]] = {}
        self.open_synset: str | None = None
        self.block_code: str | None = None
        self.verbs: list[tuple[str, str | None]] = []  # (lemma, own code) of the open block

    def read(self, lines: list[str]) -> None:
        for number, raw in enumerate(lines, 1):
            line = _strip_comment(raw)
            if not line:
                continue
            if line.startswith("&"):
                self.open_synset = line.split()[0].rstrip("_")
                self.synsets[self.open_synset] = ()
            elif line.startswith("+") and self.open_synset:
                member = _words(line[1:])
                self.synsets[self.open_synset] += (member,)
            elif match := _HEADER.match(line):
                self.open_synset = None
                self.block_code = _code(match["code"])
                self.verbs = []
            elif line.startswith("-"):
                self.open_synset = None
                self._pattern(line[1:], number)
            else:
                self.open_synset = None
                self._verb(line, number)

    def _verb(self, line: str, number: int) -> None:
        """A verb of the open block; with a code of its own (or the block's) it is an event."""
        found = _CODE.search(line)
        code = _code(found["code"]) if found else None
        lemma = _words(_IRREGULAR.sub(" ", _CODE.sub(" ", line)).lstrip("+"))
        if not lemma:
            self.result.skipped["unreadable lines"] += 1
            return
        self.verbs.append((lemma, code))
        self._add(DictionaryPattern(lemma, "", ""), code or self.block_code, number)

    def _pattern(self, body: str, number: int) -> None:
        found = _CODE.search(body)
        if not found or "*" not in body:
            self.result.skipped["unreadable lines"] += 1
            return
        code = _code(found["code"])
        before, _, after = body[: found.start()].partition("*")
        if any(token not in _MARKERS for token in before.split()):
            self.result.skipped["patterns that constrain the subject"] += 1
            return
        objects: tuple[str, ...] = ()
        preposition, prep_objects = None, ()
        for token in _TOKEN.findall(after):
            if token in _MARKERS or token == "*":
                continue
            if token.startswith("("):
                words = token.strip("()").split()
                if not words or preposition is not None:
                    continue
                preposition = words[0].lower()
                prep_objects = self._heads(" ".join(w for w in words[1:] if w not in _MARKERS))
            elif not objects and preposition is None:
                objects = self._heads(token)
        for verb, _ in self.verbs:
            self._add(
                DictionaryPattern(verb, "", "", objects, preposition, prep_objects), code, number
            )

    def _heads(self, phrase: str) -> tuple[str, ...]:
        """The head word(s) of a noun phrase: its last word, or every member of a synonym set."""
        phrase = phrase.strip().strip("{}").strip()
        if not phrase:
            return ()
        last = phrase.split()[-1]
        if last.startswith("&"):
            return tuple(member.split()[-1] for member in self.synsets.get(last.rstrip("_"), ()))
        return (_words(last),)

    def _add(self, pattern: DictionaryPattern, code: str | None, number: int) -> None:
        if code is None:
            self.result.skipped["patterns without an event code"] += 1
            return
        event_type = cameo_type(code)
        if event_type is None:
            self.result.skipped["codes without a kg event type"] += 1
            return
        self.result.patterns.append(
            DictionaryPattern(
                pattern.verb,
                code,
                event_type,
                pattern.objects,
                pattern.preposition,
                pattern.prep_objects,
                number,
            )
        )


def _strip_comment(line: str) -> str:
    """The line without its ``#``, ``;`` or ``<!-- -->`` comment and outer white space."""
    line = re.sub(r"<!--.*?-->", " ", line)
    return re.split(r"[#;]", line, maxsplit=1)[0].strip()


def _words(text: str) -> str:
    """Dictionary words as kg matches them: lower case, underscores as spaces."""
    return " ".join(text.replace("_", " ").lower().split())


def _code(text: str) -> str | None:
    """The CAMEO code of ``[code]`` or ``[code:code]``; None for the null code ``---``."""
    code = text.split(":", 1)[0].strip()
    return None if not code or code.startswith("-") else code
