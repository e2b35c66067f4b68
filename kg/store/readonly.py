"""Opening an Oxigraph store read-only beside the process that writes it.

No rdflib here: the Oxigraph path of ``kg query --store`` (:mod:`kg.outputs.native`) opens the
store with this as well as :mod:`kg.store.oxigraph` does.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

__all__ = ["open_read_only"]

#: How often a read-only open is tried when the writer switched manifests under it.
_ATTEMPTS = 5


def open_read_only(path: str | Path) -> Any:
    """The pyoxigraph Store in ``path``, opened read-only (no lock is taken).

    A writer beside it may replace RocksDB's manifest between the reader finding its name and
    opening it ("Corruption: ... MANIFEST-… No such file"); a new attempt reads the new one.
    The last attempt's OSError or RuntimeError is raised.
    """
    import pyoxigraph as ox

    for attempt in range(1, _ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError):
            time.sleep(0.05 * attempt)
    return ox.Store.read_only(str(path))
