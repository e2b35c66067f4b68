"""The shape of the extractor: a spaCy component, argument patterns as versioned data, rules by
unique versioned names, and no English word written into its code."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import spacy
from spacy.glossary import GLOSSARY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import OntologyError
from kg.extract import extract
from kg.extract.component import DEFAULT_RULES, EXTENSION
from kg.extract.patterns import _FIELDS, Arguments, load_patterns, parse_patterns
from kg.extract.rules import RULES, register
from kg.lexicon import load_lexicon
from kg.model import Document
from kg.nlp import load_pipeline
from kg.rdf.namespace import KG, PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


# -- the component ------------------------------------------------------------------------------


def test_the_extractor_is_a_registered_factory_with_a_default_config():
    meta = Language.get_factory_meta("kg_extractor")
    assert meta.default_config == {
        "rules": list(DEFAULT_RULES),
        "ontology": None,
        "dictionaries": [],
    }
    assert set(DEFAULT_RULES) == set(RULES)  # every registered rule runs by default


def test_the_pipeline_extracts_after_the_ner_onto_the_doc(nlp):
    assert nlp.pipe_names.index("kg_extractor") > nlp.pipe_names.index("ner")
    doc = nlp("Hamas attacked Israel on Monday.")
    data = doc._.get(EXTENSION)
    assert [row["type"] for row in data["events"]] == ["ASSAULT"]
    # plain data: it survives spaCy's own serialisation (what n_process > 1 relies on)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    document = Document("d", doc.text, date="2025-03-06")
    assert extract(copy, document) == extract(doc, document)


def test_the_document_binds_scopes_and_dates(nlp):
    text = "Police arrested 40 protesters on Tuesday."
    first = extract(nlp(text), Document("a", text, date="2025-03-06"))
    second = extract(nlp(text), Document("b", text))
    (event,) = first.events
    assert all(key.startswith("a#") for key in (*event.sources, *event.targets))
    assert ("date", "2025-03-04") in event.qualifiers
    assert all(name != "date" for name, _ in second.events[0].qualifiers)  # no document date
    assert {e.key for e in second.entities} == {"b#police", "b#protesters"}


def test_the_config_chooses_the_rules():
    roles_only = load_pipeline()
    roles_only.remove_pipe("kg_extractor")
    roles_only.add_pipe("kg_extractor", config={"rules": ["role.v1"]})
    text = "Hamas attacked Israel, said John Smith, the envoy for Syria."
    result = extract(roles_only(text), Document("d", text))
    assert result.events == () and {f.property for f in result.facts} >= {"envoyFor"}
    with pytest.raises(OntologyError, match="unknown extraction rules"):
        roles_only.add_pipe("kg_extractor", name="other", config={"rules": ["verb.v9"]})


def test_several_processes_give_the_same_extractions(nlp):
    texts = ["Police arrested 40 protesters.", "Qatar mediated talks between Hamas and Israel."]
    documents = [Document(str(i), t) for i, t in enumerate(texts)]
    one = [extract(doc, d) for doc, d in zip(nlp.pipe(texts), documents, strict=True)]
    two = [extract(doc, d) for doc, d in zip(nlp.pipe(texts, n_process=2), documents, strict=True)]
    assert one == two and all(e.events for e in two)


def test_a_rule_name_is_registered_once():
    rule = RULES["verb.v2"]
    with pytest.raises(OntologyError, match="registered twice"):
        register("verb.v2")(lambda sentence, ctx: iter(()))
    assert RULES["verb.v2"] is rule
    assert all(name.rpartition(".v")[2].isdigit() for name in RULES)


# -- the argument patterns -----------------------------------------------------------------------


def _spec(name: str, role: str = "agent") -> dict:
    return {
        "name": name,
        "role": role,
        "pattern": [
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "arg", "RIGHT_ATTRS": {"DEP": "x"}},
        ],
    }


def test_pattern_names_are_unique_and_versioned():
    names = [p.name for p in load_patterns().patterns]
    assert len(names) == len(set(names))
    with pytest.raises(OntologyError, match="defined twice"):
        parse_patterns({"patterns": [_spec("agent.a.v1"), _spec("agent.a.v1", "patient")]})
    with pytest.raises(OntologyError, match="version"):
        parse_patterns({"patterns": [_spec("agent.subject")]})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"REL_OP": ">>"}, "operators"),  # only what the matcher from a word supports
        ({"RIGHT_ATTRS": {"SHAPE": "Xx"}}, "not supported"),
        ({"LEFT_ID": "nowhere"}, "DependencyMatcher"),  # spaCy's own check
    ],
)
def test_malformed_patterns_are_refused(change, message):
    spec = _spec("agent.bad.v1")
    spec["pattern"][1].update(change)
    with pytest.raises(OntologyError, match=message):
        parse_patterns({"patterns": [spec]})


def _parse(words, heads, deps, pos, tags=None) -> Doc:
    """A hand-built parse (no model): heads are token indices."""
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)


def test_agents_follow_voice_tiers_and_control():
    patterns = load_patterns()
    args = Arguments(patterns)  # one per document: it remembers answers by token
    # "Hamas released hostages": the subject
    doc = _parse(["Hamas", "released", "hostages"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                 ["PROPN", "VERB", "NOUN"])  # fmt: skip
    assert [t.text for t in args.get(doc[1], "agent")] == ["Hamas"]
    assert [t.text for t in args.get(doc[1], "patient")] == ["hostages"]
    # "hostages were released by Hamas": the passive subject is the patient, never the agent
    doc = _parse(
        ["hostages", "were", "released", "by", "Hamas"],
        [2, 2, 2, 2, 3],
        ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
        ["NOUN", "AUX", "VERB", "ADP", "PROPN"],
    )
    args = Arguments(patterns)
    assert [t.text for t in args.get(doc[2], "agent")] == ["Hamas"]
    assert [t.text for t in args.get(doc[2], "patient")] == ["hostages"]
    # "Libya offered to hand over suspects": the controlled verb's agent is the controller's
    doc = _parse(
        ["Libya", "offered", "to", "hand", "over", "suspects"],
        [1, 1, 3, 1, 3, 3],
        ["nsubj", "ROOT", "aux", "xcomp", "prt", "dobj"],
        ["PROPN", "VERB", "PART", "VERB", "ADP", "NOUN"],
    )
    args = Arguments(patterns)
    assert [t.text for t in args.get(doc[3], "agent")] == ["Libya"]
    assert [t.text for t in args.get(doc[1], "action")] == ["hand"]


def test_patterns_match_as_spacys_dependency_matcher_does(nlp):
    """The patterns are matched from the word asked about; spaCy's DependencyMatcher, matching
    everywhere, finds exactly the same bindings."""
    patterns = load_patterns()
    matcher = patterns.matcher(nlp.vocab)
    by_name = {p.name: p for p in patterns.patterns}
    texts = [
        "The hostages held by the rebels were released by Hamas on Monday.",
        "Libya offered to hand over the suspects to Britain, which demanded that Tripoli act.",
        "Mediators from Qatar, who met Israeli officials, said talks between them had begun.",
        "Nurses went on strike and Hamas-led forces attacked the village of Beit Hanoun.",
        "John Smith, the envoy for Syria, is the spokesman of the UN, which it said was ready.",
        "The Vienna-based agency, headquartered in Austria, hired Ana Ruiz, who works for it.",
    ]
    for doc in nlp.pipe(texts):
        expected = {(nlp.vocab.strings[key], tuple(tokens)) for key, tokens in matcher(doc)}
        found = {
            (pattern.name, tuple(binding[node.name].i for node in pattern.nodes))
            for pattern in by_name.values()
            for token in doc
            for binding in pattern.matches(token)
        }
        assert found == expected, doc.text


# -- no English in the code ----------------------------------------------------------------------

# Sections of lexicon.json whose entries are words of English text; the others hold names of the
# ontology, numbers or categories. A new section must be put in one of the two.
VOCABULARY = {
    "verbs", "nouns", "light_verbs", "roles", "nomination_words", "nomination_preps",
    "member_nouns", "group_nouns", "org_heads", "event_nouns", "anaphors", "modality",
    "relational_nouns", "partitive_nouns", "stances", "action_stances", "reversal_verbs",
    "frame_nouns", "unit_nouns", "outcome_verbs", "unanchored", "content_frames",
    "org_nouns", "grounds_nouns", "not_events", "place_nouns", "means_types", "function_words",
    "dates", "number_words",
}  # fmt: skip
STRUCTURE = {"_comment", "confidence", "class_parents", "symmetric", "polarity", "grounds_event"}
# vocabulary sections whose keys name groups of words ("negation_words"), not words
GROUPED = {
    "modality", "function_words", "dates", "means_types", "anaphors", "action_stances",
    "outcome_verbs", "unanchored",
}  # fmt: skip


def _words(value, into: set[str], *, grouped: bool = False) -> None:
    """Every word of a vocabulary section: keys of word tables, members of word lists, and the
    prepositions and head words inside trigger entries; not what a word maps to (a category,
    a class, a property) nor the names of groups of words."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.startswith("_") or key in {
                "property",
                "object_classes",
                "subject_classes",
                "alone_agents",
            }:
                continue
            if key == "arg" and item.startswith("prep:"):
                into.update(item.removeprefix("prep:").split())
            elif key not in {"arg", "subject", "inverse", "mutual", "type", "alone", "reversed"}:
                if not grouped:
                    into.update(key.lower().split())
                if not isinstance(item, str):  # a word's category ("intention") is no word
                    _words(item, into)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                into.update(item.lower().split())
            else:
                _words(item, into)


