"""Shared fixtures: the hand-built sample dataset, one real build of the seed article, and the
real spaCy pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "data" / "seed-gold.tsv"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the session."""
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def sample() -> Dataset:
    from sample import build_sample_dataset

    return build_sample_dataset()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory):
    """The seed article built once with the real spaCy model, written to a temporary out/."""
    from kg.api import build

    out = tmp_path_factory.mktemp("seed-out")
    return build([str(SEEDS)], out_dir=out)


@pytest.fixture
def seed_graph_file(seed_build, tmp_path: Path) -> Path:
    """A private copy of the seed graph file (tests may not change the shared one)."""
    target = tmp_path / "graph.trig"
    shutil.copy(seed_build.outputs["trig"], target)
    return target


PLOVER_DEV = SHARED_EVAL / "plover-dev.json"


@pytest.fixture(scope="session")
def plover_dev_build(tmp_path_factory: pytest.TempPathFactory):
    """The PLOVER dev records built as one document each (skipped without ../shared)."""
    if not PLOVER_DEV.is_file():
        pytest.skip(f"{PLOVER_DEV} is not here (it lives in ../shared, never in the project)")
    from kg.api import build
    from kg.evaluate.plover import jsonl_records, load_records

    records = load_records(PLOVER_DEV)
    work = tmp_path_factory.mktemp("plover")
    (work / "plover-dev.jsonl").write_text(jsonl_records(records), encoding="utf-8")
    return records, build([str(work / "plover-dev.jsonl")], out_dir=work / "out", view=False)
