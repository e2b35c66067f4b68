"""Calibrate kg's confidences on the PLOVER dev records, and show how well they hold elsewhere.

    .venv/bin/python bench/calibrate.py [--write] [--plover ../shared/eval/plover-dev.json]

Every event mention of the dev records is judged as ``kg eval`` judges it: right when its type is
the record's and its source, if it names one, is a gold source (``PloverReport.verdicts``). The
mentions are counted per cell of their features (``kg.extract.confidence.features``: rule kind,
alone in its sentence or not, named / unnamed / no actor, modality, one or two sides, short or
long evidence, split at the dev median), and each cell's share of right mentions is shrunk
towards its parent's by a prior of ``k`` mentions: ``p = (right + k * p_parent) / (n + k)``,
the root being the share over all dev mentions. ``k`` is the one of ``SHRINKAGE`` whose
leave-one-out Brier score on dev is best. With ``--write`` the table goes to
``ontology/calibration.json`` (the threshold kept there is the one
``bench/precision_recall.py --write`` chose).

Then, for dev (fitted on, so optimistic), the own records and the first-met rounds (unseen), it
prints a reliability table (mentions per confidence bin, their mean confidence and the share
right), the Brier score and the expected calibration error (ECE), in Markdown, beside those of
the priors alone (``confidence`` in ``ontology/lexicon.json``, per rule kind and modality).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rdflib import URIRef

from kg.evaluate.plover import Record, load_records
from kg.evaluate.plover import score as score_plover
from kg.extract.confidence import (
    FEATURES,
    Calibration,
    calibrate,
    crowded_sentences,
    features,
    load_calibration,
    named_entities,
)
from kg.model import BuildInfo, Document, Extraction
from kg.rdf.mapping import document_iri, entity_iri, event_iri, merge_entities, to_rdf

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TABLE = ROOT / "ontology" / "calibration.json"
SHRINKAGE = (1, 2, 4, 8, 16, 32)
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
#: The PLOVER sets: dev (fitted on), the own records, and the rounds met first (unseen).
PLOVER_SETS = (
    SHARED / "eval" / "plover-dev.json",
    ROOT / "tests" / "data" / "plover-own.json",
    *sorted((ROOT / "tests" / "data" / "rounds").glob("r*.json")),
)


def parse_records(records: Sequence[Record], nlp) -> list[Extraction]:
    """The extractions of the records, one document each, as ``kg build`` makes them."""
    return extract_all([Document(r.id, r.text, date=r.date) for r in records], nlp)


def extract_all(documents: Sequence[Document], nlp) -> list[Extraction]:
    """The extractions of the documents (one that fails is reported, and left out)."""
    from kg import run

    found = list(run.outcomes(documents, nlp))
    problems = [o for o in found if not isinstance(o, Extraction)]
    if problems:
        print(f"{len(problems)} documents failed: {problems[0].message}", file=sys.stderr)
    return [o for o in found if isinstance(o, Extraction)]


def bench_build(min_confidence: float) -> BuildInfo:
    """A build node for re-thresholding the same extractions (no parse is repeated)."""
    return BuildInfo("bench", "0" * 64, "bench", min_confidence=min_confidence)


def judged(
    extractions: list[Extraction], records: list[Record], span_split: int
) -> list[tuple[tuple[str, ...], float, bool]]:
    """(features, confidence, right) of every event mention ``kg eval`` judges (not negated)."""
    dataset = to_rdf(extractions)
    verdicts = score_plover(dataset, records).verdicts
    entities = merge_entities(extractions)
    iris = {key: entity_iri(key, e.label) for key, e in entities.items()}
    rows = []
    for extraction in extractions:
        doc = document_iri(extraction.document.id)
        named, crowded = named_entities(extraction), crowded_sentences(extraction)
        for event in extraction.events:
            node = event_iri(URIRef(f"{doc}/sentence/{event.sentence}"), event, iris)
            if node in verdicts:
                values = features(event, named, crowded, span_split)
                rows.append((values, event.confidence, verdicts[node]))
    return rows


def fit(samples: list[tuple[tuple[str, ...], bool]], k: float) -> dict[str, float]:
    """Each cell's share of right mentions, shrunk towards its parent's by ``k`` mentions."""
    counts: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for values, ok in samples:
        for length in range(1, len(values) + 1):
            counts["|".join(values[:length])] += 1
            right["|".join(values[:length])] += ok
    root = sum(ok for _, ok in samples) / len(samples)
    cells: dict[str, float] = {}
    for key in sorted(counts, key=lambda c: c.count("|")):
        parent = cells.get(key.rsplit("|", 1)[0], root) if "|" in key else root
        cells[key] = (right[key] + k * parent) / (counts[key] + k)
    return cells


def loo_brier(samples: list[tuple[tuple[str, ...], bool]], k: float) -> float:
    """The Brier score of each mention predicted by the table fitted without it."""
    total = 0.0
    for i, (values, ok) in enumerate(samples):
        cells = fit(samples[:i] + samples[i + 1 :], k)
        predicted = next(
            (cells[c] for n in range(len(values), 0, -1) if (c := "|".join(values[:n])) in cells),
            sum(o for _, o in samples) / len(samples),
        )
        total += (predicted - ok) ** 2
    return total / len(samples)


def reliability(rows: list[tuple[float, bool]]) -> tuple[list[str], float, float]:
    """Markdown rows per confidence bin, the Brier score and the ECE of (confidence, right)."""
    lines, ece = [], 0.0
    for low, high in itertools.pairwise(BINS):
        inside = [(c, ok) for c, ok in rows if low <= c < high or (high == 1.0 and c == 1.0)]
        if not inside:
            continue
        mean = statistics.fmean(c for c, _ in inside)
        share = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(rows) * abs(mean - share)
        lines.append(f"[{low:.1f}, {high:.1f}) | {len(inside)} | {mean:.3f} | {share:.3f}")
    brier = statistics.fmean((c - ok) ** 2 for c, ok in rows)
    return lines, brier, ece


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plover", type=Path, default=PLOVER_SETS[0])
    parser.add_argument("--write", action="store_true", help="write ontology/calibration.json")
    args = parser.parse_args()
    if not args.plover.is_file():
        sys.exit(f"{args.plover}: not here; the dev records live in ../shared/eval")
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    # extract with the priors alone (no table), to fit on and to compare with
    nlp.get_pipe("kg_extractor").calibration = Calibration({}, 0, 0.0)
    dev_records = load_records(args.plover)
    dev = parse_records(dev_records, nlp)
    lengths = [e.end - e.start for x in dev for e in x.events]
    span_split = int(statistics.median(lengths))
    samples = [(values, ok) for values, _, ok in judged(dev, dev_records, span_split)]
    scores = {k: loo_brier(samples, k) for k in SHRINKAGE}
    k = min(scores, key=scores.__getitem__)
    cells = fit(samples, k)
    print(f"{len(samples)} judged event mentions on dev, {sum(ok for _, ok in samples)} right")
    print("leave-one-out Brier by k: " + ", ".join(f"{k}: {b:.4f}" for k, b in scores.items()))
    print(f"k = {k}; evidence split at {span_split} characters; {len(cells)} cells\n")
    old = load_calibration()
    calibration = Calibration(cells, span_split, old.min_confidence)
    if args.write:
        counts = Counter("|".join(v[:n]) for v, _ in samples for n in range(1, len(v) + 1))
        table = {
            "_source": (
                "bench/calibrate.py --write: the share of right event mentions on the PLOVER dev "
                f"records per cell of features ({', '.join(FEATURES)}), each shrunk towards its "
                f"parent's by k = {k} mentions; min_confidence from bench/precision_recall.py"
            ),
            "span_split": span_split,
            "min_confidence": old.min_confidence,
            "cells": {key: round(value, 3) for key, value in sorted(cells.items())},
            "_mentions": dict(sorted(counts.items())),
        }
        TABLE.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}\n")
    print("| set | bin | mentions | mean confidence | share right |\n|---|---|---|---|---|")
    summary = []
    for path in PLOVER_SETS:
        if not path.is_file():
            continue
        records = load_records(path)
        priors = parse_records(records, nlp)
        before = [(c, ok) for _, c, ok in judged(priors, records, span_split)]
        extractions = [calibrate(x, calibration) for x in priors]
        rows = [(c, ok) for _, c, ok in judged(extractions, records, span_split)]
        lines, brier, ece = reliability(rows)
        for line in lines:
            print(f"| {path.name} | {line} |")
        _, prior_brier, prior_ece = reliability(before)
        summary.append(
            f"| {path.name} | {len(rows)} | {prior_brier:.3f} / {prior_ece:.3f} | "
            f"{brier:.3f} / {ece:.3f} |"
        )
    print("\n| set | judged mentions | prior: Brier / ECE | calibrated: Brier / ECE |")
    print("|---|---|---|---|\n" + "\n".join(summary))


if __name__ == "__main__":
    main()
