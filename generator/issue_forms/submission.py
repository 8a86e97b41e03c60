"""Turn a submitted issue form into entry files, and check them like any other content.

The answers are read as data (:mod:`generator.issue_forms.parse`), written with
``yaml.safe_dump`` (every value quoted as it needs, whatever characters the
scout typed) and then validated by the same :func:`generator.validation.validate`
as every pull request, on the whole content folder. When anything is wrong the
files are removed again and the problems are described per question of the form,
as a Markdown comment the scout can act on.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator import scaffold
from generator.diagnostics import Diagnostic, Report
from generator.exchange import load_exchange, section_heading
from generator.i18n import _, ngettext, pgettext
from generator.i18n.formatting import listing, number
from generator.issue_forms import parse
from generator.issue_forms.generate import Option, options_for, row_column_options
from generator.issue_forms.site import DEFAULT_SITE_NAME
from generator.issue_forms.spec import (
    UNCONSENTED_SCOUT_FIELDS,
    Form,
    Question,
    field_info,
    for_exchange,
    is_list,
    model_of,
    question_required,
    unwrap,
)
from generator.loader.content import display_root_for
from generator.loader.files import MAX_BYTES
from generator.loader.strict_yaml import YamlError
from generator.loader.strict_yaml import parse as parse_yaml
from generator.models import Vocabulary
from generator.rules.personal_data import find_identifiers
from generator.scalars import SLUG_MAX, SLUG_PATTERN
from generator.validation import validate

#: GitHub refuses comments longer than 65,536 characters.
COMMENT_LIMIT = 60_000
_CELL_LIMIT = 400
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$")


class SubmissionError(Exception):
    """Not the scout's mistake: the command was called wrongly or content is unusable."""


@dataclass(frozen=True)
class Problem:
    """Something to change, described by the form question it concerns ('' = the whole entry).

    ``question`` is the question's heading as the form shows it (in the active language)."""

    question: str
    message: str
    hint: str = ""


@dataclass
class Submission:
    form: Form
    data: dict[str, Any] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)
    innovation: str | None = None  # the case study's innovation id
    problems: list[Problem] = field(default_factory=list)
    slug: str = ""
    yaml: str = ""  # the front matter (or the whole scout file) as written
    answers: dict[str, str] = field(default_factory=dict)  # question heading -> answer text
    site: str = DEFAULT_SITE_NAME  # the exchange's name, as the forms say it

    def problem(self, question: Question | str, message: str, hint: str = "") -> None:
        label = question if isinstance(question, str) else question.heading
        self.problems.append(Problem(label, message, hint))


@dataclass
class Outcome:
    ok: bool
    created: list[Path]
    comment: str  # Markdown for the issue, when not ok
    pr_body: str  # Markdown for the pull request, when ok
    report: Report


class _Number(str):
    """A number typed in a form: written unquoted, read back as text like every value."""


# --- answers to data -------------------------------------------------------------------------


def _option_lookup(options: list[Option]) -> dict[str, str]:
    """Label or id, any case, to id: a scout editing the issue may type either."""
    lookup: dict[str, str] = {}
    for option in options:
        lookup.setdefault(option.value.lower(), option.value)
        lookup.setdefault(parse.one_line(option.label).lower(), option.value)
    return lookup


def _match_option(text: str, options: list[Option]) -> str | None:
    return _option_lookup(options).get(parse.one_line(text).lower())


def _did_you_mean(text: str, options: list[str]) -> str:
    near = difflib.get_close_matches(text, options, n=1, cutoff=0.6)
    return _("Did you mean '{near}'?", near=near[0]) if near else ""


def _choices_text(options: list[Option]) -> str:
    labels = [o.label for o in options]
    return "; ".join(labels if len(labels) <= 20 else [*labels[:20], "…"])


def _choose_from(options: list[Option]) -> str:
    return _("Choose from: {choices}.", choices=_choices_text(options))


