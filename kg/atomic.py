"""Writing a file so that no reader ever sees it half-written.

Every file kg writes (graphs, exports, views, reports) goes to a temporary file in the target's
folder, is flushed to disk, and is renamed onto the target: a rename within one file system is
atomic, so the target is the old file or the new one, never a mix or an empty file, even if the
process is killed. A killed writer may leave its hidden temporary file (``.NAME.*.tmp``) behind;
it is never read.

A target that is a symbolic link is written where the link points, as a plain ``open`` would
(so ``out/graph.trig`` updates the build it names, see :mod:`kg.store.folder`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kg.errors import StoreError

__all__ = ["atomic_file", "fsync_folder", "usual_mode", "write_atomically"]


def _read_umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def usual_mode(mode: int) -> int:
    """``mode`` less the process umask: what ``open`` and ``mkdir`` would have given."""
    return mode & ~_UMASK


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (a no-op where folders cannot be synced)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace ``path`` when the block ends without error.

    On an error the temporary file is removed and ``path`` is left as it was; an OSError becomes
    a one-line StoreError naming ``path``.
    """
    target = Path(path).resolve()
    shown = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise StoreError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), usual_mode(0o666))  # mkstemp makes it private (0600)
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(target)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
        raise
    fsync_folder(target.parent)


def write_atomically(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` through :func:`atomic_file`; returns ``path``."""
    with atomic_file(path) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
