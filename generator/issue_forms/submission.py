"""Turn a submitted issue form into an entry file, and check it like any other content.

The answers are read as data (:mod:`generator.issue_forms.answers`), written with
``yaml.safe_dump`` (every value quoted as it needs, whatever characters the scout
typed) and then validated as ``exchange validate FILE`` does, against the whole
catalogue (:func:`generator.validation.validate_selection`). The reply lists every problem at once:
those of the answers and their headings, and all the validator finds in the file
(:mod:`generator.issue_forms.explain`), each with its question. To get that far even
when the answers cannot make an entry yet (a case study of an innovation that is not
there, an id that is taken), the file is checked at a stand-in place, and always
removed again when anything is wrong.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import scaffold
from generator.diagnostics import Report
from generator.exchange import load_exchange
from generator.i18n import _
from generator.issue_forms import headings
from generator.issue_forms.answers import (
    FormNumber,
    Submission,
    personal_data_problems,
    read_answers,
)
from generator.issue_forms.explain import explain
from generator.issue_forms.reply import Problem, comment, pr_body, wrong_form_comment
from generator.issue_forms.site import DEFAULT_SITE_NAME
from generator.issue_forms.spec import FORMS, Form, Question
from generator.loader.content import scout_ids
from generator.loader.files import MAX_BYTES
from generator.loader.strict_yaml import YamlError
from generator.loader.strict_yaml import parse as parse_yaml
from generator.models import Vocabulary
from generator.scalars import SLUG_MAX, SLUG_PATTERN
from generator.selection import Selection
from generator.validation import validate_selection

_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$")
#: Other ids tried (``-2``, ``-3``…) to check an entry whose id is taken.
_FREE_IDS = 50


class SubmissionError(Exception):
    """Not the scout's mistake: the command was called wrongly or content is unusable."""


@dataclass
class Outcome:
    ok: bool
    created: list[Path]
    comment: str  # Markdown for the issue, when not ok
    pr_body: str  # Markdown for the pull request, when ok
    report: Report


def slugify(text: str, fallback: str) -> str:
    """The id 'exchange new' would give the same title or name; ``fallback`` when it has
    no letters a-z or digits (a name written only in another script)."""
    slug = scaffold.slugify(text)
    return (
        slug if re.fullmatch(SLUG_PATTERN, slug, re.ASCII) and len(slug) <= SLUG_MAX else fallback
    )


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


def _number(dumper: yaml.SafeDumper, value: FormNumber) -> yaml.ScalarNode:
    # Tagged as the number it looks like, so that it is written without quotes.
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value))


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    # [a, b] for lists of ids and keywords, as in the examples; items of rows stay blocks.
    flow = all(isinstance(v, str) and "\n" not in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(FormNumber, _number)
_Dumper.add_representer(list, _list)


def to_yaml(data: dict[str, Any], first_line: int = 1) -> str:
    """YAML that reads back as exactly ``data`` with the strict content loader.

    ``safe_dump`` quotes whatever needs quoting (``: ``, ``#``, ``yes``, a leading
    ``*`` or backtick...); the read-back check is a second line of defence.
    """
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    try:
        read_back, _positions = parse_yaml(text, first_line)
    except YamlError as exc:  # pragma: no cover - a bug in this module, not in the answers
        raise SubmissionError(
            _("the generated YAML does not read back: {problem}", problem=exc.message)
        ) from None
    if read_back != _plain(data):  # pragma: no cover
        raise SubmissionError(_("the generated YAML does not read back as written"))
    if re.search(r"^(?:---|\.\.\.)[ \t]*$", text, re.MULTILINE):  # pragma: no cover
        raise SubmissionError(_("the generated YAML contains a document marker"))
    return text


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, FormNumber):
        return str(value)
    return value


def entry_text(sub: Submission) -> tuple[str, list[tuple[int, Question]]]:
    """The entry file, and the line of each body section's heading with its question."""
    if sub.form.key == "scout":
        sub.yaml = to_yaml(sub.data)
        return sub.yaml, []
    sub.yaml = to_yaml(sub.data, first_line=2)
    parts = ["---\n", sub.yaml, "---\n"]
    line = sub.yaml.count("\n") + 3  # the blank line before the first section
    section_lines = []
    for section in sub.sections:
        text = section.text.rstrip()
        parts.append(f"\n## {section.heading}\n\n{text}\n")
        section_lines.append((line + 1, section.question))
        line += 3 + text.count("\n") + 1
    return "".join(parts), section_lines


def entry_path(sub: Submission, slug: str, innovation: str = "") -> Path:
    """The new file, relative to the content folder (``innovation``: a case study's)."""
    if sub.form.key == "innovation":
        return Path("innovations", slug, "index.md")
    if sub.form.key == "case-study":
        return Path("innovations", innovation, "case-studies", f"{slug}.md")
    return Path("scouts", f"{slug}.yml")


def _slug_source(sub: Submission) -> str:
    if sub.form.key == "case-study":
        return str(sub.data.get("organisation", {}).get("name") or sub.data.get("title") or "")
    return str(sub.data.get("title") or sub.data.get("name") or "")


