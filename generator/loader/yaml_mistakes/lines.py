"""What each line of YAML text is, read the simple way a person writes it: a
field (``key: value``), a list item (``- value``) or more text; where a list,
a group of fields or a quoted text closes; and how a hint quotes a line."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.i18n import ngettext

BLOCK_SCALAR = re.compile(r"[|>][-+0-9]{0,3} *(?:#.*)?")
CLOSING = {"[": "]", "{": "}"}
#: Characters that give a value a meaning other than text when they start it.
INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
#: Characters of a line shown in a hint (a summary has at most 300); a longer line is
#: shortened in the middle.
_SHOWN = 320
#: Kinds of character a hint does not show as they are: controls, format
#: characters (bidirectional overrides), line separators, the unassigned.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


@dataclass(frozen=True)
class Mistake:
    """A diagnosed mistake, at a 1-based line and column of the parsed text."""

    code: str
    message: str
    line: int
    column: int
    hint: str


def split_lines(text: str) -> list[str]:
    """The lines as YAML counts them (CRLF, CR, NEL and the Unicode separators
    each end one), so that a parser's 0-based marks index them. (A byte order
    mark opening the text is not counted either.)"""
    return re.split("\r\n|[\r\n\x85\u2028\u2029]", text.removeprefix("\ufeff"))


@dataclass(frozen=True)
class Shape:
    """What a line is: a field, a list item (which may open with a field) or
    text; where its parts start (0-based columns)."""

    number: int
    indent: int
    item: bool
    key: str | None
    key_column: int
    colon: int
    value: str
    value_column: int
    text: str

    @property
    def structural(self) -> bool:
        """A field or a list item, rather than text."""
        return self.item or self.key is not None

    @property
    def has_value(self) -> bool:
        return bool(self.value) and not self.value.startswith("#")

    @property
    def written(self) -> str:
        """The line as written, fit to quote in a message."""
        return shown(self.text.strip(" "), 24)


def shape(number: int, line: str) -> Shape | None:
    """The shape of ``line``; None for a blank line or a comment."""
    rest = line.lstrip(" ")
    indent = len(line) - len(rest)
    if not rest or rest[0] == "#":
        return None
    item = rest == "-" or rest.startswith("- ")
    if item:
        rest = rest[1:].lstrip(" ")
    column = len(line) - len(rest)
    if rest and rest[0] not in INDICATORS:
        colon = rest.find(": ")
        if colon == -1 and rest.endswith(":"):
            colon = len(rest) - 1
        comment = rest.find(" #")
        if colon > 0 and (comment == -1 or comment > colon):
            value = rest[colon + 1 :].lstrip(" ")
            key = rest[:colon].rstrip(" ")
            return Shape(
                number,
                indent,
                item,
                key,
                column,
                column + colon,
                value,
                len(line) - len(value),
                line,
            )
    return Shape(number, indent, item, None, column, -1, rest, column, line)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def opening(text: str, column: int) -> str | None:
    """What comes before ``column`` on its line: "line" for nothing but spaces,
    "item" for a list item's '- ', else None. Reads back over the spaces only, so
    asking for every value of a long line stays linear."""
    start = column
    while start and text[start - 1] == " ":
        start -= 1
    if start == 0:
        return "line"
    if start == column or text[start - 1] != "-":
        return None
    start -= 1
    while start and text[start - 1] == " ":
        start -= 1
    return "item" if start == 0 else None


def block_end(lines: list[str], number: int, end: int, opener: Shape) -> int:
    """The first line from ``number`` (before ``end``) that is not the text of the
    block scalar ``opener`` starts (``bio: |``): its text is indented more."""
    while number < end and (
        not lines[number].strip(" ") or indent_of(lines[number]) > opener.indent
    ):
        number += 1
    return number


def structure(lines: list[str], end: int) -> list[Shape]:
    """The fields and list items of the lines before ``end``, skipping blank lines,
    comments, more text of a value, the text of block scalars, and lists or
    quoted text running over lines."""
    shapes: list[Shape] = []
    number = 0
    while number < end:
        found = shape(number, lines[number])
        number += 1
        if found is None or not found.structural:
            continue
        shapes.append(found)
        if BLOCK_SCALAR.fullmatch(found.value):
            number = block_end(lines, number, end, found)
        elif found.value[:1] in ("[", "{", '"', "'"):
            closed = closing(lines, number - 1, found.value_column, end - 1)
            number = end if closed is None else max(number, closed[0] + 1)
    return shapes


def closing(lines: list[str], line: int, column: int, last: int) -> tuple[int, int] | None:
    """Where the list, group of fields or quoted text opened at (line, column)
    closes, reading no further than line ``last``; None if it does not."""
    if lines[line][column] in "\"'":
        return quote_end(lines, line, column, last)
    stack: list[str] = []
    before = ","  # the last character that was not a space: after these a quote opens text
    number, i = line, column
    while number <= last:
        text = lines[number]
        while i < len(text):
            char = text[i]
            if char in "[{":
                stack.append(CLOSING[char])
            elif char in "]}":
                if not stack or stack.pop() != char:
                    return None
                if not stack:
                    return number, i
            elif char in "\"'" and before in "[{,:":
                end = quote_end(lines, number, i, last)
                if end is None:
                    return None
                number, i = end
                text = lines[number]
            elif char == "#" and (i == 0 or text[i - 1] == " "):
                break
            if char != " ":
                before = char
            i += 1
        number, i = number + 1, 0
    return None


def quote_end(lines: list[str], line: int, column: int, last: int) -> tuple[int, int] | None:
    """Where the text in quotes opened at (line, column) ends: '' inside '…' and
    an escaped \\" inside "…" do not end it."""
    quote = lines[line][column]
    number, i = line, column + 1
    while number <= last:
        text = lines[number]
        while i < len(text):
            char = text[i]
            if quote == '"' and char == "\\":
                i += 2
                continue
            if char == quote:
                if quote == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return number, i
            i += 1
        number, i = number + 1, 0
    return None


# --- what a hint shows -----------------------------------------------------------------


def shown(text: str, limit: int = _SHOWN) -> str:
    """``text`` fit to quote in a message: a long text shortened in the middle,
    and characters that would hide or reorder text made visible."""
    if len(text) > limit:
        text = text[: limit - 20] + "…" + text[-19:]
    return "".join(
        "\ufffd" if c != "\t" and unicodedata.category(c) in _HIDDEN else c for c in text
    )


def quoted(text: str) -> str:
    """``text`` as a YAML value in quotes: double quotes, unless they would need escapes."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def without_comment(value: str) -> str:
    comment = value.find(" #")
    return (value if comment == -1 else value[:comment]).rstrip(" ")


def spaces(count: int) -> str:
    # Translators: an indentation, put in "Indent it like 'name' on line 3: 2 spaces."
    return ngettext("{n} space", "{n} spaces", count)
