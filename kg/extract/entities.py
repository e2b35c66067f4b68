"""Entities of one document: named mentions, canonical names, actors behind words, coreference.

``Resolver.resolve(token, classes)`` answers "which graph nodes does this noun phrase stand for?"
for the relation rules. It distributes over conjunctions ("Qatar and Egypt"), maps words to actors
("U.S. officials" -> United States, "Palestinian militants" -> a group), resolves pronouns and
anaphoric nouns ("it", "the group") to a recent compatible mention, and, where the caller allows
it, makes nodes for topics, events, designations and positions from the phrase itself.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import pycountry
from spacy.tokens import Doc, Span, Token

from kg.lexicon import Lexicon
from kg.model import Entity

NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
DETERMINERS = {"det", "poss", "predet", "nummod", "quantmod", "case", "punct"}
NON_ACTOR_CLASSES = ("Topic", "Event", "Designation", "Position")
OWNERS = ("Organization", "Country")  # who can own forces, officers and spokesmen
DATELINE_TOKENS = 16  # "PORT-AU-PRINCE, Haiti, March 4 (Reuters) -" is as long as they come
NON_THINGS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def normalise(label: str) -> str:
    """The key form of a label: case-folded, inner whitespace collapsed."""
    return " ".join(label.casefold().split())


@dataclass
class _EntityDraft:
    label: str
    cls: str
    aliases: set[str] = field(default_factory=set)
    scope: str | None = None


@dataclass(frozen=True)
class Ref:
    """An entity reference found in the text: the entity's key and the tokens that named it."""

    key: str
    start: int  # token index (inclusive)
    end: int  # token index (exclusive)


class EntityTable:
    """The entities of one document, keyed so that the same thing always gets the same key."""

    def __init__(self, doc_id: str, lexicon: Lexicon) -> None:
        self.doc_id = doc_id
        self.lexicon = lexicon
        self.drafts: dict[str, _EntityDraft] = {}

    def add(self, label: str, cls: str, surface: str, *, scoped: bool = False) -> str:
        """Register a mention and return its entity key; a more specific class wins."""
        scope = self.doc_id if scoped else None
        key = f"{scope}#{normalise(label)}" if scope is not None else normalise(label)
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _EntityDraft(label, cls, scope=scope)
        elif cls != draft.cls and self.lexicon.is_a(cls, (draft.cls,)):
            draft.cls = cls
        surface = " ".join(surface.split())
        if surface and surface != draft.label:
            draft.aliases.add(surface)
        return key

    def cls(self, key: str) -> str:
        return self.drafts[key].cls

    def entities(self, used: set[str]) -> tuple[Entity, ...]:
        """The entities that facts use, in a stable order."""
        return tuple(
            Entity(key, d.label, d.cls, frozenset(d.aliases), d.scope)
            for key, d in sorted(self.drafts.items())
            if key in used
        )


def _strip_span(span: Span, lexicon: Lexicon) -> Span:
    """Drop a leading determiner (lower-case, or any before an organisation), a trailing
    possessive, and titles and honorifics
    before a person's name ("King Abdullah" -> "Abdullah": the title becomes a position, not a
    name; "Sheikh Tamim" -> "Tamim": an honorific is neither)."""
    start, end = span.start, span.end
    doc = span.doc
    organization = span.label_ == "ORG" and end - start > 1
    while start < end and doc[start].dep_ == "det" and (doc[start].is_lower or organization):
        start += 1  # "The World Food Programme" opening a sentence is the programme
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    while span.label_ == "PERSON" and end - start > 1 and _title_word(doc[start], lexicon):
        start += 1
    return Span(doc, start, end, label=span.label_)


def _title_word(token: Token, lexicon: Lexicon) -> bool:
    """Whether a word before a name is a title or an honorific, no part of the name."""
    return token.lower_ in lexicon.roles or token.lower_ in lexicon.function_words.honorifics


def _joined(ents: tuple[Span, ...], lexicon: Lexicon) -> tuple[Span, ...]:
    """Names the NER cut, joined: at a function word ("the International Committee of the" +
    "Red Cross" is one organisation, as is "Bank of" + "England"), or a person's name that left
    out a first word or came in pieces ("President Mahamat | Idriss Saleh", "Datuk Seri |
    Azman | Hakim"; titles and honorifics are stripped later)."""
    joined: list[Span] = []
    for ent in ents:
        if ent.label_ == "PERSON":
            ent = _grown_name(ent, joined[-1].end if joined else 0, lexicon)
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.end == ent.start
            and (
                (
                    last.label_ in NAMED_LABELS
                    and last[-1].is_lower
                    and last[-1].pos_ in {"ADP", "DET"}
                )
                or last.label_ == ent.label_ == "PERSON"
            )
        ):
            joined[-1] = Span(ent.doc, last.start, ent.end, label=last.label_)
        else:
            joined.append(ent)
    return tuple(joined)


