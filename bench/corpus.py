"""A benchmark corpus, made reproducibly from sentences the project ships.

The sentences are the texts of ``tests/data/plover-own.json``, the round records of
``tests/data/rounds/`` and the lines of ``seeds/`` (all written for the project). Each document
draws ``--sentences`` of them with a seeded random generator, so the same size and seed give the
same JSONL file, byte for byte. The file is what ``kg build`` reads (one ``{"id", "text"}``
record per line).

    python bench/corpus.py 1000 -o /tmp/corpus-1000.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 10_000)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _record_texts(path: Path) -> Iterator[str]:
    """The ``text`` of each record of a JSON list or a JSONL file."""
    raw = path.read_text(encoding="utf-8")
    records = json.loads(raw) if path.suffix == ".json" else map(json.loads, raw.splitlines())
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            yield record["text"]


def sentences() -> list[str]:
    """Every distinct sentence of the project's own texts, in a stable order."""
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "data").rglob("*.json*")):
        for text in _record_texts(path):
            found.extend(_SENTENCE.split(text.strip()))
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found.extend(_SENTENCE.split(line.strip()))
    return sorted({s.strip() for s in found if len(s.split()) >= 5})


def documents(count: int, *, per_document: int = 10, seed: int = 10) -> Iterator[dict]:
    """``count`` records of ``per_document`` sentences each, the same for the same seed."""
    pool = sentences()
    rng = random.Random(seed)
    for number in range(count):
        text = " ".join(rng.sample(pool, per_document))
        yield {"id": f"bench-{number:05d}", "text": text}


def write(path: Path, count: int, *, per_document: int = 10, seed: int = 10) -> Path:
    """Write the corpus of ``count`` documents as JSONL at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in documents(count, per_document=per_document, seed=seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help=f"documents (the benchmarks use {SIZES})")
    parser.add_argument("-o", "--out", type=Path, required=True, help="the JSONL file to write")
    parser.add_argument("--sentences", type=int, default=10, help="sentences per document")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    write(args.out, args.count, per_document=args.sentences, seed=args.seed)
    print(f"{args.out}: {args.count} documents from {len(sentences())} sentences")


if __name__ == "__main__":
    main()
