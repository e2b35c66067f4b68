"""The trigger lexicon and name tables, loaded from ``ontology/`` (vocabulary is data, not code)."""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, OntologyError

if TYPE_CHECKING:
    from kg.cameo import Dictionary, DictionaryPattern


def unaccented(text: str) -> str:
    """``text`` without its diacritics: "Bogotá" is the tables' "Bogota"."""
    if text.isascii():  # most names: nothing to take off
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class NameTable(dict):
    """A table keyed by names that also finds a name written with accents its row leaves out
    ("Bogotá", "Yaoundé", "Asunción" for rows written in plain letters)."""

    def __missing__(self, name: str) -> Any:
        plain = unaccented(name)
        if plain == name or not dict.__contains__(self, plain):
            raise KeyError(name)
        return dict.__getitem__(self, plain)

    def __contains__(self, name: object) -> bool:
        if dict.__contains__(self, name):
            return True
        return isinstance(name, str) and dict.__contains__(self, unaccented(name))

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default


@dataclass(frozen=True)
class Alias:
    """A known name: its canonical label, ontology class and the spaCy label NER would give it."""

    canonical: str
    cls: str
    ner_label: str


@dataclass(frozen=True)
class Slot:
    """How one argument of a trigger word becomes a fact (see ``ontology/lexicon.json``)."""

    arg: str  # "obj", "dative" or "prep:<preposition>"
    property: str
    subject: str = "agent"  # "agent" or "obj": which argument is the fact's subject
    inverse: bool = False
    object_classes: tuple[str, ...] = ()
    subject_classes: tuple[str, ...] = ()
    object_heads: tuple[str, ...] = ()
    subject_heads: tuple[str, ...] = ()
    patient_heads: tuple[str, ...] = ()  # the direct object's head, for a "prep:X" slot
    # the object itself, never an actor behind a relational noun: "received Washington's
    # demands" receives no visitor
    direct: bool = False
    type: str | None = None  # the PLOVER type, where the property has several


@dataclass(frozen=True)
class NounTrigger:
    """An event noun ("talks", "truce") and where its participants are found."""

    property: str
    objects: tuple[str, ...]
    agents: tuple[str, ...] = ()
    object_classes: tuple[str, ...] = ()
    object_from_clause: bool = False
    mutual: bool = False  # "Czechia and Albania upgraded their ties": the agents pair up
    reversed: str | None = None  # the property when ended ("lifted the blockade": withdraws)
    alone: str | None = None  # the property with one party and nothing else ("declared a truce")
    alone_agents: tuple[str, ...] = ()  # its party must be of these ("doctors began a strike")
    # a state, an event only where a verb acts on it: "restored ties", not "its ties with X"
    needs_verb: bool = False
    # a response, an event only where its verb has a condition: "will take measures if Tbilisi
    # joins NATO" is a threat, made now, at whoever the condition names
    conditional: bool = False
    type: str | None = None  # the PLOVER type, where the property has several


@dataclass(frozen=True)
class Neighbour:
    """A word no entry names, matched to its nearest lexicon entry through WordNet: one row of
    ``ontology/neighbours.tsv`` (written by ``python -m kg.neighbours``)."""

    word: str
    pos: str  # "verb" or "noun"
    entry: str  # the lexicon entry whose slots (or noun trigger) it takes
    type: str  # the entry's PLOVER type
    property: str
    distance: int  # 0 synonym, 1 troponym, hyponym or verb group, 2 hypernym or two down
    relation: str  # the WordNet relations from the entry's synset to the word's
    synset: str  # the word's synset (its offset in data.verb or data.noun)

    def row(self) -> str:
        """The row as written in ``neighbours.tsv``."""
        return "\t".join(str(getattr(self, name)) for name in NEIGHBOUR_COLUMNS)

    @property
    def rule(self) -> str:
        """What a rule id carries for an event found through this word: ``+wordnet:ENTRY``."""
        return f"{WORDNET_MARK}{self.entry}"


#: What marks, in a rule id, an event read through a WordNet neighbour.
WORDNET_MARK = "+wordnet:"


NEIGHBOUR_COLUMNS = ("word", "pos", "entry", "type", "property", "distance", "relation", "synset")


@dataclass(frozen=True)
class Role:
    """A role noun ("envoy", "citizen"): the property it implies and whether it is a position."""

    property: str
    position: bool
    # where the holder is posted, not whom they act for, once the role's owner is named:
    # "Sudan's ambassador to the United Nations" is Sudan's envoy, not the UN's
    posted_preps: tuple[str, ...] = ()


