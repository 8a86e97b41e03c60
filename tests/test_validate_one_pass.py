"""``exchange validate`` for a scout: every problem in one run, each with its fix;
your own entry checked against the whole catalogue; only what changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.did_you_mean import Suggestions
from generator.loader.content import load_content
from generator.validation import validate

BASE = Path(__file__).parent / "broken" / "_base" / "content"
INDEX = "content/innovations/base-innovation/index.md"
CASE = "content/innovations/base-innovation/case-studies/base-adopter.md"
SCOUT = "content/scouts/jane-doe.yml"


@pytest.fixture
def valid(content_dir: Path, frozen_today) -> Path:
    shutil.copytree(BASE, content_dir, dirs_exist_ok=True)
    return content_dir


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def index_of(root: Path) -> Path:
    return root / "innovations" / "base-innovation" / "index.md"


def problems(out: str) -> list[tuple[str, str, str]]:
    """(place, code, hint) of each problem printed in the text format."""
    found: list[tuple[str, str, str]] = []
    for line in out.splitlines()[:-1]:
        if line.startswith("    hint: "):
            place, code, _hint = found[-1]
            found[-1] = (place, code, line.removeprefix("    hint: "))
        else:
            place, rest = line.split(": ", 1)
            found.append((place, rest.split("]", 1)[0].split("[", 1)[1], ""))
    return found


# --- one pass ----------------------------------------------------------------------


def test_five_typical_mistakes_come_in_one_run_each_with_its_fix(valid: Path, cli) -> None:
    index = index_of(valid)
    edit(index, "stage: spreading", "stage: Spreading")  # the label, as the site shows it
    edit(index, "regions: [north-west-coast]", "regions: [North West Coast]")
    edit(index, "scouts: [jane-doe]", "scouts: [Jane Doe]")  # the scout's name
    edit(index, "types: [digital, care-model]", "types: [digitl, care-model]")  # a slip
    edit(index, "last_reviewed: 2026-05-01", "last_reviewed: 1 May 2026")
    code, out, err = cli(["validate", "content"])
    assert (code, err) == (1, "")
    assert problems(out) == [
        (
            f"{INDEX}:4:8",
            "invalid-id",
            "'Spreading' is the label shown on the site: write its id, 'spreading'.",
        ),
        (f"{INDEX}:5:9", "unknown-term", "Did you mean 'digital'?"),
        (
            f"{INDEX}:6:11",
            "invalid-id",
            "'North West Coast' is the label shown on the site: write its id, 'north-west-coast'.",
        ),
        (
            f"{INDEX}:8:10",
            "invalid-id",
            "Write the scout's id, 'jane-doe' (the name of their file in content/scouts/), "
            "not their name.",
        ),
        (
            f"{INDEX}:12:16",
            "invalid-date",
            "Write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-05-01.",
        ),
    ]
    assert out.splitlines()[-1] == "5 errors, 0 warnings"


def test_a_field_error_no_longer_hides_the_rules(valid: Path, cli) -> None:
    """A date in the wrong form and an email in the body: before, the first hid the
    second until it was fixed."""
    index = index_of(valid)
    edit(index, "last_reviewed: 2026-05-01", "last_reviewed: May 2026")
    edit(index, "Any community respiratory team", "Write to jo.bloggs@example.org: any team")
    code, out, _err = cli(["validate", "content"])
    assert code == 1
    assert [(p, c) for p, c, _h in problems(out)] == [
        (f"{INDEX}:12:16", "invalid-date"),
        (f"{INDEX}:38:10", "email-outside-contact"),
    ]


def test_what_the_rules_see_in_a_field_left_out_is_not_reported(valid: Path, cli) -> None:
    """The contact's web address is wrong, so the contact is left out of the entry
    the rules check; its (consented) email must not then count as 'outside a contact'."""
    edit(
        index_of(valid),
        "contact: {name: Service lead, email: copd.team@example.org}",
        "contact: {name: Service lead, email: copd.team@example.org, url: 'http://x.example'}",
    )
    code, out, _err = cli(["validate", "content"])
    assert [c for _p, c, _h in problems(out)] == ["insecure-url"]
    assert code == 1


def test_entries_with_problems_are_checked_but_never_kept(valid: Path) -> None:
    edit(index_of(valid), "stage: spreading", "stage: Spreading")
    content, report = validate(valid)
    assert [d.code for d in report.errors] == ["invalid-id"]
    assert content.innovations == []  # so nothing builds or publishes a stand-in
    assert [e.id for e in content.case_studies] == ["base-adopter"]
    assert load_content(valid).innovations == []


def test_a_broken_vocabulary_is_never_used_half_read(valid: Path, cli) -> None:
    stages = valid / "vocabularies" / "stages.yml"
    edit(stages, "label:", "label: [")
    code, out, _err = cli(["validate", "content"])
    assert code == 1
    assert all(place.startswith("content/vocabularies/stages.yml") for place, *_ in problems(out))


# --- did you mean ------------------------------------------------------------------


def test_hints_for_ids(valid: Path) -> None:
    content = load_content(valid)
    hints = Suggestions(content.vocabularies, ["jane-doe", "ada-lovelace"])
    assert hints.term("regions", "north west coast") == (
        "'north west coast' is the label shown on the site: write its id, 'north-west-coast'."
    )
    assert hints.term("stages", "SPREADING") == (
        "'SPREADING' is the label shown on the site: write its id, 'spreading'."
    )
    assert hints.term("care-settings", "primary_care") == (
        "Write the id 'primary-care': lower-case letters and hyphens, no spaces."
    )
    assert hints.term("stages", "spredaing") == "Did you mean 'spreading'?"
    assert hints.term("stages", "x") == (
        "Choose from: idea, development, piloting, proven, spreading, mainstream."
    )
    # Scout interests draw on two vocabularies; the label of either is understood.
    assert hints.term("clinical-areas innovation-types", "Medical device") == (
        "'Medical device' is the label shown on the site: write its id, 'medical-device'."
    )
    assert hints.scout("Ada Lovelace") == (
        "Write the scout's id, 'ada-lovelace' (the name of their file in content/scouts/), "
        "not their name."
    )
    assert hints.scout("jane-do") == "Did you mean 'jane-doe'?"
    assert Suggestions(content.vocabularies).scout("x") == "Add the scout's profile first."


def test_a_hint_shows_a_control_character_escaped(valid: Path) -> None:
    hints = Suggestions(load_content(valid).vocabularies)
    assert hints.term("stages", "Spreading\x1b[2J") == "Did you mean 'spreading'?"
    assert "\n" not in hints.term("stages", "spreading\n")


# --- your own entry ------------------------------------------------------------------


def test_one_entry_is_checked_against_the_whole_catalogue(valid: Path, cli) -> None:
    """Its scout exists in content/scouts/, though only the entry is named: no false
    'unknown scout'; the other files' problems are not reported."""
    edit(valid / "scouts" / "jane-doe.yml", "publish: true", "publish: yes")  # elsewhere
    edit(index_of(valid), "## Resources needed\n", "## Resources\n")  # a warning here
    code, out, err = cli(["validate", "content/innovations/base-innovation"])
    assert (code, err) == (0, "")
    assert [(p.split(":")[0], c) for p, c, _h in problems(out)] == [(INDEX, "recommended-section")]
    code, out, _err = cli(["validate", CASE])
    assert (code, out) == (0, "0 errors, 0 warnings\n")
    code, out, _err = cli(["validate", SCOUT, CASE])
    assert code == 1
    assert [c for _p, c, _h in problems(out)] == ["wrong-type"]
    code, out, _err = cli(["validate", "content/innovations/base-innovation", "--all-errors"])
    assert code == 1  # the scout's error, reported though the scout was not named
    assert [c for _p, c, _h in problems(out)] == ["recommended-section", "wrong-type"]


