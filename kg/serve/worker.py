"""Running one SPARQL operation in a forked worker process, so a timeout can really stop it.

Python threads cannot be killed, so a query stuck in rdflib's evaluation would keep a core busy
after its client gave up. Each operation is run in a child forked from the server (it sees the
dataset as it was at the fork, copy-on-write), which writes its answer into a pipe; the parent
waits at most ``timeout`` seconds and kills it otherwise. The children only evaluate and write
to their pipe, then leave with ``os._exit``: they take none of the locks the server's threads
use, which is what makes forking from the threaded server safe. An update runs the same way;
the child sends back the quads it added and removed, and the parent applies them.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset
from rdflib.query import Result

from kg.errors import AccessError, KgError, QueryError
from kg.outputs.query import parse_query, run_query, run_store_query
from kg.rdf.guard import check_query, confined, dataset_graphs
from kg.rdf.namespace import PREFIXES

__all__ = ["Changes", "DatasetBackend", "Reply", "Stopped", "StoreBackend", "run_in_worker"]


@dataclass(frozen=True)
class Reply:
    """An HTTP answer made by a worker: status, media type and body."""

    status: int
    media_type: str
    body: bytes


class Stopped(Exception):
    """The worker ran past its time and was killed."""


@dataclass(frozen=True)
class Changes:
    """What an update did to the dataset: quads (s, p, o, graph name) removed and added."""

    removed: frozenset[tuple[Any, Any, Any, Any]]
    added: frozenset[tuple[Any, Any, Any, Any]]


def _quads(ds: Dataset) -> set[tuple[Any, Any, Any, Any]]:
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in ds.quads()}


class DatasetBackend:
    """An rdflib dataset served read-only by default: queries and updates through kg's guard.

    A store that answers ``query(sparql) -> Result`` can stand in its place; ``update`` returns
    the changes for :meth:`apply`, which runs in the server (the worker's copy is thrown away).
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.lock = threading.Lock()  # held while changes are applied, and while forking

    def query(self, sparql: str) -> Result:
        """Run a read-only query; QueryError for bad SPARQL, AccessError past the dataset."""
        return run_query(self.dataset, parse_query(sparql))

    def update(self, sparql: str) -> Changes:
        """Run a SPARQL update on this (worker's) copy and say what it changed.

        LOAD, and USING of what is not a graph of the dataset, are refused, and it runs confined
        like a query: an update reaches nothing but the dataset either.
        """
        update = _checked_update(sparql, dataset_graphs(self.dataset))
        before = _quads(self.dataset)
        try:
            with confined():
                self.dataset.update(update)
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"update failed: {' '.join(str(exc).split())}") from exc
        after = _quads(self.dataset)
        return Changes(frozenset(before - after), frozenset(after - before))

    def apply(self, changes: Changes) -> None:
        """Apply a worker's changes to the served dataset."""
        with self.lock:
            for s, p, o, g in changes.removed:
                self.dataset.graph(g).remove((s, p, o))
            for s, p, o, g in changes.added:
                self.dataset.graph(g).add((s, p, o))


def _checked_update(sparql: str, graphs: frozenset[str]) -> Any:
    """The parsed update, or QueryError if it is not one; AccessError for LOAD, and USING of
    what is not one of ``graphs``."""
    from rdflib.plugins.sparql.processor import prepareUpdate

    try:
        update = prepareUpdate(sparql, initNs=PREFIXES)
    except Exception as exc:  # pyparsing's errors, and translation errors
        raise QueryError(f"invalid SPARQL update: {' '.join(str(exc).split())}") from exc
    check_query(update, graphs=graphs)
    return update


class StoreBackend:
    """A store of :mod:`kg.store` (``oxigraph:DIR``, ``sparql:...``) served like a dataset.

    The server holds nothing open: each worker opens the store for its one operation, an
    Oxigraph store read-only (no lock, so ``kg build --store`` may write it meanwhile; each
    query sees the documents committed when it started). An update, with ``--allow-update``,
    opens it for writing in its worker and is one transaction: a worker killed at the timeout
    leaves nothing of it.
    """

    def __init__(self, spec: str) -> None:
        from kg.store.registry import parse_spec

        self.spec = spec
        self.parsed = parse_spec(spec)
        self.lock = threading.Lock()  # taken while forking, as for a dataset

    def size(self) -> int:
        """The number of quads (run in a worker at start: the store opens, or it fails now)."""
        from kg.store.registry import open_store

        with open_store(self.parsed, read_only=True) as source:
            return len(source)

    @property
    def dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset, for the view and the reference pages."""
        from kg.store.registry import open_store

        with open_store(self.parsed, read_only=True) as source:
            return source.dataset()

    def query(self, sparql: str) -> Result:
        """Run a read-only query on the store, through the same guard as a dataset's."""
        from kg.store.registry import open_store

        with open_store(self.parsed, read_only=True) as source:
            return run_store_query(source, sparql)

    def update(self, sparql: str) -> Changes:
        """Run the update on the store itself (nothing is left for :meth:`apply`)."""
        from kg.store.registry import open_store

        with open_store(self.parsed) as target:
            _checked_update(sparql, target.named_graphs())
            try:
                target.update(sparql)
            except (SyntaxError, OSError, ValueError) as exc:
                raise QueryError(f"update failed: {' '.join(str(exc).split())}") from exc
        return Changes(frozenset(), frozenset())

    def apply(self, changes: Changes) -> None:
        """Nothing to do: the worker wrote the store."""


def error_reply(exc: Exception) -> Reply:
    """400 for a bad query, 403 for one that reaches outside the dataset, 500 otherwise; an
    error that names its own status (``http_status``, as 406 does) gets it."""
    status = 403 if isinstance(exc, AccessError) else 400 if isinstance(exc, KgError) else 500
    status = getattr(exc, "http_status", status)
    message = str(exc) if isinstance(exc, KgError) else f"internal error: {exc!r}"
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _child(work: Callable[[], Any], write_fd: int) -> None:
    """In the forked child: run ``work`` and write its pickled outcome; never return."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            outcome: Any = ("ok", work())
        except Exception as exc:
            outcome = ("error", error_reply(exc))
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def run_in_worker(work: Callable[[], Any], *, timeout: float, lock: threading.Lock) -> Any:
    """What ``work()`` returns, computed in a forked child, or Stopped after ``timeout`` s.

    An exception in the child comes back as an error :class:`Reply` (returned, not raised).
    ``lock`` is held while forking, so no child sees half-applied changes.
    """
    read_fd, write_fd = os.pipe()
    with lock:
        pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(work, write_fd)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    answered = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_fd], [], [], left)[0]:
                raise Stopped(f"stopped after {timeout:g} s (kg serve --timeout)")
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                answered = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not answered:  # past its time, or this thread failed: the work must not go on
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if not chunks:
        raise RuntimeError("the worker process ended without an answer")
    _, value = pickle.loads(b"".join(chunks))
    return value
