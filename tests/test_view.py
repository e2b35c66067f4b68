"""kg.network (RDF -> networkx) and kg.view (self-contained HTML), on graphs built by hand.

The graphs follow docs/rdf-model.md: entities in kgd:graph/entities, facts and assertion nodes in
one named graph per document. Browser tests drive Debian's Chromium through Playwright and are
skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.network import to_networkx
from kg.view import PHYSICS_MAX_NODES, _vis_assets, layout, render_html, show

try:
    from browser import chromium_page
except ImportError:  # tests/ imported as a package
    from tests.browser import chromium_page

KG = Namespace("https://w3id.org/kgnews/ontology#")
KGD = Namespace("https://w3id.org/kgnews/id/")
ARTIFACTS = Path(__file__).parent / "artifacts"

INJECTION = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
EVIL_TEXT = (
    "Evil said </script><img src=x onerror=\"alert('ev')\"> & <b>bold</b> "
    "<svg onload=alert(3)> --> <!-- end"
)


# --------------------------------------------------------------------------------------------
# a graph written by hand, the way kg.graph writes it


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
    return f"{slug}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


class GraphBuilder:
    """A few calls -> a Dataset shaped as docs/rdf-model.md describes."""

    def __init__(self) -> None:
        self.ds = Dataset()
        self.entities = self.ds.graph(KGD["graph/entities"])
        self.sentences: dict[tuple[URIRef, str], URIRef] = {}

    def entity(self, label: str, cls: str, *aliases: str) -> URIRef:
        iri = KGD[f"entity/{_slug(label)}"]
        self.entities.add((iri, RDF.type, KG[cls]))
        self.entities.add((iri, RDFS.label, Literal(label)))
        for alias in aliases:
            self.entities.add((iri, SKOS.altLabel, Literal(alias)))
        return iri

    def document(self, identifier: str, title: str | None = None) -> URIRef:
        iri = KGD[f"doc/{_slug(identifier)}"]
        g = self.ds.graph(iri)
        g.add((iri, RDF.type, KG.Document))
        g.add((iri, DCTERMS.identifier, Literal(identifier)))
        if title is not None:
            g.add((iri, DCTERMS.title, Literal(title)))
        return iri

    def fact(
        self,
        s: URIRef,
        prop: str,
        o: URIRef,
        doc: URIRef,
        text: str,
        *,
        confidence: float = 0.8,
        modality: str = "asserted",
    ) -> URIRef:
        g = self.ds.graph(doc)
        if (doc, text) not in self.sentences:
            sentence = URIRef(f"{doc}/sentence/{len(self.sentences)}")
            self.sentences[(doc, text)] = sentence
            g.add((sentence, RDF.type, KG.Sentence))
            g.add((sentence, DCTERMS.isPartOf, doc))
            g.add((sentence, KG.text, Literal(text)))
        sentence = self.sentences[(doc, text)]
        p = KG[prop]
        if modality != "negated":
            g.add((s, p, o))
        digest = hashlib.sha1(f"{s}|{p}|{o}|{sentence}".encode()).hexdigest()[:18]
        a = KGD[f"assertion/{digest}"]
        for pred, value in (
            (RDF.type, KG.Assertion),
            (RDF.subject, s),
            (RDF.predicate, p),
            (RDF.object, o),
            (PROV.wasDerivedFrom, sentence),
            (KG.evidence, Literal(text)),
            (KG.startOffset, Literal(0)),
            (KG.endOffset, Literal(len(text))),
            (KG.rule, Literal("test.v1")),
            (KG.confidence, Literal(Decimal(str(confidence)))),  # xsd:decimal
            (KG.modality, KG[modality]),
        ):
            g.add((a, pred, value))
        return a


def seed_graph() -> tuple[Dataset, dict[str, URIRef]]:
    """Six entities (one without relations), two documents, five asserted facts."""
    b = GraphBuilder()
    e = {
        "us": b.entity("United States", "Country", "U.S.", "US"),
        "hamas": b.entity("Hamas", "ArmedGroup"),
        "boehler": b.entity("Adam Boehler", "Person", "Boehler"),
        "affairs": b.entity("hostage affairs", "Topic"),
        "israel": b.entity("Israel", "Country"),
        "qatar": b.entity("Qatar", "Country"),
    }
    d1 = b.document("000_talks", "U.S. held secret talks with Hamas")
    d2 = b.document("001_followup")
    b.fact(
        e["us"], "negotiatesWith", e["hamas"], d1, "The U.S. held talks with Hamas.", confidence=0.9
    )
    b.fact(
        e["hamas"],
        "negotiatesWith",
        e["us"],
        d2,
        "Hamas said it negotiated with Washington.",
        confidence=0.7,
        modality="reported",
    )
    b.fact(
        e["boehler"], "envoyFor", e["affairs"], d1, "Adam Boehler, the envoy for hostage affairs"
    )
    b.fact(e["hamas"], "attacks", e["israel"], d1, "Hamas attacked Israel.", confidence=0.95)
    b.fact(e["hamas"], "ceasefireWith", e["israel"], d2, "A truce between Israel and Hamas.")
    b.fact(
        e["israel"],
        "ceasefireWith",
        e["hamas"],
        d2,
        "Israel has not agreed to a ceasefire with Hamas.",
        confidence=0.99,
        modality="negated",
    )
    # Denied only: the triple is never asserted, so there is no edge.
    b.fact(e["us"], "attacks", e["qatar"], d2, "The U.S. did not attack Qatar.", modality="negated")
    return b.ds, e


def injection_graph() -> Dataset:
    b = GraphBuilder()
    evil = b.entity(INJECTION, "Person", "<b>alias</b>")
    victim = b.entity("Victim & Co <i>", "Organization")
    doc = b.document("evil<doc>", "</title><script>alert('title')</script>")
    b.fact(evil, "threatens", victim, doc, EVIL_TEXT, confidence=0.6)
    return b.ds


def big_graph(n_nodes: int, n_edges: int, seed: int = 3) -> Dataset:
    import random

    rnd = random.Random(seed)
    b = GraphBuilder()
    classes = ["Person", "Organization", "Country", "Place", "ArmedGroup"]
    nodes = [b.entity(f"Entity {i}", classes[i % len(classes)]) for i in range(n_nodes)]
    docs = [b.document(f"doc{i}", f"Title {i}") for i in range(max(1, n_edges // 25))]
    props = ["attacks", "negotiatesWith", "supports", "accuses", "meetsWith", "leaderOf"]
    for i in range(n_edges):
        s, o = rnd.sample(nodes, 2)
        b.fact(s, rnd.choice(props), o, rnd.choice(docs), f"Sentence {i}.", confidence=0.5)
    return b.ds


# --------------------------------------------------------------------------------------------
# to_networkx


def test_nodes_are_entities_with_label_class_aliases():
    ds, e = seed_graph()
    g = to_networkx(ds)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == 6  # documents, sentences and assertions are not nodes
    us = g.nodes[str(e["us"])]
    assert us["label"] == "United States"
    assert us["cls"] == "Country"
    assert us["aliases"] == ["U.S.", "US"]
    assert g.nodes[str(e["qatar"])]["degree"] == 0  # the denied attack is no edge
    assert g.nodes[str(e["hamas"])]["degree"] == 3


def test_edges_are_asserted_facts_and_symmetric_ones_are_kept_once():
    ds, e = seed_graph()
    g = to_networkx(ds)
    facts = sorted((g.nodes[s]["label"], k, g.nodes[o]["label"]) for s, o, k in g.edges(keys=True))
    assert facts == [
        ("Adam Boehler", "envoyFor", "hostage affairs"),
        ("Hamas", "attacks", "Israel"),
        ("Hamas", "ceasefireWith", "Israel"),
        ("Hamas", "negotiatesWith", "United States"),
    ]
    us, hamas = str(e["us"]), str(e["hamas"])
    assert g.number_of_edges(us, hamas) + g.number_of_edges(hamas, us) == 1
    edge = next(iter(g.get_edge_data(hamas, us).values()))
    assert edge["symmetric"] is True
    assert edge["property"] == "negotiatesWith"
    assert edge["label"] == "negotiates with"
    assert edge["documents"] == ["000_talks", "001_followup"]
    assert edge["confidence"] == pytest.approx(0.9)  # max over both mentions
    assert edge["modality"] == "asserted"  # the more certain of asserted / reported
    attack = g.get_edge_data(hamas, str(e["israel"]))["attacks"]
    assert attack["symmetric"] is False


def test_evidence_is_attached_with_document_title_confidence_modality():
    ds, e = seed_graph()
    g = to_networkx(ds)
    edge = g.get_edge_data(str(e["hamas"]), str(e["us"]))["negotiatesWith"]
    evidence = [
        {k: ev[k] for k in ("text", "document", "title", "modality")} for ev in edge["evidence"]
    ]
    assert evidence == [
        {
            "text": "The U.S. held talks with Hamas.",
            "document": "000_talks",
            "title": "U.S. held secret talks with Hamas",
            "modality": "asserted",
        },
        {
            "text": "Hamas said it negotiated with Washington.",
            "document": "001_followup",
            "title": None,
            "modality": "reported",
        },
    ]
    assert [ev["confidence"] for ev in edge["evidence"]] == [pytest.approx(0.9), pytest.approx(0.7)]
    assert all(ev["sentence"] and ev["assertion"] for ev in edge["evidence"])


def test_a_denial_is_shown_as_evidence_but_does_not_raise_confidence():
    ds, e = seed_graph()
    g = to_networkx(ds)
    truce = g.get_edge_data(str(e["hamas"]), str(e["israel"]))["ceasefireWith"]
    assert sorted(ev["modality"] for ev in truce["evidence"]) == ["asserted", "negated"]
    assert truce["confidence"] == pytest.approx(0.8)
    assert truce["modality"] == "asserted"


def test_a_plain_union_graph_gives_the_same_network():
    ds, _ = seed_graph()
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    a, b = to_networkx(ds), to_networkx(union)
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))
    assert a.edges[next(iter(a.edges(keys=True)))]["evidence"]


def test_the_ontology_loaded_alongside_adds_no_nodes():
    from kg.namespace import load_ontology

    ds, _ = seed_graph()
    before = to_networkx(ds)
    schema = ds.graph(URIRef("https://w3id.org/kgnews/ontology"))
    for triple in load_ontology():
        schema.add(triple)
    after = to_networkx(ds)
    assert sorted(after.nodes) == sorted(before.nodes)
    assert sorted(after.edges(keys=True)) == sorted(before.edges(keys=True))


def test_a_property_missing_from_the_ontology_still_links_entities():
    b = GraphBuilder()
    x, y = b.entity("Xland", "Country"), b.entity("Yland", "Country")
    doc = b.document("d")
    b.fact(x, "holdsTalksWith", y, doc, "Xland holds talks with Yland.")
    g = to_networkx(b.ds)
    edge = g.get_edge_data(str(x), str(y))["holdsTalksWith"]
    assert edge["label"] == "holds talks with"


def test_to_networkx_is_fast_on_5000_edges():
    ds = big_graph(2000, 5000)
    start = time.perf_counter()
    g = to_networkx(ds)
    elapsed = time.perf_counter() - start
    assert g.number_of_nodes() == 2000
    assert 4900 <= g.number_of_edges() <= 5000  # a few symmetric pairs drawn twice collapse
    assert elapsed < 2.0, f"to_networkx took {elapsed:.2f}s"  # ~0.25s here; slack for CI


# --------------------------------------------------------------------------------------------
# render_html


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_page_is_self_contained_with_vis_network_inline(tmp_path):
    ds, _ = seed_graph()
    out = tmp_path / "sub" / "graph.html"
    page = render_html(ds, out, title="Seed")
    assert out.read_text(encoding="utf-8") == page
    attributes = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page, re.I)
    assert not [a for a in attributes if re.match(r"(https?:)?//", a, re.I)], attributes
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "bootstrap" not in page.lower()
    vis_js, vis_css = _vis_assets()
    assert vis_js[:2000] in page and vis_js[-2000:] in page
    assert vis_css[:500] in page
    assert "default-src 'none'" in page  # the CSP forbids any fetch
    data = _data(page)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 4


def test_nodes_and_edges_are_styled_from_the_graph():
    ds, e = seed_graph()
    data = _data(render_html(ds))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[str(e["us"])]["shape"] == "diamond"
    assert nodes[str(e["boehler"])]["shape"] == "dot"
    assert nodes[str(e["hamas"])]["size"] > nodes[str(e["qatar"])]["size"]  # size by degree
    assert nodes[str(e["us"])]["kg"]["aliases"] == ["U.S.", "US"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes.values())
    edges = {e_["kg"]["property"]: e_ for e_ in data["edges"]}
    assert edges["attacks"]["arrows"] == "to"
    assert edges["negotiatesWith"]["arrows"] == {"to": {"enabled": False}}
    assert edges["negotiatesWith"]["label"] == "negotiates with"
    assert len(edges["negotiatesWith"]["kg"]["evidence"]) == 2
    assert data["options"]["physics"]["enabled"] is True  # small graph: physics on


def test_physics_is_off_above_the_threshold_unless_asked():
    ds = big_graph(PHYSICS_MAX_NODES + 20, 400)
    assert _data(render_html(ds))["options"]["physics"]["enabled"] is False
    assert _data(render_html(ds, physics=True))["options"]["physics"]["enabled"] is True
    small, _ = seed_graph()
    assert _data(render_html(small, physics=False))["options"]["physics"]["enabled"] is False


def test_same_graph_same_bytes():
    first = render_html(seed_graph()[0], seed=11)
    second = render_html(seed_graph()[0], seed=11)  # rebuilt from scratch
    assert first.encode() == second.encode()
    assert render_html(seed_graph()[0], seed=12) != first


def test_layout_is_deterministic_and_spreads_nodes():
    g = to_networkx(big_graph(600, 900))
    a, b = layout(g, seed=5), layout(g, seed=5)
    assert a == b and set(a) == set(g)
    assert len(set(a.values())) == len(a)


def test_article_text_cannot_break_out_of_the_page():
    page = render_html(injection_graph(), title="<script>alert('t')</script>")
    ours = page.replace(_vis_assets()[0], "")  # vis-network's own code aside
    # Exactly the page's own script elements, all closed by their own end tag.
    assert len(re.findall(r"<script\b", ours, re.I)) == 3
    assert len(re.findall(r"</script", ours, re.I)) == 3
    for raw in ("<img", "<svg", "<b>", "<i>", "<!-- end", "</title><script"):
        assert raw not in ours
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in page  # the title, escaped
    data = _data(page)  # ... and the text itself survives, as data
    assert {n["kg"]["label"] for n in data["nodes"]} == {INJECTION, "Victim & Co <i>"}
    assert data["edges"][0]["kg"]["evidence"][0]["text"] == EVIL_TEXT
    assert "\\u003cimg src=x onerror=alert(1)\\u003e\\u003c/script\\u003e" in page


def test_show_embeds_the_page_in_a_sandboxed_iframe():
    pytest.importorskip("IPython")
    shown = show(injection_graph(), height=400)
    markup = shown.data
    assert markup.startswith('<div class="kg-view"><iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in markup and "height:400px" in markup
    assert "<script" not in markup  # all of the page is inside the escaped attribute
    assert markup.count('"') == 10  # class, srcdoc, sandbox, style, title: nothing escapes srcdoc


def test_view_never_imports_spacy(tmp_path):
    code = (
        "import sys; from rdflib import Dataset; import kg.view, kg.network; "
        f"kg.view.render_html(Dataset(), {str(tmp_path / 'v.html')!r}); "
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# in a real browser (headless Chromium, offline)


def _open(page, path: Path) -> dict[str, list]:
    seen: dict[str, list] = {"errors": [], "requests": [], "dialogs": []}
    page.on(
        "console",
        lambda m: seen["errors"].append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri())
    page.wait_for_function("window.kgReady === true", timeout=20_000)
    return seen


def _screen_position(page, node_id: str) -> tuple[float, float]:
    point = page.evaluate("id => kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id])", node_id)
    box = page.locator("#kg-network").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def test_browser_draws_every_node_offline(tmp_path):
    ds, e = seed_graph()
    g = to_networkx(ds)
    out = tmp_path / "seed.html"
    render_html(ds, out, title="Seed graph")
    with chromium_page() as page:
        seen = _open(page, out)
        counts = page.evaluate(
            "[kgNodes.length, kgEdges.length, Object.keys(kgNetwork.body.nodes).length]"
        )
        assert counts == [g.number_of_nodes(), g.number_of_edges(), g.number_of_nodes()]
        assert page.locator("#kg-legend").inner_text().count("country") == 1
        # Hover United States: its tooltip lists its aliases.
        page.mouse.move(*_screen_position(page, str(e["us"])))
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert "also: U.S. \u00b7 US" in tooltip.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view-seed.png"))
    assert seen["errors"] == []
    assert seen["requests"] == [out.as_uri()]
    assert seen["dialogs"] == []


def test_browser_shows_injected_text_and_runs_none_of_it(tmp_path):
    out = tmp_path / "evil.html"
    render_html(injection_graph(), out, title="<script>alert('t')</script>")
    g = to_networkx(injection_graph())
    evil = next(n for n, d in g.nodes(data=True) if d["label"] == INJECTION)
    victim = next(n for n in g if n != evil)
    with chromium_page() as page:
        seen = _open(page, out)
        assert page.evaluate("document.title") == "<script>alert('t')</script>"
        assert page.evaluate("kgNodes.length") == 2
        # Hovering the node shows its label as text.
        page.mouse.move(*_screen_position(page, evil))
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert INJECTION in tooltip.inner_text()
        assert "<b>alias</b>" in tooltip.inner_text()
        # Clicking the edge shows its evidence in the side panel, as text.
        (x1, y1), (x2, y2) = _screen_position(page, evil), _screen_position(page, victim)
        page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
        details = page.locator("#kg-details")
        details.wait_for(state="visible", timeout=5_000)
        text = details.inner_text()
        assert EVIL_TEXT in text and "evil<doc>" in text
        assert "</title><script>alert('title')</script>" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view-injection.png"))
        # Nothing of the text became markup.
        assert page.evaluate("document.querySelectorAll('img, svg, b, i').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert seen["requests"] == [out.as_uri()]


def test_browser_runs_the_notebook_iframe(tmp_path):
    pytest.importorskip("IPython")
    ds, _ = seed_graph()
    out = tmp_path / "notebook.html"
    out.write_text(f"<!DOCTYPE html><html><body>{show(ds).data}</body></html>", encoding="utf-8")
    with chromium_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(out.as_uri())
        frame = page.frames[1]
        frame.wait_for_function("window.kgReady === true", timeout=20_000)
        assert frame.evaluate("kgNodes.length") == 6
    assert errors == []
