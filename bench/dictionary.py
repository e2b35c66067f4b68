"""kg's figures with and without a CAMEO verb dictionary imported, in one run.

    .venv/bin/python bench/dictionary.py [--dictionary ../shared/lexicons/CAMEO.2.0.txt]

Every set is parsed once; each vocabulary then extracts from the same parses: the built-in
lexicon alone, and merged with the dictionary taking all its patterns, only the patterns that
name an object word or a preposition ("specific"), or only the verbs kg does not know ("new")
(``kg.lexicon.merge_dictionaries``). Sets: the seed article, the PLOVER dev records (both in
``../shared`` or the project; a set whose file is absent is left out), tests/data/plover-own.json
and each round of tests/data/rounds/. Also the time to import the dictionary against the parse
of the dev set. Prints Markdown tables for the README; without the dictionary it says so and stops.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.cameo import cameo_table, read_dictionary
from kg.evaluate.facts import load_gold
from kg.evaluate.facts import score as score_tsv
from kg.evaluate.plover import load_records
from kg.evaluate.plover import score as score_plover
from kg.extract.component import Extractor, bind, to_data
from kg.ingest import collect
from kg.lexicon import Lexicon, load_lexicon, merge_dictionaries
from kg.model import Document
from kg.nlp import load_pipeline
from kg.rdf.mapping import to_rdf

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VARIANTS = ("all", "specific", "new")


def sets() -> list[tuple[str, list[Document], object]]:
    """(name, documents, how to score) for every set whose files are here."""
    found = []
    seed = ROOT / "seeds" / "000_a670601aa552f2e4.txt"
    gold = load_gold(ROOT / "tests" / "data" / "seed-gold.tsv")
    found.append(("seed article", [Document(seed.name, seed.read_text("utf-8"))], ("seed", gold)))
    plover = [SHARED / "eval" / "plover-dev.json", ROOT / "tests" / "data" / "plover-own.json"]
    plover += sorted((ROOT / "tests" / "data" / "rounds").glob("r*.json"))
    for path in plover:
        if path.is_file():
            records = load_records(path)
            documents = [Document(r.id, r.text) for r in records]
            found.append((path.name, documents, ("plover", records)))
    for path in sorted((ROOT / "tests" / "data" / "rounds").glob("r*.jsonl")):
        documents, _ = collect([str(path)])
        found.append((path.name, documents, ("tsv", load_gold(path.with_suffix(".tsv")))))
    return found


def figures(extractions, how) -> str:
    kind, gold = how
    dataset = to_rdf(extractions)
    if kind == "plover":
        report = score_plover(dataset, gold)
        rates = (report.type_found, report.source_found, report.full_found)
        return " / ".join(f"{report.rate(n):.3f}" for n in rates) + (
            f" / {report.precision:.3f} ({report.correct}/{report.scored})"
        )
    report = score_tsv(
        dataset, gold, document=extractions[0].document.id if kind == "seed" else None
    )
    if kind == "seed":
        return (
            f"precision {report.precision:.3f} ({report.correct}/{report.facts}), recall "
            f"{report.recall:.3f}, forbidden {len(report.forbidden_found)}"
        )
    return f"recall {report.recall:.3f}, precision {report.precision:.3f}, F1 {report.f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = SHARED / "lexicons" / "CAMEO.2.0.txt"
    parser.add_argument("--dictionary", type=Path, default=default)
    args = parser.parse_args()
    if not args.dictionary.is_file():
        print(f"no dictionary at {args.dictionary}: nothing to compare (skipped)")
        return
    base = load_lexicon()
    started = time.perf_counter()
    dictionary = read_dictionary(args.dictionary, cameo_table())
    lexicons: dict[str, Lexicon] = {"built-in": base}
    lexicons["+ dictionary (all)"] = merge_dictionaries(base, [dictionary], "all")
    imported = time.perf_counter() - started
    for take in VARIANTS[1:]:
        lexicons[f"+ dictionary ({take})"] = merge_dictionaries(
            base, [read_dictionary(args.dictionary, cameo_table())], take
        )
    print(dictionary.summary())
    nlp = load_pipeline()
    extractors = []
    for lexicon in lexicons.values():  # each variant's own merged lexicon, not the default one
        extractor = Extractor()
        extractor.lexicon = lexicon
        extractors.append(extractor)
    rows = []
    parse_seconds = {}
    for name, documents, how in sets():
        started = time.perf_counter()
        with nlp.select_pipes(disable=["kg_extractor"]):
            docs = list(nlp.pipe(d.text for d in documents))
        parse_seconds[name] = time.perf_counter() - started
        cells = []
        for extractor in extractors:
            found = [
                bind(to_data(extractor.run(doc)), d) for doc, d in zip(docs, documents, strict=True)
            ]
            cells.append(figures(found, how))
        rows.append((f"{name} ({len(documents)})", cells))
    print("\nPLOVER sets: type / source / full recall / precision (event mentions)\n")
    print("| set | " + " | ".join(lexicons) + " |")
    print("|---" * (len(lexicons) + 1) + "|")
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")
    dev = parse_seconds.get("plover-dev.json")
    print(f"\nimporting the dictionary (read + merge): {imported:.1f} s", end="")
    print(f"; parsing the 158 dev records: {dev:.1f} s" if dev else "")


if __name__ == "__main__":
    main()
