"""Personal data stays out of content unless it is in a field made for it.

An NHS number identifies a patient: one anywhere is an error. Email addresses
are published only in ``contact`` fields, where the contributor chose to put
them (a scout's consent is ``publish: true``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, error
from generator.loader.content import Entry
from generator.rules.context import RuleContext, body_lines, strings

# Ten digits, optionally grouped 3-3-4 by single spaces, not part of a longer number.
_NHS = re.compile(r"(?<![\d])(\d{3}) ?(\d{3}) ?(\d{4})(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def is_nhs_number(digits: str) -> bool:
    """The modulus 11 check of the NHS number's tenth digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> Iterator[re.Match[str]]:
    for match in _NHS.finditer(text):
        if is_nhs_number("".join(match.groups())):
            yield match


def _texts(entry: Entry) -> Iterator[tuple[tuple, str, int | None, int | None]]:
    """(field path, text, line, column): front-matter values, then body lines."""
    for path, value in strings(entry.fields.model_dump()):
        yield path, value, None, None
    for line, text, _ in body_lines(entry):
        yield (), text, line, 1


def _where(ctx: RuleContext, entry: Entry, path: tuple, line: int | None, offset: int) -> tuple:
    if line is None:
        return entry.positions.of(path)
    return line, offset + 1


def nhs_numbers(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        for path, text, line, _ in _texts(entry):
            for match in find_nhs_numbers(text):
                at = _where(ctx, entry, path, line, match.start())
                yield error(
                    entry.file, *at, "nhs-number",
                    "this looks like an NHS number: patient identifiers must never be published",
                    "Remove it. If it is not an NHS number (a phone or reference number), "
                    "write it differently, e.g. with dashes.",
                )


def emails_outside_contact(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        for path, text, line, _ in _texts(entry):
            if path[:1] == ("contact",):
                continue
            for match in _EMAIL.finditer(text):
                at = _where(ctx, entry, path, line, match.start())
                yield error(
                    entry.file, *at, "email-outside-contact",
                    f"the email address '{match[0]}' is outside a contact field",
                    "Put a team address in 'contact: {email: …}'; personal addresses are "
                    "published only with the person's consent.",
                )
