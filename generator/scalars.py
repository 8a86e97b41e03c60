"""The scalar types every content field is made of, and their checks: ids,
dates, https addresses, email addresses, text (and the characters no text may
hold), amounts of money.

Each check raises ``PydanticCustomError`` with a code named for the mistake
(``invalid-date``), which becomes the diagnostic code users see; the shapes that
use these types are in :mod:`generator.models`.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError

from generator.i18n import _

# The patterns are ASCII and are always used with ``fullmatch``: with ``match``, ``$``
# also matches before a final newline ("abc\n"), and ``\d`` matches any script's digits.
# (The JSON Schema copies of SLUG_PATTERN and DATE_PATTERN are ECMA regexes, where
# neither quirk exists.)
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX = 80
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
#: Dates run from 1900 to 2100: any later year is a typo, and date arithmetic (a
#: review falls due 12 months on) then stays far from ``date.max`` (9999-12-31).
DATE_MIN_YEAR, DATE_MAX_YEAR = 1900, 2100
EMAIL_PATTERN = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
#: Costs are at most a million million (10^12): larger is a typo, and the digits
#: stay exact in a float and never overflow to infinity.
MAX_AMOUNT = 1_000_000_000_000
#: A number is at most this many characters before it is converted at all.
MAX_NUMBER_CHARS = 24
_SPACE = re.compile(r"\s")
_SLUG = re.compile(SLUG_PATTERN, re.ASCII)
_DATE = re.compile(DATE_PATTERN, re.ASCII)
_EMAIL = re.compile(EMAIL_PATTERN, re.ASCII)
_TAG = re.compile(r"<[A-Za-z/!]")
_HOST = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$",
    re.ASCII,
)
#: Characters no text field may hold: C0 controls but tab and newline (YAML escapes
#: such as "\0" or "\x1b" make them), DEL, C1 controls, and the bidirectional
#: embeddings, overrides and isolates, which reorder how the text around them is
#: shown (a "Trojan Source" spoof). Right-to-left text itself, and the invisible
#: marks U+200E/U+200F that it legitimately needs, are fine.
REFUSED_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_REFUSED = re.compile(f"[{REFUSED_CHARACTERS}]")
#: https, a host as _HOST allows (no user, no port), then any path without spaces
#: or refused characters.
_PLAIN_HTTPS = re.compile(
    r"https://(?=[^/?#]{1,253}(?:[/?#]|$))"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    f"(?:[/?#][^\\s{REFUSED_CHARACTERS}]*)?"
)


def vocabulary(name: str) -> dict[str, Any]:
    """Schema extra marking a field whose values come from a vocabulary file."""
    return {"x-vocabulary": name}


# --- field types -------------------------------------------------------------

#: Names for the refused characters unicodedata has no name for.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def refused_character(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that no content may hold (bodies too)."""
    return _REFUSED.search(text)


def character_name(char: str) -> str:
    return unicodedata.name(char, None) or _CONTROL_NAMES.get(ord(char), "a control character")


def check_characters(value: str) -> str:
    """Refuse the characters in ``_REFUSED_CHARACTERS``. Every text field's check
    calls this (first, or once its own ASCII pattern has failed), so each field
    type names the character rather than giving its own, vaguer, complaint.
    (None of them is printable: hot callers skip the call for printable text.)"""
    hit = _REFUSED.search(value)
    if hit is not None:
        char = hit.group()
        name = character_name(char)
        raise PydanticCustomError(
            "control-character",
            _("character U+{code} ({name}) at position {position} is not allowed"),
            {"code": f"{ord(char):04X}", "name": name, "position": hit.start() + 1},
        )
    return value


def shown(value: str) -> str:
    """A value for a message: control characters and the like written as escapes
    (so a line break or a terminal escape in a file cannot garble the output)."""
    return value if value.isprintable() else repr(value)[1:-1]


