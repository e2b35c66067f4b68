"""Interactive HTML view of a kg graph: one self-contained page that works offline.

``render_html`` lays the entity graph out in networkx, describes nodes and edges with pyvis'
``Network`` and writes its own page around them: vis-network's JavaScript and CSS (the copies
pyvis ships) are inlined, nothing is loaded from a CDN and a Content-Security-Policy forbids any
network access. Article text (labels, aliases, evidence) travels as JSON data, escaped so that it
cannot close the ``<script>`` element holding it, and the page turns it into tooltips with
``textContent``: the view shows the text, it never runs it.

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
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.errors import OntologyError, StoreError
from kg.namespace import class_label
from kg.network import to_networkx

__all__ = ["PALETTE", "layout", "render_html", "show"]


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
    """Fruchterman-Reingold in numpy, for components of 500 nodes or more when scipy is absent.

    networkx lays such graphs out with scipy's sparse matrices. This computes the same forces
    (repulsion between all pairs, attraction along edges) in float32 blocks of rows, with one
    matrix product per block instead of an n x n x 2 array: about a second for 2,000 nodes.
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
        for start in range(0, n, block):
            rows = pos[start : start + block]
            # |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, then the repulsion weight k^2 / |a - b|^2
            weight = rows @ pos.T
            weight *= -2.0
            weight += square[None, :]
            weight += square[start : start + block, None]
            np.maximum(weight, 1e-4, out=weight)
            np.divide(k2, weight, out=weight)
            # sum_j (a - b_j) w_j = a * sum_j w_j - sum_j w_j b_j
            disp[start : start + block] = rows * weight.sum(axis=1)[:, None] - weight @ pos
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
    if n < 500 or find_spec("scipy") is not None:
        raw = nx.spring_layout(g, seed=seed)
    else:
        raw = _numpy_spring(g, seed)
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
            "hideEdgesOnDrag": g.number_of_edges() > 1000,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "layout": {"improvedLayout": False, "randomSeed": seed},
    }
    return net


def _legend(g: nx.MultiDiGraph) -> str:
    classes = sorted({attrs.get("cls", "Thing") for _, attrs in g.nodes(data=True)})
    rows = []
    for cls in classes:
        colour, shape = PALETTE.get(cls, UNKNOWN_STYLE)
        name = _class_name(cls) if cls in PALETTE else f"{_class_name(cls)} (other)"
        rows.append(
            f'<li><span class="kg-swatch" style="color:{colour}">{_GLYPHS[shape]}</span>'
            f"{html.escape(name)}</li>"
        )
    n, m = g.number_of_nodes(), g.number_of_edges()
    return (
        f'<p class="kg-counts">{n} entit{"y" if n == 1 else "ies"} \u00b7 '
        f"{m} relation{'' if m == 1 else 's'}</p>"
        f'<ul class="kg-classes">{"".join(rows)}</ul>'
        '<ul class="kg-edges">'
        '<li><span class="kg-line">\u2500\u2500\u25b6</span>relation</li>'
        '<li><span class="kg-line">\u2500\u2500\u2500</span>symmetric relation</li>'
        '<li><span class="kg-line">\u2504\u2504\u25b6</span>hypothetical or future</li>'
        "<li>thicker = more confident</li></ul>"
        '<p class="kg-hint">Hover or click a node or an edge for its evidence.</p>'
    )


