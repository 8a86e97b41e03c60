"""A time limit on one piece of work, so one pathological input cannot hold a build.

The limits in :mod:`generator.safety.limits` keep known slow inputs out; this
catches what they do not foresee. It uses the interval timer (``SIGALRM``), which
interrupts Python code, regular expressions included, at the next bytecode. It
works in a process's main thread (the CLI, a build, and the build's forked
workers); elsewhere (a thread of ``mkdocs serve``) the work runs unlimited.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TooSlow(Exception):
    """The work did not finish within its time limit."""


def _expired(signum: int, frame: object) -> None:
    raise TooSlow


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` in the block if it runs longer than ``seconds``."""
    if not _available() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield  # no timer here, or one is already running: do not disturb it
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
