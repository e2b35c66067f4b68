"""Event rules: each finds one kind of construction in a sentence and proposes events.

Rules are plain functions registered by a versioned name (``verb.v2`` ...), as spaCy registers
its components: a rule takes the sentence and a ``Context`` and yields ``Candidate`` events, with
both sides where the text names both (they become facts too) and one where it names one. What
words trigger which property is data (``ontology/lexicon.json``), and so is where a word's
arguments sit in the parse (``ontology/patterns.json``, asked through ``Context.args``); the
rules combine them: voices, control, nominal arguments, stances, appositions and titles.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from spacy.tokens import Span, Token

from kg.errors import OntologyError
from kg.extract.entities import NON_THINGS, Ref, Resolver
from kg.extract.patterns import Arguments
from kg.lexicon import Lexicon, NounTrigger, Slot


@dataclass(frozen=True)
class Candidate:
    """An event (and, with both sides, a fact) proposed by a rule, before modality and
    confidence are settled. One side may be missing: "40 marchers were detained" names no
    subject, "Jordan agreed to host the next round" no actor as object. ``theme`` is the action's
    own object where it names no actor ("the next round"), or the action word itself ("resign");
    ``type`` the PLOVER type the lexicon entry names, if any."""

    subject: Ref | None
    property: str
    object: Ref | None
    trigger: Token
    rule: str
    theme: Token | None = None
    type: str | None = None


@dataclass
class Context:
    lexicon: Lexicon
    resolver: Resolver
    args: Arguments  # where the arguments of each word are (``ontology/patterns.json``)
    governed: set[int] = field(default_factory=set)  # actions covered by a stance (this sentence)
    _keys: dict[int, str] = field(default_factory=dict)
    _nouns: dict[int, tuple[str, NounTrigger] | None] = field(default_factory=dict)

    def key(self, verb: Token) -> str:
        """``verb_key`` of a token, remembered: every rule asks it of the same verbs."""
        found = self._keys.get(verb.i)
        if found is None:
            found = self._keys[verb.i] = verb_key(verb, self.lexicon)
        return found

    def noun(self, noun: Token) -> tuple[str, NounTrigger] | None:
        """``noun_trigger`` of a token, remembered as ``key`` is."""
        if noun.i not in self._nouns:
            self._nouns[noun.i] = _noun_trigger(noun, self)
        return self._nouns[noun.i]


Rule = Callable[[Span, Context], Iterator[Candidate]]
RULES: dict[str, Rule] = {}


def register(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under a versioned name; a change of behaviour gets a new version, and a
    name registered twice is an error (the second would silently replace the first)."""

    def decorate(rule: Rule) -> Rule:
        if name in RULES:
            raise OntologyError(f"extraction rule {name!r} is registered twice")
        RULES[name] = rule
        return rule

    return decorate


# -- clause structure: where the arguments are is in ontology/patterns.json ---------------------


def is_passive(verb: Token, ctx: Context) -> bool:
    """A passive clause ("were released") or a passive participle modifying a noun ("held by")."""
    return ctx.args.has(verb, "passive")


def agents(verb: Token, ctx: Context) -> list[Token]:
    """Who does the action: subject, passive "by" agent, or a controlling clause's subject."""
    return ctx.args.get(verb, "agent")


def patients(verb: Token, ctx: Context) -> list[Token]:
    """What undergoes the action: object, passive subject, or the noun a participle modifies."""
    return ctx.args.get(verb, "patient")


def prep_objects(head: Token, preposition: str, ctx: Context) -> list[Token]:
    """Objects of a preposition attached to ``head`` ("engage with Hamas" -> Hamas)."""
    return ctx.args.get(head, "prep", preposition)


def arg_tokens(verb: Token, arg: str, ctx: Context) -> list[Token]:
    """The tokens of one argument of a lexicon slot: "obj", "clause", "dative" or "prep:X"."""
    if arg == "obj":
        return patients(verb, ctx)
    if arg in {"clause", "dative"}:  # "clause": "..., a rights group protested"
        return ctx.args.get(verb, arg)
    # the parser often hangs "to Y" on the object ("provided photographs and intelligence to
    # Macedonia"), on a coordinated verb ("donated and delivered goods to the school") or inside
    # a two-word preposition ("pulled out of three villages"): the "holder" patterns
    preposition = arg.removeprefix("prep:")
    return [
        t for head in ctx.args.get(verb, "holder") for t in prep_objects(head, preposition, ctx)
    ]


# -- rules ------------------------------------------------------------------------------------


def _pairs(
    subjects: list[Ref], objects: list[Ref], mutual: bool = False
) -> Iterator[tuple[Ref, Ref]]:
    """Each subject with each object; those who act together are not each other's object
    ("the proposal put forward by the United States and Saudi Arabia": neither asks the other),
    unless the act is mutual ("Kenya and Ethiopia sent delegations to Nairobi": both meet)."""
    acting = {s.key for s in subjects}
    for subject in subjects:
        for obj in objects:
            if obj.key != subject.key and (mutual or obj.key not in acting):
                yield subject, obj


def quantified(token: Token, ctx: Context) -> list[Token]:
    """What a quantity or collective is of ("tens of thousands of troops", "a brigade of
    doctors"): the objects of its "of"; empty for other nouns."""
    lex = ctx.lexicon
    if token.lemma_.lower() not in lex.partitive_nouns and token.pos_ != "NUM":
        return []
    return [o for p in lex.function_words.partitive_preps for o in prep_objects(token, p, ctx)]


def heads_ok(tokens: list[Token], heads: Collection[str], ctx: Context) -> bool:
    """Whether one of the tokens has one of the head words, as lemma or as written ("talks"),
    also behind a quantity ("called up thousands of reservists"), whose "of" phrase says what
    it is ("sent a brigade of doctors" sends doctors, not a brigade); a load is both itself and
    what it holds ("seized a shipment of pumps")."""
    if not heads:
        return True
    for token in tokens:
        words = quantified(token, ctx) or [token]
        if token.lemma_.lower() in ctx.lexicon.function_words.cargo_nouns:  # "seized a
            words = [token, *words]  # shipment of pumps": the shipment and what it holds
        if any(w.lemma_.lower() in heads or w.lower_ in heads for w in words):
            return True
    return False


def words_match(verb: Token, slot: Slot, ctx: Context) -> bool:
    """Whether the words a slot names, if any, are there: "sent tanks to" is the mobilising
    sense of "send", "sent material to" is not."""
    return heads_ok(arg_tokens(verb, slot.arg, ctx), slot.object_heads, ctx) and heads_ok(
        patients(verb, ctx), slot.patient_heads, ctx
    )


def _resolve_all(tokens: list[Token], classes: tuple[str, ...], ctx: Context) -> list[Ref]:
    refs: list[Ref] = []
    for token in tokens:
        refs.extend(r for r in ctx.resolver.resolve(token, classes) if r not in refs)
    return refs


EVENT_OBJECTS = ("Actor", "Place", "Event")
MUTUAL_PROPERTIES = {"agreesWith", "cooperatesWith"}  # done together when the subjects are joined
JUDGEMENTS = {"criticizes", "supports"}  # judged acts: of whoever did them, not whom they hit


def _relational(token: Token, ctx: Context) -> bool:
    return bool({token.lemma_.lower(), token.lower_} & ctx.lexicon.relational_nouns)


def owners(tokens: list[Token], classes: tuple[str, ...], ctx: Context) -> list[Ref]:
    """Who acts through a relational noun in subject position: "US Predator attacks killed ...",
    "the Hamas-led attacks on Israel killed ..." (Hamas, never the attacked)."""
    inner = []
    for token in tokens:
        if _relational(token, ctx):
            inner += ctx.args.get(token, "owner")
            inner += [
                p for prep in ctx.lexicon.function_words.agent_preps
                for p in prep_objects(token, prep, ctx)
            ]  # fmt: skip
    return _resolve_all(inner, classes or ("Actor",), ctx)


def _victim_preps(noun: Token, ctx: Context) -> frozenset[str]:
    """The prepositions naming whom a hostile event noun is aimed at ("the raid on Gaza")."""
    found = noun_trigger(noun, ctx)
    if found is None or ctx.lexicon.polarity.get(found[1].property) != "hostile":
        return frozenset()
    return frozenset(found[1].objects)


