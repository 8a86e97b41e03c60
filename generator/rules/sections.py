"""Body sections: the required ones must be there; the recommended ones should be."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, error, warning
from generator.loader.content import Entry
from generator.models import CASE_STUDY_SECTIONS, INNOVATION_SECTIONS
from generator.rules.context import RuleContext, in_spans

_H2 = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def normalise(heading: str) -> str:
    return " ".join(heading.split()).rstrip(":").lower()


def headings(ctx: RuleContext, entry: Entry) -> set[str]:
    """Normalised level-2 headings of the body (outside code blocks)."""
    fences = ctx.fences(entry)
    return {
        normalise(match[1])
        for match in _H2.finditer(entry.body)
        if not (fences and in_spans(match.start(), fences))
    }


def required_sections(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations + ctx.content.case_studies:
        sections = INNOVATION_SECTIONS if entry.kind == "innovation" else CASE_STUDY_SECTIONS
        present = headings(ctx, entry)
        for title, required in sections:
            if normalise(title) in present:
                continue
            line = entry.body_line
            if required:
                yield error(
                    entry.file,
                    line,
                    1,
                    "missing-section",
                    f"the section '## {title}' is missing",
                    f"Add a line '## {title}' followed by a few sentences.",
                )
            else:
                yield warning(
                    entry.file,
                    line,
                    1,
                    "recommended-section",
                    f"the recommended section '## {title}' is missing",
                    "Readers who want to adopt it look for this section.",
                )
