"""The ontology reference (``kg ontology``): classes and properties, generated from ``kg.ttl``.

Nothing here is written by hand: every label, comment, domain, range, alignment, PLOVER type and
CAMEO code is read from the Turtle each time, so the reference cannot drift from the ontology.
Given a graph, each relation property also shows an example fact from it — the surest mention,
with its evidence — so that readers see what the property is used for.

:func:`describe` gathers everything into plain records, the one model of the page's content (what
both formats show, worded once: a property's details, an example's provenance); :func:`to_markdown`
and :func:`to_html` only lay it out, with the templates ``reference.md.j2`` and
``reference.html.j2`` of ``kg/outputs/templates`` (the HTML page is self-contained: inline style,
no script, nothing fetched).

    >>> text = reference("markdown")
    >>> text.startswith("# kg news ontology")
    True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV

from kg.errors import FormatError
from kg.rdf.dataset import NON_ENTITY_CLASSES, data_quads
from kg.rdf.namespace import (
    CAMEO_NS,
    KG,
    KG_NS,
    ONTOLOGY_IRI,
    PLOVER_NS,
    PREFIXES,
    load_ontology,
    local_name,
    relation_properties,
    shorten,
)

__all__ = [
    "FORMATS",
    "Example",
    "Reference",
    "Term",
    "describe",
    "example_facts",
    "reference",
    "to_html",
    "to_markdown",
]

FORMATS = ("markdown", "html")
#: Prefixes for showing IRIs: kg's own, and Wikidata's for the close matches.
_DISPLAY_PREFIXES = {**PREFIXES, "wd": "http://www.wikidata.org/entity/"}


def _short(term: Any) -> str:
    return shorten(term, prefixes=_DISPLAY_PREFIXES)


@dataclass(frozen=True)
class Example:
    """One fact of a graph that shows a property in use, with where it came from."""

    subject: str
    prop: str
    object: str
    evidence: str | None = None
    document: str | None = None
    confidence: Decimal | None = None
    modality: str | None = None
    inferred: bool = False  # no assertion node: inferred by `kg infer` or added by hand

    @property
    def provenance(self) -> str:
        """Where the fact came from, in words: "doc.txt, confidence 0.939, asserted"."""
        if self.inferred:
            return "inferred (no assertion node)"
        confidence = f"confidence {self.confidence}" if self.confidence is not None else None
        return ", ".join(part for part in (self.document, confidence, self.modality) if part)


@dataclass(frozen=True)
class Term:
    """A class, property or individual of the ontology, as the reference shows it."""

    name: str  # local name: "negotiatesWith"
    iri: str
    label: str
    comment: str
    kind: str  # "class", "relation", "qualifier", "datatype", "modality"
    parents: tuple[str, ...] = ()  # rdfs:subClassOf / rdfs:subPropertyOf, shortened
    children: tuple[str, ...] = ()
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = ()  # "symmetric", "functional", "inverse of kg:x"
    plover: tuple[str, ...] = ()
    cameo: tuple[tuple[str, str], ...] = ()  # (code, label)
    close_matches: tuple[str, ...] = ()
    example: Example | None = None

    @property
    def anchor(self) -> str:
        """The id of the term's place in the page: "kg-negotiateswith"."""
        return "kg-" + re.sub(r"[^A-Za-z0-9]+", "-", self.name).strip("-").lower()

    @property
    def domain_range(self) -> str:
        """ "kg:Actor → kg:Actor"; a union's members joined with "or"."""
        return f"{' or '.join(self.domain)} → {' or '.join(self.range)}"

    @property
    def details(self) -> tuple[tuple[str, str], ...]:
        """(what, value) lines of a property's description, plain text; empty ones left out."""
        lines = [
            ("domain → range", self.domain_range if self.domain or self.range else ""),
            ("characteristics", ", ".join(self.characteristics)),
            ("sub-property of", ", ".join(self.parents)),
            ("super-property of", ", ".join(self.children)),
            ("PLOVER", ", ".join(self.plover)),
            ("CAMEO", "; ".join(f"{code} {label}" for code, label in self.cameo)),
            ("close matches", ", ".join(self.close_matches)),
        ]
        return tuple((what, value) for what, value in lines if value)


