"""The ontology reference (kg ontology): generated from kg.ttl, with examples from a graph."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SKOS, Dataset, Literal

from kg.cli import main
from kg.errors import FormatError
from kg.outputs.reference import describe, example_facts, reference, to_html, to_markdown
from kg.rdf.namespace import (
    KG,
    KG_NS,
    cameo_codes,
    load_ontology,
    ontology_classes,
    plover_types,
    relation_properties,
)


@pytest.fixture(scope="module")
def markdown(seed_build) -> str:
    return reference("markdown", graph=seed_build.dataset, graph_name="out/graph.trig")


def section(text: str, name: str) -> str:
    """The Markdown section of one relation property."""
    return text.split(f"### kg:{name} — ", 1)[1].split("\n<a id=", 1)[0].split("\n## ", 1)[0]


def test_every_term_of_the_turtle_is_in_it_with_its_own_words(markdown: str) -> None:
    ontology = load_ontology()
    for name, iri in {**ontology_classes(), **relation_properties()}.items():
        assert f"`kg:{name}`" in markdown or f"### kg:{name} " in markdown, name
        comment = " ".join(str(ontology.value(iri, RDFS.comment)).split())
        assert comment in markdown.replace("\\", ""), name
    for concept in ontology.subjects(SKOS.inScheme, None):
        notation = ontology.value(concept, SKOS.notation)
        if str(concept).startswith("https://w3id.org/kgnews/cameo#"):
            assert f"| {notation} | " in markdown


@pytest.mark.parametrize("name", sorted(relation_properties()))
def test_each_property_shows_its_mappings(markdown: str, name: str) -> None:
    text = section(markdown, name)
    if plover_types(name):
        assert f"- PLOVER: {', '.join(sorted(plover_types(name)))}" in text
    else:
        assert "- PLOVER" not in text
    for code in cameo_codes(name):
        assert code in text.split("- CAMEO: ", 1)[1]
    assert "- domain → range: " in text


def test_examples_come_from_the_graph(markdown: str, seed_build) -> None:
    text = section(markdown, "negotiatesWith")
    example = text.split("- example: ", 1)[1].splitlines()[0]
    assert re.match(
        r"Hamas \*negotiates with\* United States — “.+” \(000\\_a670601aa552f2e4", example
    )
    assert "confidence 0." in example
    used = {
        str(p).split("#")[1]
        for _, p, _, _ in seed_build.dataset.quads()
        if str(p).startswith(KG_NS)
    }
    for name in relation_properties():
        assert ("- example: " in section(markdown, name)) == (name in used), name
    assert "| example facts | from out/graph.trig (" in markdown


def test_the_surest_mention_is_the_example(seed_build) -> None:
    ds = seed_build.dataset
    talks = example_facts(ds)["negotiatesWith"]
    mentions = [
        a
        for a in ds.subjects(RDF.predicate, KG.negotiatesWith)
        if ds.value(a, KG.modality) != KG.negated
    ]
    assert talks.confidence == max(ds.value(a, KG.confidence).toPython() for a in mentions)
    assert not talks.inferred
    assert (talks.subject, talks.object) in {("Hamas", "United States"), ("United States", "Hamas")}


def test_without_a_graph_the_examples_are_left_out() -> None:
    text = reference("markdown", note="none: no graph at out/graph.trig")
    assert "- example:" not in text
    assert "| example facts | none: no graph at out/graph.trig |" in text


def test_inferred_triples_give_examples_of_the_inverse_properties(seed_build) -> None:
    from kg.rdf.infer import infer

    ds = Dataset(default_union=True)
    for quad in seed_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    infer(ds)
    examples = example_facts(ds)
    assert examples["controlledBy"].inferred
    assert (examples["controlledBy"].subject, examples["controlledBy"].object) == ("Gaza", "Hamas")
    assert "inferred (no assertion node)" in to_markdown(describe(examples, examples_from="g"))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escaped(seed_build) -> None:
    ds = Dataset(default_union=True)
    for quad in seed_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    hamas = next(s for s, o in ds.subject_objects(RDFS.label) if str(o) == "Hamas")
    graph = next(g for *_, g in ds.quads((hamas, RDFS.label, None, None)))
    ds.remove((hamas, RDFS.label, None, None))
    evil = '<script>alert("x")</script> & <img src=x onerror=1>'
    ds.add((hamas, RDFS.label, Literal(evil), graph))
    page = reference("html", graph=ds, graph_name="g.trig")
    parser = _Collect()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "img", "link", "iframe", "object", "embed"}
    assert not any("src" in attrs for _, attrs in parser.tags)
    assert html.escape(evil, quote=True) in page
    assert evil in "".join(parser.text)  # shown to the reader as text
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    ids = [attrs["id"] for _, attrs in parser.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    for _, attrs in parser.tags:
        href = attrs.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_markdown_escapes_text_from_the_graph(seed_build) -> None:
    examples = example_facts(seed_build.dataset)
    talks = examples["negotiatesWith"]
    examples["negotiatesWith"] = replace(talks, subject="*Hamas* | [x](y) <b>_#`\\", document="a_b")
    text = to_markdown(describe(examples, examples_from="g_1"))
    line = section(text, "negotiatesWith").split("- example: ", 1)[1].splitlines()[0]
    assert line.startswith(r"\*Hamas\* \| \[x\](y) \<b\>\_\#\`\\ *negotiates with* United States")
    assert line.endswith(f"(a\\_b, confidence {talks.confidence}, asserted)")
    assert "| example facts | from g\\_1 (" in text


def test_html_and_markdown_hold_the_same_terms(seed_build) -> None:
    ref = describe(example_facts(seed_build.dataset), examples_from="g")
    page, text = to_html(ref), to_markdown(ref)
    for term in (*ref.classes, *ref.relations, *ref.provenance):
        assert f"kg:{term.name}" in page and f"kg:{term.name}" in text


def test_unknown_format() -> None:
    with pytest.raises(FormatError):
        reference("pdf")


# --- kg ontology -----------------------------------------------------------------------------


def test_kg_ontology_command(seed_graph_file: Path, tmp_path: Path, monkeypatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # no out/graph.trig here
    plain = runner.invoke(main, ["ontology"])
    assert plain.exit_code == 0, plain.output
    assert "| example facts | none: no graph at out/graph.trig (run kg build" in plain.stdout
    assert "- example:" not in plain.stdout

    out = tmp_path / "docs" / "ontology.html"
    made = runner.invoke(
        main, ["ontology", "-f", "html", "-o", str(out), "--in", str(seed_graph_file)]
    )
    assert made.exit_code == 0, made.output
    page = out.read_text(encoding="utf-8")
    assert "<dt>example</dt><dd>Hamas <em>negotiates with</em> United States" in page

    missing = runner.invoke(main, ["ontology", "--in", str(tmp_path / "none.trig")])
    assert missing.exit_code == 2
    assert "none.trig: no graph here" in missing.output

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.trig").write_bytes(seed_graph_file.read_bytes())
    default = runner.invoke(main, ["ontology"])
    assert "| example facts | from out/graph.trig (" in default.stdout
