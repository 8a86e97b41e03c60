"""Entries not finished: mostly warnings a curator wants to know about, which do not
block publishing; and text fields still holding the template's words, which do."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterator
from datetime import date

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, warning
from generator.i18n import _, in_language, shipped
from generator.loader.content import Entry
from generator.loader.fields import dotted
from generator.models import REVIEW_MONTHS
from generator.rules.context import RuleContext
from generator.rules.sections import Prompt, unwritten_sections, words
from generator.scaffold import FIELD_NOTES
from generator.scalars import PlainText, Text, earliest_day

_RAW_HTML = re.compile(r"<(?!https?://)[A-Za-z!/][^<>]*>")  # [^<>]: linear


def review_due(last_reviewed: str, months: int = REVIEW_MONTHS) -> date:
    """The day a review is due, ``months`` after the last (the Insights page also asks
    for half the period, to tell recent reviews from those falling due)."""
    reviewed = earliest_day(last_reviewed)
    month = reviewed.month - 1 + months
    year, month = reviewed.year + month // 12, month % 12 + 1
    day = min(reviewed.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return date(year, month, day)


def is_overdue(last_reviewed: str, today: date) -> bool:
    return review_due(last_reviewed) < today


def review_overdue(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations + ctx.content.case_studies:
        last = entry.fields.last_reviewed
        if last and is_overdue(last, ctx.today):  # None: left out of a file with problems
            yield ctx.warning_at(
                entry,
                ("last_reviewed",),
                "review-overdue",
                _(
                    "the last review was on {last}; a review was due by {due}",
                    last=last,
                    due=review_due(last),
                ),
                _("Check the entry is still accurate, then set last_reviewed to today's date."),
            )


def no_case_study(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations:
        # A case study file that has errors is reported on its own: it still counts.
        if not entry.case_study_files:
            yield ctx.warning_at(
                entry,
                (),
                "no-case-study",
                _("this innovation has no case study yet"),
                _(
                    "Adoptions elsewhere are the best evidence: add one under {folder}.",
                    folder="innovations/" + entry.id + "/case-studies/",
                ),
            )


def _shouting(text: str | None) -> bool:
    if not text or text != text.upper():  # quick no for nearly every text
        return False
    return sum(c.isalpha() for c in text) >= 12


def _capitals(name: str) -> str:
    if name == "title":
        return _("the title is written in capitals")
    return _("the summary is written in capitals")


def shouting(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations:
        for name in ("title", "summary"):
            if _shouting(getattr(entry.fields, name)):
                yield ctx.warning_at(
                    entry,
                    (name,),
                    "all-capitals",
                    _capitals(name),
                    _("Use sentence case: capitals read as shouting and are harder to read."),
                )


def raw_html(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations + ctx.content.case_studies:
        if "<" not in entry.body:
            continue
        reported: set[int] = set()
        for hit in ctx.body_matches(entry, _RAW_HTML):
            start = entry.body.rfind("\n", 0, hit.match.start()) + 1
            end = entry.body.find("\n", hit.match.start())
            text = entry.body[start : end if end != -1 else len(entry.body)]
            if hit.fenced or hit.line in reported or "`" in text or text.startswith("    "):
                continue
            reported.add(hit.line)
            yield warning(
                entry.file,
                hit.line,
                hit.column,
                "raw-html",
                _("HTML in the body is removed or shown as text on the site"),
                _("Use Markdown instead, or put code in `backticks`."),
            )


_TODO = re.compile(r"^TODO\b.*$", re.MULTILINE)


def todo_left(ctx: RuleContext) -> Iterator[Diagnostic]:
    """The prompts `exchange new` writes into a body, still there (those in a section,
    reported with an example by :func:`generator.rules.sections.section_contents`, aside)."""
    for entry in ctx.content.innovations + ctx.content.case_studies:
        if "TODO" not in entry.body:
            continue
        reported = {d.line for d in unwritten_sections(ctx, entry)}
        for hit in ctx.body_matches(entry, _TODO):
            if not hit.fenced and hit.line not in reported:
                yield warning(
                    entry.file,
                    hit.line,
                    hit.column,
                    "todo-left",
                    _("a TODO prompt from the template is still here"),
                    _("Replace it with your own words, or delete the line."),
                )


# --- text fields still holding the template's words ----------------------------------------

#: What a required text field holds when it was not really filled in (as words, see
#: :func:`generator.rules.sections.words`; "" is text without a letter or digit: "-", "...").
PLACEHOLDERS = frozenset({"", "todo", "tbc", "tbd", "tba", "n a", "na", "xxx", "required"})
_TEXT_CHECKS = {typing.get_args(Text)[1].func, typing.get_args(PlainText)[1].func}


@functools.cache
def _is_text(model: type[BaseModel], name: str) -> bool:
    """Whether the field is free text (not an id, a date, an address or a number)."""
    field = model.model_fields[name]
    checks = [*field.metadata]
    for member in typing.get_args(field.annotation):  # ``Text | None``
        checks += typing.get_args(member)[1:]
    return any(getattr(check, "func", None) in _TEXT_CHECKS for check in checks)


@functools.cache
def _prompt(model: type[BaseModel], name: str) -> Prompt | None:
    """What the template says about the field, in every language the project ships: the
    note ``exchange new`` writes above it and, for a required field, its description
    (the issue forms' and the field reference's words)."""
    field = model.model_fields[name]
    texts = [FIELD_NOTES[model, name]] if (model, name) in FIELD_NOTES else []
    if field.is_required() and field.description:
        texts.append(field.description)
    if not texts:
        return None
    return Prompt.of(*(in_language(language, t) for t in texts for language in shipped()))


def _fields(
    value: BaseModel, path: tuple = ()
) -> Iterator[tuple[tuple, type[BaseModel], str, str]]:
    """(path, model, field name, value) of every text field with a value, nested ones too."""
    model = type(value)
    for name in model.model_fields:
        item = getattr(value, name)
        if isinstance(item, BaseModel):
            yield from _fields(item, (*path, name))
        elif isinstance(item, list):
            for index, element in enumerate(item):
                if isinstance(element, BaseModel):
                    yield from _fields(element, (*path, name, index))
        elif isinstance(item, str) and _is_text(model, name):
            yield (*path, name), model, name, item


def _example(model: type[BaseModel], name: str, language: str) -> str:
    """The hint's example of a good answer, from the field's ``examples=`` in the model
    (in the language entries are written in); "" when it has none."""
    examples = model.model_fields[name].examples
    if not examples:
        return ""
    # Translators: {example} is a whole sentence, in the language entries are written in.
    return _("For example: {example}", example=in_language(language, str(examples[0])))


def prompts_in_fields(ctx: RuleContext) -> Iterator[Diagnostic]:
    """Text fields holding the template's note or the field's description (copied into
    the value instead of an answer), or, when required, only a placeholder such as TBC."""
    language = ctx.content.exchange.language
    entries: list[Entry] = [*ctx.content.innovations, *ctx.content.case_studies]
    entries += [s for s in ctx.content.scouts if s.fields.publish]  # the rest is never shown
    for entry in entries:
        for path, model, name, value in _fields(entry.fields):
            written = words(value)
            if written in PLACEHOLDERS and model.model_fields[name].is_required():
                yield ctx.error_at(
                    entry,
                    path,
                    "placeholder-text",
                    _("'{name}' holds only a placeholder, not an answer", name=dotted(path)),
                    _example(model, name, language) or _("Write the answer in your own words."),
                )
                continue
            prompt = _prompt(model, name)
            if prompt is not None and prompt.found_in(written):
                example = _example(model, name, language)
                yield ctx.error_at(
                    entry,
                    path,
                    "prompt-left",
                    _("'{name}' still holds the template's note on it", name=dotted(path)),
                    _("Replace it with your own words. {example}", example=example)
                    if example
                    else _("Replace it with your own words."),
                )
