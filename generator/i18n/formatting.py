"""Dates, numbers, money and lists written the active language's way (Babel)."""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Iterable

from babel import Locale, dates, lists, numbers

from generator.i18n import _, babel_locale

# Babel takes tens of microseconds per number or date, and a build shows the same few
# thousand again and again (counts, review dates): each is formatted once per locale.


def number(value: float) -> str:
    return _number(value, babel_locale())


@functools.lru_cache(maxsize=8192)
def _number(value: float, locale: Locale) -> str:
    return numbers.format_decimal(value, locale=locale)


def file_size(size: float) -> str:
    """``size`` bytes as people read a file's size: "12.3 MB" (millions of bytes, as
    GitHub counts its 1 GB), "640 KB" below one MB. Rounded up, never down, so that a
    size just over a limit never reads as the limit itself ("501 KB", not "500 KB")."""
    if size > 999_000:  # 999 KB and a byte would round up to "1,000 KB"
        # Translators: a file's size in megabytes, e.g. "12.3 MB".
        return _("{size} MB", size=number(math.ceil(size / 100_000) / 10))
    # Translators: a file's size in kilobytes, e.g. "640 KB".
    return _("{size} KB", size=number(math.ceil(size / 1_000)))


def money(amount: float | None, currency: str) -> str:
    """An amount in ``currency`` (an ISO 4217 code); a whole amount without decimals."""
    if amount is None:
        return ""
    return _money(amount, currency, babel_locale())


@functools.lru_cache(maxsize=8192)
def _money(amount: float, currency: str, locale: Locale) -> str:
    if not float(amount).is_integer():
        return numbers.format_currency(amount, currency, locale=locale)
    # The locale's pattern without its decimals ("¤#,##0.00" → "¤#,##0").
    pattern = re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)
    return numbers.format_currency(
        amount, currency, format=pattern, locale=locale, currency_digits=False
    )


def date(value: str | None) -> str:
    """A content date (YYYY, YYYY-MM or YYYY-MM-DD) as a reader writes it."""
    if not value:
        return ""
    return _date(str(value), babel_locale())


@functools.lru_cache(maxsize=8192)
def _date(value: str, locale: Locale) -> str:
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return dates.format_skeleton("yMMMM", datetime.date(parts[0], parts[1], 1), locale=locale)
    return dates.format_date(datetime.date(*parts), "long", locale=locale)


def listing(items: Iterable[str], style: str = "standard") -> str:
    """ "a, b and c" in the active language ("a, b e c" in Italian)."""
    return lists.format_list(list(items), style=style, locale=babel_locale())


def currency_name(code: str) -> str:
    return numbers.get_currency_name(code, locale=babel_locale())


def is_currency(code: str) -> bool:
    return numbers.is_currency(code)


#: Languages that write nouns with a capital letter in a sentence too.
_CAPITALISED_NOUNS = {"de", "lb"}


def in_sentence(label: str) -> str:
    """A label ("Clinical area") as it reads inside a sentence ("browse by clinical
    area"): its first letter lower-cased, unless it starts an acronym ("NHS region")
    or the language capitalises nouns (German)."""
    if len(label) < 2 or label[1].isupper() or babel_locale().language in _CAPITALISED_NOUNS:
        return label
    return label[0].lower() + label[1:]
