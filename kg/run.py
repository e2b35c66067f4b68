"""Running parsing and extraction: in this process, in N local processes, or on a Dask cluster.

Whatever runs them, documents go out in batches and come back as plain records of ``kg.model``
(an ``Extraction`` or a ``Problem`` per document) in the order they went out, so that the
caller, the one writer, maps and writes exactly what one process would have. A worker loads the
spaCy pipeline once (a forked local worker inherits the parent's) and keeps it.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from kg.model import Document, Extraction, Problem

Outcome = Extraction | Problem
Progress = Callable[[int, int], None]
BATCH = 16  # documents per task: large enough to keep spaCy's batching, small for progress

_PIPELINES: dict[str | None, Any] = {}  # one loaded pipeline per model name, per process


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep every object alive now (the loaded spaCy pipeline, the lexicon) out of the garbage
    collector's full passes until the block ends; enter it once the pipeline is loaded.

    A build makes many objects that live until it ends (a run of quads, the entity index), so
    CPython runs full collections during it, and each walks the whole heap, the model's objects
    included, though none of those can be freed while the build runs (a sixth of the time of
    mapping and writing a 200-document build's graph: 1.70 s, 1.41 s frozen). ``gc.freeze``
    moves them to a generation no collection walks; workers forked inside the block
    (``run_local``) share those pages rather than copying them when a collection touches them.
    What is built is the same:
    freezing decides only which objects a collection looks at. At the end they are handed back
    to the collector (``gc.unfreeze``), unless the caller had frozen objects of its own.
    """
    already = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()


def outcomes(documents: Iterable[Document], nlp: Any) -> Iterator[Outcome]:
    """Parse and extract each document; one whose extraction fails becomes a Problem."""
    from kg.extract import extract
    from kg.nlp import parse

    for doc, document in parse(((d.text, d) for d in documents), nlp):
        try:
            yield extract(doc, document)
        except Exception as exc:  # a bug on one document must not lose the batch
            yield Problem(document.source or document.id, f"extraction failed: {exc!r}")


def extract_batch(documents: Sequence[Document], model: str | None) -> list[Outcome]:
    """One task: the outcomes of a batch, with this process's pipeline for ``model``."""
    if model not in _PIPELINES:
        from kg.nlp import load_pipeline

        _PIPELINES[model] = load_pipeline(model)
    return list(outcomes(documents, _PIPELINES[model]))


def batches(documents: Sequence[Document], size: int = BATCH) -> list[Sequence[Document]]:
    """The documents cut into consecutive batches of ``size``."""
    return [documents[start : start + size] for start in range(0, len(documents), size)]


def run_local(
    documents: Sequence[Document],
    *,
    model: str | None,
    nlp: Any,
    workers: int,
    progress: Progress | None = None,
) -> Iterator[Outcome]:
    """The outcomes in order, from ``workers`` forked processes that inherit ``nlp``."""
    _PIPELINES[model] = nlp  # forked before any task runs: every worker starts with it
    context = multiprocessing.get_context("fork")
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for batch in pool.map(extract_batch, batches(documents), [model] * len(documents[::BATCH])):
            done += len(batch)
            if progress:
                progress(done, len(documents))
            yield from batch


def run_dask(
    documents: Sequence[Document],
    *,
    model: str | None,
    scheduler: str,
    progress: Progress | None = None,
) -> Iterator[Outcome]:
    """The outcomes in order, from the workers of the Dask scheduler at ``scheduler``.

    Each worker needs kg and the spaCy model installed; a task loads the pipeline on its worker
    once and keeps it there.
    """
    from distributed import Client

    from kg.errors import InputError

    try:
        client = Client(scheduler, set_as_default=False, timeout=10)
    except (OSError, TypeError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with "
            "`dask scheduler` and give its address (tcp://HOST:8786)"
        ) from exc
    with client:
        futures = client.map(extract_batch, batches(documents), model=model, pure=False)
        done = 0
        for future in futures:  # all run at once; taken in order, so the writer sees one order
            batch = future.result()
            done += len(batch)
            if progress:
                progress(done, len(documents))
            yield from batch
