"""SHACL validation of a kg graph against ``ontology/shapes.ttl`` (``kg validate``).

:func:`validate` returns what pySHACL returns — whether the graph conforms, the W3C results
graph and a text — plus the violations as plain records, so callers decide what to print and
which exit code to give (the CLI: 0 conforms, 1 does not, 2 unusable input).

Three things pySHACL would do differently on its own, done here on purpose:

* the union of all named graphs is validated as one graph (pySHACL checks named graphs one by
  one, and an assertion in a document graph refers to entities in the entities graph);
* the ontology's ``rdfs:subClassOf`` axioms are added to that union, so that ``sh:class kg:Actor``
  accepts a ``kg:Country``;
* the graph written by ``kg infer`` is left out: the shapes describe extracted data, and its
  extra types would break "exactly one class per entity".

Validation uses ``shapes.ttl`` as it ships. Its second half (domain and range of every relation
property, entity classes, modalities) is built from ``kg.ttl`` as an rdflib graph by
:func:`generated_shapes_graph` and written as Turtle by rdflib; regenerate it with
``python -m kg.rdf.validate --write-shapes`` after changing the ontology (a test fails until then).
"""

from __future__ import annotations

import sys
import textwrap
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import split_uri

from kg.atomic import write_atomically
from kg.errors import AccessError, OntologyError
from kg.rdf.dataset import NON_ENTITY_CLASSES, data_quads
from kg.rdf.guard import check_query, confined
from kg.rdf.namespace import (
    KG,
    PLOVER_SCHEME_IRI,
    PREFIXES,
    bind_prefixes,
    load_ontology,
    ontology_classes,
    ontology_path,
    relation_properties,
    shorten,
)

__all__ = [
    "SHAPES_NS",
    "ValidationReport",
    "Violation",
    "format_report",
    "generated_shapes",
    "generated_shapes_graph",
    "load_shapes",
    "save_report",
    "validate",
]

SHAPES_NS = "https://w3id.org/kgnews/shapes#"
SH = Namespace("http://www.w3.org/ns/shacl#")
GENERATED_MARKER = "# ----- generated from kg.ttl by `python -m kg.rdf.validate --write-shapes`"

_PREFIXES = {**PREFIXES, "kgsh": SHAPES_NS, "sh": str(SH)}
#: Messages of the generated shapes that are not about one property.
_ENTITY_TYPE_MESSAGE = (
    "an entity needs exactly one class of the ontology (kg:Person, kg:Country ...)"
)
_PREDICATE_MESSAGE = (
    "an assertion has exactly one rdf:predicate, a relation property of the ontology"
)
_MODALITY_MESSAGE = (
    "an assertion has exactly one kg:modality, one of the modalities of the ontology"
)
_EVENT_TYPE_MESSAGE = (
    "an event mention has exactly one kg:eventType, a PLOVER event type (plover:AGREE ...)"
)
_EVENT_PROPERTY_MESSAGE = (
    "an event mention has at most one kg:relationProperty, a relation property of the ontology"
)
_EVENT_MODALITY_MESSAGE = (
    "an event mention has exactly one kg:modality, one of the modalities of the ontology"
)
_FACT_PROVENANCE_MESSAGE = "no assertion says where this fact came from: {?value} {?path} {?object}"