def _as_id(text: str) -> str:
    """``remote-copd-monitoring`` from the id, ``@id`` or the page's web address."""
    text = parse.one_line(text).strip("/")
    if "/" in text:
        parts = [p for p in re.split(r"[/?#]", text) if p]
        if "innovations" in parts[:-1]:
            return parts[parts.index("innovations") + 1]
        if "scouts" in parts[:-1]:
            return parts[parts.index("scouts") + 1]
        text = parts[-1] if parts else text
    return text.removeprefix("@").removesuffix(".html").strip()


def _scalar(info: Any, text: str) -> Any:
    """Numbers for number fields (currency signs and thousands commas dropped), else text."""
    kind = unwrap(info.annotation)
    if kind in (int, float):
        number = re.sub(r"[\s,£$€]", "", text)
        if _NUMBER.match(number):
            return _Number(number)
    return text


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        data = data.setdefault(name, {})
    data[path[-1]] = value


def _ordered(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """The fields in the model's order, as the file templates and examples have them."""
    result: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        sub = model_of(info.annotation)
        if sub is not None and isinstance(value, dict):
            value = _ordered(sub, value)
        elif sub is not None and isinstance(value, list):
            value = [_ordered(sub, v) if isinstance(v, dict) else v for v in value]
        result[name] = value
    result.update({k: v for k, v in data.items() if k not in result})
    return result


def _too_many(sub: Submission, q: Question, count: int, what: str, hint: str) -> bool:
    """Report an answer with more than :data:`parse.MAX_ITEMS` items (``what``:
    choices, lines or items), which is not read."""
    if count <= parse.MAX_ITEMS:
        return False
    limit = number(parse.MAX_ITEMS)
    if what == "choices":
        message = ngettext(
            "this answer has {n} choice: at most {limit} are read",
            "this answer has {n} choices: at most {limit} are read",
            count,
            limit=limit,
        )
    elif what == "lines":
        message = ngettext(
            "this answer has {n} line: at most {limit} are read",
            "this answer has {n} lines: at most {limit} are read",
            count,
            limit=limit,
        )
    else:
        message = ngettext(
            "this answer has {n} item: at most {limit} are read",
            "this answer has {n} items: at most {limit} are read",
            count,
            limit=limit,
        )
    sub.problem(q, message, hint)
    return True


def _dropdown(sub: Submission, q: Question, text: str, vocabularies: dict[str, Vocabulary]) -> Any:
    options = options_for(sub.form, q, vocabularies)
    if not is_list(field_info(sub.form.model, q.path)):
        value = _match_option(text, options)
        if value is None:
            near = _did_you_mean(text, [o.label for o in options])
            sub.problem(
                q,
                _("'{answer}' is not one of the choices", answer=text),
                near or _choose_from(options),
            )
        return value
    labels = [o.label for o in options]
    hint = _(
        "Pick each choice once, with the form's boxes. Choose from: {choices}.",
        choices=_choices_text(options),
    )
    if len(text) > parse.MAX_CHOICE_CHARS:
        sub.problem(
            q,
            ngettext(
                "this answer is too long for a list of choices ({n} character)",
                "this answer is too long for a list of choices ({n} characters)",
                len(text),
            ),
            hint,
        )
        return []
    if _too_many(sub, q, len(re.findall(r"[,;\n]", text)) + 1, "choices", hint):
        return []
    picked = parse.choices(text, labels)
    if picked is None:  # edited by hand: be generous, item by item
        picked = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
    lookup = _option_lookup(options)
    values: list[str] = []
    wrong: set[str] = set()
    for item in picked:
        value = lookup.get(parse.one_line(item).lower())
        if value is None:
            if item not in wrong:  # a wrong choice repeated is reported once
                wrong.add(item)
                near = _did_you_mean(item, labels)
                sub.problem(
                    q,
                    _("'{answer}' is not one of the choices", answer=item),
                    near or _choose_from(options),
                )
        elif value not in values:  # a choice repeated is kept once
            values.append(value)
    return values


def _rows(sub: Submission, q: Question, text: str, vocabularies: dict[str, Vocabulary]) -> list:
    model = model_of(field_info(sub.form.model, q.path).annotation)
    assert model is not None
    items: list[dict[str, Any]] = []
    lines = [line for line in text.split("\n") if line.strip()]
    hint = _("Give the most important ones, one per line, and link to a longer list instead.")
    if _too_many(sub, q, len(lines), "lines", hint):
        return items
    how = _("Write one item per line: {columns}.", columns=" | ".join(q.columns))
    for line_number, line in enumerate(lines, 1):
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > len(q.columns):
            sub.problem(
                q,
                ngettext(
                    "line {line} has {parts} parts separated by |, but at most {n} is expected",
                    "line {line} has {parts} parts separated by |, but at most {n} are expected",
                    len(q.columns),
                    line=number(line_number),
                    parts=number(len(parts)),
                ),
                how,
            )
            continue
        item: dict[str, Any] = {}
        reported = False
        for column, part in zip(q.columns, parts, strict=False):
            if not part:
                continue
            info = model.model_fields[column]
            if column == "type":
                options = row_column_options(sub.form, q, column, vocabularies)
                value = _match_option(part, options)
                if value is None:
                    near = _did_you_mean(part, [o.label for o in options])
                    sub.problem(
                        q,
                        _(
                            "line {line}: '{answer}' is not a kind of organisation",
                            line=number(line_number),
                            answer=part,
                        ),
                        near or _choose_from(options),
                    )
                    reported = True
                    continue
                item[column] = value
            else:
                item[column] = _scalar(info, part)
        missing = [c for c in q.columns if model.model_fields[c].is_required() and c not in item]
        if missing and not reported:
            sub.problem(
                q,
                _(
                    "line {line} has no {fields}",
                    line=number(line_number),
                    fields=listing(missing, style="or"),
                ),
                how,
            )
            continue
        items.append(item)
    return items


def read_answers(
    form: Form,
    body: str,
    vocabularies: dict[str, Vocabulary],
    content_dir: Path,
    today: date,
    site: str = DEFAULT_SITE_NAME,
) -> Submission:
    """The entry's fields and body sections, and every problem with the answers.

    ``form`` is asked as the exchange of ``content_dir`` asks it (which body sections
    are required: :func:`generator.issue_forms.spec.for_exchange`)."""
    exchange = load_exchange(content_dir)
    form = for_exchange(form, exchange)
    sub = Submission(form, site=site)
    answers = parse.split_answers(body, [q.heading for q in form.questions])
    for q in form.questions:
        raw = answers[q.heading]
        required = question_required(form, q)
        if q.kind in ("consent", "declaration"):
            ticks = parse.checkboxes(raw)
            ticked = [ticks.get(parse.one_line(option), False) for option in q.option_texts(site)]
            if q.kind == "consent":
                _set(sub.data, q.path, all(ticked))
            elif not all(ticked):
                sub.problem(
                    q,
                    _("not every box is ticked"),
                    _(
                        "Read each statement and tick it if it is true; a submission can "
                        "only be accepted when all are."
                    ),
                )
            continue
        if parse.is_empty(raw, dropdown=q.kind == "dropdown"):
            if raw is None and required:
                heading = "### " + q.heading
                sub.problem(
                    q,
                    _("this question is missing from the issue"),
                    # Translators: {heading} is '### ' and the question, as the form wrote it.
                    _("Add a line '{heading}' with your answer below it.", heading=heading),
                )
            elif required:
                sub.problem(
                    q, _("this answer is required"), _("Every entry needs it: add your answer.")
                )
            continue
        assert raw is not None
        sub.answers[q.heading] = raw
        text = (
            parse.one_line(raw)
            if q.one_line or q.kind in ("input", "list", "innovation", "dropdown")
            else raw.strip()
        )
        if q.kind != "section" and len(text) > parse.MAX_FIELD_CHARS:
            sub.problem(
                q,
                ngettext(
                    "this answer is {n} character long, far more than it can hold",
                    "this answer is {n} characters long, far more than it can hold",
                    len(text),
                ),
                _("Shorten it; long documents are better linked than copied."),
            )
            continue
        if q.kind == "section":
            sub.sections.append((section_heading(exchange, form.key, q.label), text))
        elif q.kind == "innovation":
            sub.innovation = _as_id(text)
        elif q.kind == "dropdown":
            value = _dropdown(sub, q, text, vocabularies)
            if value not in (None, []):
                _set(sub.data, q.path, value)
        elif q.kind == "list":
            values = [v.strip() for v in text.split(",") if v.strip()]
            if _too_many(sub, q, len(values), "items", _("Give the most important ones.")):
                continue
            if q.ids:
                values = [_as_id(v) for v in values]
            _set(sub.data, q.path, list(dict.fromkeys(values)))
        elif q.kind == "rows":
            items = _rows(sub, q, raw, vocabularies)
            if items:
                _set(sub.data, q.path, items)
        else:
            info = field_info(form.model, q.path)
            _set(sub.data, q.path, _scalar(info, text))
    if form.key in ("innovation", "case-study"):
        sub.data["last_reviewed"] = today.isoformat()
    if form.key == "scout" and not sub.data.get("publish"):
        sub.data = {k: v for k, v in sub.data.items() if k in UNCONSENTED_SCOUT_FIELDS}
    sub.data = _ordered(form.model, sub.data)
    _check_innovation(sub, content_dir)
    return sub


def _check_innovation(sub: Submission, content_dir: Path) -> None:
    if sub.form.key != "case-study" or sub.innovation is None:
        return
    q = sub.form.question("innovation")
    folder = content_dir / "innovations"
    known = (
        sorted(p.name for p in folder.iterdir() if (p / "index.md").is_file())
        if (folder.is_dir())
        else []
    )
    if sub.innovation not in known:
        near = _did_you_mean(sub.innovation, known)
        sub.problem(
            q,
            _(
                "there is no innovation '{id}' on the {site}",
                id=sub.innovation,
                site=sub.site,
            ),
            near
            or _(
                "Paste the web address of the innovation's page. If it is not on the {site} "
                "yet, submit it with the {form} form first.",
                site=sub.site,
                form=_("New innovation"),
            ),
        )
        sub.innovation = None


# --- files ---------------------------------------------------------------------------------


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


def _number(dumper: yaml.SafeDumper, value: _Number) -> yaml.ScalarNode:
    # Tagged as the number it looks like, so that it is written without quotes.
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value))


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    # [a, b] for lists of ids and keywords, as in the examples; items of rows stay blocks.
    flow = all(isinstance(v, str) and "\n" not in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Number, _number)
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
    if isinstance(value, _Number):
        return str(value)
    return value