def _in_capital(token: Token, ctx: Context) -> bool:
    """Whether a phrase names a capital as where something is ("in Suva"; not "hit out at
    Stockholm", where "at" names whom)."""
    span = ctx.resolver.named_span(token)
    prep = token.head if token.dep_ == "pobj" else None
    places = ctx.lexicon.function_words.action_place_preps
    return (
        span is not None
        and prep is not None
        and prep.lower_ in places
        and (span.text in ctx.lexicon.capitals)
    )


def object_refs(
    tokens: list[Token],
    classes: tuple[str, ...],
    ctx: Context,
    depth: int = 2,
    *,
    doers_only: bool = False,
) -> list[Ref]:
    """Objects of an action, looking through relational nouns to the actor behind them.

    "rejected a U.S. request" rejects the United States; "demanded the withdrawal of Serbian
    forces" is a demand on Serbia. Which nouns are relational is data (``relational_nouns``).
    A judgement of a hostile act (``doers_only``) is of whoever did it, not of whom it hit:
    "condemned Washington's strikes on Iraq" criticises Washington, not Iraq.
    """
    refs: list[Ref] = []
    through = ctx.lexicon.function_words.through_preps
    for token in tokens:
        found: list[Ref] = []
        if _relational(token, ctx):
            victims = _victim_preps(token, ctx) if doers_only else frozenset()
            preps = [p for p in through if p not in victims]
            # its modifiers, not "its"/"their" (a possessive pronoun points back at the subject),
            # and through a compound: "US Predator attacks"
            inner = ctx.args.get(token, "through")
            inner += [p for prep in preps for p in prep_objects(token, prep, ctx)]
            # "crimes committed by Croat forces", "property seized by government forces"
            inner += [
                p
                for clause in ctx.args.get(token, "clause-modifier")
                for prep in preps
                for p in prep_objects(clause, prep, ctx)
            ]
            # "held by the paramilitary, the Rapid Support Forces": the name in apposition
            inner += [a for t in list(inner) for a in ctx.args.get(t, "apposition")]
            wanted = tuple(c for c in classes if c not in {"Event", "Topic"}) or ("Actor",)
            found = _resolve_all(inner, wanted, ctx)
            if not found and depth > 1:  # "a demand from the US President", "efforts among
                found = object_refs(inner, wanted, ctx, depth - 1)  # Serbia's republics"
        if not found and _in_capital(token, ctx):  # "a curfew in Suva": the city, as a place
            found = ctx.resolver.places(token)
        found = found or ctx.resolver.resolve(token, classes)
        refs.extend(r for r in found if r not in refs)
    return refs


def _outcome_of_exchange(verb: Token, ctx: Context) -> bool:
    """Whether a participle states what an exchange between sides led to ("Thai and Cambodian
    troops traded fire, killing 14 people"; "the armies clashed, leaving 30 dead"): the deaths
    are the exchange's, no one side's."""
    head = verb.head
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or head.pos_ != "VERB":
        return False
    mutual = ctx.lexicon.symmetric | MUTUAL_PROPERTIES
    if any(s.property in mutual for s in ctx.lexicon.verbs.get(ctx.key(head), ())):
        return True
    return any(
        (found := noun_trigger(p, ctx)) is not None and found[1].property in mutual
        for p in patients(head, ctx)
    )


def _relative_of_one(verb: Token, subjects: list[Token]) -> Token | None:
    """The one of joined names a relative clause speaks of, the name just before it, where the
    clause comes before the next name or its verb is singular: "Turkey, which has troops there,
    and Egypt, which backs Haftar"; "Iran and Qatar, which funds Hamas". None where it may speak
    of all: "Turkey and Egypt, which backed Haftar"."""
    head = verb.head
    if verb.dep_ != "relcl" or subjects != [head] or not head.conjuncts:
        return None
    if verb.tag_ != "VBZ" and all(c.i < verb.i for c in head.conjuncts):
        return None
    return max((c for c in (head, *head.conjuncts) if c.i < verb.i), key=lambda c: c.i)


def _slot_sides(verb: Token, slot: Slot, ctx: Context) -> tuple[list[Ref], list[Ref]] | None:
    """The fact subjects and objects of one slot of a verb (None: the slot does not apply)."""
    agent_tokens = agents(verb, ctx)
    object_tokens = arg_tokens(verb, slot.arg, ctx)
    subject_tokens = patients(verb, ctx) if slot.subject == "obj" else agent_tokens
    if not (
        heads_ok(object_tokens, slot.object_heads, ctx)
        and heads_ok(subject_tokens, slot.subject_heads, ctx)
        and (slot.arg == "obj" or heads_ok(patients(verb, ctx), slot.patient_heads, ctx))
    ):
        return None
    one = _relative_of_one(verb, subject_tokens) if slot.subject != "obj" else None
    if one is not None:
        subjects = ctx.resolver.resolve(one, slot.subject_classes, conjuncts=False)
    else:
        subjects = _resolve_all(subject_tokens, slot.subject_classes, ctx) or owners(
            subject_tokens, slot.subject_classes, ctx
        )
    if len(subjects) > 1 and _outcome_of_exchange(verb, ctx):
        subjects = []  # "A and B traded fire, killing 14 people": neither is said to have
    if ctx.lexicon.signatures.get(slot.property, {}).get("range") == ("Place",):
        # where someone is based, held or lives: a capital is the city ("based in Cairo")
        objects = [r for t in object_tokens for r in ctx.resolver.places(t)]
    elif slot.direct:
        objects = _resolve_all(object_tokens, slot.object_classes, ctx)
    elif slot.property in ctx.lexicon.go_between:  # "mediated the talks between A and B":
        objects = _parties(object_tokens, ctx) or object_refs(  # between A and B, the talks
            object_tokens,
            slot.object_classes,
            ctx,  # are the theme
        )
    else:
        doers_only = slot.property in JUDGEMENTS
        objects = object_refs(object_tokens, slot.object_classes, ctx, doers_only=doers_only)
    return (objects, subjects) if slot.inverse else (subjects, objects)


def _parties(tokens: list[Token], ctx: Context) -> list[Ref]:
    """The actors an event noun names as its parties ("the truce between Hamas and Israel")."""
    return _resolve_all([p for t in tokens for p in _between(t, ctx)], ("Actor",), ctx)


THEME_POS = {"NOUN", "PROPN", "NUM"}


def _thing(token: Token) -> bool:
    """Whether a word can be a theme: a thing named, not "themselves", "that" or "October 7"."""
    return token.pos_ in THEME_POS and token.ent_type_ not in NON_THINGS


def _verb_theme(verb: Token, ctx: Context) -> Token | None:
    """What the action is done to when that names no actor: "provided medicine to Sudan"."""
    for patient in patients(verb, ctx):
        if _thing(patient) and not ctx.resolver.resolve(patient, ("Actor", "Place")):
            return patient
    return None


def _led(verb: Token, slot: Slot, ctx: Context) -> str | None:
    """The property a slot gives, with the scope of leading: who leads a unit works for its
    owner ("led the army's delegation", "leads the armed wing of Hamas"), and who leads an event
    leads no one ("the mediation, led by Foreign Minister X"); "led Egypt" leads Egypt."""
    objects = arg_tokens(verb, slot.arg, ctx) if slot.property == "leaderOf" else []
    if any(t.lemma_.lower() in ctx.lexicon.event_nouns for t in objects):
        return None
    return _unit_scope(slot.property, objects, ctx.lexicon)


def _unit_scope(prop: str, objects: list[Token], lexicon: Lexicon) -> str:
    """Leading a unit of an organisation is working for it: "the head of the ICRC delegation",
    "led the army's delegation"."""
    unit = any(t.lemma_.lower() in lexicon.unit_nouns for t in objects)
    return "worksFor" if unit and prop == "leaderOf" else prop


def _attribute(verb: Token, ctx: Context) -> bool:
    """A participle before its noun with no agent describes the noun, it reports no act:
    "the internationally recognised government", "shared water", "the disputed region"; but
    "Iranian-backed rebels" names who backs them, and "the government, recognised by the UN"
    follows its noun."""
    return verb.dep_ == "amod" and verb.i < verb.head.i and not agents(verb, ctx)


