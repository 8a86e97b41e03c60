"""Read the answers of a submitted issue form into an entry's fields and body sections.

The answers are found under their questions' headings, even edited ones
(:mod:`generator.issue_forms.headings`), and read as data (:mod:`generator.issue_forms.parse`):
a choice is matched to its term, a table question's lines to items, a web address
pasted for an id to the id. Every problem found on the way is kept, said in the
form's words, with the question it concerns; nothing stops at the first one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.exchange import load_exchange, section_heading
from generator.i18n import _, ngettext
from generator.i18n.formatting import listing, number
from generator.issue_forms import headings, parse
from generator.issue_forms.generate import Option, options_for, row_column_options
from generator.issue_forms.reply import Problem
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
from generator.loader.content import scout_ids
from generator.models import Vocabulary
from generator.rules.personal_data import find_identifiers
from generator.scalars import slugify

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
#: Stray headings said one by one; past this, one more row says how many others there are.
MAX_STRAYS = 20


@dataclass(frozen=True)
class BodySection:
    """A body section to write: the question that asked it, its heading in the entry
    file (the exchange's own) and the answer."""

    question: Question
    heading: str
    text: str


@dataclass
class Submission:
    form: Form
    data: dict[str, Any] = field(default_factory=dict)
    sections: list[BodySection] = field(default_factory=list)
    #: Every body section question by its heading in the entry file (the exchange's).
    section_questions: dict[str, Question] = field(default_factory=dict)
    innovation: str | None = None  # the case study's innovation id, once it is known to exist
    known_innovations: list[str] = field(default_factory=list)  # the case study's choices
    #: Problems with the answers themselves: a question named here is not reported again
    #: by the validator (its value was left out, so the validator finds it missing).
    problems: list[Problem] = field(default_factory=list)
    #: Problems with how the form was filled in (headings, an id already taken): said
    #: beside whatever the validator finds in the answer.
    structure_problems: list[Problem] = field(default_factory=list)
    slug: str = ""
    yaml: str = ""  # the front matter (or the whole scout file) as written
    answers: dict[str, str] = field(default_factory=dict)  # question heading -> answer text
    #: question id -> the line of the answer (from 1, blank lines not counted) of each
    #: item written, for a table question
    row_lines: dict[str, list[int]] = field(default_factory=dict)
    site: str = DEFAULT_SITE_NAME  # the exchange's name, as the forms say it

    def problem(self, question: Question | str, message: str, hint: str = "") -> None:
        label = question if isinstance(question, str) else question.heading
        self.problems.append(Problem(label, message, hint))

    def structure_problem(self, question: Question | str, message: str, hint: str = "") -> None:
        label = question if isinstance(question, str) else question.heading
        self.structure_problems.append(Problem(label, message, hint))


class FormNumber(str):
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


def _scout_id(text: str, known: frozenset[str]) -> str:
    """A scout's id from the id or their name as the site shows it ("Ada Example")."""
    written = slugify(text)
    return written if text not in known and written in known else text


def _scalar(info: Any, text: str) -> Any:
    """Numbers for number fields (currency signs and thousands commas dropped), else text."""
    kind = unwrap(info.annotation)
    if kind in (int, float):
        number = re.sub(r"[\s,£$€]", "", text)
        if _NUMBER.match(number):
            return FormNumber(number)
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


def _too_many(
    sub: Submission, q: Question, count: int, what: str, hint: str, most: int = parse.MAX_ITEMS
) -> bool:
    """Report an answer with more than ``most`` items (``what``: choices, lines or
    items), which is not read."""
    if count <= most:
        return False
    limit = number(most)
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
    # Every choice once is an honest answer, however long the list (the world's countries).
    longest = max(parse.MAX_CHOICE_CHARS, sum(len(label) + 2 for label in labels))
    if len(text) > longest:
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
    picked = parse.choices(text, labels)
    if picked is None:  # edited by hand: be generous, item by item
        picked = parse.generous_choices(text, [*labels, *(o.value for o in options)])
    if _too_many(sub, q, len(picked), "choices", hint, max(parse.MAX_ITEMS, len(options))):
        return []
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
        sub.row_lines.setdefault(q.id, []).append(line_number)
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
    required_ids = {q.id for q in form.questions if question_required(form, q)}
    reading = headings.read(body, form.questions, required_ids)
    _heading_problems(sub, reading, required_ids)
    known_scouts = scout_ids(content_dir)
    for q in form.questions:
        if q.kind == "section":
            sub.section_questions[section_heading(exchange, form.key, q.label)] = q
    for q in form.questions:
        raw = reading.answers[q.id]
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
                sub.problem(
                    q,
                    _(
                        "the answer to this question was not found: its heading may have been "
                        "changed or deleted"
                    ),
                    # Translators: {heading} is '### ' and the question, as the form wrote it.
                    _(
                        "Put back the line '{heading}', as the form wrote it, with your answer "
                        "below it.",
                        heading="### " + q.heading,
                    ),
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
            heading = next(h for h, asked in sub.section_questions.items() if asked is q)
            sub.sections.append(BodySection(q, heading, text))
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
                values = [_scout_id(_as_id(v), known_scouts) for v in values]
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


def _heading_problems(sub: Submission, reading: headings.Reading, required: set[str]) -> None:
    """What was not understood in the headings: a heading read as a question only by
    where it is, headings that are no question's, and text before the first one. A
    heading in a body section is the submitter's sub-heading, unless a required
    question is missing there."""
    form = sub.form
    by_id = {q.id: q for q in form.questions}
    for q in form.questions:
        found = reading.found.get(q.id)
        if found is not None and found.how == "position":
            sub.structure_problem(
                q,
                _(
                    "the heading '{written}' is not one of the form's questions; the text under "
                    "it was read as the answer to this one",
                    written="### " + found.heading,
                ),
                _(
                    "If that is right, change the heading back to '{heading}'; if not, put the "
                    "text under the heading of the question it answers.",
                    heading="### " + q.heading,
                ),
            )
    strays = [
        stray
        for stray in reading.strays
        if stray.inside is None
        or not headings.is_markdown(by_id[stray.inside])
        or required.intersection(stray.maybe)
    ]
    for stray in strays[:MAX_STRAYS]:
        written = "### " + stray.heading
        if stray.maybe:
            # The first required question it may be, else the first.
            maybe = by_id[next((m for m in stray.maybe if m in required), stray.maybe[0])]
            hint = _(
                "If it is your answer to '{question}', change the heading to '{heading}'.",
                question=maybe.heading,
                heading="### " + maybe.heading,
            )
        else:
            hint = _("Put the text under the heading of the question it answers, or delete it.")
        if stray.inside is None or not headings.is_markdown(by_id[stray.inside]):
            message = _(
                "the heading '{written}' is not one of the form's questions, so the text under "
                "it was not read",
                written=written,
            )
        else:
            message = _(
                "the heading '{written}' is not one of the form's questions, so it and the text "
                "under it were read as part of this answer",
                written=written,
            )
        sub.structure_problem(by_id[stray.inside] if stray.inside else "", message, hint)
    if len(strays) > MAX_STRAYS:
        sub.structure_problem(
            "",
            ngettext(
                "{n} more heading is not one of the form's questions",
                "{n} more headings are not one of the form's questions",
                len(strays) - MAX_STRAYS,
            ),
            _("Write each answer under its question's heading, as the form wrote them."),
        )
    if reading.preamble and not any(stray.inside is None for stray in reading.strays):
        sub.structure_problem(
            "",
            _("the text before the first question's heading was not read"),
            _(
                "Move it under the heading of the question it answers, or delete it; a note "
                "for the curators can go in a comment instead."
            ),
        )


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
    sub.known_innovations = known
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
