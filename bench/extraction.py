"""Extraction quality and speed, measured in one run.

    .venv/bin/python bench/extraction.py [--plover ../shared/eval/plover-dev.json] [--runs 3]

Quality: the seed article against tests/data/seed-gold.tsv, and the PLOVER dev records (each
record built as one document) when the file is there, as ``kg build`` makes the graph (at the
default ``--min-confidence``; ``bench/precision_recall.py`` shows other thresholds). Speed: the time extraction adds to the
spaCy parse of the same corpus, as a ratio (best of ``--runs``), so the figure does not depend on
how fast this machine is. Prints Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.evaluate.facts import load_gold
from kg.evaluate.facts import score as score_tsv
from kg.extract import extract
from kg.extract.confidence import corroborate, load_calibration
from kg.rdf.mapping import to_rdf
from kg.model import BuildInfo, Document
from kg.nlp import load_pipeline
from kg.evaluate.plover import load_records
from kg.evaluate.plover import score as score_plover

ROOT = Path(__file__).resolve().parents[1]


def corpus(plover: Path | None) -> list[Document]:
    seed = ROOT / "seeds" / "000_a670601aa552f2e4.txt"
    documents = [Document(seed.name, seed.read_text(encoding="utf-8"))]
    if plover is not None:
        documents += [Document(r.id, r.text) for r in load_records(plover)]
    return documents


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "eval" / "plover-dev.json"
    parser.add_argument("--plover", type=Path, default=default if default.is_file() else None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    nlp = load_pipeline()
    extractor = nlp.get_pipe("kg_extractor")
    documents = corpus(args.plover)
    texts = [d.text for d in documents]
    with nlp.select_pipes(disable=["kg_extractor"]):  # the bare parse: spaCy and the gazetteer
        docs = list(nlp.pipe(texts))
        parse = best_of(args.runs, lambda: list(nlp.pipe(texts)))
    extractions = []
    extract_time = best_of(  # the kg_extractor component, then binding to the document
        args.runs,
        lambda: extractions.__setitem__(
            slice(None),
            [extract(extractor(doc), d) for doc, d in zip(docs, documents, strict=True)],
        ),
    )
    # as kg build maps them: corroborated, with the default threshold (--min-confidence)
    threshold = load_calibration().min_confidence
    info = BuildInfo("bench", "0" * 64, "bench", min_confidence=threshold)
    dataset = to_rdf(corroborate(extractions), build=info)

    seed = score_tsv(
        dataset, load_gold(ROOT / "tests" / "data" / "seed-gold.tsv"), document=documents[0].id
    )
    print("| set | measure | figure |\n|---|---|---|")
    print(f"| seed article | precision | {seed.precision:.3f} ({seed.correct}/{seed.facts}) |")
    print(f"| | required recall | {seed.recall:.3f} ({len(seed.required_found)}/{seed.required}) |")
    print(f"| | forbidden facts asserted | {len(seed.forbidden_found)} |")
    if args.plover is not None:
        records = load_records(args.plover)
        report = score_plover(dataset, records)
        for name, found in (
            ("event-type recall", report.type_found),
            ("source recall", report.source_found),
            ("full recall", report.full_found),
        ):
            print(f"| PLOVER dev ({report.records} records) | {name} | {report.rate(found):.3f} |")
        mapped = f"{report.correct}/{report.scored} {report.unit}"
        print(f"| | precision | {report.precision:.3f} ({mapped}) |")
    print()
    print("| corpus | documents | spaCy parse (s) | extraction (s) | extraction / parse |")
    print("|---|---|---|---|---|")
    print(
        f"| seed + PLOVER dev | {len(documents)} | {parse:.2f} | {extract_time:.2f} "
        f"| {extract_time / parse:.0%} |"
    )


if __name__ == "__main__":
    main()