def entry_text(sub: Submission) -> str:
    if sub.form.key == "scout":
        sub.yaml = to_yaml(sub.data)
        return sub.yaml
    sub.yaml = to_yaml(sub.data, first_line=2)
    parts = ["---\n", sub.yaml, "---\n"]
    for title, text in sub.sections:
        parts.append(f"\n## {title}\n\n{text.rstrip()}\n")
    return "".join(parts)


def entry_path(sub: Submission) -> Path:
    """The new file, relative to the content folder."""
    if sub.form.key == "innovation":
        return Path("innovations", sub.slug, "index.md")
    if sub.form.key == "case-study":
        return Path("innovations", sub.innovation or "", "case-studies", f"{sub.slug}.md")
    return Path("scouts", f"{sub.slug}.yml")


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


# The look-behind starts a match only where a run of local-part characters starts:
# without it, a long run with no '@' is rescanned from each of its characters (n²).
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def personal_data_problems(sub: Submission, identifiers: Iterable[str]) -> list[Problem]:
    """The exchange's personal identifiers (``identifiers``, their names: an NHS number,
    a codice fiscale…) anywhere, and email addresses outside the contact questions."""
    names = tuple(identifiers)
    problems = []
    for q in sub.form.questions:
        answer = sub.answers.get(q.heading, "")
        found = dict.fromkeys(identifier for identifier, _match in find_identifiers(answer, names))
        for identifier in found:  # each kind once per answer, never the value itself
            label = _(identifier.label)
            problems.append(
                Problem(
                    q.heading,
                    _(
                        "this looks like {identifier}: patient identifiers must never be published",
                        identifier=label,
                    ),
                    _(
                        "Remove it. If it is not {identifier}, write it differently.",
                        identifier=label,
                    ),
                )
            )
        if q.path[:1] != ("contact",) and _EMAIL.search(answer):
            problems.append(
                Problem(
                    q.heading,
                    _("an email address is only published in the contact questions"),
                    _("Remove it, or give a team address in the contact questions instead."),
                )
            )
    return problems


