"""Time against length for one long document: parse (in pieces) and extraction, 10k to 1M chars.

    .venv/bin/python bench/long_documents.py [--sizes 10000,30000,100000,300000,1000000]

The document is news text of the project's own (the seed article and the sentences of
tests/data/plover-own.json, in paragraphs) repeated to each length. Extraction should take the
same time per character at every length; so should the parse, since long texts are parsed in
pieces (``kg.nlp.split_text``). Times are CPU seconds of this process (``time.process_time``),
so that other work on the machine does not blur the comparison; wall-clock seconds are given
for the whole. Prints a Markdown table for the README. Takes minutes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.extract import extract
from kg.model import Document
from kg.nlp import load_pipeline, parse

ROOT = Path(__file__).resolve().parents[1]


def news_text(size: int) -> str:
    """At least ``size`` characters of paragraphs, cut back to ``size`` at a paragraph end."""
    seed = (ROOT / "seeds" / "000_a670601aa552f2e4.txt").read_text(encoding="utf-8").strip()
    records = json.loads((ROOT / "tests" / "data" / "plover-own.json").read_text("utf-8"))
    sentences = [record["text"] for record in records]
    paragraphs = [seed] + [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    parts, length = [], 0
    while length < size:
        paragraph = paragraphs[len(parts) % len(paragraphs)]
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000,300000,1000000")
    args = parser.parse_args()
    nlp = load_pipeline()
    list(parse([("Warm up the pipeline.", None)], nlp))
    print(
        "| characters | parse CPU (s) | extraction CPU (s) | characters per CPU second "
        "| wall clock (s) | facts |"
    )
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = news_text(size)
        wall, started = time.perf_counter(), time.process_time()
        ((doc, _),) = parse([(text, None)], nlp)
        parsed = time.process_time()
        result = extract(doc, Document("long", text))
        done, wall = time.process_time(), time.perf_counter() - wall
        print(
            f"| {len(text):,} | {parsed - started:.1f} | {done - parsed:.1f} "
            f"| {len(text) / (done - started):,.0f} | {wall:.1f} | {len(result.facts):,} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
