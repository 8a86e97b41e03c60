"""Mistakes YAML accepts without a word, found after a successful parse.

A non-breaking space after ``name:`` makes the line text; a value in curly
quotes publishes with the quotes; ``stage:proven`` is text; a list item
indented under the one above it becomes more of that item's text. The parse
sets aside the few plain values that could be one of these (three quick tests
per value, in :func:`generator.loader.strict_yaml._plain`) and they are judged
here against the lines they were written on.
"""

from __future__ import annotations

import re
from typing import Any

from generator.i18n import N_, _
from generator.loader.yaml_mistakes.indentation import give_list
from generator.loader.yaml_mistakes.lines import (
    BLOCK_SCALAR,
    Mistake,
    Shape,
    block_end,
    indent_of,
    opening,
    quoted,
    shape,
    shown,
    spaces,
    split_lines,
    without_comment,
)

#: Characters that look like a space, or hide beside one, and that YAML does not
#: take for one: each with its name and whether it is a non-breaking space.
_ODD_SPACES = {
    "\u00a0": (N_("non-breaking space"), True),
    "\u202f": (N_("narrow non-breaking space"), True),
    "\u2007": (N_("figure space"), True),
    "\u3000": (N_("ideographic space"), True),
    "\u200b": (N_("zero-width space"), False),
    "\u2060": (N_("word joiner"), False),
    "\ufeff": (N_("byte order mark"), False),
}
_ODD = "".join(_ODD_SPACES)
ODD_SPACE = re.compile(f"[{_ODD}]")
_LEAD = re.compile(f"[ {_ODD}]*")
#: ``name:`` glued to an odd space: YAML reads the line as text.
_KEY_ODD = re.compile(f"[A-Za-z_][A-Za-z0-9_-]{{0,60}}:(?=[{_ODD}])")
#: Curly quotes and guillemets that open a quotation, each with those that close it.
_CURLY = {
    "\u201c": "\u201d",  # “…”
    "\u201d": "\u201d",  # ”…” (Swedish, Finnish)
    "\u201e": "\u201c\u201d",  # „…“ „…”
    "\u2018": "\u2019",  # ‘…’
    "\u2019": "\u2019",  # ’…’
    "\u201a": "\u2018\u2019",  # ‚…‘
    "\u00ab": "\u00bb",  # «…»
    "\u00bb": "\u00ab\u00bb",  # »…« »…»
}
CURLY_OPENERS = frozenset(_CURLY)
#: ``stage:proven``: a field's name glued to its value, which YAML reads as text.
GLUED_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,60}):[^\s/:]")
#: Names before a colon that start an address, which is text indeed (``doi:10.1000/1``).
_SCHEMES = frozenset(
    {"http", "https", "ftp", "ftps", "mailto", "tel", "sms", "urn", "doi", "data", "file"}
    | {"geo", "isbn", "issn", "pmid", "orcid"}
)


def glued_name(text: str, start: int = 0) -> str | None:
    """The field name of ``name:value`` at ``start`` of ``text``, unless it starts an address."""
    glued = GLUED_KEY.match(text, start)
    if glued is None or glued[1].lower() in _SCHEMES:
        return None
    return glued[1]


def odd_spaced(text: str) -> bool:
    """Whether ``text`` holds an odd space anywhere (but a byte order mark opening it)."""
    return ODD_SPACE.search(text, 1 if text.startswith("\ufeff") else 0) is not None


def after_parse(text: str, suspects: list[Any]) -> Mistake | None:
    """The first mistake among an odd space where YAML needs a space and the
    plain values (nodes, in the order written) the parse set aside as suspect."""
    lines = split_lines(text)
    found = [odd_space(lines, len(lines))] if odd_spaced(text) else []
    found.append(next((m for m in map(lambda n: _suspect(lines, n), suspects) if m), None))
    return min((m for m in found if m), key=lambda m: (m.line, m.column), default=None)


def _suspect(lines: list[str], node: Any) -> Mistake | None:
    value: str = node.value
    line, column = node.start_mark.line, node.start_mark.column
    if line >= len(lines):
        return None
    text = lines[line]
    if text[column : column + 1] != value[0]:
        return None  # written otherwise than read (a tag or a stray mark before it)
    if value[0] in CURLY_OPENERS and wrapped(value):
        single = node.end_mark.line == line and text[column : column + len(value)] == value
        return curly(line, column, text, value if single else None)
    starts = opening(text, column)
    item = starts == "item"
    name = glued_name(value)
    if name is not None and name.islower() and starts is not None:
        # A field's name is lower case ('stage:proven'); text may be 'Note:this'.
        return glued_key(line, column, text, name)
    if node.end_mark.line > line:
        last = min(node.end_mark.line, len(lines) - 1)
        dash = next((n for n in range(line + 1, last + 1) if _is_item(lines[n])), None)
        if dash is not None:
            return _item_in_text(lines, line, column, dash, item)
    return None


def _is_item(line: str) -> bool:
    rest = line.lstrip(" ")
    return rest == "-" or rest.startswith("- ")


def _item_in_text(
    lines: list[str], line: int, column: int, dash: int, item: bool
) -> Mistake | None:
    """A line starting with '- ' read as more of the text that starts at (line, column):
    of a list item above it, or of a field's value."""
    at = (dash + 1, indent_of(lines[dash]) + 1)
    if item:
        return Mistake(
            "yaml-indentation",
            _(
                "this list item is indented more than the item on line {line}, "
                "so YAML reads it as more text of that item",
                line=line + 1,
            ),
            *at,
            _(
                "Indent it like the item on line {line}: {spaces}.",
                line=line + 1,
                spaces=spaces(indent_of(lines[line])),
            ),
        )
    field = shape(line, lines[line])
    if field is None or field.key is None or field.value_column != column:
        return None
    return Mistake(
        "yaml-indentation",
        _(
            "a list item is indented under '{parent}' on line {line}, which already has "
            "a value, so YAML reads it as more of that text",
            parent=field.key,
            line=line + 1,
        ),
        *at,
        give_list(field.key),
    )


