"""Relation rules: each finds one kind of construction in a sentence and proposes facts.

Rules are plain functions registered by a versioned name (``verb.v1`` ...), as spaCy registers
its components: a rule takes the sentence and a ``Context`` and yields ``Candidate`` facts. What
words trigger which property is data (``ontology/lexicon.json``); the rules only know English
syntax: subjects and objects in every voice, control, nominal arguments, appositions and titles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Span, Token

from kg.extract.entities import Ref, Resolver
from kg.lexicon import Lexicon, NounTrigger, Slot

SUBJECT_DEPS = {"nsubj", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
CONTROL_DEPS = {"xcomp", "advcl", "conj", "pcomp"}


@dataclass(frozen=True)
class Candidate:
    """A fact proposed by a rule, before modality and confidence are settled."""

    subject: Ref
    property: str
    object: Ref
    trigger: Token
    rule: str


@dataclass
class Context:
    lexicon: Lexicon
    resolver: Resolver


Rule = Callable[[Span, Context], Iterator[Candidate]]
RULES: dict[str, Rule] = {}


def register(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under a versioned name; a change of behaviour gets a new version."""

    def decorate(rule: Rule) -> Rule:
        RULES[name] = rule
        return rule

    return decorate


# -- clause structure -------------------------------------------------------------------------


def is_passive(verb: Token) -> bool:
    """A passive clause ("were released") or a passive participle modifying a noun ("held by")."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}


def agents(verb: Token, ctx: Context, seen: frozenset[int] = frozenset()) -> list[Token]:
    """Who does the action: subject, passive "by" agent, or a controlling clause's subject."""
    if is_passive(verb):
        return [
            p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
        ]
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        if subjects[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head]
        return subjects
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ in CONTROL_DEPS and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i not in seen:
        return agents(verb.head, ctx, seen | {verb.i})
    return []


def patients(verb: Token) -> list[Token]:
    """What undergoes the action: object, passive subject, or the noun a participle modifies."""
    if is_passive(verb):
        found = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not found and verb.dep_ in {"acl", "amod"}:
            found = [verb.head]
        return found
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects and verb.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        objects = [verb.head]  # "an organization it has classified as ..."
    return objects


