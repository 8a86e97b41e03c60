"""`exchange from-issue`: issue bodies as GitHub writes them become valid entries, or
every problem comes back in one comment, in the form's words, and nothing hostile is
ever interpreted.

The bodies in tests/issue_bodies/ are what GitHub produces for the forms in
.github/ISSUE_TEMPLATE/ (``### Label``, a blank line, the answer; ``_No response_``
for empty answers, ``None`` for an unset optional dropdown, ``- [X]`` checkboxes);
the *-crlf and scout-no-consent ones have Windows line endings. The
innovation-renamed-headings, -reordered and -many-problems ones were then edited as
a submitter may edit an issue; a *.reply.md file beside a body is the comment it
gets. Everything runs in a temporary content folder, never in content/.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from generator import i18n
from generator.i18n import _
from generator.issue_forms import headings, parse
from generator.issue_forms.reply import COMMENT_LIMIT
from generator.issue_forms.spec import FORMS
from generator.issue_forms.submission import convert, slugify
from generator.loader.content import load_content
from generator.validation import validate

BODIES = Path(__file__).parent / "issue_bodies"

_SCOUT = """name: {name}
organisation: {{name: Example Trust, type: provider}}
region: north-west-coast
publish: true
"""
_INNOVATION = """---
title: Remote monitoring for people with COPD
summary: People with COPD record symptoms at home and a team acts on early warning signs.
stage: spreading
types: [digital]
regions: [north-west-coast]
organisation: {name: Example Community Health NHS Trust, type: provider}
evidence: {level: local-evaluation}
last_reviewed: '2026-05-01'
---

## The problem

Admissions.

## The solution

Monitoring.

## Evidence of success

Fewer admissions.
"""


@pytest.fixture
def content(content_dir: Path) -> Path:
    """Vocabularies, two scouts and one innovation, in tmp_path/content (the cwd is tmp_path)."""
    scouts = content_dir / "scouts"
    scouts.mkdir()
    for slug, name in (("ada-example", "Ada Example"), ("ben-sample", "Ben Sample")):
        (scouts / f"{slug}.yml").write_text(_SCOUT.format(name=name), encoding="utf-8")
    folder = content_dir / "innovations" / "remote-copd-monitoring"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(_INNOVATION, encoding="utf-8")
    return content_dir


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(cli, form: str, body: Path, *extra: str) -> tuple[int, str, str]:
    return cli(["from-issue", "--form", form, "--body-file", str(body), *extra])


def by_label(body: str, form: str = "innovation") -> dict[str, str | None]:
    """Each question's answer in ``body``, by its label."""
    questions = FORMS[form].questions
    answers = headings.read(body, questions).answers
    return {q.label: answers[q.id] for q in questions}


def entry(root: Path, relative: str):
    loaded = load_content(root)
    everything = loaded.innovations + loaded.case_studies + loaded.scouts
    return next(e for e in everything if e.source == relative)


VALID = [
    (
        "innovation-valid",
        "innovation",
        "innovations/community-pharmacy-blood-pressure-checks-for-people-over-40/index.md",
    ),
    (
        "innovation-crlf",
        "innovation",
        "innovations/text-message-reminders-for-diabetic-eye-screening/index.md",
    ),
    (
        "innovation-hostile",
        "innovation",
        "innovations/whoami-rm-rf-github-token-1-quotes-too/index.md",
    ),
    (
        "case-study-valid",
        "case-study",
        "innovations/remote-copd-monitoring/case-studies/example-bay-community-health-services.md",
    ),
    ("scout-consent", "scout", "scouts/dr-priya-example.yml"),
    ("scout-no-consent", "scout", "scouts/tomas-o-example.yml"),
]


# --- valid submissions -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "form", "created"), VALID, ids=[v[0] for v in VALID])
def test_each_form_becomes_a_valid_entry(cli, content: Path, name: str, form: str, created: str):
    code, out, err = run(cli, form, BODIES / f"{name}.md", "--issue-number", "42")
    assert (code, err) == (0, ""), out
    assert out.splitlines() == [f"content/{created}"]
    assert (content / created).is_file()
    _, report = validate(content)
    assert report.errors == [], report.format_text()
    code, out, _ = cli(["validate", "content"])
    assert code == 0, out


def test_the_fixtures_really_have_github_line_endings():
    assert b"\r\n" in (BODIES / "innovation-crlf.md").read_bytes()
    assert b"\r\n" in (BODIES / "scout-no-consent.md").read_bytes()
    assert b"\r" not in (BODIES / "innovation-valid.md").read_bytes()


