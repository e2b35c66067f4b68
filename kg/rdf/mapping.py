"""The RDF mapping: Extractions in, an rdflib Dataset out. The only place that mints IRIs.

The shape of the output is documented in ``docs/rdf-model.md`` and stated in code in
:mod:`kg.rdf.dataset`: entities in one named graph, one named graph per document with its
sentences, facts and assertion (provenance) nodes. IRIs are derived from content (entity keys,
document ids, s|p|o|sentence), so building the same input twice gives the same graph and
re-running never duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.errors import InputError
from kg.model import Document, Entity, Extraction
from kg.rdf.dataset import entities_graph_iri
from kg.rdf.namespace import DEFAULT_BASE, KG, bind_prefixes

_SLUG_LIMIT = 48
_DATE_TYPES = (
    (re.compile(r"\d{4}"), XSD.gYear),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
)
# Classes from most to least specific: when documents disagree, the most specific one wins.
_SPECIFICITY = {
    "Person": 3, "Country": 3, "ArmedGroup": 3, "GovernmentOrganization": 3,
    "MediaOrganization": 3, "InternationalOrganization": 3, "Organization": 2,
    "PersonGroup": 2, "Place": 1,
}  # fmt: skip


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_IRIS = set('<>"{}|\\^`')
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_AUTHORITY = re.compile(r"//([^/?#]*)")


def _base_problem(base: str) -> str | None:
    """What makes ``base`` unfit to mint IRIs under, or None (RFC 3987's absolute IRI)."""
    scheme = _SCHEME.match(base)
    if scheme is None:
        return "is not an absolute IRI: it needs a scheme, as in https://example.org/id/"
    bad = next((c for c in base if c.isspace() or unicodedata.category(c) == "Cc"), None)
    if bad is None:
        bad = next((c for c in base if c in _NOT_IN_IRIS), None)
    if bad is not None:
        return f"holds {bad!r}, which an IRI cannot hold (write it percent-encoded)"
    if _PERCENT.search(base):
        return "holds a % that does not start a percent-encoding such as %20"
    authority = _AUTHORITY.match(base, scheme.end())
    if scheme.group().lower() in ("http:", "https:") and not (authority and authority.group(1)):
        return "has no host: write it as https://HOST/PATH/"
    if base.count("#") > 1:
        return "holds more than one #"
    if not base.endswith(("/", "#")):
        return f"must end with / or #, so that names can follow it ({base}/)"
    return None


def check_base(base: str) -> str:
    """``base`` if data IRIs can be minted under it, else InputError saying why, in one line.

    >>> check_base("https://example.org/id/")
    'https://example.org/id/'
    """
    problem = _base_problem(base)
    if problem is not None:
        raise InputError(f"base IRI {base!r} (--base) {problem}")
    return base


def slug(text: str) -> str:
    """A readable ASCII fragment for an IRI ("Adam Boehler" -> "adam-boehler"), never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:_SLUG_LIMIT].strip("-") or "x"


def _digest(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def entity_iri(key: str, label: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an entity: readable from its label, unique by the hash of its key."""
    return URIRef(f"{base}entity/{slug(label)}-{_digest(key)}")


def document_iri(doc_id: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a document, which is also the name of its graph."""
    return URIRef(f"{base}doc/{slug(doc_id)}-{_digest(doc_id)}")


def date_literal(value: str) -> Literal:
    """An ISO date as the most precise fitting XSD type (gYear, gYearMonth, date, dateTime)."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    return Literal(value, datatype=XSD.dateTime)


def merge_entities(extractions: Iterable[Extraction]) -> dict[str, Entity]:
    """One entity per key across documents: the commonest label, the most specific class."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    classes: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    scopes: dict[str, str | None] = {}
    for extraction in extractions:
        for entity in extraction.entities:
            labels[entity.key][entity.label] += 1
            classes[entity.key][entity.cls] += 1
            aliases[entity.key] |= entity.aliases
            scopes[entity.key] = entity.scope
    merged = {}
    for key, counts in labels.items():
        label = max(sorted(counts), key=counts.__getitem__)
        cls = max(sorted(classes[key]), key=lambda c: (_SPECIFICITY.get(c, 0), classes[key][c]))
        merged[key] = Entity(key, label, cls, frozenset(aliases[key] - {label}), scopes[key])
    return merged


def _add_document(ds: Dataset, document: Document, *, base: str) -> URIRef:
    iri = document_iri(document.id, base=base)
    graph = ds.graph(iri)
    graph.add((iri, RDF.type, KG.Document))
    graph.add((iri, DCTERMS.identifier, Literal(document.id)))
    if document.title:
        graph.add((iri, DCTERMS.title, Literal(document.title)))
    if document.date:
        graph.add((iri, DCTERMS.date, date_literal(document.date)))
    if document.url:
        graph.add((iri, DCTERMS.source, URIRef(document.url)))
    return iri


def _qualifier(name: str, value: str, iris: dict[str, URIRef]) -> Literal | URIRef:
    """The RDF value of a qualifier: a place entity, a typed date, or a count."""
    if name == "place":
        return iris[value]
    if name == "date":
        return date_literal(value)
    return Literal(int(value))


def to_rdf(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE) -> Dataset:
    """The dataset for a batch of extractions (see ``docs/rdf-model.md``)."""
    check_base(base)
    extractions = list(extractions)
    ds = bind_prefixes(Dataset(default_union=True))
    ds.bind("kgd", base)
    entities = merge_entities(extractions)
    iris = {key: entity_iri(key, e.label, base=base) for key, e in entities.items()}
    names = ds.graph(entities_graph_iri(base=base))
    for key, entity in sorted(entities.items()):
        names.add((iris[key], RDF.type, KG[entity.cls]))
        names.add((iris[key], RDFS.label, Literal(entity.label)))
        for alias in sorted(entity.aliases):
            names.add((iris[key], SKOS.altLabel, Literal(alias)))
    for extraction in extractions:
        doc_iri = _add_document(ds, extraction.document, base=base)
        graph = ds.graph(doc_iri)
        sentence_iris = {}
        for sentence in extraction.sentences:
            iri = sentence_iris[sentence.index] = URIRef(f"{doc_iri}/sentence/{sentence.index}")
            graph.add((iri, RDF.type, KG.Sentence))
            graph.add((iri, DCTERMS.isPartOf, doc_iri))
            graph.add((iri, KG.sentenceIndex, Literal(sentence.index)))
            graph.add((iri, KG.startOffset, Literal(sentence.start)))
            graph.add((iri, KG.endOffset, Literal(sentence.end)))
            graph.add((iri, KG.text, Literal(sentence.text)))
        for fact in extraction.facts:
            s, p, o = iris[fact.subject], KG[fact.property], iris[fact.object]
            sentence_iri = sentence_iris[fact.sentence]
            node = URIRef(f"{base}assertion/{_digest(f'{s}|{p}|{o}|{sentence_iri}', 20)}")
            if fact.modality != "negated":
                graph.add((s, p, o))
            graph.add((node, RDF.type, KG.Assertion))
            graph.add((node, RDF.subject, s))
            graph.add((node, RDF.predicate, p))
            graph.add((node, RDF.object, o))
            graph.add((node, PROV.wasDerivedFrom, sentence_iri))
            graph.add((node, KG.evidence, Literal(fact.evidence)))
            graph.add((node, KG.startOffset, Literal(fact.start)))
            graph.add((node, KG.endOffset, Literal(fact.end)))
            graph.add((node, KG.rule, Literal(fact.rule)))
            graph.add((node, KG.confidence, Literal(Decimal(str(fact.confidence)))))
            graph.add((node, KG.modality, KG[fact.modality]))
            for name, value in fact.qualifiers:
                graph.add((node, KG[name], _qualifier(name, value, iris)))
    return ds
