"""Personal data stays out of content unless it is in a field made for it.

A patient identifier (an NHS number, a codice fiscale: the exchange chooses which,
see ``generator.identifiers``) anywhere is an error. Email addresses
are published only in ``contact`` fields, where the contributor chose to put
them (a scout's consent is ``publish: true``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from generator.diagnostics import Diagnostic, error
from generator.i18n import _
from generator.identifiers import IDENTIFIERS, Identifier
from generator.loader.content import Entry
from generator.rules.context import Lines, RuleContext

# The look-behind names every character of the local part, so an address is
# tried once from the start of each run, never from inside it (linear time).
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def find_identifiers(text: str, names: Iterable[str]) -> Iterator[tuple[Identifier, re.Match[str]]]:
    """Every identifier of the kinds named in ``text``, with a valid check character."""
    for name in names:
        identifier = IDENTIFIERS[name]
        for match in identifier.find(text):
            yield identifier, match


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


def personal_identifiers(ctx: RuleContext) -> Iterator[Diagnostic]:
    """The exchange's personal identifiers (an NHS number, a codice fiscale…), anywhere."""
    names = ctx.content.exchange.identifiers
    for entry in ctx.entries:
        for text, first_line in _texts(entry):
            lines = Lines(text, first_line)
            for identifier, match in find_identifiers(text, names):
                yield error(
                    entry.file,
                    *lines.at(match.start()),
                    identifier.name,
                    _(
                        "this looks like {identifier}: patient identifiers must never be published",
                        identifier=_(identifier.label),
                    ),
                    _(
                        "Remove it. If it is not {identifier} (a phone or reference number), "
                        "write it differently, e.g. with dashes.",
                        identifier=_(identifier.label),
                    ),
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
                    _("the email address '{email}' is outside a contact field", email=match[0]),
                    _(
                        "Put a team address in 'contact: {email: …}'; personal addresses are "
                        "published only with the person's consent."
                    ),
                )
