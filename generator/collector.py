"""Python's cyclic garbage collector, paused for bulk work.

Loading an exchange creates millions of long-lived objects and almost no
reference cycles, and the collector would traverse them again and again: a
quarter of the validation time at 10,000 innovations. Bulk phases pause it.
A one-off run then freezes what the phase left (``gc.freeze``), so later
collections, in this process and in forked workers, skip it; ``mkdocs serve``
does not, since a frozen object in a cycle is never freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, freeze: bool) -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
