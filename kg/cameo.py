"""Reader of CAMEO verb-pattern dictionaries in the PETRARCH format (``kg build --dictionary``).

Analysts of the field keep their event vocabulary in such files: synonym sets (``&NAME`` followed
by ``+WORD`` lines), then verb blocks opened by ``--- NAME [CODE] ---``, each listing verbs
(``WORD {IRREGULAR FORMS} [CODE]``, ``+WORD_PARTICLE`` for a phrasal verb) and patterns
(``- [words] * [object] (PREP noun) [CODE] # note``) that every verb of the block shares. This
module reads such a file into plain :class:`DictionaryPattern` records and maps their CAMEO codes
to kg's event types and properties through kg's own table (``ontology/cameo-types.tsv``); how the
patterns join the built-in lexicon is the lexicon's business (``kg.lexicon``).

Only what kg's extractor can use is kept: a verb alone, a verb with a particle, a verb with the
head word of its object, a verb with a preposition and the head of its object. Patterns that
constrain the subject, the null code ``[---]``, codes the table does not map and transformations
(``~`` lines) are counted as skipped, never guessed. A malformed line is skipped too and named in
``Dictionary.problems`` (its file, line, what is wrong and how to write it); the good lines of the
file are still read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError
from kg.lexicon import read_vocabulary

_HEADER = re.compile(r"^---\s+(?P<name>\S.*?)\s*\[(?P<code>[^\]]*)\][\s-]*$")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
_CODE_TEXT = re.compile(r"^(?:\d{2,4}|-+)?(?::(?:\d{2,4}|-+)?)?$")  # 190, ---, 042:043, :173
_IRREGULAR = re.compile(r"\{[^}]*\}")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
_MARKERS = frozenset("$+%^")
PATTERN_FORM = "'- * OBJECT (PREP NOUN) [CODE]'"


@dataclass(frozen=True)
class CameoRow:
    """One row of kg's CAMEO table: a code prefix, kg's event type and property (None: none)."""

    prefix: str
    type: str | None
    property: str | None


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
    property: str = ""  # kg's property for the code, e.g. "withdrawsFrom"


@dataclass
class Dictionary:
    """What a dictionary file gave: its patterns, what was skipped and why (by reason), and one
    message per malformed line ("FILE:LINE: what is wrong; how to write it")."""

    path: str
    patterns: list[DictionaryPattern] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the user: how many patterns were read, how many skipped and why."""
        verbs = len({p.verb for p in self.patterns})
        why = ", ".join(f"{n} {reason}" for reason, n in self.skipped.most_common())
        return f"{self.path}: {len(self.patterns)} patterns of {verbs} verbs" + (
            f"; skipped {why}" if why else ""
        )


@lru_cache(maxsize=4)
def cameo_table(folder: str | None = None) -> tuple[CameoRow, ...]:
    """The rows of kg's CAMEO table (``cameo-types.tsv`` of the vocabulary folder, by default the
    installed ``ontology/``), longest prefix first."""
    rows = []
    for raw in read_vocabulary("cameo-types.tsv", folder).splitlines():
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        prefix, event_type, prop = [*line.split("\t"), "", ""][:3]
        rows.append(CameoRow(prefix.strip(), event_type.strip() or None, prop.strip() or None))
    return tuple(sorted(rows, key=lambda row: -len(row.prefix)))


def cameo_row(code: str, table: tuple[CameoRow, ...]) -> CameoRow | None:
    """The row of the longest prefix of ``code``, if it maps to an event type."""
    for row in table:
        if code.startswith(row.prefix):
            return row if row.type and row.property else None
    return None


def cameo_type(code: str) -> str | None:
    """kg's event type for a CAMEO code (``"0874"`` -> ``"RETREAT"``), or None if it has none."""
    row = cameo_row(code, cameo_table())
    return row.type if row else None


def read_dictionary(path: str | Path, table: tuple[CameoRow, ...] | None = None) -> Dictionary:
    """Read a PETRARCH/CAMEO verb dictionary with kg's CAMEO table (by default the installed
    one). A file that cannot be read, or with no usable pattern, raises ``InputError``."""
    table = cameo_table() if table is None else table
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
    _Reader(result, table).read(text.splitlines())
    if not result.patterns:
        first = f" ({result.problems[0]})" if result.problems else ""
        raise InputError(
            f"{source}: no verb pattern found; is it a CAMEO verb dictionary in PETRARCH format "
            f"('--- NAME [CODE] ---' blocks of verbs and {PATTERN_FORM} patterns)?{first}"
        )
    return result


class _Malformed(Exception):
    """A line that cannot be read: what is wrong and how to write it."""


