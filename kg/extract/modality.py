"""Modality of a proposed fact: asserted, negated, reported, future or hypothetical.

Decided from the trigger's own clause (negation, auxiliaries, "if"), the clause it is an argument
of (for event nouns), and reporting frames above it ("X said that ...", "reportedly").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.lexicon import Lexicon

ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "pobj"}


def _clause_verb(trigger: Token) -> Token | None:
    """The verb whose clause decides: the trigger itself, or the verb a noun is an argument of."""
    if trigger.pos_ in {"VERB", "AUX"}:
        return trigger
    if trigger.dep_ in ARGUMENT_DEPS and trigger.head.pos_ in {"VERB", "AUX"}:
        return trigger.head
    return None


def _conditional(verb: Token, lexicon: Lexicon) -> bool:
    """Whether an act depends on a condition clause on its verb ("will withdraw unless NATO
    halts"): it may happen, it has not. A stance or reporting verb's condition is its
    complement's ("threatened to strike if ..." made the threat; the strike is conditional)."""
    words = lexicon.modality
    lemma = verb.lemma_.lower()
    if lemma in lexicon.stances or lemma in words["reporting_verbs"]:
        return False
    return any(
        clause.dep_ == "advcl"
        and any(
            c.dep_ == "mark" and c.lower_ in words["hypothetical_marks"] for c in clause.children
        )
        for clause in verb.children
    )


def modality(trigger: Token, lexicon: Lexicon) -> str:
    """One of ``kg.model.MODALITIES`` for a fact triggered by ``trigger``."""
    words = lexicon.modality
    verb = _clause_verb(trigger)
    if verb is not None:
        children = list(verb.children)
        negations = words["negation_words"]  # "has not confirmed", "no agreement was reached"
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in negations) for c in children):
            return "negated"
        if any(c.dep_ == "mark" and c.lower_ in words["hypothetical_marks"] for c in children):
            return "hypothetical"
        auxiliaries = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & words["hypothetical_aux"] or _conditional(verb, lexicon):
            return "hypothetical"
        if auxiliaries & words["future_aux"]:
            return "future"
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in words["intention_verbs"]:
            return "future"
        if any(c.lower_ in words["reporting_adverbs"] for c in children):
            return "reported"
    node = trigger
    while node.head.i != node.i:
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in words["reporting_verbs"]:
            return "reported"
        node = node.head
    return "asserted"
