"""The mistake behind a parser's error, read from the lines around its mark.

LibYAML says what it expected and where it gave up ("did not find expected key
(while parsing a block mapping)"). Each diagnosis here starts from those words
and the mark, checks the line they point at for one common mistake, and names
it at the character that is wrong; when the line does not show the mistake for
sure, there is no diagnosis and the parser's words are shown.
"""

from __future__ import annotations

import re

from generator.i18n import _
from generator.loader.yaml_mistakes.accepted import (
    CURLY_OPENERS,
    curly,
    glued_key,
    glued_name,
    odd_space,
    odd_spaced,
    wrapped,
)
from generator.loader.yaml_mistakes.indentation import indentation
from generator.loader.yaml_mistakes.lines import (
    CLOSING,
    INDICATORS,
    Mistake,
    Shape,
    closing,
    indent_of,
    quote_end,
    quoted,
    shape,
    shown,
    split_lines,
    structure,
    without_comment,
)

#: What LibYAML was reading when a value's first character made it fail.
_STARTED_BY_INDICATOR = frozenset(
    {"while scanning an alias", "while scanning an anchor", "while scanning a block scalar"}
)
#: Its problems when a value starts with a character it reserves or reads as structure.
_REFUSED_START = frozenset(
    {
        "found character that cannot start any token",
        "block sequence entries are not allowed in this context",
        "mapping keys are not allowed in this context",
    }
)


def diagnose(
    text: str,
    problem: str | None,
    context: str | None,
    problem_at: tuple[int, int],
    context_at: tuple[int, int] | None,
) -> Mistake | None:
    """The mistake behind a parser's error, or None when it is not one we are sure
    of. ``problem_at`` and ``context_at`` are the parser's 0-based marks."""
    lines = split_lines(text)
    line, column = problem_at
    if not (0 <= line < len(lines) and 0 <= column <= len(lines[line])):
        return None
    if context_at is not None and not (
        0 <= context_at[0] <= line and 0 <= context_at[1] <= len(lines[context_at[0]])
    ):
        context_at = None
    return (
        _tab(lines, line, column)
        or (odd_space(lines, line + 1) if odd_spaced(text) else None)
        or _refused(lines, problem or "", context or "", line, column, context_at)
    )


def _tab(lines: list[str], line: int, column: int) -> Mistake | None:
    """A tab at the mark, or in the indentation of its line."""
    text = lines[line]
    lead = text[: len(text) - len(text.lstrip(" \t"))]
    at = column if text[column : column + 1] == "\t" else lead.find("\t")
    if at == -1:
        return None
    return Mistake(
        "yaml-tab",
        _("a tab character stands where YAML needs spaces"),
        line + 1,
        at + 1,
        _(
            "Replace the tab with spaces: YAML indents with spaces only (most editors can "
            "type spaces when you press Tab)."
        ),
    )


def _refused(
    lines: list[str],
    problem: str,
    context: str,
    line: int,
    column: int,
    context_at: tuple[int, int] | None,
) -> Mistake | None:
    if context_at is not None:
        if context == "while scanning a quoted scalar":
            return _unclosed_quote(lines, *context_at) if "end of stream" in problem else None
        if problem.startswith("did not find expected ','"):
            return _unclosed(lines, context_at, line)
        if problem == "could not find expected ':'":
            return _not_a_field(lines, *context_at)
        if context in _STARTED_BY_INDICATOR:
            opened = shape(context_at[0], lines[context_at[0]])
            if opened is not None and opened.value_column == context_at[1]:
                return _indicator(opened, context_at[1])
            return None
    ran_on = _quote_ran_on(lines, line, column)
    if ran_on is not None:
        return ran_on
    written = shape(line, lines[line])
    if written is None:
        return None
    in_value = written.structural and column >= written.value_column
    if in_value and written.value[:1] in CURLY_OPENERS:
        value = without_comment(written.value)
        if wrapped(value):
            return curly(line, written.value_column, lines[line], value)
    if problem == "mapping values are not allowed in this context" and written.key is not None:
        if column == written.colon:
            return _glued_above(lines, written) or indentation(lines, written)
        if column > written.colon and written.value[:1] not in "\"'[{":
            return _colon_in_value(written, column)
        return None
    if problem in _REFUSED_START and in_value and column == written.value_column:
        return _indicator(written, column)
    if problem in ("did not find expected key", "did not find expected '-' indicator"):
        if column == written.indent:
            return _glued_above(lines, written) or indentation(lines, written)
        if in_value and column > written.value_column:
            return _text_after(lines, written, column)
    return None


