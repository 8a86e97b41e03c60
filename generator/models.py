"""The content contract: the one source of truth for every field.

The JSON Schema files in ``schema/``, the issue forms, the field reference in
the documentation and the validator are all generated from, or driven by, these
models. Cross-file rules (vocabulary terms exist, scouts exist, images exist)
live in ``generator.rules``; these models check each file on its own.

Custom error types (``PydanticCustomError("invalid-date", …)``) become the
diagnostic codes users see, so they are named for the mistake, not the check.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    field_validator,
)
from pydantic_core import PydanticCustomError

from generator.i18n import N_, _
from generator.safety.limits import LIST_ITEMS, VOCABULARY_TERMS

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


def _shown(value: str) -> str:
    """A value for a message: control characters and the like written as escapes."""
    return value if value.isprintable() else repr(value)[1:-1]


def _check_slug(value: str) -> str:
    if len(value) > SLUG_MAX or not _SLUG.fullmatch(value):
        check_characters(value)
        raise PydanticCustomError(
            "invalid-id",
            _(
                "'{value}' is not a valid id: use 1-80 lower-case letters, digits and "
                "single hyphens"
            ),
            {"value": _shown(value)},
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
        raise PydanticCustomError("invalid-date", message, {"value": _shown(value)})
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
            {"value": _shown(value)},
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise PydanticCustomError(
            "invalid-url", _("'{value}' is not a well-formed web address"), {"value": _shown(value)}
        ) from None
    if parts.scheme.lower() == "http":
        raise PydanticCustomError(
            "insecure-url",
            _("'{value}' uses http: only https addresses are accepted"),
            {"value": _shown(value)},
        )
    if parts.scheme.lower() != "https" or not _HOST.fullmatch(host) or parts.username:
        raise PydanticCustomError(
            "invalid-url",
            _("'{value}' is not a well-formed https address (e.g. https://example.org/page)"),
            {"value": _shown(value)},
        )
    return value


def _check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        check_characters(value)
        raise PydanticCustomError(
            "invalid-email", _("'{value}' is not an email address"), {"value": _shown(value)}
        )
    return value


def _check_plain_text(value: str) -> str:
    _check_text(value)
    if _TAG.search(value):
        raise PydanticCustomError(
            "html-not-allowed", _("this field is plain text: HTML tags are not allowed"), {}
        )
    return value


def _check_relative_file(value: str) -> str:
    check_characters(value)
    if value.startswith(("/", "\\")) or "\\" in value or ":" in value or ".." in value.split("/"):
        raise PydanticCustomError(
            "image-outside-folder",
            _("'{value}' must be a file name inside the innovation's folder, e.g. pathway.png"),
            {"value": value},
        )
    return value


_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


def _plain_number(value: Any) -> Any:
    """Digits only. pydantic would otherwise read the text ``1e3`` or ``1_000`` as
    1000, ``inf`` as infinity and ``true`` as 1: silent conversions of what was typed.
    A long run of digits is refused before it is converted (400 nines would be an
    infinite float)."""
    if isinstance(value, bool) or (isinstance(value, str) and not _PLAIN_NUMBER.fullmatch(value)):
        shown = str(value).lower() if isinstance(value, bool) else _shown(value)
        raise PydanticCustomError(
            "invalid-number",
            _("'{value}' is not a plain number: write digits only, e.g. 12000 or 2023"),
            {"value": shown if len(shown) <= 40 else shown[:37] + "..."},
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


class ContentModel(BaseModel):
    """Base for every content shape: misspelt fields are errors, never dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


# --- shared shapes -----------------------------------------------------------


class Organisation(ContentModel):
    """An organisation: the lead of an innovation, a partner, an adopter or a scout's employer."""

    name: Text = text(
        150,
        N_("The organisation's full name."),
        examples=[N_("Example Community Health NHS Trust")],
    )
    type: Slug = Field(
        description=N_("The kind of organisation."),
        json_schema_extra=vocabulary("organisation-types"),
    )
    website: HttpsUrl | None = Field(None, description=N_("Its website (https)."))


class Contact(ContentModel):
    """How to reach the team behind an innovation (published: use a team address)."""

    name: Text | None = text(100, N_("A team or role, e.g. 'Service lead'."), default=None)
    email: Email | None = Field(None, description=N_("A team email address; it is published."))
    url: HttpsUrl | None = Field(None, description=N_("A contact page (https)."))


class ScoutContact(ContentModel):
    """How to reach a scout who agreed to a public profile."""

    email: Email | None = Field(
        None, description=N_("An email address the scout agrees to publish.")
    )
    url: HttpsUrl | None = Field(None, description=N_("A profile page (https)."))