@dataclass(frozen=True)
class Concept:
    """A concept of the PLOVER or CAMEO scheme and the kg properties mapped to it."""

    name: str
    iri: str
    label: str
    definition: str
    notation: str | None
    broader: str | None
    properties: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """Everything the reference shows, read from the ontology (and a graph for examples)."""

    title: str
    iri: str
    version: str
    version_iri: str
    prior_version: str | None
    license: str
    description: str
    classes: tuple[Term, ...]
    relations: tuple[Term, ...]
    provenance: tuple[Term, ...]
    modalities: tuple[Term, ...]
    plover: tuple[Concept, ...]
    cameo: tuple[Concept, ...]
    examples_from: str | None  # where the example facts come from, or None
    examples_note: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def examples_line(self) -> str:
        """Where the example facts come from and how many properties have one, or why none."""
        if self.examples_from is None:
            return self.examples_note or "none: no graph was given"
        count = sum(1 for term in self.relations if term.example)
        return f"from {self.examples_from} ({count} of {len(self.relations)} relation properties)"


# --- reading the ontology --------------------------------------------------------------------


def _text(graph: Graph, node: Any, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return " ".join(str(value).split()) if value is not None else ""


def _classes_of(graph: Graph, node: Any) -> tuple[str, ...]:
    if node is None:
        return ()
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return tuple(_short(member) for member in members)


def _sorted_short(terms: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted(_short(term) for term in terms))


def _term(graph: Graph, iri: URIRef, kind: str, examples: dict[str, Example]) -> Term:
    name = local_name(iri)
    is_class = kind == "class"
    parent_prop = RDFS.subClassOf if is_class else RDFS.subPropertyOf
    characteristics = []
    for rdf_type, word in (
        (OWL.SymmetricProperty, "symmetric"),
        (OWL.FunctionalProperty, "functional"),
        (OWL.TransitiveProperty, "transitive"),
    ):
        if (iri, RDF.type, rdf_type) in graph:
            characteristics.append(word)
    inverses = {*graph.objects(iri, OWL.inverseOf), *graph.subjects(OWL.inverseOf, iri)}
    characteristics += [f"inverse of {_short(other)}" for other in sorted(inverses)]
    matches = [*graph.objects(iri, SKOS.closeMatch), *graph.objects(iri, SKOS.exactMatch)]
    cameo = tuple(
        sorted(
            (str(graph.value(c, SKOS.notation) or local_name(c)), _text(graph, c, SKOS.prefLabel))
            for c in matches
            if str(c).startswith(CAMEO_NS)
        )
    )
    plover = tuple(
        sorted(
            local_name(c)
            for p in (SKOS.exactMatch, SKOS.broadMatch)
            for c in graph.objects(iri, p)
            if str(c).startswith(PLOVER_NS)
        )
    )
    return Term(
        name=name,
        iri=str(iri),
        label=_text(graph, iri, RDFS.label),
        comment=_text(graph, iri, RDFS.comment),
        kind=kind,
        parents=_sorted_short(o for o in graph.objects(iri, parent_prop) if isinstance(o, URIRef)),
        children=_sorted_short(graph.subjects(parent_prop, iri)),
        domain=_classes_of(graph, graph.value(iri, RDFS.domain)),
        range=_classes_of(graph, graph.value(iri, RDFS.range)),
        characteristics=tuple(characteristics),
        plover=plover,
        cameo=cameo,
        close_matches=_sorted_short(m for m in matches if not str(m).startswith(CAMEO_NS)),
        example=examples.get(name),
    )


def _concepts(
    graph: Graph, scheme: URIRef, properties: dict[Any, list[str]], *, by_code: bool
) -> tuple[Concept, ...]:
    concepts = []
    for concept in graph.subjects(SKOS.inScheme, scheme):
        notation = graph.value(concept, SKOS.notation)
        broader = graph.value(concept, SKOS.broader)
        concepts.append(
            Concept(
                name=local_name(concept),
                iri=str(concept),
                label=_text(graph, concept, SKOS.prefLabel),
                definition=_text(graph, concept, SKOS.definition),
                notation=str(notation) if notation is not None else None,
                broader=local_name(broader) if broader is not None else None,
                properties=tuple(sorted(properties.get(concept, []))),
            )
        )
    return tuple(sorted(concepts, key=lambda c: (c.notation or c.name) if by_code else c.name))


def describe(
    examples: dict[str, Example] | None = None,
    *,
    examples_from: str | None = None,
    examples_note: str = "",
) -> Reference:
    """Read the ontology into a :class:`Reference`; ``examples`` maps property names to facts."""
    graph = load_ontology()
    examples = examples or {}
    relations = relation_properties()
    kg_terms = [s for s in set(graph.subjects()) if str(s).startswith(KG_NS)]

    def of_type(rdf_type: URIRef) -> list[URIRef]:
        return sorted(t for t in kg_terms if (t, RDF.type, rdf_type) in graph)

    classes = sorted(of_type(OWL.Class), key=lambda c: (c in NON_ENTITY_CLASSES, local_name(c)))
    qualifiers = [t for t in of_type(OWL.ObjectProperty) if local_name(t) not in relations]
    qualifiers += of_type(OWL.DatatypeProperty)
    mapped: dict[Any, list[str]] = {}
    for prop in relations.values():
        for mapping in (SKOS.broadMatch, SKOS.exactMatch, SKOS.closeMatch):
            for concept in graph.objects(prop, mapping):
                mapped.setdefault(concept, []).append(local_name(prop))
    version_iri = graph.value(ONTOLOGY_IRI, OWL.versionIRI)
    prior = graph.value(ONTOLOGY_IRI, OWL.priorVersion)
    return Reference(
        title=_text(graph, ONTOLOGY_IRI, RDFS.label) or "kg ontology",
        iri=str(ONTOLOGY_IRI),
        version=_text(graph, ONTOLOGY_IRI, OWL.versionInfo),
        version_iri=str(version_iri) if version_iri else "",
        prior_version=str(prior) if prior else None,
        license=str(graph.value(ONTOLOGY_IRI, DCTERMS.license) or ""),
        description=_text(graph, ONTOLOGY_IRI, DCTERMS.description),
        classes=tuple(_term(graph, c, "class", examples) for c in classes),
        relations=tuple(_term(graph, p, "relation", examples) for p in relations.values()),
        provenance=tuple(
            _term(
                graph,
                p,
                "datatype" if (p, RDF.type, OWL.DatatypeProperty) in graph else "object",
                {},
            )
            for p in sorted(qualifiers)
        ),
        modalities=tuple(
            _term(graph, m, "modality", {})
            for m in Collection(graph, graph.value(KG.Modality, OWL.oneOf))
        ),
        plover=_concepts(graph, URIRef(PLOVER_NS[:-1]), mapped, by_code=False),
        cameo=_concepts(graph, URIRef(CAMEO_NS[:-1]), mapped, by_code=True),
        examples_from=examples_from,
        examples_note=examples_note,
        prefixes={p: PREFIXES[p] for p in ("kg", "plover", "cameo", "kgd")},
    )


# --- example facts from a graph --------------------------------------------------------------


def example_facts(graph: Graph) -> dict[str, Example]:
    """For each relation property used in ``graph``, the fact that best shows it.

    The surest non-negated mention (highest confidence, then the shortest evidence) whose fact
    is asserted; for a property that only inferred triples use (the inverse properties after
    ``kg infer``), one such triple, marked as inferred.
    """
    labels = {s: str(o) for s, _, o, _ in data_quads(graph, (None, RDFS.label, None))}
    identifiers = {s: str(o) for s, _, o, _ in data_quads(graph, (None, DCTERMS.identifier, None))}
    part_of = {s: o for s, _, o, _ in data_quads(graph, (None, DCTERMS.isPartOf, None))}
    found: dict[str, tuple[tuple, Example]] = {}
    relations = {str(iri): name for name, iri in relation_properties().items()}
    for assertion, _, prop, _ in data_quads(graph, (None, RDF.predicate, None)):
        name = relations.get(str(prop))
        if name is None:
            continue
        modality = graph.value(assertion, KG.modality)
        if modality is None or modality == KG.negated:
            continue
        s, o = graph.value(assertion, RDF.subject), graph.value(assertion, RDF.object)
        if s is None or o is None or (s, prop, o) not in graph:
            continue
        confidence = graph.value(assertion, KG.confidence)
        evidence = graph.value(assertion, KG.evidence)
        sentence = graph.value(assertion, PROV.wasDerivedFrom)
        value = Decimal(str(confidence)) if isinstance(confidence, Literal) else Decimal(0)
        text = str(evidence) if evidence is not None else ""
        example = Example(
            subject=labels.get(s, _short(s)),
            prop=name,
            object=labels.get(o, _short(o)),
            evidence=text or None,
            document=identifiers.get(part_of.get(sentence)),
            confidence=value if isinstance(confidence, Literal) else None,
            modality=local_name(modality),
        )
        key = (-value, len(text), text, example.subject, example.object)
        if name not in found or key < found[name][0]:
            found[name] = (key, example)
    examples = {name: example for name, (_, example) in found.items()}
    for name, iri in relation_properties().items():
        if name in examples:
            continue
        triples = sorted(
            (labels.get(s, _short(s)), labels.get(o, _short(o)), g)
            for s, _, o, g in data_quads(graph, (None, iri, None), with_inferred=True)
        )
        if triples:
            subject, obj, _ = triples[0]
            examples[name] = Example(subject, name, obj, inferred=True)
    return examples


def reference(
    fmt: str = "markdown",
    *,
    graph: Graph | None = None,
    graph_name: str | None = None,
    note: str = "",
) -> str:
    """The ontology reference as Markdown or HTML, with example facts from ``graph`` if given.

    ``graph_name`` says where the graph came from; ``note`` is shown instead when there is no
    graph (for instance why there are no examples).
    """
    if fmt not in FORMATS:
        raise FormatError(f"unknown reference format {fmt!r}; known: {', '.join(FORMATS)}")
    examples = example_facts(graph) if graph is not None else {}
    source = (graph_name or "the given graph") if graph is not None else None
    ref = describe(examples, examples_from=source, examples_note=note)
    return to_markdown(ref) if fmt == "markdown" else to_html(ref)


# --- rendering -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: Any) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@pass_eval_context
def _escaped(context: EvalContext, value: Any) -> Any:
    """A value as the page shows it; in HTML escaped the way ``html.escape`` does, quotes
    included (markupsafe would write ``&#34;`` and ``&#39;`` and change every page)."""
    if context.autoescape and not hasattr(value, "__html__"):
        return Markup(html.escape(str(value), quote=True))
    return value


_TEMPLATES = Environment(
    loader=PackageLoader("kg.outputs", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",)),
    finalize=_escaped,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_TEMPLATES.filters["md"] = _md


def to_markdown(ref: Reference) -> str:
    """The reference as a Markdown page (``templates/reference.md.j2``)."""
    return _TEMPLATES.get_template("reference.md.j2").render(ref=ref)


def to_html(ref: Reference) -> str:
    """The reference as one self-contained HTML page: inline style, no script, no fetch
    (``templates/reference.html.j2``)."""
    return _TEMPLATES.get_template("reference.html.j2").render(ref=ref)
