"""Personal identifiers, per country: what a patient's number looks like, and
the check digit that tells it from a phone number or a date.

Each exchange chooses the identifiers of its country in ``content/exchange.yml``
(``personal_identifiers``; by default those of its ``country``). A candidate is
reported only when its check character is right, so ordinary numbers that merely
have the shape (about 1 in 11 for the NHS number) are rarely caught, and the
numbers of other countries never are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.i18n import N_


@dataclass(frozen=True)
class Identifier:
    name: str  # the diagnostic code and the name in exchange.yml
    label: str  # N_: what it is, for messages
    country: str  # ISO 3166 code
    candidates: re.Pattern[str]
    valid: Callable[[str], bool]
    #: A fast first look: text without a match cannot hold a candidate.
    quick: re.Pattern[str]

    def find(self, text: str) -> Iterator[re.Match[str]]:
        # Any script's digits count (a full-width NHS number is one too); the quick
        # look is ASCII-only, which is faster, where the text is ASCII.
        if text.isascii() and not self.quick.search(text):
            return
        for match in self.candidates.finditer(text):
            written = "".join(g for g in match.groups() if g) or match[0]
            if self.valid(_ascii_digits(written)):
                yield match


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in text)


def nhs_number(digits: str) -> bool:
    """The modulus 11 check of the NHS number's tenth digit."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        # digits 0-9, then A-Z (A-J count as 0-9 do)
        (
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ),
        strict=True,
    )
)
_CF_EVEN = {
    c: (int(c) if c.isdigit() else ord(c) - 65) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
}


def codice_fiscale(code: str) -> bool:
    """The check character (the 16th) of an Italian codice fiscale."""
    code = code.upper()
    if len(code) != 16 or not code.isascii():
        return False
    total = sum((_CF_ODD if i % 2 == 0 else _CF_EVEN)[c] for i, c in enumerate(code[:15]))
    return chr(65 + total % 26) == code[15]


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_nie(code: str) -> bool:
    """The check letter of a Spanish DNI (8 digits) or NIE (X, Y or Z and 7 digits)."""
    code = code.upper().replace("-", "").replace(".", "")
    if len(code) != 9 or not code.isascii():
        return False
    number = code[:8]
    if number[0] in "XYZ":
        number = str("XYZ".index(number[0])) + number[1:]
    if not number.isdigit():
        return False
    return _DNI_LETTERS[int(number) % 23] == code[8]


def pesel(digits: str) -> bool:
    """The check digit of a Polish PESEL, with a real birth date in it."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return False
    month = int(digits[2:4]) % 20
    day = int(digits[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(digits[:10], weights, strict=True))
    return (10 - total % 10) % 10 == int(digits[10])


_CF_DIGIT = "[0-9LMNPQRSTUVlmnpqrstuv]"
IDENTIFIERS: dict[str, Identifier] = {
    i.name: i
    for i in (
        Identifier(
            "nhs-number",
            N_("an NHS number"),
            "GB",
            # Ten digits, optionally grouped 3-3-4 by single spaces, not in a longer number.
            re.compile(r"(?<!\d)(\d{3}) ?(\d{3}) ?(\d{4})(?!\d)"),
            nhs_number,
            re.compile(r"[0-9][0-9 ]{9,11}"),
        ),
        Identifier(
            "codice-fiscale",
            N_("a codice fiscale"),
            "IT",
            re.compile(
                rf"(?<![A-Za-z0-9])[A-Za-z]{{6}}{_CF_DIGIT}{{2}}[A-EHLMPR-Ta-ehlmpr-t]"
                rf"{_CF_DIGIT}{{2}}[A-Za-z]{_CF_DIGIT}{{3}}[A-Za-z](?![A-Za-z0-9])"
            ),
            codice_fiscale,
            re.compile(r"[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}"),
        ),
        Identifier(
            "dni-nie",
            N_("a DNI or NIE number"),
            "ES",
            # 12345678Z, 12.345.678-Z, X1234567L: the letter attached or after a hyphen
            # (a number followed by the word "y" or "a" is not one).
            re.compile(r"(?<![\w.])([XYZ]?\d{1,2}(?:\.?\d{3}){2})-?([A-Z])(?!\w)"),
            dni_nie,
            re.compile(r"[0-9]{7}"),
        ),
        Identifier(
            "pesel",
            N_("a PESEL number"),
            "PL",
            re.compile(r"(?<!\d)\d{11}(?!\d)"),
            pesel,
            re.compile(r"[0-9]{11}"),
        ),
    )
}


def defaults_for(country: str | None) -> tuple[str, ...]:
    """The identifiers an exchange in ``country`` checks unless it says otherwise."""
    return tuple(name for name, i in IDENTIFIERS.items() if i.country == (country or "").upper())
