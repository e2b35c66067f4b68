"""The output folder of a build: one build at a time, and never a half-written or mixed set.

Real ``kg build`` processes: a second build is refused while a first holds the folder, and a
build killed with SIGKILL at each step of its write phase leaves the old set or the new one,
never a mix. The kill points are found without any hook in kg: a small runner replaces
``os.replace`` / ``shutil.rmtree`` in the build's own process with versions that kill it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sample import build_sample_dataset

from kg.errors import StoreError
from kg.store.files import load_dataset, save_dataset
from kg.store.folder import STATE_FOLDER, locked, new_build

KG = Path(sys.executable).with_name("kg")
OLD_TEXT = "Qatar mediated talks between Israel and Hamas.\n"  # the old build reads stdin
NEW = [
    {"id": "new-1", "text": "Egypt hosted a meeting with Israeli officials in Cairo."},
    {"id": "new-2", "text": "The United States negotiated with Hamas in Doha on Monday."},
]
FILES = ("graph.trig", "graph.ttl", "graph.html")

# Runs `kg build` in this process, killing itself (SIGKILL) at the Nth call of one function.
_KILLER = textwrap.dedent(
    """
    import os, shutil, signal, sys
    module, name, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
    owner = {"os": os, "shutil": shutil}[module]
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


def jsonl(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run_kg(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KG), *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs
    )


def snapshot(out: Path) -> dict[str, object]:
    """What a reader of ``out`` sees: each graph parsed, the view's bytes hashed."""
    seen: dict[str, object] = {}
    for name in FILES:
        path = out / name
        if not path.exists():
            seen[name] = None
        elif name == "graph.html":
            seen[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:  # kg mints no blank nodes: the quads themselves can be compared
            quads = load_dataset(path).quads((None, None, None, None))
            seen[name] = frozenset(
                (s, p, o, str(getattr(g, "identifier", g))) for s, p, o, g in quads
            )
    return seen


def same(a: dict[str, object], b: dict[str, object]) -> bool:
    return all(a[name] == b[name] for name in FILES)


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, object]:
    """The old and the new build, each made once into a folder of its own, for comparison."""
    work = tmp_path_factory.mktemp("sets")
    new_in = jsonl(work, "new.jsonl", NEW)
    build_old(work / "old")
    done = run_kg("build", new_in, "-o", work / "new")
    assert done.returncode == 0, done.stderr
    return {
        "new_in": new_in,
        "old_folder": work / "old",
        "old": snapshot(work / "old"),
        "new": snapshot(work / "new"),
    }


def old_folder(sets: dict[str, object], out: Path) -> None:
    """``out`` as the old build left it (a copy, links kept as links: cheaper than a build)."""
    shutil.copytree(sets["old_folder"], out, symlinks=True)


def build_old(out: Path) -> None:
    done = run_kg("build", "-", "-o", out, input=OLD_TEXT)
    assert done.returncode == 0, done.stderr


# --- two builds at once ------------------------------------------------------------------------


def _wait_for_lock(out: Path, pid: int) -> None:
    lock = out / STATE_FOLDER / "lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(pid):
            return
        time.sleep(0.05)
    raise AssertionError("the first build never took the lock")


