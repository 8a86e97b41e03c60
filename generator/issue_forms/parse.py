"""Read the answers in the Markdown body GitHub writes when someone submits an issue form.

GitHub writes each answer under its question's label (found, even edited, by
:mod:`generator.issue_forms.headings`)::

    ### Title\\n\\nRemote monitoring for people with COPD\\n\\n### Summary\\n\\n_No response_

``_No response_`` stands for an empty answer (and ``None`` for an optional
dropdown left unset), a multi-select dropdown's choices are joined with ``, ``,
checkboxes are ``- [X] text`` or ``- [ ] text``, and line endings are often
CRLF. The text is untrusted: it is only ever sliced and compared here, never
evaluated, and control characters that could hide text are removed.
"""

from __future__ import annotations

import re
import unicodedata

NO_RESPONSE = "_No response_"
#: What GitHub writes for an optional dropdown left at its "None" choice.
NO_CHOICE = "None"

# C0/C1 control characters other than tab and newline, and the bidirectional
# overrides and isolates that can make text read differently from what it is.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# No lazy ``.*?`` before ``\s*$``: that backtracks quadratically over a long run of
# spaces; the text is taken whole and its spaces collapsed by ``one_line``.
_CHECKBOX = re.compile(r"^\s*[-*]\s+\[(?P<mark>[ xX])\]\s(?P<text>.*)$")
#: Answers with more items than this (choices, comma-separated values or lines of a
#: table question) are reported, not read: honest ones have a few, and a pasted mass
#: would only make a huge entry file to write and validate.
MAX_ITEMS = 100
#: An answer that becomes a field of the entry file (all but the body sections) longer
#: than this is reported, not written: it is many times any field's own limit, which
#: the validator reports for shorter ones.
MAX_FIELD_CHARS = 20_000
#: A multi-select answer longer than this (or than every option of its list once,
#: when that is longer: the world's countries) is reported, not read.
MAX_CHOICE_CHARS = 5_000


def clean(text: str) -> str:
    """Unify line endings, drop hidden control characters, compose accents (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _HIDDEN.sub("", text))


def is_empty(value: str | None, dropdown: bool = False) -> bool:
    if value is None:
        return True
    value = value.strip()
    return value in ("", NO_RESPONSE) or (dropdown and value == NO_CHOICE)


def one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def checkboxes(value: str | None) -> dict[str, bool]:
    """Each checkbox's text (spaces collapsed) and whether it is ticked."""
    found: dict[str, bool] = {}
    for line in (value or "").split("\n"):
        match = _CHECKBOX.match(line)
        if match:
            found[one_line(match["text"])] = match["mark"] != " "
    return found


def choices(value: str, options: list[str]) -> list[str] | None:
    """Split a multi-select answer into options, although labels may contain ', '.

    Returns ``None`` when the text cannot be read as options joined by ', '. Where
    several readings exist, the one taking the longest option first wins. Dynamic
    programming over the positions where an option can start (0 and after each
    ', '), from the last to the first: no recursion, and at most
    (items x options) comparisons. Repeated options are kept; the caller removes them.
    """
    if not value:
        return []
    by_length = sorted(set(options), key=len, reverse=True)
    starts = [0, *(match.end() for match in re.finditer(", ", value))]
    # The option read at each start in a reading of value[start:] to the end, if any.
    first: dict[int, str] = {}
    for start in reversed(starts):
        for option in by_length:
            if not option or not value.startswith(option, start):
                continue
            end = start + len(option)
            if end == len(value) or (value.startswith(", ", end) and end + 2 in first):
                first[start] = option
                break
    if 0 not in first:
        return None
    picked, start = [], 0
    while True:
        option = first[start]
        picked.append(option)
        start += len(option) + 2
        if start > len(value):
            return picked


def generous_choices(value: str, options: list[str]) -> list[str]:
    """The items of a multi-select answer edited by hand, when :func:`choices` cannot
    read it whole (a choice misspelt or made up): at each place the longest option
    that ends there at a comma or the end (any case), else the text up to the next
    comma. Line breaks and semicolons separate items too. Each place tries each option
    once: (length x options) comparisons at most."""
    by_length = sorted({o for o in options if o}, key=len, reverse=True)
    items: list[str] = []
    for segment in re.split(r"[;\n]", value):
        size = len(segment)
        # The first character at or after each place that is not a space.
        next_solid = [size] * (size + 1)
        for at in range(size - 1, -1, -1):
            next_solid[at] = next_solid[at + 1] if segment[at] in " \t" else at
        start = 0
        while start < size:
            start = next_solid[start]
            if start < size and segment[start] == ",":
                start += 1
                continue
            if start >= size:
                break
            end = None
            for option in by_length:
                stop = start + len(option)
                if stop <= size and segment[start:stop].lower() == option.lower():
                    after = next_solid[stop]
                    if after == size or segment[after] == ",":
                        end = stop
                        break
            if end is None:
                comma = segment.find(",", start)
                end = size if comma < 0 else comma
            items.append(segment[start:end].strip())
            start = end
    return [item for item in items if item]