# --- diagnostics to questions ---------------------------------------------------------------


def _question_for_path(form: Form, path: tuple) -> tuple[Question | None, int | None]:
    """The question that fills ``path``, and for a rows question the line (from 1)."""
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
            return best, index + 1
    return best, None


def _locate(sub: Submission) -> dict[int, list[tuple[int, tuple]]]:
    """File line -> [(column, field path)] for the entry that was written."""
    _data, positions = parse_yaml(sub.yaml, 1 if sub.form.key == "scout" else 2)
    lines: dict[int, list[tuple[int, tuple]]] = {}
    for table in (positions.keys, positions.values):
        for path, (line, column) in table.items():
            lines.setdefault(line, []).append((column, path))
    return lines


def _sections_at(text: str) -> list[tuple[int, str]]:
    return [
        (number, line[3:].strip())
        for number, line in enumerate(text.split("\n"), 1)
        if line.startswith("## ")
    ]


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|\[\d+\]\.?)[A-Za-z_][A-Za-z0-9_]*)*")


def _missing_field(form: Form, message: str) -> Question | None:
    """The question of the field a 'missing-field' diagnostic names. Its message is in
    the active language; the field's dotted name is the first word of it that is one."""
    for candidate in _FIELD_NAME.findall(message):
        path = tuple(p for p in re.split(r"[.\[\]]+", candidate) if p and not p.isdigit())
        try:
            field_info(form.model, path)
        except KeyError:
            continue
        question, _line = _question_for_path(form, path)
        if question is not None:
            return question
    return None


