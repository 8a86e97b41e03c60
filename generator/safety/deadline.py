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
from typing import Any


class TooSlow(Exception):
    """The work did not finish within its time limit."""


def _expired(signum: int, frame: object) -> None:
    raise TooSlow


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class time_limit:  # lower case: used like a function, as a context manager
    """Raise :class:`TooSlow` in the ``with`` block if it runs longer than ``seconds``.
    (A class, not a generator: it runs once per body, so its cost counts.)"""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous: Any = None
        self.armed = False

    def __enter__(self) -> None:
        # No timer outside the main thread, nor when one is already running.
        if _available() and not signal.getitimer(signal.ITIMER_REAL)[0]:
            self.previous = signal.signal(signal.SIGALRM, _expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            self.armed = False