def _misread_noun(verb: Token) -> bool:
    """Whether the parser read a plural noun as a present-tense verb with no subject after the
    noun compounded with it ("questioned the legality of the boat strikes"): no clause there."""
    if verb.tag_ not in {"VBZ", "VBP"} or verb.i == 0:
        return False
    before = verb.doc[verb.i - 1]
    subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in verb.children)
    return not subject and before.pos_ == "NOUN" and before.head.i != verb.i


def questions(verb: Token, key: str, ctx: Context) -> list[Token]:
    """The questions a verb of asking asks ("asked the minister whether the talks would resume",
    "asked what the army would do"): it requests nothing of anyone, and what it asks about is
    not stated."""
    words = ctx.lexicon.function_words
    if key not in words.question_verbs:
        return []
    return [
        clause
        for clause in verb.children
        if clause.dep_ == "ccomp"
        and (
            any(c.dep_ == "mark" and c.lower_ in words.question_marks for c in clause.children)
            or clause.doc[clause.left_edge.i].tag_ in {"WDT", "WP", "WP$", "WRB"}
        )
    ]


def _attempt(verb: Token, key: str, ctx: Context) -> bool:
    """Whether a verb of trying has the act tried as its complement ("mediators have been trying
    to broker a truce"): the verb is no act of its own (no trial), the complement speaks."""
    return key in ctx.lexicon.modality["attempt_verbs"] and any(
        c.dep_ == "xcomp" for c in verb.children
    )


def _resultative(verb: Token, key: str, ctx: Context) -> bool:
    """Whether a verb puts a thing in a state ("left the fate of the rebels unresolved", "kept
    the talks secret"): no one left anything ("left Walikale unguarded" still leaves a place)."""
    things = [p for p in patients(verb, ctx) if not ctx.resolver.resolve(p, ("Actor", "Place"))]
    return (
        key in ctx.lexicon.function_words.resultative_verbs
        and bool(things)
        and any(
            c.dep_ in {"oprd", "xcomp", "ccomp", "acomp"}
            and c.pos_ in {"ADJ", "VERB"}
            and c.tag_ != "VB"
            for c in verb.children
            if c.i > verb.i
        )
    )


@register("verb.v2")
def verb_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """A lexicon verb with its arguments, in active, passive, relative or controlled clauses.

    Both sides where both are named; otherwise the one side there is: the object of an agentless
    passive ("40 marchers were detained"), or the subject of a verb whose object names no actor
    ("Japan sent medicine") or that stands alone ("Avril resigned": the word is the theme)."""
    for token in sentence:
        if token.pos_ not in {"VERB", "AUX"} or ctx.resolver.named_span(token) is not None:
            continue
        key = ctx.key(token)
        if key in ctx.lexicon.modality["prevention_verbs"]:  # "stopped X from seizing Y": the
            ctx.governed.update(g.i for g in ctx.args.get(token, "prevented"))  # act did not happen
        slots = ctx.lexicon.verbs.get(key, ())
        if not slots or _collocation_sense(token, key, slots, ctx) or _outcome_of(token, ctx):
            continue
        if _attribute(token, ctx) or _attempt(token, key, ctx) or _resultative(token, key, ctx):
            continue
        if _misread_noun(token):
            continue
        if asked := questions(token, key, ctx):
            ctx.governed.update(a.i for a in asked)
            continue
        if any(s.property == "accuses" for s in slots):  # "accused India of massing troops":
            alleged = ctx.args.get(token, "allegation")  # alleged only, and so is the outcome
            ctx.governed.update(g.i for g in alleged)  # it is told with ("..., killing 11")
            ctx.governed.update(
                c.i for g in alleged for c in g.children if c.dep_ == "advcl" and c.tag_ == "VBG"
            )
        theme = _verb_theme(token, ctx)
        sides = [
            (s, found) for s in slots if s.arg != "self" and (found := _slot_sides(token, s, ctx))
        ]
        # a slot whose words match is the verb's sense for its argument: "handed over ambulances
        # to" aids, "handed over suspects to" cooperates
        worded = {s.arg for s, _ in sides if _worded(s)}
        sides = [(s, found) for s, found in sides if _worded(s) or s.arg not in worded]
        found = [
            Candidate(subject, prop, obj, token, f"verb.v2:{key}/{slot.arg}", theme, slot.type)
            for slot, (subjects, objects) in sides
            if (prop := _led(token, slot, ctx)) is not None
            for subject, obj in _pairs(subjects, objects, prop in ctx.lexicon.symmetric)
        ]
        yield from found
        mutual = [s for s in slots if s.property in ctx.lexicon.symmetric | MUTUAL_PROPERTIES]
        # the object may name the relation itself: "fought fierce battles" (not "negotiated
        # ceasefires", where the ceasefire is what was negotiated)
        props = {s.property for s in mutual}
        named = [*patients(token, ctx), *(t for s in slots for t in arg_tokens(token, s.arg, ctx))]
        # (or is the name of one, by the words of a mutual slot: "signed the Wadi Araba Treaty")
        alone = all(
            _names_relation(t, props, ctx)
            or (
                t.pos_ == "PROPN"
                and any(_worded(s) and heads_ok([t], s.object_heads, ctx) for s in mutual)
            )
            for t in named
        )
        # "Indian and Chinese commanders met", "fighting between A and B"; but not "A and B
        # negotiated ceasefires", where the object is what they negotiated
        if not found and mutual and alone:
            parties = _resolve_all(agents(token, ctx) or _between(token, ctx), ("Actor",), ctx)
            rule = f"verb.v2:{key}/mutual"
            for a, b in combinations(parties, 2):
                if a.key != b.key:
                    found.append(
                        Candidate(a, mutual[0].property, b, token, rule, theme, mutual[0].type)
                    )
            yield from found
        # a verb with a transitive sense that has an object is not used intransitively:
        # "warplanes struck several villages" is no labour strike, as "workers struck" is
        # (a transitive sense that names its object's words applies only where they are there:
        # "withdrew its ambassador" is a sanction, "withdrew its troops" still a withdrawal)
        transitive = any(
            s.arg == "obj" and (not _worded(s) or words_match(token, s, ctx)) for s in slots
        ) and bool(patients(token, ctx))
        if not found and not transitive:  # "Avril resigned", "ethnic Albanians demonstrated":
            # the act is its theme, unless a clause says what it was about ("denied that ...",
            # "denied targeting civilians"): that clause is an act of its own, not the theme
            clausal = any(c.dep_ in {"ccomp", "xcomp"} for c in token.children)
            for slot in (s for s in slots if s.arg == "self"):
                for subject in _resolve_all(agents(token, ctx), slot.subject_classes, ctx):
                    found.append(
                        Candidate(
                            subject,
                            slot.property,
                            None,
                            token,
                            f"verb.v2:{key}/self",
                            None if clausal else token,
                            slot.type,
                        )
                    )
            yield from found
        # one side only; not for a stance word ("offered to hand over"): stance.v2 speaks for
        # it, unless its object's words name the verb's sense here ("asking $1 million for")
        if not any(ctx.lexicon.event_types(c.property) for c in found) and (
            key not in ctx.lexicon.stances or worded_sense(token, key, ctx)
        ):
            yield from _one_side(token, key, sides, theme, ctx)


def _outcome_of(verb: Token, ctx: Context) -> bool:
    """Whether a verb is the outcome of an event noun ("clashes killed 14 soldiers", "were
    killed in an air strike"): the noun's event speaks for it, with the victims as its targets;
    not where the verb names an agent ("aircraft killed 46 civilians in an attack", "US drone
    attacks killed ...": the attacks are the United States')."""
    subjects = agents(verb, ctx)
    if any(noun_trigger(a, ctx) is None for a in subjects) or owners(subjects, ("Actor",), ctx):
        return False
    return any(
        t.pos_ == "NOUN"
        and (outcome := _outcome(t, ctx)) is not None
        and outcome.i == verb.i
        and noun_trigger(t, ctx) is not None
        for t in (
            *verb.children,
            *(g for c in verb.children if c.dep_ == "prep" for g in c.children),
        )
    )


