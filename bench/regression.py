"""Facts lost and gained between two builds of the same documents.

    .venv/bin/python bench/regression.py OLD.trig NEW.trig

Each assertion of a graph is read as (subject label, property, object label, document) with its
modality; the listing shows what the new build no longer states, what it states anew, and where
only the modality changed. Lost facts whose object is no actor (an ``Event`` or ``Topic`` node)
are listed apart: the old extractor made such objects from the action's own words ("agreed to
resign", "agreed to share information"), which are now the theme of a one-sided event mention;
check that each one is of that kind. Exit code 1 when a fact with an actor as object was lost,
so a change can be checked in one command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Dataset
from rdflib.namespace import DCTERMS

from kg.rdf.namespace import KG
from kg.store.files import load_dataset

FactKey = tuple[str, str, str, str]


def assertions(dataset: Dataset) -> tuple[dict[FactKey, str], set[str]]:
    """(subject, property, object, document) -> modality; and the labels of the nodes that are
    no actor (events and topics)."""
    labels = {s: str(o) for s, o in dataset.subject_objects(RDFS.label)}
    things = {
        labels[s]
        for cls in (KG.Event, KG.Topic)
        for s in dataset.subjects(RDF.type, cls)
        if s in labels
    }
    found: dict[FactKey, str] = {}
    for graph in dataset.graphs():
        document = next(graph.objects(graph.identifier, DCTERMS.identifier), None)
        if document is None:
            continue
        for node in graph.subjects(RDF.type, KG.Assertion):
            subject = labels.get(graph.value(node, RDF.subject), "?")
            prop = str(graph.value(node, RDF.predicate)).removeprefix(str(KG))
            obj = labels.get(graph.value(node, RDF.object), "?")
            modality = str(graph.value(node, KG.modality)).removeprefix(str(KG))
            key = (subject, prop, obj, str(document))
            # one key may be stated in several sentences: any assertion of it counts
            if found.get(key) != "asserted":
                found[key] = modality
    return found, things


def _line(key: FactKey, modality: str) -> str:
    subject, prop, obj, document = key
    return f"  {document}\t{subject} -{prop}-> {obj}\t({modality})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args()
    old, old_things = assertions(load_dataset(args.old))
    new, _ = assertions(load_dataset(args.new))
    lost = sorted(set(old) - set(new))
    themes = [k for k in lost if k[2] in old_things]
    other = [k for k in lost if k[2] not in old_things]
    gained = sorted(set(new) - set(old))
    changed = sorted(k for k in set(old) & set(new) if old[k] != new[k])
    print(f"old {len(old)} facts, new {len(new)} facts")
    print(f"lost {len(other)} with an actor as object")
    for key in other:
        print(_line(key, old[key]))
    print(f"lost {len(themes)} whose object is no actor (an Event or Topic node)")
    for key in themes:
        print(_line(key, old[key]))
    print(f"gained {len(gained)}")
    for key in gained:
        print(_line(key, new[key]))
    print(f"modality changed {len(changed)}")
    for key in changed:
        print(f"{_line(key, old[key])} -> {new[key]}")
    return 1 if other else 0


if __name__ == "__main__":
    sys.exit(main())