def explain(sub: Submission, text: str, diagnostics: list[Diagnostic]) -> list[Problem]:
    """Each diagnostic of the new file as a problem with a form question."""
    lines = _locate(sub)
    sections = _sections_at(text) if sub.form.key != "scout" else []
    section_lines = [line for line, _title in sections]
    body_start = sections[0][0] if sections else None
    problems = []
    for d in diagnostics:
        label, line = "", None
        question = _missing_field(sub.form, d.message) if d.code == "missing-field" else None
        if question is not None:
            label = question.heading
        elif body_start is not None and d.line >= body_start:
            label = sections[bisect.bisect_right(section_lines, d.line) - 1][1]
        elif d.line in lines:
            candidates = sorted(lines[d.line], key=lambda c: (c[0] > d.column, -c[0], -len(c[1])))
            question, line = _question_for_path(sub.form, candidates[0][1])
            label = question.heading if question else ""
        message = d.message
        if line is not None:
            # Translators: a problem found on one line of an answer to a table question.
            message = _("line {line}: {problem}", line=number(line), problem=d.message)
        problems.append(Problem(label, message, d.hint))
    return problems


# --- Markdown -----------------------------------------------------------------------------------


#: U+2060 WORD JOINER, invisible: put after every ``@``, and after a ``#`` before a
#: letter or digit, it stops cmark-gfm's email autolinks and GitHub's @mentions and
#: #references, which are found in the rendered text (an entity alone, ``&#64;``, is
#: decoded before they look). A ``###`` is left as it is, to be copied.
_JOINER = "&#8288;"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "#": "&#35;", "@": "&#64;"}
# Everything that can start Markdown inside a line: escapes, code, emphasis, strike-
# through, links and images ([ ]), tables (|), maths ($), entities and HTML (& < >),
# mentions and references (@ #), and the extended autolinks 'www.' and 'scheme:/'.
_MARKUP = re.compile(r"[\\`*_~\[\]|$&<>#@]|(?<=www)\.|:(?=/)", re.IGNORECASE)
# What would start a block if the text began a line: a list item, rule or underline.
_LINE_START = re.compile(r"^(?:(?P<digits>\d{1,9})(?P<mark>[.)])|(?P<sign>[-+=]))")


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char not in _ENTITIES:
        return "\\" + char  # CommonMark: a backslash makes any ASCII punctuation literal
    after = match.string[match.end() : match.end() + 1]
    joiner = _JOINER if char == "@" or (char == "#" and after.isalnum()) else ""
    return _ENTITIES[char] + joiner