def prep_objects(head: Token, preposition: str) -> list[Token]:
    """Objects of a preposition attached to ``head`` ("engage with Hamas" -> Hamas)."""
    return [
        pobj
        for prep in head.children
        if prep.dep_ in {"prep", "agent", "dative"} and prep.lower_ == preposition
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def arg_tokens(verb: Token, arg: str) -> list[Token]:
    if arg == "obj":
        return patients(verb)
    if arg == "dative":
        return [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    return prep_objects(verb, arg.removeprefix("prep:"))


# -- rules ------------------------------------------------------------------------------------


def _pairs(subjects: list[Ref], objects: list[Ref]) -> Iterator[tuple[Ref, Ref]]:
    for subject in subjects:
        for obj in objects:
            if subject.key != obj.key:
                yield subject, obj


def _heads_ok(tokens: list[Token], heads: tuple[str, ...]) -> bool:
    return not heads or any(t.lemma_.lower() in heads for t in tokens)


def _resolve_all(tokens: list[Token], classes: tuple[str, ...], ctx: Context) -> list[Ref]:
    refs: list[Ref] = []
    for token in tokens:
        refs.extend(r for r in ctx.resolver.resolve(token, classes) if r not in refs)
    return refs


def _slot_candidates(verb: Token, slot: Slot, ctx: Context) -> Iterator[Candidate]:
    agent_tokens = agents(verb, ctx)
    object_tokens = arg_tokens(verb, slot.arg)
    subject_tokens = patients(verb) if slot.subject == "obj" else agent_tokens
    if not _heads_ok(object_tokens, slot.object_heads) or not _heads_ok(
        subject_tokens, slot.subject_heads
    ):
        return
    subjects = _resolve_all(subject_tokens, slot.subject_classes, ctx)
    objects = _resolve_all(object_tokens, slot.object_classes, ctx)
    rule = f"verb.v1:{verb.lemma_.lower()}/{slot.arg}"
    for subject, obj in _pairs(subjects, objects):
        if slot.inverse:
            subject, obj = obj, subject
        yield Candidate(subject, slot.property, obj, verb, rule)


@register("verb.v1")
def verb_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """A lexicon verb with its arguments, in active, passive, relative or controlled clauses."""
    for token in sentence:
        if token.pos_ not in {"VERB", "AUX"} or ctx.resolver.named_span(token) is not None:
            continue
        for slot in ctx.lexicon.verbs.get(token.lemma_.lower(), ()):
            yield from _slot_candidates(token, slot, ctx)


def _noun_agents(noun: Token, trigger: NounTrigger, ctx: Context) -> list[Token]:
    """Who acts in an event noun: "Hamas-led attacks", "Israel's offensive", "its control of Gaza",
    the subject of a light verb ("A and B commenced talks"), or "mediators from Qatar"."""
    found = [c for c in noun.children if c.dep_ in {"poss", "compound", "nmod"}]
    for child in noun.children:
        if child.dep_ == "amod" and child.lower_ == "led":
            found.extend(g for g in child.children if g.dep_ in {"npadvmod", "compound", "nmod"})
    for preposition in ("by", *trigger.agents):
        found.extend(prep_objects(noun, preposition))
    if found:
        return found
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in ctx.lexicon.light_verbs:
        return agents(head, ctx)
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return [c for c in head.head.children if c.dep_ == "poss"]  # "its assumption of control"
    return []


def _noun_objects(noun: Token, trigger: NounTrigger, ctx: Context) -> list[Token]:
    """Objects of an event noun, also where the parser hangs them on a light verb
    ("imposed sanctions on Syria": "on Syria" attaches to "imposed")."""
    heads = [noun]
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in ctx.lexicon.light_verbs:
        heads.append(noun.head)
    return [t for head in heads for p in trigger.objects for t in prep_objects(head, p)]


def _clause_event(noun: Token, ctx: Context) -> list[Token]:
    """The first event noun in an agent noun's clause ("mediators ... negotiating ceasefires")."""
    verb = noun.head
    return [
        t
        for t in verb.subtree
        if t.i != noun.i and t.pos_ == "NOUN" and t.lemma_.lower() in ctx.lexicon.event_nouns
    ][:1]


@register("noun.v1")
def noun_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """An event noun with its participants: "truce between Hamas and Israel", "talks with X"."""
    lex = ctx.lexicon
    for token in sentence:
        trigger = lex.nouns.get(token.lemma_.lower())
        if trigger is None or token.pos_ != "NOUN" or ctx.resolver.named_span(token) is not None:
            continue
        rule = f"noun.v1:{token.lemma_.lower()}"
        actors = _resolve_all(_noun_agents(token, trigger, ctx), ("Actor",), ctx)
        between = _resolve_all(prep_objects(token, "between"), ("Actor",), ctx)
        object_tokens = _noun_objects(token, trigger, ctx)
        if not object_tokens and trigger.object_from_clause:
            object_tokens = _clause_event(token, ctx)
        objects = _resolve_all(object_tokens, trigger.object_classes or ("Actor", "Event"), ctx)
        if trigger.property in lex.symmetric and not objects:
            participants = actors + [r for r in between if r not in actors]
            for a, b in combinations(participants, 2):
                if a.key != b.key:
                    yield Candidate(a, trigger.property, b, token, rule)
            continue
        for subject, obj in _pairs(actors, objects or between):
            yield Candidate(subject, trigger.property, obj, token, rule)


def _title_words(person: Span) -> list[Token]:
    """Words before a name that modify it ("Israeli Prime Minister", "American citizen")."""
    words = [t for t in person.doc[max(0, person.start - 6) : person.start]]
    inside = {t.i for t in person}
    chain = [t for t in words if t.head.i in inside or t.head in words]
    while chain and chain[0].dep_ in {"det", "punct", "case"}:
        chain.pop(0)
    return [t for t in chain if t.dep_ in {"compound", "amod", "nmod", "poss"}]


def _role_in(words: list[Token], lex: Lexicon) -> tuple[str, int] | None:
    """The longest role name ending a word sequence: ("prime minister", index of "Prime")."""
    lowered = [w.lower_ for w in words]
    for length in (3, 2, 1):
        if len(words) >= length and " ".join(lowered[-length:]) in lex.roles:
            return " ".join(lowered[-length:]), len(words) - length
    return None


def _role_facts(
    person: Ref,
    role_tokens: list[Token],
    name: str,
    ctx: Context,
    rule: str,
    qualifier_tokens: list[Token],
    *,
    with_position: bool = True,
) -> Iterator[Candidate]:
    """Facts implied by a person holding a role: the position, and whom the role is for."""
    lex, resolver = ctx.lexicon, ctx.resolver
    role = lex.roles[name]
    head = role_tokens[-1]
    if role.position and with_position:
        label = " ".join(t.text for t in role_tokens)
        position = Ref(resolver.table.add(label, "Position", label), role_tokens[0].i, head.i + 1)
        yield Candidate(person, "holdsPosition", position, head, rule)
    targets = []
    for token in qualifier_tokens:
        span = resolver.named_span(token)
        if span is not None or token.text in lex.demonyms:
            targets.extend(resolver.resolve(token, ("Actor",)))
    for preposition in ("for", "of", "to"):
        targets.extend(_resolve_all(prep_objects(head, preposition), ("Actor", "Topic"), ctx))
    for target in targets:
        if target.key != person.key:
            yield Candidate(person, role.property, target, head, rule)


def _appositive_role(person: Ref, noun: Token, ctx: Context, rule: str) -> Iterator[Candidate]:
    """A role in apposition: "Adam Boehler, the nominated special envoy for hostage affairs"."""
    lex = ctx.lexicon
    lefts = [t for t in noun.lefts if t.dep_ in {"amod", "compound", "nmod"}]
    words = [t for t in lefts if t.lower_ not in lex.nomination_words] + [noun]
    found = _role_in(words, lex)
    if found is None:
        return
    name, first = found
    role_tokens = words[first:]
    modifiers = words[:first]
    descriptive = [
        t for t in modifiers if ctx.resolver.named_span(t) is None and t.text not in lex.demonyms
    ]
    position_words = descriptive + role_tokens
    for_phrase = [
        t for p in noun.children if p.dep_ == "prep" and p.lower_ == "for" for t in p.subtree
    ]
    full_position = lex.roles[name].position and bool(for_phrase)
    if full_position:
        label = " ".join(
            t.text for t in [*position_words, *for_phrase] if t.dep_ not in {"det", "punct"}
        )
        position = Ref(
            ctx.resolver.table.add(label, "Position", label),
            position_words[0].i,
            for_phrase[-1].i + 1,
        )
        yield Candidate(person, "holdsPosition", position, noun, rule)
    yield from _role_facts(
        person, role_tokens, name, ctx, rule, modifiers, with_position=not full_position
    )
    if any(t.lower_ in lex.nomination_words for t in lefts):
        for preposition in lex.nomination_preps:
            for nominator in _resolve_all(prep_objects(noun, preposition), ("Actor",), ctx):
                yield Candidate(person, "nominatedBy", nominator, noun, rule)


@register("role.v1")
def role_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """Roles of named people: titles before the name, appositions, and "X is the envoy for Y"."""
    resolver = ctx.resolver
    for ent in sentence.ents:
        if ent.label_ != "PERSON":
            continue
        span = resolver.named_span(ent.root)
        if span is None:
            continue
        person = resolver.resolve(span.root, ("Person",))
        if not person:
            continue
        words = _title_words(span)
        found = _role_in(words, ctx.lexicon)
        if found is not None:
            name, first = found
            yield from _role_facts(person[0], words[first:], name, ctx, "title.v1", words[:first])
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
            nouns.extend(c for c in root.head.children if c.dep_ == "attr")
        for noun in nouns:
            yield from _appositive_role(person[0], noun, ctx, "role.v1")