@pytest.mark.parametrize(
    ("argument", "says"),
    [
        ("content/innovations/nowhere", "does not exist"),
        ("/", "is not inside the content folder"),
    ],
)
def test_a_path_that_cannot_be_checked_is_a_usage_error(
    valid: Path, cli, argument: str, says: str
) -> None:
    code, out, err = cli(["validate", "content/innovations/base-innovation", argument])
    assert (code, out) == (2, "")
    assert says in err


# --- what changed --------------------------------------------------------------------


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=T", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repository(valid: Path) -> Path:
    """The content committed on main, and a branch checked out for the change."""
    top = valid.parent
    git(top, "init", "-q", "-b", "main")
    edit(valid / "scouts" / "jane-doe.yml", "publish: true", "publish: true\n")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "start")
    git(top, "checkout", "-q", "-b", "my-entry")
    return valid


def test_changed_reports_the_changed_files_only(repository: Path, cli) -> None:
    assert cli(["validate", "--changed"]) == (
        0,
        "0 errors, 0 warnings\n",
        _nothing_since(repository),
    )
    edit(index_of(repository), "## Resources needed\n", "## Resources\n")  # not committed
    code, out, _err = cli(["validate", "--changed"])
    assert [c for _p, c, _h in problems(out)] == ["recommended-section"]
    git(repository.parent, "commit", "-qam", "mine")  # committed: still a change from main
    new = repository / "innovations" / "base-innovation" / "case-studies" / "second.md"
    shutil.copy(
        repository / "innovations" / "base-innovation" / "case-studies" / "base-adopter.md", new
    )
    edit(new, "region: north-west-coast", "region: North West Coast")  # untracked
    code, out, _err = cli(["validate", "--changed", "main", "--format", "github"])
    assert code == 1
    assert out.splitlines()[:2] == [
        "::error file=content/innovations/base-innovation/case-studies/second.md,line=4,col=9,"
        "title=invalid-id::region: 'North West Coast' is not a valid id: use 1-80 lower-case "
        "letters, digits and single hyphens%0A'North West Coast' is the label shown on the "
        "site: write its id, 'north-west-coast'.",
        "::warning file=content/innovations/base-innovation/index.md,line=15,col=1,"
        "title=recommended-section::the recommended section '## Resources needed' is missing"
        "%0AReaders who want to adopt it look for this section.",
    ]