@dataclass(frozen=True)
class Violation:
    """One SHACL result, its terms shortened for people (``kgd:entity/…``, ``rdfs:label``)."""

    shape: str  # the shape (or SPARQL constraint) that failed, e.g. "kgsh:Entity-label"
    focus: str  # the node that failed
    path: str | None  # the property checked, for property shapes
    value: str | None  # the offending value, when there is one
    message: str
    component: str  # the SHACL constraint component, e.g. "MinCount", "Class"
    severity: str  # "Violation", "Warning" or "Info"
    focus_label: str | None = None  # the focus node's rdfs:label, when it has one
    value_label: str | None = None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`, in the ``(conforms, results_graph, text)`` style."""

    conforms: bool
    results_graph: Graph
    text: str  # the short human report (:func:`format_report`)
    violations: tuple[Violation, ...]
    triples: int  # size of the union graph that was checked


def _read_shapes() -> str:
    try:
        return ontology_path("shapes.ttl").read_text(encoding="utf-8")
    except OSError as exc:
        raise OntologyError(f"cannot read the SHACL shapes: {exc}") from exc


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The shapes graph of ``ontology/shapes.ttl``, parsed once (shared: do not modify it).

    What is validated against is the file that ships, the one other SHACL engines read too.
    """
    graph = Graph()
    try:
        graph.parse(data=_read_shapes(), format="turtle")
    except (SyntaxError, ValueError) as exc:
        raise OntologyError(f"cannot parse ontology/shapes.ttl: {exc}") from exc
    return bind_prefixes(graph)


# --- the generated part of shapes.ttl --------------------------------------------------------


def _members(graph: Graph, node: Any) -> list[URIRef]:
    union = graph.value(node, OWL.unionOf)
    return list(Collection(graph, union)) if union is not None else [node]


def _article(text: str) -> str:
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text


def _class_phrase(graph: Graph, classes: list[URIRef]) -> str:
    names = [_article(str(graph.value(cls, RDFS.label) or shorten(cls))) for cls in classes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _bnode_list(graph: Graph, items: list[Any]) -> BNode:
    """An RDF collection of ``items`` in ``graph``, returned by its head node."""
    head = BNode()
    Collection(graph, head, items)
    return head


def _add(graph: Graph, subject: Any, *pairs: tuple[Any, Any]) -> None:
    """Add one triple about ``subject`` per (predicate, object) pair."""
    for predicate, value in pairs:
        graph.add((subject, predicate, value))


def _english(text: str) -> Literal:
    return Literal(text, lang="en")


def _one_of_classes(graph: Graph, classes: list[URIRef]) -> tuple[URIRef, Any]:
    """``sh:class`` for one class, ``sh:or`` of ``sh:class`` for a union."""
    if len(classes) == 1:
        return SH["class"], classes[0]
    options = []
    for cls in classes:
        option = BNode()
        graph.add((option, SH["class"], cls))
        options.append(option)
    return SH["or"], _bnode_list(graph, options)


def _sparql_terms(graph: Graph, terms: list[URIRef], separator: str, indent: str) -> str:
    """Prefixed names joined by ``separator``, a few to a line, for a query of the shapes."""
    names = " ".join(term.n3(graph.namespace_manager) for term in terms)
    lines = textwrap.wrap(names, width=100 - len(indent) - len(separator))
    return (separator.rstrip() + "\n").join(indent + line.replace(" ", separator) for line in lines)


def _role_shape(ontology: Graph, shapes: Graph, role: str, prop: URIRef) -> None:
    """The property shape of an event mention's sources or targets: the classes of the range."""
    range_ = _members(ontology, ontology.value(prop, RDFS.range))
    _add(
        shapes,
        URIRef(f"{SHAPES_NS}EventMention-{role}"),
        (RDF.type, SH.PropertyShape),
        (SH.path, prop),
        _one_of_classes(shapes, range_),
        (
            SH.message,
            _english(f"each {role} of an event mention is {_class_phrase(ontology, range_)}"),
        ),
    )


def _fact_provenance_query(graph: Graph, props: list[URIRef]) -> str:
    """A fact triple between two nodes with no assertion node that describes it."""
    indent = " " * 16
    return (
        "\n        SELECT $this ?value ?path ?object WHERE {\n"
        "            ?value\n"
        f"{_sparql_terms(graph, props, '|', indent)}\n"
        "                ?object .\n"
        "            ?value ?path ?object .\n"
        "            FILTER (?path IN (\n"
        f"{_sparql_terms(graph, props, ', ', indent)}))\n"
        "            FILTER NOT EXISTS {\n"
        "                ?assertion rdf:subject ?value ; rdf:predicate ?path ; rdf:object ?object\n"
        "            }\n"
        "        }\n    "
    )


def generated_shapes_graph() -> Graph:
    """The generated shapes, from the ontology as it is now.

    For every relation property: a node shape checking that each subject of the property is an
    instance of its domain, and a property shape checking that each object is an instance of its
    range (``sh:or`` of ``sh:class`` for a union). Also the targets of ``kgsh:Entity``, the
    "exactly one class of the ontology" shape, the allowed predicates and modalities of
    assertions, the PLOVER types, relation properties, modalities and source and target classes
    of event mentions, and the SPARQL check that every fact has an assertion.
    """
    ontology = load_ontology()
    relations = relation_properties()
    props = list(relations.values())
    entity_classes = [iri for iri in ontology_classes().values() if iri not in NON_ENTITY_CLASSES]
    modalities = list(Collection(ontology, ontology.value(KG.Modality, OWL.oneOf)))
    event_types = sorted(ontology.objects(PLOVER_SCHEME_IRI, SKOS.hasTopConcept))
    shapes = bind_prefixes(Graph())
    shapes.bind("kgsh", SHAPES_NS)
    shapes.bind("sh", SH)
    kgsh = Namespace(SHAPES_NS)

    _add(shapes, kgsh.Entity, *((SH.targetClass, cls) for cls in entity_classes))
    _add(shapes, kgsh.Entity, *((SH.targetSubjectsOf, prop) for prop in props))
    _add(shapes, kgsh.Entity, *((SH.targetObjectsOf, prop) for prop in props))
    one_class = BNode()
    shapes.add((one_class, SH["in"], _bnode_list(shapes, entity_classes)))
    _add(
        shapes,
        kgsh["Entity-type"],
        (RDF.type, SH.PropertyShape),
        (SH.path, RDF.type),
        (SH.qualifiedValueShape, one_class),
        (SH.qualifiedMinCount, Literal(1)),
        (SH.qualifiedMaxCount, Literal(1)),
        (SH.message, _english(_ENTITY_TYPE_MESSAGE)),
    )
    for name, path, allowed, required, message in (
        ("Assertion-predicate", RDF.predicate, props, True, _PREDICATE_MESSAGE),
        ("Assertion-modality", KG.modality, modalities, True, _MODALITY_MESSAGE),
        ("EventMention-type", KG.eventType, event_types, True, _EVENT_TYPE_MESSAGE),
        (
            "EventMention-relationProperty",
            KG.relationProperty,
            props,
            False,
            _EVENT_PROPERTY_MESSAGE,
        ),
        ("EventMention-modality", KG.modality, modalities, True, _EVENT_MODALITY_MESSAGE),
    ):
        _add(
            shapes,
            kgsh[name],
            (RDF.type, SH.PropertyShape),
            (SH.path, path),
            *([(SH.minCount, Literal(1))] if required else []),
            (SH.maxCount, Literal(1)),
            (SH["in"], _bnode_list(shapes, allowed)),
            (SH.message, _english(message)),
        )
    _role_shape(ontology, shapes, "source", KG.hasSource)
    _role_shape(ontology, shapes, "target", KG.hasTarget)
    _add(
        shapes,
        kgsh["Fact-provenance"],
        (RDF.type, SH.SPARQLConstraint),
        (SH.message, _english(_FACT_PROVENANCE_MESSAGE)),
        (SH.prefixes, URIRef(SHAPES_NS.rstrip("#"))),
        (SH.select, Literal(_fact_provenance_query(shapes, props))),
    )
    for name, prop in relations.items():
        domain = _members(ontology, ontology.value(prop, RDFS.domain))
        range_ = _members(ontology, ontology.value(prop, RDFS.range))
        _add(
            shapes,
            kgsh[f"{name}-domain"],
            (RDF.type, SH.NodeShape),
            (SH.targetSubjectsOf, prop),
            _one_of_classes(shapes, domain),
            (
                SH.message,
                _english(f"the subject of kg:{name} must be {_class_phrase(ontology, domain)}"),
            ),
        )
        _add(
            shapes,
            kgsh[f"{name}-range"],
            (RDF.type, SH.PropertyShape),
            (SH.targetSubjectsOf, prop),
            (SH.path, prop),
            _one_of_classes(shapes, range_),
            (
                SH.message,
                _english(f"the object of kg:{name} must be {_class_phrase(ontology, range_)}"),
            ),
        )
    return shapes


def generated_shapes() -> str:
    """The generated part of ``shapes.ttl``: :func:`generated_shapes_graph` as Turtle."""
    return generated_shapes_graph().serialize(format="turtle")


def shapes_file_text(current: str | None = None) -> str:
    """``shapes.ttl`` with its generated part regenerated (the hand-written part kept)."""
    current = _read_shapes() if current is None else current
    head, marker, _ = current.partition(GENERATED_MARKER)
    if not marker:
        raise OntologyError("ontology/shapes.ttl has lost its '# ----- generated' line")
    first_line_end = current.index("\n", len(head))
    return current[: first_line_end + 1] + "\n" + generated_shapes().strip() + "\n"


# --- validation ------------------------------------------------------------------------------


def _data_graph(graph: Graph) -> tuple[Graph, int]:
    """The union of every graph but the inferred one, with the ontology's class hierarchy.

    Returns the graph to validate and the number of data triples in it.
    """
    union = Graph()
    for s, p, o, _ in data_quads(graph):
        union.add((s, p, o))
    triples = len(union)
    for s, o in load_ontology().subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            union.add((s, RDFS.subClassOf, o))
    return union, triples


def _term(term: Any) -> str | None:
    if term is None:
        return None
    return shorten(term, prefixes=_PREFIXES)


def _shorten_text(text: str) -> str:
    """A message with the IRIs pySHACL wrote in full put in prefixed form."""
    for prefix, namespace in sorted(_PREFIXES.items(), key=lambda item: -len(item[1])):
        text = text.replace(namespace, f"{prefix}:")
    return text


def _component(term: Any) -> str:
    return split_uri(term)[1].removesuffix("ConstraintComponent")


def _violations(results: Graph, data: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        constraint = results.value(result, SH.sourceConstraint)
        shape = results.value(result, SH.sourceShape)
        if isinstance(constraint, URIRef):  # a named SPARQL constraint says more than its shape
            shape = constraint
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        found.append(
            Violation(
                shape=_term(shape) if not isinstance(shape, BNode) else "(anonymous shape)",
                focus=_term(focus) or "",
                path=_term(path) if isinstance(path, URIRef) else None,
                value=_term(value),
                message=_shorten_text(str(message)) if message is not None else "",
                component=_component(results.value(result, SH.sourceConstraintComponent)),
                severity=split_uri(results.value(result, SH.resultSeverity))[1],
                focus_label=_label(data, focus),
                value_label=_label(data, value),
            )
        )
    return sorted(found, key=lambda v: (v.shape, v.focus, v.path or "", v.value or ""))


def _label(data: Graph, node: Any) -> str | None:
    if not isinstance(node, URIRef):
        return None
    label = data.value(node, RDFS.label)
    return str(label) if isinstance(label, Literal) else None


_SHAPES_HINT = "SHACL-SPARQL constraints read only the graph being validated"
_SHAPE_QUERY_PROPERTIES = (SH.select, SH.ask, SH.construct, SH.update)


def _check_shape_queries(shapes: Graph) -> None:
    """Refuse shapes whose SPARQL would reach outside the data (SERVICE, FROM, LOAD).

    Parse trees are checked, not translated queries: the prefixes come from ``sh:prefixes``,
    which pySHACL resolves later, and a FROM is refused whatever it names.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    for prop in _SHAPE_QUERY_PROPERTIES:
        parse = parseUpdate if prop == SH.update else parseQuery
        for text in shapes.objects(None, prop):
            try:
                tree = parse(str(text))
            except ParseException:
                continue  # pySHACL reports the syntax error with the shape that holds it
            try:
                check_query(tree, graphs=frozenset(), hint=_SHAPES_HINT)
            except AccessError as exc:
                raise AccessError(
                    f"{shorten(prop, prefixes=_PREFIXES)} of a shape: {exc}"
                ) from None


def validate(graph: Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Check a kg dataset (or plain graph) against the SHACL shapes.

    Parameters
    ----------
    graph : rdflib.Dataset or rdflib.Graph
        The graph to check; every named graph except ``…/graph/inferred`` is validated together.
    shapes : rdflib.Graph, optional
        Shapes to use instead of ``ontology/shapes.ttl``.

    Returns
    -------
    ValidationReport
        ``conforms``, pySHACL's results graph, a short text report grouped by shape, and the
        violations one by one.
    """
    import pyshacl

    data, triples = _data_graph(graph)
    if shapes is None:  # pySHACL adds RDFS axioms to the shapes it is given: keep ours intact
        shapes = Graph()
        shapes += load_shapes()
    _check_shape_queries(shapes)
    try:
        with confined(hint=_SHAPES_HINT):
            conforms, results, text = pyshacl.validate(
                data,
                shacl_graph=shapes,
                inference="none",
                abort_on_first=False,
                allow_warnings=False,
                inplace=True,
            )
    except AccessError:
        raise
    except Exception as exc:  # pySHACL's errors are about the shapes, not the data
        raise OntologyError(
            f"SHACL validation could not run: {' '.join(str(exc).split())}"
        ) from exc
    if not isinstance(results, Graph):  # a ValidationFailure: the shapes are unusable
        raise OntologyError(f"SHACL validation could not run: {' '.join(str(text).split())}")
    bind_prefixes(results)
    results.bind("kgsh", SHAPES_NS)
    results.bind("sh", SH)
    violations = tuple(_violations(results, data))
    report = ValidationReport(bool(conforms), results, "", violations, triples)
    return replace(report, text=format_report(report))


def _node(text: str, label: str | None) -> str:
    return f"{text} ({label})" if label else text


def format_report(report: ValidationReport, *, limit: int = 10) -> str:
    """A short report for the terminal: the verdict, then the violations grouped by shape.

    Each group shows its shape, how many nodes failed and the shape's message, then up to
    ``limit`` failing nodes with the property and value at fault.
    """
    if report.conforms:
        return f"conforms: {report.triples} triples, 0 violations\n"
    groups: dict[str, list[Violation]] = defaultdict(list)
    for violation in report.violations:
        groups[violation.shape].append(violation)
    total = len(report.violations)
    lines = [
        f"does not conform: {total} violation{'s' if total != 1 else ''} of "
        f"{len(groups)} shape{'s' if len(groups) != 1 else ''} in {report.triples} triples"
    ]
    for shape, items in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        messages = {v.message for v in items}
        sparql = any(v.component == "SPARQL" for v in items)  # each message names its nodes
        shared = next(iter(messages)) if len(messages) == 1 and not sparql else ""
        lines.append(f"{shape}  {len(items)}  {shared}".rstrip())
        for v in items[:limit]:
            if v.component == "SPARQL":
                lines.append(f"  {v.message}")
                continue
            where = f"  {v.path}" if v.path else ""
            value = f" = {_node(v.value, v.value_label)}" if v.value is not None else ""
            why = f"  ({v.message})" if not shared and v.message else ""
            lines.append(f"  {_node(v.focus, v.focus_label)}{where}{value}{why}")
        if len(items) > limit:
            lines.append(f"  ... and {len(items) - limit} more")
    return "\n".join(lines) + "\n"


def save_report(report: ValidationReport, path: str | Path) -> Path:
    """Write the full W3C SHACL results graph as Turtle."""
    return write_atomically(path, report.results_graph.serialize(format="turtle", encoding="utf-8"))


if __name__ == "__main__":  # python -m kg.rdf.validate --write-shapes
    if sys.argv[1:] != ["--write-shapes"]:
        sys.exit("usage: python -m kg.rdf.validate --write-shapes")
    target = Path(str(ontology_path("shapes.ttl")))
    target.write_text(shapes_file_text(), encoding="utf-8")
    print(f"wrote {target}")
