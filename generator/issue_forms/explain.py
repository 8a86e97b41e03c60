"""The validator's diagnostics of a submitted entry, said in the form's words.

The validator speaks of the entry file: its fields (``regions[0]``), lines and columns,
``index.md`` and front matter. The submitter saw none of that, only the form's
questions. Each diagnostic is traced back to the question that filled the field (the
field's position in the YAML as written, the body section its line falls in, or the
field a 'missing' message names), and for a table question to the line of the answer.
Its field names become the questions' labels, and the codes whose words are about
files get the bot's own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from generator.diagnostics import Diagnostic
from generator.did_you_mean import Suggestions
from generator.i18n import _
from generator.i18n.formatting import number
from generator.issue_forms.answers import Submission
from generator.issue_forms.reply import Problem
from generator.issue_forms.spec import SCOUT, Form, Question, field_info, model_of
from generator.loader.strict_yaml import parse as parse_yaml

#: A field's dotted name as diagnostics write it: ``evidence.outcomes[1].source``.
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*")
_QUOTED_NAME = re.compile(r"'(" + _FIELD_NAME.pattern + r")'")
_NAME_FIRST = re.compile(r"^(" + _FIELD_NAME.pattern + r"): ")
#: Codes about pictures in a body: the form cannot publish any (a picture dragged into
#: an answer is an address on GitHub's servers).
_PICTURES = frozenset(
    {"external-image", "missing-image", "image-outside-folder", "outside-resource", "html-image"}
)
#: Codes about the whole body, not a line of it: they are said without a line.
_WHOLE_BODY = frozenset({"body-too-long", "too-many-brackets", "too-much-html", "too-much-markup"})


def _path(name: str) -> tuple[Any, ...]:
    """``("evidence", "outcomes", 1, "source")`` from ``evidence.outcomes[1].source``."""
    parts = re.split(r"\.|(?=\[)", name)
    path: list[Any] = []
    for part in parts:
        if part.startswith("["):
            path.extend(int(n) for n in re.findall(r"\d+", part))
            rest = part[part.index("]") + 1 :].lstrip(".")
            if rest:
                path.append(rest)
        elif part:
            path.append(part)
    return tuple(path)


def question_for_path(form: Form, path: tuple) -> tuple[Question | None, int | None]:
    """The question that fills ``path``, and for a table question the item's index."""
    best: Question | None = None
    for q in form.questions:
        if (
            q.path
            and path[: len(q.path)] == q.path
            and (best is None or len(q.path) > len(best.path))
        ):
            best = q
    if best is None and path:  # a whole group, e.g. 'organisation': its first question
        best = next((q for q in form.questions if q.path[: len(path)] == path), None)
    if best is not None and best.kind == "rows" and len(path) > len(best.path):
        index = path[len(best.path)]
        if isinstance(index, int):
            return best, index
    return best, None


def _is_field(form: Form, path: tuple) -> bool:
    try:
        field_info(form.model, tuple(p for p in path if not isinstance(p, int)))
    except KeyError:
        return False
    return True


def _form_name(form: Form, name: str) -> str | None:
    """How the form calls the field ``name``: its question's label, or for a part of a
    table question what the form said that part is."""
    path = _path(name)
    if not path or not _is_field(form, path):
        return None
    question, _index = question_for_path(form, path)
    if question is None:
        return None
    if question.kind == "rows" and len(path) > len(question.path) + 1:
        column = str(path[-1])
        sub = model_of(field_info(form.model, question.path).annotation)
        info = sub.model_fields.get(column) if sub is not None else None
        if info is not None and info.description:
            return _(info.description).rstrip(".")
        return column
    return question.heading


def in_form_words(form: Form, message: str) -> str:
    """``message`` with a leading ``field: `` dropped (the row already names the
    question) and each quoted field name replaced by how the form calls it."""
    first = _NAME_FIRST.match(message)
    if first and _form_name(form, first[1]) is not None:
        message = message[first.end() :]

    def named(match: re.Match[str]) -> str:
        called = _form_name(form, match[1])
        return match[0] if called is None else f"'{called}'"

    return _QUOTED_NAME.sub(named, message)


def _named_question(form: Form, message: str) -> Question | None:
    """The question of the first field ``message`` names (a 'missing' message names the
    missing field; its position is its group's)."""
    for candidate in _FIELD_NAME.findall(message):
        path = _path(candidate)
        if path and _is_field(form, path):
            question, _index = question_for_path(form, path)
            if question is not None:
                return question
    return None