class _Reader:
    """The line-by-line state of reading one file: the open synonym set or verb block."""

    def __init__(self, result: Dictionary, table: tuple[CameoRow, ...]) -> None:
        self.result = result
        self.table = table
        self.rows: dict[str, CameoRow | None] = {}  # by code: the table row of each code seen
        self.synsets: dict[str, tuple[str, ...]] = {}
        self.open_synset: str | None = None
        self.in_block = False
        self.block_code: str | None = None
        self.verbs: list[str] = []  # the lemmas of the open block

    def read(self, lines: list[str]) -> None:
        for number, raw in enumerate(lines, 1):
            line = _strip_comment(raw)
            if not line:
                continue
            try:
                self._line(line, number)
            except _Malformed as problem:
                self.result.skipped["malformed lines"] += 1
                self.result.problems.append(f"{self.result.path}:{number}: {problem}")

    def _line(self, line: str, number: int) -> None:
        if line.startswith("~"):  # a transformation of coded events: kg has no use for them
            self.result.skipped["transformations"] += 1
        elif line.startswith("&"):
            self.open_synset = line.split()[0].rstrip("_")
            self.synsets[self.open_synset] = ()
        elif line.startswith("+") and self.open_synset:
            self.synsets[self.open_synset] += (_words(line[1:]),)
        elif match := _HEADER.match(line):
            self.open_synset = None
            self.in_block = True
            self.block_code = _code(match["code"])
            self.verbs = []
        elif line.startswith("---"):
            raise _Malformed(
                "a verb block opens with '--- NAME [CODE] ---' (the code in brackets, "
                "[---] for none)"
            )
        elif line.startswith("-"):
            self.open_synset = None
            self._pattern(line[1:], number)
        else:
            self.open_synset = None
            self._verb(line, number)

    def _verb(self, line: str, number: int) -> None:
        """A verb of the open block; with a code of its own (or the block's) it is an event."""
        if not self.in_block:
            raise _Malformed(
                "a verb outside a verb block; open one first with '--- NAME [CODE] ---', "
                "or start a synonym set with '&NAME'"
            )
        _balanced(line)
        found = _CODE.search(line)
        code = _code(found["code"]) if found else None
        lemma = _words(_IRREGULAR.sub(" ", _CODE.sub(" ", line)).lstrip("+"))
        if not lemma or not re.fullmatch(r"[a-z][a-z' .-]*", lemma):
            raise _Malformed("a verb line is 'VERB {IRREGULAR FORMS} [CODE]' or '+VERB_PARTICLE'")
        self.verbs.append(lemma)
        self._add([lemma], code or self.block_code, number)

    def _pattern(self, body: str, number: int) -> None:
        if not self.verbs:
            raise _Malformed(
                f"a pattern before any verb; patterns follow the verbs of their block, "
                f"as {PATTERN_FORM}"
            )
        _balanced(body)
        found = _CODE.search(body)
        if "*" not in body:
            raise _Malformed(f"a pattern needs '*' where the verb stands: {PATTERN_FORM}")
        if not found:
            raise _Malformed(
                f"a pattern ends with its CAMEO code in brackets ([190], [---] for no event): "
                f"{PATTERN_FORM}"
            )
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
        self._add(self.verbs, code, number, objects, preposition, prep_objects)

    def _heads(self, phrase: str) -> tuple[str, ...]:
        """The head word(s) of a noun phrase: its last word, or every member of a synonym set."""
        phrase = phrase.strip().strip("{}").strip()
        if not phrase:
            return ()
        last = phrase.split()[-1]
        if last.startswith("&"):
            name = last.rstrip("_")
            if name not in self.synsets:
                raise _Malformed(
                    f"the synonym set {name} is not defined; define it ('{name}' then '+WORD' "
                    "lines) before the verb patterns"
                )
            return tuple(member.split()[-1] for member in self.synsets[name])
        return (_words(last),)

    def _add(
        self,
        verbs: list[str],
        code: str | None,
        number: int,
        objects: tuple[str, ...] = (),
        preposition: str | None = None,
        prep_objects: tuple[str, ...] = (),
    ) -> None:
        """One pattern for each of the verbs, if the code has a kg event type."""
        if code is None:
            self.result.skipped["patterns without an event code"] += len(verbs)
            return
        if code not in self.rows:
            self.rows[code] = cameo_row(code, self.table)
        row = self.rows[code]
        if row is None:
            self.result.skipped["codes without a kg event type"] += len(verbs)
            return
        self.result.patterns.extend(
            DictionaryPattern(
                verb,
                code,
                row.type or "",
                objects,
                preposition,
                prep_objects,
                number,
                row.property or "",
            )
            for verb in verbs
        )


def _strip_comment(line: str) -> str:
    """The line without its ``#``, ``;`` or ``<!-- -->`` comment and outer white space."""
    line = re.sub(r"<!--.*?-->", " ", line)
    return re.split(r"[#;]", line, maxsplit=1)[0].strip()


def _balanced(line: str) -> None:
    """Brackets, braces and parentheses close where they open (one level, as the format has)."""
    depth = {"[": 0, "{": 0, "(": 0}
    closing = {"]": "[", "}": "{", ")": "("}
    for char in line:
        if char in depth:
            depth[char] += 1
        elif char in closing:
            depth[closing[char]] -= 1
            if depth[closing[char]] < 0:
                raise _Malformed(f"'{char}' closes nothing; remove it or open it before")
    opened = [char for char, n in depth.items() if n]
    if opened:
        raise _Malformed(f"'{opened[0]}' is not closed; close it on the same line")


def _words(text: str) -> str:
    """Dictionary words as kg matches them: lower case, underscores as spaces."""
    return " ".join(text.replace("_", " ").lower().split())


def _code(text: str) -> str | None:
    """The CAMEO code of ``[code]`` or ``[code:code]``; None for the null code ``---``."""
    if not _CODE_TEXT.match(text.strip()):
        raise _Malformed(f"[{text}] is not a CAMEO code; write digits ([190], [0874]) or [---]")
    code = text.split(":", 1)[0].strip()
    return None if not code or code.startswith("-") else code
