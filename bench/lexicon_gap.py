"""What kg's own lexicon lacks, with a CAMEO verb dictionary as the field's reference.

    .venv/bin/python bench/lexicon_gap.py [--dictionary ../shared/lexicons/CAMEO.2.0.txt] [--top 15]

Lists, per PLOVER type, the dictionary's verbs that kg's lexicon does not name at all, and its
verb + object-noun patterns that kg covers neither by a verb slot naming that noun nor by the noun
as an event trigger after a light verb. Verbs come with the number of patterns the dictionary has
for them (a rough sign of how common they are). The dictionary is read here only, at run time:
nothing of it enters the project; each gap is a lead to judge, entry by entry.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from kg.cameo import read_dictionary
from kg.lexicon import Lexicon, load_lexicon

ROOT = Path(__file__).resolve().parents[1]


def noun_types(lexicon: Lexicon, noun: str) -> tuple[str, ...]:
    trigger = lexicon.nouns.get(noun) or lexicon.nouns.get(noun.rstrip("s"))
    if trigger is None:
        return ()
    return (trigger.type,) if trigger.type else lexicon.event_types(trigger.property)


def covered(lexicon: Lexicon, verb: str, noun: str, kind: str) -> bool:
    slots = lexicon.verbs.get(verb, ())
    if any(noun in s.object_heads or noun in s.patient_heads for s in slots):
        return True
    carried = verb in lexicon.light_verbs or verb in lexicon.reversal_verbs
    return carried and kind in noun_types(lexicon, noun)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "lexicons" / "CAMEO.2.0.txt"
    parser.add_argument("--dictionary", type=Path, default=default)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if not args.dictionary.is_file():
        print(f"no dictionary at {args.dictionary}: nothing to compare (skipped)")
        return
    lexicon = load_lexicon()
    dictionary = read_dictionary(args.dictionary)
    verbs: dict[str, Counter[str]] = defaultdict(Counter)
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for p in dictionary.patterns:
        if p.verb not in lexicon.verb_keys and " " not in p.verb:
            verbs[p.type][p.verb] += 1
        for noun in p.objects[:1] if not p.preposition else ():
            if not covered(lexicon, p.verb, noun, p.type):
                pairs[p.type][f"{p.verb} + {noun}"] += 1
    print(f"{dictionary.summary()}\n")
    print(f"| type | verbs kg lacks (top {args.top}) | verb + object kg lacks (top {args.top}) |")
    print("|---|---|---|")
    for kind in sorted(set(verbs) | set(pairs)):
        lacking = ", ".join(f"{v} ({n})" for v, n in verbs[kind].most_common(args.top))
        missing = ", ".join(v for v, _ in pairs[kind].most_common(args.top))
        counts = f"{len(verbs[kind])} verbs, {len(pairs[kind])} pairs"
        print(f"| {kind} ({counts}) | {lacking} | {missing} |")


if __name__ == "__main__":
    main()