class Outcome(ContentModel):
    """One measured result."""

    measure: Text = text(150, N_("What was measured."), examples=[N_("Emergency admissions")])
    result: Text = text(
        300, N_("What changed, with numbers."), examples=[N_("30% fewer over 12 months")]
    )
    source: HttpsUrl | None = Field(None, description=N_("Where the figure is published (https)."))


class Reference(ContentModel):
    """A published evaluation, paper or report."""

    title: Text = text(300, N_("The title of the publication."))
    url: HttpsUrl | None = Field(None, description=N_("Where to read it (https)."))
    year: int | None = Field(None, ge=1900, le=2100, description=N_("Year of publication."))

    _plain_year = field_validator("year", mode="before")(_plain_number)


class Link(ContentModel):
    """A related web page."""

    title: Text = text(150, N_("The link text."))
    url: HttpsUrl = Field(description=N_("The address (https)."))


class Evidence(ContentModel):
    """How well the innovation is proven."""

    level: Slug = Field(
        description=N_("The strongest evidence available."),
        json_schema_extra=vocabulary("evidence-levels"),
    )
    outcomes: list[Outcome] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Measured results.")
    )
    references: list[Reference] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Evaluations, papers, reports.")
    )


def _amount(description: str) -> Any:
    """An optional sum of money: finite, not negative, at most MAX_AMOUNT."""
    return Field(
        None,
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description=description,
    )


class Costs(ContentModel):
    """What it costs to adopt."""

    setup: float | None = _amount(N_("One-off cost to set up (at most 1000000000000)."))
    annual: float | None = _amount(N_("Running cost per year (at most 1000000000000)."))
    currency: str | None = Field(
        None,
        pattern=r"^[A-Z]{3}$",
        description=N_("ISO 4217 code, e.g. EUR; the exchange's currency when left out."),
    )
    notes: Text | None = text(500, N_("What the costs cover."), default=None)

    _plain_amounts = field_validator("setup", "annual", mode="before")(_plain_number)


class Image(ContentModel):
    """A picture shown on the innovation's page."""

    src: Annotated[str, AfterValidator(_check_relative_file)] = Field(
        max_length=200,
        description=N_("A file in the innovation's folder (png, jpg, jpeg, webp or svg)."),
    )
    alt: Text = text(250, N_("What the picture shows, for people who cannot see it (required)."))


# --- the three kinds of entry -------------------------------------------------


class Innovation(ContentModel):
    """An innovation: ``content/innovations/<id>/index.md`` front matter."""

    title: PlainText = text(
        100, N_("The innovation's name."), examples=[N_("Remote monitoring for people with COPD")]
    )
    summary: PlainText = text(
        300, N_("One or two plain sentences: what it is and what it achieves.")
    )
    stage: Slug = Field(
        description=N_("How far it has got."), json_schema_extra=vocabulary("stages")
    )
    types: list[Slug] = Field(
        max_length=LIST_ITEMS,
        min_length=1,
        description=N_("What kind of innovation it is."),
        json_schema_extra=vocabulary("innovation-types"),
    )
    clinical_areas: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Clinical areas it serves."),
        json_schema_extra=vocabulary("clinical-areas"),
    )
    care_settings: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Where care is given."),
        json_schema_extra=vocabulary("care-settings"),
    )
    benefits: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("What it improves."),
        json_schema_extra=vocabulary("benefits"),
    )
    regions: list[Slug] = Field(
        max_length=LIST_ITEMS,
        min_length=1,
        description=N_("Regions where it is used."),
        json_schema_extra=vocabulary("regions"),
    )
    organisation: Organisation = Field(description=N_("Who leads it."))
    partners: list[Organisation] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Partner organisations.")
    )
    scouts: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Ids of scouts who champion it (files in content/scouts/)."),
    )
    contact: Contact | None = Field(None, description=N_("How to reach the team."))
    evidence: Evidence = Field(description=N_("Evidence of success."))
    costs: Costs | None = Field(None, description=N_("What it costs."))
    nice_esf_tier: Literal["A", "B", "C"] | None = Field(
        None,
        description=N_("NICE Evidence Standards Framework tier, for digital health technologies."),
    )
    started: DateText | None = Field(None, description=N_("When it started."))
    ended: DateText | None = Field(None, description=N_("When it ended, if it has."))
    last_reviewed: DateText = Field(
        description=N_("When this entry was last checked; a review falls due 12 months later.")
    )
    tags: list[Annotated[Text, Field(max_length=100)]] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Free keywords.")
    )
    links: list[Link] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Related web pages.")
    )
    image: Image | None = Field(None, description=N_("A picture for the innovation's page."))
    illustrative: StrictBool = Field(
        False,
        description=(
            N_(
                "True for an invented example entry: the site shows a banner saying its figures "
                "are not evidence."
            )
        ),
    )