def test_a_second_build_into_the_same_folder_is_refused(sets, tmp_path):
    out = tmp_path / "out"
    # The first build holds the folder while it waits for its standard input.
    first = subprocess.Popen(
        [str(KG), "build", "-", "-o", str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_lock(out, first.pid)
        second = run_kg("build", sets["new_in"], "-o", out)
        assert second.returncode == 2
        assert second.stdout == ""
        assert second.stderr == (
            f"Error: {out}: another kg build (process {first.pid}) is writing into this folder; "
            "wait for it to finish, or build into another folder with -o\n"
        )
        _, stderr = first.communicate(OLD_TEXT, timeout=300)
    finally:
        first.kill()
        first.wait()
    assert first.returncode == 0, stderr
    assert same(snapshot(out), sets["old"])  # the refused build changed nothing
    after = run_kg("build", sets["new_in"], "-o", out)  # the lock went with the first build
    assert after.returncode == 0, after.stderr
    assert same(snapshot(out), sets["new"])


def test_a_killed_build_does_not_keep_the_folder_locked(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [str(KG), "build", "-", "-o", str(out)], stdin=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for_lock(out, holder.pid)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with locked(out):  # free again at once
        pass


def test_a_build_that_publishes_nothing_leaves_no_folder(tmp_path):
    out = tmp_path / "new-out"
    done = run_kg("build", tmp_path / "missing.txt", "-o", out)
    assert done.returncode == 2
    assert not out.exists()


# --- killed in the write phase -----------------------------------------------------------------

# (function replaced, which call kills): each step of the write phase of a build with a view.
KILL_POINTS = [
    ("os", "fsync", 1),  # graph.ttl written, not yet renamed in the build folder
    ("os", "replace", 2),  # graph.ttl in place, graph.html written, not renamed
    ("os", "fsync", 5),  # graph.trig written into its temporary file (each file: 2 fsyncs)
    ("os", "replace", 4),  # all three in the build folder: the switch is next
    ("shutil", "rmtree", 1),  # switched: the old build is being removed
]


@pytest.mark.parametrize(("module", "name", "nth"), KILL_POINTS)
def test_a_build_killed_while_writing_leaves_the_old_set_or_the_new(
    sets, tmp_path, module, name, nth
):
    out = tmp_path / "out"
    old_folder(sets, out)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, module, name, str(nth), "build", sets["new_in"], "-o", out],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    seen = snapshot(out)
    assert same(seen, sets["old"]) or same(seen, sets["new"])
    switched = same(seen, sets["new"])
    assert switched == (module == "shutil"), "the switch is the last step but the clean-up"
    with locked(out), new_build(out) as folder:  # the next build finds the folder free ...
        save_dataset(build_sample_dataset(), folder / "graph.trig")
    builds = [p.name for p in (out / STATE_FOLDER).iterdir() if p.name.startswith("build-")]
    assert len(builds) == 1, builds  # ... and clears away what the killed one left
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != STATE_FOLDER]


def test_the_files_are_links_through_one_current_build(sets, tmp_path):
    out = tmp_path / "out"
    old_folder(sets, out)
    for name in FILES:
        assert os.readlink(out / name) == f"{STATE_FOLDER}/current/{name}"
    current = (out / STATE_FOLDER / "current").resolve()
    assert {p.name for p in current.iterdir()} == set(FILES)
    no_view = run_kg("build", sets["new_in"], "-o", out, "--no-view")
    assert no_view.returncode == 0, no_view.stderr
    assert not (out / "graph.html").exists() and not (out / "graph.html").is_symlink()
    assert "graph.html" not in no_view.stdout


def test_writing_through_a_build_link_updates_that_build(tmp_path):
    out = tmp_path / "out"
    with locked(out), new_build(out) as folder:
        save_dataset(build_sample_dataset(), folder / "graph.trig")
    link = out / "graph.trig"
    assert link.is_symlink()
    save_dataset(build_sample_dataset(), link)  # as kg infer writes --in back
    assert link.is_symlink()  # still a link, and the build's own file is the new one
    assert len(load_dataset(link)) == len(build_sample_dataset())


def test_a_failed_build_step_keeps_the_current_set(tmp_path):
    out = tmp_path / "out"
    with locked(out), new_build(out) as folder:
        save_dataset(build_sample_dataset(), folder / "graph.trig")
    before = (out / "graph.trig").read_bytes()
    with pytest.raises(RuntimeError), locked(out), new_build(out) as folder:
        (folder / "graph.trig").write_text("half")
        raise RuntimeError("the build failed here")
    assert (out / "graph.trig").read_bytes() == before
    assert len(list((out / STATE_FOLDER).glob("build-*"))) == 1


# --- kg export -o and reading what an interruption leaves ------------------------------------


def test_export_killed_before_the_rename_leaves_the_old_file(tmp_path):
    graph = save_dataset(build_sample_dataset(), tmp_path / "graph.trig")
    target = tmp_path / "graph.nt"
    target.write_text("<urn:a> <urn:b> <urn:c> .\n")
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLER,
            "os",
            "replace",
            "1",
            "export",
            "--in",
            graph,
            "-o",
            target,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert target.read_text() == "<urn:a> <urn:b> <urn:c> .\n"
    done = run_kg("export", "--in", graph, "-o", target)
    assert done.returncode == 0, done.stderr
    assert len(load_dataset(target)) == len(build_sample_dataset())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("graph.trig", "", "empty file (0 bytes)"),
        ("graph.ttl", "", "empty file (0 bytes)"),
        ("graph.nq", "", "empty file (0 bytes)"),
        ("graph.jsonld", "", "empty file (0 bytes)"),
        ("graph.rdf", "", "empty file (0 bytes)"),
        ("graph.trig", "@prefix kg: <https://w3id.org/kgnews/ontology#> .\n", "no triple"),
        ("graph.ttl", "# nothing here\n", "no triple"),
    ],
)
def test_an_empty_graph_file_is_an_error_not_an_empty_graph(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(StoreError, match=re.escape(message)) as caught:
        load_dataset(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    done = run_kg("stats", "--in", path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"Error: {path}: ") and done.stderr.count("\n") == 1
