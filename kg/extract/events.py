"""From the rules' candidates to event mentions and facts, for one sentence.

Every candidate of an event property becomes part of an ``EventMention``: the candidates of one
trigger and property are one event, whose sources and targets are all their actors (zero or more
on each side) and whose theme is the action's own object where that is not an actor. A candidate
with an actor on both sides that fit the property's domain and range is also a binary ``Fact``,
as it always was; a one-sided candidate never is. The same event said twice in a sentence ("will
provide aid to Sudan": the verb and the noun) is one mention.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token

from kg.extract.entities import NON_ACTOR_CLASSES, Ref
from kg.extract.modality import modality
from kg.extract.qualifiers import qualifiers
from kg.extract.rules import Candidate, Context, object_refs, patients
from kg.extract.stance import commit
from kg.lexicon import NEIGHBOUR_WEIGHT, Neighbour
from kg.model import EventMention, Fact

REJECTS = "rejects"  # the ontology property of refusing, opposing, boycotting
PROTESTS = "protestsAgainst"
THREATENS = "threatens"
CALLS = frozenset({"demands", "requests"})  # what a protest may be staged to do


@dataclass(frozen=True)
class Settled:
    """A candidate with its final property (a commitment may change it), modality, rule and
    confidence."""

    candidate: Candidate
    property: str
    modality: str
    rule: str
    confidence: float


def settle(candidate: Candidate, ctx: Context) -> Settled:
    """Modality from the trigger's clause; a future or conditional act becomes a commitment;
    confidence from the rule kind, weighed by the modality, and lower for a word read through
    its WordNet neighbour (whose entry the rule id then names: ``+wordnet:lambaste``)."""
    lexicon = ctx.lexicon
    prop, mode, rule = candidate.property, modality(candidate.trigger, lexicon), candidate.rule
    weight = 1.0
    neighbour = _neighbour(candidate, ctx)
    if neighbour is not None:  # a word no entry names, read as its WordNet neighbour
        rule, weight = rule + neighbour.rule, NEIGHBOUR_WEIGHT
    committed = commit(candidate, mode, ctx)
    if committed is not None:
        (prop, mode), rule = committed, f"{rule}+commit"
    weights = lexicon.confidence
    kind = rule.split(".", 1)[0]
    confidence = round(weights[kind] * weights["modality"][mode] * weight, 3)
    return Settled(candidate, prop, mode, rule, confidence)


def _neighbour(candidate: Candidate, ctx: Context) -> Neighbour | None:
    """The WordNet neighbour an event was found through, if any: its verb ("chided", whatever
    the rule that read the verb's arguments) or its event noun ("noun.v2:onslaught")."""
    trigger, neighbours = candidate.trigger, ctx.lexicon.neighbours
    if trigger.pos_ in {"VERB", "AUX"}:
        return neighbours.get(("verb", ctx.key(trigger)))
    return neighbours.get(("noun", candidate.rule.partition(":")[2].partition("/")[0]))


def _theme_span(token: Token) -> tuple[int, int]:
    """Token range of a theme: a verb alone ("resign"), a noun with its left modifiers and its
    conjuncts ("weapons and military equipment")."""
    if token.pos_ in {"VERB", "AUX"}:
        return token.i, token.i + 1
    return token.left_edge.i, max([token.i, *(c.i for c in token.conjuncts)]) + 1


def theme_text(token: Token) -> str:
    """The theme as text: a verb's lemma ("resign"), a noun phrase up to its head
    ("a nationwide stoppage", "weapons and military equipment")."""
    if token.pos_ in {"VERB", "AUX"}:
        return token.lemma_.lower()
    start, end = _theme_span(token)
    return token.doc[start:end].text


def trigger_text(token: Token) -> str:
    """The trigger's words: the word with its particle ("called off") or its compound
    ("hunger strike")."""
    words = [token, *(c for c in token.children if c.dep_ in {"prt", "compound"})]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _evidence(doc: Doc, ranges: Iterable[tuple[int, int]]) -> tuple[int, int, str]:
    ranges = list(ranges)
    first, last = min(r[0] for r in ranges), max(r[1] for r in ranges) - 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return start, end, doc[first : last + 1].text  # not doc.text: that is the whole document


def fact(settled: Settled, sentence: int, ctx: Context) -> Fact | None:
    """The binary fact of a candidate with both sides inside the property's domain and range."""
    candidate = settled.candidate
    subject, obj = candidate.subject, candidate.object
    table, lexicon = ctx.resolver.table, ctx.lexicon
    if subject is None or obj is None:
        return None
    if not lexicon.fits(settled.property, table.cls(subject.key), table.cls(obj.key)):
        return None  # outside the property's domain or range: the ontology says no
    first, second = subject.key, obj.key
    if settled.property in lexicon.symmetric and second < first:
        first, second = second, first
    return Fact(
        subject=first,
        property=settled.property,
        object=second,
        **_mention(settled, sentence, [subject, obj], [], ctx),
    )


def _mention(
    settled: Settled, sentence: int, refs: list[Ref], spans: list[tuple[int, int]], ctx: Context
) -> dict[str, Any]:
    """What a fact and an event share: the evidence over the actors, the trigger and any other
    spans, with the rule's certainty and the date, place and count around the trigger."""
    trigger = settled.candidate.trigger
    ranges = [(r.start, r.end) for r in refs] + [(trigger.i, trigger.i + 1), *spans]
    start, end, evidence = _evidence(trigger.doc, ranges)
    return dict(
        sentence=sentence,
        start=start,
        end=end,
        evidence=evidence,
        rule=settled.rule,
        confidence=settled.confidence,
        modality=settled.modality,
        qualifiers=qualifiers(trigger, refs, ctx),
    )


def _unique(refs: Iterable[Ref]) -> list[Ref]:
    found: dict[str, Ref] = {}
    for ref in refs:
        found.setdefault(ref.key, ref)
    return list(found.values())


def _event(group: list[Settled], sentence: int, ctx: Context) -> EventMention | None:
    """One event from the candidates of one trigger and property (None: no side, no theme)."""
    lexicon, table = ctx.lexicon, ctx.resolver.table
    best = max(group, key=lambda s: s.confidence)
    prop, trigger = best.property, best.candidate.trigger
    types = lexicon.event_types(prop)
    signature = lexicon.signatures[prop]
    subjects = [s.candidate.subject for s in group if s.candidate.subject is not None]
    named = [s.candidate.type for s in group if s.property == s.candidate.property]
    # "Russian aircraft killed ...": an act by conventional military means is a FIGHT
    named += [lexicon.means_types.get(trigger.doc[r.end - 1].lemma_.lower()) for r in subjects]
    if trigger.pos_ == "NOUN":  # "a drone strike", "artillery fire": the means names the noun
        named += [lexicon.means_types.get(c.lemma_.lower()) for c in trigger.lefts]
    kind = next((t for t in named if t in types), types[0])
    objects = [s.candidate.object for s in group if s.candidate.object is not None]
    sources = _unique(r for r in subjects if lexicon.is_a(table.cls(r.key), signature["domain"]))
    things = _unique(r for r in objects if table.cls(r.key) in NON_ACTOR_CLASSES)
    # an actor may be on both sides of a mutual event: "Turkey and Greece agreed" (each with the
    # other) has Turkey -> Greece and Greece agreeing
    targets = _unique(
        r
        for r in objects
        if table.cls(r.key) not in NON_ACTOR_CLASSES
        and lexicon.is_a(table.cls(r.key), signature["range"])
    )
    theme_token = next((s.candidate.theme for s in group if s.candidate.theme is not None), None)
    if theme_token is None and things:
        theme_token = trigger.doc[things[0].end - 1]
    if not sources and not targets and theme_token is None:
        return None
    spans = [_theme_span(theme_token)] if theme_token is not None else []
    return EventMention(
        type=kind,
        trigger=trigger_text(trigger),
        property=prop,
        sources=tuple(r.key for r in sources),
        targets=tuple(r.key for r in targets),
        theme=theme_text(theme_token) if theme_token is not None else None,
        **_mention(best, sentence, [*sources, *targets], spans, ctx),
    )


def _covers(big: EventMention, small: EventMention) -> bool:
    """Whether two mentions of one sentence state the same event, ``big`` naming at least the
    participants of ``small`` (the verb and the noun of "will provide aid to Sudan")."""
    return (
        (big.property, big.modality) == (small.property, small.modality)
        and set(small.sources) <= set(big.sources)
        and set(small.targets) <= set(big.targets)
    )


#: the properties by which a sentence says whose side a person is on ("Serbian President X")
SIDE_PROPERTIES = frozenset({"leaderOf", "worksFor", "memberOf", "spokespersonFor"})


def without_own_side(settled: list[Settled], ctx: Context) -> list[Settled]:
    """An act's target is never the actor's own side as the same sentence names it: "Serbian
    President Vucic warned that Belgrade would respond" threatens no one in Serbia, "Kenyan
    President Ruto offered to lead" agrees with no Kenya; the act keeps its source alone."""
    own = {
        (c.subject.key, c.object.key)
        for s in settled
        if s.property in SIDE_PROPERTIES
        and (c := s.candidate).subject is not None
        and c.object is not None
    }
    kept = []
    for item in settled:
        c = item.candidate
        if (
            c.subject is not None
            and c.object is not None
            and (c.subject.key, c.object.key) in own
            and ctx.lexicon.event_types(item.property)
        ):
            item = replace(item, candidate=replace(c, object=None))
        kept.append(item)
    return kept


def events(settled: list[Settled], sentence: int, ctx: Context) -> list[EventMention]:
    """The event mentions of one sentence's candidates, in the order of their triggers."""
    groups: dict[tuple[int, str, str], list[Settled]] = {}
    # "would boycott all contact": the act is what the threat holds, not an event of its own
    promised = {s.candidate.trigger.i for s in settled if s.rule.endswith("+commit")}
    # "boycott all official contact", "opposed the deployment": what is rejected does not
    # take place; the noun is what the rejection is about, not a second event
    refusals = [s.candidate for s in settled if s.candidate.property == REJECTS]
    themes = {c.theme.i for c in refusals if c.theme is not None}
    themes |= {t.i for c in refusals for t in patients(c.trigger, ctx)}
    # "staged rallies to demand reforms": the demand is what the protest is for, one event
    # and whom the demand names is whom the protest is against ("marched through Belgrade
    # demanding that President Milosevic recognise the results")
    protests = {s.candidate.trigger.i: s for s in settled if s.property == PROTESTS}
    aims = {
        clause.i: protest
        for protest in protests.values()
        for holder in [
            protest.candidate.trigger,
            *ctx.args.get(protest.candidate.trigger, "carrier"),
        ]
        for clause in ctx.args.get(holder, "purpose")
    }
    aimed: list[Settled] = []
    for item in settled:
        trigger = item.candidate.trigger
        if trigger.i in promised and not item.rule.endswith("+commit"):
            continue
        carriers = {c.i for c in ctx.args.get(trigger, "carrier")}  # "to press their demands"
        if item.property in CALLS and (hits := ({trigger.i} | carriers) & aims.keys()):
            if item.candidate.object is not None:
                protest = aims[min(hits)]
                against = replace(protest.candidate, object=item.candidate.object)
                aimed.append(replace(protest, candidate=against))
            continue
        if trigger.pos_ == "NOUN" and trigger.i in themes:
            continue
        if ctx.lexicon.event_types(item.property):
            key = (item.candidate.trigger.i, item.property, item.modality)
            groups.setdefault(key, []).append(item)
    for item in [*aimed, *_conditioned(settled, ctx)]:
        key = (item.candidate.trigger.i, item.property, item.modality)
        groups.setdefault(key, []).append(item)
    found = [e for key in sorted(groups) if (e := _event(groups[key], sentence, ctx))]
    kept: dict[int, EventMention] = {}  # position in ``found`` -> the mention kept there
    for position in sorted(range(len(found)), key=lambda i: -_participants(found[i])):
        event = found[position]
        covering = next((i for i, other in kept.items() if _covers(other, event)), None)
        if covering is None:
            kept[position] = event
        elif kept[covering].theme is None and event.theme is not None:  # what it was about
            kept[covering] = replace(kept[covering], theme=event.theme)
    return [kept[i] for i in sorted(kept)]


def _conditioned(settled: list[Settled], ctx: Context) -> list[Settled]:
    """A threat made of a future act with no one to bear it is aimed at whoever its condition
    names: "will impose a tariff on all Mexican goods unless Mexico City takes steps"."""
    found = []
    for item in settled:
        c = item.candidate
        borne = (
            c.object is not None and ctx.resolver.table.cls(c.object.key) not in NON_ACTOR_CLASSES
        )
        if not (item.rule.endswith("+commit") and item.property == THREATENS) or borne:
            continue
        verb = c.trigger if c.trigger.pos_ in {"VERB", "AUX"} else c.trigger.head
        for ref in object_refs(ctx.args.get(verb, "condition"), ("Actor",), ctx):
            if c.subject is None or ref.key != c.subject.key:
                found.append(replace(item, candidate=replace(c, object=ref)))
    return found


def _participants(event: EventMention) -> int:
    return len(event.sources) + len(event.targets)
