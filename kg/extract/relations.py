"""General news relations: who works for or belongs to what, where an organisation is based and a
place located, where a person lives, whose citizen they are, and who killed whom by name.

The rule ``relation.v1`` reads these from noun phrases and a few verbs rather than from event
verbs: "the Nairobi-based institute", "UNICEF in Kabul", "Kharkiv, Ukraine's second-largest
city", "Paris, Texas", "Goma, in eastern Congo", "Jane Roe, an analyst at the institute", "a
teacher from Rabat", "who works for the council", "who lives in Mogadishu", "Jane Roe of the
Labour Party", and the named victim in apposition to a killing's object ("gunmen killed the
mayor, Jorge Ruiz"). Where the words sit in the parse is ``ontology/patterns.json`` (the
``relation.*`` patterns); the words are ``ontology/relations.json``. Every candidate is checked
against the property's domain and range (``signatures.json``) when it becomes a fact, so "talks
in Paris" (no actor) states nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.entities import Ref
from kg.extract.rules import (
    Candidate,
    Context,
    agents,
    domain_words,
    patients,
    prep_objects,
    register,
)
from kg.lexicon import RelationWords, load_relation_words

ORGANISATIONS = ("Organization",)


def _named(token: Token, classes: tuple[str, ...], ctx: Context) -> list[Ref]:
    """The named entity a token belongs to, if it is of these classes (no words, no pronouns)."""
    if ctx.resolver.named_span(token) is None:
        return []
    return ctx.resolver.resolve(token, classes)


def _places(token: Token, ctx: Context) -> list[Ref]:
    """The named places a token belongs to, a capital as its city ("based in Cairo")."""
    if ctx.resolver.named_span(token) is None:
        return []
    return ctx.resolver.places(token, named_only=True)


def _country(ref: Ref, ctx: Context) -> bool:
    return ctx.resolver.table.cls(ref.key) == "Country"


def _listed(token: Token, words: RelationWords) -> bool:
    """Whether a name is one of a list ("Paris, London and Rome"), not an apposition."""
    return bool(token.conjuncts) or any(c.lower_ in words.list_words for c in token.children)


def _candidates(
    subjects: list[Ref], prop: str, objects: list[Ref], trigger: Token, name: str
) -> Iterator[Candidate]:
    for subject in subjects:
        for obj in objects:
            if subject.key != obj.key:
                yield Candidate(subject, prop, obj, trigger, f"relation.v1:{name}")


def _based(token: Token, subjects: list[Ref], ctx: Context, words: RelationWords):
    """ "the Nairobi-based institute", "an agency based in Vienna": basedIn."""
    for based in ctx.args.get(token, "based-word"):
        if based.lower_ not in words.based_words:
            continue
        places = [p for m in ctx.args.get(based, "based-modifier") for p in _places(m, ctx)]
        places += [
            p
            for prep in words.based_preps
            for t in prep_objects(based, prep, ctx)
            for p in ctx.resolver.places(t)
        ]
        yield from _candidates(subjects, "basedIn", places, based, "based-word")


def _located(token: Token, subjects: list[Ref], ctx: Context, words: RelationWords):
    """ "UNICEF in Kabul" is based there; "the hospital in Khan Younis", "Goma, in eastern
    Congo" are located there (an organisation is based, anything else located)."""
    objects = [
        p
        for prep in words.location_preps
        for t in prep_objects(token, prep, ctx)
        for p in _places(t, ctx)
    ]
    subjects = [r for r in subjects if ctx.resolver.table.cls(r.key) != "Person"]  # where he
    for subject in subjects:  # was is no fact about him: "Smith in Paris said"
        organisation = ctx.lexicon.is_a(ctx.resolver.table.cls(subject.key), ORGANISATIONS)
        prop = "basedIn" if organisation else "locatedIn"
        yield from _candidates([subject], prop, objects, token, "location")
    inside = _parenthetical(token, ctx, words)
    yield from _candidates(
        [r for r in subjects if not _country(r, ctx)], "locatedIn", inside, token, "parenthetical"
    )


def _parenthetical(token: Token, ctx: Context, words: RelationWords) -> list[Ref]:
    """ "Goma, in eastern Congo, ...": a place set off by commas right after a name, whatever the
    parser hung the phrase on."""
    span = ctx.resolver.named_span(token)
    doc = token.doc
    if span is None or span.end + 2 >= len(doc):
        return []
    comma, prep = doc[span.end], doc[span.end + 1]
    if not comma.is_punct or prep.lower_ not in words.location_preps or prep.head == token:
        return []  # the phrase on the name itself is read from the parse
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        after = doc[obj.i + 1] if obj.i + 1 < len(doc) else None
        if after is None or after.is_punct:
            return _places(obj, ctx)
    return []