def inert(value: str, limit: int = _CELL_LIMIT) -> str:
    """Untrusted text as Markdown that GitHub shows as exactly that text, on one line.

    Every piece of submitted text in the comment and the pull request body goes
    through here, and nothing else is done to it: no link, image, autolink, HTML,
    code, emphasis, table break, mention or issue reference can come out of it,
    wherever in a line or a table cell it is put. Ordinary words are unchanged; the
    backslashes and entities it adds are not shown. Longer text is cut at ``limit``.
    """
    value = parse.one_line(value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    value = _MARKUP.sub(_escape, value)
    return _LINE_START.sub(
        lambda m: f"{m['digits']}\\{m['mark']}" if m["digits"] else "\\" + m["sign"], value
    )


def report_markdown(report: Report) -> str:
    """:meth:`Report.format_markdown`, with each value of each diagnostic made inert
    (diagnostics of a submitted entry quote its text: a wrong value, a link)."""
    return report.format_markdown(quote=inert)


def comment(sub: Submission, problems: list[Problem], report: Report | None) -> str:
    whole = _("The whole entry")
    columns = (
        pgettext("column of the bot's table", "Question"),
        pgettext("column of the bot's table", "What needs changing"),
        pgettext("column of the bot's table", "How to fix it"),
    )
    head = [
        "### " + _("Thank you! This submission needs a few changes"),
        "",
        ngettext(
            "The checks found {n} thing to change before this can be added to the {site}. "
            "Please edit this issue (the **···** menu at the top right of your first message, "
            "then **Edit**), correct the answers below and save. Then add a comment to say it "
            "is ready, and a maintainer will run the checks again.",
            "The checks found {n} things to change before this can be added to the {site}. "
            "Please edit this issue (the **···** menu at the top right of your first message, "
            "then **Edit**), correct the answers below and save. Then add a comment to say it "
            "is ready, and a maintainer will run the checks again.",
            len(problems),
            site=sub.site,
        ),
        "",
        "| " + " | ".join(inert(c) for c in columns) + " |",
        "| --- | --- | --- |",
    ]
    rows = [
        f"| {inert(p.question or whole)} | {inert(p.message)} | {inert(p.hint)} |" for p in problems
    ]
    details = []
    if report is not None and report.diagnostics:
        details = [
            "",
            "<details>",
            f"<summary>{html.escape(_('Details for maintainers'), quote=False)}</summary>",
            "",
            report_markdown(report),
            "</details>",
        ]
    text = "\n".join([*head, *rows, *details]) + "\n"
    if len(text) > COMMENT_LIMIT:  # the problems first, as many as fit
        text = "\n".join([*head, *rows]) + "\n"
        if len(text) > COMMENT_LIMIT - 200:
            text = text[: COMMENT_LIMIT - 200].rsplit("\n", 1)[0] + "\n"
        text += "\n" + _("(The list is too long for one comment and was cut short.)") + "\n"
    return text


def _path_code(path: Path) -> str:
    """A created file as code: its name is made of ids (slugs), checked again here."""
    text = path.as_posix()
    return f"`{text}`" if re.fullmatch(r"[A-Za-z0-9._/-]+", text) else inert(text)


def pr_body(
    sub: Submission, created: list[Path], issue: int | None, author: str | None, report: Report
) -> str:
    lines = [
        _added(sub.form.key, author, issue),
        "",
        *[f"- {_path_code(path)}" for path in created],
        "",
        _(
            "Reviewers: check the entry against the pull request checklist (evidence and "
            "sources, no patient data, contact details are team addresses, consent for any "
            "scout profile)."
        ),
    ]
    if sub.form.key == "scout" and not sub.data.get("publish"):
        lines += [
            "",
            _(
                "The scout did not tick the consent box: the profile is kept with {setting} "
                "and only their name, organisation and region.",
                setting="`publish: false`",
            ),
        ]
    if report.warnings:
        lines += [
            "",
            _("Suggestions from the checks (they do not block merging):"),
            "",
            report_markdown(report),
        ]
    if issue:
        # GitHub's own keyword, which closes the issue when the pull request is merged:
        # never translated.
        lines += ["", f"Closes #{issue}"]
    return "\n".join(lines) + "\n"


def _added(form: str, author: str | None, issue: int | None) -> str:
    """The pull request's first sentence: what it adds, from whom."""
    # The login was checked against _LOGIN: the mention credits the author.
    who = f"@{author}" if author else _("a contributor")
    values = {
        "who": who,
        "issue": f"#{issue}",  # a reference GitHub links: digits only, never formatted
        "convert": "`exchange from-issue`",
        "validate": "`exchange validate`",
    }
    if form == "innovation" and issue:
        return _(
            "This pull request adds a new innovation submitted by {who} in {issue} through the "
            "issue form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if form == "innovation":
        return _(
            "This pull request adds a new innovation submitted by {who} through the issue "
            "form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if form == "case-study" and issue:
        return _(
            "This pull request adds a new case study submitted by {who} in {issue} through the "
            "issue form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if form == "case-study":
        return _(
            "This pull request adds a new case study submitted by {who} through the issue "
            "form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if issue:
        return _(
            "This pull request adds a new scout profile submitted by {who} in {issue} through "
            "the issue form, converted by {convert} and checked by {validate}.",
            **values,
        )
    return _(
        "This pull request adds a new scout profile submitted by {who} through the issue "
        "form, converted by {convert} and checked by {validate}.",
        **values,
    )


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
    sub = read_answers(form, body, vocabularies, content_dir, today, site)
    fallback = f"{form.key}-issue-{issue}" if issue else f"{form.key}-submission"
    sub.slug = slugify(_slug_source(sub), fallback)
    relative = entry_path(sub)
    path = content_dir / relative
    if form.key == "case-study" and sub.innovation is None:
        return Outcome(False, [], comment(sub, sub.problems, None), "", Report())
    existing = path.parent if form.key == "innovation" else path
    if existing.exists():
        named_by = {"innovation": "title", "case-study": "organisation-name", "scout": "name"}
        sub.problem(
            form.question(named_by[form.key]),
            _("an entry with the id '{id}' already exists", id=sub.slug),
            _(
                "If this is a different entry, give it a more specific name. To change the "
                "existing entry, say so in a comment and a maintainer will help."
            ),
        )
        return Outcome(False, [], comment(sub, sub.problems, None), "", Report())

    text = entry_text(sub)
    _loaded, before = validate(content_dir, today=today)
    writer = _Writer()
    try:
        writer.write(path, text)
        return _checked(sub, text, content_dir, relative, writer, before, issue, author, today)
    except BaseException:  # whatever fails once the file is written, it is removed again
        writer.undo()
        raise


def _checked(
    sub: Submission,
    text: str,
    content_dir: Path,
    relative: Path,
    writer: _Writer,
    before: Report,
    issue: int | None,
    author: str | None,
    today: date,
) -> Outcome:
    """Validate the content folder with the new file in it, and describe what it found."""
    loaded, after = validate(content_dir, today=today)
    known = set(before.diagnostics)
    introduced = Report(d for d in after.diagnostics if d not in known)
    display_root = display_root_for(content_dir)
    shown = f"{display_root}/{relative.as_posix()}" if display_root else relative.as_posix()
    own = [d for d in introduced.diagnostics if d.file == shown]
    problems = list(sub.problems)
    flagged = {p.question for p in problems}
    for p in explain(sub, text, [d for d in own if d.is_error]):
        if p.question not in flagged or not p.question:
            problems.append(p)
    others = set(introduced.diagnostics) - set(own)
    problems += [Problem("", d.message, d.hint) for d in introduced.errors if d in others]
    entries = (*loaded.innovations, *loaded.case_studies, *loaded.scouts)
    if problems and not any(e.file == shown for e in entries):
        # The entry's shape is wrong, so the rules that read a loaded entry (personal
        # data above all) did not run: look at the answers directly, to say it now.
        problems += personal_data_problems(sub, load_exchange(content_dir).identifiers)
    if problems:
        writer.undo()
        return Outcome(False, [], comment(sub, problems, introduced), "", introduced)
    created = [content_dir / relative]
    return Outcome(True, created, "", pr_body(sub, created, issue, author, introduced), introduced)
