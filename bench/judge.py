"""Facts drawn at random from a built graph, to be judged by hand, and the share judged right.

    .venv/bin/python bench/judge.py draw GRAPH.trig --n 60 --seed 1 -o DRAW.tsv
    .venv/bin/python bench/judge.py score DRAW.tsv [DRAW2.tsv ...]

Rule-writers fool themselves on the sets they tune for; a figure that carries over is the share
of what a build states that a reader finds right in text nobody tuned for. ``draw`` takes every
non-negated asserted fact (``kg:Assertion``, one per source, property, target and sentence) and
every non-negated event mention that asserts no fact (a one-sided event, or one whose actors do
not fit the property), draws N of them with a fixed seed, and writes a TSV with the sentence of
each and two empty columns, ``verdict`` (``right`` or ``wrong``) and ``reason``, to fill by hand.
``score`` reads filled TSVs and prints the fraction right, with the count of each reason given
for the wrong ones (a reason's first word is its kind: ``title-across-list``, ``capital-label``,
``wrong-type``, ``wrong-role``, ``wrong-entity``, ``not-stated``). A row left unjudged is an error
naming its line.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from pathlib import Path

from rdflib import RDF, RDFS, Dataset
from rdflib.namespace import DCTERMS, PROV

from kg.rdf.namespace import KG, local_name
from kg.store.files import load_dataset

COLUMNS = ("item", "document", "fact", "modality", "sentence", "verdict", "reason")
VERDICTS = ("right", "wrong")


def _labels(dataset: Dataset) -> dict:
    return {s: str(o) for s, o in dataset.subject_objects(RDFS.label)}


def _sentence(graph, node) -> str:
    return str(graph.value(graph.value(node, PROV.wasDerivedFrom), KG.text) or "")


def _modality(graph, node) -> str:
    return local_name(graph.value(node, KG.modality))


def items(dataset: Dataset) -> list[tuple[str, str, str, str]]:
    """(document, fact as text, modality, sentence) for every judgeable statement, in a stable
    order so that a seed always draws the same rows."""
    labels = _labels(dataset)
    rows = []
    for graph in dataset.graphs():
        document = next(graph.objects(graph.identifier, DCTERMS.identifier), None)
        if document is None:
            continue

        for node in graph.subjects(RDF.type, KG.Assertion):
            if _modality(graph, node) == "negated":
                continue
            s, p, o = (graph.value(node, r) for r in (RDF.subject, RDF.predicate, RDF.object))
            fact = f"{labels.get(s, '?')} -{local_name(p)}-> {labels.get(o, '?')}"
            rows.append((str(document), fact, _modality(graph, node), _sentence(graph, node)))
        for node in graph.subjects(RDF.type, KG.EventMention):
            if _modality(graph, node) == "negated" or graph.value(node, KG.assertion) is not None:
                continue
            roles = []
            for name, role in (("source", KG.hasSource), ("target", KG.hasTarget)):
                actors = sorted(labels.get(a, "?") for a in graph.objects(node, role))
                roles.append(f"{name}={'|'.join(actors) or '-'}")
            theme = graph.value(node, KG.theme)
            if theme is not None:
                roles.append(f"theme={theme}")
            kind = local_name(graph.value(node, KG.eventType))
            trigger = graph.value(node, KG.trigger)
            fact = f"EVENT {kind} ({trigger}) {' '.join(roles)}"
            rows.append((str(document), fact, _modality(graph, node), _sentence(graph, node)))
    return sorted(rows)


def draw(graph: Path, n: int, seed: int, out: Path) -> int:
    rows = items(load_dataset(graph))
    drawn = random.Random(seed).sample(rows, min(n, len(rows)))
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for i, row in enumerate(drawn, 1):
            writer.writerow((i, *row, "", ""))
    print(f"{len(drawn)} of {len(rows)} statements drawn (seed {seed}) -> {out}")
    return 0


def score(paths: list[Path]) -> int:
    right = total = 0
    reasons: Counter[str] = Counter()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            for line, row in enumerate(reader, 2):
                verdict = (row.get("verdict") or "").strip()
                if verdict not in VERDICTS:
                    print(
                        f"Error: {path}:{line}: verdict {verdict!r}; write right or wrong",
                        file=sys.stderr,
                    )
                    return 1
                total += 1
                right += verdict == "right"
                if verdict == "wrong":
                    reasons[(row.get("reason") or "unstated").split()[0].rstrip(":")] += 1
    print(f"right {right}/{total} = {right / total:.3f}" if total else "no rows")
    for reason, count in reasons.most_common():
        print(f"  wrong, {reason}: {count}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw statements to judge")
    d.add_argument("graph", type=Path)
    d.add_argument("--n", type=int, default=60)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("-o", "--out", type=Path, required=True)
    s = sub.add_parser("score", help="the fraction judged right")
    s.add_argument("tsv", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "draw":
        return draw(args.graph, args.n, args.seed, args.out)
    return score(args.tsv)


if __name__ == "__main__":
    sys.exit(main())
