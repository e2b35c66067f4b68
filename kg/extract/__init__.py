"""Extraction: a parsed document in, plain ``Entity``, ``Fact`` and ``EventMention`` dataclasses
out (no rdflib).

>>> from kg.nlp import load_pipeline
>>> nlp = load_pipeline()
>>> text = "Qatar and Egypt mediated the truce between Hamas and Israel."
>>> result = extract(nlp(text), Document("d1", text))
>>> sorted((f.subject, f.property, f.object) for f in result.facts)[0]
('egypt', 'mediates', 'd1#truce')
>>> [(e.type, e.sources, e.targets) for e in result.events][-1]
('RETREAT', ('hamas',), ('israel',))
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.entities import EntityTable, Resolver
from kg.extract.events import events, fact, settle
from kg.extract.patterns import Arguments, load_patterns
from kg.extract.qualifiers import dated
from kg.extract.rules import RULES, Context
from kg.extract.stance import governed
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Document, EventMention, Extraction, Fact, Sentence

__all__ = ["extract"]


def extract(doc: Doc, document: Document, *, lexicon: Lexicon | None = None) -> Extraction:
    """Entities, facts and event mentions of one document, parsed by ``kg.nlp.load_pipeline``."""
    lexicon = lexicon or load_lexicon()
    table = EntityTable(document.id, lexicon)
    context = Context(lexicon, Resolver(doc, table, lexicon), Arguments(load_patterns()))
    sentences: list[Sentence] = []
    facts: dict[tuple[str, str, str, int], Fact] = {}
    mentions: list[EventMention] = []
    for span in doc.sents:
        if not span.text.strip():
            continue
        index = len(sentences)
        text = span.text.strip()
        start = span.start_char + (len(span.text) - len(span.text.lstrip()))
        sentences.append(Sentence(index, start, start + len(text), text))
        context.governed.clear()
        candidates = [c for rule in RULES.values() for c in rule(span, context)]
        # only intended, refused or demanded: the stance stands for the governed act
        settled = [settle(c, context) for c in candidates if not governed(c, context)]
        for item in settled:
            found = fact(item, index, context)
            if found is None:
                continue
            key = (found.subject, found.property, found.object, index)
            if key not in facts or facts[key].confidence < found.confidence:
                facts[key] = found
        mentions += events(settled, index, context)
    from dataclasses import replace

    facts_out = [
        replace(f, qualifiers=dated(f.qualifiers, document.date, lexicon)) for f in facts.values()
    ]
    events_out = [
        replace(e, qualifiers=dated(e.qualifiers, document.date, lexicon)) for e in mentions
    ]
    used = {key for f in facts_out for key in (f.subject, f.object)}
    used |= {key for e in events_out for key in (*e.sources, *e.targets)}
    used |= {
        value
        for item in (*facts_out, *events_out)
        for name, value in item.qualifiers
        if name == "place"
    }
    return Extraction(
        document, tuple(sentences), table.entities(used), tuple(facts_out), tuple(events_out)
    )
