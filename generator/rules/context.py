"""What every rule can see: the content, today's date, and located values."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from generator.diagnostics import Diagnostic, error, warning
from generator.loader.content import ContentSet, Entry

T = TypeVar("T")
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.MULTILINE)


@dataclass
class RuleContext:
    """What the rules see. ``content`` may be one part of the exchange (a batch of
    innovation folders, checked in a worker process): every rule needs only the
    entries in front of it, plus ``scout_ids`` and the vocabularies, which every
    part carries."""

    content: ContentSet
    today: date
    scout_ids: frozenset[str] | None = None  # None: the scouts in ``content``
    _fences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _once: dict[tuple[str, int], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.scout_ids is None:
            self.scout_ids = frozenset(s.id for s in self.content.scouts)

    @property
    def entries(self) -> Iterator[Entry]:
        yield from self.content.innovations
        yield from self.content.case_studies
        yield from self.content.scouts

    def error_at(
        self, entry: Entry, path: tuple, code: str, message: str, hint: str = ""
    ) -> Diagnostic:
        line, col = entry.positions.of(path)
        return error(entry.file, line, col, code, message, hint)

    def warning_at(
        self, entry: Entry, path: tuple, code: str, message: str, hint: str = ""
    ) -> Diagnostic:
        line, col = entry.positions.of(path)
        return warning(entry.file, line, col, code, message, hint)

    def once(self, name: str, entry: Entry, compute: Callable[[], T]) -> T:
        """``compute()`` for ``entry``, worked out once however many rules ask."""
        key = (name, id(entry))
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    def fences(self, entry: Entry) -> list[tuple[int, int]]:
        """The body's fenced code blocks, as (start, end) offsets."""
        spans = self._fences.get(id(entry))
        if spans is None:
            spans = self._fences[id(entry)] = fenced_spans(entry.body)
        return spans

    def body_matches(self, entry: Entry, pattern: re.Pattern[str]) -> Iterator[BodyMatch]:
        """Matches of ``pattern`` in the body, with their file line, column and
        whether they sit in a fenced code block. The body is scanned whole
        (regex speed); line numbers are worked out only for matches."""
        body = entry.body
        lines = Lines(body, entry.body_line)
        for match in pattern.finditer(body):
            line, col = lines.at(match.start())
            yield BodyMatch(match, line, col, in_spans(match.start(), self.fences(entry)))


@dataclass(frozen=True)
class BodyMatch:
    match: re.Match[str]
    line: int
    column: int
    fenced: bool


def line_col(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


class Lines:
    """Line and column of offsets asked for in increasing order, reading each
    character once (``line_col`` for every match would be quadratic in them)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line
        self.offset, self.line, self.line_start = 0, first_line, 0

    def at(self, offset: int) -> tuple[int, int]:
        if offset < self.offset:  # asked out of order: start again
            self.offset, self.line, self.line_start = 0, self.first_line, 0
        newlines = self.text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks."""
    if "```" not in text and "~~~" not in text:  # most bodies: no regex pass needed
        return []
    marks = [m.start() for m in _FENCE.finditer(text)]
    if len(marks) % 2:
        marks.append(len(text))  # an unclosed fence runs to the end
    return list(zip(marks[::2], marks[1::2], strict=True))


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` is in one of ``spans`` (sorted, not overlapping, as
    :func:`fenced_spans` gives them): a binary search, so a body of many fences
    and many headings costs no more than its length times a logarithm."""
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return index >= 0 and spans[index][0] <= offset <= spans[index][1]


def spans_between(spans: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """The spans (sorted, not overlapping) that reach into ``low``..``high``."""
    first = max(bisect.bisect_right(spans, (low, math.inf)) - 1, 0)
    last = bisect.bisect_left(spans, (high, -math.inf))
    return [(a, b) for a, b in spans[first:last] if b >= low]


def strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text value inside a model dump, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))