def _collocation_sense(verb: Token, key: str, slots: tuple[Slot, ...], ctx: Context) -> bool:
    """Whether the verb's object makes a collocation that reads the verb otherwise ("exchanged
    fire" is fighting, not an exchange): the noun's entry then speaks for the verb."""
    props = {s.property for s in slots}
    nouns = ctx.lexicon.nouns
    return any(
        (found := nouns.get(f"{key} {p.lemma_.lower()}")) is not None
        and found.property not in props
        for p in patients(verb, ctx)
    )


def _one_side(
    verb: Token,
    key: str,
    sides: list[tuple[Slot, tuple[list[Ref], list[Ref]]]],
    theme: Token | None,
    ctx: Context,
) -> Iterator[Candidate]:
    """The side a verb names when the other is missing: every object of a slot without a subject,
    else the subjects of its first event slot where the verb acts on something ("Japan sent
    medicine", "rebels shelled the town"; not "the refugees returned"); an agentless passive of a
    thing ("the hospital was shelled") keeps its theme alone."""
    events = [(slot, found) for slot, found in sides if ctx.lexicon.event_types(slot.property)]
    # a slot whose object words matched names the verb's sense here ("struck a deal"); then one
    # whose subject fits it ("students occupied" protests, "troops occupied" fights)
    events.sort(key=lambda event: (not _worded(event[0]), not event[1][0]))
    passive = is_passive(verb, ctx)
    targets = [  # "40 marchers were detained"; not "the report criticised the decision"
        Candidate(None, slot.property, obj, verb, f"verb.v2:{key}/{slot.arg}", theme, slot.type)
        for slot, (subjects, objects) in events
        if not subjects
        for obj in objects
        if passive or ctx.lexicon.is_a(ctx.resolver.table.cls(obj.key), ("Actor",))
    ]
    yield from targets
    if targets or not events:
        return
    slot, (subjects, _) = events[0]
    rule = f"verb.v2:{key}/{slot.arg}"
    if theme is None and _worded(slot):  # "looked into the allegations", "deployed police to"
        tokens, heads = (
            (arg_tokens(verb, slot.arg, ctx), slot.object_heads)
            if slot.object_heads
            else (patients(verb, ctx), slot.patient_heads)
        )
        theme = next((t for t in tokens if heads_ok([t], heads, ctx)), None)
    # the verb's own subject or agent, not one it shares by control ("..., particularly given
    # the group's steadfastness"); a thing that is its object is a place or an event ("shelled
    # the town", "hosted talks"), or a word the slot names, else the verb has another sense
    # ("questioned its efficacy")
    lex = ctx.lexicon
    if theme is None or not (ctx.args.has(verb, "subject") or passive):
        return
    # the word as written too (the lemmatiser reads "bases" as "basis"), and behind a quantity
    # ("looted dozens of shops")
    things = lex.place_nouns | lex.event_nouns
    if slot.direct or (  # a thing received is no visitor: "received the demands"
        slot.arg == "obj" and not _worded(slot) and not heads_ok([theme], things, ctx)
    ):
        return
    # "struck a deal" is no attack; but a sense named by its object's words holds ("seized a
    # shipment" of whatever it carried)
    if not _worded(slot) and _clashes(slot.property, theme, ctx):
        return
    if key in lex.reversal_verbs and noun_trigger(theme, ctx) is not None:  # "suspended its
        return  # strike": the event noun's reversal speaks for it (a concession), not the verb
    for subject in subjects:
        yield Candidate(subject, slot.property, None, verb, rule, theme, slot.type)
    if not subjects and theme is not None and passive:
        yield Candidate(None, slot.property, None, verb, rule, theme, slot.type)


def _clashes(prop: str, theme: Token, ctx: Context) -> bool:
    """Whether a hostile act's object names a cooperative event: the verb has another sense
    there ("struck a deal", "hammered out an agreement" are no attacks)."""
    polarity = ctx.lexicon.polarity
    found = noun_trigger(theme, ctx)
    return (
        found is not None
        and polarity.get(prop) == "hostile"
        and polarity.get(found[1].property) == "cooperative"
    )


def worded_sense(verb: Token, key: str, ctx: Context) -> bool:
    """Whether the verb's object has the words of one of its senses ("asking $1 million for
    the hostages" demands a ransom, "accepted the offer" agrees to it): that sense speaks for
    the word, also where it is a stance word."""
    return any(
        s.arg == "obj" and s.object_heads and words_match(verb, s, ctx)
        for s in ctx.lexicon.verbs.get(key, ())
    )


def _worded(slot: Slot) -> bool:
    """Whether a slot names the words of its object ("a deal"), not only their classes."""
    return bool(slot.object_heads or slot.patient_heads)


def _subject_of(noun: Token, ctx: Context) -> list[Token]:
    """The verb an event noun is the subject of when the verb has no object: its "between"
    phrase is the noun's ("clashes broke out between A and B", "mediators shuttled between
    A and B"); not "the talks produced an agreement between A and B"."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ != "VERB" or patients(verb, ctx):
        return []
    return [verb]


def _between(token: Token, ctx: Context) -> list[Token]:
    """The parties of "talks between A and B", "fighting between A and B"."""
    return [
        t
        for head in (token, *_subject_of(token, ctx))
        for prep in ctx.lexicon.function_words.pair_preps
        for t in prep_objects(head, prep, ctx)
    ]


def _names_relation(noun: Token, props: set[str], ctx: Context) -> bool:
    """Whether a noun names one of these relations itself ("battles" for fighting)."""
    found = noun_trigger(noun, ctx)
    return found is not None and found[1].property in props


def verb_key(verb: Token, lexicon: Lexicon) -> str:
    """The lexicon key of a verb: with its particle when it has one ("call off" is not "call"),
    or its preposition where that makes a verb of its own ("called on the Council"); tolerant of
    a lemmatizer slip ("staged" -> "stag") by trying the stems of the inflected form, every
    stem's listed keys before any WordNet neighbour's."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    preps = [] if particles else [c.lower_ for c in verb.children if c.dep_ == "prep"]
    # a particle parsed as an adverb or a predicative ("pulled back from", "shot dead"), where
    # the phrasal verb is an entry
    adverbs = [
        c.lower_
        for c in verb.children
        if c.dep_ in {"advmod", "acomp"} and c.lower_ in lexicon.function_words.particles
    ]
    keys = [
        key
        for stem in lemma_candidates(verb)
        for key in [
            *(f"{stem} {c}" for c in _object_complements(verb)),  # "declared X persona non grata"
            *(f"{stem} {a}" for a in adverbs),  # "pressed ahead with" is not "pressed"
            *(f"{stem} {p}" for p in preps),  # "stormed out of" is not "stormed"
            " ".join([stem, *particles]),
        ]
    ]
    # the tokenizer splits a hyphenated verb ("test-fired" is "test", "-", "fired"): whole first
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].text == "-" and not doc[verb.i - 2].whitespace_:
        keys[:0] = [f"{doc[verb.i - 2].lower_}-{key}" for key in keys]
    # a listed word before a WordNet neighbour: "according" (reporting) is not "accord" (give)
    for known in (lexicon.listed_verb_keys, lexicon.verb_keys):
        for key in keys:
            if key in known:
                return key
    return " ".join([verb.lemma_.lower(), *particles])


