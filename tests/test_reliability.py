"""Faults met at the edges of the command line: a bad --base, a full or closed standard output,
a format that contradicts a file name, and a long build that must say where it is."""

from __future__ import annotations

import io
import re
import subprocess
import time
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal
from sample import build_sample_dataset
from test_cli import KG, STDIN_TEXT, assert_error, kg

from kg.errors import InputError
from kg.model import Extraction
from kg.progress import BuildProgress
from kg.rdf.mapping import check_base, entity_iri
from kg.rdf.namespace import KG as ONTOLOGY
from kg.store.files import save_dataset

# --- --base ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "why"),
    [
        ("foo", "is not an absolute IRI: it needs a scheme"),
        ("foo/", "is not an absolute IRI"),
        ("http://example.org/my id/", "holds ' ', which an IRI cannot hold"),
        ("http://example.org/<id>/", "holds '<'"),
        ("http://example.org/id", "must end with / or #"),
        ("http:///id/", "has no host"),
        ("https://example.org/a#b#", "holds more than one #"),
        ("https://example.org/100%/", "holds a % that does not start a percent-encoding"),
    ],
)
def test_a_bad_base_is_refused_first_and_leaves_nothing(tmp_path, monkeypatch, base, why):
    def no_model(*args, **kwargs):
        raise AssertionError("the base must be checked before any document is read")

    monkeypatch.setattr("kg.api.extract_documents", no_model)
    out = tmp_path / "out"
    result = kg(CliRunner(), "build", "-", "-o", out, "--base", base, input=STDIN_TEXT)
    assert_error(result, 2, f"base IRI {base!r} (--base) {why}")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_good_base_mints_under_it(tmp_path, monkeypatch):
    def no_model(documents, **options):
        return [Extraction(document, (), (), ()) for document in documents], []

    monkeypatch.setattr("kg.api.extract_documents", no_model)
    out = tmp_path / "out"
    result = kg(
        CliRunner(), "build", "-", "-o", out, "--base", "urn:kg:news/", "--no-view", input="x\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "urn:kg:news/" in (out / "graph.trig").read_text(encoding="utf-8")


_IRI_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("/#%:?<> "),
    max_size=12,
)


@given(
    scheme=st.sampled_from(["http://", "https://", "urn:", "tag:", "file:///", "", "1x:"]),
    host=_IRI_TEXT,
    path=_IRI_TEXT,
    end=st.sampled_from(["/", "#", ""]),
)
def test_a_base_that_is_accepted_mints_iris_every_parser_reads_back(scheme, host, path, end):
    base = scheme + host + path + end
    try:
        check_base(base)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("base IRI ")
        return
    graph = Graph()
    node = entity_iri("person:adam boehler", "Adam Boehler", base=base)
    graph.add((node, RDF.type, ONTOLOGY.Person))
    graph.add((node, ONTOLOGY.text, Literal("x")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rdflib warns about IRIs it would write badly
        for fmt in ("nt", "turtle", "xml"):
            again = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
            assert set(again) == set(graph), fmt


# --- standard output ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    return save_dataset(build_sample_dataset(), tmp_path_factory.mktemp("g") / "graph.trig")


@pytest.mark.parametrize(
    "command",
    [["export"], ["export", "--format", "csv"], ["query", "evidence"], ["stats"]],
)
def test_a_full_standard_output_is_a_one_line_error(graph_file, command):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(KG), *command, "--in", str(graph_file)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr == (
        "Error: cannot write to standard output: No space left on device; free some space, "
        "or write to a file with -o\n"
    )


def test_a_reader_that_goes_away_ends_kg_quietly(tmp_path):
    big = build_sample_dataset()
    for n in range(20_000):  # far more than a pipe holds
        big.default_graph.add((ONTOLOGY.Person, ONTOLOGY.text, Literal(f"line {n}")))
    graph = save_dataset(big, tmp_path / "big.trig")
    process = subprocess.Popen(
        [str(KG), "export", "--format", "nt", "--in", str(graph)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.read(100)  # like `| head -c 100`
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert (process.returncode, stderr) == (0, "")  # as click ends it: no error, no traceback


def test_export_refuses_a_format_that_contradicts_the_file_name(graph_file, tmp_path):
    target = tmp_path / "graph.trig"
    result = kg(CliRunner(), "export", "--format", "turtle", "-o", target, "--in", graph_file)
    assert_error(result, 2, "the extension says trig but --format says turtle", "graph.ttl")
    assert not target.exists()


# --- progress ----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_a_line_every_few_seconds():
    stream = io.StringIO()
    with BuildProgress(stream, every=0.05) as shown:
        shown.documents(3, 10)
        time.sleep(0.3)
        shown.phase("writing graph.trig")
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 4
    assert all(re.fullmatch(r"kg build: [a-z. ]+(, \d+/\d+ documents)?, \d+ s", ln) for ln in lines)
    assert "kg build: extracting, 3/10 documents, 0 s" in lines
    assert lines[-1].startswith("kg build: writing graph.trig, ")
    assert "\x1b" not in stream.getvalue()  # no terminal codes in a log


def test_a_short_build_without_a_terminal_says_nothing():
    stream = io.StringIO()
    with BuildProgress(stream) as shown:
        shown.documents(1, 1)
    assert stream.getvalue() == ""


def test_on_a_terminal_the_bar_shows_the_write_phase():
    stream = _Terminal()
    with BuildProgress(stream) as shown:
        for done in range(1, 4):
            shown.documents(done, 3)
            time.sleep(0.15)  # rich redraws ten times a second
        shown.phase("writing graph.html")
        time.sleep(0.3)
        drawn = stream.getvalue()
    assert "extracting" in drawn and "3/3 documents" in drawn
    after = drawn.rsplit("extracting", 1)[-1]
    assert "writing graph.html" in after and "100%" not in after
