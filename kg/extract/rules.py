"""Relation rules: each finds one kind of construction in a sentence and proposes facts.

Rules are plain functions registered by a versioned name (``verb.v1`` ...), as spaCy registers
its components: a rule takes the sentence and a ``Context`` and yields ``Candidate`` facts. What
words trigger which property is data (``ontology/lexicon.json``); the rules only know English
syntax: subjects and objects in every voice, control, nominal arguments, appositions and titles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    governed: set[int] = field(default_factory=set)  # actions covered by a stance (this sentence)


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
    if verb.dep_ == "conj" and is_passive(verb.head):  # "was indicted ... and will resign"
        return [c for c in verb.head.children if c.dep_ == "nsubjpass"]
    if verb.dep_ in CONTROL_DEPS and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i not in seen:
        return agents(verb.head, ctx, seen | {verb.i})
    head = verb.head.head  # "resorted to throwing stones": the gerund's subject is the clause's
    if verb.dep_ == "pcomp" and head.pos_ in {"VERB", "AUX"} and head.i not in seen:
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects and verb.head.lower_ in {"for", "of", "from"}:
            return objects  # object control: "condemned the US for selling jets", "accused X of"
        return agents(head, ctx, seen | {verb.i})
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
        if prep.dep_ in {"prep", "agent", "dative", "pcomp"} and prep.lower_ == preposition
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def arg_tokens(verb: Token, arg: str) -> list[Token]:
    if arg == "obj":
        return patients(verb)
    if arg == "clause":  # "Croatian authorities are failing ..., a rights group protested"
        return [
            s
            for c in verb.children
            if c.dep_ == "ccomp"
            for s in c.children
            if s.dep_ in SUBJECT_DEPS
        ]
    if arg == "dative":
        return [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    preposition = arg.removeprefix("prep:")
    # a two-word preposition: "pulled out of three villages", "because of"
    outer = [
        c
        for c in verb.children
        if c.dep_ == "prep" and not any(g.dep_ == "pobj" for g in c.children)
    ]
    # the parser often hangs "to Y" on the object ("provided photographs and intelligence to
    # Macedonia") or on a coordinated verb ("donated and delivered goods to the school")
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    objects = [o for v in verbs for o in v.children if o.dep_ == "dobj"]
    objects += [c for o in objects for c in o.conjuncts]
    objects += [p for o in objects for p in prep_objects(o, "of")]  # "40 tons of supplies to"
    heads = verbs + objects + outer
    return [t for head in heads for t in prep_objects(head, preposition)]


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


EVENT_OBJECTS = ("Actor", "Place", "Event")
MUTUAL_PROPERTIES = {"agreesWith", "cooperatesWith"}  # done together when the subjects are joined
THROUGH_DEPS = {"poss", "compound", "nmod", "amod", "appos"}
THROUGH_PREPS = (
    "of",
    "from",
    "by",
    "to",
    "on",
    "against",
    "with",
    "for",
    "in",
    "among",
    "over",
    "about",
    "around",
    "near",
)


def owners(tokens: list[Token], classes: tuple[str, ...], ctx: Context) -> list[Ref]:
    """Who acts through a relational noun in subject position: "US Predator attacks killed ...",
    "the Hamas-led attacks on Israel killed ..." (Hamas, never the attacked)."""
    inner = []
    for token in tokens:
        if not {token.lemma_.lower(), token.lower_} & ctx.lexicon.relational_nouns:
            continue
        mods = [c for c in token.children if c.dep_ in {"poss", "compound", "nmod", "amod"}]
        mods += [
            g
            for c in mods
            if c.dep_ == "compound" or c.lower_ == "led"
            for g in c.children
            if g.dep_ in {"compound", "nmod", "npadvmod", "amod", "poss"}
        ]
        inner += [m for m in mods if m.pos_ != "PRON"] + prep_objects(token, "by")
    return _resolve_all(inner, classes or ("Actor",), ctx)


def object_refs(
    tokens: list[Token], classes: tuple[str, ...], ctx: Context, depth: int = 2
) -> list[Ref]:
    """Objects of an action, looking through relational nouns to the actor behind them.

    "rejected a U.S. request" rejects the United States; "demanded the withdrawal of Serbian
    forces" is a demand on Serbia. Which nouns are relational is data (``relational_nouns``).
    """
    refs: list[Ref] = []
    for token in tokens:
        found: list[Ref] = []
        if {token.lemma_.lower(), token.lower_} & ctx.lexicon.relational_nouns:
            # not "its"/"their": a possessive pronoun in the object points back at the subject
            inner = [c for c in token.children if c.dep_ in THROUGH_DEPS and c.pos_ != "PRON"]
            inner += [
                g
                for c in inner
                if c.dep_ == "compound"
                for g in c.children
                if g.dep_ in THROUGH_DEPS
            ]  # "US Predator attacks"
            inner += [p for prep in THROUGH_PREPS for p in prep_objects(token, prep)]
            # "crimes committed by Croat forces", "property seized by government forces"
            inner += [
                p
                for acl in token.children
                if acl.dep_ in {"acl", "relcl"}
                for prep in THROUGH_PREPS
                for p in prep_objects(acl, prep)
            ]
            # "held by the paramilitary, the Rapid Support Forces": the name in apposition
            inner += [a for t in list(inner) for a in t.children if a.dep_ == "appos"]
            wanted = tuple(c for c in classes if c not in {"Event", "Topic"}) or ("Actor",)
            found = _resolve_all(inner, wanted, ctx)
            if not found and depth > 1:  # "a demand from the US President", "efforts among
                found = object_refs(inner, wanted, ctx, depth - 1)  # Serbia's republics"
        found = found or ctx.resolver.resolve(token, classes)
        refs.extend(r for r in found if r not in refs)
    return refs


def _slot_candidates(verb: Token, slot: Slot, ctx: Context) -> Iterator[Candidate]:
    agent_tokens = agents(verb, ctx)
    object_tokens = arg_tokens(verb, slot.arg)
    subject_tokens = patients(verb) if slot.subject == "obj" else agent_tokens
    if not _heads_ok(object_tokens, slot.object_heads) or not _heads_ok(
        subject_tokens, slot.subject_heads
    ):
        return
    subjects = _resolve_all(subject_tokens, slot.subject_classes, ctx) or owners(
        subject_tokens, slot.subject_classes, ctx
    )
    objects = object_refs(object_tokens, slot.object_classes, ctx)
    rule = f"verb.v1:{verb_key(verb, ctx.lexicon)}/{slot.arg}"
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
        slots = ctx.lexicon.verbs.get(verb_key(token, ctx.lexicon), ())
        if any(s.property == "accuses" for s in slots):  # "accused India of massing troops":
            ctx.governed.update(  # the massing is alleged, not asserted
                g.i
                for p in token.children
                if p.dep_ == "prep" and p.lower_ in {"of", "for"}
                for g in p.children
                if g.dep_ == "pcomp"
            )
        found = [
            c for slot in slots if slot.arg != "self" for c in _slot_candidates(token, slot, ctx)
        ]
        yield from found
        mutual = [s for s in slots if s.property in ctx.lexicon.symmetric | MUTUAL_PROPERTIES]
        # the object may name the relation itself: "fought fierce battles" (not "negotiated
        # ceasefires", where the ceasefire is what was negotiated)
        props = {s.property for s in mutual}
        named = [*patients(token), *(t for s in slots for t in arg_tokens(token, s.arg))]
        alone = all(_names_relation(t, props, ctx) for t in named)
        # "Indian and Chinese commanders met", "fighting between A and B"; but not "A and B
        # negotiated ceasefires", where the object is what they negotiated
        if not found and mutual and alone:
            parties = _resolve_all(
                agents(token, ctx) or prep_objects(token, "between"), ("Actor",), ctx
            )
            for a, b in combinations(parties, 2):
                if a.key != b.key:
                    found.append(
                        Candidate(
                            a,
                            mutual[0].property,
                            b,
                            token,
                            f"verb.v1:{verb_key(token, ctx.lexicon)}/mutual",
                        )
                    )
            yield from found
        if not found:  # "Avril resigned", "ethnic Albanians demonstrated": the event is the object
            for slot in (s for s in slots if s.arg == "self"):
                for subject in _resolve_all(agents(token, ctx), slot.subject_classes, ctx):
                    for event in ctx.resolver.event(token):
                        yield Candidate(
                            subject,
                            slot.property,
                            event,
                            token,
                            f"verb.v1:{verb_key(token, ctx.lexicon)}/self",
                        )


def _names_relation(noun: Token, props: set[str], ctx: Context) -> bool:
    """Whether a noun names one of these relations itself ("battles" for fighting)."""
    found = noun_trigger(noun, ctx)
    return found is not None and found[1].property in props


def verb_key(verb: Token, lexicon: Lexicon) -> str:
    """The lexicon key of a verb: with its particle when it has one ("call off" is not "call"),
    or its preposition where that makes a verb of its own ("called on the Council"); tolerant of
    a lemmatizer slip ("staged" -> "stag") by trying the stems of the inflected form."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    preps = [] if particles else [c.lower_ for c in verb.children if c.dep_ == "prep"]
    for stem in lemma_candidates(verb):
        for key in [" ".join([stem, *particles]), *(f"{stem} {p}" for p in preps)]:
            if key in lexicon.verb_keys:
                return key
    return " ".join([verb.lemma_.lower(), *particles])


