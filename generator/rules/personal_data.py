"""Personal data stays out of content unless it is in a field made for it.

A patient identifier (an NHS number, a codice fiscale: the exchange chooses which,
see ``generator.identifiers``) anywhere is an error, and so is a date of birth
(a full date written after "DOB", "date of birth", "born" or their Italian and
Spanish words: a date alone is ordinary). Email addresses
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


_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    "|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre"
    "|dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|setiembre|octubre|noviembre"
    "|diciembre"
)
# Every part is bounded, so a match is tried in constant time from each position.
_DATE_OF_BIRTH = re.compile(
    r"(?<!\w)(?:d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s?date|data\s+di\s+nascita"
    r"|fecha\s+de\s+nacimiento|born|nat[oa]\s+il|nacid[oa]\s+el)"
    r"[\s:=(,\-\u2013\u2014]{0,5}(?:(?:is|was|on|the|il|el|de)\s+){0,2}"
    r"(?P<date>"
    r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?:\d{4}|\d{2})(?!\d)"  # 12/03/1961, 03-12-61
    r"|\d{4}-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"  # 1961-03-12
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th|º|°)?\s+(?:of\s+|de\s+)?(?:{_MONTHS})\b\.?,?"
    r"\s+(?:de\s+)?\d{4}(?!\d)"  # 12 March 1961, 12 de marzo de 1961
    # March 12, 1961
    rf"|(?:{_MONTHS})\b\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
    r")"
    # A date that starts a range ("born 1 April 2020 to 31 March 2021") is a cohort's.
    rf"(?!\s*(?:to|and|until|till|through|al|hasta|y|e|a|[-\u2013\u2014])\s*(?:\d|{_MONTHS}))",
    re.IGNORECASE,
)


def _is_day_and_month(match: re.Match[str]) -> bool:
    """Whether the numbers of a date found could be a day and a month (either order:
    12/03 and 03/12 are both written), so that "DOB 45/99/1961" is no date."""
    a, b = match["a"], match["b"]
    if a is not None:
        x, y = int(a), int(b)
        return (1 <= x <= 31 and 1 <= y <= 12) or (1 <= x <= 12 and 1 <= y <= 31)
    if match["m"] is not None:
        return 1 <= int(match["m"]) <= 12 and 1 <= int(match["d"]) <= 31
    return 1 <= int(match["day"] or match["day2"]) <= 31


#: A word each way of saying "date of birth" above holds, in lower case: a text with
#: none of them (nearly every one) is not searched at all.
_BIRTH_WORDS = ("dob", "d.o", "birth", "born", "nascita", "nato", "nata", "nacimiento", "nacid")


def find_dates_of_birth(text: str) -> Iterator[re.Match[str]]:
    """Dates of birth in ``text``: a whole date (day, month and year) right after words
    that say it is one ("DOB", "date of birth", "born", "nato il", "fecha de nacimiento")."""
    lowered = text.lower()
    if not any(word in lowered for word in _BIRTH_WORDS):
        return
    for match in _DATE_OF_BIRTH.finditer(text):
        if _is_day_and_month(match):
            yield match


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


def dates_of_birth(ctx: RuleContext) -> Iterator[Diagnostic]:
    """A person's date of birth, anywhere: with a name or a place it identifies them."""
    for entry in ctx.entries:
        for text, first_line in _texts(entry):
            lines = Lines(text, first_line)
            for match in find_dates_of_birth(text):
                yield error(
                    entry.file,
                    *lines.at(match.start("date")),
                    "date-of-birth",
                    _(
                        "'{date}' looks like a date of birth: personal data must never be "
                        "published",
                        date=match["date"],
                    ),
                    _(
                        "Remove it; if age matters, give an age band (e.g. 'in their sixties'). "
                        "If it is not a person's date of birth, write it differently, e.g. "
                        "'started in April 2019'."
                    ),
                )
