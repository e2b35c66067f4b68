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

The second half of ``shapes.ttl`` (domain and range of every relation property, entity classes,
modalities) is generated from ``kg.ttl`` by :func:`generated_shapes`; regenerate it with
``python -m kg.rdf.validate --write-shapes`` after changing the ontology.
"""

from __future__ import annotations

import sys
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
    "load_shapes",
    "save_report",
    "validate",
]

SHAPES_NS = "https://w3id.org/kgnews/shapes#"
SH = Namespace("http://www.w3.org/ns/shacl#")
GENERATED_MARKER = "# ----- generated from kg.ttl by `python -m kg.rdf.validate --write-shapes`"

_PREFIXES = {**PREFIXES, "kgsh": SHAPES_NS, "sh": str(SH)}


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
    """The shapes graph, parsed once (shared: do not modify it).

    The hand-written part comes from ``shapes.ttl``; the generated part is generated again from
    the ontology as it is now, so a property whose domain or range changed in ``kg.ttl`` is
    checked against the new one even before ``shapes.ttl`` is regenerated for other tools.
    """
    graph = Graph()
    try:
        graph.parse(data=shapes_file_text(), format="turtle")
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


def _class_constraint(classes: list[URIRef], indent: str) -> str:
    if len(classes) == 1:
        return f"{indent}sh:class {shorten(classes[0])} ;\n"
    options = " ".join(f"[ sh:class {shorten(cls)} ]" for cls in classes)
    return f"{indent}sh:or ( {options} ) ;\n"


def _listing(terms: list[Any], *, separator: str = " , ", indent: str = "        ") -> str:
    """Terms as a Turtle object list (or, with ``separator=" "``, a collection's items).

    A list that does not fit on one line starts on the next one, a few terms per line.
    """
    names = [shorten(term) for term in terms]
    if len(separator.join(names)) <= 60:
        return separator.join(names)
    lines, line = [], ""
    for name in names:
        if line and len(line) + len(name) + len(separator) > 88:
            lines.append(line)
            line = ""
        line = f"{line}{separator}{name}" if line else name
    lines.append(line)
    return "\n" + indent + (separator.rstrip() + "\n" + indent).join(lines)


def _role_shape(graph: Graph, role: str, prop: URIRef) -> list[str]:
    """The property shape of an event mention's sources or targets: the classes of the range."""
    range_ = _members(graph, graph.value(prop, RDFS.range))
    return [
        f"kgsh:EventMention-{role}",
        "    a sh:PropertyShape ;",
        f"    sh:path {shorten(prop)} ;",
        _class_constraint(range_, "    ").rstrip("\n"),
        f'    sh:message "each {role} of an event mention is {_class_phrase(graph, range_)}"@en .',
        "",
    ]


def generated_shapes() -> str:
    """The generated part of ``shapes.ttl``, from the ontology as it is now.

    For every relation property: a node shape checking that each subject of the property is an
    instance of its domain, and a property shape checking that each object is an instance of its
    range (``sh:or`` of ``sh:class`` for a union). Also the targets of ``kgsh:Entity``, the
    "exactly one class of the ontology" shape, the allowed predicates and modalities of
    assertions, and the PLOVER types, relation properties, modalities and source and target
    classes of event mentions.
    """
    graph = load_ontology()
    relations = relation_properties()
    entity_classes = [iri for iri in ontology_classes().values() if iri not in NON_ENTITY_CLASSES]
    modalities = list(Collection(graph, graph.value(KG.Modality, OWL.oneOf)))
    props = list(relations.values())
    event_types = sorted(graph.objects(PLOVER_SCHEME_IRI, SKOS.hasTopConcept))
    out = [
        "",
        "kgsh:Entity",
        f"    sh:targetClass {_listing(entity_classes)} ;",
        f"    sh:targetSubjectsOf {_listing(props)} ;",
        f"    sh:targetObjectsOf {_listing(props)} .",
        "",
        "kgsh:Entity-type",
        "    a sh:PropertyShape ;",
        "    sh:path rdf:type ;",
        f"    sh:qualifiedValueShape [ sh:in ( {_listing(entity_classes, separator=' ')} ) ] ;",
        "    sh:qualifiedMinCount 1 ;",
        "    sh:qualifiedMaxCount 1 ;",
        '    sh:message "an entity needs exactly one class of the ontology (kg:Person, '
        'kg:Country ...)"@en .',
        "",
        "kgsh:Assertion-predicate",
        "    a sh:PropertyShape ;",
        "    sh:path rdf:predicate ;",
        "    sh:minCount 1 ;",
        "    sh:maxCount 1 ;",
        f"    sh:in ( {_listing(props, separator=' ')} ) ;",
        '    sh:message "an assertion has exactly one rdf:predicate, a relation property of '
        'the ontology"@en .',
        "",
        "kgsh:Assertion-modality",
        "    a sh:PropertyShape ;",
        "    sh:path kg:modality ;",
        "    sh:minCount 1 ;",
        "    sh:maxCount 1 ;",
        f"    sh:in ( {_listing(modalities, separator=' ')} ) ;",
        '    sh:message "an assertion has exactly one kg:modality, one of the modalities of '
        'the ontology"@en .',
        "",
        "kgsh:EventMention-type",
        "    a sh:PropertyShape ;",
        "    sh:path kg:eventType ;",
        "    sh:minCount 1 ;",
        "    sh:maxCount 1 ;",
        f"    sh:in ( {_listing(event_types, separator=' ')} ) ;",
        '    sh:message "an event mention has exactly one kg:eventType, a PLOVER event type '
        '(plover:AGREE ...)"@en .',
        "",
        "kgsh:EventMention-relationProperty",
        "    a sh:PropertyShape ;",
        "    sh:path kg:relationProperty ;",
        "    sh:maxCount 1 ;",
        f"    sh:in ( {_listing(props, separator=' ')} ) ;",
        '    sh:message "an event mention has at most one kg:relationProperty, a relation '
        'property of the ontology"@en .',
        "",
        "kgsh:EventMention-modality",
        "    a sh:PropertyShape ;",
        "    sh:path kg:modality ;",
        "    sh:minCount 1 ;",
        "    sh:maxCount 1 ;",
        f"    sh:in ( {_listing(modalities, separator=' ')} ) ;",
        '    sh:message "an event mention has exactly one kg:modality, one of the modalities of '
        'the ontology"@en .',
        "",
        *_role_shape(graph, "source", KG.hasSource),
        *_role_shape(graph, "target", KG.hasTarget),
        "kgsh:Fact-provenance",
        "    a sh:SPARQLConstraint ;",
        '    sh:message "no assertion says where this fact came from: '
        '{?value} {?path} {?object}"@en ;',
        "    sh:prefixes <https://w3id.org/kgnews/shapes> ;",
        '    sh:select """',
        "        SELECT $this ?value ?path ?object WHERE {",
        f"            ?value {_listing(props, separator='|', indent=' ' * 16)} ?object .",
        "            ?value ?path ?object .",
        f"            FILTER (?path IN ({_listing(props, separator=', ', indent=' ' * 16)}))",
        "            FILTER NOT EXISTS {",
        "                ?assertion rdf:subject ?value ; rdf:predicate ?path ; rdf:object ?object",
        "            }",
        "        }",
        '    """ .',
        "",
    ]
    for name, prop in relations.items():
        domain = _members(graph, graph.value(prop, RDFS.domain))
        range_ = _members(graph, graph.value(prop, RDFS.range))
        out += [
            f"kgsh:{name}-domain",
            "    a sh:NodeShape ;",
            f"    sh:targetSubjectsOf kg:{name} ;",
            _class_constraint(domain, "    ").rstrip("\n"),
            f'    sh:message "the subject of kg:{name} must be '
            f'{_class_phrase(graph, domain)}"@en .',
            "",
            f"kgsh:{name}-range",
            "    a sh:PropertyShape ;",
            f"    sh:targetSubjectsOf kg:{name} ;",
            f"    sh:path kg:{name} ;",
            _class_constraint(range_, "    ").rstrip("\n"),
            f'    sh:message "the object of kg:{name} must be {_class_phrase(graph, range_)}"@en .',
            "",
        ]
    return "".join(line.rstrip() + "\n" for line in "\n".join(out).split("\n")).rstrip() + "\n"


def shapes_file_text(current: str | None = None) -> str:
    """``shapes.ttl`` with its generated part regenerated (the hand-written part kept)."""
    current = _read_shapes() if current is None else current
    head, marker, _ = current.partition(GENERATED_MARKER)
    if not marker:
        raise OntologyError("ontology/shapes.ttl has lost its '# ----- generated' line")
    first_line_end = current.index("\n", len(head))
    return current[: first_line_end + 1] + generated_shapes()


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

    shapes = shapes if shapes is not None else load_shapes()
    _check_shape_queries(shapes)
    data, triples = _data_graph(graph)
    if shapes is None:  # pySHACL adds RDFS axioms to the shapes it is given: keep ours intact
        shapes = Graph()
        shapes += load_shapes()
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
