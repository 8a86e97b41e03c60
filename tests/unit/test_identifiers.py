"""Personal identifiers per country: the right check character is caught, a
number that only has the shape (a phone number, a date) is not."""

from __future__ import annotations

import pytest

from generator.exchange import Exchange, ExchangeSettings
from generator.identifiers import IDENTIFIERS, codice_fiscale, defaults_for, dni_nie, pesel


def found(name: str, text: str) -> list[str]:
    return [m[0] for m in IDENTIFIERS[name].find(text)]


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("RSSMRA85T10A562S", True),
        ("rssmra85t10a562s", True),  # written in lower case
        ("RSSMRA85T10A562T", False),  # wrong check letter
        ("RSSMRA85T10A56NL", False),
    ],
)
def test_codice_fiscale(code: str, valid: bool) -> None:
    assert codice_fiscale(code) is valid


def test_a_codice_fiscale_with_omocodia_is_still_caught() -> None:
    """When two people share a code, digits are replaced by letters (0=L, 1=M, …)."""
    base = "RSSMRA85T10A562"
    for position, digit in ((14, "2"), (13, "6")):
        letter = "LMNPQRSTUV"[int(digit)]
        omocode = base[:position] + letter + base[position + 1 :]
        check = next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if codice_fiscale(omocode + c))
        assert found("codice-fiscale", f"CF {omocode}{check}.") == [omocode + check]


@pytest.mark.parametrize(
    ("code", "valid"),
    [("12345678Z", True), ("X1234567L", True), ("Y1234567X", True), ("12345678A", False)],
)
def test_dni_nie(code: str, valid: bool) -> None:
    assert dni_nie(code) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("44051401359", True), ("44051401358", False), ("44131401350", False), ("02270803624", True)],
)
def test_pesel(digits: str, valid: bool) -> None:
    assert pesel(digits) is valid


@pytest.mark.parametrize(
    "text",
    [
        "Chiamare lo 02 1234 5678 o il 333 123 4567, +39 06 6982 1234.",
        "Numero verde 800 123 456; fax 0039 02 7654321.",
        "Il 12/03/2024 e il 2024-03-12.",
        "Llame al 912 345 678 o al +34 600 123 456.",
        "Zadzwoń: 22 123 45 67, 501 234 567.",
    ],
)
def test_phone_numbers_and_dates_are_not_identifiers(text: str) -> None:
    for name in ("codice-fiscale", "dni-nie", "pesel"):
        assert found(name, text) == [], name


def test_each_country_checks_its_own_identifiers() -> None:
    assert defaults_for("GB") == ("nhs-number",)
    assert defaults_for("it") == ("codice-fiscale",)
    assert defaults_for("ES") == ("dni-nie",)
    assert defaults_for("PL") == ("pesel",)
    assert defaults_for("FR") == ()
    italian = Exchange.of(ExchangeSettings(country="IT", language="it"))
    assert italian.identifiers == ("codice-fiscale",) and italian.currency == "EUR"
    chosen = Exchange.of(ExchangeSettings(country="IT", personal_identifiers=[]))
    assert chosen.identifiers == ()


def test_a_dni_is_written_with_dots_or_a_hyphen_and_a_word_after_a_number_is_not_one() -> None:
    text = "el 20240305 y el 20240306 a las; DNI 12.345.678-Z, 12345678Z y X1234567L."
    assert found("dni-nie", text) == ["12.345.678-Z", "12345678Z", "X1234567L"]


def test_an_nhs_number_in_another_scripts_digits_is_still_one() -> None:
    assert found("nhs-number", "NHS ９４３４７６５９１９") == ["９４３４７６５９１９"]
    assert found("nhs-number", "NHS ٩٤٣٤٧٦٥٩١٩") == ["٩٤٣٤٧٦٥٩١٩"]
