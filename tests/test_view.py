"""kg.outputs.network (RDF -> networkx) and kg.outputs.view (self-contained HTML), on hand-made
graphs.

The graphs follow docs/rdf-model.md: entities in kgd:graph/entities, facts and assertion nodes in
one named graph per document. Browser tests drive Debian's Chromium through Playwright and are
skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import doctest
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import KgError
from kg.outputs.network import SelectionError, subgraph, to_networkx
from kg.outputs.view import PHYSICS_MAX_NODES, _vis_assets, layout, render_html, show

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
EVIL_SENTENCE_START = "<p onclick=alert(4)>Reported: "
EVIL_SENTENCE_END = " <script>alert('s')</script>"


# --------------------------------------------------------------------------------------------
# a graph written by hand, the way kg.rdf.mapping writes it


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
        sentence_text: str | None = None,
    ) -> URIRef:
        """One mention of a fact: ``text`` is the evidence span, ``sentence_text`` (default: the
        same) the sentence holding it."""
        g = self.ds.graph(doc)
        sentence_text = sentence_text or text
        if (doc, sentence_text) not in self.sentences:
            sentence = URIRef(f"{doc}/sentence/{len(self.sentences)}")
            self.sentences[(doc, sentence_text)] = sentence
            g.add((sentence, RDF.type, KG.Sentence))
            g.add((sentence, DCTERMS.isPartOf, doc))
            g.add((sentence, KG.text, Literal(sentence_text)))
        sentence = self.sentences[(doc, sentence_text)]
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
        e["us"],
        "negotiatesWith",
        e["hamas"],
        d1,
        "U.S. held talks with Hamas",
        confidence=0.9,
        sentence_text="The U.S. held talks with Hamas.",
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
    b.fact(
        evil,
        "threatens",
        victim,
        doc,
        EVIL_TEXT,
        confidence=0.6,
        sentence_text=f"{EVIL_SENTENCE_START}{EVIL_TEXT}{EVIL_SENTENCE_END}",
    )
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
        confidence = rnd.choice((0.5, 0.6, 0.7, 0.8, 0.9))
        b.fact(s, rnd.choice(props), o, rnd.choice(docs), f"Sentence {i}.", confidence=confidence)
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
            "text": "U.S. held talks with Hamas",
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
    assert [ev["sentence_text"] for ev in edge["evidence"]] == [
        "The U.S. held talks with Hamas.",  # the whole sentence the span comes from
        "Hamas said it negotiated with Washington.",
    ]


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
    from kg.rdf.namespace import load_ontology

    ds, _ = seed_graph()
    before = to_networkx(ds)
    schema = ds.graph(URIRef("https://w3id.org/kgnews/ontology"))
    for triple in load_ontology():
        schema.add(triple)
    after = to_networkx(ds)
    assert before.number_of_nodes() == 6
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


def test_to_networkx_keeps_every_entity_of_a_big_graph():
    """bench/view_bench.py measures how long this takes; here only what it gives is checked."""
    g = to_networkx(big_graph(2000, 5000))
    assert g.number_of_nodes() == 2000
    assert 4900 <= g.number_of_edges() <= 5000  # a few symmetric pairs drawn twice collapse


# --------------------------------------------------------------------------------------------
# subgraph: the selection behind kg view --focus/--depth/--property/--min-confidence/--max-nodes


def _labels(g: nx.MultiDiGraph) -> set[str]:
    return {g.nodes[n]["label"] for n in g}


def _facts(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(g.nodes[s]["label"], k, g.nodes[o]["label"]) for s, o, k in g.edges(keys=True)}


def test_subgraph_focus_matches_label_or_alias_ignoring_case():
    g = to_networkx(seed_graph()[0])
    assert _labels(subgraph(g, focus="u.s.", depth=0)) == {"United States"}
    assert _labels(subgraph(g, focus="HAMAS")) == {"Hamas", "United States", "Israel"}
    assert _labels(subgraph(g, focus="us", depth=2)) == {"United States", "Hamas", "Israel"}
    both = subgraph(g, focus=["Boehler", "Qatar"], depth=1)
    assert _labels(both) == {"Adam Boehler", "hostage affairs", "Qatar"}
    assert _facts(both) == {("Adam Boehler", "envoyFor", "hostage affairs")}


def test_subgraph_keeps_relations_of_the_properties_named():
    g = to_networkx(seed_graph()[0])
    chosen = subgraph(g, properties="negotiatesWith,attacks")
    assert _facts(chosen) == {
        ("Hamas", "negotiatesWith", "United States"),
        ("Hamas", "attacks", "Israel"),
    }
    assert _labels(chosen) == {"Hamas", "United States", "Israel"}  # the others have no relation
    by_label = subgraph(g, properties=["Ceasefire With"])  # a label works too, case ignored
    assert _facts(by_label) == {("Hamas", "ceasefireWith", "Israel")}
    # declared by the ontology but absent from this graph: an empty view, not an error
    assert subgraph(g, properties="kills").number_of_nodes() == 0
    # focus entities stay even when the filter leaves them without relations
    assert _labels(subgraph(g, focus="Qatar", properties="attacks")) == {"Qatar"}


def test_subgraph_min_confidence_and_max_nodes():
    g = to_networkx(seed_graph()[0])
    confident = subgraph(g, min_confidence=0.85)
    assert _facts(confident) == {
        ("Hamas", "negotiatesWith", "United States"),  # 0.9 (the best of its two mentions)
        ("Hamas", "attacks", "Israel"),  # 0.95
    }
    # the most connected: Hamas (3 relations), then Israel (2); ties broken by label
    top = subgraph(g, max_nodes=2)
    assert _labels(top) == {"Hamas", "Israel"}
    assert _facts(top) == {("Hamas", "attacks", "Israel"), ("Hamas", "ceasefireWith", "Israel")}
    # focus entities come first, whatever their degree
    assert _labels(subgraph(g, focus="Qatar", depth=3, max_nodes=1)) == {"Qatar"}
    assert _labels(subgraph(g, focus="Israel", depth=1, max_nodes=2)) == {"Israel", "Hamas"}


def test_subgraph_is_a_new_graph_that_says_what_was_selected():
    g = to_networkx(seed_graph()[0])
    before = (sorted(g.nodes), sorted(g.edges(keys=True)), g.nodes[sorted(g)[0]]["degree"])
    chosen = subgraph(g, focus="Hamas", depth=1, properties="attacks", max_nodes=5)
    assert (sorted(g.nodes), sorted(g.edges(keys=True)), g.nodes[sorted(g)[0]]["degree"]) == before
    hamas = next(n for n in chosen if chosen.nodes[n]["label"] == "Hamas")
    assert chosen.nodes[hamas]["degree"] == 1  # counted in the selection
    assert g.nodes[hamas]["degree"] == 3
    assert chosen.graph["selection"] == {
        "focus": ["Hamas"],
        "depth": 1,
        "properties": ["attacks"],
        "min_confidence": 0.0,
        "max_nodes": 5,
        "of_nodes": 6,
        "of_edges": 4,
    }
    edge = next(iter(chosen.edges(data=True)))[2]
    assert edge["evidence"] and edge["label"] == "attacks"  # attributes come along


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"focus": "Hamass"}, ["no entity 'Hamass' in the graph", "did you mean 'Hamas'"]),
        ({"focus": "boehlr"}, ["'boehlr'", "'Boehler'"]),
        ({"focus": "Zanzibar"}, ["no entity 'Zanzibar'", "none is close"]),
        (
            {"properties": "negotiatesWith,negotiateWith"},
            ["no property 'negotiateWith'", "did you mean 'negotiatesWith'"],
        ),
        ({"properties": "atacks"}, ["'atacks'", "'attacks'"]),
        ({"properties": ""}, ["no property named"]),
        ({"depth": -1}, ["depth", "-1"]),
        ({"depth": 1.5}, ["depth", "1.5"]),
        ({"min_confidence": 1.5}, ["between 0 and 1", "1.5"]),
        ({"min_confidence": "high"}, ["min_confidence", "'high'"]),
        ({"max_nodes": 0}, ["max_nodes", "0"]),
    ],
)
def test_subgraph_errors_name_the_value_and_suggest(options, words):
    g = to_networkx(seed_graph()[0])
    with pytest.raises(SelectionError) as info:
        subgraph(g, **options)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message
    assert isinstance(info.value, KgError) and info.value.exit_code == 2
    assert isinstance(info.value, ValueError)


def test_options_are_checked_before_names():
    g = to_networkx(seed_graph()[0])
    with pytest.raises(SelectionError, match="depth"):
        subgraph(g, focus="nobody", depth=-1)


def test_docstring_examples():
    import kg.outputs.network
    import kg.outputs.view

    for module in (kg.outputs.network, kg.outputs.view):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


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
    for raw in ("<img", "<svg", "<b>", "<i>", "<!-- end", "</title><script", "<p onclick"):
        assert raw not in ours
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in page  # the title, escaped
    data = _data(page)  # ... and the text itself survives, as data
    assert {n["kg"]["label"] for n in data["nodes"]} == {INJECTION, "Victim & Co <i>"}
    assert data["edges"][0]["kg"]["evidence"][0]["text"] == EVIL_TEXT
    assert "\\u003cimg src=x onerror=alert(1)\\u003e\\u003c/script\\u003e" in page


def test_page_lists_classes_properties_and_documents_for_the_filters():
    data = _data(render_html(seed_graph()[0]))
    assert [(c["id"], c["label"], c["count"]) for c in data["classes"]] == [
        ("Country", "country", 3),
        ("ArmedGroup", "armed group", 1),
        ("Person", "person", 1),
        ("Topic", "topic", 1),
    ]
    assert data["classes"][0]["colour"] == "#59a14f" and data["classes"][0]["glyph"] == "\u25c6"
    assert data["properties"] == [
        {"id": "attacks", "label": "attacks", "count": 1, "symmetric": False},
        {"id": "ceasefireWith", "label": "ceasefire with", "count": 1, "symmetric": True},
        {"id": "envoyFor", "label": "envoy for", "count": 1, "symmetric": False},
        {"id": "negotiatesWith", "label": "negotiates with", "count": 1, "symmetric": True},
    ]
    assert data["documents"] == [
        {"id": "000_talks", "title": "U.S. held secret talks with Hamas", "count": 3},
        {"id": "001_followup", "title": None, "count": 2},
    ]
    assert {n["kg"]["cls"] for n in data["nodes"]} == {"Country", "ArmedGroup", "Person", "Topic"}
    talks = next(e for e in data["edges"] if e["kg"]["property"] == "negotiatesWith")
    assert talks["kg"]["evidence"][0] == {
        "text": "U.S. held talks with Hamas",
        "sentence": "The U.S. held talks with Hamas.",
        "document": "000_talks",
        "title": "U.S. held secret talks with Hamas",
        "confidence": 0.9,
        "modality": "asserted",
    }
    assert data["selection"] is None


def test_a_selection_says_what_it_is_part_of():
    g = to_networkx(seed_graph()[0])
    data = _data(render_html(subgraph(g, focus="Hamas", properties="attacks", max_nodes=9)))
    assert data["selection"] == (
        "A selection of the graph's 6 entities and 4 relations: around Hamas (depth 1); "
        "relations attacks; at most 9 entities, the most connected."
    )
    assert len(data["nodes"]) == 2 and len(data["edges"]) == 1


def test_templates_are_package_data():
    from importlib.resources import files

    folder = files("kg.outputs") / "templates"
    assert {"view.html", "view.css", "view.js"} <= {f.name for f in folder.iterdir()}
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^"kg.outputs" = \[.*"templates/\*".*\]', pyproject, re.M)


def test_show_embeds_the_page_in_a_sandboxed_iframe():
    pytest.importorskip("IPython")
    shown = show(injection_graph(), height=400)
    markup = shown.data
    assert markup.startswith('<div class="kg-view"><iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in markup and "height:400px" in markup
    assert "<script" not in markup  # all of the page is inside the escaped attribute
    assert markup.count('"') == 10  # class, srcdoc, sandbox, style, title: nothing escapes srcdoc


def test_show_takes_the_selection_options():
    pytest.importorskip("IPython")
    import html as html_module

    markup = show(seed_graph()[0], focus="Hamas", depth=1, properties="attacks", title="T").data
    srcdoc = re.search(r'srcdoc="([^"]*)"', markup).group(1)
    data = _data(html_module.unescape(srcdoc))
    assert sorted(n["kg"]["label"] for n in data["nodes"]) == ["Hamas", "Israel"]
    assert [e["kg"]["property"] for e in data["edges"]] == ["attacks"]
    assert data["selection"].startswith("A selection of the graph's 6 entities")
    with pytest.raises(SelectionError, match="Hamass"):
        show(seed_graph()[0], focus="Hamass")


# --------------------------------------------------------------------------------------------
# kg view: the options only parse and call subgraph


@pytest.fixture
def seed_trig(tmp_path: Path) -> Path:
    path = tmp_path / "graph.trig"
    path.write_bytes(seed_graph()[0].serialize(format="trig", encoding="utf-8"))
    return path


def _kg_view(*args: str | Path):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, ["view", *map(str, args)], prog_name="kg")


@pytest.mark.parametrize(
    ("args", "labels", "edges"),
    [
        (["--focus", "hamas"], {"Hamas", "United States", "Israel"}, 3),
        (["--focus", "u.s.", "--depth", "0"], {"United States"}, 0),
        (
            ["--focus", "Qatar", "--focus", "Boehler"],
            {"Qatar", "Adam Boehler", "hostage affairs"},
            1,
        ),
        (["--property", "negotiatesWith,attacks"], {"Hamas", "United States", "Israel"}, 2),
        (
            ["--property", "envoyFor", "--property", "attacks"],
            {"Adam Boehler", "hostage affairs", "Hamas", "Israel"},
            2,
        ),
        (["--min-confidence", "0.9"], {"Hamas", "United States", "Israel"}, 2),
        (["--max-nodes", "2"], {"Hamas", "Israel"}, 2),
    ],
)
def test_kg_view_draws_a_smaller_view(seed_trig, tmp_path, args, labels, edges):
    out = tmp_path / "view.html"
    result = _kg_view("-o", out, "--in", seed_trig, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    assert result.stderr == f"selected {len(labels)} of 6 entities, {edges} of 4 relations\n"
    data = _data(out.read_text(encoding="utf-8"))
    assert {n["kg"]["label"] for n in data["nodes"]} == labels
    assert len(data["edges"]) == edges
    assert data["selection"].startswith("A selection of the graph's 6 entities")


def test_kg_view_physics_switch(seed_trig, tmp_path):
    out = tmp_path / "view.html"
    assert _kg_view("-o", out, "--in", seed_trig, "--no-physics").exit_code == 0
    assert _data(out.read_text(encoding="utf-8"))["physics"] is False
    assert _kg_view("-o", out, "--in", seed_trig).exit_code == 0
    assert _data(out.read_text(encoding="utf-8"))["physics"] is True


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--focus", "Hamass"], ["Error: no entity 'Hamass' in the graph", "'Hamas'"]),
        (["--property", "negotiates"], ["no property 'negotiates'", "'negotiatesWith'"]),
        (["--min-confidence", "1.5"], ["--min-confidence", "1.5"]),
        (["--max-nodes", "0"], ["--max-nodes", "0"]),
        (["--depth", "-2"], ["--depth", "-2"]),
    ],
)
def test_kg_view_bad_selection_is_one_line_exit_2(seed_trig, tmp_path, args, fragments):
    out = tmp_path / "view.html"
    result = _kg_view("-o", out, "--in", seed_trig, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    message = result.stderr.strip().splitlines()[-1]
    for fragment in fragments:
        assert fragment in message, message
    assert not out.exists()


def test_kg_view_help_lists_the_selection_options():
    result = _kg_view("--help")
    for option in ("--focus", "--depth", "--property", "--min-confidence", "--max-nodes"):
        assert option in result.stdout


# --------------------------------------------------------------------------------------------
# in a real browser (headless Chromium, offline): tests/browser.py starts it


def _open(page, path: Path) -> dict[str, list]:
    """Load a view, wait until it is drawn; what the page logged, requested and popped up."""
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
    # Predicates are functions: a string expression is polled with eval(), which the CSP forbids.
    page.wait_for_function("() => window.kgReady === true && window.kgDrawnAt > 0", timeout=20_000)
    return seen


def _drawn(page) -> tuple[int, int]:
    """How many nodes and edges vis-network draws now."""
    return tuple(
        page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
    )


def _wait_drawn(page, counts: tuple[int, int]) -> None:
    page.wait_for_function(
        "([n, m]) => kgNetwork.body.nodeIndices.length === n && "
        "kgNetwork.body.edgeIndices.length === m",
        arg=list(counts),
        timeout=5_000,
    )


def _expected(
    g: nx.MultiDiGraph,
    *,
    classes: set[str] | None = None,
    properties: set[str] | None = None,
    document: str | None = None,
    min_confidence: float = 0.0,
) -> tuple[int, int]:
    """What the page's filters should leave, by the rule the page states: an edge is shown when
    its property, document, confidence and both ends' classes pass; a node when its class passes
    and, if a relation filter narrows the view, one of its relations is shown."""
    classes = classes if classes is not None else {d["cls"] for _, d in g.nodes(data=True)}
    all_properties = {d["property"] for *_, d in g.edges(data=True)}
    properties = properties if properties is not None else all_properties
    edges = [
        (u, v)
        for u, v, d in g.edges(data=True)
        if d["property"] in properties
        and (document is None or document in d["documents"])
        and (min_confidence == 0 or (d["confidence"] or 0) >= min_confidence)
        and g.nodes[u]["cls"] in classes
        and g.nodes[v]["cls"] in classes
    ]
    narrowing = properties != all_properties or document is not None or min_confidence > 0
    touched = {n for edge in edges for n in edge}
    nodes = [
        n for n, d in g.nodes(data=True) if d["cls"] in classes and (not narrowing or n in touched)
    ]
    return len(nodes), len(edges)


def _set_slider(page, value: float) -> None:
    page.eval_on_selector(
        "#kg-confidence",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }",
        value,
    )


def _toggle(page, panel: str, value: str) -> None:
    page.locator(f"#{panel} input[value='{value}']").click()


def _screen_position(page, node_id: str) -> tuple[float, float]:
    point = page.evaluate("id => kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id])", node_id)
    box = page.locator("#kg-network").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def _search(page, text: str, node_id: str) -> None:
    """Type into the search box and press Enter: the node is selected and centred."""
    page.locator("#kg-search").fill(text)
    page.locator("#kg-search").press("Enter")
    page.wait_for_function(
        """id => {
            const p = kgNetwork.getPositions([id])[id], c = kgNetwork.getViewPosition();
            const selected = kgNetwork.getSelectedNodes();
            return selected.length === 1 && selected[0] === id &&
                Math.abs(p.x - c.x) < 1 && Math.abs(p.y - c.y) < 1;
        }""",
        arg=node_id,
        timeout=5_000,
    )


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_browser_seed_view_offline_filters_and_search(seed_build, tmp_path):
    """The real seed article's view: every node drawn, nothing fetched, filters and search."""
    g = to_networkx(seed_build.dataset)
    out = tmp_path / "seed.html"
    render_html(seed_build.dataset, out, title="Seed article")
    with chromium_page() as page:
        seen = _open(page, out)
        assert _drawn(page) == (g.number_of_nodes(), g.number_of_edges())
        _screenshot(page, "view-seed.png")

        # Untick the most frequent property: exactly its edges go, and nodes left bare.
        counts: dict[str, int] = {}
        for *_, d in g.edges(data=True):
            counts[d["property"]] = counts.get(d["property"], 0) + 1
        busiest = max(sorted(counts), key=counts.get)
        rest = set(counts) - {busiest}
        _toggle(page, "kg-properties", busiest)
        expected = _expected(g, properties=rest)
        assert expected[1] == g.number_of_edges() - counts[busiest]
        _wait_drawn(page, expected)
        status = page.locator("#kg-status").inner_text()
        assert status == (
            f"showing {expected[0]} of {g.number_of_nodes()} entities \u00b7 "
            f"{expected[1]} of {g.number_of_edges()} relations"
        )
        _toggle(page, "kg-properties", busiest)
        _wait_drawn(page, (g.number_of_nodes(), g.number_of_edges()))

        # Raise the minimum confidence above the lowest one in the graph.
        threshold = 0.8
        _set_slider(page, threshold)
        _wait_drawn(page, _expected(g, min_confidence=threshold))
        assert page.locator("#kg-confidence-value").inner_text() == "0.80"
        page.locator("#kg-reset").click()
        _wait_drawn(page, (g.number_of_nodes(), g.number_of_edges()))

        # Search by an alias, any case: the entity is selected, centred, its facts shown.
        boehler = next(n for n, d in g.nodes(data=True) if d["label"] == "Adam Boehler")
        _search(page, "boehler", boehler)
        details = page.locator("#kg-details")
        assert details.is_visible()
        text = details.inner_text()
        assert "Adam Boehler" in text and "also: Boehler" in text and "person" in text.lower()
        facts = [
            (g.nodes[s]["label"], d["label"], g.nodes[o]["label"])
            for s, o, d in g.edges(data=True)
            if boehler in (s, o)
        ]
        assert f"{len(facts)} facts" in text
        for subject, label, obj in facts:
            assert f"{subject} \u2014{label}\u2192 {obj}" in text
        _screenshot(page, "view-seed-search.png")
    assert seen["errors"] == []
    assert seen["requests"] == [out.as_uri()]
    assert seen["dialogs"] == []


