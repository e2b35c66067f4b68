"""Loading and saving datasets; also home of the hand-built sample dataset the output tests share.

The sample follows docs/rdf-model.md: an entities graph with 5 entities, 2 document graphs,
4 distinct asserted facts (one symmetric, stated in both documents), 6 assertion nodes of which
one is negated and has no triple.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from sample import (
    BOEHLER,
    DOC1,
    DOC2,
    ENTITIES,
    HAMAS,
    ISRAEL,
    KG,
    KGD,
    MENTIONS,
    build_sample_dataset,
    named_graphs,
)

from kg.errors import StoreError
from kg.store.files import load_dataset, new_dataset, save_dataset


def test_sample_dataset_shape(sample):
    assert set(named_graphs(sample)) == {str(ENTITIES), str(DOC1), str(DOC2)}
    assert (ISRAEL, KG.negotiatesWith, HAMAS) not in sample


def test_save_and_load_round_trip(sample, tmp_path):
    path = save_dataset(sample, tmp_path / "out" / "graph.trig")
    assert path.read_text(encoding="utf-8").startswith("@prefix")
    loaded = load_dataset(path)
    assert loaded.default_union is True
    before, after = named_graphs(sample), named_graphs(loaded)
    assert before.keys() == after.keys()
    for name in before:
        assert isomorphic(before[name], after[name]), name
    prefixes = {prefix: str(ns) for prefix, ns in loaded.namespaces()}
    assert prefixes["kg"] == str(KG)
    assert prefixes["kgd"] == str(KGD)
    assert not list(tmp_path.glob("out/*.partial"))


def test_queries_see_all_graphs(sample, tmp_path):
    loaded = load_dataset(save_dataset(sample, tmp_path / "graph.trig"))
    rows = loaded.query("SELECT ?s WHERE { ?s a <https://w3id.org/kgnews/ontology#Person> }")
    assert [row.s for row in rows] == [BOEHLER]


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(".ttl", "turtle"), (".nt", "nt"), (".rdf", "xml"), (".xml", "xml")],
)
def test_triple_formats_load_into_default_graph(sample, tmp_path, suffix, fmt):
    merged = Graph()
    for s, p, o, _ in sample.quads((None, None, None, None)):
        merged.add((s, p, o))
    path = tmp_path / f"graph{suffix}"
    merged.serialize(destination=path, format=fmt)
    loaded = load_dataset(path)
    assert [str(g.identifier) for g in loaded.graphs() if len(g)] == [
        str(loaded.default_graph.identifier)
    ]
    plain = Graph()
    plain += loaded.default_graph
    assert isomorphic(plain, merged)
    assert len(loaded.query("SELECT * WHERE { ?a a kg:Assertion }")) == len(MENTIONS)


@pytest.mark.parametrize(("suffix", "fmt"), [(".nq", "nquads"), (".jsonld", "json-ld")])
def test_dataset_formats_keep_graphs(sample, tmp_path, suffix, fmt):
    path = tmp_path / f"graph{suffix}"
    sample.serialize(destination=path, format=fmt)
    loaded = load_dataset(path)
    before, after = named_graphs(sample), named_graphs(loaded)
    assert before.keys() == after.keys()
    assert all(isomorphic(before[name], after[name]) for name in before)


def test_missing_file(tmp_path):
    path = tmp_path / "nothing.trig"
    with pytest.raises(StoreError) as info:
        load_dataset(path)
    message = str(info.value)
    assert str(path) in message
    assert "no graph here; run `kg build INPUT` first or pass --in FILE" in message
    assert "\n" not in message


def test_corrupt_trig_names_file_and_line(tmp_path):
    path = tmp_path / "broken.trig"
    path.write_text(
        "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:p ex:b .\n  ex:c ex:p \n}\n",
        encoding="utf-8",
    )
    with pytest.raises(StoreError) as info:
        load_dataset(path)
    message = str(info.value)
    assert "broken.trig" in message
    assert "TriG" in message
    assert re.search(r"line [45]\b", message)  # the open statement or its end
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p .\n", 3),
        ("bad.jsonld", '[\n{"@id": \n]', 3),
        (
            "bad.rdf",
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<a>\n</rdf:RDF>",
            3,
        ),
        ("bad.nt", "<http://example.org/a> <http://example.org/p> .\n", None),
    ],
)
def test_corrupt_files_name_the_file(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_dataset(path)
    message = str(info.value)
    assert name in message
    assert "\n" not in message
    if line is not None:
        assert f"line {line}" in message


def test_unknown_extension_and_directory(tmp_path):
    with pytest.raises(StoreError, match=r"unknown graph file extension '\.csv'"):
        load_dataset(tmp_path / "graph.csv")
    folder = tmp_path / "dir.trig"
    folder.mkdir()
    with pytest.raises(StoreError, match="directory"):
        load_dataset(folder)


def test_save_wants_trig(sample, tmp_path):
    with pytest.raises(StoreError, match=r"\*\.trig"):
        save_dataset(sample, tmp_path / "graph.ttl")


def test_a_loaded_dataset_keeps_the_named_graphs_and_queries_their_union(sample, tmp_path):
    """What the callers of ``load_dataset`` rely on."""
    assert len(new_dataset()) == 0
    loaded = load_dataset(save_dataset(sample, tmp_path / "graph.trig"))
    assert loaded.default_union is True
    before, after = named_graphs(sample), named_graphs(loaded)
    assert before.keys() == after.keys()
    assert all(isomorphic(before[name], after[name]) for name in before)
    rows = loaded.query("SELECT ?s WHERE { ?s a kg:Person }")
    assert [row.s for row in rows] == [BOEHLER]


def test_store_module_does_not_need_a_real_path(tmp_path):
    # A Path and a str name the same file.
    path = save_dataset(build_sample_dataset(), str(tmp_path / "g.trig"))
    assert isinstance(path, Path)
    assert len(load_dataset(str(path))) > 0
