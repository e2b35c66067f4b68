"""The RDF mapping: Extractions in, an rdflib Dataset out. The only place that mints IRIs.

The shape of the output is documented in ``docs/rdf-model.md`` and stated in code in
:mod:`kg.rdf.dataset`: entities in one named graph, one named graph per document with its
sentences, facts, assertion (provenance) nodes and event mentions, and the build that generated
them in a graph of its own. IRIs are derived from content (entity keys, document ids,
s|p|o|sentence, the parts of an event mention, the build's versions), so building the same input
twice gives the same graph and re-running never duplicates.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.model import BuildInfo, Document, Entity, EventMention, Extraction, Fact, is_asserted
from kg.rdf.dataset import build_graph_iri, entities_graph_iri
from kg.rdf.namespace import DEFAULT_BASE, KG, PLOVER, bind_prefixes, symmetric_properties

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


def entity_iri(
    key: str, label: str, *, base: str = DEFAULT_BASE, known: Mapping[str, URIRef] | None = None
) -> URIRef:
    """The IRI of an entity: readable from its label, unique by the hash of its key.

    ``known`` maps key hashes (:func:`entity_key_hash`) to IRIs already in a store: an entity
    seen before keeps its IRI even when this batch would spell its label otherwise.
    """
    digest = _digest(key)
    if known and digest in known:
        return known[digest]
    return URIRef(f"{base}entity/{slug(label)}-{digest}")


def entity_key_hash(iri: str) -> str:
    """The hash of the key an entity IRI was minted from (its last ``-`` part)."""
    return str(iri).rsplit("-", 1)[-1]


def content_hash(document: Document) -> str:
    """The SHA-256 of what a document says (id, text, title, date, url): a store keeps a
    document whose hash it holds, and replaces one whose id it holds with another hash."""
    parts = [document.id, document.text, document.title, document.date, document.url]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def class_specificity(cls: str) -> int:
    """How specific an entity class is (Person 3, Organization 2, Place 1 ...): when documents
    disagree on a class, the most specific one wins."""
    return _SPECIFICITY.get(cls, 0)


def document_iri(doc_id: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a document, which is also the name of its graph."""
    return URIRef(f"{base}doc/{slug(doc_id)}-{_digest(doc_id)}")


