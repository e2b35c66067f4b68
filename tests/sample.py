"""A small hand-built dataset in the shape of docs/rdf-model.md, shared by the output tests."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.model import Fact

KG = Namespace("https://w3id.org/kgnews/ontology#")
KGD = Namespace("https://w3id.org/kgnews/id/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

ENTITIES = KGD["graph/entities"]
DOC1 = KGD["doc/000-talks-aaaa111111"]
DOC2 = KGD["doc/001-truce-bbbb222222"]
BOEHLER = KGD["entity/adam-boehler-1a2b3c4d5e"]
HOSTAGE_AFFAIRS = KGD["entity/hostage-affairs-0f1e2d3c4b"]
US = KGD["entity/united-states-2b3c4d5e6f"]
HAMAS = KGD["entity/hamas-3c4d5e6f7a"]
ISRAEL = KGD["entity/israel-4d5e6f7a8b"]

#: (document, sentence index, subject, property, object, evidence, confidence, modality)
MENTIONS = [
    (
        DOC1,
        0,
        BOEHLER,
        "envoyFor",
        HOSTAGE_AFFAIRS,
        "special envoy for hostage affairs",
        "0.85",
        "reported",
    ),
    (DOC1, 1, US, "negotiatesWith", HAMAS, "the U.S. held talks with Hamas", "0.9", "asserted"),
    (DOC1, 0, BOEHLER, "worksFor", US, "Adam Boehler, the U.S. envoy", "0.7", "asserted"),
    (DOC2, 0, US, "negotiatesWith", HAMAS, "Washington negotiated with Hamas", "0.8", "asserted"),
    (DOC2, 1, US, "supports", ISRAEL, "the United States backs Israel", "0.75", "asserted"),
    (
        DOC2,
        1,
        ISRAEL,
        "negotiatesWith",
        HAMAS,
        "Israel has not confirmed talks with Hamas",
        "0.6",
        "negated",
    ),
]
SENTENCES = {
    DOC1: [
        "Adam Boehler, the special envoy for hostage affairs, said so.",
        "Officials said the U.S. held talks with Hamas in Doha.",
    ],
    DOC2: [
        "Washington negotiated with Hamas over the hostages.",
        "Israel has not confirmed talks with Hamas; the United States backs Israel.",
    ],
}


def build_sample_dataset() -> Dataset:
    """The sample dataset, written triple by triple the way docs/rdf-model.md shows."""
    ds = Dataset(default_union=True)
    ds.bind("kg", KG)
    ds.bind("kgd", KGD)

    entities = ds.graph(ENTITIES)
    for iri, cls, label, aliases in [
        (BOEHLER, KG.Person, "Adam Boehler", ["Boehler"]),
        (HOSTAGE_AFFAIRS, KG.Position, "hostage affairs", []),
        (US, KG.Country, "United States", ["U.S.", "Washington"]),
        (HAMAS, KG.ArmedGroup, "Hamas", []),
        (ISRAEL, KG.Country, "Israel", []),
    ]:
        entities.add((iri, RDF.type, cls))
        entities.add((iri, RDFS.label, Literal(label)))
        for alias in aliases:
            entities.add((iri, SKOS.altLabel, Literal(alias)))

    for number, (doc, identifier, title) in enumerate(
        [(DOC1, "000_talks", "U.S. talks with Hamas"), (DOC2, "001_truce", "Truce talks")]
    ):
        g = ds.graph(doc)
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.identifier, Literal(identifier)))
        g.add((doc, DCTERMS.title, Literal(title)))
        g.add((doc, DCTERMS.date, Literal(f"2025-03-0{number + 5}", datatype=XSD_DATE)))
        offset = 0
        for index, text in enumerate(SENTENCES[doc]):
            sentence = URIRef(f"{doc}/sentence/{index}")
            g.add((sentence, RDF.type, KG.Sentence))
            g.add((sentence, DCTERMS.isPartOf, doc))
            g.add((sentence, KG.sentenceIndex, Literal(index)))
            g.add((sentence, KG.startOffset, Literal(offset)))
            g.add((sentence, KG.endOffset, Literal(offset + len(text))))
            g.add((sentence, KG.text, Literal(text)))
            offset += len(text) + 1

    for number, (doc, index, s, prop, o, evidence, confidence, modality) in enumerate(MENTIONS):
        g = ds.graph(doc)
        p = KG[prop]
        if modality != "negated":
            g.add((s, p, o))
        a = KGD[f"assertion/{number:018x}"]
        text = SENTENCES[doc][index]
        start = sum(len(t) + 1 for t in SENTENCES[doc][:index])
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, PROV.wasDerivedFrom, URIRef(f"{doc}/sentence/{index}")))
        g.add((a, KG.evidence, Literal(evidence)))
        g.add((a, KG.startOffset, Literal(start + max(text.find(evidence), 0))))
        g.add((a, KG.endOffset, Literal(start + max(text.find(evidence), 0) + len(evidence))))
        g.add((a, KG.rule, Literal("test-rule.v1")))
        g.add((a, KG.confidence, Literal(Decimal(confidence))))
        g.add((a, KG.modality, KG[modality]))
    return ds


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """Non-empty graphs by name, each as a plain Graph (for isomorphism checks)."""
    graphs = {}
    for g in ds.graphs():
        if len(g):
            plain = Graph()
            plain += g
            graphs[str(g.identifier)] = plain
    return graphs


def whole_sentence_fact(
    subject: str, prop: str, obj: str, text: str, *, rule: str = "verb.v1", confidence: float = 0.8
) -> Fact:
    """A fact of sentence 0 whose evidence is all of ``text``: a document of one sentence."""
    return Fact(
        subject,
        prop,
        obj,
        sentence=0,
        start=0,
        end=len(text),
        evidence=text,
        rule=rule,
        confidence=confidence,
    )
