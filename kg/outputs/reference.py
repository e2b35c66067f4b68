"""The ontology reference (``kg ontology``): classes and properties, generated from ``kg.ttl``.

Nothing here is written by hand: every label, comment, domain, range, alignment, PLOVER type and
CAMEO code is read from the Turtle each time, so the reference cannot drift from the ontology.
Given a graph, each relation property also shows an example fact from it — the surest mention,
with its evidence — so that readers see what the property is used for.

:func:`describe` gathers everything into plain records; :func:`to_markdown` and :func:`to_html`
render them (the HTML page is self-contained: inline style, no script, nothing fetched).

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


def _md(text: str) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _anchor(name: str) -> str:
    return "kg-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()


def _example_text(example: Example) -> tuple[str, str, str, str]:
    """(subject, property label, object, provenance) of an example, as plain text."""
    if example.inferred:
        where = "inferred (no assertion node)"
    else:
        details = [example.document or "", f"confidence {example.confidence}", example.modality]
        where = ", ".join(d for d in details if d and not d.endswith("None"))
    return example.subject, example.prop, example.object, where


def _term_facts(term: Term) -> list[tuple[str, str]]:
    """(what, value) lines for a property, plain text; empty ones left out."""
    facts = []
    if term.domain or term.range:
        facts.append(("domain → range", f"{' or '.join(term.domain)} → {' or '.join(term.range)}"))
    if term.characteristics:
        facts.append(("characteristics", ", ".join(term.characteristics)))
    if term.parents:
        facts.append(("sub-property of", ", ".join(term.parents)))
    if term.children:
        facts.append(("super-property of", ", ".join(term.children)))
    if term.plover:
        facts.append(("PLOVER", ", ".join(term.plover)))
    if term.cameo:
        facts.append(("CAMEO", "; ".join(f"{code} {label}" for code, label in term.cameo)))
    if term.close_matches:
        facts.append(("close matches", ", ".join(term.close_matches)))
    return facts


def _examples_line(ref: Reference, count: int) -> str:
    if ref.examples_from is None:
        return ref.examples_note or "none: no graph was given"
    return f"from {ref.examples_from} ({count} of {len(ref.relations)} relation properties)"


def to_markdown(ref: Reference) -> str:
    """The reference as a Markdown page."""
    with_examples = sum(1 for term in ref.relations if term.example)
    out = [
        f"# {_md(ref.title)} — reference",
        "",
        "*Generated from `ontology/kg.ttl` by `kg ontology`; do not edit by hand.*",
        "",
        _md(ref.description),
        "",
        "| | |",
        "|---|---|",
        f"| ontology | <{ref.iri}> |",
        f"| version | {_md(ref.version)} (<{ref.version_iri}>) |",
    ]
    if ref.prior_version:
        out.append(f"| prior version | <{ref.prior_version}> |")
    out += [
        f"| license | <{ref.license}> |",
        "| prefixes | " + " · ".join(f"`{p}:` <{ns}>" for p, ns in ref.prefixes.items()) + " |",
        f"| example facts | {_md(_examples_line(ref, with_examples))} |",
        "",
        "Sections: [classes](#classes) · [relation properties](#relation-properties) · "
        "[provenance and qualifier properties](#provenance-and-qualifier-properties) · "
        "[modalities](#modalities) · [PLOVER event types](#plover-event-types) · "
        "[CAMEO codes](#cameo-codes)",
        "",
        "## Classes",
        "",
        "| class | label | description | subclass of | close matches |",
        "|---|---|---|---|---|",
    ]
    for term in ref.classes:
        out.append(
            f"| `kg:{term.name}` | {_md(term.label)} | {_md(term.comment)} | "
            f"{', '.join(term.parents)} | {', '.join(term.close_matches)} |"
        )
    out += [
        "",
        "## Relation properties",
        "",
        "| property | label | domain → range | PLOVER | CAMEO |",
        "|---|---|---|---|---|",
    ]
    for term in ref.relations:
        out.append(
            f"| [`kg:{term.name}`](#{_anchor(term.name)}) | {_md(term.label)} | "
            f"{' or '.join(term.domain)} → {' or '.join(term.range)} | "
            f"{', '.join(term.plover)} | {', '.join(code for code, _ in term.cameo)} |"
        )
    for term in ref.relations:
        out += [
            "",
            f'<a id="{_anchor(term.name)}"></a>',
            f"### kg:{term.name} — {_md(term.label)}",
            "",
            _md(term.comment),
            "",
        ]
        out += [f"- {what}: {_md(value)}" for what, value in _term_facts(term)]
        if term.example:
            subject, prop, obj, where = _example_text(term.example)
            evidence = f" — “{_md(term.example.evidence)}”" if term.example.evidence else ""
            out.append(
                f"- example: {_md(subject)} *{_md(term.label or prop)}* {_md(obj)}{evidence} "
                f"({_md(where)})"
            )
    out += [
        "",
        "## Provenance and qualifier properties",
        "",
        "| property | label | description | domain | range |",
        "|---|---|---|---|---|",
    ]
    for term in ref.provenance:
        out.append(
            f"| `kg:{term.name}` | {_md(term.label)} | {_md(term.comment)} | "
            f"{' or '.join(term.domain)} | {' or '.join(term.range)} |"
        )
    out += ["", "## Modalities", "", "| modality | description |", "|---|---|"]
    out += [f"| `kg:{term.name}` | {_md(term.comment)} |" for term in ref.modalities]
    out += [
        "",
        "## PLOVER event types",
        "",
        "| type | definition | CAMEO root | kg properties (skos:broadMatch) |",
        "|---|---|---|---|",
    ]
    for concept in ref.plover:
        out.append(
            f"| `plover:{concept.name}` | {_md(concept.definition)} | {concept.notation or ''} | "
            f"{', '.join(concept.properties)} |"
        )
    out += [
        "",
        "## CAMEO codes",
        "",
        "| code | label | broader | kg properties (skos:closeMatch) |",
        "|---|---|---|---|",
    ]
    for concept in ref.cameo:
        out.append(
            f"| {concept.notation} | {_md(concept.label)} | {concept.broader or ''} | "
            f"{', '.join(concept.properties)} |"
        )
    return "\n".join(out) + "\n"


_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 70rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #d0d0d7; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f6; }
code { font-size: 90%; }
section.term { border-top: 1px solid #e4e4ea; margin-top: 1.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.note { color: #55555f; }
"""


