"""What an exchange is: its country, the language its entries are written in,
its currency, the personal identifiers it refuses, and its body sections.

Read from ``content/exchange.yml`` (every setting optional; without the file an
exchange is English, in Great Britain, in pounds, and checks NHS numbers). The
interface language is not here: it is Material's ``theme.language`` in
``mkdocs.yml``, so that the site's own words and the content's can differ.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from babel import Locale
from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.i18n import N_, LanguageError, _, in_language, locale_of, shipped
from generator.i18n.formatting import is_currency
from generator.identifiers import IDENTIFIERS, defaults_for
from generator.models import SECTIONS, ContentModel, Section, normalise_heading
from generator.scalars import PlainText, Slug, StrictBool

FILE = "exchange.yml"
DEFAULT_COUNTRY = "GB"


@functools.cache
def _countries() -> frozenset[str]:
    """ISO 3166 codes Babel knows (read when first needed: it takes a while)."""
    return frozenset(Locale.parse("en").territories)


def _unknown(code: str, value: str, choices: list[str], known: str, guess: str) -> Exception:
    """An unknown name, with the closest choice when one is close (two whole messages,
    since a sentence is not translated in pieces)."""
    close = difflib.get_close_matches(value, choices, n=1)
    message = guess if close else known
    return PydanticCustomError(
        code,
        message,
        {"value": value[:40], "choice": close[0] if close else "", "known": ", ".join(choices)},
    )


class SectionSetting(ContentModel):
    """How this exchange writes one body section (each setting optional)."""

    heading: PlainText | None = Field(
        None, max_length=100, description=N_("The heading, as entries write it after '## '.")
    )

    @field_validator("heading")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and ("\n" in value or value.lstrip().startswith("#")):
            raise PydanticCustomError(
                "invalid-heading",
                _("a heading is one line of words, without '#': entries write '## ' before it"),
                {},
            )
        return value

    prompt: PlainText | None = Field(
        None, max_length=300, description=N_("What to write in it, shown to contributors.")
    )
    required: StrictBool | None = Field(
        None, description=N_("true: an entry must have it; false: it is recommended.")
    )


class ExchangeSettings(ContentModel):
    """``content/exchange.yml``."""

    country: str = Field(
        DEFAULT_COUNTRY,
        description=N_(
            "The exchange's country (ISO 3166 code, e.g. IT): how dates and numbers are "
            "written, its currency and its personal identifiers, unless set below."
        ),
    )
    language: str = Field(
        "en",
        description=N_(
            "The language entries are written in (a code, e.g. it): their section headings."
        ),
    )
    currency: str | None = Field(
        None, description=N_("ISO 4217 code of the costs, e.g. EUR. Default: the country's.")
    )
    personal_identifiers: list[str] | None = Field(
        None,
        max_length=20,
        description=N_(
            "Patient identifiers to refuse anywhere in content. Default: the country's."
        ),
    )
    sections: dict[Literal["innovation", "case-study"], dict[Slug, SectionSetting]] = Field(
        default_factory=dict,
        description=N_("Headings, prompts or required-ness of body sections, by section id."),
    )

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if value.upper() not in _countries() or not value.isalpha():
            raise PydanticCustomError(
                "unknown-country",
                _("'{value}' is not a country code: write a two-letter ISO 3166 code, e.g. IT"),
                {"value": value[:40]},
            )
        return value.upper()

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        try:
            locale_of(value)
        except LanguageError:
            raise PydanticCustomError(
                "unknown-language",
                _("'{value}' is not a language code: write a code such as it, es or en"),
                {"value": value[:40]},
            ) from None
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and not is_currency(value):
            raise PydanticCustomError(
                "unknown-currency",
                _("'{value}' is not an ISO 4217 currency code, e.g. EUR or GBP"),
                {"value": value[:40]},
            )
        return value

    @field_validator("personal_identifiers")
    @classmethod
    def _identifiers(cls, value: list[str] | None) -> list[str] | None:
        for name in value or []:
            if name not in IDENTIFIERS:
                raise _unknown(
                    "unknown-identifier",
                    name,
                    list(IDENTIFIERS),
                    _("'{value}' is not an identifier check; they are: {known}"),
                    _("'{value}' is not an identifier check: did you mean '{choice}'?"),
                )
        return value

    @field_validator("sections")
    @classmethod
    def _sections(cls, value: dict) -> dict:
        for kind, settings in value.items():
            known = [s.id for s in SECTIONS[kind]]
            for section_id in settings:
                if section_id not in known:
                    raise _unknown(
                        "unknown-section",
                        section_id,
                        known,
                        _("'{value}' is not a section id here; they are: {known}"),
                        _("'{value}' is not a section id here: did you mean '{choice}'?"),
                    )
        return value

    @model_validator(mode="after")
    def _distinct_headings(self) -> ExchangeSettings:
        """Two sections with one heading could never both be found in an entry."""
        for _kind, sections in Exchange.of(self).sections:
            seen: dict[str, str] = {}
            for section in sections:
                key = normalise_heading(section.heading)
                if key in seen:
                    raise PydanticCustomError(
                        "duplicate-heading",
                        _(
                            "the sections '{first}' and '{second}' have the same heading "
                            "'{heading}'"
                        ),
                        {"first": seen[key], "second": section.id, "heading": section.heading},
                    )
                seen[key] = section.id
        return self


@dataclass(frozen=True)
class Exchange:
    """The settings resolved: defaults filled in, headings in the content language."""

    country: str = DEFAULT_COUNTRY
    language: str = "en"
    currency: str = "GBP"
    identifiers: tuple[str, ...] = ("nhs-number",)
    #: kind -> its sections, each heading and prompt in the content language
    sections: tuple[tuple[str, tuple[Section, ...]], ...] = ()

    @classmethod
    def of(cls, settings: ExchangeSettings | None = None) -> Exchange:
        settings = settings or ExchangeSettings()
        currencies = _territory_currencies(settings.country)
        return cls(
            country=settings.country,
            language=settings.language,
            currency=settings.currency or (currencies[0] if currencies else "EUR"),
            identifiers=tuple(
                settings.personal_identifiers
                if settings.personal_identifiers is not None
                else defaults_for(settings.country)
            ),
            sections=tuple(
                (kind, tuple(_localised(s, settings, kind) for s in sections))
                for kind, sections in SECTIONS.items()
            ),
        )

    def sections_of(self, kind: str) -> tuple[Section, ...]:
        """The body sections of ``kind`` ("innovation" or "case-study")."""
        return dict(self.sections).get(kind) or dict(Exchange.of().sections)[kind]

    @property
    def translated(self) -> bool:
        """Whether the project ships a catalogue for the content language."""
        return self.language.replace("-", "_").split("_")[0] in shipped()


def _localised(section: Section, settings: ExchangeSettings, kind: str) -> Section:
    own = settings.sections.get(kind, {}).get(section.id)  # type: ignore[call-overload]
    language = settings.language
    return Section(
        section.id,
        (own and own.heading) or in_language(language, section.heading),
        section.required if own is None or own.required is None else own.required,
        (own and own.prompt) or in_language(language, section.prompt),
    )


def _territory_currencies(country: str) -> list[str]:
    from babel.numbers import get_territory_currencies

    return get_territory_currencies(country)


def load_exchange(content_dir: Path) -> Exchange:
    """The exchange's settings from ``content_dir/exchange.yml``, for the commands
    that need them without validating everything (scaffolding, the issue bot).
    A file with mistakes gives the defaults: ``exchange validate`` reports them."""
    from generator.loader.files import FileProblem, read_text
    from generator.loader.strict_yaml import YamlError, parse

    path = content_dir / FILE
    if not path.is_file():
        return Exchange.of()
    try:
        data, _positions = parse(read_text(path))
        return Exchange.of(ExchangeSettings.model_validate(data or {}))
    except (FileProblem, YamlError, ValueError, OSError):
        return Exchange.of()


def section_heading(exchange: Exchange, kind: str, english: str) -> str:
    """The heading this exchange writes for the section whose English heading is
    ``english`` (as the issue forms and templates name them)."""
    for model, own in zip(SECTIONS[kind], exchange.sections_of(kind), strict=True):
        if model.heading == english:
            return own.heading
    return english
