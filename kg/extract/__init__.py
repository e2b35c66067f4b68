"""Extraction: a parsed document in, plain ``Entity``, ``Fact`` and ``EventMention`` dataclasses
out (no rdflib). The work is done by the ``kg_extractor`` spaCy component
(``kg.extract.component``), which ``kg.nlp.load_pipeline`` adds after the NER.

May import: spaCy, pycountry, :mod:`kg.lexicon`, :mod:`kg.model`, :mod:`kg.errors`. Never rdflib,
pyshacl or owlrl: RDF is minted in :mod:`kg.rdf` only.

>>> from kg.nlp import load_pipeline
>>> nlp = load_pipeline()
>>> text = "Qatar and Egypt mediated the truce between Hamas and Israel."
>>> result = extract(nlp(text), Document("d1", text))
>>> sorted((f.subject, f.property, f.object) for f in result.facts)[0]
('egypt', 'mediates', 'hamas')
>>> [(e.type, e.sources, e.targets) for e in result.events][-1]
('RETREAT', ('hamas',), ('israel',))
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.component import EXTENSION, Extractor, bind, to_data
from kg.lexicon import Lexicon
from kg.model import Document, Extraction

__all__ = ["extract"]


def extract(doc: Doc, document: Document, *, lexicon: Lexicon | None = None) -> Extraction:
    """Entities, facts and event mentions of one document: what the ``kg_extractor`` component
    left on the Doc, or, for a Doc parsed without it (or to use another vocabulary), what the
    extractor finds now."""
    data = doc._.get(EXTENSION) if Doc.has_extension(EXTENSION) else None
    wanted = (lexicon.folder, lexicon.dictionaries) if lexicon is not None else (None, ())
    if data is None or (
        lexicon is not None and wanted != (data["ontology"], tuple(data["dictionaries"]))
    ):
        data = to_data(_extractor(*wanted).run(doc), *wanted)
    return bind(data, document)


_EXTRACTORS: dict[tuple[str | None, tuple[str, ...]], Extractor] = {}


def _extractor(folder: str | None, dictionaries: tuple[str, ...]) -> Extractor:
    """One extractor per vocabulary (folder and dictionaries merged in), made on first use."""
    if (folder, dictionaries) not in _EXTRACTORS:
        _EXTRACTORS[folder, dictionaries] = Extractor(ontology=folder, dictionaries=dictionaries)
    return _EXTRACTORS[folder, dictionaries]
