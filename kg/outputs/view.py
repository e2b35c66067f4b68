"""Interactive HTML view of a kg graph: one self-contained page that works offline.

``render_html`` lays the entity graph out in networkx (seeded: the same graph draws the same),
describes nodes and edges with pyvis' ``Network`` and writes its own page around them, from the
files in ``kg/outputs/templates`` (``view.html``, ``view.css``, ``view.js``). pyvis' own
template loads bootstrap and vis from CDNs; this one inlines vis-network's JavaScript and CSS
(the copies pyvis ships), loads nothing, and a Content-Security-Policy forbids any network access.

The page has a legend that filters by class, filters by property, document and minimum
confidence, a search box that focuses an entity, a physics switch, a tooltip on hover and a
details panel on click (an entity's type, aliases, facts and event mentions; a relation's evidence
sentences with their document, confidence and modality). The event mentions, one-sided ones
included, are also listed by PLOVER type in the panel on the left. Article text (labels,
aliases, evidence, triggers, titles) travels as JSON data, escaped so that it cannot close the
``<script>`` element holding it, and the page only ever puts it into the document with
``textContent``: the view shows the text, it never runs it. ``show`` wraps the page for a
notebook.

>>> from rdflib import Dataset
>>> "vis.Network" in render_html(Dataset())
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.atomic import write_atomically
from kg.errors import OntologyError
from kg.outputs.network import subgraph, to_networkx
from kg.rdf.namespace import class_label

__all__ = ["PALETTE", "SELECTION_OPTIONS", "layout", "render_html", "show"]


def _class_name(cls: str) -> str:
    """The ontology's label of a class, else its local name (a class kg.ttl does not declare)."""
    try:
        return class_label(cls)
    except OntologyError:
        return cls


#: Colour and vis-network shape of each ontology class (by local name).
PALETTE: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "PersonGroup": ("#a0cbe8", "dot"),
    "Organization": ("#f28e2b", "square"),
    "GovernmentOrganization": ("#e15759", "square"),
    "InternationalOrganization": ("#ffbe7d", "square"),
    "MediaOrganization": ("#d4a6c8", "square"),
    "ArmedGroup": ("#9d2c2c", "hexagon"),
    "Country": ("#59a14f", "diamond"),
    "Place": ("#8cd17d", "triangle"),
    "Event": ("#edc948", "star"),
    "Position": ("#b07aa1", "triangleDown"),
    "Designation": ("#9c755f", "triangleDown"),
    "Topic": ("#76b7b2", "hexagon"),
    "Actor": ("#79706e", "dot"),
}
#: Colour and shape of a class missing from the palette.
UNKNOWN_STYLE = ("#b0b0b0", "dot")
#: Above this many nodes physics is off unless asked for (vis freezes near 1,000 with it on).
PHYSICS_MAX_NODES = 300
#: Pixels between neighbouring nodes, roughly.
NODE_SPACING = 70.0

_GLYPHS = {
    "dot": "\u25cf",
    "square": "\u25a0",
    "diamond": "\u25c6",
    "triangle": "\u25b2",
    "triangleDown": "\u25bc",
    "hexagon": "\u2b22",
    "star": "\u2605",
}
_DASHED_MODALITIES = frozenset({"hypothetical", "future"})


# --------------------------------------------------------------------------------------------
# layout


