"""Body sections: the required ones must be there, and written; the recommended ones should be.

"Written" means more than a heading: a section left empty, or still holding the
prompt ``exchange new`` put under it, is an error when the section is required
(a warning when it is recommended), with an example of a good answer. The
prompts compared are this exchange's (its content language, its own prompts from
``exchange.yml``): those its scaffold writes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, error, warning
from generator.exchange import Exchange
from generator.i18n import N_, _, babel_locale, in_language, locale_of, shipped
from generator.loader.content import Entry
from generator.models import SECTIONS, Section, normalise_heading
from generator.rules.context import Lines, RuleContext, in_spans, spans_between

# Matched against "\n" + body: a literal first character lets the regex engine
# skip ahead, several times faster than trying '^' at every position.
# The closing '#'s are stripped after the match: a regex that left them out
# (``(.+?)[ \t#]*$``) would take time quadratic in their number.
_H2 = re.compile(r"\n##[ \t]+([^\n]+)")


def headings(ctx: RuleContext, entry: Entry) -> set[str]:
    """Normalised level-2 headings of the body (outside code blocks)."""
    return {name for name, *_ in _blocks(ctx, entry)}


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


# --- what is written under the headings ---------------------------------------------------

#: An example of a good answer for each section (English; each exchange shows it in its
#: content language), beside the prompts of ``generator.models.SECTIONS``.
SECTION_EXAMPLES: dict[str, dict[str, str]] = {
    "innovation": {
        "problem": N_(
            "People with COPD were admitted as emergencies after days of worsening symptoms "
            "that nobody saw: 420 admissions a year in our area."
        ),
        "solution": N_(
            "Patients record their symptoms on a tablet each morning, and a nurse calls anyone "
            "whose readings fall below their personal baseline."
        ),
        "evidence": N_(
            "Emergency admissions fell by 30% over 12 months among 400 patients, compared with "
            "the year before (service evaluation, 2023)."
        ),
        "resources": N_(
            "Tablets and oximeters for 100 patients, two days a week of a nurse's time and the "
            "approval of the information governance team."
        ),
        "difficulties": N_(
            "Too many alerts at first: a personal baseline for each patient halved them."
        ),
        "transfer": N_(
            "Any community respiratory team can adopt it; the protocol and the training slides "
            "are free to reuse."
        ),
    },
    "case-study": {
        "context": N_(
            "A rural trust serving 300,000 people, with the highest rate of COPD admissions in "
            "the region."
        ),
        "actions": N_(
            "We started with 50 patients from two GP practices and added a weekly phone call "
            "for people without internet at home."
        ),
        "results": N_("Emergency admissions among the patients enrolled fell by 25% in a year."),
        "lessons": N_(
            "Involve the GP practices from the start: referrals doubled once they knew the team."
        ),
    },
}

_WORD = re.compile(r"\w+")
#: Where a prompt is cut into pieces: after a sentence or a clause before a colon...
_PIECE_END = re.compile(r"(?<=[.!?:;])\s+")
#: ...but not after an abbreviation ("e.g.", "p. es."): the example it gives is no prompt.
_ABBREVIATION = re.compile(r"\b\w{1,2}\.$")
#: Words a piece of a prompt needs to be recognised inside other text; a shorter one
#: ("Results.") is recognised only as the whole text, so ordinary sentences never match.
WORDS_TO_RECOGNISE = 4
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def words(text: str) -> str:
    """``text`` as prompts are compared: its words in lower case, one space apart (so
    punctuation, line breaks, spacing and case make no difference)."""
    return " ".join(_WORD.findall(text.casefold()))


def _pieces(text: str) -> Iterator[str]:
    """The sentences of ``text``, and its clauses before a colon."""
    kept = ""
    for piece in _PIECE_END.split(text):
        kept = f"{kept} {piece}" if kept else piece
        if not _ABBREVIATION.search(kept):
            yield kept
            kept = ""
    if kept:
        yield kept


@dataclass(frozen=True)
class Prompt:
    """A prompt as it is recognised: whole, or any of its sentences kept (a prompt partly
    kept, with the writer's own words after it, is still the prompt)."""

    text: str
    #: pieces recognised anywhere in a text, as whole words
    anywhere: tuple[str, ...]
    #: pieces too short for that, recognised only as the whole text
    alone: frozenset[str]

    @classmethod
    def of(cls, *texts: str) -> Prompt:
        """The prompt of ``texts[0]``, also recognised by the other texts' pieces (the
        same prompt in other languages, say)."""
        pieces = {words(t) for t in texts}
        pieces.update(words(piece) for t in texts for piece in _pieces(t))
        pieces.discard("")
        long = tuple(sorted(p for p in pieces if p.count(" ") + 1 >= WORDS_TO_RECOGNISE))
        return cls(texts[0], long, frozenset(pieces.difference(long)))

    def found_in(self, normalised: str) -> bool:
        """Whether ``normalised`` (see :func:`words`: one paragraph, or a field's value)
        starts with this prompt or a piece of it. A prompt left behind starts its
        paragraph; the same words later in a writer's own sentence ("we wrote down how
        it was adopted and adapted locally") are theirs."""
        if normalised in self.alone:
            return True
        return any(_starts_with_words(normalised, piece) for piece in self.anywhere)


def _starts_with_words(text: str, piece: str) -> bool:
    """Whether ``text`` starts with ``piece`` as whole words (both made by :func:`words`)."""
    return text.startswith(piece) and (len(text) == len(piece) or text[len(piece)] == " ")


@dataclass(frozen=True)
class _Template:
    """What an exchange's scaffold writes under the headings of one kind of entry."""

    #: normalised heading -> (the section as this exchange writes it, its example)
    sections: dict[str, tuple[Section, str]]
    #: every section's prompt, with the example of the section it belongs to
    prompts: tuple[tuple[Prompt, str], ...]
    #: the markers before a prompt ("todo", "todo recommended"), as words, longest first
    markers: tuple[str, ...]


@functools.cache
def _template(exchange: Exchange, kind: str) -> _Template:
    language = exchange.language
    examples = SECTION_EXAMPLES.get(kind, {})
    sections, prompts = {}, []
    for section in exchange.sections_of(kind):
        example = examples.get(section.id)
        shown = in_language(language, example) if example else ""
        sections[normalise_heading(section.heading)] = (section, shown)
        if words(section.prompt):
            prompts.append((Prompt.of(section.prompt), shown))
    markers = {words("TODO"), words(in_language(language, "TODO (recommended)"))}
    return _Template(sections, tuple(prompts), tuple(sorted(markers, key=len, reverse=True)))


def _blocks(ctx: RuleContext, entry: Entry) -> Iterator[tuple[str, int, int, int]]:
    """(normalised heading, heading's offset, text's start, text's end) of each level-2
    section of the body, in order (headings inside code blocks are text)."""
    fences = ctx.fences(entry)
    found = [
        (match.start(), match.end() - 1, match[1])  # offsets in the body, not "\n" + body
        for match in _H2.finditer("\n" + entry.body)
        if not (fences and in_spans(match.start(), fences))
    ]
    for index, (start, text_start, heading) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(entry.body)
        yield normalise_heading(heading.rstrip(" \t#") or heading[:1]), start, text_start, end


def _without_marker(normalised: str, markers: Iterable[str]) -> str:
    for marker in markers:
        if normalised == marker or normalised.startswith(marker + " "):
            return normalised[len(marker) + 1 :]
    return normalised


def _holds_prompt(prompt: Prompt, markers: Iterable[str], normalised: str) -> bool:
    return prompt.found_in(_without_marker(normalised, markers))


def _first_line_holding(
    text: str, offset: int, check: Callable[[str], bool], lines: Lines
) -> tuple[int, int] | None:
    """Line and column of the first line of ``text`` (at ``offset`` in the body) whose
    words pass ``check``, or None."""
    position = 0
    for line in text.split("\n"):
        if check(words(line)):
            stripped = len(line) - len(line.lstrip())
            return lines.at(offset + position + stripped)
        position += len(line) + 1
    return None


def unwritten_sections(ctx: RuleContext, entry: Entry) -> list[Diagnostic]:
    """The sections of ``entry`` left empty or still holding a prompt of the template
    (worked out once per entry: two rules ask)."""
    return ctx.once("unwritten-sections", entry, lambda: _unwritten(ctx, entry))


def _unwritten(ctx: RuleContext, entry: Entry) -> list[Diagnostic]:
    template = _template(ctx.content.exchange, entry.kind)
    body = entry.body
    lines = Lines(body, entry.body_line)
    found: list[Diagnostic] = []
    for name, start, text_start, end in _blocks(ctx, entry):
        known = template.sections.get(name)
        if known is None:
            continue
        section, example = known
        report = error if section.required else warning
        text = body[text_start:end]
        written = _without_marker(words(text), template.markers)
        if not written:
            line, col = _first_line_holding(text, text_start, bool, lines) or lines.at(start)
            found.append(
                report(
                    entry.file,
                    line,
                    col,
                    "empty-section",
                    _("the section '## {title}' is empty", title=section.heading)
                    if section.required
                    else _("the recommended section '## {title}' is empty", title=section.heading),
                    _example_hint(example),
                )
            )
            continue
        fences = ctx.fences(entry)
        paragraphs = [
            _without_marker(words(paragraph), template.markers)
            for paragraph in _PARAGRAPH_BREAK.split(
                _outside_code(text, text_start, fences) if fences else text
            )
        ]
        for prompt, prompt_example in template.prompts:
            if not any(prompt.found_in(paragraph) for paragraph in paragraphs):
                continue
            # The line holding it (the first non-blank one when the writer wrapped it).
            holds = functools.partial(_holds_prompt, prompt, template.markers)
            line, col = (
                _first_line_holding(text, text_start, holds, lines)
                or _first_line_holding(text, text_start, bool, lines)
                or lines.at(start)
            )
            found.append(
                report(
                    entry.file,
                    line,
                    col,
                    "prompt-left",
                    _(
                        "the section '## {title}' still holds the template's prompt",
                        title=section.heading,
                    ),
                    _then(
                        _("Replace '{prompt}' with your own words.", prompt=prompt.text),
                        _example_hint(prompt_example),
                    ),
                )
            )
    return sorted(found)


def _outside_code(text: str, offset: int, fences: list[tuple[int, int]]) -> str:
    """``text`` (at ``offset`` in the body) less its fenced code blocks: a prompt shown
    as code is an example of one, not one left behind."""
    for start, end in reversed(spans_between(fences, offset, offset + len(text))):
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start < end:
            text = text[:start] + "\n" + text[end:]
    return text


def _example_hint(example: str) -> str:
    if not example:
        return _("Write a few sentences of your own under the heading.")
    # Translators: {example} is a whole sentence, in the language entries are written in.
    return _("For example: {example}", example=example)


def _then(first: str, second: str) -> str:
    return _("{sentence} {next}", sentence=first, next=second)


def section_contents(ctx: RuleContext) -> Iterator[Diagnostic]:
    """Sections left empty, or still holding the prompt ``exchange new`` wrote there."""
    for entry in ctx.content.innovations + ctx.content.case_studies:
        yield from unwritten_sections(ctx, entry)