@dataclass(frozen=True)
class FunctionWords:
    """English function words the rules look for, each group named by what it does there."""

    agent_preps: tuple[str, ...]  # "attacks by Hamas"
    pair_preps: tuple[str, ...]  # "talks between A and B"
    partitive_preps: tuple[str, ...]  # "a group of diplomats", "tens of thousands of troops"
    member_preps: tuple[str, ...]  # "members of the Movement", "delegations from Armenia"
    inclusion_preps: tuple[str, ...]  # "several countries, including Egypt"
    leading_words: tuple[str, ...]  # "Hamas-led attacks"
    definite_determiners: tuple[str, ...]
    through_preps: tuple[str, ...]  # a relational noun's owner: "the withdrawal of Serbian forces"
    target_preps: tuple[str, ...]  # whom a stance is about: "offered to hand over ... to Britain"
    action_place_preps: tuple[str, ...]  # "threatened to ban voting in East Jerusalem"
    purpose_preps: tuple[str, ...]  # "travel to Cairo for consultations"
    manner_preps: tuple[str, ...]  # a bare event noun the act is done as: "marched in protest at"
    purpose_target_preps: tuple[str, ...]  # "staged rallies to protest against Sweden's decision"
    purpose_owner_preps: tuple[str, ...]  # "... against the decision by Sweden"
    grounds_preps: tuple[str, ...]  # "jailed on charges of treason"
    role_preps: tuple[str, ...]  # "the envoy for Syria", "the leader of Hamas"
    position_preps: tuple[str, ...]  # "special envoy for hostage affairs" is one position
    place_preps: tuple[str, ...]
    outcome_preps: tuple[str, ...]  # the event that caused an outcome: "killed in an air strike"
    date_preps: tuple[str, ...]
    plural_pronouns: tuple[str, ...]  # "they": may stand for a joined subject ("A and B")
    honorifics: tuple[str, ...]  # "Sheikh", "Dr.", "Ayatollah": before a name, not part of it
    former_words: tuple[str, ...]  # "former President X" holds the post no longer
    particles: tuple[str, ...]  # words the parser may leave unmarked: "pulled back", "shot dead"
    anonymity_verbs: tuple[str, ...]  # "asked not to be named": a source's formula, no request
    question_verbs: tuple[str, ...]  # "asked whether he would ...": a question, no request
    question_marks: tuple[str, ...]  # the words opening that question
    patient_preps: tuple[str, ...]  # "the shelling of the town": an event noun's patient
    counterpart_nouns: tuple[str, ...]  # "its allies" are others than the owner, who acts
    comment_verbs: tuple[str, ...]  # "declined to comment": a refusal to speak rejects no one
    resultative_verbs: tuple[str, ...]  # "left the question unresolved": no one left anything
    institution_voices: tuple[str, ...]  # "an army spokesman" speaks for the army
    copular_verbs: tuple[str, ...]  # "would become targets": a state, not an act
    agents_for: tuple[str, ...]  # "negotiators for Hamas" act for Hamas (not "an envoy for Syria")
    acting_preps: tuple[str, ...]  # the preposition naming whom those nouns act for
    portfolio_words: tuple[str, ...]  # "Interior Minister": the office's name, no employer
    body_preps: tuple[str, ...]  # "president of the National Assembly": the body is in the office
    characterising_verbs: tuple[str, ...]  # "described the raid as an attack": no second event
    characterising_preps: tuple[str, ...]  # the preposition of that judgement ("as")
    fixed_expressions: tuple[str, ...]  # "persona non grata": one word to the parser
    venue_verbs: tuple[str, ...]  # "Oman hosted a round of talks": the host is no party
    expelling_verbs: tuple[str, ...]  # commands that can send someone away ("ordered")
    expulsion_acts: tuple[str, ...]  # what they send away with: "ordered the envoy to leave"
    expulsion_senses: tuple[str, ...]  # the verb whose senses such a command takes ("expel")
    captive_words: tuple[str, ...]  # what "took X hostage" makes X: a predicate, not X's head
    granted_words: tuple[str, ...]  # what "granted X access" gives X: X receives it
    reaction_verbs: tuple[str, ...]  # "the test drew condemnation from X": X reacts to the test
    reaction_preps: tuple[str, ...]  # the preposition naming who reacts ("from X")
    cargo_nouns: tuple[str, ...]  # loads that are themselves what is done to ("a shipment of")
    # a passive of blaming and the preposition naming whom: "blame on" ("was blamed on X")
    blamed_on: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor knows about words; built once from the ontology files."""

    verbs: dict[str, tuple[Slot, ...]]
    nouns: dict[str, NounTrigger]
    light_verbs: frozenset[str]
    reversal_verbs: frozenset[str]
    frame_nouns: frozenset[str]
    unit_nouns: frozenset[str]  # a part of an organisation: "the head of the ICRC delegation"
    roles: dict[str, Role]
    nomination_words: frozenset[str]
    nomination_preps: frozenset[str]
    member_nouns: frozenset[str]
    group_nouns: dict[str, str]
    org_heads: dict[str, str]
    org_nouns: frozenset[str]
    event_nouns: frozenset[str]
    grounds_nouns: frozenset[str]
    place_nouns: frozenset[str]  # unnamed places an act is aimed at ("shelled the town")
    not_events: frozenset[str]  # compounds of a trigger noun that name no event ("press release")
    grounds_event: tuple[str, str | None]  # (property, PLOVER type) of acting on charges
    means_types: dict[str, str]  # "aircraft" -> "FIGHT": the type of an act by these means
    relational_nouns: frozenset[str]
    partitive_nouns: frozenset[str]
    stances: dict[str, str]
    action_stances: frozenset[str]  # a stance only over a governed action ("committed to")
    outcome_verbs: frozenset[str]  # "a drone strike killed four": its subject event happened
    unanchored: frozenset[str]  # entries whose sense is not WordNet's commonest: no neighbours
    polarity: dict[str, str]  # property -> "cooperative" | "hostile"
    pronouns: dict[str, tuple[str, ...]]
    anaphoric_nouns: dict[str, tuple[str, ...]]
    anaphor_window: int
    pair_nouns: dict[str, tuple[str, ...]]  # "the two sides": the last two actors named
    pair_words: frozenset[str]  # the words that count them as two ("two", "both")
    modality: dict[str, frozenset[str]]
    content_frames: dict[str, str]  # "deny" -> "negated": the modality of what a claim says
    confidence: dict[str, Any]
    aliases: NameTable  # name -> Alias; accents the rows leave out are ignored
    capitals: NameTable  # capital -> its country; as a place the city itself (capitals.tsv)
    demonyms: NameTable
    class_parents: dict[str, tuple[str, ...]]
    symmetric: frozenset[str]
    signatures: dict[str, dict[str, tuple[str, ...]]]
    function_words: FunctionWords
    months: dict[str, int]  # month names and abbreviations -> 1..12
    weekdays: tuple[str, ...]  # Monday first
    days_back: dict[str, int]  # "yesterday" -> 1
    number_words: dict[str, int]
    folder: str | None = None  # where the vocabulary was read from (None: the installed ontology/)
    dictionaries: tuple[str, ...] = ()  # CAMEO dictionaries merged in (kg build --dictionary)
    imported: tuple[Dictionary, ...] = ()  # what reading each of them gave (counts, problems)
    # words matched to entries through WordNet (``ontology/neighbours.tsv``), by (pos, word)
    neighbours: dict[tuple[str, str], Neighbour] = field(default_factory=dict)

    def event_types(self, prop: str) -> tuple[str, ...]:
        """The PLOVER types a property maps to, the default first (empty: not an event)."""
        signature = self.signatures.get(prop)
        return signature["plover"] if signature else ()

    def fits(self, prop: str, subject_cls: str, object_cls: str) -> bool:
        """Whether a fact respects the property's domain and range (``signatures.json``)."""
        signature = self.signatures.get(prop)
        return signature is not None and (
            self.is_a(subject_cls, signature["domain"])
            and self.is_a(object_cls, signature["range"])
        )

    @cached_property
    def verb_keys(self) -> frozenset[str]:
        """Every verb, phrasal verb and prepositional verb the lexicon names."""
        return frozenset(
            set(self.verbs)
            | set(self.stances)
            | self.light_verbs
            | self.reversal_verbs
            | self.modality["reporting_verbs"]
        )

    @cached_property
    def go_between(self) -> frozenset[str]:
        """Properties of a go-between, read from their nouns: those whose event nouns take the
        parties "between" as objects while someone else acts ("Norway's mediation between A and
        B"), so "mediated the talks between A and B" is done between A and B."""
        pair = set(self.function_words.pair_preps)
        return frozenset(
            noun.property
            for noun in self.nouns.values()
            if pair & set(noun.objects) and not noun.mutual and noun.property not in self.symmetric
        )

    @cached_property
    def listed_verb_keys(self) -> frozenset[str]:
        """The verb keys a person wrote (the lexicon, a dictionary), without WordNet neighbours."""
        return self.verb_keys - {word for pos, word in self.neighbours if pos == "verb"}

    @cached_property
    def countries(self) -> frozenset[str]:
        """Country names the tables know (demonym targets and country aliases)."""
        named = {a.canonical for a in self.aliases.values() if a.cls == "Country"}
        return frozenset(named | set(self.demonyms.values()))

    def is_a(self, cls: str, wanted: tuple[str, ...] | list[str]) -> bool:
        """Whether ``cls`` is one of ``wanted`` or a subclass of one (empty: anything)."""
        if not wanted:
            return True
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current in wanted:
                return True
            seen.add(current)
            todo.extend(p for p in self.class_parents.get(current, ()) if p not in seen)
        return False

    def properties(self) -> set[str]:
        """Every ontology property the lexicon can produce (tests check them against kg.ttl)."""
        props = {slot.property for slots in self.verbs.values() for slot in slots}
        props |= {noun.property for noun in self.nouns.values()}
        props |= {role.property for role in self.roles.values()}
        return props | {"holdsPosition", "nominatedBy", "citizenOf"}


