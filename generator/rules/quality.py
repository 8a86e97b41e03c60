"""Warnings: things a curator wants to know about, which do not block publishing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from generator.diagnostics import Diagnostic, warning
from generator.i18n import _
from generator.models import REVIEW_MONTHS
from generator.rules.context import RuleContext
from generator.scalars import earliest_day

_RAW_HTML = re.compile(r"<(?!https?://)[A-Za-z!/][^<>]*>")  # [^<>]: linear


def review_due(last_reviewed: str) -> date:
    reviewed = earliest_day(last_reviewed)
    month = reviewed.month - 1 + REVIEW_MONTHS
    year, month = reviewed.year + month // 12, month % 12 + 1
    day = min(reviewed.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return date(year, month, day)


def is_overdue(last_reviewed: str, today: date) -> bool:
    return review_due(last_reviewed) < today


def review_overdue(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations + ctx.content.case_studies:
        last = entry.fields.last_reviewed
        if is_overdue(last, ctx.today):
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


def _shouting(text: str) -> bool:
    if text != text.upper():  # quick no for nearly every text
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
    """The prompts `exchange new` writes into a body, still there."""
    for entry in ctx.content.innovations + ctx.content.case_studies:
        if "TODO" not in entry.body:
            continue
        for hit in ctx.body_matches(entry, _TODO):
            if not hit.fenced:
                yield warning(
                    entry.file,
                    hit.line,
                    hit.column,
                    "todo-left",
                    _("a TODO prompt from the template is still here"),
                    _("Replace it with your own words, or delete the line."),
                )
