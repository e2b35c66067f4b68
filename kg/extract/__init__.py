"""Extraction: a parsed document in, plain ``Entity`` and ``Fact`` dataclasses out (no rdflib).

May import: spaCy, pycountry, :mod:`kg.lexicon`, :mod:`kg.model`, :mod:`kg.errors`. Never rdflib,
pyshacl or owlrl: RDF is minted in :mod:`kg.rdf` only.

>>> from kg.nlp import load_pipeline
>>> nlp = load_pipeline()
>>> text = "Qatar and Egypt mediated the truce between Hamas and Israel."
>>> result = extract(nlp(text), Document("d1", text))
>>> sorted((f.subject, f.property, f.object) for f in result.facts)[0]
('hamas', 'ceasefireWith', 'israel')
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.entities import EntityTable, Resolver
from kg.extract.modality import modality
from kg.extract.qualifiers import qualifiers
from kg.extract.rules import RULES, Candidate, Context
from kg.extract.stance import commit, governed
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Document, Extraction, Fact, Sentence

__all__ = ["extract"]


def _fact(
    doc: Doc, sentence: int, candidate: Candidate, context: Context, document_date: str | None
) -> Fact:
    """Settle evidence span, modality, commitment and confidence for a rule's candidate."""
    lexicon = context.lexicon
    first = min(candidate.subject.start, candidate.object.start, candidate.trigger.i)
    last = max(candidate.subject.end, candidate.object.end, candidate.trigger.i + 1) - 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    prop, mode, rule = candidate.property, modality(candidate.trigger, lexicon), candidate.rule
    committed = commit(candidate, mode, context)
    if committed is not None:
        (prop, mode), rule = committed, f"{rule}+commit"
    weights = lexicon.confidence
    kind = rule.split(".", 1)[0]
    subject, obj = candidate.subject.key, candidate.object.key
    if prop in lexicon.symmetric and obj < subject:
        subject, obj = obj, subject
    return Fact(
        subject=subject,
        property=prop,
        object=obj,
        sentence=sentence,
        start=start,
        end=end,
        evidence=doc[first : last + 1].text,  # doc.text would rebuild the whole text
        rule=rule,
        confidence=round(weights[kind] * weights["modality"][mode], 3),
        modality=mode,
        qualifiers=qualifiers(candidate, context, document_date),
    )


def extract(doc: Doc, document: Document, *, lexicon: Lexicon | None = None) -> Extraction:
    """Entities and facts of one document, parsed by ``kg.nlp.load_pipeline``."""
    lexicon = lexicon or load_lexicon()
    table = EntityTable(document.id, lexicon)
    context = Context(lexicon, Resolver(doc, table, lexicon))
    sentences: list[Sentence] = []
    facts: dict[tuple[str, str, str, int], Fact] = {}
    for span in doc.sents:
        if not span.text.strip():
            continue
        index = len(sentences)
        text = span.text.strip()
        start = span.start_char + (len(span.text) - len(span.text.lstrip()))
        sentences.append(Sentence(index, start, start + len(text), text))
        context.governed.clear()
        candidates = [c for rule in RULES.values() for c in rule(span, context)]
        for candidate in candidates:
            if governed(candidate, context):
                continue  # only intended, refused or demanded: the stance fact stands for it
            fact = _fact(doc, index, candidate, context, document.date)
            if not lexicon.fits(fact.property, table.cls(fact.subject), table.cls(fact.object)):
                continue  # outside the property's domain or range: the ontology says no
            key = (fact.subject, fact.property, fact.object, index)
            if key not in facts or facts[key].confidence < fact.confidence:
                facts[key] = fact
    used = {key for fact in facts.values() for key in (fact.subject, fact.object)}
    used |= {value for fact in facts.values() for name, value in fact.qualifiers if name == "place"}
    return Extraction(document, tuple(sentences), table.entities(used), tuple(facts.values()))
