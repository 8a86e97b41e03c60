"""Validation rules that look across files or into bodies.

Each module holds one family of rules; each rule is a function taking the
:class:`~generator.rules.context.RuleContext` and yielding diagnostics. Per-file
shape checks (types, lengths, dates, URLs) live in ``generator.models`` and
``generator.scalars``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from generator.diagnostics import Diagnostic
from generator.loader.content import ContentSet
from generator.rules import (
    assets,
    dates,
    personal_data,
    quality,
    references,
    rendered,
    sections,
)
from generator.rules.context import RuleContext

Rule = Callable[[RuleContext], Iterable[Diagnostic]]

RULES: tuple[Rule, ...] = (
    rendered.input_limits,
    references.vocabulary_terms,
    references.duplicate_terms,
    references.scouts_exist,
    references.duplicate_values,
    assets.images,
    assets.svg_safety,
    assets.image_sizes,
    rendered.rendered_output,
    dates.date_order,
    dates.not_in_future,
    sections.required_sections,
    sections.section_contents,
    personal_data.personal_identifiers,
    personal_data.dates_of_birth,
    personal_data.emails_outside_contact,
    quality.review_overdue,
    quality.no_case_study,
    quality.shouting,
    quality.raw_html,
    quality.todo_left,
    quality.prompts_in_fields,
)


def check(
    content: ContentSet, today: date, scout_ids: frozenset[str] | None = None
) -> list[Diagnostic]:
    context = RuleContext(content, today, scout_ids)
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(context))
    return _outside_invalid_fields(content, found)


def _outside_invalid_fields(content: ContentSet, found: list[Diagnostic]) -> list[Diagnostic]:
    """What the rules found, less what they found in the lines of a field left out
    of a partial entry: there they saw a stand-in (say, no contact), not the file."""
    spans = {
        e.file: e.invalid_lines
        for e in (*content.innovations, *content.case_studies, *content.scouts)
        if e.invalid_lines
    }
    if not spans:
        return found
    return [d for d in found if not any(a <= d.line <= b for a, b in spans.get(d.file, ()))]