def build_iri(info: BuildInfo, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a build: the same kg version, lexicon, model and threshold give the same IRI."""
    parts = f"{info.kg_version}|{info.lexicon_hash}|{info.model}|{info.min_confidence}"
    return URIRef(f"{base}build/{_digest(parts)}")


def event_iri(
    sentence: URIRef, event: EventMention, iris: dict[str, URIRef], *, base: str = DEFAULT_BASE
) -> URIRef:
    """The IRI of an event mention, from its sentence, type, trigger and offsets and actors."""
    sources = ",".join(sorted(str(iris[key]) for key in event.sources))
    targets = ",".join(sorted(str(iris[key]) for key in event.targets))
    parts = (sentence, event.type, event.trigger, event.start, event.end, sources, targets)
    return URIRef(f"{base}event/{_digest('|'.join(map(str, parts)), 20)}")


def date_literal(value: str) -> Literal:
    """An ISO date as the most precise fitting XSD type (gYear, gYearMonth, date, dateTime)."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    return Literal(value, datatype=XSD.dateTime)


class EntityIndex:
    """What the documents say of each entity (labels, classes, aliases), taken one extraction
    at a time, so that a streaming build keeps a few strings per entity, not the extractions."""

    def __init__(self) -> None:
        self._labels: dict[str, Counter[str]] = defaultdict(Counter)
        self._classes: dict[str, Counter[str]] = defaultdict(Counter)
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._scopes: dict[str, str | None] = {}

    def add(self, extraction: Extraction) -> None:
        for entity in extraction.entities:
            self._labels[entity.key][entity.label] += 1
            self._classes[entity.key][entity.cls] += 1
            self._aliases[entity.key] |= entity.aliases
            self._scopes[entity.key] = entity.scope

    def merged(self) -> dict[str, Entity]:
        """One entity per key: the commonest label, the most specific class."""
        merged = {}
        for key, counts in self._labels.items():
            classes = self._classes[key]
            label = max(sorted(counts), key=counts.__getitem__)
            cls = max(sorted(classes), key=lambda c: (class_specificity(c), classes[c]))
            aliases = frozenset(self._aliases[key] - {label})
            merged[key] = Entity(key, label, cls, aliases, self._scopes[key])
        return merged


def merge_entities(extractions: Iterable[Extraction]) -> dict[str, Entity]:
    """One entity per key across documents: the commonest label, the most specific class."""
    index = EntityIndex()
    for extraction in extractions:
        index.add(extraction)
    return index.merged()


Quad = tuple[URIRef, URIRef, Node, URIRef]  # subject, predicate, object, graph
Put = Callable[[URIRef, URIRef, Node], None]


def _document_head(put: Put, iri: URIRef, document: Document) -> None:
    put(iri, RDF.type, KG.Document)
    put(iri, DCTERMS.identifier, Literal(document.id))
    put(iri, KG.contentHash, Literal(content_hash(document)))
    if document.title:
        put(iri, DCTERMS.title, Literal(document.title))
    if document.date:
        put(iri, DCTERMS.date, date_literal(document.date))
    if document.url:
        put(iri, DCTERMS.source, URIRef(document.url))


def _qualifier(name: str, value: str, iris: Mapping[str, URIRef]) -> Literal | URIRef:
    """The RDF value of a qualifier: a place entity, a typed date, or a count."""
    if name == "place":
        return iris[value]
    if name == "date":
        return date_literal(value)
    return Literal(int(value))


def build_quads(info: BuildInfo, *, base: str = DEFAULT_BASE) -> tuple[URIRef, list[Quad]]:
    """The build's IRI (the prov:Activity) and the quads of the build graph."""
    iri = build_iri(info, base=base)
    graph = build_graph_iri(base=base)
    triples = [
        (iri, RDF.type, KG.Build),
        (iri, RDF.type, PROV.Activity),
        (iri, KG.kgVersion, Literal(info.kg_version)),
        (iri, KG.lexiconHash, Literal(info.lexicon_hash)),
        (iri, KG.nlpModel, Literal(info.model)),
        (iri, KG.minConfidence, Literal(Decimal(str(info.min_confidence)))),
    ]
    return iri, [(s, p, o, graph) for s, p, o in triples]


def entity_iris(
    entities: Mapping[str, Entity],
    *,
    base: str = DEFAULT_BASE,
    known: Mapping[str, URIRef] | None = None,
) -> dict[str, URIRef]:
    """The IRI of each merged entity, by key."""
    return {key: entity_iri(key, e.label, base=base, known=known) for key, e in entities.items()}


def entity_quads(
    entities: Mapping[str, Entity], iris: Mapping[str, URIRef], *, base: str = DEFAULT_BASE
) -> Iterator[Quad]:
    """The entities graph: each entity's class, label and other names."""
    graph = entities_graph_iri(base=base)
    for key, entity in sorted(entities.items()):
        yield iris[key], RDF.type, KG[entity.cls], graph
        yield iris[key], RDFS.label, Literal(entity.label), graph
        for alias in sorted(entity.aliases):
            yield iris[key], SKOS.altLabel, Literal(alias), graph


def _add_provenance(
    put: Put, node: URIRef, mention: Fact | EventMention, sentence: URIRef, min_confidence: float
) -> None:
    """What assertions and event mentions both carry: sentence, evidence, rule, confidence ...;
    below the build's threshold the node is also a ``kg:Candidate``: kept, not asserted."""
    if not is_asserted(mention, min_confidence):
        put(node, RDF.type, KG.Candidate)
    put(node, PROV.wasDerivedFrom, sentence)
    put(node, KG.evidence, Literal(mention.evidence))
    put(node, KG.startOffset, Literal(mention.start))
    put(node, KG.endOffset, Literal(mention.end))
    put(node, KG.rule, Literal(mention.rule))
    put(node, KG.confidence, Literal(Decimal(str(mention.confidence))))
    put(node, KG.modality, KG[mention.modality])


def _add_event(
    put: Put,
    node: URIRef,
    event: EventMention,
    sentence: URIRef,
    iris: Mapping[str, URIRef],
    min_confidence: float,
) -> None:
    """One event mention as n-ary RDF: type, trigger, property, provenance, roles, qualifiers."""
    put(node, RDF.type, KG.EventMention)
    put(node, KG.eventType, PLOVER[event.type])
    put(node, KG.trigger, Literal(event.trigger))
    if event.property is not None:
        put(node, KG.relationProperty, KG[event.property])
    _add_provenance(put, node, event, sentence, min_confidence)
    for role, keys in ((KG.hasSource, event.sources), (KG.hasTarget, event.targets)):
        for key in keys:
            put(node, role, iris[key])
    if event.theme:
        put(node, KG.theme, Literal(event.theme))
    for name, value in event.qualifiers:
        put(node, KG[name], _qualifier(name, value, iris))


def _yielded(
    event: EventMention,
    assertions: dict[tuple[int, str, str, str], URIRef],
    symmetric: set[str],
) -> Iterator[URIRef]:
    """The assertions of the facts (source, property, target) an event mention also states, by
    sentence, property and entity keys; a symmetric fact may be stored either way round."""
    if event.property is None:
        return
    for s in event.sources:
        for o in event.targets:
            pairs = [(s, o), (o, s)] if event.property in symmetric else [(s, o)]
            for subject, obj in pairs:
                fact = assertions.get((event.sentence, event.property, subject, obj))
                if fact is not None:
                    yield fact


def _surest(events: Iterable[tuple[URIRef, EventMention]]) -> dict[URIRef, EventMention]:
    """One event mention per IRI: two with the same sentence, trigger and actors are one, the
    more confident kept (two confidences on one node would break the shapes)."""
    kept: dict[URIRef, EventMention] = {}
    for iri, event in events:
        if iri not in kept or event.confidence > kept[iri].confidence:
            kept[iri] = event
    return kept


def document_quads(
    extraction: Extraction,
    iris: Mapping[str, URIRef],
    *,
    base: str = DEFAULT_BASE,
    activity: URIRef | None = None,
    symmetric: set[str] | None = None,
    min_confidence: float = 0.0,
) -> list[Quad]:
    """The named graph of one document: the document, its sentences, the facts with their
    assertion nodes, the event mentions; every record ``prov:wasGeneratedBy`` ``activity``.
    ``iris`` holds the IRI of every entity the extraction names (:func:`entity_iris`);
    ``symmetric`` the symmetric properties' names (read from the ontology if not given); a
    mention below ``min_confidence`` is a ``kg:Candidate`` whose fact triple is not asserted."""
    doc_iri = document_iri(extraction.document.id, base=base)
    quads: list[Quad] = []

    def put(s: URIRef, p: URIRef, o: Node) -> None:
        quads.append((s, p, o, doc_iri))

    _document_head(put, doc_iri, extraction.document)
    for key in sorted({entity.key for entity in extraction.entities}):
        put(doc_iri, SDO.mentions, iris[key])
    generated = [doc_iri]
    sentence_iris = {}
    for sentence in extraction.sentences:
        iri = sentence_iris[sentence.index] = URIRef(f"{doc_iri}/sentence/{sentence.index}")
        put(iri, RDF.type, KG.Sentence)
        put(iri, DCTERMS.isPartOf, doc_iri)
        put(iri, KG.sentenceIndex, Literal(sentence.index))
        put(iri, KG.startOffset, Literal(sentence.start))
        put(iri, KG.endOffset, Literal(sentence.end))
        put(iri, KG.text, Literal(sentence.text))
    assertions: dict[tuple[int, str, str, str], URIRef] = {}
    for fact in extraction.facts:
        s, p, o = iris[fact.subject], KG[fact.property], iris[fact.object]
        sentence_iri = sentence_iris[fact.sentence]
        node = URIRef(f"{base}assertion/{_digest(f'{s}|{p}|{o}|{sentence_iri}', 20)}")
        assertions[fact.sentence, fact.property, fact.subject, fact.object] = node
        generated.append(node)
        if fact.modality != "negated" and is_asserted(fact, min_confidence):
            put(s, p, o)
        put(node, RDF.type, KG.Assertion)
        put(node, RDF.subject, s)
        put(node, RDF.predicate, p)
        put(node, RDF.object, o)
        _add_provenance(put, node, fact, sentence_iri, min_confidence)
        for name, value in fact.qualifiers:
            put(node, KG[name], _qualifier(name, value, iris))
    events = _surest(
        (event_iri(sentence_iris[e.sentence], e, iris, base=base), e) for e in extraction.events
    )
    if symmetric is None:
        symmetric = set(symmetric_properties())
    for node, event in events.items():
        generated.append(node)
        _add_event(put, node, event, sentence_iris[event.sentence], iris, min_confidence)
        for fact in _yielded(event, assertions, symmetric):
            put(node, KG.assertion, fact)
    if activity is not None:
        for node in generated:
            put(node, PROV.wasGeneratedBy, activity)
    return quads


def new_dataset(base: str = DEFAULT_BASE) -> Dataset:
    """An empty dataset for data minted under ``base``, the prefixes bound (``kgd:`` too)."""
    ds = bind_prefixes(Dataset(default_union=True))
    ds.bind("kgd", base)
    return ds


def add_quads(ds: Dataset, quads: Iterable[Quad]) -> Dataset:
    """Add quads (graph names as IRIs) to the dataset, each into its named graph."""
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, name in quads:
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = ds.graph(name)
        graph.add((s, p, o))
    return ds


def to_rdf(
    extractions: Iterable[Extraction],
    *,
    base: str = DEFAULT_BASE,
    build: BuildInfo | None = None,
    known: Mapping[str, URIRef] | None = None,
) -> Dataset:
    """The dataset for a batch of extractions (see ``docs/rdf-model.md``).

    With ``build``, the dataset holds one ``kg:Build`` (a ``prov:Activity``) naming the kg
    version, lexicon hash and model, and every document, assertion and event mention is
    ``prov:wasGeneratedBy`` it, and a mention below its ``min_confidence`` is a ``kg:Candidate``
    whose fact triple is not asserted. ``known`` holds the entity IRIs a store has already
    (see :func:`entity_iri`).
    """
    check_base(base)
    extractions = list(extractions)
    ds = new_dataset(base)
    activity = None
    if build is not None:
        activity, quads = build_quads(build, base=base)
        add_quads(ds, quads)
    entities = merge_entities(extractions)
    iris = entity_iris(entities, base=base, known=known)
    add_quads(ds, entity_quads(entities, iris, base=base))
    symmetric = set(symmetric_properties())
    threshold = build.min_confidence if build is not None else 0.0
    for extraction in extractions:
        quads = document_quads(
            extraction,
            iris,
            base=base,
            activity=activity,
            symmetric=symmetric,
            min_confidence=threshold,
        )
        add_quads(ds, quads)
    return ds