_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fmt(c) { return (c === null || c === undefined) ? "?" : Number(c).toFixed(2); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function nodeInfo(k) {
    var box = el("div", "kg-info");
    box.appendChild(el("div", "kg-kind", k.type));
    box.appendChild(el("div", "kg-name", k.label));
    if (k.aliases.length) {
      box.appendChild(el("div", "kg-alias", "also: " + k.aliases.join(" \u00b7 ")));
    }
    box.appendChild(el("div", "kg-meta", plural(k.degree, "relation")));
    box.appendChild(el("div", "kg-iri", k.iri));
    return box;
  }
  function edgeInfo(k, limit) {
    var box = el("div", "kg-info");
    box.appendChild(el("div", "kg-kind", k.label));
    box.appendChild(el("div", "kg-name",
      k.source + (k.symmetric ? " \u2014 " : " \u2192 ") + k.target));
    var meta = "confidence " + fmt(k.confidence) + (k.modality ? " \u00b7 " + k.modality : "") +
      " \u00b7 " + plural(k.documents.length, "document");
    box.appendChild(el("div", "kg-meta", meta));
    var shown = limit ? k.evidence.slice(0, limit) : k.evidence;
    shown.forEach(function (ev) {
      var item = el("div", "kg-evidence");
      item.appendChild(el("div", "kg-quote", ev.text || "(no evidence text)"));
      var source = ev.document || "unknown document";
      if (ev.title) { source += " \u2014 " + ev.title; }
      source += " \u00b7 confidence " + fmt(ev.confidence);
      if (ev.modality) { source += " \u00b7 " + ev.modality; }
      item.appendChild(el("div", "kg-source", source));
      box.appendChild(item);
    });
    if (shown.length < k.evidence.length) {
      box.appendChild(el("div", "kg-meta",
        "\u2026 and " + (k.evidence.length - shown.length) + " more: click the edge"));
    }
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, {title: nodeInfo(n.kg)});
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, {title: edgeInfo(e.kg, 4)});
  }));
  var network = new vis.Network(document.getElementById("kg-network"),
    {nodes: nodes, edges: edges}, data.options);

  var details = document.getElementById("kg-details");
  var body = document.getElementById("kg-details-body");
  function showDetails(box) {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (box) { body.appendChild(box); }
    details.hidden = !box;
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(nodeInfo(nodes.get(params.nodes[0]).kg)); }
    else if (params.edges.length) { showDetails(edgeInfo(edges.get(params.edges[0]).kg, 0)); }
    else { showDetails(null); }
  });
  document.getElementById("kg-details-close").addEventListener("click", function () {
    showDetails(null);
  });
  // Once the layout is settled the picture stays put (and tests know when to look).
  function ready() { window.kgReady = true; }
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      ready();
    });
  } else {
    ready();
  }
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
})();
"""

_PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; font: 13px/1.4 system-ui, sans-serif;
  color: #222; background: #fff; }
#kg-network { position: absolute; inset: 0; }
.kg-panel { position: absolute; z-index: 5; background: rgba(255,255,255,0.94);
  border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.15); }
#kg-legend { top: 10px; left: 10px; max-width: 260px; max-height: calc(100% - 40px);
  overflow: auto; }
#kg-legend h1 { font-size: 15px; margin: 0 0 4px; overflow-wrap: anywhere; }
#kg-legend ul { list-style: none; margin: 4px 0; padding: 0; }
#kg-legend li { margin: 1px 0; }
.kg-counts, .kg-hint { margin: 2px 0; color: #555; }
.kg-swatch { display: inline-block; width: 1.4em; font-size: 15px; }
.kg-line { display: inline-block; width: 3.2em; color: #777; }
#kg-details { right: 10px; bottom: 10px; width: 420px; max-width: calc(100% - 40px);
  max-height: 45%; overflow: auto; }
#kg-details-close { float: right; border: none; background: none; font-size: 16px;
  cursor: pointer; }
div.vis-tooltip { max-width: 420px; white-space: normal; font: 12px/1.4 system-ui, sans-serif;
  padding: 6px 8px; }
.kg-kind { color: #666; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
.kg-name { font-weight: 600; overflow-wrap: anywhere; }
.kg-alias, .kg-meta, .kg-iri { color: #555; overflow-wrap: anywhere; }
.kg-iri { font-size: 11px; color: #888; }
.kg-evidence { margin-top: 6px; border-left: 3px solid #ddd; padding-left: 6px; }
.kg-quote { font-style: italic; overflow-wrap: anywhere; }
.kg-source { color: #666; font-size: 11px; overflow-wrap: anywhere; }
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<meta name="generator" content="kg (vis-network 9.1.2 via pyvis)">
<title>{{title}}</title>
<style>{{vis_css}}</style>
<style>{{page_css}}</style>
</head>
<body>
<div id="kg-network"></div>
<div id="kg-legend" class="kg-panel"><h1>{{title}}</h1>{{legend}}</div>
<div id="kg-details" class="kg-panel" hidden>
<button id="kg-details-close" type="button" aria-label="close">\u00d7</button>
<div id="kg-details-body"></div>
</div>
<script type="application/json" id="kg-data">{{data}}</script>
<script>{{vis_js}}</script>
<script>{{app_js}}</script>
</body>
</html>
"""


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
        A kg graph, or what ``kg.network.to_networkx`` made of one.
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
        physics = g.number_of_nodes() <= PHYSICS_MAX_NODES
    net = _network(g, physics=bool(physics), seed=seed)
    nodes, edges, _, _, _, options = net.get_network_data()
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options), "physics": physics}

    vis_js, vis_css = _vis_assets()
    scripts = {"vis_js": _inline_js(vis_js), "app_js": _inline_js(_APP_JS)}
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
        "page_css": _PAGE_CSS,
        "legend": _legend(g),
        "data": _json_for_html(payload),
        **scripts,
    }
    # One pass, so text put in a slot is never scanned for further slots.
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _TEMPLATE)
    if path is not None:
        target = Path(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    return page


def show(graph: Graph | nx.MultiDiGraph, *, height: int = 650, **kwargs: Any):
    """The view for a notebook: an ``IPython.display.HTML`` holding a sandboxed iframe.

    The page goes into ``srcdoc`` so its scripts run without a file or a server; the sandbox
    lets them run but keeps them away from the notebook. ``kwargs`` go to ``render_html``.
    """
    from IPython.display import HTML

    page = render_html(graph, **kwargs)
    return HTML(  # in a <div>: IPython warns about markup that starts with "<iframe"
        f'<div class="kg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'title="{html.escape(kwargs.get("title", "kg"), quote=True)}"></iframe></div>'
    )