def _unclosed_quote(lines: list[str], line: int, column: int) -> Mistake | None:
    text = lines[line]
    quote = text[column : column + 1]
    if quote not in ("'", '"'):
        return None
    alone = (
        quote not in text[column + 1 :]
        and " #" not in text[column:]
        and _line_ends_value(lines, line)
    )
    if alone:
        fixed = shown(text.strip(" ") + quote)
        hint = _(
            "Add the closing {quote} at the end of the text: {fixed}", quote=quote, fixed=fixed
        )
    else:
        hint = _("Add the closing {quote} where the text ends.", quote=quote)
    return Mistake(
        "yaml-unclosed",
        _("the quote {quote} opened here is never closed", quote=quote),
        line + 1,
        column + 1,
        hint,
    )


def _quote_ran_on(lines: list[str], line: int, column: int) -> Mistake | None:
    """A quote not closed on its line: YAML read on, over the fields below it, to
    the next quote of its kind, just before the mark on ``line``."""
    text = lines[line]
    end = column
    while end and text[end - 1] == " ":
        end -= 1
    if not end or text[end - 1] not in ("'", '"'):
        return None
    before = structure(lines, line)
    opened = before[-1] if before else None
    if opened is None or opened.value[:1] != text[end - 1] or opened.number == line:
        return None
    if quote_end(lines, opened.number, opened.value_column, line) != (line, end - 1):
        return None
    fields = (shape(n, lines[n]) for n in range(opened.number + 1, line + 1))
    if not any(f is not None and f.key is not None and f.indent <= opened.indent for f in fields):
        return None  # text in quotes over lines, as it may be
    quote = text[end - 1]
    message = _(
        "the quote {quote} opened here is not closed on its line, so YAML reads the lines "
        "below as its text, up to the {quote} on line {line}",
        quote=quote,
        line=line + 1,
    )
    fixed = shown(without_comment(opened.text).strip(" ") + quote)
    hint = _("Add the closing {quote} at the end of the text: {fixed}", quote=quote, fixed=fixed)
    return Mistake("yaml-unclosed", message, opened.number + 1, opened.value_column + 1, hint)


def _glued_above(lines: list[str], written: Shape) -> Mistake | None:
    """``stage:proven`` on the line above a field, at its indentation: YAML read the
    two lines as one text, and only the field's colon told it something was wrong."""
    above = written.number - 1
    while above >= 0 and shape(above, lines[above]) is None:
        above -= 1
    if above < 0:
        return None
    text = lines[above]
    found = shape(above, text)
    if found is None or found.structural or found.indent != written.indent:
        return None
    before = structure(lines, above)
    if before and before[-1].has_value and found.indent > before[-1].indent:
        return None  # more text of the value above
    name = glued_name(text, found.indent)
    return None if name is None else glued_key(above, found.indent, text, name)


def _line_ends_value(lines: list[str], line: int) -> bool:
    """Whether the value on ``line`` was meant to end there: the next line that is
    not blank is a field or item no more indented (or there is none)."""
    following = next(
        (s for s in map(shape, range(line + 1, len(lines)), lines[line + 1 :]) if s), None
    )
    return following is None or (
        following.structural and following.indent <= indent_of(lines[line])
    )


def _unclosed(lines: list[str], at: tuple[int, int], last: int) -> Mistake | None:
    """A list or group of fields the parser read to line ``last`` without its end."""
    line, column = at
    text = lines[line]
    opening = text[column : column + 1]
    if opening not in CLOSING or closing(lines, line, column, last) is not None:
        return None
    # Translators: {opening} is '[' or '{' (a "group of fields" is a YAML mapping).
    if opening == "[":
        message = _("the list opened with '{opening}' here is not closed", opening=opening)
    else:
        message = _(
            "the group of fields opened with '{opening}' here is not closed", opening=opening
        )
    own = without_comment(text[column:])
    written = shape(line, text)
    alone = (
        written is not None
        and written.value_column == column
        and own.count("[") + own.count("{") == 1
        and not any(c in own for c in "]}\"'")
        and len(own) > 1
        and not own.endswith(",")
        and _line_ends_value(lines, line)
    )
    close = CLOSING[opening]
    if alone:
        fixed = shown(without_comment(text).strip(" ") + close)
        hint = _("Add '{closing}' after the last item: {fixed}", closing=close, fixed=fixed)
    else:
        hint = _("Add '{closing}' after the last item.", closing=close)
    return Mistake("yaml-unclosed", message, line + 1, column + 1, hint)


