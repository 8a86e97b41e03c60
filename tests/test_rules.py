"""Each cross-file rule on its own, on small content folders built in a temporary directory."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator import rules
from generator.identifiers import IDENTIFIERS, nhs_number
from generator.loader.content import ContentSet, load_content
from generator.models import normalise_heading
from generator.rules import assets, dates, personal_data, quality, references, sections
from generator.rules.context import RuleContext

TODAY = date(2026, 6, 1)
SECTIONS = (
    "## The problem\n\nP.\n\n## The solution\n\nS.\n\n## Evidence of success\n\nE.\n\n"
    "## Resources needed\n\nR.\n\n## Difficulties encountered\n\nD.\n\n"
    "## Potential for learning or transfer\n\nT.\n"
)
CASE_SECTIONS = (
    "## Context\n\nC.\n\n## What we did\n\nW.\n\n## Results\n\nR.\n\n## Lessons learned\n\nL.\n"
)
INNOVATION = {
    "title": "Remote monitoring",
    "summary": "People record symptoms at home.",
    "stage": "spreading",
    "types": ["digital"],
    "regions": ["north-west-coast"],
    "organisation": {"name": "Example Trust", "type": "provider"},
    "evidence": {"level": "local-evaluation"},
    "last_reviewed": "2026-05-01",
}
CASE_STUDY = {
    "title": "Blackpool adopts it",
    "organisation": {"name": "Blackpool Trust", "type": "provider"},
    "region": "north-west-coast",
    "status": "live",
    "last_reviewed": "2026-05-01",
}
SCOUT = {
    "name": "Jane Doe",
    "organisation": {"name": "Example Trust", "type": "provider"},
    "region": "north-west-coast",
    "publish": True,
}


def front(fields: dict) -> str:
    """One ``name: value`` line per field, values in JSON (which is YAML): line N+1 is field N."""
    return "".join(
        f"{name}: {json.dumps(value, ensure_ascii=False)}\n" for name, value in fields.items()
    )


def markdown(fields: dict, body: str) -> str:
    return f"---\n{front(fields)}---\n\n{body}"


class Exchange:
    """A content folder to write entries into, then load."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def innovation(self, slug: str = "remote", body: str = SECTIONS, **fields) -> None:
        self.write(f"innovations/{slug}/index.md", markdown({**INNOVATION, **fields}, body))

    def case_study(
        self,
        innovation: str = "remote",
        slug: str = "blackpool",
        body: str = CASE_SECTIONS,
        **fields,
    ) -> None:
        self.write(
            f"innovations/{innovation}/case-studies/{slug}.md",
            markdown({**CASE_STUDY, **fields}, body),
        )

    def scout(self, slug: str = "jane-doe", **fields) -> None:
        self.write(f"scouts/{slug}.yml", front({**SCOUT, **fields}))

    def load(self) -> ContentSet:
        content = load_content(Path("content"))
        assert content.diagnostics == [], [d.text() for d in content.diagnostics]
        return content


@pytest.fixture
def ex(content_dir: Path) -> Exchange:
    return Exchange(content_dir)


def run(rule, content: ContentSet, today: date = TODAY) -> list[tuple]:
    """(file, line, column, severity, code) of each diagnostic the rule yields."""
    return [
        (d.file.removeprefix("content/"), d.line, d.column, str(d.severity), d.code)
        for d in rule(RuleContext(content, today))
    ]


def messages(rule, content: ContentSet) -> list[tuple[str, str]]:
    return [(d.message, d.hint) for d in rule(RuleContext(content, TODAY))]


INDEX = "innovations/remote/index.md"
CASE = "innovations/remote/case-studies/blackpool.md"


def test_a_clean_exchange_passes_every_rule(ex: Exchange) -> None:
    ex.scout()
    ex.innovation(
        scouts=["jane-doe"],
        image={"src": "p.png", "alt": "A"},
        contact={"email": "team@example.org"},
    )
    ex.write("innovations/remote/p.png", b"")
    ex.case_study(scouts=["jane-doe"])
    assert rules.check(ex.load(), TODAY) == []


# --- references ---------------------------------------------------------------------


