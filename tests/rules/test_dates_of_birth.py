"""A date of birth anywhere in an entry is refused, like the other personal identifiers;
ordinary dates, and "born" without a whole date, are not."""

from __future__ import annotations

import time

import pytest

from generator.rules import personal_data
from generator.rules.personal_data import find_dates_of_birth
from tests.test_rules import INDEX, SECTIONS, Exchange, run


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 12/03/1961", "12/03/1961"),
        ("D.O.B.: 12.03.1961", "12.03.1961"),
        ("(dob 3-12-61)", "3-12-61"),
        ("date of birth: 1961-03-12", "1961-03-12"),
        ("Date of Birth 12/3/1961", "12/3/1961"),
        ("birthdate 1961-03-12", "1961-03-12"),
        ("born 12 March 1961", "12 March 1961"),
        ("Born on the 3rd of May 2023 at 31 weeks", "3rd of May 2023"),
        ("born March 12, 1961", "March 12, 1961"),
        ("born 12 Sept. 1961", "12 Sept. 1961"),
        ("nato il 12 marzo 1961", "12 marzo 1961"),
        ("data di nascita: 12/03/1961", "12/03/1961"),
        ("nacida el 12 de marzo de 1961", "12 de marzo de 1961"),
        ("Fecha de nacimiento: 1961-03-12", "1961-03-12"),
    ],
)
def test_dates_of_birth_are_found(text: str, date: str) -> None:
    assert [m["date"] for m in find_dates_of_birth(text)] == [date]


@pytest.mark.parametrize(
    "text",
    [
        "Started on 12 March 1961 and reviewed 2024-03-12.",  # ordinary dates
        "The clinic ran from 12/03/2019 to 30/06/2021.",
        "born in 1961",  # a year alone
        "born in March 1961",  # no day
        "newborn 12/03/2024 screening",  # not the word "born"
        "airborne 12/03/1961",
        "DOB 45/99/1961",  # no such day and month
        "date of birth 12/03/19611",  # a longer number
        "The form asks for name, DOB and address.",  # no date
        "NATO 12 March 1961",  # "nato" needs "il"
        "dob12/03/1961x",
        # A cohort's range of dates, not a person's date.
        "All babies born 1 April 2020 to 31 March 2021 were offered a visit",
        "Cohort: children born 2015-09-01 to 2016-08-31",
        "children born 1/9/2015 – 31/8/2016",
        "nati il 1/9/2015 e 31/8/2016",
    ],
)
def test_ordinary_dates_and_near_misses_pass(text: str) -> None:
    assert list(find_dates_of_birth(text)) == []


def test_a_date_of_birth_anywhere_in_an_entry(ex: Exchange) -> None:
    ex.innovation(
        summary="A patient (DOB 12/03/1961) records symptoms at home.",
        body=SECTIONS.replace("P.", "Mrs A, born 12 March 1961, was admitted.")
        + "\n<!-- date of birth: 1961-03-12 -->\n",
    )
    ex.scout(bio="Jane was born on 4 July 1975 in Leeds.")
    ex.write("innovations/remote/index.md", _with_comment(ex))
    found = run(personal_data.dates_of_birth, ex.load())
    assert found == [
        (INDEX, 3, 26, "error", "date-of-birth"),  # the summary, at the date
        (INDEX, 10, 7, "error", "date-of-birth"),  # a YAML comment: read too
        (INDEX, 15, 13, "error", "date-of-birth"),  # the body
        (INDEX, 37, 21, "error", "date-of-birth"),  # an HTML comment in the body
        ("scouts/jane-doe.yml", 5, 24, "error", "date-of-birth"),  # a scout's bio
    ]


def _with_comment(ex: Exchange) -> str:
    path = ex.root / "innovations/remote/index.md"
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 4)  # the front matter's closing line
    return text[:end] + "\n# DOB 01/02/1950" + text[end:]


def test_the_message_names_the_date_and_the_hint_says_what_to_do(ex: Exchange) -> None:
    from generator.rules.context import RuleContext
    from tests.test_rules import TODAY

    ex.innovation(body=SECTIONS.replace("P.", "DOB 12/03/1961."))
    (found,) = personal_data.dates_of_birth(RuleContext(ex.load(), TODAY))
    assert found.message.startswith("'12/03/1961' looks like a date of birth")
    assert "age band" in found.hint


def test_found_in_linear_time() -> None:
    text = "born 12 " * 25_000 + "date of birth " * 10_000 + "DOB " * 20_000
    started = time.perf_counter()
    assert list(find_dates_of_birth(text)) == []
    assert time.perf_counter() - started < 0.5