def read_vocabulary(name: str, folder: str | None = None) -> str:
    """A vocabulary file from ``folder``, or from the installed ``ontology/`` when None."""
    try:
        if folder is None:
            return files("kg.ontology").joinpath(name).read_text(encoding="utf-8")
        return Path(folder, name).read_text(encoding="utf-8")
    except OSError as exc:
        raise OntologyError(f"cannot read the vocabulary file {name} ({exc})") from exc


def read_json_vocabulary(name: str, folder: str | None = None) -> Any:
    """A JSON vocabulary file, refusing a key written twice in one object: JSON keeps the last
    silently, so the first entry would be dead data that looks live."""

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise OntologyError(f"{name}: {', '.join(map(repr, twice))} written twice; keep one")
        return dict(pairs)

    try:
        return json.loads(read_vocabulary(name, folder), object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise OntologyError(f"{name}: not valid JSON ({exc})") from exc


#: Files of ``ontology/`` that extraction never reads: the RDF side (the ontology and its SHACL
#: shapes, which extraction sees only through ``signatures.json``) and the query library.
_NOT_VOCABULARY = (".ttl", ".rq", ".py", ".pyc")


def _vocabulary_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = prefix + entry.name
        if entry.is_dir():
            yield from _vocabulary_files(entry, name + "/")
        elif not entry.name.endswith(_NOT_VOCABULARY):
            yield name, entry.read_bytes()


def vocabulary_hash(folder: Traversable) -> str:
    """The SHA-256 of the vocabulary files in ``folder`` (names and contents, in name order):
    every file but the RDF ones (``.ttl``) and the queries (``.rq``), subfolders included."""
    digest = hashlib.sha256()
    for name, data in _vocabulary_files(folder):
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _installed_hash() -> str:
    return vocabulary_hash(files("kg.ontology"))


def lexicon_hash(dictionaries: tuple[str, ...] = ()) -> str:
    """The hash of the vocabulary extraction reads from the installed ``ontology/``
    (``lexicon.json``, the name tables, ``signatures.json`` and any data added beside them), and
    of the CAMEO dictionaries merged with it, in their order (``kg build --dictionary``).

    A graph records it (``kg:lexiconHash`` of its build), so two graphs tell whether the same
    vocabulary made them; it depends on the files' content only (never on where a dictionary
    lies), so rebuilding the same input gives the same graph.
    """
    if not dictionaries:
        return _installed_hash()
    digest = hashlib.sha256(_installed_hash().encode())
    for _, content in _dictionary_digests(dictionaries):
        digest.update(f"\0dictionary\0{content}".encode())
    return digest.hexdigest()


def _dictionary_digests(paths: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each dictionary's path with the SHA-256 of its content (a changed file is read again)."""
    found = []
    for path in paths:
        try:
            found.append((str(path), hashlib.sha256(Path(path).read_bytes()).hexdigest()))
        except FileNotFoundError as exc:
            raise InputError(f"{path}: no such dictionary file; check the path") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read the dictionary: {exc.strerror or exc}") from exc
    return tuple(found)


def _read_tsv(name: str, folder: str | None) -> list[list[str]]:
    text = read_vocabulary(name, folder)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))


