"""The ontology as data: kg.ttl, the KG/PLOVER namespaces and the example queries agree."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV
from rdflib.plugins.sparql import prepareQuery

from kg.errors import OntologyError
from kg.rdf.namespace import (
    DEFAULT_BASE,
    KG,
    KG_NS,
    PLOVER,
    PLOVER_NS,
    PREFIXES,
    bind_prefixes,
    cameo_codes,
    class_label,
    load_ontology,
    ontology_classes,
    ontology_path,
    plover_types,
    property_label,
    relation_properties,
    symmetric_properties,
)

CLASSES = [
    "Actor",
    "Person",
    "Organization",
    "GovernmentOrganization",
    "ArmedGroup",
    "MediaOrganization",
    "InternationalOrganization",
    "Country",
    "PersonGroup",
    "Place",
    "Position",
    "Topic",
    "Event",
    "Designation",
    "Document",
    "Sentence",
    "Assertion",
    "EventMention",
    "Build",
    "Modality",
]

#: Inverse properties, which only `kg infer` writes, and the property each is the inverse of.
INVERSE_OF = {
    "hasMember": "memberOf",
    "ledBy": "leaderOf",
    "employs": "worksFor",
    "hasSpokesperson": "spokespersonFor",
    "nominates": "nominatedBy",
    "controlledBy": "controls",
    "heldHostageBy": "holdsHostage",
    "hasParticipant": "participantIn",
}
INVERSES = sorted(INVERSE_OF)

RELATIONS = [
    "coerces",
    "concedesTo",
    "envoyFor",
    "holdsPosition",
    "leaderOf",
    "memberOf",
    "worksFor",
    "spokespersonFor",
    "nominatedBy",
    "citizenOf",
    "residentOf",
    "basedIn",
    "locatedIn",
    "heldIn",
    "controls",
    "designatedAs",
    "designates",
    "covers",
    "negotiatesWith",
    "meetsWith",
    "mediates",
    "ceasefireWith",
    "agreesWith",
    "supports",
    "cooperatesWith",
    "aids",
    "releases",
    "withdrawsFrom",
    "requests",
    "demands",
    "accuses",
    "criticizes",
    "rejects",
    "threatens",
    "protestsAgainst",
    "sanctions",
    "mobilizesAgainst",
    "arrests",
    "attacks",
    "abducts",
    "holdsHostage",
    "kills",
    "fightsWith",
    "investigates",
    "participantIn",
    *INVERSES,
]

DATATYPE_PROPERTIES = [
    "text",
    "evidence",
    "startOffset",
    "endOffset",
    "sentenceIndex",
    "rule",
    "confidence",
    "count",
    "date",
    "trigger",
    "theme",
    "kgVersion",
    "lexiconHash",
    "nlpModel",
]
QUALIFIER_OBJECT_PROPERTIES = ["modality", "place", "hasSource", "hasTarget", "assertion"]
#: Object properties of event mentions whose values are not instances of kg classes.
EVENT_VOCABULARY_PROPERTIES = {"eventType": SKOS.Concept, "relationProperty": RDF.Property}
MODALITIES = ["asserted", "negated", "hypothetical", "future", "reported"]
SYMMETRIC = {"negotiatesWith", "meetsWith", "ceasefireWith", "fightsWith"}

PLOVER_MAPPING = {
    "agreesWith": "AGREE",
    "negotiatesWith": "CONSULT",
    "meetsWith": "CONSULT",
    "mediates": "CONSULT",
    "supports": "SUPPORT",
    "releases": "CONCEDE",
    "cooperatesWith": "COOPERATE",
    "aids": "AID",
    "withdrawsFrom": "RETREAT",
    "ceasefireWith": "RETREAT",
    "requests": "REQUEST",
    "demands": "DEMAND",
    "accuses": "ACCUSE",
    "criticizes": "DISAPPROVE",
    "rejects": "REJECT",
    "threatens": "THREATEN",
    "protestsAgainst": "PROTEST",
    "sanctions": "SANCTION",
    "mobilizesAgainst": "MOBILIZE",
    "arrests": "COERCE",
    "coerces": "COERCE",
    "concedesTo": "CONCEDE",
    "holdsHostage": "COERCE",
    "designates": "COERCE",
    "attacks": "ASSAULT",
    "abducts": "ASSAULT",
    "kills": "ASSAULT",
    "fightsWith": "FIGHT",
    "investigates": "INVESTIGATE",
}
PLOVER_TYPES = sorted(set(PLOVER_MAPPING.values()))

ONTOLOGY = URIRef("https://w3id.org/kgnews/ontology")
SCHEME = URIRef("https://w3id.org/kgnews/plover")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
QUERIES = ("negotiations", "positions", "evidence", "hostages")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def kg_subjects(graph: Graph) -> set[str]:
    """Local names of every kg: IRI that is the subject of a triple in ``graph``."""
    return {
        str(s)[len(KG_NS) :]
        for s in graph.subjects(unique=True)
        if isinstance(s, URIRef) and str(s).startswith(KG_NS)
    }


# --- parsing ---------------------------------------------------------------------------------


def test_parses_in_rdflib_and_oxigraph_with_same_triple_count() -> None:
    data = ontology_path().read_bytes()
    graph = Graph().parse(data=data, format="turtle")
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) > 0
    assert len(store) == len(graph)


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/kgnews/ontology/1.2.0")
    assert str(onto.value(ONTOLOGY, OWL.versionInfo)) == "1.2.0"
    assert onto.value(ONTOLOGY, OWL.priorVersion) == URIRef(
        "https://w3id.org/kgnews/ontology/1.1.0"
    )
    assert onto.value(ONTOLOGY, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    for prop in (DCTERMS.title, DCTERMS.description, RDFS.label):
        assert onto.value(ONTOLOGY, prop) is not None, prop


# --- declarations ----------------------------------------------------------------------------


def assert_documented(graph: Graph, term: URIRef) -> None:
    labels = list(graph.objects(term, RDFS.label))
    assert len(labels) == 1, f"{term} has {len(labels)} rdfs:label"
    assert str(labels[0]) == str(labels[0]).lower(), f"{term} label is not lowercase"
    assert len(list(graph.objects(term, RDFS.comment))) == 1, f"{term} needs one rdfs:comment"
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in graph, f"{term} lacks rdfs:isDefinedBy"


@pytest.mark.parametrize("name", CLASSES)
def test_class_declared_and_documented(onto: Graph, name: str) -> None:
    term = KG[name]
    assert (term, RDF.type, OWL.Class) in onto
    assert_documented(onto, term)


@pytest.mark.parametrize("name", RELATIONS + QUALIFIER_OBJECT_PROPERTIES)
def test_object_property_declared_and_documented(onto: Graph, name: str) -> None:
    term = KG[name]
    assert (term, RDF.type, OWL.ObjectProperty) in onto
    assert_documented(onto, term)


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_datatype_property_declared_and_documented(onto: Graph, name: str) -> None:
    term = KG[name]
    assert (term, RDF.type, OWL.DatatypeProperty) in onto
    assert_documented(onto, term)


@pytest.mark.parametrize("name", MODALITIES)
def test_modality_individuals(onto: Graph, name: str) -> None:
    assert (KG[name], RDF.type, KG.Modality) in onto
    assert_documented(onto, KG[name])


def test_no_equivalence_axioms_towards_other_vocabularies(onto: Graph) -> None:
    for prop in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert not list(onto.triples((None, prop, None))), prop


def test_country_is_both_actor_and_place(onto: Graph) -> None:
    supers = set(onto.objects(KG.Country, RDFS.subClassOf))
    assert {KG.Actor, KG.Place} <= supers


def test_assertion_is_a_statement(onto: Graph) -> None:
    assert {RDF.Statement, PROV.Entity} <= set(onto.objects(KG.Assertion, RDFS.subClassOf))


def test_symmetric_properties(onto: Graph) -> None:
    for name in SYMMETRIC:
        assert (KG[name], RDF.type, OWL.SymmetricProperty) in onto
    assert set(symmetric_properties()) == SYMMETRIC


def test_held_in_is_a_kind_of_located_in(onto: Graph) -> None:
    assert (KG.heldIn, RDFS.subPropertyOf, KG.locatedIn) in onto


@pytest.mark.parametrize(("inverse", "forward"), sorted(INVERSE_OF.items()))
def test_inverse_properties_swap_domain_and_range(onto: Graph, inverse: str, forward: str) -> None:
    assert (KG[inverse], OWL.inverseOf, KG[forward]) in onto
    domain, range_ = (
        class_members(onto, onto.value(KG[p], axis))
        for p, axis in ((inverse, RDFS.domain), (inverse, RDFS.range))
    )
    assert set(domain) == set(class_members(onto, onto.value(KG[forward], RDFS.range)))
    assert set(range_) == set(class_members(onto, onto.value(KG[forward], RDFS.domain)))
    assert plover_types(inverse) == frozenset()  # PLOVER types are directed: source -> target


def test_alignments_to_other_vocabularies(onto: Graph) -> None:
    foaf, org, sem = (Namespace(PREFIXES[p]) for p in ("foaf", "org", "sem"))
    assert (KG.Person, RDFS.subClassOf, foaf.Person) in onto
    assert (KG.Organization, RDFS.subClassOf, org.Organization) in onto
    assert (KG.PersonGroup, RDFS.subClassOf, foaf.Group) in onto
    assert (KG.Event, RDFS.subClassOf, sem.Event) in onto
    assert (KG.Actor, RDFS.subClassOf, PROV.Agent) in onto
    assert (KG.memberOf, RDFS.subPropertyOf, org.memberOf) in onto
    assert (KG.hasMember, RDFS.subPropertyOf, org.hasMember) in onto
    assert (KG.hasParticipant, RDFS.subPropertyOf, sem.hasActor) in onto
    assert (KG.Person, SKOS.closeMatch, URIRef("https://schema.org/Person")) in onto
    assert (KG.Person, SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q5")) in onto


def test_mapping_properties_are_declared_annotation_properties(onto: Graph) -> None:
    """OWL tools (Protege) then read the SKOS mappings as annotations, not as data."""
    for prop in (SKOS.closeMatch, SKOS.broadMatch, SKOS.notation, DCTERMS.license):
        assert (prop, RDF.type, OWL.AnnotationProperty) in onto


# --- CAMEO -----------------------------------------------------------------------------------

CAMEO_SCHEME = URIRef("https://w3id.org/kgnews/cameo")


def test_cameo_concepts_carry_their_code(onto: Graph) -> None:
    concepts = set(onto.subjects(SKOS.inScheme, CAMEO_SCHEME))
    assert len(concepts) > 20
    for concept in concepts:
        code = str(onto.value(concept, SKOS.notation))
        assert str(concept) == PREFIXES["cameo"] + code
        assert code.isdigit()
        assert onto.value(concept, SKOS.prefLabel) is not None
        parent = onto.value(concept, SKOS.broader)
        if parent is None:
            assert (concept, SKOS.topConceptOf, CAMEO_SCHEME) in onto
        else:  # a CAMEO code extends its parent's code by one digit (two for the roots)
            assert code.startswith(str(onto.value(parent, SKOS.notation)))


def test_cameo_close_matches() -> None:
    assert cameo_codes("negotiatesWith") == ("046",)
    assert cameo_codes("mediates") == ("045",)
    assert cameo_codes("meetsWith") == ("042", "043", "044")
    assert cameo_codes("holdsHostage") == ("181",)
    assert cameo_codes("envoyFor") == ()


def test_every_cameo_close_match_target_is_a_concept(onto: Graph) -> None:
    for prop, target in onto.subject_objects(SKOS.closeMatch):
        if str(target).startswith(PREFIXES["cameo"]):
            assert (target, RDF.type, SKOS.Concept) in onto, (prop, target)


# --- domains and ranges ----------------------------------------------------------------------


def class_members(graph: Graph, node: URIRef | BNode) -> list[URIRef | BNode]:
    """A named class is itself; an owl:unionOf class expression is its members."""
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return [node]
    return list(Collection(graph, union))


def is_datatype(term: URIRef | BNode) -> bool:
    return str(term).startswith(XSD_NS) or term == RDFS.Literal


@pytest.mark.parametrize("name", RELATIONS + QUALIFIER_OBJECT_PROPERTIES + DATATYPE_PROPERTIES)
def test_domain_and_range_are_declared(onto: Graph, name: str) -> None:
    declared = set(ontology_classes().values())
    prop = KG[name]
    datatype_property = (prop, RDF.type, OWL.DatatypeProperty) in onto
    for axis in (RDFS.domain, RDFS.range):
        values = list(onto.objects(prop, axis))
        assert len(values) == 1, f"kg:{name} needs exactly one {axis}"
        members = class_members(onto, values[0])
        assert members, f"kg:{name} has an empty union as {axis}"
        for member in members:
            if axis == RDFS.range and datatype_property:
                assert is_datatype(member), f"kg:{name} range {member} is not a datatype"
            else:
                assert member in declared, f"kg:{name} {axis} {member} is not a kg class"


@pytest.mark.parametrize(("name", "range_"), sorted(EVENT_VOCABULARY_PROPERTIES.items()))
def test_event_type_and_relation_property_point_into_vocabularies(
    onto: Graph, name: str, range_: URIRef
) -> None:
    prop = KG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert (prop, RDF.type, OWL.FunctionalProperty) in onto
    assert_documented(onto, prop)
    assert list(onto.objects(prop, RDFS.domain)) == [KG.EventMention]
    assert list(onto.objects(prop, RDFS.range)) == [range_]


def test_event_mentions_are_sem_events_with_sem_actors(onto: Graph) -> None:
    sem = Namespace(PREFIXES["sem"])
    assert {sem.Event, PROV.Entity} <= set(onto.objects(KG.EventMention, RDFS.subClassOf))
    for role in (KG.hasSource, KG.hasTarget):
        assert (role, RDFS.subPropertyOf, sem.hasActor) in onto
    assert (KG.eventType, RDFS.subPropertyOf, sem.eventType) in onto
    assert (KG.Build, RDFS.subClassOf, PROV.Activity) in onto


def test_symmetric_properties_have_equal_domain_and_range(onto: Graph) -> None:
    for name in SYMMETRIC:
        assert onto.value(KG[name], RDFS.domain) == onto.value(KG[name], RDFS.range)


# --- PLOVER ----------------------------------------------------------------------------------


def test_plover_scheme_has_exactly_the_twenty_types(onto: Graph) -> None:
    concepts = {
        str(c)[len(PLOVER_NS) :]
        for c in onto.subjects(RDF.type, SKOS.Concept)
        if str(c).startswith(PLOVER_NS)
    }
    assert concepts == set(PLOVER_TYPES)
    assert len(concepts) == 20


@pytest.mark.parametrize("name", PLOVER_TYPES)
def test_plover_concept(onto: Graph, name: str) -> None:
    concept = PLOVER[name]
    assert (concept, SKOS.inScheme, SCHEME) in onto
    assert (concept, SKOS.topConceptOf, SCHEME) in onto
    assert onto.value(concept, SKOS.prefLabel) == Literal(name.lower(), lang="en")
    assert onto.value(concept, SKOS.definition) is not None


@pytest.mark.parametrize(("prop", "plover"), sorted(PLOVER_MAPPING.items()))
def test_event_property_maps_to_plover(onto: Graph, prop: str, plover: str) -> None:
    assert (KG[prop], SKOS.broadMatch, PLOVER[plover]) in onto
    assert plover in plover_types(prop)


def test_coarser_properties_map_to_each_plover_type_they_cover() -> None:
    assert plover_types("kills") == {"ASSAULT", "FIGHT"}
    assert plover_types("attacks") == {"ASSAULT", "FIGHT"}
    assert plover_types("accuses") == {"ACCUSE", "DISAPPROVE"}


def test_every_plover_mapping_target_is_a_concept(onto: Graph) -> None:
    for mapping in (SKOS.broadMatch, SKOS.exactMatch):
        for _, target in onto.subject_objects(mapping):
            if str(target).startswith(PLOVER_NS):
                assert (target, RDF.type, SKOS.Concept) in onto


def test_non_event_properties_have_no_plover_type() -> None:
    assert plover_types("envoyFor") == frozenset()
    assert plover_types("locatedIn") == frozenset()


# --- the Python namespace --------------------------------------------------------------------


def test_kg_namespace_matches_turtle_exactly(onto: Graph) -> None:
    in_python = set(KG.__annotations__)
    assert in_python == kg_subjects(onto)
    for name in in_python:
        assert getattr(KG, name) == URIRef(KG_NS + name)


def test_plover_namespace_matches_turtle_exactly(onto: Graph) -> None:
    declared = {
        str(s)[len(PLOVER_NS) :]
        for s in onto.subjects(unique=True)
        if isinstance(s, URIRef) and str(s).startswith(PLOVER_NS)
    }
    assert set(PLOVER.__annotations__) == declared


def test_closed_namespaces_reject_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = KG.notAProperty
    with pytest.raises(AttributeError):
        _ = PLOVER.SURRENDER


def test_relation_properties_come_from_the_ontology() -> None:
    relations = relation_properties()
    assert set(relations) == set(RELATIONS)
    assert relations["envoyFor"] == KG.envoyFor
    assert "modality" not in relations
    assert "place" not in relations


def test_labels() -> None:
    assert property_label("envoyFor") == "envoy for"
    assert property_label(str(KG.holdsHostage)) == "holds hostage"
    assert property_label("confidence") == "confidence"
    assert class_label("PersonGroup") == "person group"
    with pytest.raises(OntologyError):
        property_label("notAProperty")
    with pytest.raises(OntologyError):
        class_label("envoyFor")


def test_prefixes_and_binding() -> None:
    assert PREFIXES["kg"] == KG_NS
    assert PREFIXES["plover"] == PLOVER_NS
    assert PREFIXES["kgd"] == DEFAULT_BASE
    assert PREFIXES["schema"] == "https://schema.org/"
    graph = bind_prefixes(Graph())
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix, namespace in PREFIXES.items():
        assert bound[prefix] == namespace


def test_load_ontology_is_cached() -> None:
    assert load_ontology() is load_ontology()


# --- example queries -------------------------------------------------------------------------


def read_query(name: str) -> str:
    return (ontology_path("queries") / f"{name}.rq").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", QUERIES)
def test_query_parses_and_starts_with_comment(name: str) -> None:
    text = read_query(name)
    assert text.startswith("# ")
    prepareQuery(text, initNs=PREFIXES)


@pytest.mark.parametrize("name", QUERIES)
def test_query_parses_without_its_prefix_lines(name: str) -> None:
    """The query tool pre-binds the prefixes, so the bodies must stand on their own."""
    body = "\n".join(
        line for line in read_query(name).splitlines() if not line.startswith("PREFIX")
    )
    prepareQuery(body, initNs=PREFIXES)


@pytest.fixture(scope="module")
def sample() -> Dataset:
    """A tiny dataset shaped as docs/rdf-model.md describes (entities graph + one document)."""
    kgd = PREFIXES["kgd"]
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    ent = ds.graph(URIRef(kgd + "graph/entities"))
    entities = [
        ("us", KG.Country, "United States"),
        ("hamas", KG.ArmedGroup, "Hamas"),
        ("boehler", KG.Person, "Adam Boehler"),
        ("trump", KG.Person, "Donald Trump"),
        ("hostage-affairs", KG.Topic, "hostage affairs"),
        ("president", KG.Position, "President"),
        ("edan", KG.Person, "Edan Alexander"),
        ("gaza", KG.Place, "Gaza"),
        ("militants", KG.PersonGroup, "Palestinian militants"),
        ("hostages", KG.PersonGroup, "hostages"),
    ]
    e = {key: URIRef(f"{kgd}entity/{key}") for key, _, _ in entities}
    for key, cls, label in entities:
        ent.add((e[key], RDF.type, cls))
        ent.add((e[key], RDFS.label, Literal(label)))

    doc_iri = URIRef(kgd + "doc/000-seed")
    doc = ds.graph(doc_iri)
    doc.add((doc_iri, RDF.type, KG.Document))
    doc.add((doc_iri, DCTERMS.identifier, Literal("000_seed")))
    sentence = URIRef(str(doc_iri) + "/sentence/3")
    doc.add((sentence, RDF.type, KG.Sentence))
    doc.add((sentence, DCTERMS.isPartOf, doc_iri))
    doc.add((sentence, KG.sentenceIndex, Literal(3)))
    doc.add((sentence, KG.text, Literal("Adam Boehler, the nominated special envoy ...")))
    facts = [
        (e["us"], KG.negotiatesWith, e["hamas"]),
        (e["hamas"], KG.negotiatesWith, e["us"]),
        (e["boehler"], KG.envoyFor, e["hostage-affairs"]),
        (e["boehler"], KG.nominatedBy, e["trump"]),
        (e["trump"], KG.holdsPosition, e["president"]),
        (e["trump"], KG.leaderOf, e["us"]),
        (e["militants"], KG.holdsHostage, e["hostages"]),
        (e["hostages"], KG.heldIn, e["gaza"]),
        (e["edan"], KG.heldIn, e["gaza"]),
    ]
    for i, (s, p, o) in enumerate(facts):
        doc.add((s, p, o))
        assertion = URIRef(f"{kgd}assertion/{i}")
        doc.add((assertion, RDF.type, KG.Assertion))
        doc.add((assertion, RDF.subject, s))
        doc.add((assertion, RDF.predicate, p))
        doc.add((assertion, RDF.object, o))
        doc.add((assertion, PROV.wasDerivedFrom, sentence))
        doc.add((assertion, KG.evidence, Literal("...")))
        doc.add((assertion, KG.rule, Literal("test.v1")))
        doc.add((assertion, KG.confidence, Literal(Decimal("0.85"))))
        doc.add((assertion, KG.modality, KG.reported if p == KG.envoyFor else KG.asserted))
        if p == KG.heldIn and s == e["hostages"]:
            doc.add((assertion, KG.count, Literal(24)))
    return ds


def run(ds: Dataset, name: str) -> list[dict[str, str]]:
    result = ds.query(read_query(name), initNs=PREFIXES)
    return [
        {str(var): str(row[var]) for var in result.vars if row[var] is not None} for row in result
    ]


def test_negotiations_query_lists_each_pair_once(sample: Dataset) -> None:
    rows = run(sample, "negotiations")
    assert len(rows) == 1
    assert {rows[0]["aLabel"], rows[0]["bLabel"]} == {"United States", "Hamas"}


def test_positions_query(sample: Dataset) -> None:
    rows = {row["name"]: row for row in run(sample, "positions")}
    assert set(rows) == {"Adam Boehler", "Donald Trump"}
    assert rows["Adam Boehler"]["envoyFor"] == "hostage affairs"
    assert rows["Adam Boehler"]["nominatedBy"] == "Donald Trump"
    assert rows["Donald Trump"]["positions"] == "President"
    assert rows["Donald Trump"]["leaderOf"] == "United States"


def test_evidence_query(sample: Dataset) -> None:
    rows = run(sample, "evidence")
    assert len(rows) == 9
    envoy = next(row for row in rows if row["property"] == "envoyFor")
    assert envoy["modality"] == "reported"
    assert envoy["document"] == "000_seed"
    assert envoy["subjectLabel"] == "Adam Boehler"
    assert Decimal(envoy["confidence"]) == Decimal("0.85")
    assert envoy["sentenceText"].startswith("Adam Boehler")


def test_evidence_query_uses_labels_when_ontology_is_loaded(sample: Dataset) -> None:
    ds = Dataset(default_union=True)
    for quad in sample.quads():
        ds.add(quad)
    onto_graph = ds.graph(URIRef(PREFIXES["kgd"] + "graph/ontology"))
    for triple in load_ontology():
        onto_graph.add(triple)
    properties = {row["property"] for row in run(ds, "evidence")}
    assert "envoy for" in properties


def test_hostages_query(sample: Dataset) -> None:
    rows = run(sample, "hostages")
    by_captive = {row["captiveLabel"]: row for row in rows}
    assert set(by_captive) == {"hostages", "Edan Alexander"}
    assert by_captive["hostages"]["captorLabel"] == "Palestinian militants"
    assert by_captive["hostages"]["placeLabel"] == "Gaza"
    assert by_captive["hostages"]["count"] == "24"
    assert "captorLabel" not in by_captive["Edan Alexander"]
    assert by_captive["Edan Alexander"]["placeLabel"] == "Gaza"


@pytest.mark.parametrize("name", QUERIES)
def test_query_gives_the_same_rows_in_oxigraph(sample: Dataset, name: str) -> None:
    """Users run these in other stores too; Oxigraph is the one kg ships with."""
    store = pyoxigraph.Store()
    store.load(sample.serialize(format="nquads").encode(), format=pyoxigraph.RdfFormat.N_QUADS)
    ox_rows = list(store.query(read_query(name), use_default_graph_as_union=True))
    assert len(ox_rows) == len(run(sample, name)) > 0
