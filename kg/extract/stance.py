"""Stances and commitments: what an actor says it will, won't, or demands that others do.

News reports intentions as often as acts. "Libya offered to hand over two suspects to Britain"
is an agreement, not a hand-over; "Israel threatened to ban voting in East Jerusalem" is a
threat; "Pakistan refused to deploy peacekeepers in Iraq" a rejection; "Russia said Sudan must
return the helicopter" a demand. Two mechanisms:

* ``stance.v2`` — a stance word (``stances`` in the lexicon: agree, offer, refuse, threaten,
  demand, willing, prepared ...) with the targets of the action it governs. The governed action
  itself is not asserted: it has not happened.
* ``commit`` — an action in the future or under "would/may" becomes a commitment: cooperative
  acts an agreement ("the UN will provide food aid to refugees"), hostile acts a threat ("will
  extend the curfew in Abidjan"), and a refused cooperative act a rejection ("will not accept").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.entities import Ref
from kg.extract.modality import has_condition, restricted
from kg.extract.rules import (
    MUTUAL_PROPERTIES,
    Candidate,
    Context,
    agents,
    arg_tokens,
    heads_ok,
    is_passive,
    noun_trigger,
    object_refs,
    partitive_carrier,
    patients,
    prep_objects,
    questions,
    register,
    reversed_property,
    worded_sense,
    words_match,
)

TARGET_CLASSES = ("Actor", "Place")
MILITARY = {"attacks", "fightsWith", "kills"}  # readiness for these is mobilisation
THING_CLASSES = ("Event", "Topic")
DIRECTIVES = {"demands", "requests"}  # stances addressed to whoever is to act


def complements(token: Token, ctx: Context) -> list[Token]:
    """The actions a stance word governs, and the actions those govern: "offered to hand over",
    "willing to send material to help defend X", "committed to opening", "demanded that Hamas
    renounce" (the ``action`` patterns)."""
    return ctx.args.closure(token, "action")


def _stance_agents(token: Token, ctx: Context) -> list[Token]:
    # "Syria is willing to ...": the predicate adjective's clause; an adjectival passive holds
    # the stance itself: "Israel is opposed to", "is committed to"; a passive with its agent
    # named is the agent's: "the proposal was rejected by the rebels"
    if any(c.dep_ == "agent" for c in token.children):
        return agents(token, ctx)
    return (
        ctx.args.get(token, "stance-agent")
        or agents(token, ctx)
        or (patients(token, ctx) if is_passive(token, ctx) else [])
    )


def _action_property(action: Token, ctx: Context) -> str | None:
    """The property an action word would give: its own verb entry, or its object's event noun."""
    slots = ctx.lexicon.verbs.get(ctx.key(action))
    if slots:  # the first sense whose words, if it names any, are there
        return next((s.property for s in slots if words_match(action, s, ctx)), slots[0].property)
    for obj in patients(action, ctx):
        found = noun_trigger(obj, ctx)
        if found:
            return reversed_property(found[1].property, obj, ctx, found[0])
    return None


def _targets(
    token: Token, actions: list[Token], stance: str, ctx: Context
) -> tuple[list[Ref], Token | None]:
    """Whom the stance is about: objects of the stance word, of the governed actions, and the
    subject of a governed clause ("demanded that Hamas renounce ..."). Named actors come first,
    then, for a stance that is no cooperation, the place of the action ("threatened to ban
    voting in East Jerusalem"; but "offered to host talks in Istanbul" is an offer to no city),
    then unnamed groups; with none of them, the thing itself is the theme ("demanded elections")."""
    words = ctx.lexicon.function_words
    if stance in DIRECTIVES:  # "demanded that coalition troops leave the country": the troops
        clauses = [a for a in actions if a.dep_ == "ccomp" and a.head.i == token.i]
        addressees = [c for a in clauses for c in ctx.args.get(a, "subject")]
        found = object_refs(addressees, TARGET_CLASSES, ctx)
        if found:
            return found, None
    heads = [token, *actions]
    objects = [t for head in heads for t in patients(head, ctx) if t.i != token.head.i]
    # the object's own phrases: "lift the curfew on Palestinians", "weapons seized from X"
    holders = heads + objects + [a for o in objects for a in ctx.args.get(o, "reduced-clause")]
    tokens = objects + [
        t for head in holders for p in words.target_preps for t in prep_objects(head, p, ctx)
    ]
    # a threat is aimed at whoever the condition names: "... if the United States goes ahead";
    # then, and where the threatened act names whom it is done to, the act's own subject is the
    # threatener's side ("Tehran will resume enrichment unless European powers withdraw ...":
    # at the powers, not at Tehran; "warned that The Hague would expel more diplomats")
    conditions = [s for head in heads for s in ctx.args.get(head, "condition")]
    tokens += conditions
    tokens += [c for head in heads for c in ctx.args.get(head, "dative")]
    if stance != "threatens" or not _named_side(actions, conditions, ctx):
        tokens += [c for a in actions for c in ctx.args.get(a, "subject")]
    refs = object_refs(tokens, TARGET_CLASSES, ctx)
    # the places of the governed acts, not where the stance itself is taken ("In Jeddah,
    # mediators pressed ..."); a cooperative stance is aimed at no place ("offered to host
    # talks in Istanbul")
    cooperative = ctx.lexicon.polarity.get(stance) == "cooperative"
    if cooperative:  # (a place it is for still is: "pledged to send aid to Gaza")
        refs = [r for r in refs if not _venue(r, ctx)]
    named = [r for r in refs if _named(r, ctx)]
    where = [] if cooperative else actions + objects
    held = [t for h in where for p in words.action_place_preps for t in prep_objects(h, p, ctx)]
    places = object_refs(held, ("Place",), ctx)
    if named or places:  # "threatened to ban voting in East Jerusalem if Hamas ran": both
        return named + [p for p in places if p not in named], None
    if refs:
        return refs, None
    return [], next((t for t in tokens if ctx.resolver.resolve(t, THING_CLASSES)), None)


