"""Body sections: the required ones must be there; the recommended ones should be."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, error, warning
from generator.i18n import _, babel_locale, in_language, locale_of, shipped
from generator.loader.content import Entry
from generator.models import SECTIONS, Section, normalise_heading
from generator.rules.context import RuleContext, in_spans

# Matched against "\n" + body: a literal first character lets the regex engine
# skip ahead, several times faster than trying '^' at every position.
# The closing '#'s are stripped after the match: a regex that left them out
# (``(.+?)[ \t#]*$``) would take time quadratic in their number.
_H2 = re.compile(r"\n##[ \t]+([^\n]+)")


def headings(ctx: RuleContext, entry: Entry) -> set[str]:
    """Normalised level-2 headings of the body (outside code blocks)."""
    fences = ctx.fences(entry)
    return {
        normalise_heading(match[1].rstrip(" \t#") or match[1][:1])
        for match in _H2.finditer("\n" + entry.body)
        if not (fences and in_spans(match.start(), fences))  # start: the body's offset
    }


@functools.cache
def _other_languages(section: Section, language: str) -> dict[str, str]:
    """The (model) section's heading in each other shipped language: normalised ->
    as written."""
    found = {}
    for other in shipped():
        if other != language.replace("-", "_").split("_")[0]:
            heading = in_language(other, section.heading)
            found[normalise_heading(heading)] = heading
    return found


def required_sections(ctx: RuleContext) -> Iterator[Diagnostic]:
    exchange = ctx.content.exchange
    wanted = {
        kind: [
            (own, normalise_heading(own.heading), model)
            for model, own in zip(SECTIONS[kind], exchange.sections_of(kind), strict=True)
        ]
        for kind in ("innovation", "case-study")
    }
    as_written = {kind: [f"\n## {s.heading}\n" for s, *_ in wanted[kind]] for kind in wanted}
    language = locale_of(exchange.language).get_display_name(babel_locale().language)
    for entry in ctx.content.innovations + ctx.content.case_studies:
        # Most bodies have every heading written as the template writes it: a few
        # substring searches show that faster than finding every heading.
        body = f"\n{entry.body}\n"
        if not ctx.fences(entry) and all(line in body for line in as_written[entry.kind]):
            continue
        present = headings(ctx, entry)
        for section, name, model in wanted[entry.kind]:
            if name in present:
                continue
            line = entry.body_line
            title = section.heading
            # Read only now: the other languages' catalogues are not needed otherwise.
            other_languages = _other_languages(model, exchange.language)
            elsewhere = sorted(other_languages.keys() & present)
            if elsewhere:
                yield (error if section.required else warning)(
                    entry.file,
                    line,
                    1,
                    "section-in-another-language",
                    _(
                        "the heading '## {found}' is not in this exchange's language",
                        found=other_languages[elsewhere[0]],
                    ),
                    _(
                        "This exchange's entries are written in {language}: write '## {title}' "
                        "instead.",
                        language=language,
                        title=title,
                    ),
                )
            elif section.required:
                yield error(
                    entry.file,
                    line,
                    1,
                    "missing-section",
                    _("the section '## {title}' is missing", title=title),
                    _("Add a line '## {title}' followed by a few sentences.", title=title),
                )
            else:
                yield warning(
                    entry.file,
                    line,
                    1,
                    "recommended-section",
                    _("the recommended section '## {title}' is missing", title=title),
                    _("Readers who want to adopt it look for this section."),
                )