def test_a_removed_scout_is_checked_everywhere(repository: Path, cli) -> None:
    (repository / "scouts" / "jane-doe.yml").unlink()
    code, out, _err = cli(["validate", "--changed"])
    assert code == 1
    assert [(p.split(":")[0], c) for p, c, _h in problems(out)] == [
        (CASE, "unknown-scout"),
        (INDEX, "unknown-scout"),
    ]


def test_changed_with_a_wrong_base_is_a_usage_error(repository: Path, cli) -> None:
    code, out, err = cli(["validate", "--changed", "no-such-branch"])
    assert (code, out) == (2, "")
    assert "'no-such-branch' is not a git revision here" in err


def test_the_summary_links_each_problem_to_its_line(repository: Path, cli, tmp_path) -> None:
    edit(index_of(repository), "stage: spreading", "stage: Spreading")
    summary = tmp_path / "summary.md"
    base = "https://github.com/o/r/blob/0123abc/"
    code, _out, _err = cli(
        ["validate", "--changed", "--summary", str(summary), "--link-base", base]
    )
    assert code == 1
    table = summary.read_text(encoding="utf-8")
    assert f"[{INDEX}:4:8]({base}{INDEX}#L4)" in table
    assert "write its id, 'spreading'" in table


def test_the_summary_quotes_content_inertly(repository: Path, cli, tmp_path) -> None:
    """A stranger's field name made a link and an image in the pull request's comment;
    a CR in a file name split its table row."""
    edit(
        index_of(repository),
        "stage: spreading",
        "stage: spreading\n"
        "'[Approved: sign in](https://evil.example/) ![x](https://evil.example/p.png)': 1",
    )
    odd = repository / "innovations" / "base-innovation" / "case-studies" / "c\rr.md"
    odd.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    code, _out, _err = cli(["validate", "--changed", "--summary", str(summary)])
    assert code == 1
    table = summary.read_text(encoding="utf-8")
    assert "](https://evil" not in table and "![" not in table
    assert "\r" not in table
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert all(row.endswith(" |") for row in rows)


def test_a_summary_that_cannot_be_written_is_a_usage_error(repository: Path, cli) -> None:
    code, out, err = cli(["validate", "--changed", "--summary", "no/such/folder/s.md"])
    assert (code, out.splitlines()[-1]) == (2, "0 errors, 0 warnings")
    assert err.splitlines()[-1].startswith(
        "exchange validate: error: cannot write no/such/folder/s.md: "
    )


def test_the_folder_of_a_changed_entry_is_reported(repository: Path, cli) -> None:
    """Its name is what is wrong: the error is on the folder, not on the changed file."""
    shutil.copytree(
        repository / "innovations" / "base-innovation", repository / "innovations" / "My_Entry"
    )
    code, out, _err = cli(["validate", "--changed"])
    assert code == 1
    assert next((p, c) for p, c, _h in problems(out) if "My_Entry" in p) == (
        "content/innovations/My_Entry:1:1",
        "invalid-id",
    )
    code, out, _err = cli(["validate", "content/innovations/My_Entry/index.md"])
    assert "invalid-id" in out and code == 1


def test_a_file_name_cannot_write_to_the_terminal(valid: Path, cli) -> None:
    (valid / "innovations" / "x\x1b[2K\rFORGED").mkdir()
    _code, out, _err = cli(["validate", "content"])
    assert "\x1b" not in out and "\r" not in out
    assert "x\\x1b[2K\\rFORGED" in out


def _nothing_since(root: Path) -> str:
    head = git(root.parent, "rev-parse", "HEAD").strip()
    return f"No content changed since {head[:12]}.\n"


def test_near_miss_searches_are_bounded_per_entry(valid: Path) -> None:
    """Each search compares the value with every id: an entry listing hundreds of
    misses gets the near-miss hint for its first NEAR_PER_ENTRY, the plain one after."""
    from generator.did_you_mean import NEAR_PER_ENTRY

    ids = [f"scout-{n:03}" for n in range(200)]
    hints = Suggestions(load_content(valid).vocabularies, ids)
    found = [hints.scout(f"scout-{n:03}x") for n in range(NEAR_PER_ENTRY + 5)]
    assert found[:NEAR_PER_ENTRY] == [
        f"Did you mean 'scout-{n:03}'?" for n in range(NEAR_PER_ENTRY)
    ]
    assert not any(h.startswith("Did you mean") for h in found[NEAR_PER_ENTRY:])
    assert hints.entry().scout("scout-007x") == "Did you mean 'scout-007'?"