@register("stance.v2")
def stance_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """A stance word with the targets of the action it governs (see module docstring); where it
    names no actor as target, with what it is about as the theme ("threatened a stoppage")."""
    lex = ctx.lexicon
    for token in sentence:
        if token.pos_ not in {"VERB", "ADJ", "AUX"}:
            continue
        key = ctx.key(token)
        stance = lex.stances.get(key) or _obligation(token, ctx)
        if stance is None or questions(token, key, ctx) or worded_sense(token, key, ctx):
            continue
        actions = complements(token, ctx)
        if key in lex.action_stances and not actions:  # "crimes committed by": no stance
            continue
        if any(_anonymity(a, ctx) for a in actions):  # "asked not to be named"
            continue
        said = [c for c in token.children if c.dep_ == "xcomp"]  # "declined to say whether"
        if (
            stance == "rejects"
            and said
            and all(  # rejects no one
                c.lemma_ in lex.function_words.comment_verbs for c in said
            )
        ):
            continue
        if (
            stance == "requests"
            and key in lex.modality["intention_verbs"]
            and any(c.dep_ == "xcomp" for c in token.children)
        ):
            stance = "intention"  # "sought to present a united front" asks no one for anything
        if stance in {"intention", "readiness"}:
            acts = {_action_property(a, ctx) or "" for a in actions}
            kinds = {lex.polarity.get(act) for act in acts}
            if stance == "readiness" and acts & MILITARY:  # "prepared to resume shelling"
                stance = "mobilizesAgainst"
            elif "hostile" in kinds:
                stance = "threatens"
            else:
                stance = "agreesWith" if "cooperative" in kinds else ""
        if not stance:
            continue
        if stance == "demands":  # "ordered the attache to leave within 48 hours": expelled
            stance = _expulsion(token, actions, ctx) or stance
        sources = [
            r for t in _stance_agents(token, ctx) for r in ctx.resolver.resolve(t, ("Actor",))
        ]
        if stance in MUTUAL_PROPERTIES and _decision(token, key, actions, sources, ctx):
            continue  # "ministers agreed to impose an arms embargo on Zimbabwe": the embargo
        # and the acts joined to them in the same form ("demanded that Eritrea withdraw ... and
        # engage in talks"; not "agreed to free the hostages and signed the deal")
        ctx.governed.update(a.i for a in actions)
        ctx.governed.update(
            c.i for a in actions for c in a.conjuncts if c.i > token.i and c.tag_ == a.tag_
        )
        if stance == "forewarning":
            # "warned that it would strike" threatens; "warned that a dry spell could cause
            # shortages" threatens no one.
            if not any(_threat(a, ctx) for a in actions):
                continue
            stance = "threatens"
        targets, theme = _targets(token, actions, stance, ctx)
        own = {r.key for r in sources}  # "was rejected by the rebels": the agent is no target
        if targets and all(t.key in own for t in targets):
            targets = []
            theme = next(
                (
                    t
                    for t in patients(token, ctx)
                    if t.pos_ in {"NOUN", "PROPN"}
                    and not {r.key for r in ctx.resolver.resolve(t, ("Actor",))} & own
                ),
                None,
            )
        if stance in MUTUAL_PROPERTIES and len({r.key for r in sources}) > 1:
            targets = []  # "A and B agreed to free 30 detainees": with each other, not the freed
        acts = [a for a in actions if a.lemma_ not in lex.function_words.copular_verbs]
        if not targets and theme is None and acts:  # "agreed to resign": the act is the theme
            theme = acts[0]  # (not "would become legitimate targets": a state is no act)
        rule = f"stance.v2:{key}"
        pairs = [(s, t) for s in sources for t in targets if t.key != s.key]
        for source, target in pairs:
            yield Candidate(source, stance, target, token, rule, theme)
        if pairs:
            continue
        if sources and not targets and theme is not None:  # "Jordan agreed to host the next round"
            for source in sources:
                yield Candidate(source, stance, None, token, rule, theme)
        elif targets and not sources:  # "Britain was offered talks"
            for target in targets:
                yield Candidate(None, stance, target, token, rule, theme)


