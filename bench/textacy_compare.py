"""kg's extractor beside textacy's subject_verb_object_triples, on the same parses.

    .venv/bin/pip install textacy   # only for this comparison
    .venv/bin/python bench/textacy_compare.py [--plover ../shared/eval/plover-dev.json]

textacy returns free-text (subject, verb, object) spans with no ontology property, so it is given
the benefit of the doubt: on the seed gold a triple is right when its subject and object match a
gold row's (whatever the predicate); on PLOVER a triple is right when its subject names the gold
source, and fully right when its object also names the target. kg is held to the full protocols
(property included). Times are for extraction alone, on documents parsed once.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from textacy.extract import subject_verb_object_triples

from kg.evaluate.facts import load_gold, normalise
from kg.evaluate.facts import score as score_tsv
from kg.evaluate.plover import load_records, names_actor
from kg.evaluate.plover import score as score_plover
from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.model import Document
from kg.nlp import load_pipeline
from kg.rdf.mapping import to_rdf

ROOT = Path(__file__).resolve().parents[1]


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def text(tokens) -> str:
    return " ".join(t.text for t in tokens)


def seed_row(triple: tuple[str, str], gold) -> bool:
    subject, obj = (normalise(part) for part in triple)
    return any(
        subject in row.subjects and (row.objects is None or obj in row.objects)
        for row in gold
        if row.kind != "forbidden"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "eval" / "plover-dev.json"
    parser.add_argument("--plover", type=Path, default=default if default.is_file() else None)
    args = parser.parse_args()
    nlp = load_pipeline()
    print("| corpus | extractor | facts | right | precision | full recall | seconds |")
    print("|---|---|---|---|---|---|---|")

    seed = ROOT / "seeds" / "000_a670601aa552f2e4.txt"
    document = Document(seed.name, seed.read_text(encoding="utf-8"))
    doc = nlp(document.text)
    gold = load_gold(ROOT / "tests" / "data" / "seed-gold.tsv")
    triples, seconds = timed(lambda: list(subject_verb_object_triples(doc)))
    right = sum(seed_row((text(t.subject), text(t.object)), gold) for t in triples)
    share = right / max(1, len(triples))
    print(f"| seed | textacy SVO | {len(triples)} | {right} | {share:.2f} | n/a | {seconds:.3f} |")
    extraction, seconds = timed(lambda: extract(doc, document))
    report = score_tsv(to_rdf([extraction]), gold)
    print(
        f"| seed | kg | {report.facts} | {report.correct} | {report.precision:.2f} "
        f"| {report.recall:.2f} (required) | {seconds:.3f} |"
    )

    if args.plover is None:
        return
    records = load_records(args.plover)
    documents = [Document(r.id, r.text) for r in records]
    docs = list(nlp.pipe(d.text for d in documents))
    demonyms = load_lexicon().demonyms
    found, seconds = timed(lambda: [list(subject_verb_object_triples(doc)) for doc in docs])
    facts = right = full = 0
    for record, triples in zip(records, found, strict=True):
        hit = False
        for triple in triples:
            facts += 1
            subject, obj = {normalise(text(triple.subject))}, {normalise(text(triple.object))}
            sources = record.sources + record.either
            if any(names_actor(subject, a, demonyms) for a in sources):
                right += 1
                targets = record.targets + record.either
                hit = (
                    hit or not record.targets or any(names_actor(obj, a, demonyms) for a in targets)
                )
        full += hit
    print(
        f"| PLOVER dev | textacy SVO | {facts} | {right} | {right / max(1, facts):.2f} "
        f"| {full / len(records):.2f} (no types) | {seconds:.3f} |"
    )
    extractions, seconds = timed(
        lambda: [extract(d, m) for d, m in zip(docs, documents, strict=True)]
    )
    report = score_plover(to_rdf(extractions), records)
    counts = f"{report.scored} | {report.correct} | {report.precision:.2f}"
    full = report.rate(report.full_found)
    print(f"| PLOVER dev | kg | {counts} | {full:.2f} (with types) | {seconds:.3f} |")


if __name__ == "__main__":
    main()