class _Entry:
    """Where the entry file's lines came from: each YAML line's field paths, and each
    body section's heading line."""

    def __init__(self, sub: Submission, section_lines: Sequence[tuple[int, Question]]):
        _data, positions = parse_yaml(sub.yaml, 1 if sub.form.key == "scout" else 2)
        self.fields: dict[int, list[tuple[int, tuple]]] = {}
        for table in (positions.keys, positions.values):
            for path, (line, column) in table.items():
                self.fields.setdefault(line, []).append((column, path))
        self.sections = list(section_lines)
        self.starts = [line for line, _q in self.sections]

    def field_at(self, line: int, column: int) -> tuple | None:
        found = self.fields.get(line)
        if not found:
            return None
        # The field starting at or before the column, the innermost first.
        ordered = sorted(found, key=lambda c: (c[0] > column, -c[0], -len(c[1])))
        return ordered[0][1]

    def section_at(self, line: int) -> tuple[Question, int] | None:
        """The body section of a file line, and the line of its answer (from 1)."""
        at = bisect.bisect_right(self.starts, line) - 1
        if at < 0:
            return None
        start, question = self.sections[at]
        return question, max(line - start - 1, 1)


def explain(
    sub: Submission,
    section_lines: Sequence[tuple[int, Question]],
    diagnostics: list[Diagnostic],
    scouts: Sequence[str] = (),
) -> list[Problem]:
    """Each diagnostic of the new file as a problem with a form question.

    ``section_lines`` are the file lines of the body sections' headings, with their
    questions; ``scouts`` the scout ids there are (for a misspelt one)."""
    entry = _Entry(sub, section_lines)
    problems = []
    for d in diagnostics:
        question, line, path = _where(sub, entry, d)
        message, hint = _own_words(sub, d, path, scouts)
        if line is not None:
            # Translators: a problem found on one line of an answer (a table question's, a text's).
            message = _("line {line}: {problem}", line=number(line), problem=message)
        problems.append(Problem(question.heading if question else "", message, hint))
    return problems


def _where(
    sub: Submission, entry: _Entry, d: Diagnostic
) -> tuple[Question | None, int | None, tuple | None]:
    """The question, the line of its answer worth naming (None: not worth it) and the
    field's path."""
    if d.code == "missing-field":
        return _named_question(sub.form, d.message), None, None
    if d.code == "missing-section":
        named = (q for h, q in sub.section_questions.items() if f"'## {h}'" in d.message)
        return next(named, None), None, None
    path = (
        entry.field_at(d.line, d.column) if not entry.starts or d.line < entry.starts[0] else None
    )
    if path is not None:
        question, index = question_for_path(sub.form, path)
        line = None
        if question is not None and index is not None:
            lines = sub.row_lines.get(question.id, [])
            line = lines[index] if index < len(lines) else index + 1
        return question, line, path
    in_body = entry.section_at(d.line)
    if in_body is not None:
        question, line = in_body
        answer = next((s.text for s in sub.sections if s.question is question), "")
        worth = "\n" in answer and d.code not in _WHOLE_BODY
        return question, (line if worth else None), None
    return None, None, None


def _value(sub: Submission, path: tuple | None) -> Any:
    value: Any = sub.data
    for part in path or ():
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _unknown_scout(sub: Submission, path: tuple | None, scouts: Sequence[str]) -> tuple[str, str]:
    scout = str(_value(sub, path) or "")
    near = Suggestions({}, scouts).near_scout(scout)
    return (
        _("no scout has the id '{id}'", id=scout),
        _("Did you mean '{near}'?", near=near)
        if near
        else _(
            "A scout's id is the end of their profile's web address, e.g. jane-doe. Someone "
            "without a profile can send one with the '{form}' form first.",
            form=_(SCOUT.name),
        ),
    )


def _description(sub: Submission, path: tuple | None) -> str:
    """What the form said under the question (the field's own description)."""
    if path is None:
        return ""
    try:
        info = field_info(sub.form.model, tuple(p for p in path if not isinstance(p, int)))
    except KeyError:
        return ""
    return _(info.description) if info.description else ""


def _own_words(
    sub: Submission, d: Diagnostic, path: tuple | None, scouts: Sequence[str]
) -> tuple[str, str]:
    """The message and hint for the submitter: the bot's own for codes that speak of
    files, else the validator's with the form's names for fields."""
    if d.code in ("missing-field", "missing-section"):
        return _("this answer is required"), _("Every entry needs it: add your answer.")
    if d.code == "unknown-scout" or (d.code == "invalid-id" and path and path[0] == "scouts"):
        return _unknown_scout(sub, path, scouts)
    if d.code == "email-outside-contact":
        return (
            _("an email address is only published in the contact questions"),
            _("Remove it, or give a team address in the contact questions instead."),
        )
    if d.code in _PICTURES:
        return (
            _("a picture cannot be published through the form"),
            _(
                "Remove it, and say in a comment which picture you would like to add: a "
                "curator adds pictures to the pull request."
            ),
        )
    message = in_form_words(sub.form, d.message)
    hint = d.hint
    if d.code == "too-long":
        hint = _("Shorten it; long documents are better linked than copied.")
    elif d.code == "control-character":
        hint = _(
            "Delete it: it is invisible, and can make text display differently from what it "
            "says. Retype the text around it if you cannot find it."
        )
    elif d.code in ("invalid-value", "wrong-type"):
        hint = _description(sub, path) or hint
    return message, hint or _description(sub, path)