def _threat(action: Token, ctx: Context) -> bool:
    """Whether a warned-of act is a threat: set on a condition ("warned that Tehran would
    respond if ..."), or yet to come and done by an actor or by no one named ("warned it would
    respond", "warned that marchers would be arrested"); not a warning of a state of things
    ("warned that a dry spell could cause shortages", "warned that the mission faced a
    shortfall")."""
    words = ctx.lexicon.modality
    if has_condition(action, words["hypothetical_marks"] | words["threat_marks"]):
        return True
    auxiliaries = {c.lower_ for c in action.children if c.dep_ == "aux"}
    if not auxiliaries & (words["future_aux"] | words["hypothetical_aux"]):
        return False
    doers = agents(action, ctx)  # "anyone marching would be arrested": by the warner's side
    return not doers or any(d.pos_ == "PRON" or ctx.resolver.resolve(d, ("Actor",)) for d in doers)


def _decision(
    token: Token, key: str, actions: list[Token], sources: list[Ref], ctx: Context
) -> bool:
    """Whether an agreement is one side's decision to act against another ("EU ministers
    agreed to impose an arms embargo on Zimbabwe" imposes it): one party agrees, to a hostile
    act, by a verb that can name a partner but names none; not "Washington and Beijing agreed
    to suspend tariffs", "agreed with Kyiv to halt strikes", "promised to deploy troops" or
    "consented to let a force deploy"."""
    lex = ctx.lexicon
    partner_slots = [s for s in lex.verbs.get(key, ()) if s.arg.startswith("prep:")]
    if not partner_slots or any(arg_tokens(token, s.arg, ctx) for s in partner_slots):
        return False
    done = [a for a in actions if a.head.i == token.i]
    hostile = any(lex.polarity.get(_action_property(a, ctx) or "") == "hostile" for a in done)
    return len({r.key for r in sources}) == 1 and hostile


def _expulsion(token: Token, actions: list[Token], ctx: Context) -> str | None:
    """The property of a command that sends its addressee away ("ordered the envoy to leave
    the country", "ordered China to close its consulate": a closure of the addressee's own), in
    the sense the lexicon's expelling verb has for that addressee (expelled diplomats are a
    sanction, expelled residents coerced); None for "urged its citizens to leave", "ordered
    banks to freeze assets" or an order to no named actor ("ordered residents to leave")."""
    lex = ctx.lexicon
    words = lex.function_words
    if ctx.key(token) not in words.expelling_verbs:
        return None
    if not any(
        ctx.key(a) in words.expulsion_acts
        or (
            _action_property(a, ctx) == "sanctions"
            and any(
                c.dep_ == "poss" and c.pos_ == "PRON" for p in patients(a, ctx) for c in p.children
            )
        )
        for a in actions
    ):
        return None
    addressees = patients(token, ctx)
    refs = object_refs(addressees, TARGET_CLASSES, ctx)
    if not any(_named(r, ctx) for r in refs):
        return None  # "ordered his troops to leave the city": an order to one's own
    senses = [s for verb in words.expulsion_senses for s in lex.verbs.get(verb, ())]
    return next(
        (
            s.property
            for s in senses
            if s.arg == "obj" and heads_ok(addressees, s.object_heads, ctx)
        ),
        None,
    )


def _named_side(actions: list[Token], conditions: list[Token], ctx: Context) -> bool:
    """Whether a threat names whom it is aimed at apart from the threatened act's subject: the
    condition's subject, or whom the act is done to."""
    if object_refs(conditions, TARGET_CLASSES, ctx):
        return True
    done_to = [p for a in actions if not is_passive(a, ctx) for p in patients(a, ctx)]
    return bool(object_refs(done_to, ("Actor",), ctx))


def _named(ref: Ref, ctx: Context) -> bool:
    """Whether a reference is to a named actor, not an unnamed group of this document."""
    return ctx.resolver.table.drafts[ref.key].scope is None


