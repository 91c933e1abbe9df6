"""The collector, held off while millions of objects with no cycles among them are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Parsing and unpickling build millions of objects with no cycles among them: with the
    collector running, it rescans them again and again (more than half the time of a warm
    province run, 6x the time of composing its plan files).
    Afterwards they go straight to the oldest generation (freeze + unfreeze), else the first
    young collection would scan them all once more; nothing stays frozen (no leak), and a
    process that froze objects itself is left as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
