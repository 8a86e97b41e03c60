"""Dates, numbers and money are written the reader's way (Babel)."""

from __future__ import annotations

import pytest

from generator import i18n
from generator.i18n import formatting


@pytest.fixture
def speak():
    def use(language: str, country: str | None = None) -> None:
        i18n.activate(language, country)

    yield use
    i18n.activate("en")


@pytest.mark.parametrize(
    ("language", "country", "amount", "currency", "written"),
    [
        ("en", "GB", 12000, "GBP", "£12,000"),
        ("en", "GB", 3000.5, "GBP", "£3,000.50"),
        ("it", "IT", 12000, "EUR", "12.000\xa0€"),
        ("it", "IT", 3000.5, "EUR", "3.000,50\xa0€"),
        ("es", "ES", 12000, "EUR", "12.000\xa0€"),
        ("en", "GB", 1500, "JPY", "JP¥1,500"),
        ("it", "IT", 1500, "CHF", "1.500\xa0CHF"),
    ],
)
def test_money(speak, language, country, amount, currency, written) -> None:
    speak(language, country)
    assert formatting.money(amount, currency) == written


@pytest.mark.parametrize(
    ("language", "country", "value", "written"),
    [
        ("en", "GB", "2024-03-05", "5 March 2024"),
        ("en", "GB", "2024-03", "March 2024"),
        ("en", "GB", "2024", "2024"),
        ("it", "IT", "2024-03-05", "5 marzo 2024"),
        ("it", "IT", "2024-03", "marzo 2024"),
        ("es", "ES", "2024-03-05", "5 de marzo de 2024"),
    ],
)
def test_dates(speak, language, country, value, written) -> None:
    speak(language, country)
    assert formatting.date(value) == written


def test_lists(speak) -> None:
    speak("it")
    assert formatting.listing(["a", "b", "c"]) == "a, b e c"
    speak("es")
    assert formatting.listing(["a", "b"]) == "a y b"


def test_a_country_without_that_language_keeps_the_language(speak) -> None:
    speak("en", "IT")
    assert formatting.date("2024-03-05") == "5 March 2024"


@pytest.mark.parametrize(
    ("size", "written"),
    [
        (0, "0 KB"),
        (1, "1 KB"),
        (500_000, "500 KB"),
        (500_001, "501 KB"),  # over a 500 KB limit never reads as 500 KB
        (999_000, "999 KB"),
        (999_001, "1 MB"),  # not "1,000 KB"
        (1_000_000, "1 MB"),
        (1_000_000_001, "1,000.1 MB"),  # over a 1,000 MB limit never reads as 1,000 MB
        (1_183_600_000, "1,183.6 MB"),
    ],
)
def test_a_file_size_is_rounded_up_never_down(size: int, written: str) -> None:
    with i18n.kept():
        i18n.activate("en", "GB")
        assert formatting.file_size(size) == written
