"""Modality of a proposed fact: asserted, negated, reported, future or hypothetical.

Decided from the trigger's own clause (negation, auxiliaries, "if"), the clause it is an argument
of (for event nouns), the clauses that govern it ("would see Hamas release", "called on Israel
to withdraw", "must agree to withdraw": a demanded, obliged or proposed act has not happened), and
reporting frames above it ("X said that ...", "reportedly"), and the claims that frame it: what is
denied did not happen, what one is accused of or feared has not been shown to
(``content_frames`` in the lexicon).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.lexicon import Lexicon

ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "pobj"}
# how a claim's content hangs on the word that frames it: "denied that the army struck",
# "denied attacking", "accused X of killing", "fears of a new war", "denied the attack"
CONTENT_DEPS = {"ccomp", "xcomp", "prep", "pcomp", "dobj", "acl"}


def _negative(noun: Token, negations: frozenset[str]) -> bool:
    """Whether a noun phrase is quantified by "no" ("no evidence", "no one") or is "nobody"."""
    return noun.lower_ in negations or any(
        c.dep_ == "det" and c.lower_ in negations for c in noun.children
    )


def _clause_verb(trigger: Token) -> Token | None:
    """The verb whose clause decides: the trigger itself, or the verb a noun is an argument of."""
    if trigger.pos_ in {"VERB", "AUX"}:
        return trigger
    if trigger.dep_ in ARGUMENT_DEPS and trigger.head.pos_ in {"VERB", "AUX"}:
        return trigger.head
    return None


def has_condition(verb: Token, marks: frozenset[str]) -> bool:
    """Whether a verb has a condition clause opened by one of ``marks`` ("if", "unless")."""
    return any(
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in marks for c in clause.children)
        for clause in verb.children
    )


def restricted(verb: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether an act is promised only on a condition ("would accept a truce only if the RSF
    withdrew", "will reopen the crossing only once the post is dismantled"): a condition set
    for the other side, no commitment made."""
    return any(
        clause.dep_ == "advcl"
        and any(
            c.dep_ == "mark" and c.lower_ in words["restrictive_marks"] for c in clause.children
        )
        and any(c.lower_ in words["restrictive_adverbs"] for c in clause.children)
        for clause in verb.children
    )