def _object_complements(verb: Token) -> list[str]:
    """What the verb says its object is or becomes ("declared the envoy persona non grata"):
    the predicative, which the parser marks as such in a passive and leaves as an apposition
    of the object, not set off by a comma, in the active."""
    found = [c.lower_ for c in verb.children if c.dep_ == "oprd"]
    for obj in verb.children:
        if obj.dep_ == "dobj":
            found += [
                a.lower_
                for a in obj.rights
                if a.dep_ == "appos" and not obj.doc[obj.i : a.i].text.count(",")
            ]
    return found


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
    lex = ctx.lexicon
    own = ctx.args.get(noun, "noun-agent")
    own += [c for c in ctx.args.get(noun, "adjective") if c.text in lex.demonyms]
    own += _agentive(noun, trigger, ctx)
    pronouns = [t for t in own if t.pos_ == "PRON"]  # "their ties": the verb's subject says more
    options = [[t for t in own if t.pos_ != "PRON"]]
    for head in ctx.args.get(noun, "carrier"):
        # a go-between is no party: "Turkey brokered a deal between Russia and Ukraine"
        if carries(head, ctx, noun) and not _go_between(head, ctx):
            # in a collocation the verb's subject acts: "ordered patrols by police"
            collocation = f"{ctx.key(head)} {noun.lemma_.lower()}" in lex.nouns
            options.insert(0 if collocation else 1, agents(head, ctx))
    options.append(pronouns)
    for verb in _collocation_verbs(noun, ctx):
        options.insert(0, agents(verb, ctx))  # "nurses went on strike"
    options.append(ctx.args.get(noun, "possessor"))  # "its assumption of"
    for preposition, verb in ctx.args.keyed(noun, "prep-carrier"):
        if (
            preposition
            in lex.function_words.purpose_preps  # not "sealed off ... after the bombing"
            and verb.pos_ == "VERB"
            and not (_in_sense(verb, ctx) or ctx.key(verb) in lex.stances)
        ):  # "will travel to Cairo for consultations"; not "blamed Kyiv for the attack"
            options.append(agents(verb, ctx))
    # "launched a wave of attacks", "dispatched 50 tonnes of supplies"; not "described some
    # of the heaviest clashes" (a verb that is no act of its own)
    carrier = partitive_carrier(noun, ctx)
    if (
        carrier is not None
        and (carries(carrier, ctx, noun) or ctx.key(carrier) in lex.verbs)
        and ctx.key(carrier) not in lex.function_words.venue_verbs  # "hosted a round of talks"
    ):
        options.insert(0, agents(carrier, ctx))
    for verb in _manner_verbs(noun, ctx):  # "farmers dumped manure in protest at the deal"
        options.insert(0, agents(verb, ctx))
    options.insert(0, _blamed(noun, ctx))  # "the bombing was blamed on Boko Haram"
    for tokens in options:  # also through a relational noun: "Chinese navy ships staged drills"
        refs = _resolve_all(tokens, ("Actor",), ctx) or owners(tokens, ("Actor",), ctx)
        if refs:
            return refs
    return []


def _in_sense(verb: Token, ctx: Context) -> bool:
    """Whether a verb is used in one of its lexicon senses: one that names no words, or whose
    words are there ("flew to Algiers" is no "flew supplies to")."""
    slots = ctx.lexicon.verbs.get(ctx.key(verb), ())
    return any(not _worded(s) or words_match(verb, s, ctx) for s in slots)


def _blamed(noun: Token, ctx: Context) -> list[Token]:
    """Whom an event is blamed on, where it is the subject of a passive of blaming ("the
    bombing of the market was blamed on Boko Haram", "the attack was attributed to the IRA")."""
    head = noun.head
    if noun.dep_ != "nsubjpass":
        return []
    return [
        o
        for verb, _, preposition in (p.partition(" ") for p in ctx.lexicon.function_words.blamed_on)
        if head.lemma_.lower() == verb
        for o in prep_objects(head, preposition, ctx)
    ]


def _manner_verbs(noun: Token, ctx: Context) -> list[Token]:
    """The verbs an event noun says the act was done as ("set tyres ablaze in protest at the
    deal", "shut in protest against"): a bare singular noun after a manner preposition, so the
    clause's subject does it; not "in the protest" or "in dawn raids", which name other events."""
    if noun.tag_ != "NN" or any(True for _ in noun.lefts):
        return []
    return [
        verb
        for preposition, verb in ctx.args.keyed(noun, "prep-carrier")
        if preposition in ctx.lexicon.function_words.manner_preps and verb.pos_ in {"VERB", "AUX"}
    ]


def _agentive(noun: Token, trigger: NounTrigger, ctx: Context) -> list[Token]:
    """Who an event noun marks as acting: "Hamas-led attacks", "attacks by Hamas"."""
    words = ctx.lexicon.function_words
    found = ctx.args.get(noun, "led-agent")
    for preposition in (*words.agent_preps, *trigger.agents):
        found += prep_objects(noun, preposition, ctx)
    # the parser may hang the "by" phrase on the noun's patient when that is a place: "the
    # inspections of its nuclear sites by the IAEA", "the shelling of the town by rebels" (not
    # "allegations of abuse by peacekeepers": the abuse is theirs)
    for patient in (o for p in words.patient_preps for o in prep_objects(noun, p, ctx)):
        if not found and _place_word(patient, ctx):
            found += [a for p in words.agent_preps for a in prep_objects(patient, p, ctx)]
    return found


def _place_word(token: Token, ctx: Context) -> bool:
    """Whether a noun names a place: a place noun ("sites") or a place the text names."""
    return token.lemma_.lower() in ctx.lexicon.place_nouns or bool(
        ctx.resolver.places(token, named_only=True)
    )


def carries(verb: Token, ctx: Context, noun: Token | None = None) -> bool:
    """Whether a verb only carries its object noun's event ("commenced talks", "halted aid"),
    or makes one with it ("dispatched inspectors", "collected signatures")."""
    lex = ctx.lexicon
    if noun is not None and f"{ctx.key(verb)} {noun.lemma_.lower()}" in lex.nouns:
        return True
    return any(
        k in lex.light_verbs or k in lex.reversal_verbs
        for k in (ctx.key(verb), verb.lemma_.lower())
    )


def _collocation_verbs(noun: Token, ctx: Context) -> list[Token]:
    """The verb of a prepositional collocation the noun is in ("went on strike", "placed the
    province under martial law")."""
    found = noun_trigger(noun, ctx)
    key = found[0] if found else ""
    return [
        verb
        for preposition, verb in _prep_carriers(noun, ctx)
        if key.startswith(f"{verb.lemma_.lower()} {preposition} ")
    ]


def _prep_carriers(noun: Token, ctx: Context) -> list[tuple[str, Token]]:
    """The prepositions a noun is the object of, each with the word it hangs on; through an
    object, to the object's verb, where the parser hangs the phrase on the object ("ordered
    Russia's forces on alert" puts the forces, not "Russia's forces on alert", on alert)."""
    return [
        (preposition, head.head if head.dep_ == "dobj" and head.head.pos_ == "VERB" else head)
        for preposition, head in ctx.args.keyed(noun, "prep-carrier")
    ]


def _go_between(verb: Token, ctx: Context) -> bool:
    """Whether a verb makes its subject a go-between ("brokered", "mediated")."""
    slots = ctx.lexicon.verbs.get(ctx.key(verb), ())
    return any(s.property in ctx.lexicon.go_between for s in slots)


def _outcome(noun: Token, ctx: Context) -> Token | None:
    """The outcome verb by which a clause states that an event noun happened: the noun is its
    subject ("a drone strike near the town killed four") or the cause of it ("were killed in an
    air strike"); None for "the attack was condemned"."""
    lex = ctx.lexicon
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in lex.function_words.outcome_preps:
        noun, head = head, head.head
    elif noun.dep_ != "nsubj":
        return None
    return head if head.pos_ == "VERB" and head.lemma_.lower() in lex.outcome_verbs else None


def _noun_objects(noun: Token, trigger: NounTrigger, ctx: Context) -> list[Token]:
    """Objects of an event noun, also where the parser hangs them on a light verb
    ("imposed sanctions on Syria": "on Syria" attaches to "imposed")."""
    heads = [noun, *noun.conjuncts]  # "artillery, mortar and rocket fire against X"
    heads += [head for head in ctx.args.get(noun, "carrier") if carries(head, ctx, noun)]
    if carrier := partitive_carrier(noun, ctx):
        heads.append(carrier)
    found = [t for head in heads for p in trigger.objects for t in prep_objects(head, p, ctx)]
    pairs = [p for p in trigger.objects if p in ctx.lexicon.function_words.pair_preps]
    found += [
        t for verb in _subject_of(noun, ctx) for p in pairs for t in prep_objects(verb, p, ctx)
    ]
    if "obj" in trigger.objects:  # "placed the mayor under arrest": the collocation's object
        found += [t for verb in _collocation_verbs(noun, ctx) for t in patients(verb, ctx)]
    return found


def _requested_acts(noun: Token, ctx: Context) -> list[Token]:
    """The infinitive a request or demand noun asks for: its own ("an appeal to free the
    hostages"), or one the parser hangs on the verb whose object the noun is ("rejected calls by
    the AU to pull back")."""
    carriers = [v for v in ctx.args.get(noun, "carrier") if v.pos_ in {"VERB", "AUX"}]
    clauses = [
        c
        for holder in [noun, *carriers]
        for c in ctx.args.get(holder, "purpose")
        if c.pos_ == "VERB" and (holder is noun or c.dep_ == "advcl")
    ]
    return [c for c in clauses if any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)]