def _grown_name(span: Span, floor: int, lexicon: Lexicon) -> Span:
    """A person's name with the one capitalised name word before it the NER left out, where a
    title or an honorific opens the name: "Mahamat" in "President Mahamat Idriss Saleh"; not
    "Governor" in "region, Governor Oumarou Bakary", which no title opens."""
    doc = span.doc
    start = span.start - 1
    if start < max(floor, 1):
        return span
    word, opener = doc[start], doc[start - 1]
    if (
        word.pos_ == "PROPN"
        and word.dep_ == "compound"
        and word.head.i in range(span.start, span.end)
        and word.is_title
        and not _title_word(word, lexicon)
        and _title_word(opener, lexicon)
    ):
        return Span(doc, start, span.end, label=span.label_)
    return span


def _written(span: Span, words: set[int]) -> str:
    """A name's words as the text writes them, hyphens kept ("Nusrat al-Islam wal-Muslimin"),
    where only hyphens lie between them; else the words joined by spaces."""
    if all(t.i in words or (_dash(t) and not t.whitespace_) for t in span):
        return span.text
    return " ".join(t.text for t in span if t.i in words)


def _dash(token: Token) -> bool:
    """A dash of any length (hyphen, en or em dash, "--"): Unicode's dash punctuation."""
    return all(unicodedata.category(c) == "Pd" for c in token.text)


def dateline(doc: Doc, start: int, lexicon: Lexicon) -> range:
    """The tokens of a wire dateline opening a sentence or a line at ``start`` ("GENEVA
    (Reuters) -", "KYIV, Ukraine —", "SANAA/DUBAI -"), empty if there is none: where the story
    was filed, neither a name in the sentence nor its actor. A dateline is one or more
    all-capital place words (joined by "/" or hyphens), optionally ", Region" or ", Month Day"
    and "(Agency)", then a dash set off by spaces."""
    i, end = start, min(len(doc), start + DATELINE_TOKENS)
    while i < end and doc[i].is_space:
        i += 1
    start, words, marked = i, 0, False
    while i < end:
        token = doc[i]
        glued = not token.whitespace_ and not doc[i - 1].whitespace_
        if token.is_alpha and token.is_upper and len(token) > 1:
            words += 1
        elif words and token.is_punct and glued and not token.is_bracket:
            marked = True  # "SANAA/DUBAI", "PORT-AU-PRINCE"
        elif words and token.is_punct and token.whitespace_ and not _dash(token):
            i += 1  # a comma: "KYIV, Ukraine", "DOHA, March 4"
            while i < end and ((doc[i].is_title and doc[i].is_alpha) or doc[i].is_digit):
                i += 1
            marked = True
            continue
        elif words and token.is_bracket and token.is_left_punct:
            close = next((j for j in range(i + 1, min(i + 5, end)) if doc[j].is_right_punct), None)
            if close is None or not all(doc[j].is_alpha for j in range(i + 1, close)):
                return range(0)
            i, marked = close + 1, True  # "(Reuters)", "(AP)", "(wire)"
            continue
        else:
            break
        i += 1
    dashed = i + 1 < len(doc) and _dash(doc[i]) and bool(doc[i - 1].whitespace_)
    if not words or not dashed:
        return range(0)
    if not (marked or words > 1):  # one word: a place, not "NATO - ..." (an organisation)
        alias = lexicon.aliases.get(doc[start].text) or lexicon.aliases.get(doc[start].text.title())
        if alias is not None and not lexicon.is_a(alias.cls, ("Place",)):
            return range(0)
    return range(start, i + 1)


def _is_country(name: str, known: frozenset[str]) -> bool:
    """Whether a place name is a country: the tables first, then ISO 3166 via pycountry."""
    if name in known:
        return True
    for table in (pycountry.countries, pycountry.historic_countries):
        try:
            table.lookup(name)
        except LookupError:
            continue
        return True
    return False