def _slot(spec: dict[str, Any]) -> Slot:
    return Slot(
        arg=spec["arg"],
        property=spec["property"],
        subject=spec.get("subject", "agent"),
        inverse=spec.get("inverse", False),
        object_classes=tuple(spec.get("object_classes", ())),
        subject_classes=tuple(spec.get("subject_classes", ())),
        object_heads=tuple(spec.get("object_heads", ())),
        subject_heads=tuple(spec.get("subject_heads", ())),
        patient_heads=tuple(spec.get("patient_heads", ())),
        direct=spec.get("direct", False),
        type=spec.get("type"),
    )


#: How far from its entry a WordNet neighbour may be to be used (``ontology/neighbours.tsv``:
#: 0 synonyms, 1 troponyms, hyponyms and verb groups, 2 hypernyms). Chosen on the PLOVER dev
#: records with ``bench/neighbours.py`` (with ``kg.neighbours.WORD_SENSES``): the farthest that
#: lowers no dev figure; 2 lowers none either but costs the own records source recall.
NEIGHBOUR_DISTANCE = 1

#: The share of its entry's confidence an event found through a neighbour keeps: a guess from
#: WordNet is surer than nothing and less sure than a word a person listed.
NEIGHBOUR_WEIGHT = 0.8


def load_lexicon(
    folder: str | None = None,
    dictionaries: tuple[str, ...] = (),
    neighbours: int | None = NEIGHBOUR_DISTANCE,
) -> Lexicon:
    """Read ``lexicon.json``, ``aliases.tsv``, ``capitals.tsv``, ``demonyms.tsv`` and
    ``signatures.json`` from ``folder``, by default the installed ontology, merge the CAMEO verb
    dictionaries named (``merge_dictionaries``), then add the WordNet neighbours up to distance
    ``neighbours`` (``with_neighbours``; None: none); each file is read once while its content
    stays the same."""
    if not dictionaries:
        return _generalised(folder, neighbours)
    return _merged_lexicon(folder, _dictionary_digests(tuple(dictionaries)), neighbours)