def _h(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _row(cells: Iterable[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _table(headers: list[str], rows: Iterable[list[str]]) -> str:
    body = "\n".join(_row(row) for row in rows)
    return f"<table>\n{_row([_h(h) for h in headers], 'th')}\n{body}\n</table>"


def to_html(ref: Reference) -> str:
    """The reference as one self-contained HTML page: inline style, no script, no fetch."""
    with_examples = sum(1 for term in ref.relations if term.example)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(ref.title)} — reference</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(ref.title)} — reference</h1>",
        '<p class="note">Generated from <code>ontology/kg.ttl</code> by <code>kg ontology</code>;'
        " do not edit by hand.</p>",
        f"<p>{_h(ref.description)}</p>",
    ]
    meta = [
        ["ontology", f"<code>{_h(ref.iri)}</code>"],
        ["version", f"{_h(ref.version)} (<code>{_h(ref.version_iri)}</code>)"],
    ]
    if ref.prior_version:
        meta.append(["prior version", f"<code>{_h(ref.prior_version)}</code>"])
    meta += [
        ["license", f'<a href="{_h(ref.license)}">{_h(ref.license)}</a>'],
        [
            "prefixes",
            " · ".join(
                f"<code>{_h(p)}:</code> <code>{_h(ns)}</code>" for p, ns in ref.prefixes.items()
            ),
        ],
        ["example facts", _h(_examples_line(ref, with_examples))],
    ]
    parts.append("<table>\n" + "\n".join(_row([_h(k), v]) for k, v in meta) + "\n</table>")
    parts.append(
        '<nav><a href="#classes">classes</a> · <a href="#relation-properties">relation '
        'properties</a> · <a href="#provenance">provenance and qualifier properties</a> · '
        '<a href="#modalities">modalities</a> · <a href="#plover">PLOVER event types</a> · '
        '<a href="#cameo">CAMEO codes</a></nav>'
    )
    parts.append('<h2 id="classes">Classes</h2>')
    parts.append(
        _table(
            ["class", "label", "description", "subclass of", "close matches"],
            (
                [
                    f'<code id="{_anchor(t.name)}">kg:{_h(t.name)}</code>',
                    _h(t.label),
                    _h(t.comment),
                    _h(", ".join(t.parents)),
                    _h(", ".join(t.close_matches)),
                ]
                for t in ref.classes
            ),
        )
    )
    parts.append('<h2 id="relation-properties">Relation properties</h2>')
    parts.append(
        _table(
            ["property", "label", "domain → range", "PLOVER", "CAMEO"],
            (
                [
                    f'<a href="#{_anchor(t.name)}"><code>kg:{_h(t.name)}</code></a>',
                    _h(t.label),
                    _h(f"{' or '.join(t.domain)} → {' or '.join(t.range)}"),
                    _h(", ".join(t.plover)),
                    _h(", ".join(code for code, _ in t.cameo)),
                ]
                for t in ref.relations
            ),
        )
    )
    for term in ref.relations:
        items = "".join(f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in _term_facts(term))
        if term.example:
            subject, prop, obj, where = _example_text(term.example)
            evidence = f" — “{_h(term.example.evidence)}”" if term.example.evidence else ""
            items += (
                f"<dt>example</dt><dd>{_h(subject)} <em>{_h(term.label or prop)}</em> "
                f'{_h(obj)}{evidence} <span class="note">({_h(where)})</span></dd>'
            )
        parts.append(
            f'<section class="term" id="{_anchor(term.name)}">'
            f"<h3><code>kg:{_h(term.name)}</code> — {_h(term.label)}</h3>"
            f"<p>{_h(term.comment)}</p><dl>{items}</dl></section>"
        )
    parts.append('<h2 id="provenance">Provenance and qualifier properties</h2>')
    parts.append(
        _table(
            ["property", "label", "description", "domain", "range"],
            (
                [
                    f"<code>kg:{_h(t.name)}</code>",
                    _h(t.label),
                    _h(t.comment),
                    _h(" or ".join(t.domain)),
                    _h(" or ".join(t.range)),
                ]
                for t in ref.provenance
            ),
        )
    )
    parts.append('<h2 id="modalities">Modalities</h2>')
    parts.append(
        _table(
            ["modality", "description"],
            ([f"<code>kg:{_h(t.name)}</code>", _h(t.comment)] for t in ref.modalities),
        )
    )
    parts.append('<h2 id="plover">PLOVER event types</h2>')
    parts.append(
        _table(
            ["type", "definition", "CAMEO root", "kg properties (skos:broadMatch)"],
            (
                [
                    f"<code>plover:{_h(c.name)}</code>",
                    _h(c.definition),
                    _h(c.notation or ""),
                    _h(", ".join(c.properties)),
                ]
                for c in ref.plover
            ),
        )
    )
    parts.append('<h2 id="cameo">CAMEO codes</h2>')
    parts.append(
        _table(
            ["code", "label", "broader", "kg properties (skos:closeMatch)"],
            (
                [
                    _h(c.notation or ""),
                    _h(c.label),
                    _h(c.broader or ""),
                    _h(", ".join(c.properties)),
                ]
                for c in ref.cameo
            ),
        )
    )
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
