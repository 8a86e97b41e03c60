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
from generator.rules.context import Lines, RuleContext

# Ten digits, optionally grouped 3-3-4 by single spaces, not part of a longer number.
_NHS = re.compile(r"(?<![\d])(\d{3}) ?(\d{3}) ?(\d{4})(?![\d])")
# The look-behind names every character of the local part, so an address is
# tried once from the start of each run, never from inside it (linear time).
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def is_nhs_number(digits: str) -> bool:
    """The modulus 11 check of the NHS number's tenth digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# A cheap first look (several times faster than _NHS) for text that has no candidate;
# [0-9] is quicker to test than \d, which also matches other scripts' digits.
_DIGIT_RUN = re.compile(r"\d[\d ]{9,11}")
_ASCII_DIGIT_RUN = re.compile(r"[0-9][0-9 ]{9,11}")


def find_nhs_numbers(text: str) -> Iterator[re.Match[str]]:
    if not (_ASCII_DIGIT_RUN if text.isascii() else _DIGIT_RUN).search(text):
        return
    for match in _NHS.finditer(text):
        if is_nhs_number("".join(match.groups())):
            yield match


def _texts(entry: Entry) -> Iterator[tuple[str, int]]:
    """The entry's raw text, whole: its YAML, then its body, with their first lines."""
    yield entry.front, entry.front_line
    if entry.body:
        yield entry.body, entry.body_line


def _contact_email_at(entry: Entry) -> tuple[int, str] | None:
    """The line and value of the one place an email is allowed: contact.email."""
    contact = getattr(entry.fields, "contact", None)
    if contact is None or not contact.email:
        return None
    return entry.positions.of(("contact", "email"))[0], contact.email


def _is_contact_email(entry: Entry, email: str, line: int) -> bool:
    contact = getattr(entry.fields, "contact", None)
    if contact is None or contact.email != email:
        return False
    if entry.front.count(email) == 1:
        return True  # written once, and it is the contact: no need to locate it
    return _contact_email_at(entry) == (line, email)


def _emails(text: str) -> Iterator[re.Match[str]]:
    """Email addresses in ``text``, looked for only on lines with an '@' (an
    address never spans lines): the whole text would take the regex far longer."""
    at = text.find("@")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        yield from _EMAIL.finditer(text, start, end)
        at = text.find("@", end)


def nhs_numbers(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        for text, first_line in _texts(entry):
            lines = Lines(text, first_line)
            for match in find_nhs_numbers(text):
                yield error(
                    entry.file,
                    *lines.at(match.start()),
                    "nhs-number",
                    "this looks like an NHS number: patient identifiers must never be published",
                    "Remove it. If it is not an NHS number (a phone or reference number), "
                    "write it differently, e.g. with dashes.",
                )


def emails_outside_contact(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        for text, first_line in _texts(entry):
            lines = Lines(text, first_line)
            for match in _emails(text):
                line, col = lines.at(match.start())
                if text is entry.front and _is_contact_email(entry, match[0], line):
                    continue
                yield error(
                    entry.file,
                    line,
                    col,
                    "email-outside-contact",
                    f"the email address '{match[0]}' is outside a contact field",
                    "Put a team address in 'contact: {email: …}'; personal addresses are "
                    "published only with the person's consent.",
                )