def _place_apposition(token: Token, subjects: list[Ref], ctx: Context, words: RelationWords):
    """ "Kharkiv, Ukraine's second-largest city", "Kharkiv, a city in eastern Ukraine",
    "Paris, Texas": the place is located in the other; never a list ("Paris, London and Rome")."""
    subjects = [r for r in subjects if not _country(r, ctx)]  # "Paris" may stand for France,
    subjects += [p for p in _places(token, ctx) if not _country(p, ctx) and p not in subjects]
    if _listed(token, words) or not subjects:
        return
    for appos in ctx.args.get(token, "apposition"):
        if appos.lemma_.lower() in words.place_heads:
            owners = [p for o in ctx.args.get(appos, "possessor-of") for p in _places(o, ctx)]
            owners += [
                p
                for prep in words.location_preps
                for t in prep_objects(appos, prep, ctx)
                for p in _places(t, ctx)
            ]
            yield from _candidates(subjects, "locatedIn", owners, appos, "place-apposition")
        elif not _listed(appos, words) and appos.i == token.i + 2:
            wider = _places(appos, ctx)  # "Paris, Texas": the name right after the comma
            yield from _candidates(subjects, "locatedIn", wider, appos, "place-apposition")


def _unnamed_place(token: Token, ctx: Context, words: RelationWords) -> list[Ref]:
    """A proper name the NER missed that its apposition calls a place ("Aleppo, a city in
    northern Syria"): a place node of its own."""
    if token.dep_ == "compound" or not any(
        a.lemma_.lower() in words.place_heads for a in ctx.args.get(token, "apposition")
    ):
        return []
    names = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    label = " ".join(t.text for t in [*names, token])
    start = names[0].i if names else token.i
    return [Ref(ctx.resolver.table.add(label, "Place", label), start, token.i + 1)]


def _person_nouns(person: Token, ctx: Context) -> list[Token]:
    """The nouns that describe a person: "X, a teacher from Rabat", "X is a teacher"."""
    return ctx.args.get(person, "apposition") + ctx.args.get(person, "role-noun")


def _described(person: list[Ref], noun: Token, ctx: Context, words: RelationWords):
    """What a noun describing a person says: "a teacher from Rabat" (residentOf), "a lawyer
    from Jordan" (citizenOf), "an analyst at the institute" (worksFor), "a national working for
    the council" (worksFor through the clause)."""
    lemma = noun.lemma_.lower()
    office = lemma in ctx.lexicon.roles and lemma not in words.job_nouns
    for prep in words.origin_preps:
        for t in prep_objects(noun, prep, ctx):
            places = _places(t, ctx)
            yield from _candidates(
                person, "residentOf", [p for p in places if not _country(p, ctx)], noun, "origin"
            )
            if not office:  # "a diplomat from France" works for it: role.v1 reads roles
                countries = [p for p in places if _country(p, ctx) and _as_named(p, t, ctx)]
                yield from _candidates(person, "citizenOf", countries, noun, "origin")
    if lemma in ctx.lexicon.roles:  # "X, the Health Ministry's spokesman", "the ministry spokesman"
        prop = ctx.lexicon.roles[lemma].property
        domain = domain_words(list(noun.lefts), noun, ctx)  # "the EU's foreign policy chief,
        if prop == "leaderOf" and any(t.pos_ == "NOUN" for t in domain):  # X" heads an office
            prop = "worksFor"  # within the EU, not the EU ("Sudan's military leader" leads it)
        yield from _candidates(person, prop, _role_owners(noun, ctx), noun, "role-owner")
    employed = lemma in ctx.lexicon.roles and ctx.lexicon.roles[lemma].property == "worksFor"
    if lemma in words.job_nouns or employed:  # "a journalist with the Daily Graphic"
        yield from _candidates(person, "worksFor", _employers(noun, ctx, words), noun, "job-noun")


def _role_owners(noun: Token, ctx: Context) -> list[Ref]:
    """Whose a role in apposition is: its possessor or an organisation compounded into it ("the
    Health Ministry's spokesman", "the foreign ministry spokesman"); not "his spokesman", nor
    "the president's spokesman" (a person's aide, not an organisation's)."""
    owners = [c for c in noun.children if c.dep_ in {"poss", "compound"} and c.pos_ != "PRON"]
    return [r for c in owners for r in ctx.resolver.resolve(c, ("Organization", "Country"))]


def _as_named(ref: Ref, token: Token, ctx: Context) -> bool:
    """Whether the text names the entity by its own label ("from Jordan"), not by another name
    the tables map to it (a capital standing for its country: "from Rabat")."""
    span = ctx.resolver.named_span(token)
    label = ctx.resolver.table.drafts[ref.key].label
    return span is not None and span.text.casefold() == label.casefold()


def _employers(head: Token, ctx: Context, words: RelationWords) -> list[Ref]:
    """The organisations named after "at", "for" or "with" on a noun or verb, also when the
    parser set the name in apposition to a description ("at the Beirut think tank Carnegie")."""
    found: list[Ref] = []
    for prep in words.employer_preps:
        for t in prep_objects(head, prep, ctx):
            tokens = [t, *ctx.args.get(t, "apposition"), *ctx.args.get(head, "apposition")]
            for token in tokens:
                found += _named(token, ORGANISATIONS, ctx)  # not "at the Beirut think tank"
    return found