def _venue(ref: Ref, ctx: Context) -> bool:
    """Whether a reference is a place named where something happens ("in Istanbul"; a capital
    there is the city, "talks in Kuala Lumpur", not its country)."""
    span = ctx.resolver.doc[ref.start : ref.end]
    word = span.root
    if not (word.dep_ == "pobj" and word.head.lower_ in ctx.lexicon.function_words.place_preps):
        return False
    actor = ctx.lexicon.is_a(ctx.resolver.table.cls(ref.key), ("Actor",))
    return not actor or span.text in ctx.lexicon.capitals


def _anonymity(action: Token, ctx: Context) -> bool:
    """A source's condition for speaking, no act asked for: "who asked not to be identified"."""
    negated = any(c.dep_ == "neg" for c in action.children)
    words = ctx.lexicon.function_words.anonymity_verbs
    return negated and is_passive(action, ctx) and action.lemma_.lower() in words


def _obligation(token: Token, ctx: Context) -> str | None:
    """ "Russia said that Sudan must return the helicopter": saying what another must do is a
    demand on it."""
    words = ctx.lexicon.modality
    if ctx.key(token) not in words["reporting_verbs"]:
        return None
    for clause in ctx.args.get(token, "complement-clause"):
        if not ctx.args.has(clause, "subject"):
            continue
        auxiliaries = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
        # "said Sudan must return ...", or a subjunctive: "insisted that the commission publish"
        # (the tagger may read it as a present tense: then its singular subject does not agree)
        singular = any(s.tag_ in {"NN", "NNP"} for s in ctx.args.get(clause, "subject"))
        subjunctive = not auxiliaries and (
            clause.tag_ == "VB" or (clause.tag_ == "VBP" and singular)
        )
        if auxiliaries & words["obligation_aux"] or subjunctive:
            return "demands"
    return None


def governed(candidate: Candidate, ctx: Context) -> bool:
    """Whether a candidate's action is only intended, refused or demanded (a stance covers it):
    the action itself, or the verb carrying an event noun ("demanded that Mugabe abandon his
    policy of land confiscations")."""
    trigger = candidate.trigger
    if trigger.i in ctx.governed:
        return True
    if trigger.pos_ != "NOUN":
        return False
    carrier = partitive_carrier(trigger, ctx)
    head = trigger.head  # "... and engage in dialogue": the verb its preposition hangs on
    holder = head.head if trigger.dep_ == "pobj" and head.dep_ == "prep" else head
    return (
        head.i in ctx.governed
        or holder.i in ctx.governed
        or (carrier is not None and carrier.i in ctx.governed)
    )


def _describes_noun(verb: Token) -> bool:
    """Whether a verb's clause, or the clause it is a conjunct of, modifies a noun (a relative
    or participial clause)."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ in {"relcl", "acl"}


def commit(candidate: Candidate, mode: str, ctx: Context) -> tuple[str, str] | None:
    """A future or conditional act as a commitment: (property, modality), or None to keep it.

    An act with no counterpart ("will resign") is announced, not promised to anyone: kept. An
    act in a clause that describes a noun ("a truce during which Israel would withdraw", "a plan
    under which Hamas would free") is a term of someone's proposal, no one's commitment: kept,
    as hypothetical."""
    prop, trigger = candidate.property, candidate.trigger
    if candidate.rule.endswith("/self"):
        return None
    joint = noun_trigger(trigger, ctx) if trigger.pos_ == "NOUN" else None
    if joint is not None and joint[1].conditional:  # "will take measures if ...": the warning
        return "threatens", "asserted"  # is given now, whatever follows
    if joint is not None and joint[1].mutual:  # "A and B will hold joint drills": planned
        return None  # together, not promised to one another
    words = ctx.lexicon.modality
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    if _describes_noun(verb):
        return None
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    # "will ...", "would ..."; and a possible act on a condition: "could shut the strait if the
    # West moved to ..." says what follows if the other side acts
    committing = auxiliaries & (words["future_aux"] | words["commitment_aux"]) or (
        auxiliaries & words["hypothetical_aux"] and has_condition(verb, words["hypothetical_marks"])
    )
    kind = ctx.lexicon.polarity.get(prop)
    if kind not in {"cooperative", "hostile"}:  # "will investigate" is promised to no one
        return None
    if not committing or prop in {"agreesWith", "threatens", "rejects"}:
        return None
    if mode == "negated":
        return ("rejects", "asserted") if kind == "cooperative" else None
    if _ultimatum(verb, ctx):  # "will withdraw from the treaty unless ...": a threat
        return "threatens", "asserted"
    promised = "agreesWith" if kind == "cooperative" else "threatens"
    return promised, "hypothetical" if restricted(verb, words) else "asserted"


def _ultimatum(verb: Token, ctx: Context) -> bool:
    """Whether an act is announced as what follows unless another complies ("will withdraw
    unless the sanctions are dropped"): pressure on the other side, whatever the act's kind."""
    return has_condition(verb, ctx.lexicon.modality["threat_marks"])
