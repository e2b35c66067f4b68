"""The ``kg`` command end to end: outputs, exit codes and the one-line error messages.

Most tests drive ``kg.cli.main`` in-process with click's ``CliRunner`` (click 8.2+ keeps
``stdout`` and ``stderr`` apart); a few run the installed ``kg`` script or ``python -m kg`` in a
subprocess, where tracebacks, real stdin and the modules a command imports can be seen. Besides
the session's seed build, only three tests load the spaCy model; the others read the seed graph.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_probe import run_in_one_process
from click.testing import CliRunner, Result
from conftest import ROOT, SEED_GOLD, SEEDS
from rdflib import RDF, Dataset, Graph
from rdflib.compare import isomorphic
from sample import named_graphs

from kg import __version__
from kg.cli import main
from kg.outputs.export import CSV_COLUMNS, exporter, formats
from kg.rdf.namespace import KG as TERMS

KG = Path(sys.executable).with_name("kg")  # the console script next to this interpreter
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
COMMANDS = ("build", "query", "export", "view", "stats", "eval")

# A small multi-document input: stdin, a JSONL file with one malformed line and a directory
# holding one good and one Latin-1 file. Short texts keep the build fast.
STDIN_TEXT = "The United States negotiated with Hamas in Doha on Monday.\n"
JSONL = (
    '{"id": "doc-a", "text": "Qatar mediated talks between Israel and Hamas.", "date": "2025"}\n'
    '{"id": "doc-b", "text": oops}\n'
    '{"id": "doc-c", "text": "Egypt hosted a meeting with Israeli officials in Cairo."}\n'
)
GOOD_TXT = "Adam Boehler met Hamas officials in Doha.\n"
LATIN1 = "Le président a rencontré les négociateurs.\n".encode("latin-1")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def kg(runner: CliRunner, *args: str | Path, **kwargs) -> Result:
    return runner.invoke(main, [str(a) for a in args], prog_name="kg", **kwargs)


def assert_error(result: Result, code: int, *fragments: str) -> str:
    """A kg error: the exit code, nothing on stdout, one line "Error: ..." on stderr."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert message.startswith("Error: "), message
    assert "\n" not in message, f"not one line: {message!r}"
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert result.stdout == ""
    return message


def summary(text: str) -> dict[str, int]:
    """The counts of a ``kg stats`` listing (or a build summary), by label."""
    counts = {}
    for line in text.splitlines():
        if m := re.fullmatch(r"\s*(\w+)\s+(\d+)", line):
            counts.setdefault(m.group(1), int(m.group(2)))
    return counts