def _work(verb: Token, ctx: Context, words: RelationWords) -> Iterator[Candidate]:
    """ "who works for the council", "X, a Norwegian national working for the council"
    (worksFor); "a pharmacist who lives in Mogadishu" (residentOf)."""
    lemma = verb.lemma_.lower()
    if lemma not in words.work_verbs | words.residence_verbs:
        return
    holders = agents(verb, ctx) or ctx.args.get(verb, "clause-head")
    holders += [p for h in holders for p in ctx.args.get(h, "apposed-to")]
    people = [r for h in holders for r in _named(h, ("Person",), ctx)]
    if lemma in words.work_verbs:
        yield from _candidates(people, "worksFor", _employers(verb, ctx, words), verb, "work-verb")
    else:
        places = [
            p
            for prep in words.location_preps
            for t in prep_objects(verb, prep, ctx)
            for p in _places(t, ctx)
        ]
        yield from _candidates(people, "residentOf", places, verb, "residence-verb")


def _member(person: list[Ref], token: Token, ctx: Context, words: RelationWords):
    """ "Jane Roe of the Labour Party" (memberOf), "John Doe of Human Rights Watch" (worksFor)."""
    for prep in words.member_preps:
        for t in prep_objects(token, prep, ctx):
            for org in _named(t, ORGANISATIONS, ctx):
                span = ctx.resolver.named_span(t)
                head = span[-1].lemma_.lower() if span is not None else ""
                prop = "memberOf" if head in words.membership_heads else "worksFor"
                yield from _candidates(person, prop, [org], t, "member-of")


def _victims(verb: Token, ctx: Context) -> Iterator[Candidate]:
    """A killing's victim named in apposition to its object ("killed the mayor of Tlaxcala,
    Jorge Ruiz"), also where the parser hung the name on the verb; and armed groups as victims
    ("soldiers killed six insurgents")."""
    slots = ctx.lexicon.verbs.get(ctx.key(verb), ())
    if not any(s.property == "kills" and s.arg == "obj" for s in slots):
        return
    killers = [r for t in agents(verb, ctx) for r in ctx.resolver.resolve(t, ("Actor",))]
    if not killers:
        return
    victims: list[Ref] = []
    for patient in patients(verb, ctx):
        named = [*ctx.args.get(patient, "apposition"), *_after_comma(patient, verb)]
        victims += [r for t in named for r in _named(t, ("Person",), ctx)]
        victims += ctx.resolver.resolve(patient, ("ArmedGroup",))
    yield from _candidates(killers, "kills", victims, verb, "named-victim")


def _after_comma(noun: Token, verb: Token) -> list[Token]:
    """A name set off by a comma right after a noun phrase, hung on the verb by the parser."""
    doc = noun.doc
    end = noun.right_edge.i + 1
    if end + 1 < len(doc) and doc[end].is_punct and doc[end + 1].head.head == verb:
        name = doc[end + 1]
        while name.head.i > name.i and name.dep_ == "compound":
            name = name.head
        return [name] if name.head == verb and name.pos_ == "PROPN" else []
    return []


@register("relation.v1")
def relation_rule(sentence: Span, ctx: Context) -> Iterator[Candidate]:
    """General news relations from noun phrases, appositions and work verbs (module docstring)."""
    words = load_relation_words(ctx.lexicon.folder)
    resolver = ctx.resolver
    seen: set[int] = set()
    for ent in resolver.entities_in(sentence):
        span = resolver.named_span(ent.root)
        if span is None or span.root.i in seen:
            continue
        token = span.root
        seen.add(token.i)
        actors = resolver.resolve(token, ("Actor", "Place"))
        if not actors:
            continue
        # a modifier is its own noun's: "the Texas-based ministry and Father X" (not his base)
        own = resolver.resolve(token, ("Actor", "Place"), conjuncts=False)
        yield from _based(token, own, ctx, words)
        yield from _located(token, actors, ctx, words)
        yield from _place_apposition(token, actors, ctx, words)
        people = [r for r in actors if resolver.table.cls(r.key) == "Person"]
        if people:
            for noun in _person_nouns(token, ctx):
                yield from _described(people, noun, ctx, words)
            yield from _member(people, token, ctx, words)
    for token in sentence:
        if token.pos_ == "PROPN" and resolver.named_span(token) is None:
            yield from _place_apposition(token, _unnamed_place(token, ctx, words), ctx, words)
        if token.pos_ in {"NOUN", "PROPN"} and resolver.named_span(token) is None:
            # "the Munich-based insurer Allianz": the name in apposition (an unnamed node would
            # be labelled by its modifiers, "based" among them)
            organisations = [
                r for a in ctx.args.get(token, "apposition") for r in _named(a, ORGANISATIONS, ctx)
            ]
            yield from _based(token, organisations, ctx, words)
        if token.pos_ in {"VERB", "AUX"}:
            yield from _work(token, ctx, words)
            yield from _victims(token, ctx)