class Resolver:
    """Maps tokens of one parsed document to entity references (see module docstring)."""

    def __init__(self, doc: Doc, table: EntityTable, lexicon: Lexicon) -> None:
        self.doc = doc
        self.table = table
        self.lexicon = lexicon
        self.span_of: dict[int, Span] = {}
        self.mentions: list[tuple[int, str]] = []  # (token index, key), in document order
        self.countries = lexicon.countries
        self.sentence_starts = [sentence.start for sentence in doc.sents]
        self._resolved: dict[tuple[int, tuple[str, ...], bool], list[Ref]] = {}
        # doc.ents and Span.ents rebuild the whole tuple on each call: read it once and look
        # entities up by token index, so the cost per lookup does not grow with the document
        self.ents = doc.ents
        self.full_names: dict[str, str] = {}  # surname -> latest person named with it
        self._keys: dict[tuple[int, int, str], str | None] | None = None  # see below
        starts = {0, *self.sentence_starts, *(t.i + 1 for t in doc if "\n" in t.text)}
        self.datelines = {i for start in starts for i in dateline(doc, start, lexicon)}
        self.ents = _joined(self.ents, lexicon)
        self.ent_starts = [ent.start for ent in self.ents]
        for ent in self.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            span = self._outside_dateline(_strip_span(ent, lexicon))
            if not len(span):
                continue
            for token in span:
                self.span_of[token.i] = span
            key = self._named(span)
            if key is not None:
                self.mentions.append((span.root.i, key))
                draft = self.table.drafts[key]
                if draft.cls == "Person":
                    self.full_names[draft.label.split()[-1]] = draft.label
        self.mention_positions = [position for position, _ in self.mentions]
        # from here on a span's key no longer changes (the surnames are all known): remember it
        self._keys = {}

    # -- named entities -------------------------------------------------------------------------

    def _outside_dateline(self, span: Span) -> Span:
        """A name without the dateline words the NER took into it ("SANAA Houthi")."""
        start = span.start
        while start < span.end and start in self.datelines:
            start += 1
        return span if start == span.start else Span(self.doc, start, span.end, span.label_)

    def _named(self, span: Span) -> str | None:
        """The key of a named-entity span, canonicalised through the alias and demonym tables."""
        known = self._keys
        if known is None:
            return self._key(span)
        here = (span.start, span.end, span.label_)
        if here not in known:
            known[here] = self._key(span)
        return known[here]

    def _key(self, span: Span) -> str | None:
        text = span.text
        lex = self.lexicon
        if text in lex.aliases:
            alias = lex.aliases[text]
            return self.table.add(alias.canonical, alias.cls, text)
        label = span.label_
        if text in lex.demonyms:  # the NER tags a lone "Ukrainian" as any kind, even a person
            return self.table.add(lex.demonyms[text], "Country", text)
        if label == "NORP":
            return None
        if label == "PERSON":
            return self.table.add(self._full_name(text), "Person", text)
        if label == "GPE":
            return self.table.add(
                text, "Country" if _is_country(text, self.countries) else "Place", text
            )
        if label in {"LOC", "FAC"}:
            return self.table.add(text, "Place", text)
        head = span[-1].text.lower()
        return self.table.add(text, lex.org_heads.get(head, "Organization"), text)

    def _full_name(self, text: str) -> str:
        """A surname alone ("Boehler") stands for the earlier full name ("Adam Boehler")."""
        if " " in text:
            return text
        return self.full_names.get(text, text)

    def named_span(self, token: Token) -> Span | None:
        return self.span_of.get(token.i)

    def entities_in(self, span: Span) -> list[Span]:
        """The named-entity spans inside ``span`` (``span.ents`` without its full scan)."""
        found = []
        for ent in self.ents[bisect_left(self.ent_starts, span.start) :]:
            if ent.end > span.end:
                break
            found.append(ent)
        return found

    def entity_at(self, token: Token) -> Span | None:
        """The named-entity span holding ``token``, if any."""
        index = bisect_right(self.ent_starts, token.i) - 1
        if index >= 0 and self.ents[index].end > token.i:
            return self.ents[index]
        return None

    # -- resolution -----------------------------------------------------------------------------

    def resolve(
        self, token: Token, classes: tuple[str, ...] = (), *, conjuncts: bool = True
    ) -> list[Ref]:
        """Entity references for the phrase headed by ``token`` (and its conjuncts, unless told
        not); the rules ask about the same phrase for several slots, so answers are remembered."""
        cached = self._resolved.get((token.i, classes, conjuncts))
        if cached is not None:
            return list(cached)
        refs: list[Ref] = []
        for head in self.expand(token) if conjuncts else [token]:
            refs.extend(ref for ref in self._resolve_one(head, classes) if ref not in refs)
        self._resolved[token.i, classes, conjuncts] = refs
        return list(refs)

    def places(self, token: Token, *, named_only: bool = False) -> list[Ref]:
        """The places a phrase names where something happens or is based: a capital there is
        the city ("talks in Doha", "based in Helsinki"), though as an actor it stands for its
        country ("Doha proposed"); ``named_only`` leaves out words and pronouns."""
        refs: list[Ref] = []
        for head in self.expand(token):
            span = self.span_of.get(head.i)
            if span is not None and span.text in self.lexicon.capitals:
                found = [Ref(self.table.add(span.text, "Place", span.text), span.start, span.end)]
            elif named_only and span is None:
                continue
            else:
                found = self._resolve_one(head, ("Place",))
            refs.extend(ref for ref in found if ref not in refs)
        return refs

    def expand(self, token: Token) -> list[Token]:
        """The token, its conjuncts, and members named by "including X"."""
        heads = [token, *token.conjuncts]
        for head in list(heads):
            for prep in head.children:
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ in self.lexicon.function_words.inclusion_preps
                ):
                    heads.extend(
                        t for p in prep.children if p.dep_ == "pobj" for t in [p, *p.conjuncts]
                    )
        return sorted(set(heads), key=lambda t: t.i)

    def _accept(self, key: str | None, classes: tuple[str, ...]) -> bool:
        return key is not None and self.lexicon.is_a(self.table.cls(key), classes)

    def _resolve_one(self, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """Try, in order: a named entity, a pronoun, an actor word, an anaphor, a phrase node."""
        lex = self.lexicon
        if token.i in self.datelines:  # where the story was filed, not who acted; the parser
            # may hang the sentence's subject on it: "PORT-AU-PRINCE, Haiti — The WFP delivered"
            apposed = (c for c in token.children if c.dep_ == "appos")
            return [
                r for c in apposed if c.i not in self.datelines for r in self.resolve(c, classes)
            ]
        span = self.span_of.get(token.i)
        if span is not None:
            return self._named_ref(span, token, classes)
        lower, lemma = token.lower_, token.lemma_.lower()
        if token.pos_ == "PRON" and lower in lex.pronouns:
            wanted = lex.pronouns[lower]
            return self._subject_antecedent(token, wanted, classes) or self._antecedent(
                token, wanted, classes
            )
        if token.pos_ not in {"NOUN", "PROPN", "NUM"}:
            return []
        if token.pos_ == "PROPN":  # a name the NER only half caught: "Aung San | Suu Kyi"
            refs = self._partial_person(token, classes)
            if refs:
                return refs
        if lemma in lex.partitive_nouns or token.pos_ == "NUM":
            inner = self._prep_objects(token, lex.function_words.partitive_preps)  # "a group of"
            if inner:
                return [r for t in inner for r in self.resolve(t, classes)]
            if token.tag_ == "NNS" and token.dep_ in {"nsubj", "nsubjpass"}:  # "Thousands took"
                key = self.table.add(token.lower_, "PersonGroup", token.text, scoped=True)
                return [Ref(key, token.i, token.i + 1)] if self._accept(key, classes) else []
        if lemma in lex.place_nouns and self._unnamed_place(token):
            inner = self._prep_objects(token, lex.function_words.partitive_preps)
            if inner and all(t.i in self.span_of for t in inner):  # "the breakaway region of
                return [r for t in inner for r in self.resolve(t, classes)]  # Somaliland"
        named = self._apposed_person(token)
        if named is not None:  # "Qatar's emir, Sheikh Tamim, met ...": the emir is Tamim
            return self._named_ref(named, token, classes)
        if lemma in lex.member_nouns:
            refs = self._members(token, classes)
            if refs:
                return refs
        if self._definite(token) and self._office(token) and not self._modifiers(token):
            return self._officeholder(token, classes)  # "the prime minister", "the president"
        pair = lex.pair_nouns.get(lemma)
        if pair and token.tag_ == "NNS" and any(c.lower_ in lex.pair_words for c in token.lefts):
            refs = self._pair(token, pair, classes)  # "the two former foes agreed"
            if refs:
                return refs
        anaphor = lex.anaphoric_nouns.get(lower) or lex.anaphoric_nouns.get(lemma)
        described = any(c.dep_ in {"amod", "compound", "nmod"} for c in token.lefts)
        specific = described or any(c.dep_ in {"acl", "relcl", "prep"} for c in token.rights)
        group = self._group_class(token)
        if anaphor and not described and (self._definite(token) or group is None):
            refs = self._antecedent(token, anaphor, classes)
            if refs:
                return refs
        if group is not None:
            return self._group(token, group, classes)
        institution = lemma in lex.org_heads or lower in lex.org_heads
        if (lemma in lex.org_nouns or lower in lex.org_nouns) and (specific or institution):
            # "police", "the authorities", "government forces", "the military junta"
            refs = self._organization(token, classes)
            if refs:
                return refs
        return self._phrase_node(token, classes)  # "classified as a terrorist group"

    def _unnamed_place(self, token: Token) -> bool:
        """Whether a place noun has no name of its own, so that its "of" phrase names it: not
        "the Solino neighbourhood of Port-au-Prince" (Solino is in the city), nor where it says
        whose members are meant ("the Greek side of the island of Cyprus")."""
        if any(c.i in self.span_of or c.pos_ == "PROPN" for c in token.lefts):
            return False
        holder = token.head.head if token.head.dep_ == "prep" else None
        return holder is None or holder.lemma_.lower() not in self.lexicon.member_nouns

    def _apposed_person(self, token: Token) -> Span | None:
        """The named person in apposition to a role noun ("Egypt's President Abdel Fattah
        al-Sisi", "the French president, Emmanuel Macron"): the phrase stands for that person."""
        lex = self.lexicon
        # one person acting for others: "his Turkish counterpart, X" (not "members, X")
        acting = token.lower_ in lex.roles or (
            token.lemma_.lower() in lex.member_nouns and token.tag_ == "NN"
        )
        if not acting and self._office(token) is None:
            return None
        for child in token.children:
            span = self.span_of.get(child.i)
            if child.dep_ == "appos" and span is not None and span.label_ == "PERSON":
                return span
        # the parser may hang the name on the role's last word: "the head of the National
        # Assembly, Julio Borges," (not "the envoy of the president, X": a person's title)
        for owner in self._prep_objects(token, lex.function_words.body_preps):
            named = self.span_of.get(owner.i)
            if named is not None and named.label_ != "PERSON":
                for child in owner.children:
                    span = self.span_of.get(child.i)
                    if child.dep_ == "appos" and span is not None and span.label_ == "PERSON":
                        return span
        return None

    def _organization(self, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """An unnamed but described organisation ("a human rights group", "the Serbian
        parliament"), scoped to this document; a named one where the phrase names it ("the
        Hizbollah group", "the main Hutu rebel group, Forces for Defence of Democracy")."""
        for child in token.children:
            if child.dep_ in {"appos", "compound"} and child.i in self.span_of:
                span = self.span_of[child.i]
                key = self._named(span)
                if key and self.lexicon.is_a(self.table.cls(key), ("Organization",)):
                    description = " ".join(
                        t.text
                        for t in token.subtree
                        if t.i < span.start and t.dep_ != "det" and not t.is_punct
                    )
                    if child.dep_ == "appos" and description:
                        self.table.add(
                            self.table.drafts[key].label, self.table.cls(key), description
                        )
                    return [Ref(key, span.start, span.end)] if self._accept(key, classes) else []
        words = [
            t
            for t in token.lefts
            if t.dep_ in {"amod", "compound", "nmod"}
            and t.tag_ not in {"JJS", "JJR"}
            and t.i not in self.datelines  # "SANAA/DUBAI - The Houthi movement"
        ]
        # a modifier's own words go with it: "the Saudi-led coalition", "eastern-based"
        phrase = sorted({t for w in words for t in w.subtree if t.dep_ != "det"} | {token})
        label = "".join(t.text_with_ws for t in phrase[:-1]) + token.text
        heads = self.lexicon.org_heads
        cls = heads.get(token.lower_) or heads.get(token.lemma_.lower(), "Organization")
        key = self.table.add(label, cls, label, scoped=True)
        return [Ref(key, phrase[0].i, token.i + 1)] if self._accept(key, classes) else []

    def _partial_person(self, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """A proper-noun name whose other words the NER tagged as a person is that person, as
        is one after a title that the NER left untagged ("Ambassador Uichiro Niwa")."""
        words = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        titled = False
        while words and _title_word(words[0], self.lexicon):  # "Minister Bruno Rodriguez"
            words.pop(0)
            titled = True
        spans = [self.span_of.get(w.i) for w in [*words, token]]
        tagged = any(span is not None and span.label_ == "PERSON" for span in spans[:-1])
        if not (tagged or (titled and all(span is None for span in spans))):
            return []
        start = words[0].i if words else token.i
        name = _written(token.doc[start : token.i + 1], {w.i for w in [*words, token]})
        key = self.table.add(name, "Person", name)
        return [Ref(key, start, token.i + 1)] if self._accept(key, classes) else []

    def _office(self, token: Token) -> str | None:
        """The position a noun names, if it is one ("prime minister", "president")."""
        words = [c.lower_ for c in token.lefts if c.dep_ in {"compound", "amod"}] + [token.lower_]
        for length in (2, 1):
            name = " ".join(words[-length:])
            if name in self.lexicon.roles and self.lexicon.roles[name].position:
                return name
        return None

    def _officeholder(self, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """The unnamed holder of an office, as a person of this document."""
        name = self._office(token) or token.lower_
        key = self.table.add(name, "Person", name, scoped=True)
        start = token.i - (len(name.split()) - 1)
        return [Ref(key, start, token.i + 1)] if self._accept(key, classes) else []

    @staticmethod
    def _prep_objects(token: Token, prepositions: tuple[str, ...]) -> list[Token]:
        """Objects of these prepositions on a noun ("a group of [diplomats]")."""
        return [
            pobj
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ in prepositions
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]

    def _named_ref(self, span: Span, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """A named entity; a nationality used as a noun ("20 Palestinians") is a group of people
        where the slot wants people, and the country where it wants an actor."""
        key = self._named(span)
        if self._accept(key, classes):
            return [Ref(key, span.start, span.end)]
        if span.label_ == "NORP" and token.dep_ not in {"amod", "compound", "nmod"}:
            key = self.table.add(span.text, "PersonGroup", span.text, scoped=True)
            if self._accept(key, classes):
                return [Ref(key, span.start, span.end)]
        return []

    def _modifiers(self, token: Token) -> list[tuple[Token, str]]:
        """Named or demonym modifiers of a noun ("U.S. and Hamas officials"), with their keys."""
        found = []
        children = [c for c in token.children if c.dep_ in {"compound", "nmod", "amod", "poss"}]
        # look through a compound chain: "U.S. border patrol agents", "Israeli army bulldozers"
        children += [
            g
            for c in children
            if c.dep_ == "compound"
            for g in c.children
            if g.dep_ in {"compound", "nmod", "amod", "poss"}
        ]
        # "Vietnamese-led forces" act for Vietnam
        children += [
            g
            for c in children
            if c.lower_ in self.lexicon.function_words.leading_words
            for g in c.children
            if g.dep_ in {"npadvmod", "compound", "nmod", "amod"}
        ]
        for child in children:
            if child.dep_ == "poss" and child.pos_ == "PRON":
                found.extend((child, key) for key in self._clause_owner(child))
                continue
            for mod in [child, *child.conjuncts]:
                span = self.span_of.get(mod.i)
                if span is not None:
                    key = self._named(span)
                elif mod.text in self.lexicon.demonyms:
                    key = self.table.add(self.lexicon.demonyms[mod.text], "Country", mod.text)
                elif mod.dep_ == "poss" and mod.pos_ == "NOUN":  # "the Houthi movement's
                    found.extend((mod, r.key) for r in self.resolve(mod, OWNERS))  # spokesman"
                    continue
                else:
                    key = None
                if key is not None:
                    found.append((mod, key))
        return found

    def _clause_owner(self, pronoun: Token) -> list[str]:
        """The organisation or country an "its"/"their" before a noun stands for: the subject
        of the nearest clause above the noun that has another subject ("al-Shabaab said its
        fighters had stormed the base" -> al-Shabaab's fighters), for a noun that acts (a
        subject). When that subject is no organisation or country ("the ministry said the city
        had evacuated its residents"), the owner is unknown."""
        wanted = self.lexicon.pronouns.get(pronoun.lower_, ())
        owners = tuple(c for c in OWNERS if c in wanted)
        noun = pronoun.head
        while noun.dep_ == "conj":  # "its officers and Somali troops had begun ..."
            noun = noun.head
        if (
            not owners
            or noun.dep_ not in {"nsubj", "nsubjpass"}  # "Hamas freed its captives": others
            or pronoun.head.lemma_.lower() in self.lexicon.function_words.counterpart_nouns
        ):  # "Kyiv said its allies had ...": the allies are others, not Kyiv
            return []
        clause = noun.head
        while True:
            subjects = [
                c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and c != noun
            ]
            if subjects:
                return [r.key for s in subjects for r in self.resolve(s, owners)]
            if clause.head == clause or clause.dep_ not in {"ccomp", "xcomp", "advcl", "conj"}:
                return []
            clause = clause.head

    def _members_of(self, token: Token) -> list[Token]:
        """What a group is of or from; joined groups share the last one's ("members and
        supporters of the Free Aceh Movement")."""
        words = self.lexicon.function_words
        preps = words.member_preps
        if token.lemma_.lower() in words.agents_for:  # "negotiators for the government"
            preps = (*preps, *words.acting_preps)
        found = self._prep_objects(token, preps)
        if not found and token.conjuncts and token.i < token.conjuncts[-1].i:
            found = self._prep_objects(token.conjuncts[-1], preps)
        return found

    def _members(self, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """'U.S. officials' act for the United States; 'the Trump administration' is a node;
        'members of the Movement' act for the Movement."""
        of = [  # "members of the Movement", "delegations from Armenia and Azerbaijan"
            p for t in self._members_of(token) for p in self.resolve(t, ("Organization", "Country"))
        ]
        if of and all(self._accept(r.key, classes) for r in of):
            return of
        refs = []
        for mod, key in self._modifiers(token):
            org_cls = self.lexicon.org_heads.get(token.lower_)
            if self.table.cls(key) == "Person" and org_cls:
                label = f"{self.table.drafts[key].label.split()[-1]} {token.lower_}"
                key = self.table.add(label, org_cls, f"{mod.text} {token.text}")
            if self._accept(key, classes):
                refs.append(Ref(key, min(mod.i, token.i), max(mod.i, token.i) + 1))
        speakers = self.lexicon.function_words.institution_voices
        if not refs and token.lemma_.lower() in speakers:  # "an army spokesman", "police
            heads = self.lexicon.org_heads  # officers" act for the army, the police
            for mod in token.lefts:
                if mod.dep_ == "compound" and (mod.lower_ in heads or mod.lemma_ in heads):
                    return self._organization(mod, classes)
        return refs

    def _group_class(self, token: Token) -> str | None:
        """The class of an unnamed collective's head word, by lemma or as written (a plural
        listed alone, "powers", is no "power")."""
        groups = self.lexicon.group_nouns
        return groups.get(token.lemma_.lower()) or groups.get(token.lower_)

    def _group(self, token: Token, cls: str, classes: tuple[str, ...]) -> list[Ref]:
        """An unnamed collective ("Palestinian militants", "hostages"), scoped to this document."""
        mods = self._modifiers(token)
        orgs = [(m, k) for m, k in mods if self.lexicon.is_a(self.table.cls(k), ("Organization",))]
        acting = [Ref(k, m.i, token.i + 1) for m, k in orgs if self._accept(k, classes)]
        if acting:  # "Hamas militants" act for Hamas
            return acting
        # "activists from the Fatah Party" act for the party
        for pobj in self._members_of(token):
            found = self.resolve(pobj, ("Organization",))
            if found and all(self._accept(r.key, classes) for r in found):
                return found
        named = {m.i for m, _ in mods if m.text in self.lexicon.demonyms or (m, _) in orgs}
        # words that say who the people are: nationality, compounds, proper adjectives
        # ("Turkish Kurd refugees", "Tamil civilians"), not "living" or "remaining"
        demonyms = [
            m
            for m in token.lefts
            if m.i in named or m.dep_ == "compound" or (m.dep_ == "amod" and m.text[:1].isupper())
        ]
        words = [self.span_of[m.i].text if m.i in self.span_of else m.text for m in demonyms]
        words = [*dict.fromkeys(words), token.lower_]  # "Ivory Coast rebels", not "Coast rebels"
        start = min([token.i] + [m.i for m in demonyms])
        key = self.table.add(" ".join(words), cls, " ".join(words), scoped=True)
        self.table.add(" ".join(words), cls, token.lower_, scoped=True)  # "the refugees" later
        return [Ref(key, start, token.i + 1)] if self._accept(key, classes) else []

    def _definite(self, token: Token) -> bool:
        determiners = self.lexicon.function_words.definite_determiners
        return any(c.dep_ == "det" and c.lower_ in determiners for c in token.children)

    def _subject_antecedent(
        self, token: Token, wanted: tuple[str, ...], classes: tuple[str, ...]
    ) -> list[Ref]:
        """A subject pronoun's nearest earlier clause subject of a compatible class, with all
        its conjuncts for a plural pronoun ("Egyptian and Qatari mediators met Hamas in Cairo.
        They pressed the group" -> Egypt and Qatar, not Cairo, the nearest name); a singular
        pronoun passes over a joined subject. Empty when no subject in the window fits."""
        if token.dep_ not in {"nsubj", "nsubjpass"}:  # "its assumption of control": the nearest
            return []
        first = self._window_start(token)
        plural = token.lower_ in self.lexicon.function_words.plural_pronouns
        for candidate in reversed(self.doc[first : token.i]):
            if candidate.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            joined = bool(candidate.conjuncts) or candidate.tag_ in {"NNS", "NNPS"}
            if (joined and not plural) or (plural and not joined and candidate.pos_ == "NOUN"):
                continue  # "it" is not "Israel and Hamas"; "they" is not "the army"
            refs = self.resolve(candidate, wanted)
            if refs:
                keys = [r.key for r in refs if self._accept(r.key, classes)]
                return [Ref(key, token.i, token.i + 1) for key in dict.fromkeys(keys)]
        return []

    def _antecedent(
        self, token: Token, wanted: tuple[str, ...], classes: tuple[str, ...]
    ) -> list[Ref]:
        """The nearest earlier mention of a compatible class within the sentence window.

        A name modifying a noun stands for the noun's referent where that can act ("Ivory Coast
        rebels ... they"); otherwise a demonym adjective stands for no one ("the Chinese plan ...
        it"), and only a singular pronoun takes a modifying proper name ("the U.S. approach ...
        it").
        """
        first = self._window_start(token)
        for index in reversed(range(bisect_left(self.mention_positions, token.i))):
            position, key = self.mentions[index]
            if position < first:
                break
            word = self.doc[position]
            if word.dep_ in {"amod", "compound"} and word.head.i < token.i:
                held = self.resolve(word.head, classes)
                held = [r for r in held if self.lexicon.is_a(self.table.cls(r.key), wanted)]
                if held:
                    return [Ref(r.key, token.i, token.i + 1) for r in held[:1]]
                plural = token.lower_ in self.lexicon.function_words.plural_pronouns
                if word.dep_ == "amod" or plural:
                    continue
            if self.lexicon.is_a(self.table.cls(key), wanted):
                return [Ref(key, token.i, token.i + 1)] if self._accept(key, classes) else []
        return []

    def _pair(self, token: Token, wanted: tuple[str, ...], classes: tuple[str, ...]) -> list[Ref]:
        """The two actors "the two sides" stands for, named before it within the sentence
        window: the last two of a compatible class joined by "and" ("Cuba and the United
        States ... the two foes"), else the last two of one class; none where there are not
        two."""
        first = self._window_start(token)
        earlier = [
            (position, key)
            for position, key in reversed(
                self.mentions[: bisect_left(self.mention_positions, token.i)]
            )
            if position >= first and self.lexicon.is_a(self.table.cls(key), wanted)
        ]
        keys: list[str] = []
        at = dict(earlier)
        for position, key in earlier:
            joined = [at[c.i] for c in self.doc[position].conjuncts if c.i in at and at[c.i] != key]
            if joined:
                keys = [joined[0], key]
                break
        if not keys:
            for _, key in earlier:
                if key not in keys and (not keys or self.table.cls(key) == self.table.cls(keys[0])):
                    keys.append(key)
                if len(keys) == 2:
                    break
        if len(keys) < 2 or not all(self._accept(key, classes) for key in keys):
            return []
        return [Ref(key, token.i, token.i + 1) for key in sorted(keys, key=self._first_named)]

    def _window_start(self, token: Token) -> int:
        """The first token an anaphor at ``token`` may look back to (the sentence window)."""
        index = bisect_right(self.sentence_starts, token.i) - 1
        return self.sentence_starts[max(0, index - self.lexicon.anaphor_window)]

    def _first_named(self, key: str) -> int:
        """Where the document first names ``key``: a pair is given in the order it was named."""
        return next(position for position, k in self.mentions if k == key)

    def _phrase_node(self, token: Token, classes: tuple[str, ...]) -> list[Ref]:
        """A node made from the phrase itself, for slots taking topics, events or designations."""
        if token.ent_type_ in NON_THINGS:  # "on Tuesday", "23 people": never a topic
            return []
        lemma = token.lemma_.lower()
        for cls in NON_ACTOR_CLASSES:
            if cls not in classes or (cls == "Event") != (lemma in self.lexicon.event_nouns):
                continue
            refs = []
            for words, start in self._phrase_labels(token):
                key = self.table.add(words, cls, words, scoped=cls == "Event")
                refs.append(Ref(key, start, token.i + 1))
            return refs
        return []

    def _phrase_labels(self, token: Token) -> list[tuple[str, int]]:
        """Labels for a common-noun phrase; conjoined modifiers are distributed.

        "Israeli and Palestinian affairs" -> "Israeli affairs", "Palestinian affairs".
        """
        mods = [
            c
            for c in token.lefts
            if c.dep_ not in DETERMINERS
            and c.lower_ not in self.lexicon.nomination_words
            and c.i not in self.datelines
        ]
        if len(mods) == 1 and mods[0].conjuncts:
            options = [mods[0], *mods[0].conjuncts]
            return [(f"{m.text} {token.text}", min(m.i for m in options)) for m in options]
        words = [t.text for m in mods for t in m.subtree if t.dep_ not in DETERMINERS]
        start = min([token.i] + [m.left_edge.i for m in mods])
        return [(" ".join([*words, token.text]), start)]
