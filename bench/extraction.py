"""Extraction quality and speed, measured in one run.

    .venv/bin/python bench/extraction.py [--plover ../shared/eval/plover-dev.json] [--runs 3]
        [--corpus 200]

Quality: the seed article against tests/data/seed-gold.tsv, and the PLOVER dev records (each
record built as one document) when the file is there, as ``kg build`` makes the graph (at the
default ``--min-confidence``; ``bench/precision_recall.py`` shows other thresholds). Speed: the
time extraction adds to the spaCy parse of the same corpus, as a ratio (best of ``--runs``), so
the figure does not depend on how fast this machine is; with ``--corpus N`` also on
``bench/corpus.py``'s N generated documents of 10 sentences (issue 12's bar: extraction <= 35%
of the parse). Prints Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.evaluate.facts import load_gold
from kg.evaluate.facts import score as score_tsv
from kg.evaluate.plover import load_records
from kg.evaluate.plover import score as score_plover
from kg.extract import extract
from kg.extract.confidence import corroborate, load_calibration
from kg.model import BuildInfo, Document
from kg.nlp import load_pipeline
from kg.rdf.mapping import to_rdf

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


def speed(nlp, documents: list[Document], runs: int) -> tuple[float, float, list]:
    """Seconds of the parse (spaCy and kg's gazetteer, without the extractor) and of the
    extraction of the same documents, best of ``runs``, and the extractions."""
    extractor = nlp.get_pipe("kg_extractor")
    texts = [d.text for d in documents]
    with nlp.select_pipes(disable=["kg_extractor"]):  # the bare parse: spaCy and the gazetteer
        docs = list(nlp.pipe(texts, batch_size=16))
        parse = best_of(runs, lambda: list(nlp.pipe(texts, batch_size=16)))
    extractions: list = []
    extract_time = best_of(  # the kg_extractor component, then binding to the document
        runs,
        lambda: extractions.__setitem__(
            slice(None),
            [extract(extractor(doc), d) for doc, d in zip(docs, documents, strict=True)],
        ),
    )
    return parse, extract_time, extractions


def generated(count: int) -> list[Document]:
    """``bench/corpus.py``'s ``count`` documents."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import corpus as generator

    return [Document(r["id"], r["text"]) for r in generator.documents(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "eval" / "plover-dev.json"
    parser.add_argument("--plover", type=Path, default=default if default.is_file() else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=int, default=0, help="also N generated documents")
    args = parser.parse_args()

    nlp = load_pipeline()
    documents = corpus(args.plover)
    parse, extract_time, extractions = speed(nlp, documents, args.runs)
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
    if args.corpus:
        documents = generated(args.corpus)
        parse, extract_time, _ = speed(nlp, documents, args.runs)
        print(
            f"| bench/corpus.py, 10 sentences each | {len(documents)} | {parse:.2f} "
            f"| {extract_time:.2f} | {extract_time / parse:.0%} |"
        )


if __name__ == "__main__":
    main()
