"""Ingest: turn input paths (files, directories, JSONL, stdin) into ``Document``s.

A bad document never costs the good ones: per-document trouble becomes a ``Problem`` and the
batch goes on. Only inputs that make the whole call pointless (a missing path, a directory with
nothing to read, an unsupported file given by name) raise ``InputError``.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, TextIO
from urllib.parse import quote, urlsplit

from kg.errors import InputError
from kg.model import Document, Problem

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
SUFFIXES = (*TEXT_SUFFIXES, ".jsonl")
NOT_UTF8 = "not UTF-8 text (binary or another encoding); convert it to UTF-8"
NO_ARTICLE = (
    "no article text found in HTML (a front page, a list of links or a form, not an article); "
    "give the page of the article itself"
)
UTF16 = "UTF-16 text; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)"
NOT_ENGLISH = (
    "only {share:.0%} of the letters are Latin: kg reads English, so it will find little or "
    "nothing here; translate the text first"
)
# Characters no RDF format can carry as they are (XML 1.0 forbids them, even escaped): C0
# controls other than tab and line breaks, and the non-characters U+FFFE and U+FFFF. A vertical
# tab or a form feed is a line (or page) break in the text: it becomes one.
_UNWRITABLE = {
    **{code: None for code in range(0x20) if chr(code) not in "\t\n\r"},
    0x0B: "\n",
    0x0C: "\n",
    0xFFFE: None,
    0xFFFF: None,
}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # only JSON escapes can make one
_IRI_SAFE = ":/?#[]@!$&'()*+,;=%~"  # reserved and already escaped characters stay as they are
ENGLISH_MIN_LETTERS = 40  # below this a text is too short to judge its language by its letters
ENGLISH_MIN_SHARE = 0.5  # share of Latin ASCII letters below which a text is not English
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"
_YEAR_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MD_TITLE = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)
_MD_HEADING_MARK = re.compile(r"^#{1,6}(?= )", re.MULTILINE)


class _Batch:
    """Accumulates documents and problems, and rejects duplicate ids across all inputs."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}

    def problem(self, source: str, what: str, *, skipped: bool = True) -> None:
        # The message names its source itself so it can be shown on its own, in one line.
        self.problems.append(Problem(source, f"{source}: {what}", skipped=skipped))

    def add(self, doc: Document) -> None:
        doc = _clean_document(doc)
        source = doc.source or doc.id
        if not doc.text.strip() or not doc.id:
            what = "text" if doc.id else "identifier"
            self.problem(source, f"no {what} left once control characters are removed")
            return
        if doc.id in self.seen:
            self.problem(source, f"duplicate id {doc.id!r} (first seen in {self.seen[doc.id]})")
            return
        self.seen[doc.id] = source
        self.documents.append(doc)
        share = latin_share(doc.text)
        if share is not None and share < ENGLISH_MIN_SHARE:
            self.problem(source, NOT_ENGLISH.format(share=share), skipped=False)


