"""kg's figures with the WordNet neighbours of the lexicon at each setting, in one run.

    .venv/bin/python bench/neighbours.py [--distances 0,1,2] [--word-senses 1,2]

Every set of ``bench/dictionary.py`` (seed, PLOVER dev when ``../shared`` has it, own records,
the rounds) is parsed once; the lexicon without neighbours, and with the neighbours up to each
distance (``kg.lexicon.NEIGHBOUR_DISTANCE``) for each number of a new word's senses that may
reach an entry (``kg.neighbours.WORD_SENSES``), then extract from the same parses. With WordNet
(Debian's wordnet-base) the table of each setting is generated here; without it only the
committed ``ontology/neighbours.tsv`` is measured. The dev set chooses the setting; the other
sets show what the choice does to text it was not chosen on. Prints a Markdown table (one row
per setting, one column per set) and how many event mentions each found through a neighbour.
"""

from __future__ import annotations

import argparse

from dictionary import figures, sets

from kg.extract.component import Extractor, bind, to_data
from kg.lexicon import load_lexicon, read_neighbours, with_neighbours
from kg.neighbours import WORD_SENSES, WORDNET, build
from kg.nlp import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distances", default="0,1,2")
    parser.add_argument("--word-senses", default="1,2")
    args = parser.parse_args()
    base = load_lexicon(neighbours=None)
    lexicons = {"no neighbours": base}
    senses = [int(n) for n in args.word_senses.split(",")]
    if not (WORDNET / "data.verb").is_file():
        print(f"no WordNet at {WORDNET}: the committed table only (word senses {WORD_SENSES})")
        senses = [0]
    for n in senses:
        rows = build(WORDNET, base, word_senses=n) if n else read_neighbours()
        for distance in map(int, args.distances.split(",")):
            name = f"senses {n or WORD_SENSES}, distance <= {distance}"
            lexicons[name] = with_neighbours(base, rows, distance)
    extractors = []
    for lexicon in lexicons.values():
        extractor = Extractor()
        extractor.lexicon = lexicon
        extractors.append(extractor)
    nlp = load_pipeline()
    columns, cells = [], {name: [] for name in lexicons}
    through = dict.fromkeys(lexicons, 0)
    for set_name, documents, how in sets():
        with nlp.select_pipes(disable=["kg_extractor"]):
            docs = list(nlp.pipe(d.text for d in documents))
        columns.append(f"{set_name} ({len(documents)})")
        for name, extractor in zip(lexicons, extractors, strict=True):
            found = [
                bind(to_data(extractor.run(doc)), d) for doc, d in zip(docs, documents, strict=True)
            ]
            through[name] += sum("+wordnet:" in e.rule for x in found for e in x.events)
            cells[name].append(figures(found, how))
    print("| setting | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, row in cells.items():
        print(f"| {name} | " + " | ".join(row) + " |")
    print("\nevent mentions found through a neighbour, all sets:")
    for name, count in through.items():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    main()