def test_unknown_terms_with_did_you_mean(ex: Exchange) -> None:
    ex.innovation(
        stage="spreding",
        regions=["north-west-coast", "wessexx"],
        organisation={"name": "O", "type": "provider"},
        partners=[{"name": "P", "type": "charity"}],
    )
    ex.case_study(status="running")
    content = ex.load()
    assert run(references.vocabulary_terms, content) == [
        (INDEX, 4, 8, "error", "unknown-term"),
        (INDEX, 6, 31, "error", "unknown-term"),
        (INDEX, 10, 34, "error", "unknown-term"),
        (CASE, 5, 9, "error", "unknown-term"),
    ]
    found = messages(references.vocabulary_terms, content)
    assert found[0] == (
        "'spreding' is not a known stage (vocabularies/stages.yml)",
        "Did you mean 'spreading'?",
    )
    assert found[1][1] == "Did you mean 'wessex'?"
    assert found[2][1].startswith("Choose from: nhs-england, ")
    assert found[3][1] == "Choose from: planned, pilot, live, completed, discontinued."


def test_scout_interests_draw_on_two_vocabularies(ex: Exchange) -> None:
    ex.scout(interests=["respiratory", "digital", "digtal"])
    found = messages(references.vocabulary_terms, ex.load())
    assert found == [
        (
            "'digtal' is not a known clinical area or innovation type "
            "(vocabularies/clinical-areas.yml or vocabularies/innovation-types.yml)",
            "Did you mean 'digital'?",
        )
    ]


def test_a_missing_vocabulary_is_not_reported_again_on_every_entry(ex: Exchange) -> None:
    (ex.root / "vocabularies" / "stages.yml").unlink()
    ex.innovation(stage="anything")
    content = load_content(Path("content"))
    assert [d.code for d in content.diagnostics] == ["missing-vocabulary"]
    assert run(references.vocabulary_terms, content) == []


def test_duplicate_terms(ex: Exchange) -> None:
    ex.write(
        "vocabularies/stages.yml",
        "label: Stage\nterms:\n  - {id: idea, label: Idea}\n  - {id: idea, label: Again}\n",
    )
    assert run(references.duplicate_terms, ex.load()) == [
        ("vocabularies/stages.yml", 4, 10, "error", "duplicate-id"),
    ]


def test_unknown_scouts(ex: Exchange) -> None:
    ex.scout()
    ex.innovation(scouts=["jane-doe", "jane-do"])
    ex.case_study(scouts=["nobody-at-all"])
    content = ex.load()
    assert run(references.scouts_exist, content) == [
        (INDEX, 10, 22, "error", "unknown-scout"),
        (CASE, 7, 10, "error", "unknown-scout"),
    ]
    found = messages(references.scouts_exist, content)
    assert found[0] == (
        "no scout has the id 'jane-do' (there is no content/scouts/jane-do.yml)",
        "Did you mean 'jane-doe'?",
    )
    assert found[1][1] == "Choose from: jane-doe."


def test_unknown_scout_when_there_are_no_scouts(ex: Exchange) -> None:
    ex.innovation(scouts=["jane-doe"])
    assert messages(references.scouts_exist, ex.load())[0][1] == "Add the scout's profile first."


def test_a_scout_file_with_errors_is_not_reported_as_missing(ex: Exchange) -> None:
    ex.write("scouts/jane-doe.yml", "name: Jane\npublish: yes\n")
    ex.innovation(scouts=["jane-doe"])
    content = load_content(Path("content"))
    assert {d.file for d in content.diagnostics} == {"content/scouts/jane-doe.yml"}
    assert run(references.scouts_exist, content) == []


def test_duplicate_values(ex: Exchange) -> None:
    ex.innovation(types=["digital", "ai", "digital"], tags=["a", "b", "a", "a"])
    assert run(references.duplicate_values, ex.load()) == [
        (INDEX, 5, 26, "error", "duplicate-value"),
        (INDEX, 10, 18, "error", "duplicate-value"),
        (INDEX, 10, 23, "error", "duplicate-value"),
    ]


# --- images ---------------------------------------------------------------------------


def test_front_matter_image_must_exist(ex: Exchange) -> None:
    ex.innovation(image={"src": "pathway.jpg", "alt": "A"})
    ex.write("innovations/remote/pathway.png", b"")
    content = ex.load()
    assert run(assets.images, content) == [(INDEX, 10, 16, "error", "missing-image")]
    assert messages(assets.images, content)[0][1] == "Files there: pathway.png."


