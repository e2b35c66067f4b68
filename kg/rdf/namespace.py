"""The kg ontology's terms as Python names, and small look-ups computed from ``ontology/kg.ttl``.

``KG`` and ``PLOVER`` are closed namespaces (``_fail = True``): ``KG.envoyFor`` is a URIRef, while
a typo such as ``KG.envoyfor`` raises AttributeError instead of silently minting a new IRI. A test
keeps them equal to the terms declared in the Turtle.

Which properties exist, which are symmetric and which PLOVER type each maps to are read from the
ontology rather than hard-coded, so adding a property to ``kg.ttl`` is enough for the rest of the
code (lexicon checks, evaluation, views) to know about it::

    >>> relation_properties()["envoyFor"] == KG.envoyFor
    True
    >>> sorted(plover_types("attacks"))
    ['ASSAULT', 'FIGHT']
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import ClosedNamespace, DefinedNamespace

from kg.errors import OntologyError
from kg.rdf.names import (
    CAMEO_NS,
    DEFAULT_BASE,
    KG_NS,
    PLOVER_NS,
    PREFIXES,
    ontology_path,
    shorten_iri,
)

__all__ = [
    "DEFAULT_BASE",
    "KG",
    "PLOVER",
    "PREFIXES",
    "QUALIFIER_PROPERTIES",
    "bind_prefixes",
    "cameo_codes",
    "class_label",
    "load_ontology",
    "local_name",
    "ontology_classes",
    "ontology_path",
    "plover_types",
    "property_label",
    "relation_properties",
    "shorten",
    "symmetric_properties",
]


ONTOLOGY_IRI = URIRef("https://w3id.org/kgnews/ontology")
PLOVER_SCHEME_IRI = URIRef("https://w3id.org/kgnews/plover")


class KG(DefinedNamespace):
    """Classes, properties and modality individuals of the kg ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace(KG_NS)

    # Classes: actors and what they relate to
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentOrganization: URIRef
    ArmedGroup: URIRef
    MediaOrganization: URIRef
    InternationalOrganization: URIRef
    Country: URIRef
    PersonGroup: URIRef
    Place: URIRef
    Position: URIRef
    Topic: URIRef
    Event: URIRef
    Designation: URIRef

    # Classes: provenance, event mentions and builds
    Document: URIRef
    Sentence: URIRef
    Assertion: URIRef
    EventMention: URIRef
    Candidate: URIRef
    Build: URIRef
    Modality: URIRef

    # Modality individuals
    asserted: URIRef
    negated: URIRef
    hypothetical: URIRef
    future: URIRef
    reported: URIRef

    # Object properties: roles, membership and location
    envoyFor: URIRef
    holdsPosition: URIRef
    leaderOf: URIRef
    memberOf: URIRef
    worksFor: URIRef
    spokespersonFor: URIRef
    nominatedBy: URIRef
    citizenOf: URIRef
    residentOf: URIRef
    basedIn: URIRef
    locatedIn: URIRef
    heldIn: URIRef
    controls: URIRef
    designatedAs: URIRef
    covers: URIRef
    participantIn: URIRef

    # Object properties: event-like relations between actors
    negotiatesWith: URIRef
    meetsWith: URIRef
    mediates: URIRef
    ceasefireWith: URIRef
    agreesWith: URIRef
    supports: URIRef
    cooperatesWith: URIRef
    aids: URIRef
    releases: URIRef
    withdrawsFrom: URIRef
    requests: URIRef
    demands: URIRef
    accuses: URIRef
    criticizes: URIRef
    rejects: URIRef
    threatens: URIRef
    protestsAgainst: URIRef
    sanctions: URIRef
    coerces: URIRef
    concedesTo: URIRef
    mobilizesAgainst: URIRef
    arrests: URIRef
    holdsHostage: URIRef
    designates: URIRef
    attacks: URIRef
    abducts: URIRef
    kills: URIRef
    fightsWith: URIRef
    investigates: URIRef

    # Object properties: inverses of one-directional relations (written by `kg infer` only)
    hasMember: URIRef
    ledBy: URIRef
    employs: URIRef
    hasSpokesperson: URIRef
    nominates: URIRef
    controlledBy: URIRef
    heldHostageBy: URIRef
    hasParticipant: URIRef

    # Provenance and qualifier properties of sentences and assertions
    text: URIRef
    sentenceIndex: URIRef
    startOffset: URIRef
    endOffset: URIRef
    evidence: URIRef
    rule: URIRef
    confidence: URIRef
    modality: URIRef
    count: URIRef
    date: URIRef
    place: URIRef

    # Properties of event mentions
    eventType: URIRef
    relationProperty: URIRef
    hasSource: URIRef
    hasTarget: URIRef
    assertion: URIRef
    trigger: URIRef
    theme: URIRef

    # Properties of documents
    contentHash: URIRef

    # Properties of builds (the prov:Activity that generated a graph)
    kgVersion: URIRef
    lexiconHash: URIRef
    nlpModel: URIRef
    minConfidence: URIRef


PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "DEMAND",
    "ACCUSE", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
    "ASSAULT", "FIGHT", "INVESTIGATE",
)  # fmt: skip
"""The 20 PLOVER event types kg uses, the local names of the concepts of its PLOVER scheme."""

PLOVER = ClosedNamespace(URIRef(PLOVER_NS), PLOVER_TYPES)
"""The PLOVER event types as concepts of the ``https://w3id.org/kgnews/plover`` scheme (closed:
``PLOVER.SURRENDER`` is an error, not a new IRI)."""


QUALIFIER_PROPERTIES = frozenset(
    {"modality", "place", "eventType", "relationProperty", "hasSource", "hasTarget", "assertion"}
)
"""Object properties of assertions and event mentions: they qualify a record (its modality,
place, PLOVER type, roles ...) rather than relate two entities."""


@lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """Parse ``kg.ttl`` once and return the graph, shared between callers: do not modify it."""
    graph = Graph()
    bind_prefixes(graph)
    source = ontology_path()
    try:
        graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyError(f"cannot read the ontology {source}: {exc}") from exc
    return graph


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every prefix of ``PREFIXES`` on ``graph`` (replacing rdflib's defaults) and return it.

    Binding the same prefixes everywhere makes exports, views and query results read the same.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    return graph


def shorten(term: Any, *, prefixes: dict[str, str] | None = None) -> str:
    """A term for people to read: ``kgd:entity/adam-boehler-...``, literals as their text.

    IRIs take the longest matching prefix (a display form, not always a valid Turtle name);
    blank nodes are ``_:id``; an unbound value is the empty string.
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten_iri(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


#: The vocabularies kg defines, whose terms go by their bare local names.
_OWN_PREFIXES = ("kg", "plover", "cameo")


def local_name(term: Any) -> str:
    """The name a term of kg's own vocabularies goes by: ``envoyFor``, ``AGREE``, ``046``.

    Takes the IRI, its prefixed form (``kg:envoyFor``) or the bare name. These are the names
    gold sets, queries and tables use. Any other term keeps its prefix (``foaf:Person``, as
    :func:`shorten` writes it), so that it is never mistaken for a term of the kg ontology.

        >>> local_name(KG.envoyFor), local_name("kg:envoyFor"), local_name(RDFS.label)
        ('envoyFor', 'envoyFor', 'rdfs:label')
    """
    text = str(term)
    for prefix in _OWN_PREFIXES:
        for start in (PREFIXES[prefix], prefix + ":"):
            if text.startswith(start):
                return text[len(start) :]
    return shorten(term)


def _kg_terms_of_type(rdf_type: URIRef) -> dict[str, URIRef]:
    graph = load_ontology()
    terms = {
        local_name(term): term
        for term in graph.subjects(RDF.type, rdf_type)
        if isinstance(term, URIRef) and str(term).startswith(KG_NS)
    }
    return dict(sorted(terms.items()))


@lru_cache(maxsize=1)
def _relation_properties() -> tuple[tuple[str, URIRef], ...]:
    terms = _kg_terms_of_type(OWL.ObjectProperty)
    return tuple((name, iri) for name, iri in terms.items() if name not in QUALIFIER_PROPERTIES)


def relation_properties() -> dict[str, URIRef]:
    """Every relation property of the ontology, local name -> IRI, sorted by name.

    These are the kg: object properties that link two entities: all of them except those of
    assertions and event mentions (``QUALIFIER_PROPERTIES``: ``kg:modality``, ``kg:hasSource`` ...).
    """
    return dict(_relation_properties())


@lru_cache(maxsize=1)
def _symmetric_properties() -> tuple[tuple[str, URIRef], ...]:
    return tuple(_kg_terms_of_type(OWL.SymmetricProperty).items())


def symmetric_properties() -> dict[str, URIRef]:
    """The relation properties declared ``owl:SymmetricProperty``, local name -> IRI.

    A fact with one of these holds in both directions, so comparisons must ignore the order.
    """
    return dict(_symmetric_properties())


@lru_cache(maxsize=1)
def _classes() -> tuple[tuple[str, URIRef], ...]:
    return tuple(_kg_terms_of_type(OWL.Class).items())


def ontology_classes() -> dict[str, URIRef]:
    """Every class of the ontology, local name -> IRI (``Person``, ``Country`` ...)."""
    return dict(_classes())


@cache
def plover_types(prop_local_name: str) -> frozenset[str]:
    """Every PLOVER event type a property maps to: ``"kills"`` -> {"ASSAULT", "FIGHT"}.

    PLOVER tells assault from fight by the means used; kg's properties do not, so a few map to
    both (``skos:broadMatch`` to each).
    """
    graph = load_ontology()
    prop = URIRef(KG_NS + local_name(prop_local_name))
    return frozenset(
        local_name(concept)
        for mapping in (SKOS.exactMatch, SKOS.broadMatch)
        for concept in graph.objects(prop, mapping)
        if str(concept).startswith(PLOVER_NS)
    )


@cache
def cameo_codes(prop_local_name: str) -> tuple[str, ...]:
    """The CAMEO event codes a property is a close match of (``"negotiatesWith"`` -> ("046",)).

    Read from the property's ``skos:closeMatch`` into the CAMEO scheme of ``kg.ttl``, each
    concept's ``skos:notation``; sorted, empty for properties without a CAMEO counterpart.
    """
    graph = load_ontology()
    prop = URIRef(KG_NS + local_name(prop_local_name))
    return tuple(
        sorted(
            str(graph.value(concept, SKOS.notation) or local_name(concept))
            for concept in graph.objects(prop, SKOS.closeMatch)
            if str(concept).startswith(CAMEO_NS)
        )
    )


def _label(name: str, allowed: dict[str, URIRef], what: str) -> str:
    name = local_name(name)
    iri = allowed.get(name)
    if iri is None:
        raise OntologyError(f"{name!r} is not a {what} of the kg ontology")
    label = load_ontology().value(iri, RDFS.label)
    if not isinstance(label, Literal):
        raise OntologyError(f"the {what} kg:{name} has no rdfs:label")
    return str(label)


@lru_cache(maxsize=1)
def _all_properties() -> tuple[tuple[str, URIRef], ...]:
    terms = {
        **_kg_terms_of_type(OWL.ObjectProperty),
        **_kg_terms_of_type(OWL.DatatypeProperty),
    }
    return tuple(sorted(terms.items()))


def property_label(local_name: str) -> str:
    """The human label of a kg property (``"envoyFor"`` -> ``"envoy for"``), for views and tables.

    Raises OntologyError for a name the ontology does not declare.
    """
    return _label(local_name, dict(_all_properties()), "property")


def class_label(local_name: str) -> str:
    """The human label of a kg class (``"PersonGroup"`` -> ``"person group"``).

    Raises OntologyError for a name the ontology does not declare.
    """
    return _label(local_name, dict(_classes()), "class")


def _class_list(graph: Graph, node: Any) -> list[str]:
    """Local names of a class or of an owl:unionOf of classes."""
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return sorted(local_name(member) for member in members)


def property_signatures() -> dict[str, dict[str, list[str]]]:
    """Domain and range class names of every relation property, unions expanded, and its PLOVER
    event types in the order of the PLOVER scheme (the first is the default type of an event).

    ``ontology/signatures.json`` holds this as plain data so that extraction, which never
    imports rdflib, keeps to the ontology; a test checks that the file matches.
    """
    graph = load_ontology()
    scheme = list(PLOVER_TYPES)
    return {
        name: {
            "domain": _class_list(graph, graph.value(iri, RDFS.domain)),
            "range": _class_list(graph, graph.value(iri, RDFS.range)),
            "plover": sorted(plover_types(name), key=scheme.index),
        }
        for name, iri in relation_properties().items()
    }


if __name__ == "__main__":  # python -m kg.rdf.namespace > ontology/signatures.json
    import json

    print(json.dumps(property_signatures(), indent=1, sort_keys=True))
