"""kg's figures with the WordNet neighbours of the lexicon at each distance, in one run.

    .venv/bin/python bench/neighbours.py [--distances none,0,1,2]

Every set of ``bench/dictionary.py`` (seed, PLOVER dev when ``../shared`` has it, own records,
the rounds) is parsed once; the lexicon without neighbours and with the rows of
``ontology/neighbours.tsv`` up to each distance then extract from the same parses. The dev set
chooses ``kg.lexicon.NEIGHBOUR_DISTANCE``; the other sets show what the choice does to text it
was not chosen on. Prints a Markdown table for the README, and how many event mentions each
distance found through a neighbour.
"""

from __future__ import annotations

import argparse

from dictionary import figures, sets

from kg.extract.component import Extractor, bind, to_data
from kg.lexicon import load_lexicon
from kg.nlp import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distances", default="none,0,1,2")
    args = parser.parse_args()
    distances = [None if d == "none" else int(d) for d in args.distances.split(",")]
    extractors = []
    for distance in distances:
        extractor = Extractor()
        extractor.lexicon = load_lexicon(neighbours=distance)
        extractors.append(extractor)
    names = ["no neighbours" if d is None else f"distance <= {d}" for d in distances]
    nlp = load_pipeline()
    rows = []
    through = [0] * len(distances)
    for name, documents, how in sets():
        with nlp.select_pipes(disable=["kg_extractor"]):
            docs = list(nlp.pipe(d.text for d in documents))
        cells = []
        for i, extractor in enumerate(extractors):
            found = [
                bind(to_data(extractor.run(doc)), d) for doc, d in zip(docs, documents, strict=True)
            ]
            through[i] += sum("+wordnet:" in e.rule for x in found for e in x.events)
            cells.append(figures(found, how))
        rows.append((f"{name} ({len(documents)})", cells))
    print("| set | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nevent mentions found through a neighbour, all sets: " + ", ".join(
        f"{n}: {c}" for n, c in zip(names, through, strict=True)
    ))


if __name__ == "__main__":
    main()
