"""The vocabulary in ontology/ agrees with the ontology: no property, class or name out of it."""

from __future__ import annotations

import json

from rdflib import RDFS

from kg.lexicon import load_lexicon
from kg.nlp import gazetteer_patterns
from kg.rdf.namespace import (
    KG,
    load_ontology,
    ontology_classes,
    ontology_path,
    property_signatures,
    relation_properties,
    symmetric_properties,
)


def test_every_lexicon_property_is_declared():
    assert load_lexicon().properties() <= set(relation_properties())


def test_every_class_named_by_the_vocabulary_is_declared():
    lexicon = load_lexicon()
    named = {alias.cls for alias in lexicon.aliases.values()}
    named |= set(lexicon.group_nouns.values()) | set(lexicon.org_heads.values())
    for slots in lexicon.verbs.values():
        for slot in slots:
            named |= set(slot.object_classes) | set(slot.subject_classes)
    for patterns in (*lexicon.pronouns.values(), *lexicon.anaphoric_nouns.values()):
        named |= set(patterns)
    assert named <= set(ontology_classes())


def test_class_hierarchy_matches_the_ontology():
    """The extractor's class table (data, so extraction needs no rdflib) mirrors rdfs:subClassOf."""
    graph = load_ontology()
    lexicon = load_lexicon()
    for cls, parents in lexicon.class_parents.items():
        declared = {
            str(parent).removeprefix(str(KG))
            for parent in graph.objects(KG[cls], RDFS.subClassOf)
            if str(parent).startswith(str(KG))
        }
        assert set(parents) == declared, cls


def test_symmetric_properties_match_the_ontology():
    assert load_lexicon().symmetric == set(symmetric_properties())


def test_gazetteer_covers_aliases_and_countries():
    patterns = {p["pattern"]: p for p in gazetteer_patterns(load_lexicon())}
    assert patterns["U.S."]["id"] == "United States"
    assert patterns["Hamas"]["label"] == "ORG"
    assert patterns["Jordan"]["label"] == "GPE"  # a country name, not a person


def test_signatures_file_is_generated_from_the_ontology():
    """Regenerate with: python -m kg.rdf.namespace > ontology/signatures.json"""
    committed = json.loads(ontology_path("signatures.json").read_text(encoding="utf-8"))
    assert committed == property_signatures()


def test_facts_outside_domain_or_range_are_refused():
    lexicon = load_lexicon()
    assert lexicon.fits("envoyFor", "Person", "Topic")
    assert not lexicon.fits("envoyFor", "Country", "Topic")  # domain is Person
    assert not lexicon.fits("holdsPosition", "Person", "Country")  # range is Position


def test_event_types_named_by_the_lexicon_are_types_of_their_property():
    """A lexicon entry may name the PLOVER type where its property has several (attacks:
    ASSAULT or FIGHT); it must be one of them. Without one, the first is used."""
    lexicon = load_lexicon()
    named = [(s.property, s.type) for slots in lexicon.verbs.values() for s in slots if s.type]
    named += [(n.property, n.type) for n in lexicon.nouns.values() if n.type]
    named.append(lexicon.grounds_event)
    named += [("attacks", kind) for kind in set(lexicon.means_types.values())]
    assert named
    for prop, kind in named:
        assert kind in lexicon.event_types(prop), (prop, kind)
    assert lexicon.event_types("attacks") == ("ASSAULT", "FIGHT")  # in the scheme's order
    assert lexicon.event_types("envoyFor") == ()  # a role, not an event