class _Writer:
    """Creates files and folders, and can remove exactly what it created."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.folders: list[Path] = []

    def write(self, path: Path, text: str) -> None:
        missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir()
            self.folders.append(folder)
        with path.open("x", encoding="utf-8", newline="\n") as fh:  # never overwrites
            self.files.append(path)
            fh.write(text)

    def undo(self) -> None:
        for path in reversed(self.files):
            path.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()


# --- the whole conversion ---------------------------------------------------------------


def convert(
    form: Form,
    body: str,
    content_dir: Path,
    vocabularies: dict[str, Vocabulary],
    *,
    issue: int | None = None,
    author: str | None = None,
    today: date | None = None,
    site: str = DEFAULT_SITE_NAME,
) -> Outcome:
    """Write the entry, validate the content folder, and undo the write if it fails.

    ``site`` is the exchange's name, as the forms were generated with it.
    """
    today = today or date.today()
    if author is not None and not _LOGIN.match(author):
        raise SubmissionError(_("'{login}' is not a GitHub login", login=author))
    if len(body.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        sub = Submission(form, site=site)
        sub.problem(
            "",
            _("the issue is too long to be an entry"),
            _("Shorten the answers; long documents are better linked than copied."),
        )
        return Outcome(False, [], comment(sub, sub.problems, None), "", Report())
    meant = headings.likely_form(body, form, FORMS.values())
    if meant is not None:  # one clear message, not a row for each of the other form's answers
        return Outcome(False, [], wrong_form_comment(form, meant, site), "", Report())
    sub = read_answers(form, body, vocabularies, content_dir, today, site)
    fallback = f"{form.key}-issue-{issue}" if issue else f"{form.key}-submission"
    sub.slug = slugify(_slug_source(sub), fallback)
    relative = _place(sub, content_dir)
    if relative is None:  # nowhere to check the file: the answers' problems only
        identifiers = load_exchange(content_dir).identifiers
        problems = [*sub.structure_problems, *sub.problems]
        problems += personal_data_problems(sub, identifiers)
        return Outcome(
            False, [], comment(sub, in_form_order(sub.form, problems), None), "", Report()
        )
    text, section_lines = entry_text(sub)
    writer = _Writer()
    try:
        writer.write(content_dir / relative, text)
        return _checked(sub, section_lines, content_dir, relative, today, writer, issue, author)
    except BaseException:  # whatever fails once the file is written, it is removed again
        writer.undo()
        raise


def _place(sub: Submission, content_dir: Path) -> Path | None:
    """Where to write the entry, relative to the content folder: its own place, or a
    stand-in when that cannot be used (the problem is said), so that the answers are
    checked all the same. None when there is no place to check it: a case study when
    the exchange has no innovation at all, or no id free."""
    form = sub.form
    innovation = ""
    stand_in = form.key == "case-study" and sub.innovation is None
    if form.key == "case-study":
        # Beside any innovation when the one typed is not there (its page is not changed).
        innovation = sub.innovation or next(iter(sub.known_innovations), "")
        if not innovation:
            return None
    relative = entry_path(sub, sub.slug, innovation)
    if not _taken(form, content_dir / relative):
        return relative
    if not stand_in:
        named_by = {"innovation": "title", "case-study": "organisation-name", "scout": "name"}
        sub.structure_problem(
            form.question(named_by[form.key]),
            _("an entry with the id '{id}' already exists", id=sub.slug),
            _(
                "If this is a different entry, give it a more specific name. To change the "
                "existing entry, say so in a comment and a maintainer will help."
            ),
        )
    for n in range(2, _FREE_IDS + 2):
        suffix = f"-{n}"
        slug = sub.slug[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        other = entry_path(sub, slug, innovation)
        if not _taken(form, content_dir / other):
            return other
    return None


def _taken(form: Form, path: Path) -> bool:
    """Whether an entry is there already (an innovation's whole folder counts)."""
    return (path.parent if form.key == "innovation" else path).exists()


def in_form_order(form: Form, problems: list[Problem]) -> list[Problem]:
    """Each problem once, question by question in the form's order (the whole entry's
    last), so that the submitter can correct them from the top down."""
    order = {q.heading: i for i, q in enumerate(form.questions)}
    seen: set[tuple[str, str]] = set()
    kept = []
    for p in problems:
        if (p.question, p.message) not in seen:
            seen.add((p.question, p.message))
            kept.append(p)
    return sorted(kept, key=lambda p: order.get(p.question, len(order)))


def _checked(
    sub: Submission,
    section_lines: list[tuple[int, Question]],
    content_dir: Path,
    relative: Path,
    today: date,
    writer: _Writer,
    issue: int | None,
    author: str | None,
) -> Outcome:
    """Validate the new file against the whole catalogue, and say what it found."""
    selection = Selection(content_dir)
    selection.add(relative.as_posix())
    report = validate_selection(selection, today)
    # The headings first: a problem there can be the cause of the others.
    problems = [*sub.structure_problems, *sub.problems]
    flagged = {p.question for p in sub.problems}
    scouts = sorted(scout_ids(content_dir))
    for p in explain(sub, section_lines, report.errors, scouts):
        if not p.question or p.question not in flagged:
            problems.append(p)
    if problems:
        # Fields with problems are left out of the rules' checks, and answers not
        # written at all never reach them: look at every answer for personal data too.
        for p in personal_data_problems(sub, load_exchange(content_dir).identifiers):
            # Said already by the rules (with the line of the answer) when they saw it.
            if not any(
                o.question == p.question and o.message.endswith(p.message) for o in problems
            ):
                problems.append(p)
        writer.undo()
        problems = in_form_order(sub.form, problems)
        return Outcome(False, [], comment(sub, problems, report), "", report)
    created = [content_dir / relative]
    return Outcome(True, created, "", pr_body(sub, created, issue, author, report), report)
