"""How long ``kg infer`` and ``kg validate`` take on built graphs, and how much inference adds.

    .venv/bin/python bench/reasoning.py [--plover ../shared/eval/plover-dev.json] [--copies 150]

Graphs: the seed article; the PLOVER dev records, one document each (when the file is there);
and the seed article's extraction repeated as ``--copies`` separate documents, which is what a
feed of many articles about the same actors looks like. For each graph: its quads, the triples
``infer`` adds, and the best of ``--runs`` wall-clock times of ``infer`` and of ``validate`` (on
the graph as built), so the tests need not time anything. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import timeit
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rdflib import Dataset

from kg.api import extract_documents
from kg.evaluate.plover import load_records
from kg.ingest import collect
from kg.model import Document, Extraction
from kg.rdf.infer import infer
from kg.rdf.mapping import to_rdf
from kg.rdf.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_a670601aa552f2e4.txt"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest of ``runs`` timings: the one least disturbed by other work on the machine."""
    return min(timeit.repeat(work, number=1, repeat=runs))


def copies(extraction: Extraction, count: int) -> list[Extraction]:
    """The same extraction under ``count`` document ids, as if each copy were its own article."""
    return [
        replace(extraction, document=replace(extraction.document, id=f"copy-{i:04d}"))
        for i in range(count)
    ]


def measure(name: str, extractions: list[Extraction], runs: int) -> tuple[str, ...]:
    """One row of the table: the graph, its size, what inference adds and the two timings."""
    built: Dataset = to_rdf(extractions)
    quads = len(built)
    report = validate(built)
    validating = best_of(runs, lambda: validate(built))
    added = infer(to_rdf(extractions)).added
    inferring = best_of(runs, lambda: infer(to_rdf(extractions)))
    return (
        name,
        f"{len(extractions):,}",
        f"{quads:,}",
        f"{added:,}",
        f"{inferring:.2f}",
        f"{validating:.2f}",
        "yes" if report.conforms else "NO",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "eval" / "plover-dev.json"
    parser.add_argument("--plover", type=Path, default=default if default.is_file() else None)
    parser.add_argument("--copies", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    seed_documents, _ = collect([str(SEED)])  # read as `kg build` reads it (title, date)
    (seed,), _ = extract_documents(seed_documents)
    corpora = [("seed article", [seed])]
    if args.plover is not None:
        records = [Document(r.id, r.text, date=r.date) for r in load_records(args.plover)]
        plover, _ = extract_documents(records)
        corpora.append(("PLOVER dev records", plover))
    corpora.append((f"seed article x {args.copies}", copies(seed, args.copies)))

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs\n")
    print("| graph | documents | quads | inferred triples | infer (s) | validate (s) | conforms |")
    print("|---|---|---|---|---|---|---|")
    for name, extractions in corpora:
        print("| " + " | ".join(measure(name, extractions, args.runs)) + " |")


if __name__ == "__main__":
    main()