def load_trig(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(path, format="trig")
    return ds


def merged_triples(ds: Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


def run(*args: str | Path, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- build -----------------------------------------------------------------------------------


def test_build_writes_outputs_and_summary_and_is_deterministic(runner, seed_build, tmp_path):
    out = tmp_path / "out"
    result = kg(runner, "build", SEEDS, "-o", out)
    assert result.exit_code == 0, result.output
    # nothing but progress lines, which a slow (loaded) machine may print every few seconds
    assert all(line.startswith("kg build: ") for line in result.stderr.splitlines())
    for name in ("graph.trig", "graph.ttl", "graph.html"):
        assert (out / name).stat().st_size > 0, name
    counts = summary(result.stdout)
    assert counts["documents"] == 1
    assert counts["sentences"] > 5
    assert counts["entities"] > 0 and counts["Person"] > 0 and counts["Country"] > 0
    assert counts["relations"] > 0 and counts["negotiatesWith"] >= 1
    assert re.search(r"^seconds\s+\d+\.\d$", result.stdout, re.MULTILINE)
    assert "wrote" in result.stdout and "graph.trig" in result.stdout

    # A second build of the same input (the session's, through the API) gives the same
    # dataset: same named graphs, same IRIs, same triples.
    first, second = load_trig(out / "graph.trig"), load_trig(seed_build.outputs["trig"])
    graphs1, graphs2 = named_graphs(first), named_graphs(second)
    assert graphs1.keys() == graphs2.keys() and len(graphs1) >= 2
    for key in graphs1:
        assert isomorphic(graphs1[key], graphs2[key]), key
    quads1 = sorted(first.serialize(format="nquads").splitlines())
    quads2 = sorted(second.serialize(format="nquads").splitlines())
    assert quads1 == quads2  # no blank nodes: the IRIs themselves are deterministic

    # The Turtle file is the merged graph of the TriG dataset.
    turtle = Graph().parse(out / "graph.ttl", format="turtle")
    assert set(turtle) == merged_triples(first)
    assert 'src="http' not in (out / "graph.html").read_text(encoding="utf-8")


def test_build_stdin_jsonl_and_directory_skips_bad_documents(runner, tmp_path):
    (tmp_path / "docs.jsonl").write_text(JSONL, encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (folder / "latin.txt").write_bytes(LATIN1)
    out = tmp_path / "out"

    result = kg(
        runner,
        "build",
        "-",
        tmp_path / "docs.jsonl",
        folder,
        "-o",
        out,
        "--no-view",
        input=STDIN_TEXT,
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    # Each bad document is named, with its line for JSONL, and said to be skipped.
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2, result.stderr
    jsonl_line = next(line for line in skipped if "docs.jsonl" in line)
    assert "docs.jsonl:2:" in jsonl_line and "invalid JSON" in jsonl_line
    latin_line = next(line for line in skipped if "latin.txt" in line)
    assert "not UTF-8" in latin_line and "convert it to UTF-8" in latin_line
    assert "2 input(s) skipped" in result.stderr
    assert summary(result.stdout)["documents"] == 4
    assert (out / "graph.trig").exists() and (out / "graph.ttl").exists()
    assert not (out / "graph.html").exists()  # --no-view

    graph = out / "graph.trig"
    stats = kg(runner, "stats", "--in", graph)
    assert stats.exit_code == 0 and summary(stats.stdout)["documents"] == 4
    ids = kg(
        runner,
        "query",
        "SELECT ?id WHERE { ?d a kg:Document ; dcterms:identifier ?id } ORDER BY ?id",
        "--format",
        "csv",
        "--in",
        graph,
    )
    assert ids.exit_code == 0, ids.output
    assert ids.stdout.splitlines() == ["id", "doc-a", "doc-c", "good.txt", "stdin"]


def test_build_unwritable_output_directory_is_a_one_line_error(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("kg.api.extract_documents", lambda *a, **k: ([], []))  # no model
    (tmp_path / "a-file").write_text("not a directory")
    result = kg(runner, "build", "-", "-o", tmp_path / "a-file" / "out", input=STDIN_TEXT)
    assert_error(result, 2, "a-file", "cannot create the output directory")


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        pytest.param(
            None, ("missing.txt", "no such file or directory", "check the path"), id="missing"
        ),
        pytest.param(
            "empty-dir", ("empty-dir", "no .txt, .md, .html or .jsonl files"), id="empty-dir"
        ),
        pytest.param("empty-file", ("no usable document", "empty.txt", "empty file"), id="empty"),
        pytest.param(
            "binary", ("no usable document", "blob.txt", "not UTF-8", "convert it"), id="binary"
        ),
        pytest.param("pdf", ("paper.pdf", "unsupported file type '.pdf'", ".txt"), id="pdf"),
        pytest.param(
            "bad-jsonl", ("no usable document", "bad.jsonl:1", "invalid JSON"), id="jsonl"
        ),
    ],
)
def test_build_unusable_input(runner, tmp_path, make, fragments):
    target = {
        None: tmp_path / "missing.txt",
        "empty-dir": tmp_path / "empty-dir",
        "empty-file": tmp_path / "empty.txt",
        "binary": tmp_path / "blob.txt",
        "pdf": tmp_path / "paper.pdf",
        "bad-jsonl": tmp_path / "bad.jsonl",
    }[make]
    if make == "empty-dir":
        target.mkdir()
    elif make == "empty-file":
        target.write_bytes(b"")
    elif make == "binary":
        target.write_bytes(bytes(range(256)) * 4)
    elif make == "pdf":
        target.write_bytes(b"%PDF-1.4\n")
    elif make == "bad-jsonl":
        target.write_text("{not json\n", encoding="utf-8")
    result = kg(runner, "build", target, "-o", tmp_path / "out")
    assert_error(result, 2, *fragments)
    assert not (tmp_path / "out").exists()


def test_build_empty_stdin(runner, tmp_path):
    result = kg(runner, "build", "-", "-o", tmp_path / "out", input="  \n")
    assert_error(result, 2, "no usable document", "<stdin>", "empty input")


def test_build_missing_model_names_the_install_command(runner, tmp_path):
    result = kg(runner, "build", SEEDS, "--model", "no_such_model", "-o", tmp_path / "out")
    assert_error(result, 2, "no_such_model", "pip install")


def test_build_usage_errors(runner, tmp_path):
    result = kg(runner, "build")
    assert result.exit_code == 2 and "Missing argument" in result.stderr
    (tmp_path / "file").write_text("x")
    result = kg(runner, "build", SEEDS, "-o", tmp_path / "file")
    assert result.exit_code == 2 and "is a file" in result.stderr


# --- query -----------------------------------------------------------------------------------

COUNTRIES = "SELECT ?label WHERE { ?c a kg:Country ; rdfs:label ?label } ORDER BY ?label"


def test_query_select_table(runner, seed_graph_file):
    result = kg(runner, "query", COUNTRIES, "--in", seed_graph_file)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "label" and set(lines[1]) == {"-"}
    rows = lines[2:-1]
    assert "United States" in rows and "Israel" in rows
    assert lines[-1] == f"{len(rows)} rows"


def test_query_select_csv_tsv_json(runner, seed_graph_file):
    csv_result = kg(runner, "query", COUNTRIES, "-f", "csv", "--in", seed_graph_file)
    assert csv_result.exit_code == 0
    csv_lines = csv_result.stdout.splitlines()
    assert csv_lines[0] == "label" and "United States" in csv_lines[1:]

    tsv = kg(runner, "query", COUNTRIES, "--format", "tsv", "--in", seed_graph_file)
    assert tsv.exit_code == 0
    tsv_lines = tsv.stdout.splitlines()
    assert tsv_lines[0] == "?label" and '"United States"' in tsv_lines[1:]

    as_json = kg(runner, "query", COUNTRIES, "--format", "json", "--in", seed_graph_file)
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert data["head"]["vars"] == ["label"]
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert "United States" in labels
    assert labels == csv_lines[1:]  # the same rows, in the same order


def test_query_ask(runner, seed_graph_file):
    yes = kg(runner, "query", "ASK { ?a kg:negotiatesWith ?b }", "--in", seed_graph_file)
    no = kg(runner, "query", "ASK { ?a kg:negotiatesWith ?a }", "--in", seed_graph_file)
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    assert (no.exit_code, no.stdout) == (0, "false\n")
    as_json = kg(runner, "query", "ASK { ?a ?p ?b }", "-f", "json", "--in", seed_graph_file)
    assert json.loads(as_json.stdout)["boolean"] is True


def test_query_construct_prints_turtle(runner, seed_graph_file):
    sparql = "CONSTRUCT { ?a kg:negotiatesWith ?b } WHERE { ?a kg:negotiatesWith ?b }"
    result = kg(runner, "query", sparql, "--in", seed_graph_file)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) >= 1
    assert {p.split("#")[-1] for p in graph.predicates()} == {"negotiatesWith"}


@pytest.mark.parametrize("path", QUERIES, ids=[p.name for p in QUERIES])
def test_query_files(runner, seed_graph_file, path):
    result = kg(runner, "query", path, "--in", seed_graph_file)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ rows?", result.stdout.splitlines()[-1])
    if path.name == "negotiations.rq":
        rows = result.stdout.splitlines()[2:-1]
        assert any("Hamas" in row and "United States" in row for row in rows), result.stdout


def test_default_graph_and_kg_graph(runner, seed_graph_file, tmp_path, monkeypatch):
    (tmp_path / "work" / "out").mkdir(parents=True)
    shutil.copy(seed_graph_file, tmp_path / "work" / "out" / "graph.trig")
    monkeypatch.chdir(tmp_path / "work")  # --in defaults to out/graph.trig
    assert kg(runner, "query", "ASK { ?s ?p ?o }").stdout == "true\n"
    monkeypatch.chdir(tmp_path)
    result = kg(runner, "stats", env={"KG_GRAPH": str(seed_graph_file)})
    assert result.exit_code == 0 and summary(result.stdout)["documents"] == 1


@pytest.mark.parametrize(
    ("sparql", "fragments"),
    [
        pytest.param("SELEC ?x", ("SPARQL syntax error", "line 1", "column 1"), id="syntax"),
        pytest.param("SELECT ?x WHERE {", ("SPARQL syntax error", "line 1"), id="unclosed"),
        pytest.param("SELECT ?x WHERE { ?x nope:p ?y }", ("nope",), id="prefix"),
        pytest.param("INSERT DATA { <urn:a> <urn:b> <urn:c> }", ("read-only",), id="insert"),
        pytest.param("DELETE WHERE { ?s ?p ?o }", ("read-only",), id="delete"),
        pytest.param("missing.rq", ("missing.rq", "no such query file"), id="missing-rq"),
    ],
)
def test_query_errors(runner, seed_graph_file, sparql, fragments):
    result = kg(runner, "query", sparql, "--in", seed_graph_file)
    assert_error(result, 2, *fragments)


def test_query_error_in_a_file_names_the_file(runner, seed_graph_file, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x\nWHERE { ?x ?y }\n", encoding="utf-8")
    result = kg(runner, "query", path, "--in", seed_graph_file)
    assert_error(result, 2, "broken.rq", "line 2")
    path.write_bytes(b"\xff\xfeSELECT")
    assert_error(kg(runner, "query", path, "--in", seed_graph_file), 2, "broken.rq", "read")


def test_query_unknown_result_format_is_a_usage_error(runner, seed_graph_file):
    result = kg(runner, "query", "ASK {}", "-f", "xml", "--in", seed_graph_file)
    assert result.exit_code == 2 and "'table', 'csv', 'tsv', 'json'" in result.stderr


# --- export ----------------------------------------------------------------------------------

RDF_PARSERS = {"turtle": "turtle", "nt": "nt", "xml": "xml"}
DATASET_PARSERS = {"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def seed_dataset(seed_build) -> Dataset:
    return load_trig(seed_build.outputs["trig"])


@pytest.mark.parametrize("fmt", formats())
def test_export_every_format_to_file_and_stdout(runner, seed_graph_file, seed_dataset, fmt):
    target = seed_graph_file.with_name(f"export.{exporter(fmt).extension}")
    to_file = kg(runner, "export", "--format", fmt, "-o", target, "--in", seed_graph_file)
    assert to_file.exit_code == 0, to_file.output
    assert to_file.stdout == "" and f"wrote {target}" in to_file.stderr
    to_stdout = kg(runner, "export", "-f", fmt, "--in", seed_graph_file)
    assert to_stdout.exit_code == 0, to_stdout.output
    data = target.read_bytes()
    assert to_stdout.stdout_bytes == data

    if fmt == "plover":  # one line per event mention (none in a graph built before them)
        lines = data.decode("utf-8").splitlines()
        typed = {(s, o) for s, p, o in merged_triples(seed_dataset) if p == RDF.type}
        mentions = {s for s, o in typed if o == TERMS.EventMention}  # in the named graphs
        candidates = {s for s, o in typed if o == TERMS.Candidate}  # below the threshold
        assert candidates & mentions, "the default build keeps some event mentions as candidates"
        mentions -= candidates
        assert lines and len(lines) == len(mentions)
        assert all(json.loads(line)["event"] for line in lines)
        return
    assert data

    if fmt in RDF_PARSERS:  # the merged graph: every triple of every named graph, once
        graph = Graph().parse(data=data, format=RDF_PARSERS[fmt])
        assert len(graph) == len(merged_triples(seed_dataset))
    elif fmt in DATASET_PARSERS:  # one named graph per document survives
        ds = Dataset()
        ds.parse(data=data, format=DATASET_PARSERS[fmt])
        expected, got = named_graphs(seed_dataset), named_graphs(ds)
        assert got.keys() == expected.keys()
        for key in expected:
            assert isomorphic(got[key], expected[key]), key
    elif fmt in ("graphml", "gexf"):
        root = ET.fromstring(data)
        assert len([e for e in root.iter() if e.tag.endswith("}node")]) > 5
        assert len([e for e in root.iter() if e.tag.endswith("}edge")]) > 5
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert tuple(rows[0]) == CSV_COLUMNS
        assert any(row[1] == "negotiatesWith" for row in rows[1:])


def test_export_format_from_extension_and_default(runner, seed_graph_file, tmp_path):
    result = kg(runner, "export", "-o", tmp_path / "g.nq", "--in", seed_graph_file)
    assert result.exit_code == 0
    ds = Dataset()
    ds.parse(tmp_path / "g.nq", format="nquads")
    assert len(named_graphs(ds)) >= 2
    default = kg(runner, "export", "--in", seed_graph_file)  # turtle on stdout
    assert default.exit_code == 0
    assert len(Graph().parse(data=default.stdout, format="turtle")) > 0


def test_export_unknown_format_fails_before_loading(runner, tmp_path):
    result = kg(runner, "export", "--format", "docx", "--in", tmp_path / "absent.trig")
    message = assert_error(result, 2, "docx")
    for name in ("turtle", "nquads", "trig", "jsonld", "csv"):
        assert name in message
    assert "absent.trig" not in message


def test_export_extension_naming_no_format_is_refused(runner, seed_graph_file, tmp_path):
    result = kg(runner, "export", "-o", tmp_path / "graph.docx", "--in", seed_graph_file)
    assert_error(result, 2, "graph.docx", "--format")
    assert not (tmp_path / "graph.docx").exists()


def test_query_typo_is_reported_before_the_graph_is_loaded(runner, tmp_path):
    result = kg(runner, "query", "SELEC ?x WHERE {}", "--in", tmp_path / "absent.trig")
    assert "absent.trig" not in assert_error(result, 2, "line 1")


def test_export_unwritable_target(runner, seed_graph_file, tmp_path):
    (tmp_path / "a-file").write_text("x")
    result = kg(runner, "export", "-o", tmp_path / "a-file" / "g.ttl", "--in", seed_graph_file)
    assert_error(result, 2, "g.ttl", "cannot write")


# --- view, stats, eval -----------------------------------------------------------------------


def test_view_writes_a_self_contained_page(runner, seed_graph_file, tmp_path):
    target = tmp_path / "x.html"
    result = kg(runner, "view", "-o", target, "--title", "Seed <graph>", "--in", seed_graph_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Seed &lt;graph&gt;" in page and "Hamas" in page
    assert 'src="http' not in page and "src='http" not in page
    default = kg(runner, "view", "--in", seed_graph_file)  # next to the graph
    assert default.exit_code == 0 and seed_graph_file.with_suffix(".html").exists()


def test_view_unwritable_target(runner, seed_graph_file, tmp_path):
    (tmp_path / "a-file").write_text("x")
    result = kg(runner, "view", "-o", tmp_path / "a-file" / "v.html", "--in", seed_graph_file)
    assert_error(result, 2, "v.html", "cannot write")


def test_stats(runner, seed_graph_file):
    result = kg(runner, "stats", "--in", seed_graph_file)
    assert result.exit_code == 0 and result.stderr == ""
    counts = summary(result.stdout)
    assert counts["documents"] == 1
    for key in ("sentences", "entities", "relations", "assertions", "negotiatesWith", "Person"):
        assert counts[key] > 0, key
    assert result.stdout.splitlines()[0].startswith("documents")


def eval_scores(text: str) -> dict[str, float]:
    return {
        name: float(re.search(rf"^{name}\s+([\d.]+)", text, re.MULTILINE).group(1))
        for name in ("precision", "recall", "f1", "forbidden")
    }


def test_eval_scores_the_seed_graph(runner, seed_graph_file):
    result = kg(runner, "eval", SEED_GOLD, "--in", seed_graph_file)
    assert result.exit_code == 0, result.output
    scores = eval_scores(result.stdout)
    assert scores["recall"] >= 0.7, result.stdout
    assert scores["precision"] >= 0.6, result.stdout
    assert re.search(r"^forbidden\s+0\b", result.stdout, re.MULTILINE), result.stdout
    assert "hit " not in result.stdout  # details only with --show


def test_eval_show_lists_hits_and_misses(runner, seed_graph_file):
    result = kg(runner, "eval", SEED_GOLD, "--show", "--in", seed_graph_file)
    assert result.exit_code == 0, result.output
    assert re.search(r"^hit\s+G01\s+.*negotiatesWith", result.stdout, re.MULTILINE)
    required = {
        line.split("\t")[0]
        for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()
        if line.split("\t")[1:2] == ["required"]
    }
    for gold_id in required:  # every required fact is either a hit or a miss
        assert re.search(rf"^(hit|miss)\s+{gold_id}\s", result.stdout, re.MULTILINE), gold_id


def test_eval_one_document(runner, seed_graph_file):
    whole = kg(runner, "eval", SEED_GOLD, "--in", seed_graph_file)
    document = next(SEEDS.glob("*.txt")).name
    one = kg(runner, "eval", SEED_GOLD, "--document", document, "--in", seed_graph_file)
    assert one.exit_code == 0 and one.stdout == whole.stdout
    missing = kg(runner, "eval", SEED_GOLD, "--document", "nope", "--in", seed_graph_file)
    assert_error(missing, 2, "no document", "'nope'")


def test_eval_bad_gold(runner, seed_graph_file, tmp_path):
    assert_error(
        kg(runner, "eval", tmp_path / "gold.tsv", "--in", seed_graph_file),
        2,
        "gold.tsv",
        "no such gold file",
    )
    (tmp_path / "bad.tsv").write_text("# comment\nG1\trequired\tA\n", encoding="utf-8")
    assert_error(
        kg(runner, "eval", tmp_path / "bad.tsv", "--in", seed_graph_file),
        2,
        "bad.tsv:2",
        "5 tab-separated columns",
    )


# --- graph files -----------------------------------------------------------------------------

MISSING_GRAPH_ARGS = {
    "query": ["query", "ASK { ?s ?p ?o }"],
    "view": ["view"],
    "stats": ["stats"],
    "export": ["export", "-f", "nt"],
    "eval": ["eval", str(SEED_GOLD)],
}


@pytest.mark.parametrize("command", MISSING_GRAPH_ARGS)
def test_missing_graph_file(runner, tmp_path, command, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no out/graph.trig here
    result = kg(runner, *MISSING_GRAPH_ARGS[command])
    assert_error(result, 2, "out/graph.trig", "kg build", "--in")
    result = kg(runner, *MISSING_GRAPH_ARGS[command], "--in", tmp_path / "absent.trig")
    assert_error(result, 2, "absent.trig", "kg build", "--in")


def test_unreadable_graph_files(runner, tmp_path):
    (tmp_path / "bad.trig").write_text("@prefix ex: <urn:x#> .\nthis is not trig\n")
    assert_error(
        kg(runner, "stats", "--in", tmp_path / "bad.trig"), 2, "bad.trig", "not valid TriG"
    )
    (tmp_path / "graph.txt").write_text("x")
    message = assert_error(kg(runner, "stats", "--in", tmp_path / "graph.txt"), 2, "graph.txt")
    assert ".trig" in message and ".ttl" in message
    (tmp_path / "dir.trig").mkdir()
    result = kg(runner, "stats", "--in", tmp_path / "dir.trig")
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_other_graph_formats_are_read(runner, seed_graph_file, tmp_path):
    nt = tmp_path / "graph.nt"
    assert kg(runner, "export", "-o", nt, "--in", seed_graph_file).exit_code == 0
    result = kg(runner, "query", "ASK { ?a kg:negotiatesWith ?b }", "--in", nt)
    assert (result.exit_code, result.stdout) == (0, "true\n")


# --- help, version, internal errors ----------------------------------------------------------


def test_help_and_version(runner):
    result = kg(runner, "--help")
    assert result.exit_code == 0
    for word in (*COMMANDS, "--debug", "--version"):
        assert word in result.stdout
    assert kg(runner, "-h").stdout == result.stdout
    version = kg(runner, "--version")
    assert (version.exit_code, version.stdout) == (0, f"kg, version {__version__}\n")


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("build", ("--out", "--model", "--base", "--no-view", "INPUTS", ".jsonl")),
        ("query", ("--format", "--in", "SPARQL", "SELECT", "table", "json", "KG_GRAPH")),
        ("export", ("--format", "--output", "--in", "nquads", "graphml", "csv")),
        ("view", ("--output", "--title", "--in")),
        ("stats", ("--in",)),
        ("eval", ("--document", "--show", "--in", "GOLD")),
    ],
)
def test_command_help(runner, command, options):
    result = kg(runner, command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: kg {command} ")
    for option in options:
        assert option in result.stdout, option


def test_unknown_command(runner):
    result = kg(runner, "frobnicate")
    assert result.exit_code == 2 and "No such command" in result.stderr


def test_internal_error_is_one_line_unless_debug(runner, seed_graph_file, monkeypatch):
    def broken(ds):
        raise RuntimeError("boom")

    monkeypatch.setattr("kg.outputs.stats.stats", broken)
    result = kg(runner, "stats", "--in", seed_graph_file)
    assert_error(result, 1, "RuntimeError('boom')", "internal error", "--debug")
    debug = kg(runner, "--debug", "stats", "--in", seed_graph_file)
    assert isinstance(debug.exception, RuntimeError)


# --- real processes --------------------------------------------------------------------------


def test_installed_script_runs_in_a_fresh_directory(seed_graph_file, tmp_path):
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    shutil.copy(seed_graph_file, work / "out" / "graph.trig")
    result = run(KG, "query", ROOT / "ontology" / "queries" / "negotiations.rq", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "Hamas" in result.stdout and "United States" in result.stdout
    version = run(sys.executable, "-m", "kg", "--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"kg, version {__version__}\n")
    missing = run(sys.executable, "-m", "kg", "stats", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.startswith("Error: out/graph.trig: no graph here")


def test_installed_script_builds_from_stdin(tmp_path):
    result = run(KG, "build", "-", "--no-view", cwd=tmp_path, stdin=STDIN_TEXT)
    assert result.returncode == 0, result.stderr
    # Without a terminal, only the progress lines of a build longer than a few seconds.
    assert all(line.startswith("kg build: ") for line in result.stderr.splitlines())
    assert summary(result.stdout)["documents"] == 1
    assert (tmp_path / "out" / "graph.trig").exists()  # the default output directory
    ids = run(
        KG, "query", "SELECT ?id WHERE { ?d dcterms:identifier ?id }", "-f", "csv", cwd=tmp_path
    )
    assert ids.stdout.splitlines() == ["id", "stdin"]


def test_debug_shows_the_traceback(seed_graph_file, tmp_path):
    args = ("query", "SELEC ?x", "--in", seed_graph_file)
    plain = run(KG, *args, cwd=tmp_path)
    assert plain.returncode == 2
    assert "Traceback" not in plain.stderr and plain.stderr.count("\n") == 1
    debug = run(KG, "--debug", *args, cwd=tmp_path)
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert "kg.errors.QueryError: SPARQL syntax error" in debug.stderr


def test_read_only_commands_never_import_spacy(seed_graph_file, tmp_path):
    graph, gold, html = str(seed_graph_file), str(SEED_GOLD), str(tmp_path / "v.html")
    commands = [
        ["query", "SELECT ?s WHERE { ?s a kg:Person }", "--in", graph],
        ["query", str(QUERIES[0]), "--in", graph],
        ["view", "-o", html, "--in", graph],
        ["stats", "--in", graph],
        ["export", "-f", "trig", "-o", str(tmp_path / "g.trig"), "--in", graph],
        ["export", "-f", "graphml", "-o", str(tmp_path / "g.graphml"), "--in", graph],
        ["eval", gold, "--in", graph],
    ]
    result, report = run_in_one_process(commands, tmp_path)
    assert result.returncode == 0, result.stderr
    assert [code for _, code, _ in report] == [0] * len(commands), result.stderr
    assert [name for name, _, spacy in report if spacy] == []