def test_answers_land_in_the_right_fields(cli, content: Path):
    assert run(cli, "innovation", BODIES / "innovation-valid.md")[0] == 0
    e = entry(content, VALID[0][2])
    f = e.fields
    assert f.title == "Community pharmacy blood pressure checks for people over 40"
    assert f.stage == "spreading"
    assert f.types == ["care-model", "process"]
    # A label with a comma in it ("Kent, Surrey and Sussex") is one choice, not two.
    assert f.regions == ["kent-surrey-sussex", "south-west"]
    assert f.organisation.type == "icb"
    assert [p.type for p in f.partners] == ["voluntary-sector", "university"]
    assert f.partners[1].website == "https://example.ac.uk"
    assert f.evidence.outcomes[0].source == "https://example.org/bp-checks/evaluation.pdf"
    assert f.evidence.outcomes[1].source is None
    assert f.evidence.references[0].year == 2024
    assert f.costs.setup == 4500  # typed "£4,500"
    # Left empty: no currency in the file, which means the exchange's own.
    assert f.costs.annual is None and f.costs.currency is None
    assert f.nice_esf_tier is None  # the dropdown was left at GitHub's "None"
    assert f.scouts == ["ada-example"]
    assert f.contact.email == "cvd.prevention@example.org"
    assert f.last_reviewed == date.today().isoformat()
    assert f.illustrative is False and f.image is None
    assert "## Difficulties encountered" not in e.body  # _No response_: no empty section
    assert "- a clinic reading, then ambulatory monitoring" in e.body


def test_no_response_and_windows_line_endings(cli, content: Path):
    assert run(cli, "innovation", BODIES / "innovation-crlf.md")[0] == 0
    path = content / VALID[1][2]
    assert b"\r" not in path.read_bytes()
    assert "_No response_" not in path.read_text(encoding="utf-8")
    fields = entry(content, VALID[1][2]).fields
    # The summary's line break is joined: it is one plain-text paragraph.
    assert fields.summary == (
        "Two text reminders before a diabetic eye screening appointment cut missed appointments."
    )
    assert fields.clinical_areas == [] and fields.partners == [] and fields.contact is None
    assert fields.costs is None and fields.started is None


def test_hostile_text_is_kept_as_text_and_never_interpreted(cli, content: Path):
    body = (BODIES / "innovation-hostile.md").read_text(encoding="utf-8")
    answers = by_label(body)
    assert run(cli, "innovation", BODIES / "innovation-hostile.md")[0] == 0
    e = entry(content, VALID[2][2])
    # Exactly what was typed, character for character: no shell, template or YAML meaning.
    assert e.fields.title == answers["Title"]
    assert e.fields.title == "`whoami` $(rm -rf ~) & ${{ github.token }}: #1 \"quotes\" 'too'"
    assert e.fields.summary == answers["Summary"]
    assert e.fields.organisation.name == "--- Example Trust ..."
    assert e.fields.costs.notes == '100% of: licences # and "devices"'
    assert e.fields.tags == ["`id`", "$(id)", "<b>bold</b>"]
    # A line '### Title' typed inside an answer stays in that answer.
    assert "### Title\n\nA fake heading inside an answer." in e.body
    assert "<script>alert(document.cookie)</script>" in e.body
    assert "'; DROP TABLE innovations; --" in e.body


def test_hostile_text_in_every_field_round_trips(cli, content: Path, tmp_path: Path):
    nasty = [
        "yes",
        "NO",
        "~",
        "null",
        "- item",
        "? key",
        ": value",
        "[1, 2]",
        "{a: b}",
        "&a",
        "*a",
        "!!binary",
        "%YAML 1.2",
        "@mention",
        "`rm -rf /`",
        "|",
        ">",
        "'",
        '"',
        "#",
        "---",
        "2024-01-01",
        "1e3",
        "0x1F",
        "${{ secrets.X }}",
        "\\",
        "\\n",
        "é—ü ✓",
    ]
    lines = []
    for label, answer in _answers("innovation").items():
        lines.append(f"### {label}\n\n{answer}")
    body = "\n\n".join(lines)
    for i, value in enumerate(nasty):
        path = tmp_path / f"body-{i}.md"
        text = body.replace("### Keywords\n\nkeyword", f"### Keywords\n\nfirst, {value}")
        text = text.replace(
            "### What the costs cover\n\n_No response_", f"### What the costs cover\n\n{value}"
        )
        text = text.replace("### Title\n\nA title", f"### Title\n\nTitle {i} {value}")
        path.write_text(text, encoding="utf-8")
        code, out, _ = run(cli, "innovation", path)
        assert code == 0, (value, out)
        created = out.strip().removeprefix("content/")
        fields = entry(content, created).fields
        assert fields.title == f"Title {i} {value}"
        assert fields.tags == ["first", *(v.strip() for v in value.split(","))]
        assert fields.costs.notes == value