def test_body_images(ex: Exchange) -> None:
    body = SECTIONS + (
        '\n![Fine](p.png) ![Fine with a title](p.png "Title") ![Fine](<p.png>)\n'  # line 36
        "![](p.png) ![ ](missing.png)\n"  # 37: no alt, twice; one missing
        "![A](https://example.org/x.png) ![A](//example.org/x.png)\n"  # 38: external
        "![A](../x.png) ![A](/etc/passwd) ![A](sub/../../x.png)\n"  # 39: outside
        '<img src="p.png" alt="A">\n'  # 40
        "```\n![](nothing.png)\n```\n"  # 41-43: code is not an image
    )
    ex.innovation(body=body)
    ex.write("innovations/remote/p.png", b"")
    assert run(assets.images, ex.load()) == [
        (INDEX, 37, 1, "error", "image-alt-missing"),
        (INDEX, 37, 12, "error", "image-alt-missing"),
        (INDEX, 37, 12, "error", "missing-image"),
        (INDEX, 38, 1, "error", "external-image"),
        (INDEX, 38, 33, "error", "external-image"),
        (INDEX, 39, 1, "error", "image-outside-folder"),
        (INDEX, 39, 16, "error", "image-outside-folder"),
        (INDEX, 39, 34, "error", "image-outside-folder"),
        (INDEX, 40, 1, "error", "html-image"),
    ]


def test_case_study_images_are_one_folder_up(ex: Exchange) -> None:
    ex.innovation()
    ex.write("innovations/remote/p.png", b"")
    ex.case_study(body=CASE_SECTIONS + "\n![A](../p.png)\n![A](p.png)\n![A](../../p.png)\n")
    content = ex.load()
    assert run(assets.images, content) == [
        (CASE, 26, 1, "error", "missing-image"),  # p.png, not ../p.png
        (CASE, 27, 1, "error", "image-outside-folder"),
    ]
    assert "write '../p.png'" in messages(assets.images, content)[0][0]


def test_case_study_of_a_broken_innovation_raises_no_image_errors(ex: Exchange) -> None:
    ex.write("innovations/remote/index.md", "---\ntitle: Only a title\n---\n")
    ex.write("innovations/remote/p.png", b"")
    ex.case_study(body=CASE_SECTIONS + "\n![A](../p.png)\n")
    content = load_content(Path("content"))
    assert run(assets.images, content) == []


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def test_svg_rule_names_the_file(ex: Exchange) -> None:
    ex.innovation()
    ex.write("innovations/remote/bad.svg", SVG.format("<script/>"))
    ex.write("innovations/remote/good.svg", SVG.format("<rect/>"))
    # Where the offending element starts (the detailed checks: tests/safety/test_svg.py).
    column = SVG.index("{}") + 1
    assert run(assets.svg_safety, ex.load()) == [
        ("innovations/remote/bad.svg", 1, column, "error", "unsafe-svg"),
    ]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "ended", "flagged"),
    [
        ("2020-05", "2020-04-30", True),
        ("2020", "2019-12", True),
        ("2020-05-17", "2020", False),
        ("2020-05", "2020-05-01", False),
        ("2020-05-02", "2020-05-01", True),
        (None, "2020", False),
    ],
)
def test_date_order(ex: Exchange, started: str | None, ended: str, flagged: bool) -> None:
    ex.innovation(**({"started": started} if started else {}), ended=ended)
    found = run(dates.date_order, ex.load())
    assert found == ([(INDEX, 11 if started else 10, 8, "error", "date-order")] if flagged else [])


@pytest.mark.parametrize(
    ("value", "flagged"),
    [
        ("2026-06-01", False),
        ("2026-06-02", True),
        ("2026-06", False),
        ("2026-07", True),
        ("2026", False),
        ("2027", True),
    ],
)
def test_not_in_future(ex: Exchange, value: str, flagged: bool) -> None:
    ex.innovation(last_reviewed=value)
    ex.scout(joined=value)
    expected = [
        (INDEX, 9, 16, "error", "future-date"),
        ("scouts/jane-doe.yml", 5, 9, "error", "future-date"),
    ]
    assert run(dates.not_in_future, ex.load()) == (expected if flagged else [])


# --- sections ----------------------------------------------------------------------------


