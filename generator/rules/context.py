"""What every rule can see: the content, today's date, and located values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.loader.content import ContentSet, Entry
from generator.loader.strict_yaml import Positions

_FENCE = re.compile(r"^(```|~~~)")


@dataclass
class RuleContext:
    content: ContentSet
    today: date

    @property
    def entries(self) -> Iterator[Entry]:
        yield from self.content.innovations
        yield from self.content.case_studies
        yield from self.content.scouts

    def error_at(self, entry: Entry, path: tuple, code: str, message: str, hint: str = "") -> Diagnostic:
        line, col = entry.positions.of(path)
        return error(entry.file, line, col, code, message, hint)

    def warning_at(self, entry: Entry, path: tuple, code: str, message: str, hint: str = "") -> Diagnostic:
        line, col = entry.positions.of(path)
        return warning(entry.file, line, col, code, message, hint)


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


def body_lines(entry: Entry) -> Iterator[tuple[int, str, bool]]:
    """(file line number, text, inside a fenced code block) for each body line."""
    fenced = False
    for offset, line in enumerate(entry.body.split("\n")):
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
            yield entry.body_line + offset, line, True
            continue
        yield entry.body_line + offset, line, fenced


def located(positions: Positions, path: tuple) -> tuple[int, int]:
    return positions.of(path)
