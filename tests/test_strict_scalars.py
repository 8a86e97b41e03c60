"""Strict scalars: ids, dates, numbers and text that could reach arithmetic,
formatting or the HTML unchecked (far-future dates, huge numbers, trailing
newlines, other scripts' digits, control and bidirectional-override characters)."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from generator.loader.content import load_content, scout_ids
from generator.loader.fields import check_fields
from generator.loader.strict_yaml import parse
from generator.models import (
    CaseStudy,
    Costs,
    Innovation,
    Reference,
    Scout,
    Vocabulary,
)
from generator.pathway import Pathway
from generator.rules.quality import is_overdue, review_due
from generator.scalars import DATE_MAX_YEAR, MAX_AMOUNT, parse_date
from generator.schema_export import unwrap

BASE = Path(__file__).parent / "broken" / "_base" / "content"
SCOUT = (
    "name: Jane Doe\norganisation: {name: Example Trust, type: provider}\n"
    "region: north-west-coast\npublish: true\n"
)


def fields(model: type[BaseModel], text: str) -> list[tuple[int, int, str, str]]:
    data, positions = parse(text)
    _, problems = check_fields(model, data, positions, "f.yml")
    return [(d.line, d.column, d.code, d.message) for d in problems]


def error_types(model: type[BaseModel], data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


# --- dates: ASCII digits, 1900 to 2100, so date arithmetic cannot overflow ----------------


@pytest.mark.parametrize("value", ["1900-01-01", "2100", "2100-12", "2100-12-31"])
def test_dates_in_range_accepted(value: str) -> None:
    parse_date(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-31", "after 2100"),
        ("2101", "after 2100"),
        ("2101-01-01", "after 2100"),
        ("0000-01-01", "before 1900"),
        ("10000-01-01", "is not a date"),
        ("2024-01-01\n", "is not a date"),
        ("2024\n", "is not a date"),
        ("２０２４-０１-０１", "with the digits 0-9"),  # fullwidth
        ("٢٠٢٤-٠١", "with the digits 0-9"),  # Arabic-Indic
        ("2024-01-0１", "with the digits 0-9"),
    ],
)
def test_dates_refused(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CaseStudy.model_validate({"last_reviewed": value})
    errors = {e["loc"]: e for e in caught.value.errors()}
    assert errors[("last_reviewed",)]["type"] == "invalid-date"
    assert message in errors[("last_reviewed",)]["msg"]


def test_review_due_is_safe_for_every_date_the_model_accepts() -> None:
    last = f"{DATE_MAX_YEAR}-12-31"
    parse_date(last)
    assert review_due(last) == date(DATE_MAX_YEAR + 1, 12, 31)
    assert review_due(str(DATE_MAX_YEAR)) == date(DATE_MAX_YEAR + 1, 1, 1)
    assert not is_overdue(last, date(2026, 6, 1))


def test_date_fields_positioned_with_escaped_message() -> None:
    assert fields(Scout, SCOUT + 'joined: "2024-01-01\\n"\n') == [
        (
            5,
            9,
            "invalid-date",
            "joined: '2024-01-01\\n' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
            "(e.g. 2024-05-01)",
        )
    ]
    assert fields(Scout, SCOUT + "joined: ２０２４-０１-０１\n")[0][2] == "invalid-date"
    assert fields(Scout, SCOUT + "joined: 9999-12-31\n") == [
        (5, 9, "invalid-date", "joined: '9999-12-31' is after 2100: dates run from 1900 to 2100")
    ]


def _far_future_exchange(content_dir: Path) -> None:
    shutil.copytree(BASE, content_dir, dirs_exist_ok=True)
    index = content_dir / "innovations" / "base-innovation" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("last_reviewed: 2026-05-01", "last_reviewed: 9999-12-31"))


def test_far_future_review_date_through_the_cli(content_dir: Path, cli, frozen_today) -> None:
    _far_future_exchange(content_dir)
    code, out, err = cli(["validate", "content"])
    assert code == 1
    assert err == ""
    assert (
        "content/innovations/base-innovation/index.md:12:16: error[invalid-date]: "
        "last_reviewed: '9999-12-31' is after 2100" in out
    )
    assert "internal error" not in out + err


def test_far_future_review_date_through_cli_main(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    _far_future_exchange(content_dir)
    assert main(["validate", str(content_dir)]) == 1
    out, err = capsys.readouterr()
    assert "error[invalid-date]" in out
    assert "Traceback" not in out + err


# --- numbers: digits only, bounded before conversion, finite, at most 10^12 -----------------


@pytest.mark.parametrize("value", ["9" * 25, "9" * 400, "9" * 100_000, "1" + "0" * 30 + ".5"])
def test_long_digit_strings_are_out_of_range(value: str) -> None:
    for model, name, extra in ((Costs, "setup", {}), (Reference, "year", {"title": "x"})):
        assert error_types(model, {name: value, **extra}) == [((name,), "out-of-range")]


def test_huge_cost_is_a_positioned_error_not_infinity() -> None:
    problems = fields(Costs, f"setup: {'9' * 400}\nannual: 1000000000001\n")
    assert [p[:3] for p in problems] == [
        (1, 8, "out-of-range"),
        (2, 9, "out-of-range"),
    ]
    assert "400 characters long" in problems[0][3]
    assert "1000000000000" in problems[1][3]


def test_largest_cost_accepted() -> None:
    assert Costs(setup=str(MAX_AMOUNT), annual="999999999999.99").setup == MAX_AMOUNT


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e13])
def test_non_finite_or_huge_floats_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        Costs(setup=value)


@pytest.mark.parametrize("value", ["１２０００", "12000\n", "٣"])
def test_numbers_need_ascii_digits(value: str) -> None:
    assert error_types(Costs, {"annual": value}) == [(("annual",), "invalid-number")]


# --- ids: ASCII, and no trailing newline, in fields and in file names -----------------------


@pytest.mark.parametrize("value", ["abc\n", "north-west-coast\n", "ａｂｃ", "abc\x00"])
def test_ids_refused(value: str) -> None:
    kind = error_types(Scout, {**_scout(), "region": value})[0]
    assert kind[0] == ("region",)
    assert kind[1] == ("control-character" if "\x00" in value else "invalid-id")


def test_trailing_newline_in_a_list_of_ids_is_positioned() -> None:
    assert fields(Scout, SCOUT + 'interests: [digital, "respiratory\\n"]\n') == [
        (
            5,
            22,
            "invalid-id",
            "interests[1]: 'respiratory\\n' is not a valid id: use 1-80 lower-case letters, "
            "digits and single hyphens",
        )
    ]


def test_file_and_folder_names_ending_in_a_newline_are_not_ids(content_dir: Path) -> None:
    shutil.copytree(BASE, content_dir, dirs_exist_ok=True)
    (content_dir / "innovations" / "bad\n").mkdir()
    (content_dir / "scouts" / "jane\n.yml").write_text("name: x\n", encoding="utf-8")
    assert scout_ids(content_dir) == frozenset({"jane-doe"})
    content = load_content(content_dir)
    invalid = sorted(d.file for d in content.diagnostics if d.code == "invalid-id")
    assert invalid == ["content/innovations/bad\n", "content/scouts/jane\n.yml"]


# --- text: no control characters or bidirectional overrides, in any text field --------------


@pytest.mark.parametrize(
    ("escape", "code_point", "name"),
    [
        ("\\0", "0000", "NULL"),
        ("\\x1b", "001B", "ESCAPE"),
        ("\\x7f", "007F", "DELETE"),
        ("\\r", "000D", "CARRIAGE RETURN"),
        ("\\x85", "0085", "NEXT LINE"),
        ("\\x9b", "009B", "a control character"),
        ("\\u202a", "202A", "LEFT-TO-RIGHT EMBEDDING"),
        ("\\u202e", "202E", "RIGHT-TO-LEFT OVERRIDE"),
        ("\\u2066", "2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\\u2069", "2069", "POP DIRECTIONAL ISOLATE"),
    ],
)
def test_yaml_escapes_refused_in_text_fields(escape: str, code_point: str, name: str) -> None:
    expected = f"character U+{code_point} ({name}) at position 4 is not allowed"
    # An innovation's title, an organisation's name and a tag.
    innovation = (
        f'title: "Abc{escape}def"\nsummary: S\nstage: idea\ntypes: [digital]\nregions: [x]\n'
        f'organisation: {{name: "Org{escape}", type: provider}}\n'
        f'evidence: {{level: anecdotal}}\nlast_reviewed: 2024-01-01\ntags: [ok, "tag{escape}"]\n'
    )
    assert fields(Innovation, innovation) == [
        (1, 8, "control-character", f"title: {expected}"),
        (6, 22, "control-character", f"organisation.name: {expected}"),
        (9, 12, "control-character", f"tags[1]: {expected}"),
    ]
    # A vocabulary's label and a term's label.
    vocabulary = f'label: "Sta{escape}ge"\nterms:\n  - {{id: idea, label: "Ide{escape}a"}}\n'
    assert fields(Vocabulary, vocabulary) == [
        (1, 8, "control-character", f"label: {expected}"),
        (3, 23, "control-character", f"terms[0].label: {expected}"),
    ]


def test_raw_bidi_override_in_the_file_is_refused() -> None:
    # LibYAML lets U+202E through as a printable character; the model does not.
    problems = fields(Scout, SCOUT.replace("Jane Doe", "Jane \u202eeoD"))
    assert [p[:3] for p in problems] == [(1, 7, "control-character")]


@pytest.mark.parametrize(
    "value",
    [
        "Tabs\tand\nnew lines in a block",
        "שלום עולם",
        "مرحبا\u200f (with a right-to-left mark)",
        "a\u200eb zero-width joiner\u200d emoji 👩‍⚕️",
        "Ünïcödé — “quotes” and a non-breaking\u00a0space",
    ],
)
def test_ordinary_text_accepted(value: str) -> None:
    Scout.model_validate({**_scout(), "name": value.replace("\t", " ").replace("\n", " ")})
    Scout.model_validate({**_scout(), "bio": value})


def test_messages_escape_what_they_quote() -> None:
    # A value or key holding an escape must not reach the terminal as one.
    problems = fields(Scout, SCOUT.replace("publish: true", 'publish: "\\x1b[2J"'))
    assert problems[0][2] == "wrong-type"
    assert "\x1b" not in problems[0][3] and "\\x1b[2J" in problems[0][3]
    problems = fields(Scout, SCOUT + '"\\x1b[2J": x\n')
    assert problems[0][2] == "unknown-field"
    assert "\x1b" not in problems[0][3]


def _scout() -> dict[str, Any]:
    return {
        "name": "Jane Doe",
        "organisation": {"name": "Example Trust", "type": "provider"},
        "region": "north-west-coast",
        "publish": True,
    }


# Every field of every model filled in, so that every text field is tried below.
_ORG = {"name": "Example Trust", "type": "provider", "website": "https://example.org/"}
_OUTCOME = {"measure": "Admissions", "result": "30% fewer", "source": "https://example.org/r"}
FULL: dict[type[BaseModel], dict[str, Any]] = {
    Innovation: {
        "title": "Remote monitoring",
        "summary": "People record symptoms at home.",
        "stage": "idea",
        "types": ["digital"],
        "clinical_areas": ["respiratory"],
        "care_settings": ["community"],
        "benefits": ["fewer-admissions"],
        "regions": ["north-west-coast"],
        "organisation": dict(_ORG),
        "partners": [dict(_ORG)],
        "scouts": ["jane-doe"],
        "contact": {"name": "Service lead", "email": "team@example.org", "url": "https://x.org"},
        "evidence": {
            "level": "anecdotal",
            "outcomes": [dict(_OUTCOME)],
            "references": [{"title": "Report", "url": "https://example.org/p", "year": "2020"}],
        },
        "costs": {"setup": "12000", "annual": "3000", "currency": "GBP", "notes": "Tablets"},
        "nice_esf_tier": "A",
        "started": "2019-04",
        "ended": "2023",
        "last_reviewed": "2024-01-01",
        "tags": ["copd"],
        "links": [{"title": "Site", "url": "https://example.org/"}],
        "image": {"src": "pathway.png", "alt": "The pathway"},
        "illustrative": False,
    },
    CaseStudy: {
        "title": "Blackpool adopts it",
        "organisation": dict(_ORG),
        "region": "north-west-coast",
        "adopted": "2024-01",
        "status": "live",
        "scouts": ["jane-doe"],
        "outcomes": [dict(_OUTCOME)],
        "last_reviewed": "2024-02-01",
        "illustrative": False,
    },
    Scout: {
        **_scout(),
        "role": "Innovation scout",
        "organisation": dict(_ORG),
        "joined": "2021-03",
        "status": "active",
        "interests": ["respiratory"],
        "bio": "Jane has worked in respiratory care.",
        "contact": {"email": "jane@example.org", "url": "https://example.org/jane"},
        "illustrative": False,
    },
    Vocabulary: {
        "label": "Stage",
        "terms": [
            {
                "id": "idea",
                "label": "Idea",
                "description": "A proposal.",
                "short": "Id",
                "tile": {"column": 0, "row": 1},
                "coordinates": None,  # a term has a tile or coordinates, not both
            }
        ],
    },
    Pathway: {
        "title": "Adopting an innovation",
        "description": "What to check before adopting.",
        "illustrative": True,
        "sources": [
            {
                "title": "The spread challenge",
                "url": "https://example.org/spread",
                "publisher": "The Health Foundation",
                "year": 2018,
            }
        ],
        "stages": [
            {
                "id": "need",
                "title": "Understand the need",
                "description": "Why it matters here.",
                "questions": [
                    {
                        "id": "problem",
                        "text": "Have you described the problem locally?",
                        "guidance": [{"title": "Guide", "url": "https://example.org/guide"}],
                    }
                ],
            }
        ],
    },
}
#: Text fields whose own pattern or choices refuse any stray character before it is named.
_CHOICES = {("nice_esf_tier",), ("status",), ("costs", "currency")}
_NUMBERS = {"setup", "annual", "year"}


def _string_leaves(model: type[BaseModel], data: dict, loc: tuple = ()) -> list[tuple]:
    """Where every string value is; asserting that ``data`` fills every field."""
    assert set(data) == set(model.model_fields), f"{model.__name__}: fill every field in FULL"
    found = []
    for name, info in model.model_fields.items():
        inner, _ = unwrap(info.annotation)
        values = data[name] if isinstance(data[name], list) else [data[name]]
        for index, value in enumerate(values):
            if value is None:  # an optional part left out on purpose (said in FULL)
                continue
            where = (*loc, name, index) if isinstance(data[name], list) else (*loc, name)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += _string_leaves(inner, value, where)
            elif isinstance(value, str) and name not in _NUMBERS:
                found.append(where)
    return found


def _put(data: dict, loc: tuple, value: str) -> dict:
    data = copy.deepcopy(data)
    target: Any = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = target[loc[-1]][:2] + value + target[loc[-1]][2:]
    return data


@pytest.mark.parametrize("model", list(FULL), ids=lambda m: m.__name__)
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u202e", "\u2067"])
def test_every_text_field_of_every_model_refuses_the_characters(
    model: type[BaseModel], char: str
) -> None:
    model.model_validate(FULL[model])
    leaves = _string_leaves(model, FULL[model])
    assert len(leaves) >= 4
    for loc in leaves:
        errors = error_types(model, _put(FULL[model], loc, char))
        assert len(errors) == 1 and errors[0][0] == loc, (loc, errors)
        if tuple(p for p in loc if isinstance(p, str)) not in _CHOICES:
            assert errors[0][1] == "control-character", (loc, errors)