def _not_a_field(lines: list[str], line: int, column: int) -> Mistake | None:
    """A line where a field is expected that is not one: ``stage:proven``,
    ``-item``, or more text of the value above that is not indented."""
    text = lines[line]
    written = shape(line, text)
    if written is None or written.structural or column != written.indent:
        return None
    name = glued_name(text, column)
    if name is not None:
        return glued_key(line, column, text, name)
    before = structure(lines, line)
    last = before[-1] if before else None
    if text[column] == "-" and last is not None and last.item and last.indent == column:
        return Mistake(
            "yaml-missing-space",
            _("there is no space after the '-' of this list item"),
            line + 1,
            column + 1,
            _(
                "Put a space after the '-': {fixed}",
                fixed=shown("- " + without_comment(text[column + 1 :])),
            ),
        )
    if last is None or last.key is None or text[column] in INDICATORS:
        return None
    return Mistake(
        "yaml-not-a-field",
        _("this line is not a field ('name: value') and is not indented under one"),
        line + 1,
        column + 1,
        _(
            "If it is more of the text of '{name}' on line {line}, indent it by 2 spaces "
            "more than '{name}'; if it is a field, write it as 'name: value'.",
            name=last.key,
            line=last.number + 1,
        ),
    )


def _quote_it(written: Shape, column: int, message: str) -> Mistake:
    """The value of ``written`` needs quotes: the line rewritten with them."""
    start = written.text[: written.value_column].lstrip(" ")
    fixed = start + quoted(without_comment(written.value))
    return Mistake(
        "yaml-needs-quotes",
        message,
        written.number + 1,
        column + 1,
        _("Put the whole text in quotes: {fixed}", fixed=shown(fixed)),
    )


def _indicator(written: Shape, column: int) -> Mistake:
    """A value that starts with a character YAML gives a meaning of its own."""
    char = written.text[column : column + 1]
    if char == "-":
        message = _("a value cannot start with '- ' unless it is in quotes: YAML reads a list item")
    else:
        message = _(
            "a value cannot start with '{character}' unless it is in quotes: YAML gives "
            "that character a meaning of its own",
            character=char,
        )
    return _quote_it(written, column, message)


def _colon_in_value(written: Shape, column: int) -> Mistake:
    """``title: Note: this``: the colon at ``column`` is in the value."""
    if written.item and not re.fullmatch(r"[a-z_][a-z0-9_]*", written.key or ""):
        # '- Note: this: that' is an item of text, not a field named 'Note'.
        fixed = "- " + quoted(without_comment(written.text[written.key_column :]))
    else:
        fixed = written.text[: written.value_column].lstrip(" ")
        fixed += quoted(without_comment(written.value))
    return Mistake(
        "yaml-colon-in-value",
        _(
            "the value contains ': ', which YAML reads as the end of a field's name, so "
            "the text needs quotes"
        ),
        written.number + 1,
        column + 1,
        _("Put the whole text in quotes: {fixed}", fixed=shown(fixed)),
    )


def _text_after(lines: list[str], written: Shape, column: int) -> Mistake | None:
    """Text after a value in quotes or brackets: ``'Jane's work'``, ``[Draft] Plan``."""
    start = written.value_column
    opening = written.value[:1]
    if opening not in ("'", '"', "[", "{"):
        return None
    end = closing(lines, written.number, start, written.number)
    if end is None or end[1] >= column or written.text[end[1] + 1 : column].strip(" "):
        return None
    if opening == "[":
        return _quote_it(
            written,
            start,
            _(
                "a value that starts with '{opening}' is a list to YAML, so no text may "
                "follow its '{closing}'",
                opening=opening,
                closing=CLOSING[opening],
            ),
        )
    if opening == "{":
        return _quote_it(
            written,
            start,
            _(
                "a value that starts with '{opening}' is a group of fields to YAML, so no "
                "text may follow its '{closing}'",
                opening=opening,
                closing=CLOSING[opening],
            ),
        )
    value = written.value.rstrip(" ")
    inner = value[1:-1] if len(value) > 1 and value[-1] == opening else value
    return Mistake(
        "yaml-quote-in-quotes",
        _("the text in quotes ends at this {quote}, but more text follows it", quote=opening),
        written.number + 1,
        end[1] + 1,
        _(
            "Quote the whole text so that the {quote} inside does not end it: {fixed}",
            quote=opening,
            fixed=shown(written.text[:start].lstrip(" ") + quoted(inner)),
        ),
    )