def test_required_and_recommended_sections(ex: Exchange) -> None:
    ex.innovation(body="## the PROBLEM:\n\n### The solution\n\n```\n## Evidence of success\n```\n")
    ex.case_study(body="## Context ##\n\n##What we did\n")
    content = ex.load()
    found = run(sections.required_sections, content)
    assert found == [
        (INDEX, 11, 1, "error", "missing-section"),  # The solution (### is not ##)
        (INDEX, 11, 1, "error", "missing-section"),  # Evidence of success (inside code)
        (INDEX, 11, 1, "warning", "recommended-section"),
        (INDEX, 11, 1, "warning", "recommended-section"),
        (INDEX, 11, 1, "warning", "recommended-section"),
        (CASE, 8, 1, "error", "missing-section"),  # What we did (no space after ##)
        (CASE, 8, 1, "error", "missing-section"),  # Results
        (CASE, 8, 1, "warning", "recommended-section"),
    ]
    assert [m for m, _ in messages(sections.required_sections, content)][:2] == [
        "the section '## The solution' is missing",
        "the section '## Evidence of success' is missing",
    ]


def test_a_heading_written_exactly_but_only_in_code_is_missing(ex: Exchange) -> None:
    body = SECTIONS.replace("## The problem\n", "```\n## The problem\n```\n")
    assert "## The problem\n" in body
    ex.innovation(body=body)
    found = run(sections.required_sections, ex.load())
    assert [code for *_, code in found] == ["missing-section"]
    ex.innovation(body=SECTIONS + "\n```\ncode\n```\n")
    assert run(sections.required_sections, ex.load()) == []


def test_headings_are_normalised() -> None:
    assert normalise_heading("  The   Problem: ") == "the problem"


# --- personal data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("4010232138", False),
        ("0000000000", True),
        ("1234567890", False),
        ("123456789", False),
        ("12345678901", False),
        ("943476591a", False),
    ],
)
def test_nhs_number_checksum(digits: str, valid: bool) -> None:
    assert nhs_number(digits) is valid


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NHS no 943 476 5919.", ["943 476 5919"]),
        ("NHS no 9434765919.", ["9434765919"]),
        ("9434765918 fails its check", []),
        ("943 476 5918 fails too", []),
        ("part of 94347659190", []),
        ("part of 19434765919", []),
        ("written 943-476-5919", []),
        ("phone 0161 496 0000", []),
        ("two: 9434765919 and 401 023 2137", ["9434765919", "401 023 2137"]),
    ],
)
def test_find_nhs_numbers(text: str, found: list[str]) -> None:
    assert [m[0] for m in IDENTIFIERS["nhs-number"].find(text)] == found


def test_nhs_numbers_anywhere(ex: Exchange) -> None:
    ex.innovation(
        summary="Patient 9434765919.",
        contact={"name": "Ward 943 476 5919"},
        body=SECTIONS + "\nSee 943 476 5919 and ref 9434765918.\n```\n4010232137\n```\n",
    )
    ex.scout(bio="Knows 401 023 2137 by heart")
    assert run(personal_data.personal_identifiers, ex.load()) == [
        (INDEX, 3, 19, "error", "nhs-number"),  # where the number is, inside the value
        (INDEX, 10, 25, "error", "nhs-number"),  # a contact field is no exception
        (INDEX, 37, 5, "error", "nhs-number"),
        (INDEX, 39, 1, "error", "nhs-number"),  # code blocks are published too
        ("scouts/jane-doe.yml", 5, 13, "error", "nhs-number"),
    ]


def test_nhs_number_in_a_yaml_comment(ex: Exchange) -> None:
    """A comment is not shown on the site, but the file itself is public in git."""
    ex.scout()
    path = ex.root / "scouts" / "jane-doe.yml"
    path.write_text("# patient 943 476 5919\n" + path.read_text("utf-8"), encoding="utf-8")
    assert run(personal_data.personal_identifiers, ex.load()) == [
        ("scouts/jane-doe.yml", 1, 11, "error", "nhs-number"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a@example.org",
        "x\nMail a.b@example.org or c+d@example.co.uk today\nno address\n",
        "@ at the start\nlast line e@example.org",
        "@@\n\n@example.org x@y\n",
        "café%b@example.org, 'q'@example.org\n",
    ],
)
def test_emails_found_line_by_line_as_in_the_whole_text(text: str) -> None:
    whole = [(m.start(), m[0]) for m in personal_data._EMAIL.finditer(text)]
    assert [(m.start(), m[0]) for m in personal_data._emails(text)] == whole