def test_browser_hover_and_click_show_facts_and_evidence(tmp_path):
    ds, e = seed_graph()
    out = tmp_path / "seed.html"
    render_html(ds, out, title="Seed graph")
    with chromium_page() as page:
        seen = _open(page, out)
        assert _drawn(page) == (6, 4)
        legend = page.locator("#kg-legend").inner_text()
        assert legend.count("country") == 1 and "armed group" in legend
        # Hover United States: the tooltip has its type, aliases and facts.
        page.mouse.move(*_screen_position(page, str(e["us"])))
        tooltip = page.locator("#kg-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        text = tooltip.inner_text()
        assert "COUNTRY" in text.upper() and "also: U.S. \u00b7 US" in text
        assert "Hamas \u2014negotiates with\u2014 United States" in text
        # Click Hamas, then the "negotiates with" of its facts: every evidence sentence.
        page.mouse.click(*_screen_position(page, str(e["hamas"])))
        details = page.locator("#kg-details")
        details.wait_for(state="visible", timeout=5_000)
        assert "3 facts" in details.inner_text()
        details.get_by_role("button", name="negotiates with").click()
        page.wait_for_function(
            "() => document.querySelectorAll('#kg-details .kg-evidence').length === 2"
        )
        text = details.inner_text()
        assert "The U.S. held talks with Hamas." in text
        assert page.locator("#kg-details mark").first.inner_text() == "U.S. held talks with Hamas"
        assert "000_talks \u2014 U.S. held secret talks with Hamas \u00b7 confidence 0.90" in text
        assert "Hamas said it negotiated with Washington." in text
        assert "001_followup \u00b7 confidence 0.70 \u00b7 reported" in text
        # A fact's other end is a link to that entity.
        details.get_by_role("button", name="Hamas").first.click()
        page.wait_for_function(
            "id => kgNetwork.getSelectedNodes()[0] === id", arg=str(e["hamas"]), timeout=5_000
        )
        # The document filter leaves the facts of one document (the isolated Qatar goes too).
        page.locator("#kg-document").select_option("001_followup")
        _wait_drawn(page, (3, 2))  # U.S., Hamas, Israel: talks and truce
        # The class filter hides the class and the relations that touch it.
        page.locator("#kg-reset").click()
        _toggle(page, "kg-classes", "Country")
        _wait_drawn(page, (3, 1))
        # Physics on and off.
        page.locator("#kg-physics").check()
        assert page.evaluate("kgNetwork.physics.options.enabled") is True
        page.locator("#kg-physics").uncheck()
        assert page.evaluate("kgNetwork.physics.options.enabled") is False
        _screenshot(page, "view-hand-built.png")
    assert seen["errors"] == []
    assert seen["requests"] == [out.as_uri()]


@pytest.fixture(scope="module")
def big_network() -> nx.MultiDiGraph:
    return to_networkx(big_graph(2000, 5000))


def test_browser_draws_2000_nodes_and_filters_them(big_network, tmp_path):
    g = big_network
    out = tmp_path / "big.html"
    render_html(g, out, title="2,000 entities")
    with chromium_page() as page:
        seen = _open(page, out)
        assert _drawn(page) == (2000, g.number_of_edges())
        assert page.evaluate("kgNetwork.physics.options.enabled") is False
        _screenshot(page, "view-2000.png")
        _toggle(page, "kg-classes", "Person")
        expected = _expected(g, classes={"Organization", "Country", "Place", "ArmedGroup"})
        assert expected[0] == 1600
        _wait_drawn(page, expected)
        page.locator("#kg-document").select_option("doc7")
        _wait_drawn(
            page,
            _expected(
                g, classes={"Organization", "Country", "Place", "ArmedGroup"}, document="doc7"
            ),
        )
        page.locator("#kg-reset").click()
        _set_slider(page, 0.9)
        _wait_drawn(page, _expected(g, min_confidence=0.9))
        page.locator("#kg-reset").click()
        _wait_drawn(page, (2000, g.number_of_edges()))
        target = next(n for n, d in g.nodes(data=True) if d["label"] == "Entity 1234")
        _search(page, "entity 1234", target)
        _screenshot(page, "view-2000-search.png")
    assert seen["errors"] == []
    assert seen["requests"] == [out.as_uri()]


def _assert_nothing_ran(page, seen: dict[str, list], out: Path) -> None:
    assert page.evaluate("document.querySelectorAll('img, svg, b, i, p[onclick]').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert seen["requests"] == [out.as_uri()]


def test_browser_shows_injected_text_and_runs_none_of_it(tmp_path):
    out = tmp_path / "evil.html"
    render_html(injection_graph(), out, title="<script>alert('t')</script>")
    g = to_networkx(injection_graph())
    evil = next(n for n, d in g.nodes(data=True) if d["label"] == INJECTION)
    victim = next(n for n in g if n != evil)
    with chromium_page() as page:
        seen = _open(page, out)
        assert page.evaluate("document.title") == "<script>alert('t')</script>"
        assert _drawn(page) == (2, 1)
        # Hovering the node shows its label and alias as text.
        page.mouse.move(*_screen_position(page, evil))
        tooltip = page.locator("#kg-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert INJECTION in tooltip.inner_text()
        assert "<b>alias</b>" in tooltip.inner_text()
        # Clicking the edge shows its evidence sentence in the side panel, as text.
        (x1, y1), (x2, y2) = _screen_position(page, evil), _screen_position(page, victim)
        page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
        details = page.locator("#kg-details")
        details.wait_for(state="visible", timeout=5_000)
        text = details.inner_text()
        assert f"{EVIL_SENTENCE_START}{EVIL_TEXT}{EVIL_SENTENCE_END}" in text
        assert page.locator("#kg-details mark").inner_text() == EVIL_TEXT
        assert "evil<doc> \u2014 </title><script>alert('title')</script>" in text
        # Searching for the label finds it; the datalist holds it as a value, not markup.
        _search(page, INJECTION, evil)
        _screenshot(page, "view-injection.png")
        _assert_nothing_ran(page, seen, out)


def test_browser_injection_article_built_for_real(tmp_path):
    """An article whose title and text carry markup, through the real pipeline (spaCy)."""
    from kg.api import build

    article = tmp_path / "evil.jsonl"
    article.write_text(
        json.dumps(
            {
                "id": "evil<doc>",
                "title": "</title><script>alert('title')</script>",
                "text": "Hamas negotiated with Israel in Doha <img src=x onerror=alert(1)> on "
                "Monday.\nThe United States accused Hamas </script> of delaying the talks.",
            }
        ),
        encoding="utf-8",
    )
    result = build([str(article)], out_dir=tmp_path / "out")
    out = result.outputs["html"]
    g = to_networkx(result.dataset)
    sentences = {ev["sentence_text"] for *_, d in g.edges(data=True) for ev in d["evidence"]}
    assert any("<img src=x onerror=alert(1)>" in s for s in sentences), sentences
    assert any("Hamas </script> of" in s for s in sentences), sentences
    with chromium_page() as page:
        seen = _open(page, out)
        assert _drawn(page) == (g.number_of_nodes(), g.number_of_edges())
        shown = []
        for edge in page.evaluate("kgEdges.getIds()"):
            page.evaluate("id => kgView.showEdge(id)", edge)
            shown.append(page.locator("#kg-details").inner_text())
        text = "\n".join(shown)
        assert "<img src=x onerror=alert(1)>" in text
        assert "Hamas </script> of delaying" in text
        assert "</title><script>alert('title')</script>" in text
        _screenshot(page, "view-injection-article.png")
        _assert_nothing_ran(page, seen, out)


def test_browser_lists_an_actors_events_and_the_one_sided_ones(tmp_path):
    """Event mentions on their actors' details, and by type in the panel; a trigger that holds
    markup is shown as text."""
    from dataclasses import replace

    from event_sample import extractions

    from kg.rdf.mapping import to_rdf

    talks, strike = extractions()
    threat = replace(talks.events[2], trigger=INJECTION)
    ds = to_rdf([replace(talks, events=(*talks.events[:2], threat)), strike])
    g = to_networkx(ds)
    hamas = next(n for n, d in g.nodes(data=True) if d["label"] == "Hamas")
    unions = next(n for n, d in g.nodes(data=True) if d["label"] == "unions")
    out = tmp_path / "events.html"
    render_html(ds, out, title="Events")
    with chromium_page() as page:
        seen = _open(page, out)
        # An actor that has events and no fact at all: the tooltip says so.
        page.mouse.move(*_screen_position(page, unions))
        tooltip = page.locator("#kg-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        text = tooltip.inner_text()
        assert "no facts" in text and "1 event" in text
        assert f"THREATEN \u201c{INJECTION}\u201d unions \u2192 unnamed" in text
        # An actor's details list its events, on either side, with the other side's actors.
        page.evaluate("id => kgView.showNode(id)", hamas)
        details = page.locator("#kg-details")
        details.wait_for(state="visible", timeout=5_000)
        text = details.inner_text()
        assert "1 fact" in text and "2 events" in text
        assert "AGREE \u201cagreed\u201d Hamas \u2192 Israel \u00b7 a truce" in text
        assert "ASSAULT \u201cattack\u201d Israel \u2192 Hamas" in text and "negated" in text
        assert "Israel did not attack Hamas." in text and "strike \u2014 strike title" in text
        details.get_by_role("button", name="Israel").first.click()  # the other side is a link
        page.wait_for_function(
            "() => document.querySelector('#kg-details .kg-name').textContent === 'Israel'"
        )
        # The panel lists the types and the one-sided events; each opens its mentions.
        panel = page.locator("#kg-events")
        assert panel.is_visible()
        assert "6 event mentions \u00b7 2 one-sided" in panel.inner_text()
        panel.get_by_role("button", name="one-sided").click()
        page.wait_for_function(
            "() => document.querySelectorAll('#kg-details .kg-event').length === 2"
        )
        text = details.inner_text()
        assert "ASSAULT \u201cdrone strike\u201d unnamed \u2192 Gaza" in text
        assert "a nationwide stoppage" in text
        panel.get_by_role("button", name="CONSULT").click()
        page.wait_for_function(
            "() => document.querySelectorAll('#kg-details .kg-event').length === 1"
        )
        assert "Qatar \u2192 Egypt" in details.inner_text() and "in Doha" in details.inner_text()
        _screenshot(page, "view-events.png")
        _assert_nothing_ran(page, seen, out)


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
        frame.wait_for_function("() => window.kgReady === true", timeout=20_000)
        assert frame.evaluate("kgNodes.length") == 6
        assert frame.evaluate("kgNetwork.body.nodeIndices.length") == 6
    assert errors == []
