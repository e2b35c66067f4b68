"""The output folder of ``kg build``: one build at a time, its files switched as a whole.

A build's files (``graph.trig``, ``graph.ttl``, ``graph.html``) belong together: a TriG of one
build beside the Turtle and view of another is wrong even if each file is whole. So each build
writes its files into a fresh folder of its own, and one rename makes that folder the current
one::

    out/graph.trig -> .kg/current/graph.trig      (the same link for every build)
    out/.kg/current -> build-k3j9x2               (renamed onto in one step: the switch)
    out/.kg/build-k3j9x2/graph.trig, graph.ttl, graph.html
    out/.kg/lock                                  (held by the build that is running)

A reader that opens ``out/graph.trig`` and then ``out/graph.ttl`` gets files of one build, the
old one or the new one, whenever a build is killed. Older build folders are removed once the
switch is done (a reader that has a file open keeps reading it). Only the first build into a
folder holding plain files of an older kg replaces them one by one.

The lock (``fcntl.flock`` on ``.kg/lock``) makes a second build into the same folder refuse at
once, naming the process that holds it, rather than wait: builds are long, and two at once
into one folder is a mistake to point out, not to queue. The lock goes with the process, so a
killed build never leaves the folder locked.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.atomic import fsync_folder, usual_mode
from kg.errors import StoreError

__all__ = ["STATE_FOLDER", "locked", "new_build"]

STATE_FOLDER = ".kg"
_CURRENT = "current"
_LOCK = "lock"
_BUILD_PREFIX = "build-"


def _cannot(out: Path, what: str, exc: OSError) -> StoreError:
    return StoreError(f"{out}: cannot {what}: {exc.strerror or exc}")


def _make_folders(out: Path) -> list[Path]:
    """Create ``out`` and its state folder; the ones that did not exist, outermost first."""
    created = [folder for folder in (out, out / STATE_FOLDER) if not folder.exists()]
    try:
        (out / STATE_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot(out, "create the output directory", exc) from exc
    return created


def _holder(lock: int) -> str:
    """Who holds the lock, as its holder wrote it (its process id), for the message."""
    try:
        text = os.pread(lock, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (process {text})" if text.isdigit() else ""


@contextmanager
def locked(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold ``out_dir`` for one build; StoreError at once if another build holds it.

    Folders this creates are removed again if the block publishes no build (a build that finds
    no usable document leaves nothing behind).
    """
    out = Path(out_dir)
    created = _make_folders(out)
    path = out / STATE_FOLDER / _LOCK
    try:
        lock = os.open(path, os.O_RDWR | os.O_CREAT, usual_mode(0o666))
    except OSError as exc:
        raise _cannot(out, "open the build lock", exc) from exc
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"{out}: another kg build{_holder(lock)} is writing into this folder; wait for "
                "it to finish, or build into another folder with -o"
            ) from None
        os.ftruncate(lock, 0)
        os.pwrite(lock, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield out
        finally:
            if created and not (out / STATE_FOLDER / _CURRENT).exists():
                path.unlink(missing_ok=True)
                for folder in reversed(created):
                    try:
                        folder.rmdir()
                    except OSError:  # something else was put there meanwhile: keep it
                        break
    finally:
        os.close(lock)  # releases the lock


@contextmanager
def new_build(out: Path) -> Iterator[Path]:
    """A fresh folder for one build's files; when the block ends they become the current set.

    Call it while holding :func:`locked`. If the block fails, its folder is removed and the
    current set stays as it was.
    """
    state = out / STATE_FOLDER
    try:
        folder = Path(tempfile.mkdtemp(prefix=_BUILD_PREFIX, dir=state))
        folder.chmod(usual_mode(0o777))  # mkdtemp makes it private (0700)
    except OSError as exc:
        raise _cannot(out, "create a build folder", exc) from exc
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        fsync_folder(folder)
        _switch(state, folder)
        _link(out, sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")))
    except OSError as exc:
        raise _cannot(out, "switch to the new build", exc) from exc
    _remove_old_builds(state, keep=folder)


def _replace_with_link(link: Path, target: str) -> None:
    """Make ``link`` a symbolic link to ``target`` in one rename (never missing meanwhile)."""
    temporary = link.with_name(f".{link.name}.kg-link")  # one writer: the lock holder
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    temporary.replace(link)


def _switch(state: Path, folder: Path) -> None:
    """The one step that replaces the whole set: ``current`` now names ``folder``."""
    _replace_with_link(state / _CURRENT, folder.name)
    fsync_folder(state)


def _link(out: Path, names: list[str]) -> None:
    """``out/NAME -> .kg/current/NAME`` for each file of the build; links to files it lacks
    (``graph.html`` after ``--no-view``) are removed rather than left dangling."""
    prefix = f"{STATE_FOLDER}/{_CURRENT}/"
    for name in names:
        link = out / name
        if not (link.is_symlink() and os.readlink(link) == prefix + name):
            _replace_with_link(link, prefix + name)
    for link in out.iterdir():
        if link.is_symlink() and link.name not in names and os.readlink(link).startswith(prefix):
            link.unlink()
    fsync_folder(out)


def _remove_old_builds(state: Path, *, keep: Path) -> None:
    """Earlier builds, and folders of builds that were killed; what cannot go stays."""
    for folder in state.iterdir():
        if folder.name.startswith(_BUILD_PREFIX) and folder != keep and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
