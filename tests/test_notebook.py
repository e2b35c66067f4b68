"""The walkthrough notebook runs from top to bottom and shows what its text promises.

The notebook is executed in a real Jupyter kernel (the interpreter running pytest), with its
outputs written to a temporary ``KG_OUT`` so the repository stays clean.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOK = NOTEBOOK_DIR / "walkthrough.ipynb"
KERNEL = "python3"
# jupyter_client swaps these launcher names for sys.executable when it starts a kernel.
_SELF_NAMES = {
    "python",
    f"python{sys.version_info[0]}",
    "python{}.{}".format(*sys.version_info[:2]),
}


def _same_interpreter(program: str) -> bool:
    if program in _SELF_NAMES:
        return True
    try:
        return Path(program).resolve() == Path(sys.executable).resolve()
    except OSError:
        return False


def _use_this_interpreter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make the ``python3`` kernel run sys.executable, whatever kernelspecs are installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec(KERNEL).argv
    except NoSuchKernel:
        argv = []
    if argv and _same_interpreter(argv[0]):
        return
    spec_dir = tmp_path / "jupyter" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (pytest)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))


def _text(cell) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    """The notebook after a full run, and the output directory it wrote to."""
    assert NOTEBOOK.is_file(), f"missing {NOTEBOOK}"
    tmp = tmp_path_factory.mktemp("notebook")
    out = tmp / "out"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("KG_OUT", str(out))  # the kernel inherits this environment
        _use_this_interpreter(monkeypatch, tmp)
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            nb,
            timeout=180,
            kernel_name=KERNEL,
            resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
        )
        client.execute()
    return {cell.get("id"): cell for cell in nb.cells}, out


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], f"cell {cell.id} has stored outputs"
        assert cell.execution_count is None, f"cell {cell.id} has an execution count"


def test_no_cell_raised(executed):
    cells, _ = executed
    for cell_id, cell in cells.items():
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"cell {cell_id} did not run"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"cell {cell_id} raised {errors[0].ename}: {errors[0].evalue}"


def test_stats_mention_negotiations(executed):
    cells, _ = executed
    text = _text(cells["stats"])
    assert "negotiatesWith" in text
    assert "documents" in text


def test_evidence_table_lists_boehler(executed):
    cells, _ = executed
    text = _text(cells["evidence"])
    assert "Adam Boehler" in text
    assert "subjectLabel" in text and "sentenceText" in text


def test_inline_query_and_records(executed):
    cells, _ = executed
    roles = _text(cells["roles"])
    assert "holdsPosition" in roles and "special envoy for hostage affairs" in roles
    records = _text(cells["records"])
    assert "mentions by relation:" in records and "negotiatesWith" in records


def test_view_is_an_inline_iframe(executed):
    cells, _ = executed
    html = [
        output.data["text/html"]
        for output in cells["view"].outputs
        if output.output_type in ("execute_result", "display_data") and "text/html" in output.data
    ]
    assert html, "the view cell displayed no HTML"
    assert "<iframe" in html[0] and "srcdoc=" in html[0]
    assert "vis.Network" in html[0]


def test_turtle_export_parses(executed):
    from rdflib import Graph

    _, out = executed
    turtle = out / "walkthrough.ttl"
    assert turtle.is_file()
    graph = Graph().parse(turtle, format="turtle")
    assert len(graph) > 50
    # the build itself wrote its outputs there too, not into the repository
    assert (out / "graph.trig").is_file()
