"""Telling the person who started a long build where it is, on standard error.

On a terminal, a rich progress bar: documents extracted, then the phase that follows (building
the graph, writing each file), so the bar never sits at 100 % while files are written. Without a
terminal (a log, CI, ``2> build.log``), one line every few seconds instead, and nothing at all
for a build shorter than that::

    kg build: extracting, 40/160 documents, 12 s

The library only calls :meth:`BuildProgress.documents` and :meth:`BuildProgress.phase`
(``kg.api.build``'s ``progress`` and ``phase`` callbacks); this module decides what is shown.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any, TextIO

__all__ = ["BuildProgress"]


class BuildProgress:
    """The build's progress for ``stream``: a bar on a terminal, else a line every ``every`` s."""

    def __init__(self, stream: TextIO, *, every: float = 5.0) -> None:
        self._stream = stream
        self._every = every
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._phase = "reading the inputs"
        self._done = 0
        self._total = 0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._bar: Any = None
        self._task: Any = None
        self._shown = False

    # --- the callbacks of kg.api.build ----------------------------------------------------

    def documents(self, done: int, total: int) -> None:
        """``done`` of ``total`` documents extracted."""
        with self._lock:
            self._phase, self._done, self._total = "extracting", done, total
        if self._bar is not None and total > 1:
            counted = f"{done}/{total} documents"
            self._bar.update(
                self._task, description="extracting", completed=done, total=total, counted=counted
            )
            self._show()

    def phase(self, name: str) -> None:
        """The build moved on to ``name`` ("building the graph", "writing graph.trig" ...)."""
        with self._lock:
            self._phase = name
        if self._bar is not None and self._shown:  # a pulsing bar: no end to count towards
            self._bar.update(self._task, description=name, completed=0, total=None, counted="")

    # --- showing it -------------------------------------------------------------------------

    def status(self) -> str:
        """The line printed without a terminal."""
        with self._lock:
            phase, done, total = self._phase, self._done, self._total
        seconds = time.monotonic() - self._started
        counted = f", {done}/{total} documents" if phase == "extracting" and total else ""
        return f"kg build: {phase}{counted}, {seconds:.0f} s"

    def _show(self) -> None:
        if not self._shown:
            self._bar.start()
            self._shown = True

    def _tick(self) -> None:
        while not self._stop.wait(self._every):
            print(self.status(), file=self._stream, flush=True)

    def __enter__(self) -> BuildProgress:
        if self._stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[counted]}"),
                TimeElapsedColumn(),
                console=Console(file=self._stream),
                transient=True,
            )
            self._task = self._bar.add_task(self._phase, total=None, counted="")
        else:
            self._ticker = threading.Thread(target=self._tick, name="kg-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._bar is not None:
            self._bar.stop()