class CaseStudy(ContentModel):
    """One adoption of an innovation at one organisation: ``case-studies/<id>.md`` front matter."""

    title: PlainText = text(
        100,
        N_("A short title for this adoption."),
        examples=[N_("Blackpool adopts remote COPD monitoring")],
    )
    organisation: Organisation = Field(description=N_("The adopting organisation."))
    region: Slug = Field(
        description=N_("The region of the adoption."), json_schema_extra=vocabulary("regions")
    )
    adopted: DateText | None = Field(None, description=N_("When it was adopted."))
    status: Slug = Field(
        description=N_("Where the adoption stands."),
        json_schema_extra=vocabulary("adoption-statuses"),
    )
    scouts: list[Slug] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Ids of scouts involved.")
    )
    outcomes: list[Outcome] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Measured results at this organisation."),
    )
    last_reviewed: DateText = Field(description=N_("When this case study was last checked."))
    illustrative: StrictBool = Field(False, description=N_("True for an invented example."))


class Scout(ContentModel):
    """An innovation scout: ``content/scouts/<id>.yml``."""

    name: PlainText = text(100, N_("The scout's name."))
    role: PlainText | None = text(150, N_("Job title."), default=None)
    organisation: Organisation = Field(description=N_("Where the scout works."))
    region: Slug = Field(
        description=N_("The scout's region."), json_schema_extra=vocabulary("regions")
    )
    joined: DateText | None = Field(None, description=N_("When they became a scout."))
    status: Literal["active", "alumni"] = Field("active", description=N_("active or alumni."))
    interests: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Ids from the clinical-areas or innovation-types vocabularies."),
        json_schema_extra=vocabulary("clinical-areas innovation-types"),
    )
    bio: Text | None = text(1500, N_("A short biography (Markdown)."), default=None)
    contact: ScoutContact | None = Field(None, description=N_("Published contact details."))
    publish: StrictBool = Field(
        description=(
            N_(
                "The scout's consent to a public profile. false: the file stays valid but "
                "nothing of it is published."
            )
        )
    )
    illustrative: StrictBool = Field(False, description=N_("True for an invented example profile."))


class Term(ContentModel):
    """One term of a vocabulary."""

    id: Slug = Field(description=N_("The term's id, used in content files."))
    label: Text = text(80, N_("The term as shown on the site."))
    description: Text | None = text(400, N_("What the term covers."), default=None)


class Vocabulary(ContentModel):
    """A controlled vocabulary: ``content/vocabularies/<name>.yml``."""

    label: Text = text(80, N_("The facet's name on the site."))
    terms: list[Term] = Field(
        max_length=VOCABULARY_TERMS, min_length=1, description=N_("The terms, in display order.")
    )


#: Every vocabulary file an exchange must provide, in facet order.
VOCABULARIES = (
    "stages",
    "evidence-levels",
    "innovation-types",
    "clinical-areas",
    "care-settings",
    "regions",
    "organisation-types",
    "benefits",
    "adoption-statuses",
)


@dataclass(frozen=True)
class Section:
    """A body section: a stable id, its heading and prompt in English (each exchange
    shows them in its content language, see ``generator.exchange``), and whether an
    entry must have it (else it is recommended)."""

    id: str
    heading: str
    required: bool
    prompt: str


#: Body sections, in order. Headings match case-insensitively.
SECTIONS: dict[str, tuple[Section, ...]] = {
    "innovation": (
        Section(
            "problem",
            N_("The problem"),
            True,
            N_("What was wrong, for whom, and how big the problem was."),
        ),
        Section(
            "solution",
            N_("The solution"),
            True,
            N_("What you did differently: the service, product or way of working."),
        ),
        Section(
            "evidence",
            N_("Evidence of success"),
            True,
            N_("What changed, with numbers where you have them, and how you know."),
        ),
        Section(
            "resources",
            N_("Resources needed"),
            False,
            N_("Money, staff time, equipment and approvals it took."),
        ),
        Section(
            "difficulties",
            N_("Difficulties encountered"),
            False,
            N_("What got in the way and how you dealt with it."),
        ),
        Section(
            "transfer",
            N_("Potential for learning or transfer"),
            False,
            N_("What another organisation needs to adopt it."),
        ),
    ),
    "case-study": (
        Section(
            "context",
            N_("Context"),
            True,
            N_("The organisation, the population and why it adopted the innovation."),
        ),
        Section("actions", N_("What we did"), True, N_("How it was adopted and adapted locally.")),
        Section(
            "results", N_("Results"), True, N_("What changed, with numbers where you have them.")
        ),
        Section(
            "lessons",
            N_("Lessons learned"),
            False,
            N_("What you would tell the next organisation."),
        ),
    ),
}
#: The English (heading, required) pairs.
INNOVATION_SECTIONS = tuple((s.heading, s.required) for s in SECTIONS["innovation"])
CASE_STUDY_SECTIONS = tuple((s.heading, s.required) for s in SECTIONS["case-study"])

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg")
REVIEW_MONTHS = 12
