"""``kg.run.frozen_heap``: the objects alive when a build starts are kept out of the garbage
collector's passes during it and handed back after; the files are the same either way
(``tests/test_streaming.py`` compares the streaming build, which runs in it, with the in-memory
build, which does not, byte for byte)."""

from __future__ import annotations

import gc

from kg.run import frozen_heap


def test_the_heap_is_frozen_inside_and_handed_back_after() -> None:
    gc.unfreeze()
    kept = [object() for _ in range(10)]
    with frozen_heap():
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_the_heap_is_handed_back_after_an_error() -> None:
    gc.unfreeze()
    try:
        with frozen_heap():
            raise ValueError("a failed build")
    except ValueError:
        pass
    assert gc.get_freeze_count() == 0


def test_a_callers_own_frozen_objects_stay_frozen() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= before > 0
    finally:
        gc.unfreeze()