def _purpose_targets(verb: Token, ctx: Context) -> list[Ref]:
    """Actors a purpose clause aims at ("to protest against Sweden's decision"), named first."""
    words = ctx.lexicon.function_words
    clauses = [  # "to protest against ...", "in protest at ..."
        c
        for c in ctx.args.get(verb, "purpose")
        if c.pos_ == "VERB" or c.lemma_.lower() in ctx.lexicon.nouns
    ]
    tokens = [t for c in clauses for t in patients(c, ctx)]
    tokens += [
        t for c in clauses for p in words.purpose_target_preps for t in prep_objects(c, p, ctx)
    ]
    tokens += [
        t
        for tok in list(tokens)
        for p in words.purpose_owner_preps
        for t in prep_objects(tok, p, ctx)
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
        if t.i != noun.i
        and t.pos_ == "NOUN"
        and t.lemma_.lower() in ctx.lexicon.event_nouns
        and not _reported(t, verb)
    ][:1]


def _reported(token: Token, verb: Token) -> bool:
    """Whether a word is inside a clause the verb reports ("mediators said the exchange
    showed ..."): what mediators say is not what they mediate."""
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ in {"ccomp", "parataxis"}:
            return True
        token = token.head
    return False


def noun_trigger(noun: Token, ctx: Context) -> tuple[str, NounTrigger] | None:
    """The trigger of an event noun: a compound first ("hunger strike" is not "strike"), then the
    noun, then a trigger compounded into a frame noun ("a mediation effort", "a peace mission")."""
    return ctx.noun(noun)


def _noun_trigger(noun: Token, ctx: Context) -> tuple[str, NounTrigger] | None:
    lex = ctx.lexicon
    lemma = noun.lemma_.lower()
    if quantified(noun, ctx):  # "sent a brigade of doctors": what was sent is doctors, the
        return None  # noun the "of" phrase names
    # each modifier as its lemma and as written ("combined exercises" is not "combine")
    compounds = [
        word
        for c in noun.lefts
        if c.dep_ in {"compound", "amod"}
        for word in dict.fromkeys((c.lemma_.lower(), c.lower_))
    ]
    keys = [f"{c} {lemma}" for c in compounds] + [lemma]
    # the tokenizer splits a hyphenated noun ("sit-in" is "sit", "-", "in"): the whole word first
    doc, start = noun.doc, noun.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        start -= 2
    if start < noun.i and not doc[noun.i - 1].whitespace_:
        keys.insert(0, doc[start : noun.i].text.lower() + lemma)
    carrier = ctx.args.get(noun, "carrier")
    if carrier:  # a collocation first: "lodged a protest", "opened fire"
        keys.insert(0, f"{ctx.key(carrier[0])} {lemma}")
    elif carrier := partitive_carrier(noun, ctx):  # "massed tens of thousands of troops"
        keys.insert(0, f"{ctx.key(carrier)} {lemma}")
    else:  # "went on strike", "placed the province under martial law / a state of emergency"
        keys[:0] = [
            f"{verb.lemma_.lower()} {preposition} {word}"
            for preposition, verb in _prep_carriers(noun, ctx)
            if verb.pos_ == "VERB"
            for word in [*keys, *_frame_events(noun, ctx)]
        ]
    if noun.dep_ == "compound":  # the trigger naming what a noun does: "aid workers said"
        keys.append(f"{lemma} {noun.head.lemma_.lower()}")
    if any(key in lex.not_events for key in keys):
        return None  # "a press release", "a news conference", "aid workers"
    for key in keys:
        if key in lex.nouns:
            return key, lex.nouns[key]
    if lemma in lex.frame_nouns:
        for key in compounds + _frame_events(noun, ctx):  # "a mediation effort", "a state of
            if key in lex.nouns:  # emergency"
                return key, lex.nouns[key]
    return None


def _frame_events(noun: Token, ctx: Context) -> list[str]:
    """What a frame noun is a frame of ("a state of emergency": emergency); none for others."""
    if noun.lemma_.lower() not in ctx.lexicon.frame_nouns:
        return []
    return [
        p.lemma_.lower()
        for of in ctx.lexicon.function_words.partitive_preps
        for p in prep_objects(noun, of, ctx)
    ]


def _characterising(noun: Token, ctx: Context) -> bool:
    """Whether an event noun only says what a verb's object was ("described the strike as a
    violation of sovereignty", "called the raid an attack on civilians"): the judgement is the
    verb's, and the object is the one event."""
    words = ctx.lexicon.function_words
    verbs = words.characterising_verbs
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in words.characterising_preps:  # on the verb or object
        head = head.head.head if head.head.dep_ == "dobj" else head.head
    elif noun.dep_ != "oprd":
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in verbs and bool(patients(head, ctx))


def _proposed(noun: Token, ctx: Context) -> bool:
    """Whether an event noun is what a plan or proposal is for ("a plan for the withdrawal of
    troops", "a proposal on a ceasefire"): proposed, not done."""
    words = ctx.lexicon.modality
    head = noun.head
    return (
        head.lower_ in words["proposal_preps"]
        and head.head.lemma_.lower() in words["proposal_nouns"]
    )


def partitive_carrier(noun: Token, ctx: Context) -> Token | None:
    """The verb whose object is a quantity or a frame of this noun ("massed [tens of thousands]
    of troops", "imposed a state of emergency"); not any noun before "of" ("includes the
    outbreak of war" is no quantity of war)."""
    lex = ctx.lexicon
    head = noun.head
    while head.lower_ in lex.function_words.partitive_preps and (
        head.head.pos_ == "NUM" or head.head.lemma_.lower() in lex.partitive_nouns | lex.frame_nouns
    ):
        quantity = head.head
        if quantity.dep_ == "dobj":
            return quantity.head
        head = quantity.head
    return None


def reversed_property(prop: str, noun: Token, ctx: Context, key: str = "") -> str:
    """Stopping a cooperative act is a sanction ("halted aid"); ending a hostile one a concession
    ("lifted the blockade"). Other verbs leave the noun's property as it is."""
    lex = ctx.lexicon
    # the verb of the noun itself, or of its frame: "lifted [a state] of emergency"
    carrier = ctx.args.get(noun, "carrier")[:1] or [
        c for c in [partitive_carrier(noun, ctx)] if c is not None
    ]
    verb = ctx.key(carrier[0]) if carrier else ""
    if not carrier or verb not in lex.reversal_verbs or key.startswith(f"{verb} "):
        return prop  # not ended, or a collocation that already says what happened
    found = noun_trigger(noun, ctx)
    if found and found[1].reversed:
        return found[1].reversed
    kind = lex.polarity.get(prop)
    return {"cooperative": "sanctions", "hostile": "concedesTo"}.get(kind or "", prop)


