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
_CHECKBOX = re.compile(r"^\s*[-*]\s+\[(?P<mark>[ xX])\]\s+(?P<text>.*?)\s*$")


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

    Returns ``None`` when the text cannot be read as options joined by ', '.
    """
    by_length = sorted(set(options), key=len, reverse=True)
    memo: dict[int, list[str] | None] = {}

    def from_(start: int) -> list[str] | None:
        if start in memo:
            return memo[start]
        result = None
        for option in by_length:
            end = start + len(option)
            if value.startswith(option, start):
                if end == len(value):
                    result = [option]
                elif value.startswith(", ", end):
                    rest = from_(end + 2)
                    if rest is not None:
                        result = [option, *rest]
            if result is not None:
                break
        memo[start] = result
        return result

    return from_(0) if value else []
