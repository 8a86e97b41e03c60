"""Read the Markdown body GitHub writes when someone submits an issue form.

GitHub writes each answer under its question's label::

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
#: A multi-select answer longer than this is reported, not read: the longest honest
#: one, every option of the longest list, is far shorter.
MAX_CHOICE_CHARS = 5_000


def clean(text: str) -> str:
    """Unify line endings, drop hidden control characters, compose accents (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _HIDDEN.sub("", text))


def split_answers(body: str, labels: list[str]) -> dict[str, str | None]:
    """The text under each ``### label`` heading; ``None`` when the heading is missing.

    The labels are looked for from the last to the first, each one's last
    occurrence before the next one's heading: a scout who types a line
    ``### Title`` inside a later answer cannot move where the real Title is.
    """
    text = clean(body)
    answers: dict[str, str | None] = {}
    limit = len(text)
    for label in reversed(labels):
        pattern = re.compile(rf"^###[ \t]+{re.escape(label)}[ \t]*$", re.MULTILINE)
        found = None
        for match in pattern.finditer(text, 0, limit):
            found = match
        if found is None:
            answers[label] = None
            continue
        answers[label] = text[found.end() : limit].strip()
        limit = found.start()
    return {label: answers[label] for label in labels}


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