def _promised_on(verb: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether a future act is promised only on a condition (not "withdrew only after ...")."""
    promising = words["future_aux"] | words["commitment_aux"]
    return bool(_auxiliaries(verb) & promising) and restricted(verb, words)


def _conditional(verb: Token, lexicon: Lexicon) -> bool:
    """Whether an act depends on a condition clause on its verb ("will withdraw unless NATO
    halts"): it may happen, it has not. A stance or reporting verb's condition is its
    complement's ("threatened to strike if ..." made the threat; the strike is conditional)."""
    words = lexicon.modality
    lemma = verb.lemma_.lower()
    if lemma in lexicon.stances or lemma in words["reporting_verbs"]:
        return False
    return has_condition(verb, words["hypothetical_marks"])


def _auxiliaries(verb: Token) -> set[str]:
    """The auxiliaries of a verb's clause; a conjunct with neither subject nor auxiliary of its
    own shares its first conjunct's ("Israel would withdraw and allow aid in": the aid is as
    hypothetical as the withdrawal), unless a comma sets it apart as a clause of its own ("said
    the army would not negotiate, and demanded ...": the demand was made)."""
    while True:
        children = list(verb.children)
        own = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
        subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in children)
        if own or subject or verb.dep_ != "conj" or verb.head.pos_ not in {"VERB", "AUX"}:
            return own
        before = verb.doc[verb.head.i : verb.left_edge.i]
        if any(t.is_punct and t.head.i == verb.head.i for t in before[-2:]):
            return own
        verb = verb.head


def _mood(auxiliaries: set[str], words: dict[str, frozenset[str]]) -> str | None:
    """What the auxiliaries alone say: an obligation ("must", "ought to") or a possibility is
    hypothetical (nothing has happened yet), "will" is future."""
    if auxiliaries & (words["hypothetical_aux"] | words["obligation_aux"]):
        return "hypothetical"
    if auxiliaries & words["future_aux"]:
        return "future"
    return None


def _governed_mood(verb: Token, words: dict[str, frozenset[str]]) -> str | None:
    """The modality a clause takes from the clauses it completes: the complement of a directive
    verb ("demanded that the RSF withdraw", "urged Tunisia to stop") or of "ought" ("ought to
    pull out") is hypothetical, and so is
    the complement of a verb that is itself obliged, possible or future ("would see Hamas
    release", "must agree to withdraw")."""
    node = verb
    while node.dep_ == "conj" and node.head.pos_ in {"VERB", "AUX"}:  # "to cease fire and
        node = node.head  # withdraw": the second act is asked for as the first is
    while node.dep_ in {"xcomp", "ccomp"} and node.head.i != node.i:
        head = node.head
        if (
            head.lemma_.lower() in words["directive_verbs"]
            or head.lower_ in words["obligation_aux"]
        ):
            return "hypothetical"
        mood = _mood(_auxiliaries(head), words)
        if mood is not None:
            return mood
        node = head
    return None


def _demanded(trigger: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether an event noun is what a directive verb asks for ("demanded the release of",
    "called for a ceasefire"): asked for, not done."""
    if trigger.pos_ != "NOUN":
        return False
    head = trigger.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif trigger.dep_ != "dobj":
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in words["directive_verbs"]


def _collocation(trigger: Token, lexicon: Lexicon) -> bool:
    """Whether an event noun makes one act with the directive verb it completes ("ordered the
    navy on alert"): the order is the act then, not a request for it."""
    head, preposition = trigger.head, ""
    if trigger.dep_ == "pobj" and head.dep_ == "prep":
        head, preposition = head.head, f"{head.lower_} "
    if head.dep_ == "dobj":  # "ordered Russia's forces on alert": on the object, as parsed
        head = head.head
    return f"{head.lemma_.lower()} {preposition}{trigger.lemma_.lower()}" in lexicon.nouns


def modality(trigger: Token, lexicon: Lexicon) -> str:
    """One of ``kg.model.MODALITIES`` for a fact triggered by ``trigger``."""
    words = lexicon.modality
    if _demanded(trigger, words) and not _collocation(trigger, lexicon):
        return "hypothetical"
    verb = _clause_verb(trigger)
    if verb is not None:
        children = list(verb.children)
        negations = words["negation_words"]  # "has not confirmed", "no agreement was reached"
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in negations) for c in children):
            return "negated"
        # "would neither accept nor recognise the ruling": both acts, by the first one's "neither"
        first = verb.head if verb.dep_ == "conj" else verb
        if any(c.dep_ == "preconj" and c.lower_ in negations for c in first.children):
            return "negated"
        for deps in ({"dobj"}, {"nsubj", "nsubjpass"}):  # "offered no evidence", "no one was
            held = [c for c in children if c.dep_ in deps]  # allowed to": no offer, no permission
            if held and all(_negative(c, negations) for c in held):
                return "negated"
        if any(c.dep_ == "mark" and c.lower_ in words["hypothetical_marks"] for c in children):
            return "hypothetical"
        if verb.dep_ == "advcl" and _promised_on(verb.head, words):  # "will ... only after
            return "hypothetical"  # the hostages are freed": the condition is yet to be met
        mood = _mood(_auxiliaries(verb), words)
        if mood != "hypothetical" and _conditional(verb, lexicon):
            return "hypothetical"
        if mood is not None:
            return mood
        # "plans to withdraw", "want us to fight" (the parser may make the second a clause)
        infinitive = verb.dep_ == "ccomp" and any(c.tag_ == "TO" for c in children)
        if (verb.dep_ == "xcomp" or infinitive) and verb.head.lemma_.lower() in words[
            "intention_verbs"
        ]:
            return "future"
        # "the army's offer to release 20 prisoners": what is offered has not happened
        if (
            verb.dep_ == "acl"
            and any(c.tag_ == "TO" for c in children)
            and verb.head.lemma_.lower() in words["intention_nouns"]
        ):
            return "future"
        mood = _governed_mood(verb, words)
        if mood is not None:
            return mood
        if any(c.lower_ in words["reporting_adverbs"] for c in children):
            return "reported"
    node, relative = trigger, False
    while node.head.i != node.i:
        # a relative clause says something of its noun, whatever frames the noun: "failed to
        # fight insurgencies that have killed thousands" (the killings happened)
        relative = relative or node.dep_ == "relcl"
        framed = None if relative else lexicon.content_frames.get(node.head.lemma_.lower())
        # a complement follows the word it completes: "X accused ..., a charge Y has denied"
        # parsed with "accused" under "denied" is no denial of the accusation
        if framed is not None and node.dep_ in CONTENT_DEPS and node.i > node.head.i:
            return framed
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in words["reporting_verbs"]:
            return "reported"
        node = node.head
    return "reported" if _attributed(trigger, words) else "asserted"


def _attributed(trigger: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether an "according to" phrase on the trigger's clause or a clause above it says who
    states it ("killed 27 civilians, according to residents"): reported, not the text's own.
    A relative clause or a second conjunct is a statement of its own ("X, who freed six
    hostages in January, has argued ..., according to ..."; "A did this, according to B, and
    C did that")."""
    attribution = words["attribution_preps"]
    node = trigger
    while True:
        if any(c.dep_ == "prep" and c.lower_ in attribution for c in node.children):
            return True
        if node.dep_ in {"relcl", "conj"} or node.head.i == node.i:
            return False
        node = node.head