def test_emails_only_in_contact(ex: Exchange) -> None:
    ex.innovation(
        summary="Write to a.b@example.org.",
        contact={"email": "team@example.org"},
        evidence={"level": "anecdotal", "outcomes": [{"measure": "m", "result": "x@example.com"}]},
        body=SECTIONS + "\nAsk nurse.jones@nhs.net or team@example.org\n",
    )
    ex.case_study(title="Lead: j.smith@example.org")
    ex.scout(bio="Mail jane@example.org", contact={"email": "jane@example.org"})
    content = ex.load()
    assert run(personal_data.emails_outside_contact, content) == [
        (INDEX, 3, 20, "error", "email-outside-contact"),
        (INDEX, 8, 75, "error", "email-outside-contact"),  # evidence.outcomes[0].result
        (INDEX, 37, 5, "error", "email-outside-contact"),
        (INDEX, 37, 28, "error", "email-outside-contact"),
        (CASE, 2, 15, "error", "email-outside-contact"),
        ("scouts/jane-doe.yml", 5, 12, "error", "email-outside-contact"),
    ]
    assert "'a.b@example.org'" in messages(personal_data.emails_outside_contact, content)[0][0]


# --- warnings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewed", "due"),
    [
        ("2025-05-31", "2026-05-31"),
        ("2024-02-29", "2025-02-28"),
        ("2025-06", "2026-06-01"),
        ("2025", "2026-01-01"),
        ("2025-12-31", "2026-12-31"),
        ("2025-01-31", "2026-01-31"),
    ],
)
def test_review_due(reviewed: str, due: str) -> None:
    assert str(quality.review_due(reviewed)) == due


def test_review_overdue(ex: Exchange) -> None:
    ex.innovation(last_reviewed="2025-05-31")  # due 2026-05-31: overdue on 2026-06-01
    ex.case_study(last_reviewed="2025-06-01")  # due today: not yet overdue
    assert run(quality.review_overdue, ex.load()) == [
        (INDEX, 9, 16, "warning", "review-overdue"),
    ]


def test_no_case_study(ex: Exchange) -> None:
    ex.innovation("adopted")
    ex.case_study("adopted")
    ex.innovation("lonely")
    ex.innovation("broken-case")
    ex.write("innovations/broken-case/case-studies/x.md", "no front matter\n")
    content = load_content(Path("content"))
    assert run(quality.no_case_study, content) == [
        ("innovations/lonely/index.md", 2, 1, "warning", "no-case-study"),
    ]


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("PEOPLE RECORD SYMPTOMS AT HOME", True),
        ("NHS COPD GP", False),
        ("NHS COPD AND GP", True),
        ("People record symptoms (COPD, NHS)", False),
        ("ÉTUDE DES PATIENTS À DOMICILE", True),
    ],
)
def test_shouting(ex: Exchange, summary: str, flagged: bool) -> None:
    ex.innovation(summary=summary)
    found = run(quality.shouting, ex.load())
    assert found == ([(INDEX, 3, 10, "warning", "all-capitals")] if flagged else [])


def test_raw_html(ex: Exchange) -> None:
    body = SECTIONS + (
        "\n<div>x</div>\n"  # 36: warned
        "Use `<br>` in code\n"  # 37: code span: fine
        "See <https://example.org/>\n"  # 38: autolink: fine
        "    <indented code>\n"  # 39
        "```\n<b>fenced</b>\n```\n"  # 40-42
        "a <!-- comment -->\n"  # 43: warned
    )
    ex.innovation(body=body)
    assert run(quality.raw_html, ex.load()) == [
        (INDEX, 36, 1, "warning", "raw-html"),
        (INDEX, 43, 3, "warning", "raw-html"),
    ]


def test_todo_prompts_left_in_a_body_are_warned_about(ex: Exchange) -> None:
    ex.innovation(body=SECTIONS + "\nTODO: describe the results\n\n```\nTODO in code\n```\n")
    found = run(quality.todo_left, ex.load())
    assert [(d[1], d[3], d[4]) for d in found] == [(36, "warning", "todo-left")]
