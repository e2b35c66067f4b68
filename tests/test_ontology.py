"""The ontology as data: kg.ttl, the KG/PLOVER namespaces and the example queries agree.

The declarations are checked over every term kg.ttl declares, so a new term is checked the day
it is added. The only lists kept here are the contract that gold sets, users' queries and the
PLOVER scorer rely on (the fixed relation names, the symmetric properties, the modalities, the
twenty PLOVER types): kg.ttl may grow, but must keep those.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph
import pytest
from conftest import ROOT
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV
from rdflib.plugins.sparql import prepareQuery

from kg.errors import OntologyError
from kg.lexicon import load_lexicon
from kg.rdf import namespace as kg_namespace
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

#: Relation properties whose local names are fixed because gold sets and users' queries name
#: them (the project's design notes). The ontology may declare more, never fewer.
FIXED_RELATIONS = frozenset(
    {
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
    }
)
SYMMETRIC = frozenset({"negotiatesWith", "meetsWith", "ceasefireWith", "fightsWith"})
#: Object properties of event mentions whose values are terms of vocabularies, not entities.
EVENT_VOCABULARY_PROPERTIES = {"eventType": SKOS.Concept, "relationProperty": RDF.Property}
MODALITIES = frozenset({"asserted", "negated", "hypothetical", "future", "reported"})
#: The PLOVER event types; the concept scheme's local names are exactly these.
PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "DEMAND",
        "ACCUSE",
        "DISAPPROVE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
        "FIGHT",
        "INVESTIGATE",
    }
)
#: What a kg: term can be declared as; each term is exactly one of them.
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, KG.Modality)

ONTOLOGY = URIRef("https://w3id.org/kgnews/ontology")
SCHEME = URIRef("https://w3id.org/kgnews/plover")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
QUERIES = ("negotiations", "positions", "evidence", "hostages")
DESIGN_NOTES = ROOT.parent / "shared" / "design.md"


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


def terms_of_kind(graph: Graph, kind: URIRef) -> set[str]:
    """Local names of the kg: terms declared with ``rdf:type kind``."""
    return {name for name in kg_subjects(graph) if (KG[name], RDF.type, kind) in graph}


def class_members(graph: Graph, node: URIRef | BNode) -> list[URIRef | BNode]:
    """A named class is itself; an owl:unionOf class expression is its members."""
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return [node]
    return list(Collection(graph, union))


def is_datatype(term: URIRef | BNode) -> bool:
    return str(term).startswith(XSD_NS) or term == RDFS.Literal


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


# --- every term ------------------------------------------------------------------------------


def documentation_problems(graph: Graph, name: str) -> list[str]:
    """What kg:name lacks of one lowercase rdfs:label, one rdfs:comment and rdfs:isDefinedBy."""
    term = KG[name]
    problems = []
    labels = list(graph.objects(term, RDFS.label))
    if len(labels) != 1:
        problems.append(f"kg:{name} has {len(labels)} rdfs:label")
    elif str(labels[0]) != str(labels[0]).lower():
        problems.append(f"kg:{name} label {labels[0]!r} is not lowercase")
    comments = list(graph.objects(term, RDFS.comment))
    if len(comments) != 1:
        problems.append(f"kg:{name} has {len(comments)} rdfs:comment")
    if (term, RDFS.isDefinedBy, ONTOLOGY) not in graph:
        problems.append(f"kg:{name} lacks rdfs:isDefinedBy")
    return problems


def test_every_term_has_one_kind_and_is_documented(onto: Graph) -> None:
    names = kg_subjects(onto)
    assert FIXED_RELATIONS | MODALITIES | {"Actor", "Assertion", "confidence"} <= names
    problems = []
    for name in sorted(names):
        kinds = [kind for kind in KINDS if (KG[name], RDF.type, kind) in onto]
        if len(kinds) != 1:
            problems.append(f"kg:{name} is declared as {len(kinds)} of {', '.join(KINDS)}")
        problems += documentation_problems(onto, name)
    assert not problems, "\n".join(problems)


def test_every_property_has_one_domain_and_range_of_declared_classes(onto: Graph) -> None:
    classes = set(ontology_classes().values())
    datatype_properties = terms_of_kind(onto, OWL.DatatypeProperty)
    properties = terms_of_kind(onto, OWL.ObjectProperty) | datatype_properties
    assert FIXED_RELATIONS | {"confidence", "modality"} <= properties
    problems = []
    for name in sorted(properties):
        for axis in (RDFS.domain, RDFS.range):
            values = list(onto.objects(KG[name], axis))
            if len(values) != 1:
                problems.append(f"kg:{name} has {len(values)} {axis}")
                continue
            members = class_members(onto, values[0])
            if not members:
                problems.append(f"kg:{name} has an empty union as {axis}")
            wants_datatype = axis == RDFS.range and name in datatype_properties
            if axis == RDFS.range and name in EVENT_VOCABULARY_PROPERTIES:
                continue  # a PLOVER concept, a property: checked below
            for member in members:
                if wants_datatype and not is_datatype(member):
                    problems.append(f"kg:{name} range {member} is not a datatype")
                elif not wants_datatype and member not in classes:
                    problems.append(f"kg:{name} {axis} {member} is not a kg class")
    assert not problems, "\n".join(problems)


def test_relation_properties_are_the_object_properties_between_entities(onto: Graph) -> None:
    """The qualifiers of assertions and event mentions (kg:modality, kg:place, kg:hasSource ...)
    are object properties, not relations."""
    records = {KG.Assertion, KG.EventMention}
    qualifiers = {
        name
        for name in terms_of_kind(onto, OWL.ObjectProperty)
        if set(class_members(onto, onto.value(KG[name], RDFS.domain))) <= records
    }
    assert {"modality", "place", "hasSource", "hasTarget", "eventType"} <= qualifiers
    relations = relation_properties()
    assert set(relations) == terms_of_kind(onto, OWL.ObjectProperty) - qualifiers
    assert set(relations) >= FIXED_RELATIONS
    assert all(iri == KG[name] for name, iri in relations.items())


def test_the_contract_lists_are_the_design_notes() -> None:
    """FIXED_RELATIONS, SYMMETRIC and PLOVER_TYPES say what ../shared/design.md says."""
    if not DESIGN_NOTES.is_file():
        pytest.skip(f"{DESIGN_NOTES} is not here (it lives in ../shared, outside the project)")
    text = " ".join(DESIGN_NOTES.read_text(encoding="utf-8").split())
    fixed = re.search(
        r"name them: (.*?)\. More may be added\. (.*?) are owl:SymmetricProperty", text
    )
    plover = re.search(r"PLOVER event types \(([A-Z, ]+)\)", text)
    assert fixed and plover, f"{DESIGN_NOTES} no longer lists the fixed names; update this test"
    assert set(fixed.group(1).split(", ")) == FIXED_RELATIONS
    assert set(re.split(r", | and ", fixed.group(2))) == SYMMETRIC
    assert set(plover.group(1).split(", ")) == PLOVER_TYPES


def test_symmetric_properties_have_equal_domain_and_range(onto: Graph) -> None:
    declared = terms_of_kind(onto, OWL.SymmetricProperty)
    assert declared == SYMMETRIC == set(symmetric_properties())
    for name in declared:
        assert onto.value(KG[name], RDFS.domain) == onto.value(KG[name], RDFS.range), name


def test_inverse_properties_swap_domain_and_range_and_are_never_extracted(onto: Graph) -> None:
    """Extraction writes one direction (the lexicon's); only ``kg infer`` writes the inverse."""
    pairs = sorted(onto.subject_objects(OWL.inverseOf))
    assert pairs
    extracted = load_lexicon().properties()
    relations = set(relation_properties().values())
    for inverse, forward in pairs:
        assert {inverse, forward} <= relations, (inverse, forward)
        assert str(forward)[len(KG_NS) :] in extracted, forward
        assert str(inverse)[len(KG_NS) :] not in extracted, inverse
        for axis, other in ((RDFS.domain, RDFS.range), (RDFS.range, RDFS.domain)):
            mine = class_members(onto, onto.value(inverse, axis))
            theirs = class_members(onto, onto.value(forward, other))
            assert set(mine) == set(theirs), (inverse, axis)
        # PLOVER types are directed (source -> target): an inverse has none
        assert plover_types(str(inverse)) == frozenset(), inverse


def test_the_modalities_are_the_ones_the_lexicon_weighs(onto: Graph) -> None:
    declared = {str(m)[len(KG_NS) :] for m in onto.subjects(RDF.type, KG.Modality)}
    assert declared == MODALITIES == set(load_lexicon().confidence["modality"])
    assert onto.value(KG.modality, RDFS.range) == KG.Modality


def test_country_is_both_actor_and_place(onto: Graph) -> None:
    supers = set(onto.objects(KG.Country, RDFS.subClassOf))
    assert {KG.Actor, KG.Place} <= supers


def test_assertion_is_a_statement(onto: Graph) -> None:
    assert {RDF.Statement, PROV.Entity} <= set(onto.objects(KG.Assertion, RDFS.subClassOf))


def test_held_in_is_a_kind_of_located_in(onto: Graph) -> None:
    assert (KG.heldIn, RDFS.subPropertyOf, KG.locatedIn) in onto


def test_alignments_to_other_vocabularies_never_by_equivalence(onto: Graph) -> None:
    """Sub-class, sub-property and close matches only: reasoners copy every equivalent triple."""
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
    for prop in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert not list(onto.triples((None, prop, None))), prop


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
    targets = [
        (prop, target)
        for prop, target in onto.subject_objects(SKOS.closeMatch)
        if str(target).startswith(PREFIXES["cameo"])
    ]
    assert targets
    for prop, target in targets:
        assert (target, RDF.type, SKOS.Concept) in onto, (prop, target)


@pytest.mark.parametrize(("name", "range_"), sorted(EVENT_VOCABULARY_PROPERTIES.items()))
def test_event_type_and_relation_property_point_into_vocabularies(
    onto: Graph, name: str, range_: URIRef
) -> None:
    prop = KG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert (prop, RDF.type, OWL.FunctionalProperty) in onto
    assert not documentation_problems(onto, name)
    assert list(onto.objects(prop, RDFS.domain)) == [KG.EventMention]
    assert list(onto.objects(prop, RDFS.range)) == [range_]


def test_event_mentions_are_sem_events_with_sem_actors(onto: Graph) -> None:
    sem = Namespace(PREFIXES["sem"])
    assert {sem.Event, PROV.Entity} <= set(onto.objects(KG.EventMention, RDFS.subClassOf))
    for role in (KG.hasSource, KG.hasTarget):
        assert (role, RDFS.subPropertyOf, sem.hasActor) in onto
    assert (KG.eventType, RDFS.subPropertyOf, sem.eventType) in onto
    assert (KG.Build, RDFS.subClassOf, PROV.Activity) in onto


# --- PLOVER ----------------------------------------------------------------------------------


def test_plover_scheme_has_exactly_the_twenty_types(onto: Graph) -> None:
    concepts = {
        str(c)[len(PLOVER_NS) :]
        for c in onto.subjects(RDF.type, SKOS.Concept)
        if str(c).startswith(PLOVER_NS)
    }
    assert concepts == PLOVER_TYPES
    for name in concepts:
        concept = PLOVER[name]
        assert (concept, SKOS.inScheme, SCHEME) in onto, name
        assert (concept, SKOS.topConceptOf, SCHEME) in onto, name
        assert onto.value(concept, SKOS.prefLabel) == Literal(name.lower(), lang="en"), name
        assert onto.value(concept, SKOS.definition) is not None, name


def only_events(name: str, graph: Graph) -> bool:
    """Whether kg:name relates its subject to events only (taking part is no event itself)."""
    return class_members(graph, graph.value(KG[name], RDFS.range)) == [KG.Event]


def test_every_action_maps_to_plover_and_nothing_else_does(onto: Graph) -> None:
    """The lexicon's actions (its polarity table) are the event-like properties: each has a
    PLOVER type, and roles, places and inverses have none (they are no events)."""
    actions = {name for name in load_lexicon().polarity if not only_events(name, onto)}
    mapped = {name for name in relation_properties() if plover_types(name)}
    assert "negotiatesWith" in actions
    assert mapped == actions
    reached = set().union(*(plover_types(name) for name in mapped))
    assert reached == PLOVER_TYPES  # every type can be produced


def test_plover_types_are_the_mapping_targets(onto: Graph) -> None:
    targets = {name: set() for name in relation_properties()}
    for mapping in (SKOS.broadMatch, SKOS.exactMatch):
        for prop, target in onto.subject_objects(mapping):
            if str(target).startswith(PLOVER_NS):
                assert (target, RDF.type, SKOS.Concept) in onto, (prop, target)
                targets[str(prop)[len(KG_NS) :]].add(str(target)[len(PLOVER_NS) :])
    assert any(targets.values())
    for name, types in targets.items():
        assert plover_types(name) == types, name


def test_every_property_with_a_cameo_code_is_event_like() -> None:
    coded = [name for name in relation_properties() if cameo_codes(name)]
    assert "negotiatesWith" in coded
    for name in coded:
        assert plover_types(name), name


def test_coarser_properties_map_to_each_plover_type_they_cover() -> None:
    assert plover_types("kills") == {"ASSAULT", "FIGHT"}
    assert plover_types("attacks") == {"ASSAULT", "FIGHT"}
    assert plover_types("accuses") == {"ACCUSE", "DISAPPROVE"}


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
    assert set(kg_namespace.PLOVER_TYPES) == declared == PLOVER_TYPES


def test_closed_namespaces_reject_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = KG.notAProperty
    with pytest.raises(AttributeError):
        _ = PLOVER.SURRENDER


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
