"""The RDF graph as a networkx graph of entities and asserted relations.

``to_networkx`` reads a graph written the way ``docs/rdf-model.md`` describes (entities with
``rdf:type kg:<Class>``, ``rdfs:label`` and ``skos:altLabel``; fact triples between entities in
per-document named graphs; assertion nodes with their evidence) and returns a
``networkx.MultiDiGraph`` that the view and the exporters draw or write:

* one node per entity IRI (``str``) with ``label``, ``cls`` (class local name), ``aliases``,
  ``degree`` and ``events`` (how many event mentions it takes part in);
* one edge per asserted fact (union of all named graphs, deduplicated on subject, property,
  object; one edge per unordered pair for symmetric properties), keyed by the property's local
  name, with ``property``, ``predicate``, ``label``, ``confidence``, ``modality``, ``evidence``,
  ``documents`` and ``symmetric``;
* ``graph["events"]``: the event mentions, each a dict naming its actors by node (one-sided ones
  too, which have no edge to draw).

``subgraph`` cuts a smaller view out of that network (around an entity, to some properties, above
a confidence, the most connected nodes), the selection behind ``kg view --focus ... --depth ...``.

Nothing here imports spaCy; the graph is read with rdflib's triple indexes only (no full scan),
so a graph with thousands of facts converts in a fraction of a second.

>>> from rdflib import Dataset
>>> to_networkx(Dataset()).number_of_nodes()
0
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import KgError, OntologyError
from kg.model import check_min_confidence
from kg.rdf.dataset import NON_ENTITY_CLASSES, candidates, data_quads, most_certain
from kg.rdf.namespace import (
    KG,
    KG_NS,
    QUALIFIER_PROPERTIES,
    local_name,
    property_label,
    relation_properties,
    shorten,
    symmetric_properties,
)

__all__ = ["SelectionError", "subgraph", "to_networkx"]


def _float(term: object) -> float | None:
    if isinstance(term, Literal):
        try:
            return float(term.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _text(term: object) -> str | None:
    return str(term) if isinstance(term, Literal) else None


def _pick_class(classes: list[str]) -> str:
    """One class per entity: the model writes exactly one; after inference prefer the most
    specific-looking (not a generic top class), then the alphabetically first."""
    generic = {"Agent", "Entity", "Thing", "Actor"}
    specific = sorted(c for c in set(classes) if c not in generic)
    return specific[0] if specific else sorted(set(classes))[0]


def _entities(graph: Graph) -> dict[str, dict[str, Any]]:
    classes: dict[str, list[str]] = defaultdict(list)
    for s, _, o, _ in data_quads(graph, (None, RDF.type, None)):
        is_kg_class = isinstance(o, URIRef) and str(o).startswith(KG_NS)
        if isinstance(s, URIRef) and is_kg_class and o not in NON_ENTITY_CLASSES:
            classes[str(s)].append(local_name(o))
    return {iri: {"cls": _pick_class(found)} for iri, found in classes.items()}


def _names(graph: Graph, nodes: dict[str, dict[str, Any]]) -> None:
    """Fill ``label`` (one rdfs:label, else the IRI's local name) and ``aliases``."""
    labels: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    for target, predicate in ((labels, RDFS.label), (aliases, SKOS.altLabel)):
        for s, _, o, _ in data_quads(graph, (None, predicate, None)):
            key = str(s)
            if key in nodes and isinstance(o, Literal):
                target[key].add(str(o))
    for iri, attrs in nodes.items():
        found = sorted(labels.get(iri, ()))
        label = found[0] if found else shorten(URIRef(iri))
        attrs["label"] = label
        # A second rdfs:label (the model forbids it, merged data may have it) is still a name.
        attrs["aliases"] = sorted((aliases.get(iri, set()) | set(found[1:])) - {label})


def _documents(graph: Graph) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Sentence -> document, document -> identifier, document -> title."""
    part_of = {str(s): str(o) for s, _, o, _ in data_quads(graph, (None, DCTERMS.isPartOf, None))}
    identifier = {
        str(s): str(o)
        for s, _, o, _ in data_quads(graph, (None, DCTERMS.identifier, None))
        if isinstance(o, Literal)
    }
    title = {
        str(s): str(o)
        for s, _, o, _ in data_quads(graph, (None, DCTERMS.title, None))
        if isinstance(o, Literal)
    }
    return part_of, identifier, title


def _assertions(graph: Graph) -> dict[str, dict[str, Any]]:
    """Every assertion node with its subject, predicate, object and evidence fields."""
    records: dict[str, dict[str, Any]] = defaultdict(dict)
    fields = (
        ("s", RDF.subject),
        ("p", RDF.predicate),
        ("o", RDF.object),
        ("sentence", PROV.wasDerivedFrom),
        ("text", KG.evidence),
        ("confidence", KG.confidence),
        ("modality", KG.modality),
    )
    for field, predicate in fields:
        for a, _, value, context in data_quads(graph, (None, predicate, None)):
            record = records[str(a)]
            record[field] = value
            record.setdefault("graph", context)
    below = {str(a) for a in candidates(graph)}
    return {
        a: r for a, r in records.items() if "s" in r and "p" in r and "o" in r and a not in below
    }


def _edge_key(s: str, p: str, o: str, symmetric: set[str]) -> tuple[str, str, str]:
    if p in symmetric and o < s:
        return o, p, s
    return s, p, o


def _property_label(iri: str) -> str:
    """The ontology's label of a property; for one it does not declare, its local name spelt
    out ("holdsTalksWith" -> "holds talks with")."""
    name = local_name(iri)
    if iri.startswith(KG_NS):
        try:
            return property_label(name)
        except OntologyError:
            pass
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def _events(graph: Graph, context: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Every event mention with its type, trigger, actors (IRIs), evidence and qualifiers.

    ``context`` holds the look-ups ``to_networkx`` has made: sentence -> document
    (``part_of``), document -> identifier and title, sentence -> text.
    """
    fields = {
        "type": KG.eventType,
        "trigger": KG.trigger,
        "text": KG.evidence,
        "sentence": PROV.wasDerivedFrom,
        "confidence": KG.confidence,
        "modality": KG.modality,
        "theme": KG.theme,
        "date": KG.date,
        "place": KG.place,
        "property": KG.relationProperty,
    }
    events: dict[str, dict[str, Any]] = {}
    below = candidates(graph)
    for event, _, _, _ in data_quads(graph, (None, RDF.type, KG.EventMention)):
        if event not in below:
            events[str(event)] = {"id": str(event), "sources": [], "targets": []}
    for key, predicate in fields.items():
        for event, _, value, _ in data_quads(graph, (None, predicate, None)):
            if str(event) in events:
                events[str(event)].setdefault(key, value)
    for key, role in (("sources", KG.hasSource), ("targets", KG.hasTarget)):
        for event, _, actor, _ in data_quads(graph, (None, role, None)):
            if str(event) in events:
                events[str(event)][key].append(str(actor))
    found = []
    for record in events.values():
        sentence = str(record["sentence"]) if "sentence" in record else None
        document = context["part_of"].get(sentence) if sentence else None
        found.append(
            {
                "id": record["id"],
                "type": local_name(record["type"]) if "type" in record else None,
                "property": local_name(record["property"]) if "property" in record else None,
                "trigger": _text(record.get("trigger")),
                "text": _text(record.get("text")),
                "sentence_text": context["texts"].get(sentence) if sentence else None,
                "document": context["identifiers"].get(document) if document else None,
                "title": context["titles"].get(document) if document else None,
                "confidence": _float(record.get("confidence")),
                "modality": local_name(record["modality"]) if "modality" in record else None,
                "theme": _text(record.get("theme")),
                "date": _text(record.get("date")),
                "place": str(record["place"]) if "place" in record else None,
                "sources": sorted(record["sources"]),
                "targets": sorted(record["targets"]),
            }
        )
    return sorted(found, key=lambda e: (e["document"] or "", e["text"] or "", e["id"]))


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities and the asserted relations between them, with their evidence.

    Parameters
    ----------
    graph : rdflib.Dataset or rdflib.Graph
        A kg graph. For a Dataset the union of all named graphs is read.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs; each edge is one asserted ``(subject, property, object)`` fact,
        keyed by the property's local name. A symmetric property gives one edge per unordered
        pair, drawn from the smaller IRI to the larger. ``confidence`` is the highest confidence
        of the fact's non-negated mentions and ``modality`` the most certain of their modalities
        (asserted, reported, future, hypothetical); both are ``None`` for a fact without an
        assertion node. ``evidence`` lists the mentions (dicts with ``text`` (the evidence span),
        ``sentence_text`` (the whole sentence), ``document``, ``title``, ``confidence``,
        ``modality``, ``sentence``, ``assertion``), negated mentions of an otherwise asserted
        fact included. ``graph["events"]`` lists the event mentions (see :func:`_events`), each
        with the node IRIs of its ``sources`` and ``targets``; every node's ``events`` counts
        those it takes part in.
    """
    relations = {str(p) for p in relation_properties().values()}
    symmetric = {str(p) for p in symmetric_properties().values()}

    nodes = _entities(graph)
    assertions = _assertions(graph)
    part_of, identifiers, titles = _documents(graph)
    sentence_texts = {
        str(s): str(o)
        for s, _, o, _ in data_quads(graph, (None, KG.text, None))
        if isinstance(o, Literal)
    }

    candidates = set(relations)
    candidates.update(str(r["p"]) for r in assertions.values() if str(r["p"]).startswith(KG_NS))
    candidates = {p for p in candidates if local_name(p) not in QUALIFIER_PROPERTIES}

    # Fact triples: one look-up per relation property, on rdflib's predicate index.
    facts: dict[tuple[str, str, str], set[str]] = {}
    for p in sorted(candidates):
        known = p in relations
        for s, _, o, context in data_quads(graph, (None, URIRef(p), None)):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            s, o = str(s), str(o)
            if not known and (s not in nodes or o not in nodes):
                continue  # an unknown kg: property that does not link two entities
            docs = facts.setdefault(_edge_key(s, p, o, symmetric), set())
            if context is not None and str(context) in identifiers:
                docs.add(identifiers[str(context)])
            for node in (s, o):
                if node not in nodes:
                    nodes[node] = {"cls": "Thing"}
    context = {
        "part_of": part_of,
        "identifiers": identifiers,
        "titles": titles,
        "texts": sentence_texts,
    }
    events = _events(graph, context)
    for event in events:
        for node in (*event["sources"], *event["targets"]):
            nodes.setdefault(node, {"cls": "Thing"})
    _names(graph, nodes)

    evidence: dict[tuple[str, str, str], dict[tuple, dict[str, Any]]] = defaultdict(dict)
    for iri, record in assertions.items():
        key = _edge_key(str(record["s"]), str(record["p"]), str(record["o"]), symmetric)
        if key not in facts:
            continue
        sentence = str(record["sentence"]) if "sentence" in record else None
        document = part_of.get(sentence) if sentence else None
        if document is not None:
            document_id = identifiers.get(document, shorten(URIRef(document)))
        else:  # no sentence link: the named graph is the document, if it says so
            document = str(record.get("graph"))
            document_id = identifiers.get(document)
        item = {
            "text": _text(record.get("text")),
            "document": document_id,
            "title": titles.get(document) if document else None,
            "confidence": _float(record.get("confidence")),
            "modality": local_name(record["modality"]) if "modality" in record else None,
            "sentence": sentence,
            "sentence_text": sentence_texts.get(sentence) if sentence else None,
            "assertion": iri,
        }
        # A symmetric fact stated both ways in one sentence is one piece of evidence.
        mention = (item["document"], sentence, item["text"], item["modality"])
        seen = evidence[key].get(mention)
        if seen is None or (item["confidence"] or 0.0) > (seen["confidence"] or 0.0):
            evidence[key][mention] = item

    g = nx.MultiDiGraph(events=events)
    taking_part: dict[str, int] = defaultdict(int)
    for event in events:
        for node in {*event["sources"], *event["targets"]}:
            taking_part[node] += 1
    for iri in sorted(nodes):
        attrs = nodes[iri]
        g.add_node(
            iri,
            label=attrs["label"],
            cls=attrs["cls"],
            aliases=attrs["aliases"],
            events=taking_part[iri],
        )

    labels: dict[str, str] = {}
    for key in sorted(facts):
        s, p, o = key
        items = sorted(
            evidence.get(key, {}).values(),
            key=lambda e: (
                e["document"] or "",
                -(e["confidence"] or 0.0),
                e["text"] or "",
                e["assertion"],
            ),
        )
        positive = [e for e in items if e["modality"] != "negated"] or items
        confidences = [e["confidence"] for e in positive if e["confidence"] is not None]
        documents = set(facts[key]) | {e["document"] for e in positive if e["document"]}
        if p not in labels:
            labels[p] = _property_label(p)
        g.add_edge(
            s,
            o,
            key=local_name(p),
            property=local_name(p),
            predicate=p,
            label=labels[p],
            confidence=max(confidences) if confidences else None,
            modality=most_certain(e["modality"] for e in positive if e["modality"]),
            evidence=items,
            documents=sorted(documents),
            symmetric=p in symmetric,
        )

    for node, degree in g.degree():
        g.nodes[node]["degree"] = degree
    return g


# --------------------------------------------------------------------------------------------
# smaller views of the network


class SelectionError(KgError, ValueError):
    """A view selection the graph cannot satisfy: an entity or property it does not have (the
    message names the value and suggests close matches), or an option out of range."""


def _close_matches(value: str, names: Iterable[str], *, n: int = 3) -> list[str]:
    """Names like ``value``: by spelling (difflib), else those containing it, case ignored."""
    by_fold: dict[str, str] = {}
    for name in sorted(names):
        by_fold.setdefault(name.casefold(), name)
    wanted = value.casefold().strip()
    close = difflib.get_close_matches(wanted, list(by_fold), n=n, cutoff=0.6)
    if not close and wanted:
        close = [fold for fold in by_fold if wanted in fold or fold in wanted][:n]
    return [by_fold[fold] for fold in close]


def _unknown(what: str, value: str, names: Iterable[str], where: str) -> SelectionError:
    close = _close_matches(value, names)
    hint = "did you mean " + " or ".join(repr(c) for c in close) if close else "none is close"
    return SelectionError(f"no {what} {value!r} {where}; {hint}")


def _names_list(value: str | Iterable[str] | None) -> list[str]:
    """Option values as a list: a string may hold several, separated by commas."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise SelectionError(f"expected a name, got {item!r}")
        names.extend(part.strip() for part in item.split(",") if part.strip())
    return names


def _resolve_properties(g: nx.MultiDiGraph, names: list[str]) -> set[str]:
    """Local names of the properties asked for, by local name or label, case ignored. The
    ontology's relation properties are known even when the graph has none of them."""
    labels = {name: property_label(name) for name in relation_properties()}
    for _, _, key, attrs in g.edges(keys=True, data=True):
        labels.setdefault(attrs.get("property", key), attrs.get("label") or key)
    known: dict[str, str] = {}  # folded local name or label -> local name
    for local in sorted(labels):
        known.setdefault(local.casefold(), local)
    for local in sorted(labels):
        known.setdefault(labels[local].casefold(), local)
    resolved = set()
    for name in names:
        local = known.get(name.casefold())
        if local is None:
            raise _unknown("property", name, labels, "in the ontology or the graph")
        resolved.add(local)
    return resolved


def _resolve_focus(g: nx.MultiDiGraph, names: list[str]) -> list[str]:
    """Nodes named by each value: by label, else by alias, else by IRI; case ignored."""
    labels: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    for node, attrs in g.nodes(data=True):
        labels[str(attrs.get("label", node)).casefold()].append(node)
        for alias in attrs.get("aliases", ()):
            aliases[str(alias).casefold()].append(node)
    found: list[str] = []
    for name in names:
        fold = name.casefold()
        nodes = labels.get(fold) or aliases.get(fold) or ([name] if name in g else [])
        if not nodes:
            every = [str(a.get("label", n)) for n, a in g.nodes(data=True)]
            every += [str(x) for _, a in g.nodes(data=True) for x in a.get("aliases", ())]
            raise _unknown("entity", name, every, "in the graph")
        found += [n for n in sorted(nodes) if n not in found]
    return found


def subgraph(
    g: nx.MultiDiGraph,
    *,
    focus: str | Iterable[str] | None = None,
    depth: int = 1,
    properties: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    max_nodes: int | None = None,
) -> nx.MultiDiGraph:
    """A smaller network cut from ``g`` for a view: the same nodes and edges, fewer of them.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A network made by :func:`to_networkx`.
    focus : str or iterable of str, optional
        Entities to centre on, each named by its label or an alias (case ignored) or its IRI.
        Only entities within ``depth`` relations of one of them are kept (direction ignored).
    depth : int
        How many relations away from a focus entity to go (0: the focus entities alone).
    properties : str or iterable of str, optional
        Keep only relations of these properties, named by local name (``negotiatesWith``) or
        label (``negotiates with``), case ignored; a string may list several with commas.
    min_confidence : float
        Keep only relations at least this confident (a relation without a confidence is dropped
        when this is above 0).
    max_nodes : int, optional
        Keep at most this many entities: the focus entities, then the most connected (most
        relations in the selection; ties by label).

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (attributes copied), ``degree`` counted in it, and ``graph["selection"]``
        saying what was asked and how large the whole network was. When relations are filtered
        (``properties`` or ``min_confidence``), entities left without one are dropped, focus
        entities excepted.

    Raises
    ------
    SelectionError
        An option out of range, or an entity or property the graph does not have (the message
        names it and suggests close matches).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Hamas", aliases=[]); g.add_node("b", label="Israel", aliases=[])
    >>> g.add_node("c", label="Qatar", aliases=["Doha"])
    >>> g.add_edge("a", "b", key="attacks", property="attacks", confidence=0.9)
    'attacks'
    >>> g.add_edge("c", "a", key="mediates", property="mediates", confidence=0.5)
    'mediates'
    >>> sorted(subgraph(g, focus="doha", depth=1))
    ['a', 'c']
    >>> sorted(subgraph(g, min_confidence=0.8))
    ['a', 'b']
    >>> subgraph(g, focus="Hamass")
    Traceback (most recent call last):
    ...
    kg.outputs.network.SelectionError: no entity 'Hamass' in the graph; did you mean 'Hamas'
    """
    # Options first, before any work.
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise SelectionError(f"depth must be a whole number of 0 or more, not {depth!r}")
    try:
        check_min_confidence(min_confidence)
    except ValueError as exc:
        raise SelectionError(str(exc)) from None
    if max_nodes is not None and (
        isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1
    ):
        raise SelectionError(f"max_nodes must be a whole number of 1 or more, not {max_nodes!r}")
    property_names = _names_list(properties)
    if properties is not None and not property_names:
        raise SelectionError("no property named; give one or more, separated by commas")
    focus_names = [focus] if isinstance(focus, str) else list(focus or [])
    wanted = _resolve_properties(g, property_names) if property_names else None
    centres = _resolve_focus(g, [str(name) for name in focus_names]) if focus_names else []

    def kept(attrs: dict[str, Any]) -> bool:
        if wanted is not None and attrs.get("property") not in wanted:
            return False
        if min_confidence > 0:
            confidence = attrs.get("confidence")
            return confidence is not None and confidence >= min_confidence
        return True

    edges = [(u, v, k) for u, v, k, attrs in g.edges(keys=True, data=True) if kept(attrs)]
    filtered = wanted is not None or min_confidence > 0
    if centres:
        # Who is within `depth` of a focus entity, direction ignored, over the kept relations.
        links = nx.DiGraph()
        links.add_nodes_from(centres)
        links.add_edges_from((u, v) for u, v, _ in edges)
        around = nx.compose_all(
            nx.ego_graph(links, centre, radius=depth, undirected=True) for centre in centres
        )
        nodes = set(around)
    elif filtered:
        nodes = {n for u, v, _ in edges for n in (u, v)}
    else:
        nodes = set(g)
    edges = [(u, v, k) for u, v, k in edges if u in nodes and v in nodes]

    if max_nodes is not None and len(nodes) > max_nodes:
        degree: dict[str, int] = defaultdict(int)
        for u, v, _ in edges:
            degree[u] += 1
            degree[v] += 1
        first = set(centres)
        ranked = sorted(
            nodes,
            key=lambda n: (
                n not in first,
                -degree[n],
                str(g.nodes[n].get("label", n)).casefold(),
                n,
            ),
        )
        nodes = set(ranked[:max_nodes])

    # A copy (attribute dicts copied) in the order of g: filter functions, not node sets,
    # so that networkx walks g's own order rather than a set's.
    chosen = set(edges)
    out = nx.subgraph_view(
        g,
        filter_node=nodes.__contains__,
        filter_edge=lambda u, v, k: (u, v, k) in chosen,
    ).copy()
    out.graph["events"] = [
        event
        for event in g.graph.get("events", [])
        if any(node in nodes for node in (*event["sources"], *event["targets"]))
    ]
    out.graph["selection"] = {
        "focus": [str(g.nodes[n].get("label", n)) for n in centres],
        "depth": depth if centres else None,
        "properties": sorted(wanted) if wanted is not None else None,
        "min_confidence": min_confidence,
        "max_nodes": max_nodes,
        "of_nodes": g.number_of_nodes(),
        "of_edges": g.number_of_edges(),
    }
    for node, count in out.degree():
        out.nodes[node]["degree"] = count
    return out
