"""Parsing and extraction elsewhere than in the building process give the same graph.

A small corpus of the benchmark's kind (``bench/corpus.py``, the project's own sentences) is
built by real ``kg build`` processes with one worker and with two, and by the API on a real
``distributed.LocalCluster`` on loopback; the quads must be the same set.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from conftest import ROOT

from kg import api

KG = Path(sys.executable).with_name("kg")
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402  (bench/ is not a package)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty documents: more than two batches, so both workers get work."""
    return corpus.write(tmp_path_factory.mktemp("corpus") / "c.jsonl", 40)


@pytest.fixture(scope="module")
def one_worker(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> set:
    out = tmp_path_factory.mktemp("one")
    subprocess.run([KG, "build", small_corpus, "-o", out, "--no-view"], check=True)
    return set(pyoxigraph.parse(path=str(out / "graph.trig")))


def test_two_workers_write_the_same_quads_as_one(small_corpus, one_worker, tmp_path) -> None:
    done = subprocess.run(
        [KG, "build", small_corpus, "-o", tmp_path, "--no-view", "--workers", "2"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert re.search(r"^documents +40$", done.stdout, re.M)
    assert len(one_worker) > 1000
    assert set(pyoxigraph.parse(path=str(tmp_path / "graph.trig"))) == one_worker


def test_a_bad_document_among_workers_costs_only_itself(small_corpus, tmp_path) -> None:
    lines = small_corpus.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], '{"id": "x"}', *lines[1:20]]) + "\n", encoding="utf-8")
    done = subprocess.run(
        [KG, "build", bad, "-o", tmp_path / "out", "--no-view", "--workers", "2"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "bad.jsonl:2: record 'x' needs a non-empty string \"text\"" in done.stderr
    assert re.search(r"^documents +20$", done.stdout, re.M)


def test_dask_cluster_gives_the_same_quads_as_a_local_build(
    small_corpus, one_worker, tmp_path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result = api.build(
            [str(small_corpus)], out_dir=tmp_path, view=False, scheduler=cluster.scheduler_address
        )
    assert len(result.extractions) == 40
    assert set(pyoxigraph.parse(path=str(tmp_path / "graph.trig"))) == one_worker


def test_executor_dask_needs_a_scheduler(small_corpus, tmp_path) -> None:
    done = subprocess.run(
        [KG, "build", small_corpus, "-o", tmp_path, "--executor", "dask"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "--executor dask and --scheduler ADDRESS go together" in done.stderr
