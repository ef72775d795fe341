"""Python's cycle collector paused around a bulk computation (a province's board: ~15,000 target
results made and kept at once).

Each full collection walks every object the process holds (the catalog, the ORM's mappers, the
templates, the memo of assessed plans); made by the hundred thousand, the results trigger such
collections again and again — a quarter of a province board's time on this machine. What a
board makes holds no reference cycles worth waiting for, so the collector is paused while it
runs and resumes after (a collection then runs as usual). Threads share the collector: it
resumes when the last bulk computation of the process ends, and only if it was running before
the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector paused (nested and concurrent uses counted)."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
