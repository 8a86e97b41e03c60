"""Spreading independent work over the machine's cores.

Validation batches and page rendering are pure functions of data the parent
already holds, so worker processes are forked (they inherit that data without
copying it through a pipe) and only results travel back. Where fork is not
available, or the work is small, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_map(function: Callable[[T], R], items: Sequence[T], *, parallel: bool = True) -> list[R]:
    """``[function(item) for item in items]``, in forked workers when worth it."""
    workers = min(cores(), len(items), 8)
    if not parallel or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(function, items))


def batches(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """``items`` cut into about ``count`` contiguous batches (order kept)."""
    size = max(1, -(-len(items) // max(count, 1)))
    return [items[i : i + size] for i in range(0, len(items), size)]


_SHARED: Any = None  # what fork_shared's workers read, inherited through fork


def _with_shared(function: Callable[[Any, T], R], item: T) -> R:
    return function(_SHARED, item)


def fork_shared(
    function: Callable[[S, T], R], shared: S, items: Sequence[T], *, parallel: bool = True
) -> list[R]:
    """``[function(shared, item) for item in items]``. Workers inherit ``shared``
    through fork instead of receiving a pickled copy with every item (it is the
    whole catalogue, or every page)."""
    global _SHARED
    _SHARED = shared
    try:
        return fork_map(partial(_with_shared, function), items, parallel=parallel)
    finally:
        _SHARED = None
