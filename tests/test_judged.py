"""The judged draws of ``tests/data/judged/`` are complete and score as their README says, and
``bench/judge.py`` names the line of a row left unjudged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "tests" / "data" / "judged"


@pytest.fixture(scope="module")
def judge():
    spec = importlib.util.spec_from_file_location("judge", ROOT / "bench" / "judge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("modern-first-met.tsv", "right 40/60 = 0.667"),
        ("long-first-met.tsv", "right 32/50 = 0.640"),
        ("modern-after.tsv", "right 46/60 = 0.767"),
        ("long-after.tsv", "right 36/50 = 0.720"),
        ("modern-seed3.tsv", "right 45/60 = 0.750"),
        ("long-seed3.tsv", "right 36/50 = 0.720"),
        ("modern-new-first-met.tsv", "right 40/60 = 0.667"),
        ("long-new-first-met.tsv", "right 33/50 = 0.660"),
        ("modern-new2-first-met.tsv", "right 38/60 = 0.633"),
        ("long-new2-first-met.tsv", "right 26/50 = 0.520"),
        ("modern-new3-first-met.tsv", "right 32/60 = 0.533"),
        ("long-new3-first-met.tsv", "right 27/50 = 0.540"),
        ("modern-new4-first-met.tsv", "right 37/60 = 0.617"),
        ("long-new4-first-met.tsv", "right 25/50 = 0.500"),
        ("modern-new5-first-met.tsv", "right 45/60 = 0.750"),
        ("long-new5-first-met.tsv", "right 31/50 = 0.620"),
        ("modern-new6-first-met.tsv", "right 36/60 = 0.600"),
        ("long-new6-first-met.tsv", "right 31/50 = 0.620"),
        ("modern-new7-first-met.tsv", "right 50/60 = 0.833"),
        ("long-new7-first-met.tsv", "right 38/50 = 0.760"),
        ("modern-new8-first-met.tsv", "right 34/60 = 0.567"),
        ("long-new8-first-met.tsv", "right 29/50 = 0.580"),
    ],
)
def test_each_draw_is_judged_and_scores_as_recorded(judge, capsys, name, figure):
    assert judge.score([JUDGED / name]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == figure
    assert figure.split()[1] in (JUDGED / "README.md").read_text(encoding="utf-8")


def test_an_unjudged_row_is_an_error_naming_its_line(judge, capsys, tmp_path):
    rows = (JUDGED / "long-after.tsv").read_text(encoding="utf-8").splitlines()
    rows[3] = "\t".join([*rows[3].split("\t")[:5], "", ""])
    path = tmp_path / "draw.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert judge.score([path]) == 1
    assert f"{path}:4: verdict ''; write right or wrong" in capsys.readouterr().err
