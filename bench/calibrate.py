"""Precision of each kind of extraction rule on the PLOVER dev records.

    .venv/bin/python bench/calibrate.py [GRAPH.trig] [--plover ../shared/eval/plover-dev.json]

A fact counts as right when its property maps to the record's event type and its subject names a
gold source (the PLOVER protocol of ``kg eval``). The figures are what ``confidence`` in
``ontology/lexicon.json`` is set from, so a rule kind that proves more precise gives a higher
confidence. Build the graph first (see README, "Evaluation").
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from rdflib import RDF

from kg.evaluate.facts import NodeNames
from kg.rdf.mapping import document_iri
from kg.lexicon import load_lexicon
from kg.rdf.namespace import KG, local_name, plover_types
from kg.evaluate.plover import load_records, names_actor
from kg.store.files import load_dataset

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "graph", type=Path, nargs="?", default=ROOT / "out" / "plover" / "graph.trig"
    )
    parser.add_argument(
        "--plover", type=Path, default=ROOT.parent / "shared" / "eval" / "plover-dev.json"
    )
    args = parser.parse_args()
    dataset = load_dataset(args.graph)
    names, demonyms = NodeNames(dataset), load_lexicon().demonyms
    total, right = Counter(), Counter()
    for record in load_records(args.plover):
        graph = dataset.get_graph(document_iri(record.id))
        for node in graph.subjects(RDF.type, KG.Assertion):
            types = plover_types(local_name(graph.value(node, RDF.predicate)))
            if not types:
                continue
            kind = str(graph.value(node, KG.rule)).split(".", 1)[0]
            subject = graph.value(node, RDF.subject)
            sources = record.sources + record.either
            total[kind] += 1
            right[kind] += record.event in types and any(
                names_actor(names[subject], actor, demonyms) for actor in sources
            )
    print("| rule kind | facts | right | precision |\n|---|---|---|---|")
    for kind in sorted(total):
        print(f"| {kind} | {total[kind]} | {right[kind]} | {right[kind] / total[kind]:.2f} |")


if __name__ == "__main__":
    main()