def slugify(text: str) -> str:
    """An id from a title or name: 'Café Crème: Ward 7' gives 'cafe-creme-ward-7'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[: SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX] else slug[:SLUG_MAX]
    return slug.strip("-")


def _check_slug(value: str) -> str:
    if len(value) > SLUG_MAX or not _SLUG.fullmatch(value):
        check_characters(value)
        raise PydanticCustomError(
            "invalid-id",
            _(
                "'{value}' is not a valid id: use 1-80 lower-case letters, digits and "
                "single hyphens"
            ),
            {"value": shown(value)},
        )
    return value


@functools.lru_cache(maxsize=4096)  # the same dates recur across entries and rules
def parse_date(value: str) -> tuple[int, int | None, int | None]:
    """Split a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` string, checking it is a real
    date from 1900 to 2100."""
    if not _DATE.fullmatch(value):
        check_characters(value)
        message = (
            _("'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-05-01)")
            if value.isascii()
            else _(
                "'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD with the digits "
                "0-9 (e.g. 2024-05-01)"
            )
        )
        raise PydanticCustomError("invalid-date", message, {"value": shown(value)})
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], (parts[1] if len(parts) > 1 else None), None
    if not DATE_MIN_YEAR <= year <= DATE_MAX_YEAR:
        raise PydanticCustomError(
            "invalid-date",
            _("'{value}' is before 1900: dates run from 1900 to 2100")
            if year < DATE_MIN_YEAR
            else _("'{value}' is after 2100: dates run from 1900 to 2100"),
            {"value": value},
        )
    if month is not None and not 1 <= month <= 12:
        raise PydanticCustomError(
            "invalid-date",
            _("'{value}' has month {month}: months run 01 to 12"),
            {"value": value, "month": month},
        )
    if len(parts) > 2:
        day = parts[2]
        last = calendar.monthrange(year, month or 1)[1]
        if not 1 <= day <= last:
            raise PydanticCustomError(
                "invalid-date",
                _("'{value}' has day {day}: that month has {last} days"),
                {"value": value, "day": day, "last": last},
            )
    return year, month, day


def earliest_day(value: str) -> date:
    """The first day a partial date can mean: ``2024`` is 2024-01-01."""
    year, month, day = parse_date(value)
    return date(year, month or 1, day or 1)


def latest_day(value: str) -> date:
    """The last day a partial date can mean: ``2024-02`` is 2024-02-29."""
    year, month, day = parse_date(value)
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _check_date(value: str) -> str:
    parse_date(value)
    return value


def _check_url(value: str) -> str:
    if _PLAIN_HTTPS.fullmatch(value):
        return value  # the common case, which the checks below would all pass
    check_characters(value)
    if _SPACE.search(value):
        raise PydanticCustomError(
            "invalid-url",
            _("'{value}' contains spaces: a web address cannot"),
            {"value": shown(value)},
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise PydanticCustomError(
            "invalid-url", _("'{value}' is not a well-formed web address"), {"value": shown(value)}
        ) from None
    if parts.scheme.lower() == "http":
        raise PydanticCustomError(
            "insecure-url",
            _("'{value}' uses http: only https addresses are accepted"),
            {"value": shown(value)},
        )
    if parts.scheme.lower() != "https" or not _HOST.fullmatch(host) or parts.username:
        raise PydanticCustomError(
            "invalid-url",
            _("'{value}' is not a well-formed https address (e.g. https://example.org/page)"),
            {"value": shown(value)},
        )
    return value


def _check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        check_characters(value)
        raise PydanticCustomError(
            "invalid-email", _("'{value}' is not an email address"), {"value": shown(value)}
        )
    return value


def _check_plain_text(value: str) -> str:
    _check_text(value)
    if _TAG.search(value):
        raise PydanticCustomError(
            "html-not-allowed", _("this field is plain text: HTML tags are not allowed"), {}
        )
    return value


def check_relative_file(value: str) -> str:
    check_characters(value)
    if value.startswith(("/", "\\")) or "\\" in value or ":" in value or ".." in value.split("/"):
        raise PydanticCustomError(
            "image-outside-folder",
            _("'{value}' must be a file name inside the innovation's folder, e.g. pathway.png"),
            {"value": value},
        )
    return value


_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


def plain_number(value: Any) -> Any:
    """Digits only. pydantic would otherwise read the text ``1e3`` or ``1_000`` as
    1000, ``inf`` as infinity and ``true`` as 1: silent conversions of what was typed.
    A long run of digits is refused before it is converted (400 nines would be an
    infinite float)."""
    if isinstance(value, bool) or (isinstance(value, str) and not _PLAIN_NUMBER.fullmatch(value)):
        written = str(value).lower() if isinstance(value, bool) else shown(value)
        raise PydanticCustomError(
            "invalid-number",
            _("'{value}' is not a plain number: write digits only, e.g. 12000 or 2023"),
            {"value": written if len(written) <= 40 else written[:37] + "..."},
        )
    if isinstance(value, str) and len(value) > MAX_NUMBER_CHARS:
        raise PydanticCustomError(
            "out-of-range",
            _("'{value}' is {length} characters long: a number here has at most {limit}"),
            {"value": value[:12] + "...", "length": len(value), "limit": MAX_NUMBER_CHARS},
        )
    return value  # digits, empty, or a type error pydantic reports itself


def _check_text(value: str) -> str:
    if not value.isprintable():  # twice as fast as the search, and nearly always true
        check_characters(value)
    if not value.strip():
        raise PydanticCustomError("empty-text", _("this text is empty"), {})
    return value


def _schema(**keywords: Any) -> Any:
    """JSON Schema keywords without a runtime check: the validator function gives
    a friendlier message than pydantic's generic "should match pattern"."""
    return Field(json_schema_extra=keywords)


def text(max_length: int, description: str, **extra: Any) -> Any:
    """A required-shape text field with a length limit and a description."""
    return Field(max_length=max_length, description=description, **extra)


Slug = Annotated[
    str, AfterValidator(_check_slug), _schema(pattern=SLUG_PATTERN, maxLength=SLUG_MAX)
]
DateText = Annotated[
    str,
    AfterValidator(_check_date),
    _schema(pattern=DATE_PATTERN, examples=["2024-05-01", "2024-05"]),
]
HttpsUrl = Annotated[
    str, AfterValidator(_check_url), _schema(pattern="^https://", format="uri", maxLength=2000)
]
Email = Annotated[str, AfterValidator(_check_email), _schema(format="email", maxLength=254)]
# Every text field is one of these types (or a Literal): each one's check refuses the
# characters check_characters refuses, so no field can carry them to the site.
Text = Annotated[str, AfterValidator(_check_text)]
PlainText = Annotated[str, AfterValidator(_check_plain_text)]
StrictBool = Annotated[bool, Strict()]