# --- the consent of scouts ------------------------------------------------------------------


def test_scout_consent_publishes_the_profile(cli, content: Path):
    assert run(cli, "scout", BODIES / "scout-consent.md")[0] == 0
    f = entry(content, "scouts/dr-priya-example.yml").fields
    assert f.publish is True
    assert f.interests == ["diabetes", "digital", "ai"]
    assert f.contact.email == "priya.example@example.org"
    assert f.bio.startswith("Priya is a GP with an interest in **digital inclusion**.\n\n")


def test_scout_without_consent_keeps_only_what_credits_them(cli, content: Path):
    assert run(cli, "scout", BODIES / "scout-no-consent.md")[0] == 0
    f = entry(content, "scouts/tomas-o-example.yml").fields
    assert f.publish is False
    assert f.name == "Tomás Ó Example"
    assert (f.role, f.bio, f.contact, f.interests) == (None, None, None, [])
    text = (content / "scouts/tomas-o-example.yml").read_text(encoding="utf-8")
    assert "priya.example@example.org" not in text and "digital inclusion" not in text


# --- invalid submissions ------------------------------------------------------------------------


def _rows(comment: str) -> dict[str, list[str]]:
    """Question -> problems, from the comment's first table."""
    table = comment.split("| Question |", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.setdefault(cells[0], []).append(cells[1])
    return rows


def test_invalid_submission_gives_every_problem_by_question(cli, content: Path):
    before = files_under(content)
    code, out, err = run(cli, "innovation", BODIES / "innovation-invalid.md")
    assert code == 1 and err == ""
    assert files_under(content) == before  # the file it wrote is gone again
    rows = _rows(out)
    assert rows["Stage"] == ["'Pilotting' is not one of the choices"]
    assert rows["Evidence of success"] == ["this answer is required"]
    assert rows["Before you submit"] == ["not every box is ticked"]
    assert any("uses http" in r for r in rows["Lead organisation: website"])
    assert any("month 13" in r for r in rows["Started"])
    assert any("not an email address" in r for r in rows["Contact: email"])
    assert any("NHS number" in r for r in rows["The solution"])
    assert "943 476 5919" not in out  # the comment does not repeat the NHS number
    assert "Did you mean 'Piloting'?" in out
    assert "<summary>Details for maintainers</summary>" in out
    # The validator's table, for maintainers, with its values made inert like the rest.
    assert "| ❌ | content/innovations/" in out


def test_cross_file_problem_is_reported_against_its_question(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(
        body.replace("### Scouts\n\nada-example", "### Scouts\n\nada-exampel"), encoding="utf-8"
    )
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    # In the form's words: the scout's id, not the file the validator looked for.
    assert _rows(out) == {"Scouts": ["no scout has the id 'ada-exampel'"]}
    assert "content/scouts" not in out.split("<details>")[0]
    assert "Did you mean 'ada-example'?" in out


def test_a_scout_named_as_the_site_shows_them(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(body.replace("### Scouts\n\nada-example", "### Scouts\n\nAda Example"), "utf-8")
    assert run(cli, "innovation", path)[0] == 0
    assert entry(content, VALID[0][2]).fields.scouts == ["ada-example"]
    # A name misspelt is no id: said in the form's words, with the id it may be.
    body = body.replace("people over 40", "people over 41")
    path.write_text(body.replace("### Scouts\n\nada-example", "### Scouts\n\nAda Exampel"), "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert _rows(out) == {"Scouts": ["no scout has the id 'Ada Exampel'"]}
    assert "Did you mean 'ada-example'?" in out


def test_bad_row_is_reported_with_its_line(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    body = body.replace(
        "Example University | University | https://example.ac.uk",
        "Example University | Universe | https://example.ac.uk\nA | b | c | d",
    )
    body = body.replace("38% of all checks", "38% of all checks | ftp://example.org/x")
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    rows = _rows(out)
    assert rows["Partner organisations"] == [
        "line 2: 'Universe' is not a kind of organisation",
        "line 3 has 4 parts separated by \\|, but at most 3 are expected",
    ]
    # The line of the answer, and no field name ('evidence.outcomes[1].source').
    assert rows["Measured results"][0].startswith("line 2: 'ftp\\://example.org/x' is not")
    assert "evidence.outcomes" not in out.split("<details>")[0]


def test_unknown_innovation_for_a_case_study(cli, content: Path):
    before = files_under(content)
    code, out, _ = run(cli, "case-study", BODIES / "case-study-unknown-innovation.md")
    assert code == 1
    assert files_under(content) == before
    assert _rows(out)["Innovation"] == [
        "there is no innovation 'remote-copd-monitorin' on the Innovation Exchange"
    ]
    assert "Did you mean 'remote-copd-monitoring'?" in out


def test_existing_entry_is_never_overwritten(cli, content: Path):
    assert run(cli, "innovation", BODIES / "innovation-valid.md")[0] == 0
    path = content / VALID[0][2]
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited by a curator.\n", "utf-8")
    before = files_under(content)
    code, out, _ = run(cli, "innovation", BODIES / "innovation-valid.md")
    assert code == 1
    assert "already exists" in _rows(out)["Title"][0]
    assert files_under(content) == before


def test_missing_question_and_edited_answers(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    # A scout edited the issue: typed an id instead of a label, deleted a question.
    body = body.replace("### Stage\n\nSpreading", "### Stage\n\nspreading")
    body = body.replace("### Evidence level\n\nLocal evaluation\n\n", "")
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert _rows(out) == {
        "Evidence level": [
            "the answer to this question was not found: its heading may have been changed or "
            "deleted"
        ]
    }
    assert "Put back the line '&#35;&#35;&#35; Evidence level'" in out


def test_not_a_form_at_all(cli, content: Path, tmp_path: Path):
    path = tmp_path / "body.md"
    path.write_text("Please add my innovation, it is great.\r\n", encoding="utf-8")
    code, out, _ = run(cli, "scout", path)
    assert code == 1
    assert set(_rows(out)) == {"Name", "Organisation", "Organisation: type", "Region"}


def test_html_in_a_plain_text_field(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(body.replace("people over 40", "people over 40 <script>x</script>"), "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert _rows(out) == {"Title": ["this field is plain text: HTML tags are not allowed"]}


def test_comment_cannot_inject_html_or_mentions(cli, content: Path, tmp_path: Path):
    body = (BODIES / "scout-consent.md").read_text(encoding="utf-8")
    body = body.replace(
        "### Region\n\nNorth West Coast",
        "### Region\n\n<img src=x onerror=alert(1)> @octocat | `x` #1",
    )
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(cli, "scout", path)
    assert code == 1
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    # An invisible word joiner after @ and before the 1 stops the mention and the reference.
    assert "@octocat" not in out and "&#64;&#8288;octocat" in out
    assert "`x`" not in out and "\\`x\\`" in out and "&#35;&#8288;1" in out


def test_a_case_study_of_an_unknown_innovation_is_checked_all_the_same(
    cli, content: Path, tmp_path: Path
):
    """Its other answers are validated too, beside an innovation that exists: one reply."""
    body = (BODIES / "case-study-unknown-innovation.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(body.replace("### Adopted\n\n2025-03", "### Adopted\n\n2025-14"), "utf-8")
    before = files_under(content)
    code, out, _ = run(cli, "case-study", path)
    assert code == 1 and files_under(content) == before
    rows = _rows(out)
    assert rows["Innovation"] == [
        "there is no innovation 'remote-copd-monitorin' on the Innovation Exchange"
    ]
    assert rows["Adopted"] == ["'2025-14' has month 14: months run 01 to 12"]
    # Checked beside an innovation that has a case study of that id: not its clash.
    assert run(cli, "case-study", BODIES / "case-study-valid.md")[0] == 0
    before = files_under(content)
    code, out, _ = run(cli, "case-study", path)
    assert code == 1 and files_under(content) == before
    assert set(_rows(out)) == {"Innovation", "Adopted"}


def test_an_id_taken_is_said_with_the_other_problems(cli, content: Path, tmp_path: Path):
    assert run(cli, "innovation", BODIES / "innovation-valid.md")[0] == 0
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(body.replace("### Started\n\n2022-10", "### Started\n\n2022-13"), "utf-8")
    before = files_under(content)
    code, out, _ = run(cli, "innovation", path)
    assert code == 1 and files_under(content) == before
    rows = _rows(out)
    assert rows["Title"] == [
        "an entry with the id 'community-pharmacy-blood-pressure-checks-for-people-over-40' "
        "already exists"
    ]
    assert rows["Started"] == ["'2022-13' has month 13: months run 01 to 12"]


def test_field_and_rule_problems_come_in_one_reply(cli, content: Path, tmp_path: Path):
    """A field problem no longer hides the rules' (an unknown scout, personal data)."""
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    body = body.replace("### Started\n\n2022-10", "### Started\n\n2022-13")
    body = body.replace("### Scouts\n\nada-example", "### Scouts\n\nada-exampel")
    body = body.replace("a leaflet in six languages", "a leaflet; patient 943 476 5919")
    path = tmp_path / "body.md"
    path.write_text(body, "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    rows = _rows(out)
    assert rows["Started"] == ["'2022-13' has month 13: months run 01 to 12"]
    assert rows["Scouts"] == ["no scout has the id 'ada-exampel'"]
    # Once, with the line of the answer, although the bot looks for it itself too.
    assert rows["The solution"] == [
        "line 5: this looks like an NHS number: patient identifiers must never be published"
    ]


def test_every_choice_of_a_long_list_is_an_honest_answer(cli, content: Path, tmp_path: Path):
    """An exchange of the world's countries: an innovation used in 240 of them (the DPG
    registry has several) is read, although most answers have a few choices."""
    terms = "".join(
        f"  - id: country-{i}\n    label: Country {i}, Republic of\n" for i in range(240)
    )
    (content / "vocabularies" / "regions.yml").write_text(
        f"label: Region\nterms:\n{terms}", "utf-8"
    )
    chosen = ", ".join(f"Country {i}, Republic of" for i in range(240))
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    body = body.replace("Kent, Surrey and Sussex, South West", chosen)
    path = tmp_path / "body.md"
    path.write_text(body, "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 0, out
    assert len(entry(content, VALID[0][2]).fields.regions) == 240
    # Longer than every choice once is still refused.
    path.write_text(body.replace(chosen, ", ".join([chosen, "Country 1, Republic of"])), "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert _rows(out)["Regions"] == [
        "this answer is too long for a list of choices (6,152 characters)"
    ]


def test_a_section_the_exchange_renamed_is_said_once_by_its_question(
    cli, content: Path, tmp_path: Path
):
    (content / "exchange.yml").write_text(
        "sections:\n  innovation:\n    problem: {heading: The need}\n", "utf-8"
    )
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    start = body.index("### The problem\n\n") + len("### The problem\n\n")
    body = body[:start] + "_No response_\n\n" + body[body.index("### The solution") :]
    path = tmp_path / "body.md"
    path.write_text(body, "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert _rows(out) == {"The problem": ["this answer is required"]}
    assert "The need" in out  # the validator's words, for the maintainers


#: Example bodies in tests/issue_bodies/ and what comes of them: the entry written, or
#: the reply (the comment up to the maintainers' details) in a .reply.md file beside
#: them. ``UPDATE_ISSUE_REPLIES=1`` rewrites the reply files; review their diff.
EXAMPLES = [
    (
        "innovation-renamed-headings",
        "innovation",
        "innovations/community-pharmacy-blood-pressure-checks-renamed-headings/index.md",
    ),
    (
        "innovation-reordered",
        "innovation",
        "innovations/community-pharmacy-blood-pressure-checks-sections-reordered/index.md",
    ),
    ("innovation-many-problems", "innovation", "innovation-many-problems.reply.md"),
    ("case-study-valid", "innovation", "case-study-valid.as-innovation.reply.md"),
    ("scout-consent", "case-study", "scout-consent.as-case-study.reply.md"),
    ("innovation-valid", "scout", "innovation-valid.as-scout.reply.md"),
]


@pytest.mark.parametrize(("name", "form", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_bodies_get_the_expected_answer(
    cli, content: Path, name: str, form: str, expected: str
):
    before = files_under(content)
    code, out, err = run(cli, form, BODIES / f"{name}.md", "--issue-number", "42")
    if not expected.endswith(".reply.md"):
        assert (code, err, out) == (0, "", f"content/{expected}\n")
        return
    assert (code, err) == (1, "")
    assert files_under(content) == before
    reply = out.split("<details>")[0]
    if os.environ.get("UPDATE_ISSUE_REPLIES"):
        (BODIES / expected).write_text(reply, encoding="utf-8")
    assert reply == (BODIES / expected).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["innovation-renamed-headings", "innovation-reordered"])
def test_edited_headings_lose_nothing(cli, content: Path, name: str):
    """Renamed and reordered headings give exactly the entry of the untouched form."""
    assert run(cli, "innovation", BODIES / f"{name}.md")[0] == 0
    assert run(cli, "innovation", BODIES / "innovation-valid.md")[0] == 0
    edited = next(e for e in EXAMPLES if e[0] == name)[2]
    a, b = entry(content, edited), entry(content, VALID[0][2])
    assert a.body == b.body
    assert a.fields.model_dump(exclude={"title"}) == b.fields.model_dump(exclude={"title"})


def test_a_lone_unknown_heading_is_read_by_position_and_said(cli, content: Path, tmp_path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(body.replace("### Lead organisation\n", "### Who leads it\n"), "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert _rows(out) == {
        "Lead organisation": [
            "the heading '&#35;&#35;&#35; Who leads it' is not one of the form's questions; the "
            "text under it was read as the answer to this one"
        ]
    }
    assert "change the heading back to '&#35;&#35;&#35; Lead organisation'" in out


def test_an_optional_question_deleted_leaves_sub_headings_alone(cli, content: Path, tmp_path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    body = body.replace("### Difficulties encountered\n\n_No response_\n\n", "")
    body = body.replace("time per check.", "time per check.\n\n### Training\n\nHalf a day.")
    path = tmp_path / "body.md"
    path.write_text(body, "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 0, out
    assert "### Training\n\nHalf a day." in entry(content, VALID[0][2]).body


def test_unknown_headings_are_said_where_they_spoil_an_answer(cli, content: Path, tmp_path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    # After a one-line answer: said, and not read. Inside a body section, with nothing
    # missing: the submitter's own sub-heading, kept.
    body = body.replace("### Stage\n\nSpreading", "### Stage\n\nSpreading\n\n### Why\n\nSo.")
    body = body.replace("Undiagnosed hypertension", "### In numbers\n\nUndiagnosed hypertension")
    # Two questions gone, and a heading no question's in a body section before their
    # place: it may be one of them, so it is said, naming the first.
    start = body.index("### Evidence level")
    body = body[:start] + body[body.index("### Evaluations and publications") :]
    body = body.replace(
        "as hypertensive and started treatment.", "as hypertensive.\n\n### Proof\n\nx"
    )
    path = tmp_path / "body.md"
    path.write_text(body, "utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    rows = _rows(out)
    # Only the heading: the answer above it is read without it, and is right.
    assert rows["Stage"] == [
        "the heading '&#35;&#35;&#35; Why' is not one of the form's questions, so the text "
        "under it was not read"
    ]
    assert rows["Evidence of success"] == [
        "the heading '&#35;&#35;&#35; Proof' is not one of the form's questions, so it and the "
        "text under it were read as part of this answer"
    ]
    assert "If it is your answer to 'Evidence level', change the heading to" in out
    assert rows["Evidence level"] == [
        "the answer to this question was not found: its heading may have been changed or deleted"
    ]
    assert "In numbers" not in out.split("<details>")[0]


# --- very long input ----------------------------------------------------------------------------


def test_very_long_answers_are_reported_not_crashed(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    title = "Very long title " * 400
    body = body.replace(
        "### Title\n\nCommunity pharmacy blood pressure checks for people over 40",
        f"### Title\n\n{title}",
    )
    body = body.replace("### Summary\n\n", "### Summary\n\n" + "word " * 2000)
    body = body.replace("https://example.org/bp-checks\n", "https://" + "a" * 70_000 + ".org\n", 1)
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    before = files_under(content)
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert files_under(content) == before
    rows = _rows(out)
    assert rows["Title"][0].startswith("'Title' is too long (6399 characters)")
    assert rows["Summary"][0].startswith("'Summary' is too long")
    assert len(out) < COMMENT_LIMIT
    # The slug of a long title is cut at a word, within the limit.
    assert len(slugify(title, "x")) <= 80 and not slugify(title, "x").endswith("-")


def test_body_over_a_megabyte_is_refused_politely(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    path = tmp_path / "body.md"
    path.write_text(
        body.replace("### The problem\n\n", "### The problem\n\n" + "x" * 1_100_000),
        encoding="utf-8",
    )
    code, out, _ = run(cli, "innovation", path)
    assert code == 1
    assert "too long" in out and len(out) < 2_000


def test_long_but_acceptable_body_section(cli, content: Path, tmp_path: Path):
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    paragraph = "A long and careful account of the problem. " * 20
    body = body.replace("### The problem\n\n", "### The problem\n\n" + (paragraph + "\n\n") * 60)
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(cli, "innovation", path)
    assert code == 0, out


# --- the pull request and usage errors ---------------------------------------------------------


def test_pull_request_body_credits_and_closes(cli, content: Path, tmp_path: Path):
    pr = tmp_path / "pr.md"
    code, out, _ = run(
        cli,
        "case-study",
        BODIES / "case-study-valid.md",
        "--issue-number",
        "17",
        "--author",
        "jane-doe",
        "--pr-body",
        str(pr),
    )
    assert code == 0
    text = pr.read_text(encoding="utf-8")
    assert "submitted by @jane-doe in #17" in text
    assert text.rstrip().endswith("Closes #17")
    assert f"`{out.strip()}`" in text


@pytest.mark.parametrize(
    "args",
    [
        ["--form", "project", "--body-file", "body.md"],
        ["--form", "scout"],
        ["--form", "scout", "--body-file", "missing.md"],
        ["--form", "scout", "--body-file", "body.md", "--author", "$(whoami)"],
        ["--form", "scout", "--body-file", "body.md", "--issue-number", "x"],
        ["--form", "scout", "--body-file", "body.md", "--content", "nowhere"],
    ],
)
def test_usage_errors_exit_2(cli, content: Path, tmp_path: Path, args: list[str]):
    (tmp_path / "body.md").write_bytes((BODIES / "scout-consent.md").read_bytes())
    before = files_under(content)
    code, out, err = cli(["from-issue", *args])
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert files_under(content) == before


def test_empty_content_tree(content_dir: Path, cli):
    # Vocabularies only: the first scout of a new exchange.
    code, out, _ = run(cli, "scout", BODIES / "scout-consent.md")
    assert code == 0, out
    assert (content_dir / "scouts" / "dr-priya-example.yml").is_file()


def test_removes_only_what_it_created(content_dir: Path, cli):
    code, _, _ = run(cli, "innovation", BODIES / "innovation-invalid.md")
    assert code == 1
    assert sorted(p.name for p in content_dir.iterdir()) == ["vocabularies"]


# --- the parser ------------------------------------------------------------------------------


def test_answers_with_windows_line_endings_and_missing():
    body = "### Title\r\n\r\none\r\ntwo\r\n\r\n### Summary\r\n\r\n_No response_\r\n\r\n"
    answers = by_label(body + "### Stage\r\n\r\nfour")
    assert (answers["Title"], answers["Summary"], answers["Stage"]) == (
        "one\ntwo",
        "_No response_",
        "four",
    )
    assert answers["Lead organisation"] is None


def test_choices_with_commas_in_labels():
    options = ["Kent, Surrey and Sussex", "Kent", "Surrey and Sussex", "Wessex"]
    assert parse.choices("Kent, Surrey and Sussex, Wessex", options) == [
        "Kent, Surrey and Sussex",
        "Wessex",
    ]
    assert parse.choices("Kent, Wessex", options) == ["Kent", "Wessex"]
    assert parse.choices("Kent, Nowhere", options) is None


def test_checkboxes_and_hidden_characters():
    assert parse.checkboxes("- [X] One\n- [ ] Two\n- [x]   Three  ") == {
        "One": True,
        "Two": False,
        "Three": True,
    }
    assert parse.clean("a\u202eb\x00c\r\nd\u0065\u0301") == "abc\ndé"


def test_slugify():
    assert slugify("Remote monitoring: COPD (2024)", "x") == "remote-monitoring-copd-2024"
    assert slugify("Tomás Ó Example", "x") == "tomas-o-example"
    assert slugify("数字健康", "scout-issue-5") == "scout-issue-5"


def test_convert_api_without_the_cli(content: Path):
    body = (BODIES / "case-study-valid.md").read_text(encoding="utf-8")
    vocabularies = load_content(content).vocabularies
    outcome = convert(
        FORMS["case-study"], body, content, vocabularies, issue=3, today=date(2026, 6, 1)
    )
    assert outcome.ok and outcome.report.errors == []
    text = outcome.created[0].read_text(encoding="utf-8")
    assert "last_reviewed: '2026-06-01'" in text
    assert "scouts: [ben-sample]" in text  # typed as '@ben-sample'


# --- the exchange's own personal identifiers --------------------------------------------------


@pytest.fixture
def italian(content: Path):
    """An Italian exchange (its entries in Italian, a codice fiscale to refuse), read
    in Italian as its forms would be written."""
    (content / "exchange.yml").write_text("country: IT\nlanguage: it\n", encoding="utf-8")
    i18n.activate("it")
    yield content
    i18n.activate("en")


def _italian_body(solution: str, summary: str = "Un riassunto.") -> str:
    """A minimal innovation, as GitHub writes the Italian form's answers."""
    form = FORMS["innovation"]
    answers = _answers("innovation")
    answers["Summary"] = summary
    answers["The solution"] = solution
    declarations = form.question("declarations").option_texts()
    answers["Before you submit"] = "\n".join(f"- [X] {o}" for o in declarations)
    return "\n\n".join(f"### {q.heading}\n\n{answers[q.label]}" for q in form.questions)


def _refused_as(comment: str, identifier: str) -> bool:
    message = _(
        "this looks like {identifier}: patient identifiers must never be published",
        identifier=_(identifier),
    )
    return message in comment


@pytest.mark.parametrize("summary", ["Un riassunto.", "_No response_"], ids=["valid", "invalid"])
def test_an_italian_exchange_refuses_a_codice_fiscale(italian: Path, summary: str):
    """Refused by the rules when the entry is otherwise valid, and by the bot's own
    look at the answers when it is not (the rules cannot read it then)."""
    vocabularies = load_content(italian).vocabularies
    before = files_under(italian)
    body = _italian_body("Il paziente RSSMRA85T10A562S ha partecipato.", summary)
    outcome = convert(FORMS["innovation"], body, italian, vocabularies, issue=7)
    assert not outcome.ok and files_under(italian) == before
    assert _refused_as(outcome.comment, "a codice fiscale"), outcome.comment
    assert "RSSMRA85T10A562S" not in outcome.comment.split("<details>")[0]
    assert "NHS" not in outcome.comment


def test_an_italian_exchange_accepts_a_phone_number(italian: Path):
    """'333 123 4508' passes the NHS number's check, but an Italian exchange does not
    look for NHS numbers."""
    vocabularies = load_content(italian).vocabularies
    solution = "Telefonare al 333 123 4508 per informazioni."
    # Refused for another reason, the answers are looked at directly: no problem there.
    body = _italian_body(solution, "_No response_")
    outcome = convert(FORMS["innovation"], body, italian, vocabularies, issue=8)
    assert not outcome.ok and _("this answer is required") in outcome.comment
    assert not _refused_as(outcome.comment, "an NHS number"), outcome.comment
    assert not _refused_as(outcome.comment, "a codice fiscale")
    assert "NHS" not in outcome.comment
    # Otherwise valid, it becomes an entry.
    outcome = convert(FORMS["innovation"], _italian_body(solution), italian, vocabularies, issue=9)
    assert outcome.ok, outcome.comment
    assert solution in outcome.created[0].read_text(encoding="utf-8")


# --- helpers ---------------------------------------------------------------------------


def _answers(form: str) -> dict[str, str]:
    """A minimal valid answer to every question of a form, keyed by label."""
    answers = {}
    for q in FORMS[form].questions:
        answers[q.label] = "_No response_"
    answers.update(
        {
            "Title": "A title",
            "Summary": "A summary.",
            "Lead organisation": "Example Trust",
            "Lead organisation: type": "University",
            "Stage": "Idea",
            "Innovation type": "Digital",
            "Regions": "Wessex",
            "The problem": "P.",
            "The solution": "S.",
            "Evidence of success": "E.",
            "Evidence level": "Reported benefits",
            "Keywords": "keyword",
            "Clinical areas": "None",
            "Before you submit": "\n".join(
                f"- [X] {o}" for o in FORMS[form].question("declarations").options
            ),
        }
    )
    return answers


# --- the exchange's name, and the workflows' messages ----------------------------------------


def test_the_exchange_name_comes_from_mkdocs_yml(cli, content: Path):
    config = content.parent / "mkdocs.yml"
    config.write_text("site_name: Northshire Exchange\nrepo_url: !ENV REPO_URL\n", "utf-8")
    code, out, _ = run(cli, "case-study", BODIES / "case-study-unknown-innovation.md")
    assert code == 1
    assert "on the Northshire Exchange" in out and "Innovation Exchange" not in out
    assert _rows(out)["Innovation"] == [
        "there is no innovation 'remote-copd-monitorin' on the Northshire Exchange"
    ]
    # Another file with --config; without one, the default name.
    config.rename(content.parent / "site.yml")
    code, out, _ = run(
        cli,
        "case-study",
        BODIES / "case-study-unknown-innovation.md",
        "--config",
        str(content.parent / "site.yml"),
    )
    assert "on the Northshire Exchange" in out
    code, out, _ = run(cli, "case-study", BODIES / "case-study-unknown-innovation.md")
    assert "on the Innovation Exchange" in out


def test_bot_messages(cli, tmp_path: Path):
    from generator.issue_forms.commands import internal_error_comment

    code, out, _ = cli(["bot-message", "pull-request-title", "--issue-number", "1234"])
    assert (code, out) == (0, "Add submission from issue #1234\n")  # digits, never '1,234'
    code, out, _ = cli(["bot-message", "pull-request-opened", "--url", "https://x.example/pr/1"])
    assert code == 0 and "pull request https://x.example/pr/1. A curator" in out
    code, out, _ = cli(["bot-message", "missing-form-label"])
    assert code == 0 and "accepted-submission again" in out
    assert all(form.label in out for form in FORMS.values())
    code, out, _ = cli(["bot-message", "could-not-read"])
    assert (code, out) == (0, internal_error_comment())
    (tmp_path / "mkdocs.yml").write_text("site_name: Northshire Exchange\n", "utf-8")
    code, out, _ = cli(["bot-message", "could-not-read", "--config", str(tmp_path / "mkdocs.yml")])
    assert out == internal_error_comment("Northshire Exchange")
    assert "Northshire Exchange's own checks" in out
    assert cli(["bot-message", "report-title"])[1] == "Content health report\n"
    assert cli(["bot-message", "report-label"])[1].startswith("The weekly report")
    assert cli(["bot-message", "pull-request-opened"])[0] == 2
    assert cli(["bot-message", "pull-request-title"])[0] == 2
    assert cli(["bot-message", "nonsense"])[0] == 2