def clean_text(text: str) -> str:
    """Text every output format can hold: line breaks as ``\\n``, no control characters but tab,
    no non-characters, lone surrogates (from JSON escapes) replaced. Offsets of facts refer to
    this text, which is the text stored in the graph.

    >>> clean_text("Talks\\x0cresumed\\r\\nin Doha\\x07.")
    'Talks\\nresumed\\nin Doha.'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_UNWRITABLE)
    return _LONE_SURROGATE.sub("\ufffd", text)


def _clean_document(doc: Document) -> Document:
    """The document with every field that reaches the graph made writable in every format."""
    title = clean_text(doc.title).strip() if doc.title else None
    return replace(
        doc,
        id=clean_text(doc.id),
        text=clean_text(doc.text),
        title=title or None,
        url=_iri(doc.url),
    )


def _iri(url: str | None) -> str | None:
    """An absolute IRI for the document's address, characters IRIs forbid escaped; None for
    a relative or empty address (it would be resolved against each reader's own base)."""
    if not url:
        return None
    url = quote(clean_text(url).strip(), safe=_IRI_SAFE)
    try:
        absolute = bool(urlsplit(url).scheme)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return url if absolute else None


def latin_share(text: str) -> float | None:
    """Share of ASCII letters among the letters of ``text``, or None when there are too few
    letters to tell: a cheap sign that a text is not in English (Arabic, Chinese, Russian ...)."""
    letters = ascii_letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            ascii_letters += char.isascii()
    return ascii_letters / letters if letters >= ENGLISH_MIN_LETTERS else None


def collect(
    inputs: Sequence[str], *, stdin: TextIO | BinaryIO | None = None
) -> tuple[list[Document], list[Problem]]:
    """Read every input into Documents, in order; return them with the problems met on the way.

    ``-`` reads one plain-text document (id ``stdin``) from ``stdin``, or from ``sys.stdin``'s
    binary buffer if not given. Raises ``InputError`` before reading anything if any path is
    unusable, so a typo is reported at once rather than after a long partial run.
    """
    plan: list[tuple[str, Path | None, str]] = []  # (id, path or None for stdin, source)
    for arg in inputs:
        if arg == "-":
            plan.append(("stdin", None, "<stdin>"))
        else:
            plan.extend(_expand(arg))
    batch = _Batch()
    for doc_id, path, source in plan:
        try:
            if path is None:
                _read_stdin(batch, stdin if stdin is not None else sys.stdin.buffer)
            elif path.suffix.lower() == ".jsonl":
                _read_jsonl(batch, path, source)
            else:
                _read_file(batch, doc_id, path, source)
        except Exception as exc:  # a fault in one input (a library's too) must not lose the batch
            batch.problem(source, f"cannot be read ({type(exc).__name__}: {exc})")
    return batch.documents, batch.problems


def _expand(arg: str) -> list[tuple[str, Path, str]]:
    """List the files one argument stands for, with their document ids and sources."""
    path = Path(arg)
    if path.is_dir():
        found = [
            (rel.as_posix(), path / rel, str(path / rel))
            for rel in sorted(_walk(path), key=lambda p: p.as_posix())
        ]
        if not found:
            raise InputError(f"{arg}: no .txt, .md, .html or .jsonl files found")
        return found
    if not path.exists():
        raise InputError(f"{arg}: no such file or directory; check the path")
    kind = _special_kind(path.stat().st_mode)
    if kind is not None:
        raise InputError(
            f"{arg}: {kind}, not a regular file; to read a stream, pipe it in with 'kg build -'"
        )
    if path.suffix.lower() not in SUFFIXES:
        kind = repr(path.suffix) if path.suffix else "(no extension)"
        raise InputError(
            f"{arg}: unsupported file type {kind}; "
            "use .txt, .md, .html/.htm or .jsonl (or a directory of them)"
        )
    return [(path.name, path, arg)]


def _walk(root: Path) -> Iterator[Path]:
    """Supported, non-hidden files under ``root``, relative to it."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield (Path(dirpath) / name).relative_to(root)


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe" ...), None for a regular file.

    Reading a pipe, a device or a socket can wait forever or never end: kg reads files only."""
    if stat.S_ISREG(mode):
        return None
    kinds = {
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
        stat.S_ISDIR: "a directory",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a file")


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; ``OSError`` for anything else, without waiting on it.

    Opened non-blocking and checked after opening, so a pipe that replaced a file after the
    directory was listed cannot hang the build either."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        kind = _special_kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise OSError(f"{kind}, not a regular file")
        return handle.read()


def _decode(data: bytes) -> tuple[str | None, str]:
    """UTF-8 text with its BOM stripped, or None and the reason it is not text.

    A few NUL or other control bytes in valid UTF-8 are stray characters that ``clean_text``
    removes; a text made largely of them is binary data or UTF-16 without its BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, UTF16
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, f"{NOT_UTF8} (byte 0x{data[exc.start]:02x} on line {line} is not UTF-8)"
    controls = sum(text.count(chr(code)) for code in range(0x20) if chr(code) not in "\t\n\r")
    if controls * 20 > len(text):
        return None, f"{NOT_UTF8} ({controls} of its {len(text)} characters are control codes)"
    return text, ""


def _read_stdin(batch: _Batch, stream: TextIO | BinaryIO) -> None:
    data = stream.read()
    text, why = (data.removeprefix("\ufeff"), "") if isinstance(data, str) else _decode(data)
    if text is None:
        batch.problem("<stdin>", why)
    elif not text.strip():
        batch.problem("<stdin>", "empty input")
    else:
        batch.add(Document(id="stdin", text=text, source="<stdin>"))


def _read_file(batch: _Batch, doc_id: str, path: Path, source: str) -> None:
    try:
        data = _read_regular(path)
    except OSError as e:
        batch.problem(source, f"cannot read ({e.strerror or e})")
        return
    text, why = _decode(data)
    if text is None:
        batch.problem(source, why)
        return
    if not text.strip():
        batch.problem(source, "empty file")
        return
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        doc = _from_html(doc_id, text, source)
        if doc is None:
            batch.problem(source, NO_ARTICLE)
        else:
            batch.add(doc)
        return
    title = None
    if suffix == ".md":
        if m := _MD_TITLE.search(text):
            title = m.group(1)
        # heading marks are markup, not words of the text: blanked, so offsets stay the file's
        text = _MD_HEADING_MARK.sub(lambda mark: " " * len(mark.group(0)), text)
    batch.add(Document(id=doc_id, text=text, title=title, source=source))


def _from_html(doc_id: str, html: str, source: str) -> Document | None:
    """Main article text and metadata; the HTML string is parsed locally, nothing is fetched."""
    import trafilatura  # imported here: only HTML inputs pay for it

    # favor_precision: a page of links and menus yields nothing rather than its menus as text
    result = trafilatura.bare_extraction(
        html, url=None, with_metadata=True, include_comments=False, favor_precision=True
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        return None
    return Document(
        id=doc_id,
        text=text,
        title=result.title or None,
        date=result.date or None,
        url=result.url or None,
        source=source,
    )


def _read_jsonl(batch: _Batch, path: Path, source: str) -> None:
    """One record per line; each line is judged on its own so one bad line costs only itself."""
    try:
        data = _read_regular(path)
    except OSError as e:
        batch.problem(source, f"cannot read ({e.strerror or e})")
        return
    if not data.strip():
        batch.problem(source, "empty file")
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        batch.problem(source, UTF16)
        return
    for number, raw in enumerate(data.split(b"\n"), start=1):
        where = f"{source}:{number}"
        line, why = _decode(raw)
        if line is None:
            batch.problem(where, why.replace(" on line 1", ""))
        elif line.strip():
            _read_record(batch, line, where)


def _read_record(batch: _Batch, line: str, where: str) -> None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        batch.problem(where, f"invalid JSON ({e.msg} at column {e.colno})")
        return
    if not isinstance(record, dict):
        batch.problem(where, f"record is a JSON {type(record).__name__}, expected an object")
        return
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        batch.problem(where, 'record needs a non-empty string "id"')
        return
    if not isinstance(text, str) or not text.strip():
        batch.problem(where, f'record {doc_id!r} needs a non-empty string "text"')
        return
    optional: dict[str, str | None] = {}
    for key in ("title", "date", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            batch.problem(where, f'record {doc_id!r}: "{key}" must be a string')
            return
        optional[key] = value or None
    date = optional["date"]
    if date is not None and not is_iso_date(date):
        batch.problem(where, f"record {doc_id!r}: date {date!r} is not ISO 8601; use {DATE_FORMS}")
        return
    batch.add(Document(id=doc_id, text=text, source=where, **optional))


def is_iso_date(value: str) -> bool:
    """True for YYYY, YYYY-MM, YYYY-MM-DD and full ISO 8601 datetimes (with optional zone)."""
    if _YEAR_MONTH.fullmatch(value):
        return True
    if not _FULL_DATE.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        return False
    return True
