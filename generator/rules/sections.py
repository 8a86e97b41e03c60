"""Body sections: the required ones must be there; the recommended ones should be."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, error, warning
from generator.loader.content import Entry
from generator.models import CASE_STUDY_SECTIONS, INNOVATION_SECTIONS
from generator.rules.context import RuleContext, in_spans

# Matched against "\n" + body: a literal first character lets the regex engine
# skip ahead, several times faster than trying '^' at every position.
# The closing '#'s are stripped after the match: a regex that left them out
# (``(.+?)[ \t#]*$``) would take time quadratic in their number.
_H2 = re.compile(r"\n##[ \t]+([^\n]+)")


def normalise(heading: str) -> str:
    return " ".join(heading.split()).rstrip(":").lower()


def headings(ctx: RuleContext, entry: Entry) -> set[str]:
    """Normalised level-2 headings of the body (outside code blocks)."""
    fences = ctx.fences(entry)
    return {
        normalise(match[1].rstrip(" \t#") or match[1][:1])
        for match in _H2.finditer("\n" + entry.body)
        if not (fences and in_spans(match.start(), fences))  # start: the body's offset
    }


def required_sections(ctx: RuleContext) -> Iterator[Diagnostic]:
    wanted = {
        kind: [(title, normalise(title), required) for title, required in sections]
        for kind, sections in (
            ("innovation", INNOVATION_SECTIONS),
            ("case-study", CASE_STUDY_SECTIONS),
        )
    }
    as_written = {kind: [f"\n## {title}\n" for title, *_ in wanted[kind]] for kind in wanted}
    for entry in ctx.content.innovations + ctx.content.case_studies:
        # Most bodies have every heading written as the template writes it: a few
        # substring searches show that faster than finding every heading.
        body = f"\n{entry.body}\n"
        if not ctx.fences(entry) and all(line in body for line in as_written[entry.kind]):
            continue
        present = headings(ctx, entry)
        for title, name, required in wanted[entry.kind]:
            if name in present:
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