@lru_cache(maxsize=8)
def _generalised(folder: str | None, distance: int | None) -> Lexicon:
    lexicon = _load_lexicon(folder)
    if distance is None:
        return lexicon
    return with_neighbours(lexicon, read_neighbours(folder), distance)


def read_neighbours(folder: str | None = None) -> tuple[Neighbour, ...]:
    """The rows of ``neighbours.tsv`` (none when the file is absent: a vocabulary folder of
    one's own need not have it)."""
    try:
        rows = _read_tsv("neighbours.tsv", folder)
    except OntologyError:
        return ()
    try:
        return tuple(
            Neighbour(**{**dict(zip(NEIGHBOUR_COLUMNS, row, strict=True)), "distance": int(row[5])})
            for row in rows
        )
    except (ValueError, IndexError) as exc:
        raise OntologyError(
            f"neighbours.tsv is malformed ({exc}); regenerate it with python -m kg.neighbours"
        ) from exc


def named_words(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Every verb and noun the vocabulary gives a role of its own (a trigger, a stance, a role
    noun, a group, a place ...): such a word keeps its own meaning and is never a neighbour."""
    relation = load_relation_words(lexicon.folder)
    verbs = set(lexicon.verb_keys | relation.work_verbs | relation.residence_verbs)
    for name, words in lexicon.modality.items():  # "prevent" marks a mood; it is no "forbid"
        if name.endswith("_verbs"):
            verbs |= words
    verbs |= set(lexicon.content_frames)  # "studying a plan" frames it; it is no "examine"
    nouns = set(lexicon.nouns) | set(lexicon.roles) | set(lexicon.group_nouns)
    nouns |= set(lexicon.content_frames)
    nouns |= set(lexicon.means_types) | set(lexicon.anaphoric_nouns)
    for words in (
        lexicon.member_nouns, lexicon.org_nouns, lexicon.event_nouns, lexicon.grounds_nouns,
        lexicon.place_nouns, lexicon.not_events, lexicon.relational_nouns,
        lexicon.partitive_nouns, lexicon.frame_nouns, lexicon.unit_nouns, relation.job_nouns,
        relation.membership_heads, relation.place_heads,
    ):  # fmt: skip
        nouns |= words
    return {"verb": frozenset(verbs), "noun": frozenset(nouns)}


def with_neighbours(lexicon: Lexicon, rows: Iterable[Neighbour], distance: int) -> Lexicon:
    """The lexicon with each neighbour up to ``distance`` taking its entry's meaning: a verb the
    entry's slots that name no object word (a synonym shares a sense, not the entry's idioms:
    "struck a deal"), a noun the entry's trigger. A word the lexicon names in any role, listed or
    merged from a dictionary or added after the table was made, keeps its own entry."""
    known = named_words(lexicon)
    verbs, nouns, taken = dict(lexicon.verbs), dict(lexicon.nouns), {}
    for row in rows:
        if row.distance > distance or row.word in known.get(row.pos, ()):
            continue
        if row.pos == "verb":
            plain = tuple(
                s
                for s in lexicon.verbs.get(row.entry, ())
                if not (s.object_heads or s.patient_heads)
            )
            if not plain:
                continue
            verbs[row.word] = plain
        elif row.entry in lexicon.nouns:
            nouns[row.word] = lexicon.nouns[row.entry]
        else:
            continue
        taken[row.pos, row.word] = row
    return replace(lexicon, verbs=verbs, nouns=nouns, neighbours=taken)


#: Which patterns of a dictionary a build takes (``merge_dictionaries``): chosen on the PLOVER dev
#: records with the field's CAMEO dictionary (``bench/dictionary.py``), where taking the patterns
#: of verbs kg already knows lowered precision and type recall and gained nothing.
DICTIONARY_TAKE = "new"


@lru_cache(maxsize=4)
def _merged_lexicon(
    folder: str | None, dictionaries: tuple[tuple[str, str], ...], distance: int | None
) -> Lexicon:
    from kg.cameo import cameo_table, read_dictionary

    table = cameo_table(folder)
    read = [read_dictionary(path, table) for path, _ in dictionaries]
    merged = merge_dictionaries(_load_lexicon(folder), read, DICTIONARY_TAKE)
    if distance is None:
        return merged
    return with_neighbours(merged, read_neighbours(folder), distance)


@lru_cache(maxsize=4)
def _load_lexicon(folder: str | None) -> Lexicon:
    try:
        data = read_json_vocabulary("lexicon.json", folder)
        aliases = NameTable(
            (row[0], Alias(row[1], row[2], row[3])) for row in _read_tsv("aliases.tsv", folder)
        )
        capitals = NameTable((row[0], row[1]) for row in _read_tsv("capitals.tsv", folder))
        # as an actor a capital is its country, matched and canonicalised like any alias
        aliases.update(
            {city: Alias(country, "Country", "GPE") for city, country in capitals.items()}
        )
        demonyms = NameTable((row[0], row[1]) for row in _read_tsv("demonyms.tsv", folder))
        anaphors = data["anaphors"]
        return Lexicon(
            verbs={lemma: tuple(map(_slot, specs)) for lemma, specs in data["verbs"].items()},
            nouns={
                lemma: NounTrigger(
                    property=spec["property"],
                    objects=tuple(spec.get("objects", ())),
                    agents=tuple(spec.get("agents", ())),
                    object_classes=tuple(spec.get("object_classes", ())),
                    object_from_clause=spec.get("object_from_clause", False),
                    mutual=spec.get("mutual", False),
                    reversed=spec.get("reversed"),
                    alone=spec.get("alone"),
                    alone_agents=tuple(spec.get("alone_agents", ())),
                    needs_verb=spec.get("needs_verb", False),
                    conditional=spec.get("conditional", False),
                    type=spec.get("type"),
                )
                for lemma, spec in data["nouns"].items()
            },
            light_verbs=frozenset(data["light_verbs"]),
            reversal_verbs=frozenset(data["reversal_verbs"]),
            frame_nouns=frozenset(data["frame_nouns"]),
            unit_nouns=frozenset(data["unit_nouns"]),
            roles={
                word: Role(**{**spec, "posted_preps": tuple(spec.get("posted_preps", ()))})
                for word, spec in data["roles"].items()
            },
            nomination_words=frozenset(data["nomination_words"]),
            nomination_preps=frozenset(data["nomination_preps"]),
            member_nouns=frozenset(data["member_nouns"]),
            group_nouns=dict(data["group_nouns"]),
            org_heads=dict(data["org_heads"]),
            org_nouns=frozenset(data["org_nouns"]) | frozenset(data["org_heads"]),
            event_nouns=frozenset(data["event_nouns"]),
            grounds_nouns=frozenset(data["grounds_nouns"]),
            place_nouns=frozenset(data["place_nouns"]),
            not_events=frozenset(data["not_events"]),
            grounds_event=(data["grounds_event"]["property"], data["grounds_event"].get("type")),
            means_types={
                word: kind
                for kind, words in data["means_types"].items()
                if not kind.startswith("_")
                for word in words
            },
            relational_nouns=frozenset(data["relational_nouns"]),
            partitive_nouns=frozenset(data["partitive_nouns"]),
            stances=dict(data["stances"]),
            action_stances=frozenset(data["action_stances"]["words"]),
            outcome_verbs=frozenset(data["outcome_verbs"]["words"]),
            unanchored=frozenset(data["unanchored"]["words"]),
            polarity={prop: kind for kind, props in data["polarity"].items() for prop in props},
            pronouns={k: tuple(v) for k, v in anaphors["pronouns"].items()},
            anaphoric_nouns={k: tuple(v) for k, v in anaphors["nouns"].items()},
            anaphor_window=int(anaphors["window"]),
            pair_nouns={k: tuple(v) for k, v in anaphors["pairs"]["nouns"].items()},
            pair_words=frozenset(anaphors["pairs"]["words"]),
            modality={k: frozenset(v) for k, v in data["modality"].items()},
            content_frames={
                k: v for k, v in data["content_frames"].items() if not k.startswith("_")
            },
            confidence=data["confidence"],
            aliases=aliases,
            capitals=capitals,
            demonyms=demonyms,
            class_parents={k: tuple(v) for k, v in data["class_parents"].items()},
            symmetric=frozenset(data["symmetric"]),
            signatures={
                prop: {side: tuple(classes) for side, classes in signature.items()}
                for prop, signature in read_json_vocabulary("signatures.json", folder).items()
            },
            function_words=FunctionWords(
                **{
                    name: tuple(words)
                    for name, words in data["function_words"].items()
                    if not name.startswith("_")
                }
            ),
            months={
                name: number
                for number, names in enumerate(data["dates"]["months"], 1)
                for name in names
            },
            weekdays=tuple(data["dates"]["weekdays"]),
            days_back=dict(data["dates"]["days_back"]),
            number_words=dict(data["number_words"]),
            folder=folder,
        )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise OntologyError(f"ontology lexicon data is malformed: {exc!r}") from exc


@dataclass(frozen=True)
class RelationWords:
    """The English words of the general news relations (``ontology/relations.json``), each group
    named by the construction that looks for it."""

    based_words: frozenset[str]  # "the Nairobi-based institute", "headquartered in Vienna"
    based_preps: frozenset[str]
    location_preps: frozenset[str]  # "the hospital in Khan Younis", "Goma, in eastern Congo"
    origin_preps: frozenset[str]  # "a teacher from Rabat"
    employer_preps: frozenset[str]  # "an analyst at the institute"
    member_preps: frozenset[str]  # "Jane Roe of the Labour Party"
    work_verbs: frozenset[str]  # "who works for the council"
    residence_verbs: frozenset[str]  # "who lives in Mogadishu"
    job_nouns: frozenset[str]
    membership_heads: frozenset[str]  # organisations one is a member of, not employed by
    place_heads: frozenset[str]  # "Kharkiv, Ukraine's second-largest city"
    list_words: frozenset[str]  # "Paris, London and Rome" is a list, not "Paris, Texas"


@lru_cache(maxsize=4)
def load_relation_words(folder: str | None = None) -> RelationWords:
    """Read ``relations.json`` from ``folder``, by default the installed ontology."""
    try:
        data = read_json_vocabulary("relations.json", folder)
        return RelationWords(
            **{name: frozenset(words) for name, words in data.items() if not name.startswith("_")}
        )
    except (TypeError, ValueError) as exc:
        raise OntologyError(f"relations.json is malformed: {exc!r}") from exc


# -- CAMEO dictionaries merged with the built-in lexicon --------------------------------------


def merge_dictionaries(
    lexicon: Lexicon, dictionaries: list[Dictionary], take: str = "all"
) -> Lexicon:
    """The lexicon with the verb patterns of CAMEO dictionaries added as verb slots.

    Each pattern becomes a slot of its verb (``dictionary_slot``). What is there first wins: the
    built-in lexicon, then the dictionaries in their order, then earlier lines of one file. A
    pattern is left out where a slot already there for the same verb and argument names the same
    object words (or, both without words, takes any object), and a verb the built-in lexicon
    gives another role (a stance, light, reversal or reporting verb) takes no pattern without
    object words. ``take`` chooses the patterns: "all", "specific" (only those naming an object
    word or a preposition) or "new" (only verbs the built-in lexicon does not name at all).
    What was left out is counted in each dictionary's ``skipped``.
    """
    known = lexicon.verb_keys
    other_roles = known - set(lexicon.verbs)
    claims: dict[str, _Claims] = {}
    added: dict[str, dict[tuple, set[str]]] = {}
    for dictionary in dictionaries:
        for pattern in dictionary.patterns:
            if take == "specific" and not (pattern.objects or pattern.preposition):
                dictionary.skipped["patterns without object words (not taken)"] += 1
                continue
            if take == "new" and pattern.verb in known:
                dictionary.skipped["patterns of verbs kg knows (not taken)"] += 1
                continue
            slot = dictionary_slot(pattern, lexicon)
            if not slot.object_heads and pattern.verb in other_roles:
                dictionary.skipped["patterns of verbs kg gives another role"] += 1
                continue
            verb_claims = claims.get(pattern.verb)
            if verb_claims is None:
                verb_claims = claims[pattern.verb] = _Claims(lexicon.verbs.get(pattern.verb, ()))
            heads = verb_claims.unclaimed(slot)
            if heads is None:
                dictionary.skipped["patterns already covered (built-in or earlier)"] += 1
                continue
            key = (*_slot_key(slot), bool(slot.object_heads))
            added.setdefault(pattern.verb, {}).setdefault(key, set()).update(heads)
    verbs = dict(lexicon.verbs)
    for verb, groups in added.items():
        slots = [
            Slot(
                arg,
                prop,
                object_classes=classes,
                object_heads=tuple(sorted(heads)),
                patient_heads=patients,
                type=kind,
            )
            for (arg, prop, kind, classes, patients, _), heads in groups.items()
        ]
        # slots naming object words first: where they match they are the verb's sense
        slots.sort(key=lambda s: not (s.object_heads or s.patient_heads))
        verbs[verb] = (*verbs.get(verb, ()), *slots)
    return replace(
        lexicon,
        verbs=verbs,
        dictionaries=lexicon.dictionaries + tuple(d.path for d in dictionaries),
        imported=lexicon.imported + tuple(dictionaries),
    )


class _Claims:
    """What the slots of one verb already take, by argument and required direct object: any
    object, or these object words."""

    def __init__(self, slots: tuple[Slot, ...]) -> None:
        self.anything: set[tuple[str, frozenset[str]]] = set()
        self.words: dict[tuple[str, frozenset[str]], set[str]] = {}
        for slot in slots:
            self.claim(slot, set(slot.object_heads))

    def claim(self, slot: Slot, heads: set[str]) -> None:
        key = (slot.arg, frozenset(slot.patient_heads))
        if not slot.object_heads:
            self.anything.add(key)
        self.words.setdefault(key, set()).update(heads)

    def _rivals(self, slot: Slot) -> list[tuple[str, frozenset[str]]]:
        patients = set(slot.patient_heads)
        return [
            (arg, required)
            for arg, required in self.words
            if arg == slot.arg and ((not required and not patients) or required & patients)
        ]

    def unclaimed(self, slot: Slot) -> set[str] | None:
        """The slot's object words nobody takes yet, claimed now (an empty set for a slot that
        takes any object); None when nothing is left."""
        rivals = self._rivals(slot)
        if not slot.object_heads:
            if any(key in self.anything for key in rivals):
                return None
            self.claim(slot, set())
            return set()
        heads = set(slot.object_heads).difference(*(self.words[key] for key in rivals))
        if not heads:
            return None
        self.claim(slot, heads)
        return heads


def dictionary_slot(pattern: DictionaryPattern, lexicon: Lexicon) -> Slot:
    """The verb slot of a dictionary pattern: the direct object, or the object of its
    preposition, is the event's target; where the pattern names the object's head words they
    must be there (and the object may then be a thing: "eased the curfew"), otherwise the object
    is anything the property's range allows."""
    if pattern.preposition:
        arg, heads, patients = f"prep:{pattern.preposition}", pattern.prep_objects, pattern.objects
    else:
        arg, heads, patients = "obj", pattern.objects, ()
    classes = () if heads else lexicon.signatures[pattern.property]["range"]
    return Slot(
        arg,
        pattern.property,
        object_classes=tuple(classes),
        object_heads=tuple(heads),
        patient_heads=tuple(patients),
        type=pattern.type,
    )


def _slot_key(slot: Slot) -> tuple:
    return (slot.arg, slot.property, slot.type, slot.object_classes, slot.patient_heads)