@register("noun.v2")
def noun_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """An event noun with its participants: "truce between Hamas and Israel", "talks with X";
    with one side where only one is named ("Hamas's attack", "a drone strike on a market")."""
    lex = ctx.lexicon
    for token in sentence:
        found = noun_trigger(token, ctx) if token.pos_ == "NOUN" else None
        if found is None or ctx.resolver.named_span(token) is not None:
            continue
        key, trigger = found
        if _proposed(token, ctx):  # "proposed a plan for the withdrawal": none has happened
            continue
        # "described the raid as an attack": one event; but "called the drills a warning to
        # Taipei" says what the drills were meant to do, a warning
        if trigger.property != "threatens" and _characterising(token, ctx):
            continue
        prop = reversed_property(trigger.property, token, ctx, key)
        rule = f"noun.v2:{key}"
        actors = _noun_agents(token, trigger, ctx)
        paired = _between(token, ctx)
        between = _resolve_all(paired, ("Actor",), ctx)
        # a frame's "of" phrase is the event itself: "a state of emergency" is not done to one
        object_tokens = [t for t in _noun_objects(token, trigger, ctx) if t.lemma_.lower() != key]
        if prop in lex.symmetric or trigger.mutual:  # "fighting between A and B": both its sides
            object_tokens = [t for t in object_tokens if t not in paired]
        # "its demand that Israel ease ...", also when the clause hangs on the verb
        holders = [token, *ctx.args.get(token, "carrier")]
        clauses = [c for holder in holders for c in ctx.args.get(holder, "that-clause")]
        if clauses and prop in lex.stances.values():  # the demanded act is not asserted
            object_tokens += [g for c in clauses for g in ctx.args.get(c, "subject")]
            ctx.governed.update(c.i for c in clauses)
        # "calls by the AU to pull its troops back": asked for, not done (as "urged X to V")
        requested = _requested_acts(token, ctx) if prop in lex.stances.values() else []
        ctx.governed.update(a.i for a in requested)
        if trigger.conditional:  # "will take measures if Tbilisi joins": at Tbilisi, else none
            object_tokens = [s for v in holders for s in ctx.args.get(v, "condition")]
            if not object_tokens:
                continue
        if not object_tokens and trigger.object_from_clause:
            object_tokens = _clause_event(token, ctx)
        objects = object_refs(object_tokens, trigger.object_classes or EVENT_OBJECTS, ctx)
        if (reaction := _reaction(token, ctx)) is not None:  # "the test drew condemnation"
            reactors, objects = reaction
            actors = reactors or actors
        # what it is done to, when that names no actor: "a drone strike on a market"
        # (not a place where the trigger takes none: "sent observers to Geneva")
        placed = "Place" in (trigger.object_classes or EVENT_OBJECTS)
        themes = [t for t in object_tokens if placed or not ctx.resolver.resolve(t, ("Place",))]
        theme = next((t for t in themes if _thing(t)), None) if not objects else None
        if trigger.object_classes == ("Actor",) and not objects:  # "an operation against the
            continue  # rebels" is an event, "an operation against drug smuggling" none
        itself = False  # the event is its own theme: "called off the strike", "a hunger strike"
        carrier = ctx.args.get(token, "carrier")
        # "staged rallies to demand X"; not the object of a requested act ("calls to pull its
        # troops back"), nor the victims of a clash between named sides ("Thai and Cambodian
        # troops traded fire, killing 14 people": the people fought no one)
        sides = len(actors) > 1 and prop in lex.symmetric | MUTUAL_PROPERTIES
        if not objects and not between and carrier and not requested and not sides:
            objects = _purpose_targets(carrier[0], ctx)
        if not objects and prop != trigger.property:  # whose effort was halted: "halted
            objects = object_refs([token], ("Actor", "Place"), ctx)  # efforts among Serbia's ..."
        if not objects and prop != trigger.property:  # "called off the strike": what was given up
            itself = bool(ctx.resolver.resolve(token, ("Event", "Topic")))
        if not objects and not itself and not actors[1:] and not between:
            objects = object_refs(object_tokens, ("Topic",), ctx)  # "a hearing into the legality"
        outcome = _outcome(token, ctx)
        if outcome is not None and not objects:  # "clashes killed 14 soldiers": the soldiers
            objects = object_refs(patients(outcome, ctx), ("Actor",), ctx)  # are its targets
        alone = bool(trigger.alone) and not objects and not itself and outcome is None
        if alone and trigger.alone_agents:  # "doctors began a strike"; not "Israel's strike"
            alone = all(ctx.resolver.table.cls(a.key) in trigger.alone_agents for a in actors)
        if alone and len(actors) + len(between) == 1:
            prop, itself = trigger.alone, True  # "Hizbollah declared a unilateral ceasefire"
        elif alone and not between and not actors[1:]:
            itself = True  # "staged a hunger strike": the event itself
        kind = trigger.type if prop == trigger.property else None
        # one side stands for an event only where a verb states it ("Russia held talks",
        # "nurses went on strike"), the noun marks who acts ("Hamas-led attacks") or has its own
        # object ("a strike on a market"): not "the US mediation", "a press release", "rejected
        # a U.S. request"
        stated = (
            outcome is not None
            or reaction is not None
            or bool(_blamed(token, ctx))
            or any(carries(verb, ctx, token) for verb in carrier)
            or bool(
                _collocation_verbs(token, ctx)
                or _manner_verbs(token, ctx)
                or partitive_carrier(token, ctx)
                or _agentive(token, trigger, ctx)
            )
        )
        # "a drone strike near the town killed four": the event happened, and is its own theme
        if outcome is not None and theme is None and not objects:
            theme = token
        if itself:
            for actor in actors:
                yield Candidate(actor, prop, None, token, rule, token, kind)
            continue
        if trigger.needs_verb and not stated:  # "Turkey's relations with Israel have worsened"
            continue
        if (prop in lex.symmetric or trigger.mutual) and not objects:
            participants = actors + [r for r in between if r not in actors]
            pairs = [(a, b) for a, b in combinations(participants, 2) if a.key != b.key]
            for a, b in pairs:
                yield Candidate(a, prop, b, token, rule, theme, kind)
            if not pairs and participants and (stated or theme is not None):  # "Russia held talks"
                yield Candidate(participants[0], prop, None, token, rule, theme, kind)
            continue
        targets = objects or between
        pairs = list(_pairs(actors, targets, prop in lex.symmetric or trigger.mutual))
        for subject, obj in pairs:
            yield Candidate(subject, prop, obj, token, rule, theme, kind)
        if pairs:
            continue
        if actors and not targets and (stated or theme is not None):  # "Hamas launched an attack"
            for actor in actors:
                yield Candidate(actor, prop, None, token, rule, theme, kind)
        elif targets and not actors:  # "the attack on Israel"
            for target in targets:
                yield Candidate(None, prop, target, token, rule, theme, kind)
        elif not actors and theme is not None:  # "a drone strike on a market"
            yield Candidate(None, prop, None, token, rule, theme, kind)


def _reaction(noun: Token, ctx: Context) -> tuple[list[Ref], list[Ref]] | None:
    """Who reacts, and to whom, where a reaction is what an act drew ("the test drew swift
    condemnation from Japan", "Iran's launch sparked protests from Seoul"): the reactors are named
    by the reaction's ``reaction_preps``, its targets are whoever did the act that drew it (the
    owner of an event, an actor itself); None where no reaction verb carries the noun."""
    words = ctx.lexicon.function_words
    verbs = [v for v in ctx.args.get(noun, "carrier") if v.lemma_.lower() in words.reaction_verbs]
    if not verbs:
        return None
    verb = verbs[0]
    reactors = [
        o for head in (noun, verb) for p in words.reaction_preps for o in prep_objects(head, p, ctx)
    ]
    targets: list[Ref] = []
    for cause in agents(verb, ctx):
        found = noun_trigger(cause, ctx)
        refs = (
            _noun_agents(cause, found[1], ctx)
            if found is not None
            else object_refs([cause], ("Actor",), ctx, doers_only=True)
        )
        targets += [r for r in refs if r not in targets]
    return _resolve_all(reactors, ("Actor",), ctx), targets


@register("grounds.v2")
def grounds_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """ "jailed 52 members on charges of treason": acting on charges accuses whom it acts on,
    also when no one is named as acting ("were arrested on charges of spying")."""
    for token in sentence:
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        grounds = [
            t for p in ctx.lexicon.function_words.grounds_preps for t in prep_objects(token, p, ctx)
        ]
        if not any(t.lemma_.lower() in ctx.lexicon.grounds_nouns for t in grounds):
            continue
        rule = f"grounds.v2:{ctx.key(token)}"
        subjects = _resolve_all(agents(token, ctx), ("Actor",), ctx)
        accused = object_refs(patients(token, ctx), ("Actor",), ctx)
        prop, kind = ctx.lexicon.grounds_event
        for subject, obj in _pairs(subjects, accused) if subjects else ((None, o) for o in accused):
            yield Candidate(subject, prop, obj, token, rule, type=kind)