def lemma_candidates(token: Token) -> list[str]:
    """The lemma, then stems of the word form (regular English inflection)."""
    word = token.lower_
    stems = [token.lemma_.lower(), word]
    for suffix, replacement in (
        ("ied", "y"),
        ("ies", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("ing", ""),
        ("ing", "e"),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stems.append(word[: -len(suffix)] + replacement)
    return stems


def _noun_agents(noun: Token, trigger: NounTrigger, ctx: Context) -> list[Ref]:
    """Who acts in an event noun: "Hamas-led attacks", "Israel's offensive", "its control of Gaza",
    the subject of a light verb ("A and B commenced talks"), or "mediators from Qatar". The first
    of these that names an actor wins ("their first meeting" falls back to the verb's subject)."""
    own = [c for c in noun.children if c.dep_ in {"poss", "compound", "nmod"}]
    own += [c for c in noun.children if c.dep_ == "amod" and c.text in ctx.lexicon.demonyms]
    for child in noun.children:
        if child.dep_ == "amod" and child.lower_ == "led":
            own.extend(g for g in child.children if g.dep_ in {"npadvmod", "compound", "nmod"})
    for preposition in ("by", *trigger.agents):
        own.extend(prep_objects(noun, preposition))
    head = noun.head
    pronouns = [t for t in own if t.pos_ == "PRON"]  # "their ties": the verb's subject says more
    options = [[t for t in own if t.pos_ != "PRON"]]
    if noun.dep_ == "dobj" and carries(head, ctx, noun):
        # in a collocation the verb's subject acts: "ordered patrols by police"
        collocation = f"{verb_key(head, ctx.lexicon)} {noun.lemma_.lower()}" in ctx.lexicon.nouns
        options.insert(0 if collocation else 1, agents(head, ctx))
    options.append(pronouns)
    verb = head.head
    if (
        noun.dep_ == "pobj"
        and f"{verb.lemma_.lower()} {head.lower_} {noun.lemma_.lower()}" in ctx.lexicon.nouns
    ):
        options.insert(0, agents(verb, ctx))  # "nurses went on strike"
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        options.append([c for c in head.head.children if c.dep_ == "poss"])  # "its assumption of"
    lex = ctx.lexicon
    if (
        noun.dep_ == "pobj"
        and head.lower_ in {"for", "to"}  # not "sealed off the West Bank after the bombing"
        and verb.pos_ == "VERB"
        and not (
            verb_key(verb, ctx.lexicon) in lex.verbs or verb_key(verb, ctx.lexicon) in lex.stances
        )
    ):  # "will travel to Cairo for consultations"; not "blamed Kyiv for the attack"
        options.append(agents(verb, ctx))
    if carrier := _partitive_carrier(noun):
        options.insert(0, agents(carrier, ctx))
    for tokens in options:
        refs = _resolve_all(tokens, ("Actor",), ctx)
        if refs:
            return refs
    return []


def carries(verb: Token, ctx: Context, noun: Token | None = None) -> bool:
    """Whether a verb only carries its object noun's event ("commenced talks", "halted aid"),
    or makes one with it ("dispatched inspectors", "collected signatures")."""
    lex = ctx.lexicon
    if noun is not None and f"{verb_key(verb, ctx.lexicon)} {noun.lemma_.lower()}" in lex.nouns:
        return True
    return any(
        k in lex.light_verbs or k in lex.reversal_verbs
        for k in (verb_key(verb, ctx.lexicon), verb.lemma_.lower())
    )


def _noun_objects(noun: Token, trigger: NounTrigger, ctx: Context) -> list[Token]:
    """Objects of an event noun, also where the parser hangs them on a light verb
    ("imposed sanctions on Syria": "on Syria" attaches to "imposed")."""
    heads = [noun, *noun.conjuncts]  # "artillery, mortar and rocket fire against X"
    if noun.dep_ == "dobj" and carries(noun.head, ctx, noun):
        heads.append(noun.head)
    if carrier := _partitive_carrier(noun):
        heads.append(carrier)
    return [t for head in heads for p in trigger.objects for t in prep_objects(head, p)]


def _purpose_targets(verb: Token, ctx: Context) -> list[Ref]:
    """Actors a purpose clause aims at ("to protest against Sweden's decision"), named first."""
    clauses = [c for c in verb.children if c.dep_ in {"advcl", "xcomp"} and c.pos_ == "VERB"]
    clauses += [
        p
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for p in c.children
        if p.dep_ == "pobj" and p.lemma_.lower() in ctx.lexicon.nouns
    ]
    tokens = [t for c in clauses for t in patients(c)]
    tokens += [
        t
        for c in clauses
        for p in ("against", "from", "on", "by", "at")
        for t in prep_objects(c, p)
    ]
    tokens += [
        t for tok in list(tokens) for p in ("by", "of", "from") for t in prep_objects(tok, p)
    ]
    refs = object_refs(tokens, ("Actor",), ctx)
    named = [r for r in refs if ctx.resolver.table.drafts[r.key].scope is None]
    return named or refs


def _clause_event(noun: Token, ctx: Context) -> list[Token]:
    """The first event noun in an agent noun's clause ("mediators ... negotiating ceasefires")."""
    verb = noun.head
    return [
        t
        for t in verb.subtree
        if t.i != noun.i and t.pos_ == "NOUN" and t.lemma_.lower() in ctx.lexicon.event_nouns
    ][:1]


@register("noun.v1")
def noun_trigger(noun: Token, ctx: Context) -> tuple[str, NounTrigger] | None:
    """The trigger of an event noun: a compound first ("hunger strike" is not "strike"), then the
    noun, then a trigger compounded into a frame noun ("a mediation effort", "a peace mission")."""
    lex = ctx.lexicon
    lemma = noun.lemma_.lower()
    compounds = [c.lemma_.lower() for c in noun.lefts if c.dep_ in {"compound", "amod"}]
    keys = [f"{c} {lemma}" for c in compounds] + [lemma]
    if noun.dep_ == "dobj":  # a collocation first: "lodged a protest", "opened fire"
        keys.insert(0, f"{verb_key(noun.head, ctx.lexicon)} {lemma}")
    elif carrier := _partitive_carrier(noun):  # "massed tens of thousands of troops"
        keys.insert(0, f"{verb_key(carrier, ctx.lexicon)} {lemma}")
    elif noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":  # "went on strike"
        keys.insert(0, f"{noun.head.head.lemma_.lower()} {noun.head.lower_} {lemma}")
    for key in keys:
        if key in lex.nouns:
            return key, lex.nouns[key]
    if lemma in lex.frame_nouns:
        inner = compounds + [p.lemma_.lower() for p in prep_objects(noun, "of")]
        for key in inner:  # "a mediation effort", "a state of emergency"
            if key in lex.nouns:
                return key, lex.nouns[key]
    return None


def _partitive_carrier(noun: Token) -> Token | None:
    """The verb whose object is a quantity of this noun ("massed [tens of thousands] of troops")."""
    head = noun.head
    while head.lower_ == "of" and head.head.pos_ in {"NOUN", "NUM"}:
        quantity = head.head
        if quantity.dep_ == "dobj":
            return quantity.head
        head = quantity.head
    return None


def reversed_property(prop: str, noun: Token, ctx: Context, key: str = "") -> str:
    """Stopping a cooperative act is a sanction ("halted aid"); ending a hostile one a concession
    ("lifted the blockade"). Other verbs leave the noun's property as it is."""
    lex = ctx.lexicon
    verb = verb_key(noun.head, ctx.lexicon)
    if noun.dep_ != "dobj" or verb not in lex.reversal_verbs or key.startswith(f"{verb} "):
        return prop  # not ended, or a collocation that already says what happened
    found = noun_trigger(noun, ctx)
    if found and found[1].reversed:
        return found[1].reversed
    kind = lex.polarity.get(prop)
    return {"cooperative": "sanctions", "hostile": "concedesTo"}.get(kind or "", prop)


@register("noun.v1")
def noun_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """An event noun with its participants: "truce between Hamas and Israel", "talks with X"."""
    lex = ctx.lexicon
    for token in sentence:
        found = noun_trigger(token, ctx) if token.pos_ == "NOUN" else None
        if found is None or ctx.resolver.named_span(token) is not None:
            continue
        key, trigger = found
        prop = reversed_property(trigger.property, token, ctx, key)
        rule = f"noun.v1:{key}"
        actors = _noun_agents(token, trigger, ctx)
        between = _resolve_all(prep_objects(token, "between"), ("Actor",), ctx)
        object_tokens = _noun_objects(token, trigger, ctx)
        # "its demand that Israel ease ...", also when the clause hangs on the verb
        holders = [token, token.head] if token.dep_ == "dobj" else [token]
        clauses = [
            c
            for holder in holders
            for c in holder.children
            if c.dep_ in {"acl", "ccomp", "relcl"}
            and c.pos_ in {"VERB", "AUX"}
            and any(g.lower_ == "that" for g in c.children)
        ]
        if clauses and prop in lex.stances.values():  # the demanded act is not asserted
            object_tokens += [g for c in clauses for g in c.children if g.dep_ == "nsubj"]
            ctx.governed.update(c.i for c in clauses)
        if not object_tokens and trigger.object_from_clause:
            object_tokens = _clause_event(token, ctx)
        objects = object_refs(object_tokens, trigger.object_classes or EVENT_OBJECTS, ctx)
        if not objects and not between and token.dep_ == "dobj":  # "staged rallies to demand X"
            objects = _purpose_targets(token.head, ctx)
        if not objects and prop != trigger.property:  # whose effort was halted: "halted
            objects = object_refs([token], ("Actor", "Place"), ctx)  # efforts among Serbia's ..."
        if not objects and prop != trigger.property:  # "called off the strike": what was given up
            objects = ctx.resolver.resolve(token, ("Event", "Topic"))
        if not objects and not actors[1:] and not between:  # "opened a hearing into the legality"
            objects = object_refs(object_tokens, ("Topic",), ctx)
        if trigger.alone and not objects and len(actors) + len(between) == 1:
            prop = trigger.alone  # "Hizbollah declared a unilateral ceasefire": it stands down
            objects = ctx.resolver.event(token)
        elif trigger.alone and not objects and not between and not actors[1:]:
            objects = ctx.resolver.event(token)  # "staged a hunger strike": the event itself
        if (prop in lex.symmetric or trigger.mutual) and not objects:
            participants = actors + [r for r in between if r not in actors]
            for a, b in combinations(participants, 2):
                if a.key != b.key:
                    yield Candidate(a, prop, b, token, rule)
            continue
        for subject, obj in _pairs(actors, objects or between):
            yield Candidate(subject, prop, obj, token, rule)


@register("grounds.v1")
def grounds_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """ "jailed 52 members on charges of treason": acting on charges accuses whom it acts on."""
    for token in sentence:
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        grounds = [t for p in ("on", "over", "for") for t in prep_objects(token, p)]
        if not any(t.lemma_.lower() in ctx.lexicon.grounds_nouns for t in grounds):
            continue
        rule = f"grounds.v1:{verb_key(token, ctx.lexicon)}"
        subjects = _resolve_all(agents(token, ctx), ("Actor",), ctx)
        for subject, obj in _pairs(subjects, object_refs(patients(token), ("Actor",), ctx)):
            yield Candidate(subject, "accuses", obj, token, rule)


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
    for ent in resolver.entities_in(sentence):
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
