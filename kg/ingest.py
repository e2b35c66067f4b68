"""Ingest: turn input paths (files, directories, JSONL, stdin) into ``Document``s.

A bad document never costs the good ones: per-document trouble becomes a ``Problem`` and the
batch goes on. Only inputs that make the whole call pointless (a missing path, a directory with
nothing to read, an unsupported file given by name) raise ``InputError``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from kg.errors import InputError
from kg.model import Document, Problem

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
SUFFIXES = (*TEXT_SUFFIXES, ".jsonl")
NOT_UTF8 = "not UTF-8 text (binary or another encoding); convert it to UTF-8"
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"
_YEAR_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MD_TITLE = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)


class _Batch:
    """Accumulates documents and problems, and rejects duplicate ids across all inputs."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}

    def problem(self, source: str, what: str) -> None:
        # The message names its source itself so it can be shown on its own, in one line.
        self.problems.append(Problem(source, f"{source}: {what}"))

    def add(self, doc: Document) -> None:
        source = doc.source or doc.id
        if doc.id in self.seen:
            self.problem(source, f"duplicate id {doc.id!r} (first seen in {self.seen[doc.id]})")
            return
        self.seen[doc.id] = source
        self.documents.append(doc)


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
        if path is None:
            _read_stdin(batch, stdin if stdin is not None else sys.stdin.buffer)
        elif path.suffix.lower() == ".jsonl":
            _read_jsonl(batch, path, source)
        else:
            _read_file(batch, doc_id, path, source)
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


def _decode(data: bytes) -> str | None:
    """UTF-8 text with BOM stripped and CRLF normalised, or None for binary / other encodings."""
    if b"\0" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return _normalise(text)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n")


def _read_stdin(batch: _Batch, stream: TextIO | BinaryIO) -> None:
    data = stream.read()
    text = _normalise(data.removeprefix("\ufeff")) if isinstance(data, str) else _decode(data)
    if text is None:
        batch.problem("<stdin>", NOT_UTF8)
    elif not text.strip():
        batch.problem("<stdin>", "empty input")
    else:
        batch.add(Document(id="stdin", text=text, source="<stdin>"))


def _read_file(batch: _Batch, doc_id: str, path: Path, source: str) -> None:
    try:
        data = path.read_bytes()
    except OSError as e:
        batch.problem(source, f"cannot read ({e.strerror or e})")
        return
    text = _decode(data)
    if text is None:
        batch.problem(source, NOT_UTF8)
        return
    if not text.strip():
        batch.problem(source, "empty file")
        return
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        doc = _from_html(doc_id, text, source)
        if doc is None:
            batch.problem(source, "no article text found in HTML")
        else:
            batch.add(doc)
        return
    title = None
    if suffix == ".md" and (m := _MD_TITLE.search(text)):
        title = m.group(1)
    batch.add(Document(id=doc_id, text=text, title=title, source=source))


def _from_html(doc_id: str, html: str, source: str) -> Document | None:
    """Main article text and metadata; the HTML string is parsed locally, nothing is fetched."""
    import trafilatura  # imported here: only HTML inputs pay for it

    result = trafilatura.bare_extraction(html, url=None, with_metadata=True, include_comments=False)
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
        data = path.read_bytes()
    except OSError as e:
        batch.problem(source, f"cannot read ({e.strerror or e})")
        return
    if not data.strip():
        batch.problem(source, "empty file")
        return
    for number, raw in enumerate(data.split(b"\n"), start=1):
        where = f"{source}:{number}"
        line = _decode(raw)
        if line is None:
            batch.problem(where, NOT_UTF8)
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
    batch.add(Document(id=doc_id, text=_normalise(text), source=where, **optional))


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
