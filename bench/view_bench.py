"""How fast a large view is made and becomes usable: render time in Python, time to interactive
in the browser.

Generates a seeded random kg graph (2,000 entities, 5,000 relations by default, shaped as
docs/rdf-model.md describes: entities, one named graph per document, an assertion node per fact),
renders it with ``kg.outputs.view.render_html`` and opens the page in headless Chromium (Debian's
/usr/bin/chromium driven by Playwright, never a downloaded browser; the flags of the browser
tests). In the browser every time is counted from navigation start:

* ready       the page's script has parsed the data and built the network (``kgReady``);
* drawn       vis-network has drawn the first frame;
* click       a click on a node has been handled (its details panel is shown);
* hover       the pointer moved onto another node and its tooltip is shown;
* redraw      how long one full redraw of the fitted view takes (a frame while panning).

``interactive`` is the time the click was handled: the page has drawn the graph and answers.
The run fails (exit 1) when it is over the budget (3 s) or the page logs an error.

    .venv/bin/python bench/view_bench.py                 # 2,000 nodes, 5,000 edges
    .venv/bin/python bench/view_bench.py --nodes 500 --edges 1200 --keep out/bench.html
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.outputs.network import to_networkx
from kg.outputs.view import layout, render_html
from kg.rdf.namespace import DEFAULT_BASE, KG

CHROMIUM = Path(os.environ.get("KG_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
BUDGET_SECONDS = 3.0
CLASSES = ("Person", "Organization", "Country", "Place", "ArmedGroup", "GovernmentOrganization")
PROPERTIES = (
    "attacks",
    "negotiatesWith",
    "supports",
    "accuses",
    "meetsWith",
    "leaderOf",
    "mediates",
    "criticizes",
)
MODALITIES = ("asserted", "asserted", "asserted", "reported", "future")


def generate(n_nodes: int, n_edges: int, *, seed: int = 3) -> Dataset:
    """A random graph in kg's RDF model: ``n_edges`` distinct facts between ``n_nodes`` entities,
    spread over one document per 25 facts, each fact with one assertion node and its sentence."""
    if n_nodes < 2 or n_edges > n_nodes * (n_nodes - 1) // 2:
        raise SystemExit(f"cannot draw {n_edges} distinct relations between {n_nodes} entities")
    rnd = random.Random(seed)
    base = DEFAULT_BASE
    ds = Dataset()
    entities = ds.graph(URIRef(base + "graph/entities"))
    nodes = []
    for i in range(n_nodes):
        iri = URIRef(f"{base}entity/entity-{i}")
        entities.add((iri, RDF.type, KG[CLASSES[i % len(CLASSES)]]))
        entities.add((iri, RDFS.label, Literal(f"Entity {i}")))
        nodes.append(iri)
    documents = []
    for i in range(max(1, n_edges // 25)):
        doc = URIRef(f"{base}doc/doc-{i}")
        g = ds.graph(doc)
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.identifier, Literal(f"doc-{i}")))
        g.add((doc, DCTERMS.title, Literal(f"Generated article {i}")))
        documents.append(doc)
    pairs: set[frozenset] = set()
    i = 0
    while i < n_edges:
        s, o = rnd.sample(nodes, 2)
        if frozenset((s, o)) in pairs:  # symmetric facts both ways would collapse into one
            continue
        pairs.add(frozenset((s, o)))
        doc = rnd.choice(documents)
        g = ds.graph(doc)
        p = KG[rnd.choice(PROPERTIES)]
        text = f"{s.rsplit('/', 1)[1]} and {o.rsplit('/', 1)[1]}: sentence {i}."
        sentence = URIRef(f"{doc}/sentence/{i}")
        g.add((sentence, RDF.type, KG.Sentence))
        g.add((sentence, DCTERMS.isPartOf, doc))
        g.add((sentence, KG.text, Literal(text)))
        g.add((s, p, o))
        assertion = URIRef(
            base + "assertion/" + hashlib.sha1(f"{s}|{p}|{o}|{sentence}".encode()).hexdigest()[:20]
        )
        for predicate, value in (
            (RDF.type, KG.Assertion),
            (RDF.subject, s),
            (RDF.predicate, p),
            (RDF.object, o),
            (PROV.wasDerivedFrom, sentence),
            (KG.evidence, Literal(text[:-1])),
            (KG.confidence, Literal(Decimal(rnd.choice(("0.6", "0.7", "0.75", "0.8", "0.9"))))),
            (KG.modality, KG[rnd.choice(MODALITIES)]),
        ):
            g.add((assertion, predicate, value))
        i += 1
    return ds


_CLICK_LISTENER = """() => {
    window.benchClickAt = null;
    kgNetwork.once("click", () => {
        window.requestAnimationFrame(() => { window.benchClickAt = performance.now(); });
    });
}"""

_REDRAW = """() => new Promise(resolve => {
    kgNetwork.fit({animation: false});
    const started = performance.now();
    kgNetwork.once("afterDrawing", () => resolve(performance.now() - started));
    kgNetwork.redraw();
})"""


def _node_on_screen(page, node_id: str) -> tuple[float, float]:
    point = page.evaluate("id => kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id])", node_id)
    box = page.locator("#kg-network").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def measure_browser(path: Path, probe: list[str]) -> dict[str, float | int | list[str]]:
    """Open the page offline in headless Chromium and time it from navigation start (ms)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kg-bench-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport={"width": 1280, "height": 800},
                offline=True,
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                errors: list[str] = []
                requests: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on(
                    "console",
                    lambda m: errors.append(m.text) if m.type in ("error", "warning") else None,
                )
                page.on("request", lambda r: requests.append(r.url))
                page.goto(path.as_uri(), wait_until="commit")
                page.wait_for_function(
                    "() => window.kgReady === true && window.kgDrawnAt > 0", timeout=60_000
                )
                figures: dict[str, float | int | list[str]] = {
                    "ready": page.evaluate("() => window.kgReadyAt"),
                    "drawn": page.evaluate("() => window.kgDrawnAt"),
                }
                page.evaluate(_CLICK_LISTENER)
                page.mouse.click(*_node_on_screen(page, probe[0]))
                page.wait_for_function(
                    "() => window.benchClickAt !== null && !document.getElementById("
                    "'kg-details').hidden",
                    timeout=30_000,
                )
                figures["click"] = page.evaluate("() => window.benchClickAt")
                started = page.evaluate("() => performance.now()")
                page.mouse.move(*_node_on_screen(page, probe[1]))
                page.wait_for_function(
                    "() => !document.getElementById('kg-tooltip').hidden", timeout=30_000
                )
                figures["hover"] = page.evaluate("() => performance.now()") - started
                figures["redraw"] = page.evaluate(_REDRAW)
                figures["nodes_drawn"] = page.evaluate("() => kgNetwork.body.nodeIndices.length")
                figures["edges_drawn"] = page.evaluate("() => kgNetwork.body.edgeIndices.length")
                figures["errors"] = errors
                figures["requests"] = requests
                figures["chromium"] = context.browser.version if context.browser else "?"
                return figures
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=3, help="seed of the generated graph")
    parser.add_argument("--keep", type=Path, help="write the page here (default: a temp file)")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2

    started = time.perf_counter()
    ds = generate(args.nodes, args.edges, seed=args.seed)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    g = to_networkx(ds)
    converted = time.perf_counter() - started
    started = time.perf_counter()
    layout(g)
    laid_out = time.perf_counter() - started
    started = time.perf_counter()
    page = render_html(g, title=f"{args.nodes:,} entities")
    rendered = time.perf_counter() - started

    folder = None
    if args.keep:
        path = args.keep
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        folder = tempfile.mkdtemp(prefix="kg-bench-")
        path = Path(folder) / "view.html"
    path.write_text(page, encoding="utf-8")
    probe = sorted(g, key=lambda n: (-g.degree(n), n))[:2]  # the most connected nodes
    try:
        browser = measure_browser(path, probe)
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    interactive = float(browser["click"]) / 1000
    ok = (
        interactive <= BUDGET_SECONDS
        and not browser["errors"]
        and browser["requests"] == [path.as_uri()]
        and browser["nodes_drawn"] == g.number_of_nodes()
    )
    rows = [
        (
            "graph",
            f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges (seed {args.seed})",
        ),
        ("generate RDF (not part of the view)", f"{generated:.2f} s"),
        ("`to_networkx`", f"{converted:.2f} s"),
        ("`layout` (seeded)", f"{laid_out:.2f} s"),
        ("`render_html` (layout + page)", f"{rendered:.2f} s"),
        ("page size", f"{len(page.encode('utf-8')) / 1e6:.1f} MB"),
        ("browser: network built (`kgReady`)", f"{float(browser['ready']) / 1000:.2f} s"),
        ("browser: first frame drawn", f"{float(browser['drawn']) / 1000:.2f} s"),
        ("browser: first click handled (interactive)", f"**{interactive:.2f} s**"),
        ("browser: hover to tooltip", f"{float(browser['hover']):.0f} ms"),
        ("browser: one redraw of the whole view", f"{float(browser['redraw']):.0f} ms"),
        (
            "drawn / errors / requests",
            f"{browser['nodes_drawn']:,} nodes, {browser['edges_drawn']:,} edges / "
            f"{len(browser['errors'])} / {len(browser['requests'])} (the file)",
        ),
        ("budget", f"interactive within {BUDGET_SECONDS:.0f} s: {'met' if ok else 'NOT MET'}"),
    ]
    print(
        f"Chromium {browser['chromium']} headless, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs\n"
    )
    print("| step | figure |\n|---|---|")
    for step, figure in rows:
        print(f"| {step} | {figure} |")
    for error in browser["errors"]:
        print(f"page error: {error}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