def glued_key(line: int, column: int, text: str, name: str) -> Mistake:
    """``name:value`` at (line, column) of ``text``: the space after the colon is missing."""
    colon = column + len(name)
    fixed = text[: colon + 1] + " " + text[colon + 1 :]
    return Mistake(
        "yaml-missing-space",
        _(
            "there is no space after the colon in '{text}', so YAML reads it as text, "
            "not as the field '{name}'",
            text=shown(without_comment(text[column:]), 40),
            name=name,
        ),
        line + 1,
        colon + 1,
        _("Put a space after the colon: {fixed}", fixed=shown(fixed.strip(" "))),
    )


def wrapped(value: str) -> bool:
    """Whether ``value`` is one quotation in curly quotes (“spreading”), rather than
    text that starts with one (“Virtual wards” cut admissions)."""
    closers = _CURLY[value[0]]
    if len(value) < 2 or value[-1] not in closers:
        return False
    inner = value[1:-1]
    for at, char in enumerate(inner):
        if char in closers:
            between_letters = 0 < at < len(inner) - 1 and (
                inner[at - 1].isalpha() and inner[at + 1].isalpha()
            )
            if not (char == "\u2019" and between_letters):  # an apostrophe: Jane’s
                return False
    return True


def curly(line: int, column: int, text: str, value: str | None) -> Mistake:
    """Curly quotes around the value at (line, column) of ``text``; ``value`` is
    None when it runs over lines, and then no rewritten line is shown."""
    opening = text[column]
    # Translators: {quotes} shows the quote marks around an ellipsis, e.g. “…”.
    message = _(
        "the value is in curly quotes {quotes}, which YAML keeps as part of the text",
        quotes=opening + "…" + (value[-1] if value is not None else _CURLY[opening][0]),
    )
    if value is None:
        hint = _("Type straight quotes \" or ' instead of the curly ones, or none.")
    else:
        before, after = text[:column].lstrip(" "), text[column + len(value) :].rstrip(" ")
        hint = _(
            "Type straight quotes \" or ', or none: {fixed} (to publish the curly quotes, "
            "put straight ones around them: {kept})",
            fixed=shown(before + quoted(value[1:-1]) + after),
            kept=shown(before + "'" + value.replace("'", "''") + "'" + after),
        )
    return Mistake("yaml-curly-quotes", message, line + 1, column + 1, hint)


# --- odd spaces ------------------------------------------------------------------------------


def odd_space(lines: list[str], end: int) -> Mistake | None:
    """The first non-breaking or invisible space, in the lines before ``end``,
    that stands where YAML needs a space: in the indentation of a field or list
    item, after its '-', after a field's name and colon, or on a line that looks
    blank. Text is left alone: the text of a block scalar, and lines that continue
    the value above them."""
    last: Shape | None = None  # the last field or item, whose value later lines may continue
    number = 0
    while number < end:
        line = lines[number]
        found = shape(number, line)
        continues = last is not None and last.has_value and indent_of(line) > last.indent
        if not continues and ODD_SPACE.search(line):
            at = _odd_in(line)
            if at is not None:
                return _odd_mistake(number, at, line[at])
        number += 1
        if found is not None and found.structural:
            last = found
            if BLOCK_SCALAR.fullmatch(found.value):
                number = block_end(lines, number, end, found)
    return None


def _odd_in(line: str) -> int | None:
    """Where an odd space in ``line`` stands for a space YAML needs, or None."""
    lead_end = _lead(line, 0)
    rest = line[lead_end:]
    item = rest[:1] == "-" and (len(rest) == 1 or rest[1] == " " or rest[1] in _ODD_SPACES)
    body_start = _lead(line, lead_end + 1) if item else lead_end
    body = line[body_start:]
    glued = _KEY_ODD.match(body)
    body_shape = shape(0, body)
    keyed = glued is not None or (body_shape is not None and body_shape.key is not None)
    in_lead = ODD_SPACE.search(line, 0, lead_end)
    if in_lead is not None and (item or keyed or not rest):  # (or a line that looks blank)
        return in_lead.start()
    if item and rest[1:2] and rest[1] in _ODD_SPACES:
        return lead_end + 1
    if glued is not None:
        return body_start + glued.end()
    return None


def _lead(line: str, start: int) -> int:
    """The end of the run of spaces and odd spaces from ``start``."""
    return _LEAD.match(line, start).end()  # type: ignore[union-attr]  # '*' always matches


def _odd_mistake(line: int, column: int, char: str) -> Mistake:
    name, breaking = _ODD_SPACES[char]
    if breaking:
        return Mistake(
            "yaml-nbsp",
            # Translators: {character} is the name of a kind of space, e.g. "non-breaking space".
            _(
                "a {character} (U+{code:04X}) stands where YAML needs an ordinary space",
                character=_(name),
                code=ord(char),
            ),
            line + 1,
            column + 1,
            _(
                "Delete it and type an ordinary space; text pasted from Word or a web page "
                "often brings such spaces in."
            ),
        )
    return Mistake(
        "yaml-zero-width",
        # Translators: {character} is the name of a character, e.g. "zero-width space".
        _(
            "an invisible {character} (U+{code:04X}) stands where YAML needs an ordinary "
            "space or nothing",
            character=_(name),
            code=ord(char),
        ),
        line + 1,
        column + 1,
        _(
            "Retype this part of the line by hand; text pasted from Word or a web page often "
            "brings such characters in."
        ),
    )