def _title_words(person: Span, lex: Lexicon) -> list[Token]:
    """Words before a name that modify it ("Israeli Prime Minister", "American citizen"): those
    whose heads lead into the name within the words before it, so that in "Ruto and French
    President Macron" the title is Macron's only (Ruto's words lead to Ruto, not to Macron)."""
    words = [t for t in person.doc[max(0, person.start - 6) : person.start]]
    inside = {t.i for t in person}
    window = {t.i for t in words}

    def reaches(token: Token) -> bool:
        while token.i in window and token.head.i != token.i:
            token = token.head
        return token.i in inside

    chain = [t for t in words if reaches(t)]
    while chain and chain[0].dep_ in {"det", "punct", "case"}:
        chain.pop(0)
    honorifics = lex.function_words.honorifics  # "Foreign Minister Prince Faisal": a minister
    portfolio = lex.function_words.portfolio_words
    return [
        t
        for t in chain
        if (t.dep_ in {"compound", "amod", "nmod", "poss"} and t.lower_ not in honorifics)
        # "Water and Energy Minister": portfolios joined in one office
        or (t.dep_ in {"conj", "cc"} and t.head.lower_ in portfolio)
    ]


def _former(words: list[Token], lex: Lexicon) -> bool:
    """Whether a title says its holder holds it no longer ("former", "ex-", "the late")."""
    return any(w.lower_ in lex.function_words.former_words for w in words)


def _role_in(words: list[Token], lex: Lexicon) -> tuple[str, int] | None:
    """The longest role name ending a word sequence: ("prime minister", index of "Prime")."""
    lowered = [w.lower_ for w in words]
    for length in (3, 2, 1):
        if len(words) >= length and " ".join(lowered[-length:]) in lex.roles:
            return " ".join(lowered[-length:]), len(words) - length
    return None


def _portfolio_start(words: list[Token], first: int, lex: Lexicon) -> int:
    """Where a title starts once the portfolio before its role word is taken in: "Interior
    Minister", "Justice Secretary" name an office, not an employer called "Interior"."""
    portfolio = lex.function_words.portfolio_words
    while first > 0 and (
        words[first - 1].lower_ in portfolio or words[first - 1].dep_ in {"cc", "conj"}
    ):
        first -= 1
    return first


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
    head = role_tokens[-1]
    # "Secretary of State": the phrase after the role word may complete a longer role's name
    inside = [
        (preposition, obj)
        for preposition in lex.function_words.role_preps
        for obj in prep_objects(head, preposition, ctx)
        if f"{name} {preposition} {obj.lower_}" in lex.roles
    ]
    domain = domain_words(qualifier_tokens, role_tokens[0], ctx)
    label = " ".join(t.text for t in [*domain, *role_tokens])
    end = head.i + 1
    if inside:
        preposition, obj = inside[0]
        name, label, end = (
            f"{name} {preposition} {obj.lower_}",
            f"{label} {preposition} {obj}",
            obj.i + 1,
        )
    role = lex.roles[name]
    body = None if inside else _body_of(head, ctx)
    if body is not None:  # "president of Venezuela's National Assembly": not a head of state
        label = f"{label} {body.head.text} {body.doc[body.left_edge.i : body.i + 1].text}"
        end = body.i + 1
    if role.position and with_position:
        start = (domain or role_tokens)[0].i
        position = Ref(resolver.table.add(label, "Position", label), start, end)
        yield Candidate(person, "holdsPosition", position, head, rule)
    targets = []
    named = [t for t in qualifier_tokens if resolver.named_span(t) or t.text in lex.demonyms]
    for token in named:
        span = resolver.named_span(token)
        if span is not None and span.end > role_tokens[0].i:  # the NER ran the name into the
            if token.text in lex.demonyms:  # title: "Bosnian Security Minister" works for Bosnia
                key = resolver.table.add(lex.demonyms[token.text], "Country", token.text)
                targets.append(Ref(key, token.i, token.i + 1))
            continue
        targets.extend(resolver.resolve(token, ("Actor",)))
    held = []  # the role's objects: "the head of the ICRC delegation" works for the ICRC
    for preposition in lex.function_words.role_preps:
        if targets and preposition in role.posted_preps:  # "Sudan's ambassador to the UN"
            continue
        objects = [
            o for o in prep_objects(head, preposition, ctx) if (preposition, o) not in inside
        ]
        held += objects
        targets.extend(_resolve_all(objects, ("Actor", "Topic"), ctx))
    prop = _unit_scope(role.property, held, lex)
    # "EU foreign policy chief": a domain named between the owner and the role is an office
    # within it, not its head
    if prop == "leaderOf" and named and _domain_between(named[-1], head, qualifier_tokens):
        prop = "worksFor"
    for target in targets:
        if target.key != person.key:
            yield Candidate(person, prop, target, head, rule)


def _body_of(role: Token, ctx: Context) -> Token | None:
    """The body a role's office is in when it is named by a common head ("head of the U.N.
    peacekeeping force", "governor of the central bank"), not a state or a named group."""
    lex = ctx.lexicon
    for preposition in lex.function_words.body_preps:
        for obj in prep_objects(role, preposition, ctx):
            if obj.lemma_.lower() in lex.org_nouns | lex.unit_nouns:
                return obj
    return None


def domain_words(words: list[Token], role: Token, ctx: Context) -> list[Token]:
    """The words naming a role's domain just before it, part of the position's name ("foreign
    policy chief", "human rights chief"); none unless a common noun is among them (not "new")."""
    lex = ctx.lexicon
    found: list[Token] = []
    for token in reversed(words):
        if (
            token.i != (found[0] if found else role).i - 1
            or token.pos_ not in {"NOUN", "ADJ"}
            or ctx.resolver.named_span(token) is not None
            or token.text in lex.demonyms
        ):
            break
        found.insert(0, token)
    while found:  # the domain's own modifiers: "foreign" of "foreign policy chief"
        inner = [c for c in found[0].lefts if c.i == found[0].i - 1 and c.pos_ in {"NOUN", "ADJ"}]
        if not inner or ctx.resolver.named_span(inner[0]) is not None:
            break
        found.insert(0, inner[0])
    portfolio = lex.function_words.portfolio_words  # "military leader", not "new leader"
    return found if any(t.pos_ == "NOUN" or t.lower_ in portfolio for t in found) else []


def _domain_between(owner: Token, role: Token, words: list[Token]) -> bool:
    """Whether common nouns stand between an owner and its role ("EU foreign policy chief"; but
    "Sudan's military leader" leads Sudan)."""
    return any(owner.i < t.i < role.i and t.pos_ == "NOUN" for t in words)


def _appositive_role(person: Ref, noun: Token, ctx: Context, rule: str) -> Iterator[Candidate]:
    """A role in apposition: "Adam Boehler, the nominated special envoy for hostage affairs"."""
    lex = ctx.lexicon
    lefts = [t for t in noun.lefts if t.dep_ in {"amod", "compound", "nmod", "poss"}]
    words = [t for t in lefts if t.lower_ not in lex.nomination_words] + [noun]
    found = _role_in(words, lex)
    if found is None or _former(words, lex):  # "X, the former envoy": no longer
        return
    name, first = found
    role_tokens = words[first:]
    modifiers = words[:first]
    descriptive = [
        t for t in modifiers if ctx.resolver.named_span(t) is None and t.text not in lex.demonyms
    ]
    position_words = descriptive + role_tokens
    for_phrase = [  # "special envoy for hostage affairs": one position
        t
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ in lex.function_words.position_preps
        for t in p.subtree
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
            for nominator in _resolve_all(prep_objects(noun, preposition, ctx), ("Actor",), ctx):
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
        # the span's own person, not its conjuncts ("Ruto and Macron": each has its own title)
        person = [r for r in resolver.resolve(span.root, ("Person",)) if r.start == span.start]
        if not person:
            continue
        if span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN":
            continue  # "the General Daghabadan training camp": a name within a thing's name
        words = _title_words(span, ctx.lexicon)
        found = _role_in(words, ctx.lexicon)
        if found is not None and not _former(words, ctx.lexicon):  # "former President X"
            name, first = found
            first = _portfolio_start(words, first, ctx.lexicon)
            yield from _role_facts(person[0], words[first:], name, ctx, "title.v1", words[:first])
        root = span.root
        # "X, the envoy", "the envoy, X", "X is the envoy"
        for noun in ctx.args.get(root, "apposition") + ctx.args.get(root, "role-noun"):
            other = resolver.named_span(noun)
            if other is not None and other.label_ == "PERSON" and other != span:
                continue  # "Macron, Kenyan President Ruto": a list of people, the title is Ruto's
            yield from _appositive_role(person[0], noun, ctx, "role.v1")
