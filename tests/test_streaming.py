"""The streaming file build (``kg.streaming``, what ``kg build -o DIR`` runs) writes the same
files as the in-memory build, byte for byte, and a streaming build killed at any step of its
two passes leaves the previous output as it was.

Real text (kg's own PLOVER records, each twice under another id so that entities merge and facts
are corroborated across documents, and the seed article), real spaCy builds. That memory stays
flat is measured by ``bench/scale.py``, not here.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg import api
from kg.outputs.stats import stats
from kg.store.folder import STATE_FOLDER

ROOT = Path(__file__).resolve().parent.parent
KG = Path(sys.executable).with_name("kg")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Fifteen of kg's own records, each again under a second id, and the seed article."""
    records = json.loads((ROOT / "tests/data/plover-own.json").read_text(encoding="utf-8"))[:15]
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    lines = [{"id": r["id"], "text": r["text"]} for r in records]
    lines += [{"id": f"{r['id']}-again", "text": r["text"]} for r in records]
    lines.append({"id": "seed", "text": seed})
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def in_memory(corpus, tmp_path_factory) -> tuple[Path, api.BuildResult]:
    out = tmp_path_factory.mktemp("in-memory")
    return out, api.build([str(corpus)], out_dir=out, view=False)


def test_the_streaming_build_writes_the_same_bytes_as_the_in_memory_one(
    corpus, in_memory, tmp_path, monkeypatch
):
    import kg.rdf.serialize

    monkeypatch.setattr(kg.rdf.serialize, "RUN", 300)  # several runs on disk, merged
    memory_out, memory = in_memory
    streamed = api.build([str(corpus)], out_dir=tmp_path, view=False, stream=True)
    runs = len(memory.dataset) // 300
    assert runs >= 4, "the corpus is too small to need several runs"
    for name in ("graph.trig", "graph.ttl"):
        assert (tmp_path / name).read_bytes() == (memory_out / name).read_bytes(), name
    assert streamed.counts == stats(memory.dataset)
    assert streamed.dataset is None and streamed.extractions == []
    documents_of: dict[tuple[str, str, str], set[str]] = {}
    for extraction in memory.extractions:
        for f in extraction.facts:
            key = (f.subject, f.property, f.object)
            documents_of.setdefault(key, set()).add(extraction.document.id)
    assert any(len(ids) > 1 for ids in documents_of.values()), "no fact across documents"
    left = [p.name for p in (tmp_path / STATE_FOLDER).glob("build-*/.*")]
    assert left == [], "the spill and the runs are removed"


def test_the_streaming_build_counts_what_the_dataset_holds(corpus, in_memory):
    _, memory = in_memory
    counts = stats(memory.dataset)
    assert counts.documents == 31
    assert counts.relations > 0 and counts.events > 0
    twice = {e.document.id.removesuffix("-again") for e in memory.extractions}
    assert len(twice) == 16  # fifteen records, each in two documents, and the seed


# Runs `kg build` in this process with runs of 200 quads, killing itself (SIGKILL) at the Nth
# call of one function of the build's two passes.
_KILLER = textwrap.dedent(
    """
    import os, pickle, signal, sys
    import pyoxigraph
    import kg.rdf.serialize
    kg.rdf.serialize.RUN = 200
    module, name, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
    owner = {"pickle": pickle, "pyoxigraph": pyoxigraph}[module]
    real, calls = getattr(owner, name), [0]
    def deadly(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    setattr(owner, name, deadly)
    from kg.cli import main
    sys.argv = ["kg", *sys.argv[4:]]
    main()
    """
)
KILL_POINTS = [  # and what the killed build has left in its own folder by then
    ("pickle", "dump", 15, ".extractions.pickle"),  # pass 1, half-way
    ("pickle", "load", 10, ".quads-0.nq"),  # pass 2: reading the spill back
    ("pyoxigraph", "serialize", 4, ".quads-1.nq"),  # runs of sorted quads written
    ("pyoxigraph", "parse", 2, ".quads-0.nq"),  # merging the runs into graph.ttl
]


@pytest.mark.parametrize(("module", "name", "nth", "left"), KILL_POINTS)
def test_a_killed_streaming_build_leaves_the_previous_output(
    corpus, tmp_path, module, name, nth, left
):
    out = tmp_path / "out"
    first = subprocess.run(
        [KG, "build", "-", "-o", out, "--no-view"],
        input="Qatar mediated talks between Israel and Hamas.\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    before = {n: (out / n).read_bytes() for n in ("graph.trig", "graph.ttl")}
    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, module, name, str(nth), "build", corpus, "-o", out],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert list((out / STATE_FOLDER).glob(f"build-*/{left}")), "killed where it was meant to be"
    assert {n: (out / n).read_bytes() for n in before} == before
    assert sorted(p.name for p in out.iterdir()) == [STATE_FOLDER, "graph.trig", "graph.ttl"]
    again = subprocess.run(
        [KG, "build", "-", "-o", out, "--no-view"],
        input="Egypt hosted talks with Israeli officials in Cairo.\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    builds = [p for p in (out / STATE_FOLDER).iterdir() if p.name.startswith("build-")]
    assert len(builds) == 1, "the next build clears away what the killed one left"
    assert not [p for p in builds[0].iterdir() if p.name.startswith(".")]