def _numpy_spring(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold in numpy, for components of 500 nodes or more.

    networkx lays such graphs out with scipy (sparse or energy-based). This computes the same forces
    (repulsion between all pairs, attraction along edges) in float32 blocks of rows, with outer
    products per block instead of an n x n x 2 array: about half a second for 2,000 nodes.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2)).astype(np.float32)
    k2 = np.float32(1.0 / n)  # k = sqrt(area / n) on the unit square
    k = np.float32(math.sqrt(1.0 / n))
    iterations = 50 if n <= 2000 else max(25, 100_000 // n)
    t = 0.1
    dt = t / (iterations + 1)
    block = max(1, 4_000_000 // n)
    for _ in range(iterations):
        disp = np.empty((n, 2), dtype=np.float32)
        square = (pos**2).sum(axis=1)
        xs, ys = pos[:, 0].copy(), pos[:, 1].copy()
        for start in range(0, n, block):
            rows = pos[start : start + block]
            # |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, then the repulsion weight k^2 / |a - b|^2.
            # a.b as two outer products, not a (rows x 2) @ (2 x n) matrix product: BLAS
            # threads gain nothing with an inner dimension of 2 and, on a busy machine, made
            # the layout three times slower.
            weight = np.multiply.outer(rows[:, 0], xs)
            weight += np.multiply.outer(rows[:, 1], ys)
            weight *= -2.0
            weight += square[None, :]
            weight += square[start : start + block, None]
            np.maximum(weight, 1e-4, out=weight)
            np.divide(k2, weight, out=weight)
            # sum_j (a - b_j) w_j = a * sum_j w_j - sum_j w_j b_j
            pull = np.stack((weight.dot(xs), weight.dot(ys)), axis=1)
            disp[start : start + block] = rows * weight.sum(axis=1)[:, None] - pull
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.maximum(np.sqrt((delta**2).sum(axis=-1)), 1e-2)
            pull = delta * (dist / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.sqrt((disp**2).sum(axis=-1)), 1e-2)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}


def _component_positions(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Positions of one connected component, centred on 0 and within radius 1."""
    n = len(g)
    if n == 1:
        return {next(iter(g)): (0.0, 0.0)}
    # networkx's spring layout below 500 nodes. From 500 on it needs scipy, and on the 2,000-node
    # graph of bench/view_bench.py both its methods (energy, sparse forces) took 5 to 35 times as
    # long as _numpy_spring: 12-39 s against 0.7-5 s in several runs of bench/layout_bench.py on
    # a shared 2-CPU VM. kg keeps its own there.
    raw = nx.spring_layout(g, seed=seed) if n < 500 else _numpy_spring(g, seed)
    cx = sum(p[0] for p in raw.values()) / n
    cy = sum(p[1] for p in raw.values()) / n
    radius = max(math.hypot(p[0] - cx, p[1] - cy) for p in raw.values()) or 1.0
    return {node: ((p[0] - cx) / radius, (p[1] - cy) / radius) for node, p in raw.items()}


def layout(g: nx.Graph, *, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Fixed pixel positions for every node: a spring layout per connected component, the
    components packed in rows from the largest down. The same graph and seed give the same
    positions (rounded to 0.1 px)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in g.edges() if u != v}))
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0])
    )
    boxes = []
    for component in components:
        sub = nx.Graph()
        sub.add_nodes_from(component)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in simple.subgraph(component).edges()))
        radius = NODE_SPACING * math.sqrt(len(component)) if len(component) > 1 else 0.0
        boxes.append((component, _component_positions(sub, seed), radius))

    sizes = [2 * radius + NODE_SPACING * 1.5 for _, _, radius in boxes]
    row_width = max([*sizes, 1.3 * math.sqrt(sum(s * s for s in sizes))], default=0.0)
    positions: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for (component, pos, radius), size in zip(boxes, sizes, strict=True):
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        for node in component:
            px, py = pos[node]
            positions[node] = (cx + px * radius, cy + py * radius)
        x += size
        row_height = max(row_height, size)
    if positions:
        mx = (min(p[0] for p in positions.values()) + max(p[0] for p in positions.values())) / 2
        my = (min(p[1] for p in positions.values()) + max(p[1] for p in positions.values())) / 2
        positions = {n: (round(p[0] - mx, 1), round(p[1] - my, 1)) for n, p in positions.items()}
    return positions


# --------------------------------------------------------------------------------------------
# page


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JavaScript and CSS, as shipped inside pyvis."""
    from importlib.resources import files

    root = files("pyvis")
    for folder in ("lib/vis-9.1.2", "templates/lib/vis-9.1.2"):
        js, css = root / folder / "vis-network.min.js", root / folder / "vis-network.css"
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise FileNotFoundError("vis-network 9.1.2 is missing from the installed pyvis package")


def _inline_js(code: str) -> str:
    """Code that cannot end its <script> element early (only strings/regexes could hold these)."""
    return re.sub(r"<(/script|!--)", r"<\\\1", code, flags=re.IGNORECASE)


def _inline_css(code: str) -> str:
    return re.sub(r"</style", r"<\\/style", code, flags=re.IGNORECASE)


def _json_for_html(data: Any) -> str:
    """JSON that stays inert inside an HTML <script> element, whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _csp_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _network(g: nx.MultiDiGraph, *, physics: bool, seed: int):
    """A pyvis Network holding the drawn nodes and edges (positions fixed by ``layout``)."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    positions = layout(g, seed=seed)
    for node in sorted(g):
        attrs = g.nodes[node]
        cls = attrs.get("cls", "Thing")
        colour, shape = PALETTE.get(cls, UNKNOWN_STYLE)
        degree = int(attrs.get("degree", g.degree(node)))
        x, y = positions[node]
        net.add_node(
            node,
            label=_short(attrs.get("label", node)),
            shape=shape,
            color=colour,
            size=round(min(10 + 5 * math.sqrt(degree), 48), 1),
            x=x,
            y=y,
            kg={
                "type": _class_name(cls),
                "cls": cls,
                "label": attrs.get("label", node),
                "aliases": list(attrs.get("aliases", [])),
                "degree": degree,
                "iri": node,
            },
        )

    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    siblings: dict[tuple[str, str], int] = {}
    for s, o, _, _ in edges:
        pair = (min(s, o), max(s, o))
        siblings[pair] = siblings.get(pair, 0) + 1
    seen: dict[tuple[str, str], int] = {}
    for number, (s, o, key, attrs) in enumerate(edges):
        pair = (min(s, o), max(s, o))
        rank = seen[pair] = seen.get(pair, -1) + 1
        symmetric = bool(attrs.get("symmetric"))
        confidence = attrs.get("confidence")
        options: dict[str, Any] = {
            "id": f"e{number}",
            "label": attrs.get("label", key),
            "width": round(1 + 2.5 * (confidence if confidence is not None else 0.5), 2),
            "dashes": attrs.get("modality") in _DASHED_MODALITIES,
            "arrows": {"to": {"enabled": False}} if symmetric else "to",
            "kg": {
                "source": g.nodes[s].get("label", s),
                "target": g.nodes[o].get("label", o),
                "label": attrs.get("label", key),
                "property": attrs.get("property", key),
                "symmetric": symmetric,
                "confidence": confidence,
                "modality": attrs.get("modality"),
                "documents": list(attrs.get("documents", [])),
                "evidence": [
                    {
                        "text": ev.get("text"),
                        "sentence": ev.get("sentence_text"),
                        "document": ev.get("document"),
                        "title": ev.get("title"),
                        "confidence": ev.get("confidence"),
                        "modality": ev.get("modality"),
                    }
                    for ev in attrs.get("evidence", [])
                ],
            },
        }
        if siblings[pair] > 1 or s == o:  # parallel edges: bend each one differently
            options["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if s <= o else "curvedCCW",
                "roundness": round(0.15 + 0.2 * rank, 2),
            }
        net.add_edge(s, o, **options)

    large = g.number_of_edges() > 1000
    net.options = {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "smooth": False,
            "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
            "color": {"color": "#a0a4a8", "highlight": "#333333", "hover": "#333333"},
            "arrows": {"to": {"scaleFactor": 0.6}},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "springLength": 140,
                "springConstant": 0.03,
                "avoidOverlap": 0.2,
            },
            "stabilization": {"enabled": physics, "iterations": 200, "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "layout": {"improvedLayout": False, "randomSeed": seed},
    }
    return net


def _catalogue(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """What the legend and the filters list: classes, properties and documents, with counts."""
    classes: dict[str, int] = defaultdict(int)
    for _, attrs in g.nodes(data=True):
        classes[attrs.get("cls", "Thing")] += 1
    properties: dict[str, dict[str, Any]] = {}
    documents: dict[str, dict[str, Any]] = {}
    for _, _, key, attrs in g.edges(keys=True, data=True):
        name = attrs.get("property", key)
        entry = properties.setdefault(
            name,
            {"id": name, "label": attrs.get("label", name), "count": 0, "symmetric": False},
        )
        entry["count"] += 1
        entry["symmetric"] = entry["symmetric"] or bool(attrs.get("symmetric"))
        titles = {ev.get("document"): ev.get("title") for ev in attrs.get("evidence", [])}
        for document in attrs.get("documents", []):
            doc = documents.setdefault(document, {"id": document, "title": None, "count": 0})
            doc["count"] += 1
            doc["title"] = doc["title"] or titles.get(document)
    return {
        "classes": [
            {
                "id": cls,
                "label": _class_name(cls) if cls in PALETTE else f"{_class_name(cls)} (other)",
                "colour": PALETTE.get(cls, UNKNOWN_STYLE)[0],
                "glyph": _GLYPHS[PALETTE.get(cls, UNKNOWN_STYLE)[1]],
                "count": n,
            }
            for cls, n in sorted(classes.items(), key=lambda item: (-item[1], item[0]))
        ],
        "properties": sorted(properties.values(), key=lambda p: (p["label"].casefold(), p["id"])),
        "documents": [documents[d] for d in sorted(documents)],
    }


def _events(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The event mentions for the page, their actors named by node id, and the count per type."""
    events = []
    types: dict[str, dict[str, Any]] = {}
    for event in g.graph.get("events", []):
        sources = [n for n in event["sources"] if n in g]
        targets = [n for n in event["targets"] if n in g]
        place = event.get("place")
        events.append(
            {
                "id": event["id"],
                "type": event["type"],
                "trigger": event["trigger"],
                "text": event["text"],
                "sentence": event["sentence_text"],
                "document": event["document"],
                "title": event["title"],
                "confidence": event["confidence"],
                "modality": event["modality"],
                "theme": event["theme"],
                "date": event["date"],
                "place": g.nodes[place].get("label", place) if place in g else place,
                "sources": sources,
                "targets": targets,
                "oneSided": not (event["sources"] and event["targets"]),
            }
        )
        types.setdefault(event["type"], {"id": event["type"], "count": 0})["count"] += 1
    return {"events": events, "eventTypes": [types[name] for name in sorted(types, key=str)]}


def _selection_text(g: nx.MultiDiGraph) -> str | None:
    """One line saying which part of a larger graph this is (see ``network.subgraph``)."""
    chosen = g.graph.get("selection")
    if not chosen:
        return None
    parts = []
    if chosen.get("focus"):
        parts.append(f"around {', '.join(chosen['focus'])} (depth {chosen['depth']})")
    if chosen.get("properties") is not None:
        parts.append("relations " + ", ".join(chosen["properties"]))
    if chosen.get("min_confidence"):
        parts.append(f"confidence \u2265 {chosen['min_confidence']:.2f}")
    if chosen.get("max_nodes") is not None:
        parts.append(f"at most {chosen['max_nodes']:,} entities, the most connected")
    if not parts:
        return None
    whole = f"{chosen['of_nodes']:,} entities and {chosen['of_edges']:,} relations"
    return f"A selection of the graph's {whole}: " + "; ".join(parts) + "."


@lru_cache(maxsize=8)
def _template(name: str) -> str:
    """A file of ``kg/outputs/templates`` (the page, its style sheet, its script)."""
    from importlib.resources import files

    return (files("kg.outputs") / "templates" / name).read_text(encoding="utf-8")


def render_html(
    graph: Graph | nx.MultiDiGraph,
    path: str | Path | None = None,
    *,
    title: str = "kg",
    physics: bool | None = None,
    seed: int = 7,
) -> str:
    """The graph as one self-contained interactive HTML page.

    Parameters
    ----------
    graph : rdflib.Dataset, rdflib.Graph or networkx.MultiDiGraph
        A kg graph, or what ``network.to_networkx`` (or ``network.subgraph``) made of one.
    path : str or Path, optional
        Where to write the page (UTF-8); parent folders are created.
    title : str
        Page title and legend heading.
    physics : bool, optional
        Let vis-network's physics settle the layout in the browser. ``None`` (default): on up to
        300 nodes, off above (the networkx layout is drawn as it is).
    seed : int
        Seed of the networkx layout: the same graph and seed give byte-identical HTML.

    Returns
    -------
    str
        The HTML page.
    """
    g = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    if physics is None:
        physics = 0 < g.number_of_nodes() <= PHYSICS_MAX_NODES
    net = _network(g, physics=bool(physics), seed=seed)
    nodes, edges, _, _, _, options = net.get_network_data()
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "physics": bool(physics),
        "selection": _selection_text(g),
        **_catalogue(g),
        **_events(g),
    }

    vis_js, vis_css = _vis_assets()
    scripts = {"vis_js": _inline_js(vis_js), "app_js": _inline_js(_template("view.js"))}
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(code) for code in scripts.values()),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    parts = {
        "csp": csp,
        "title": html.escape(title),
        "vis_css": _inline_css(vis_css),
        "page_css": _inline_css(_template("view.css")),
        "data": _json_for_html(payload),
        **scripts,
    }
    # One pass, so text put in a slot is never scanned for further slots.
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _template("view.html"))
    if path is not None:
        write_atomically(path, page)
    return page


#: Keyword arguments of ``show`` that select part of the graph (``kg.outputs.network.subgraph``).
SELECTION_OPTIONS = ("focus", "depth", "properties", "min_confidence", "max_nodes")


def show(graph: Graph | nx.MultiDiGraph, *, height: int = 650, **kwargs: Any):
    """The view for a notebook: an ``IPython.display.HTML`` holding a sandboxed iframe.

    The page goes into ``srcdoc`` so its scripts run without a file or a server; the sandbox
    lets them run but keeps them away from the notebook. ``focus``, ``depth``, ``properties``,
    ``min_confidence`` and ``max_nodes`` select part of the graph (see
    ``kg.outputs.network.subgraph``); the other ``kwargs`` go to ``render_html``::

        show(result.dataset, focus="Hamas", depth=2)
    """
    from IPython.display import HTML

    selection = {k: kwargs.pop(k) for k in SELECTION_OPTIONS if k in kwargs}
    if selection:
        g = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
        graph = subgraph(g, **selection)
    page = render_html(graph, **kwargs)
    return HTML(  # in a <div>: IPython warns about markup that starts with "<iframe"
        f'<div class="kg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'title="{html.escape(kwargs.get("title", "kg"), quote=True)}"></iframe></div>'
    )