def english_words() -> set[str]:
    """What counts as an English word: a spaCy English stop word, or a word of the lexicon;
    dependency labels, part-of-speech tags, entity labels (spaCy's glossary), ontology terms
    and the keys and fields of the data (pattern roles, lexicon sections) do not."""
    data = json.loads((ROOT / "ontology" / "lexicon.json").read_text(encoding="utf-8"))
    assert set(data) == VOCABULARY | STRUCTURE
    words = set(STOP_WORDS)
    for section in VOCABULARY:
        _words(data[section], words, grouped=section in GROUPED)
    words |= {w.lower() for w in load_lexicon().demonyms}
    relations = json.loads((ROOT / "ontology" / "relations.json").read_text(encoding="utf-8"))
    _words([v for k, v in relations.items() if not k.startswith("_")], words)
    names = set(GLOSSARY) | set(KG.__annotations__) | set(PLOVER_TYPES)
    names |= {p.role for p in load_patterns().patterns} | _FIELDS | set(data)
    return words - names


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_english_word_is_a_literal_in_the_extractor():
    words = english_words()
    assert {"of", "by", "that", "no", "led", "including", "monday", "forty"} <= words
    found = [
        f"{path.name}:{line}: {text!r}"
        for path in sorted((ROOT / "kg" / "extract").glob("*.py"))
        for line, text in _literals(path)
        if text.split() and all(part in words for part in text.split())
    ]
    assert found == []


def test_the_literal_check_would_catch_one(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Docstrings may say "by"."""\nPREPS = ("by", "nsubj")\n')
    assert [text for _, text in _literals(module) if text in english_words()] == ["by"]
