"""The extractor as a spaCy pipeline component: ``nlp.add_pipe("kg_extractor")``.

The component runs the rules over every sentence of a parsed Doc and leaves what it found on the
Doc as ``doc._.kg_extraction``: sentences, entities, facts and event mentions as plain lists, so
that the value survives ``nlp.pipe(..., n_process=2)``, which sends Docs between processes as
bytes. What needs the document itself (its id, which scopes the unnamed entities, and its date,
which places "on Tuesday" in time) is added by ``bind`` when the Doc meets its ``Document``:
``kg.extract.extract(doc, document)``.

The factory's config names the rules to run (registered, versioned names) and the folder of the
vocabulary (null: the ontology installed with kg)::

    nlp.add_pipe("kg_extractor", config={"rules": ["verb.v2", "noun.v2"]})
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import OntologyError
from kg.extract import relations  # noqa: F401  (registers relation.v1)
from kg.extract.confidence import calibrate, load_calibration
from kg.extract.entities import EntityTable, Resolver
from kg.extract.events import events, fact, settle, without_own_side
from kg.extract.patterns import Arguments, load_patterns
from kg.extract.qualifiers import dated
from kg.extract.rules import RULES, Context
from kg.extract.stance import governed
from kg.lexicon import load_lexicon
from kg.model import Document, Entity, EventMention, Extraction, Fact, Sentence

NAME = "kg_extractor"  # the factory's and the pipeline component's name
EXTENSION = "kg_extraction"
DEFAULT_RULES = ("verb.v2", "noun.v2", "stance.v2", "grounds.v2", "role.v1", "relation.v1")
UNBOUND = ""  # the scope of unnamed entities until the document is known


class Extractor:
    """Runs the named rules over a Doc; see the module docstring."""

    def __init__(
        self,
        *,
        rules: tuple[str, ...] | list[str] = DEFAULT_RULES,
        ontology: str | None = None,
        dictionaries: tuple[str, ...] | list[str] = (),
    ) -> None:
        unknown = [name for name in rules if name not in RULES]
        if unknown:
            raise OntologyError(f"unknown extraction rules {unknown}; known: {sorted(RULES)}")
        self.rules = tuple(RULES[name] for name in rules)
        self.lexicon = load_lexicon(ontology, tuple(dictionaries))
        self.patterns = load_patterns(ontology)
        self.calibration = load_calibration(ontology)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, to_data(self.run(doc), self.lexicon.folder, self.lexicon.dictionaries))
        return doc

    def run(self, doc: Doc) -> Extraction:
        """Everything found in the Doc, with unnamed entities not yet scoped to a document."""
        lexicon = self.lexicon
        table = EntityTable(UNBOUND, lexicon)
        context = Context(lexicon, Resolver(doc, table, lexicon), Arguments(self.patterns))
        sentences: list[Sentence] = []
        facts: dict[tuple[str, str, str, int], Fact] = {}
        mentions: list[EventMention] = []
        for span in doc.sents:
            whole = span.text  # built from every token each time it is asked for
            text = whole.strip()
            if not text:
                continue
            index = len(sentences)
            start = span.start_char + (len(whole) - len(whole.lstrip()))
            sentences.append(Sentence(index, start, start + len(text), text))
            context.governed.clear()
            candidates = [c for rule in self.rules for c in rule(span, context)]
            # only intended, refused or demanded: the stance stands for the governed act
            settled = [settle(c, context) for c in candidates if not governed(c, context)]
            settled = without_own_side(settled, context)
            for item in settled:
                found = fact(item, index, context)
                if found is None:
                    continue
                key = (found.subject, found.property, found.object, index)
                if key not in facts or facts[key].confidence < found.confidence:
                    facts[key] = found
            mentions += events(settled, index, context)
        used = {key for f in facts.values() for key in (f.subject, f.object)}
        used |= {key for e in mentions for key in (*e.sources, *e.targets)}
        used |= {
            value
            for item in (*facts.values(), *mentions)
            for name, value in item.qualifiers
            if name == "place"
        }
        found = Extraction(
            Document(UNBOUND, ""),  # the document is bound later (``bind``)
            tuple(sentences),
            table.entities(used),
            tuple(facts.values()),
            tuple(mentions),
        )
        return calibrate(found, self.calibration)


@Language.factory(
    NAME,
    default_config={"rules": list(DEFAULT_RULES), "ontology": None, "dictionaries": []},
)
def make_extractor(
    nlp: Language, name: str, rules: list[str], ontology: str | None, dictionaries: list[str]
) -> Extractor:
    """The extractor component; the Doc extension is registered here so that every process of
    ``nlp.pipe(n_process=...)`` has it. ``dictionaries`` are CAMEO verb dictionaries merged with
    the vocabulary (``kg build --dictionary``)."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)
    return Extractor(rules=rules, ontology=ontology, dictionaries=dictionaries)


def to_data(
    extraction: Extraction, ontology: str | None = None, dictionaries: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The Doc-level result as plain lists (what spaCy can serialise), without the document;
    with the vocabulary that found it."""
    return {
        "ontology": ontology,
        "dictionaries": list(dictionaries),
        "sentences": [_row(s) for s in extraction.sentences],
        "entities": [
            [e.key, e.label, e.cls, sorted(e.aliases), e.scope] for e in extraction.entities
        ],
        "facts": [_row(f) for f in extraction.facts],
        "events": [_row(e) for e in extraction.events],
    }


def _row(item: Sentence | Fact | EventMention) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in fields(item)}


def bind(data: dict[str, Any], document: Document) -> Extraction:
    """The extraction of ``document`` from the Doc-level result: unnamed entities scoped to the
    document, date phrases placed in time against its date."""
    lexicon = load_lexicon(data["ontology"])
    keys: dict[str, str] = {}
    entities = []
    for key, label, cls, aliases, scope in data["entities"]:
        if scope is not None:
            keys[key] = document.id + key
            key, scope = keys[key], document.id
        entities.append(Entity(key, label, cls, frozenset(aliases), scope))

    def rekey(value: str) -> str:
        return keys.get(value, value)

    def qualifiers(rows: list) -> tuple[tuple[str, str], ...]:
        found = tuple((name, rekey(value) if name == "place" else value) for name, value in rows)
        return dated(found, document.date, lexicon)

    facts = []
    for row in data["facts"]:
        found = Fact(**{**row, "qualifiers": qualifiers(row["qualifiers"])})
        subject, obj = rekey(found.subject), rekey(found.object)
        if found.property in lexicon.symmetric and obj < subject:  # kept in key order
            subject, obj = obj, subject
        facts.append(replace(found, subject=subject, object=obj))
    mentions = []
    for row in data["events"]:
        found = EventMention(**{**row, "qualifiers": qualifiers(row["qualifiers"])})
        mentions.append(
            replace(
                found,
                sources=tuple(map(rekey, row["sources"])),
                targets=tuple(map(rekey, row["targets"])),
            )
        )
    return Extraction(
        document,
        tuple(Sentence(**row) for row in data["sentences"]),
        tuple(sorted(entities, key=lambda e: e.key)),
        tuple(facts),
        tuple(mentions),
    )
