"""``exchange validate``: exit codes, formats, and real content that must pass."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import GITHUB_ANNOTATION_LIMIT

REPO = Path(__file__).resolve().parents[1]
BASE = Path(__file__).parent / "broken" / "_base" / "content"
DPG = REPO.parent / "shared" / "corpora" / "dpg-registry" / "content"
DIAGNOSTIC_KEYS = ["file", "line", "column", "severity", "code", "message", "hint"]


@pytest.fixture
def valid(content_dir: Path, frozen_today) -> Path:
    """A clean exchange (one scout, one innovation, one case study)."""
    shutil.copytree(BASE, content_dir, dirs_exist_ok=True)
    return content_dir


def add_warning(root: Path) -> None:
    index = root / "innovations" / "base-innovation" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("## Resources needed\n", "## Resources\n"), encoding="utf-8")


def add_error(root: Path) -> None:
    scout = root / "scouts" / "jane-doe.yml"
    scout.write_text(
        scout.read_text(encoding="utf-8").replace("publish: true", "publish: yes"), encoding="utf-8"
    )


# --- exit codes ------------------------------------------------------------------------


def test_clean_content_exits_0(valid: Path, cli) -> None:
    assert cli(["validate", "content"]) == (0, "0 errors, 0 warnings\n", "")
    assert cli(["validate"])[0] == 0  # the default folder is ./content
    assert cli(["validate", str(valid)])[0] == 0


def test_errors_exit_1(valid: Path, cli) -> None:
    add_error(valid)
    code, out, err = cli(["validate", "content"])
    assert code == 1
    assert out.splitlines() == [
        "content/scouts/jane-doe.yml:10:10: error[wrong-type]: 'publish' should be true or "
        "false, not 'yes'",
        "    hint: Write true or false without quotes (yes/no/on/off are not accepted).",
        "1 error, 0 warnings",
    ]
    assert err == ""


def test_warnings_pass_unless_strict(valid: Path, cli) -> None:
    add_warning(valid)
    code, out, _ = cli(["validate", "content"])
    assert code == 0
    assert "warning[recommended-section]" in out
    assert out.endswith("0 errors, 1 warning\n")
    assert cli(["validate", "content", "--strict"])[0] == 1
    assert cli(["validate", "--strict", "content", "--format", "json"])[0] == 1


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["validate", "--bogus"],
        ["validate", "--format", "xml"],
        ["validate", "--strict=yes"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(valid: Path, cli, args: list[str]) -> None:
    code, out, err = cli(args)
    assert code == 2
    assert out == ""
    assert err.startswith("usage: exchange")
    assert "error:" in err
    assert "Traceback" not in err


def test_a_path_that_does_not_exist_is_a_usage_error(valid: Path, cli) -> None:
    """Files and folders may be named (each checked against the whole catalogue);
    one that does not exist is the caller's mistake, not the content's."""
    code, out, err = cli(["validate", "content", "extra"])
    assert (code, out) == (2, "")
    assert err == "exchange validate: error: 'extra' does not exist\n"


def test_help_exits_0(cli) -> None:
    code, out, _ = cli(["validate", "--help"])
    assert code == 0
    assert "--strict" in out and "--format" in out


@pytest.mark.parametrize(
    ("name", "problem"), [("nowhere", "does not exist"), ("file.txt", "is a file, not a folder")]
)
def test_a_path_that_is_not_a_content_folder(
    tmp_path: Path, monkeypatch, cli, name, problem
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    code, out, err = cli(["validate", name])
    assert code == 2  # a wrong argument is a usage error, not a content error
    assert out == ""
    assert f"the content folder '{name}' {problem}" in err


def test_console_script_exit_codes(valid: Path) -> None:
    exchange = Path(sys.executable).with_name("exchange")
    command = [str(exchange)] if exchange.exists() else [sys.executable, "-m", "generator"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, *args], cwd=valid.parent, capture_output=True, text=True, timeout=60
        )

    # (The console script runs on the real date: the base is reviewed on 2026-05-01, and
    # only errors count here.)
    assert run("validate", "content").returncode == 0
    assert run("validate", "--bogus").returncode == 2
    add_error(valid)
    result = run("validate", "content", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["errors"] == 1
    assert "Traceback" not in result.stdout + result.stderr


# --- JSON ---------------------------------------------------------------------------------


def test_json_format_is_stable(valid: Path, cli) -> None:
    add_error(valid)
    add_warning(valid)
    (valid / "scouts" / "Zoë.yml").write_text("x: 1\n", encoding="utf-8")
    code, out, err = cli(["validate", "content", "--format", "json"])
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert list(data) == ["version", "errors", "warnings", "diagnostics"]
    assert (data["version"], data["errors"], data["warnings"]) == (1, 2, 1)
    for diagnostic in data["diagnostics"]:
        assert list(diagnostic) == DIAGNOSTIC_KEYS
        assert isinstance(diagnostic["line"], int) and isinstance(diagnostic["column"], int)
        assert diagnostic["severity"] in ("error", "warning")
    assert [
        (d["file"], d["line"], d["column"], d["severity"], d["code"]) for d in data["diagnostics"]
    ] == [
        ("content/innovations/base-innovation/index.md", 15, 1, "warning", "recommended-section"),
        ("content/scouts/Zoë.yml", 1, 1, "error", "invalid-id"),
        ("content/scouts/jane-doe.yml", 10, 10, "error", "wrong-type"),
    ]
    assert "Zoë" in out  # not \u-escaped
    assert cli(["validate", "content", "--format", "json"])[1] == out  # byte for byte


def test_json_when_clean(valid: Path, cli) -> None:
    code, out, _ = cli(["validate", "content", "--format", "json"])
    assert code == 0
    assert json.loads(out) == {"version": 1, "errors": 0, "warnings": 0, "diagnostics": []}


# --- GitHub -----------------------------------------------------------------------------------


def test_github_format_and_step_summary(valid: Path, cli, monkeypatch, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    add_error(valid)
    add_warning(valid)
    (valid / "scouts" / "a,b:c.yml").write_text("x: 1\n", encoding="utf-8")
    code, out, err = cli(["validate", "content", "--format", "github"])
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "::error file=content/scouts/a%2Cb%3Ac.yml,line=1,col=1,title=invalid-id::'a,b:c' is not "
        "a valid id: use 1-80 lower-case letters, digits and single hyphens%0ARename it, e.g. to "
        "'a-b-c'.",
        "::error file=content/scouts/jane-doe.yml,line=10,col=10,title=wrong-type::'publish' "
        "should be true or false, not 'yes'%0AWrite true or false without quotes (yes/no/on/off "
        "are not accepted).",
        "::warning file=content/innovations/base-innovation/index.md,line=15,col=1,"
        "title=recommended-section::the recommended section '## Resources needed' is missing"
        "%0AReaders who want to adopt it look for this section.",
        "2 errors, 1 warning",
    ]
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("earlier step\n### Content validation\n")  # appended, not replaced
    assert "**2 errors, 1 warning**" in table
    assert "| | Where | Problem | How to fix |" in table
    rows = [
        line for line in table.splitlines() if line.startswith("| ❌") or line.startswith("| ⚠️")
    ]
    assert rows[0] == (
        "| ⚠️ | `content/innovations/base-innovation/index.md:15:1` | the recommended section "
        "'## Resources needed' is missing (`recommended-section`) | Readers who want to adopt it "
        "look for this section. |"
    )
    assert len(rows) == 3
    assert rows[1].startswith("| ❌ | `content/scouts/a,b:c.yml:1:1` |")


def test_github_annotations_capped(valid: Path, cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    for i in range(60):
        (valid / f"stray-{i:02}.txt").write_text("x", encoding="utf-8")
    add_warning(valid)
    code, out, _ = cli(["validate", "content", "--format", "github"])
    assert code == 1
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == GITHUB_ANNOTATION_LIMIT == 50
    assert all(line.startswith("::error ") for line in annotations)  # errors come first
    assert lines[-2:] == [
        "11 more problems are not annotated: see the job summary for the full list.",
        "60 errors, 1 warning",
    ]
    # The job summary has every problem.
    table = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\| (?:❌|⚠️) \|", table, re.MULTILINE)) == 61


def test_github_summary_escapes_untrusted_text(
    valid: Path, cli, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    scout = valid / "scouts" / "jane-doe.yml"
    scout.write_text(scout.read_text(encoding="utf-8") + "<b>x|y</b>: 1\n", encoding="utf-8")
    cli(["validate", "content", "--format", "github"])
    table = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "&lt;b&gt;x\\|y&lt;/b&gt;" in table
    assert "<b>" not in table


def test_no_step_summary_without_the_variable(
    valid: Path, cli, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    code, out, _ = cli(["validate", "content", "--format", "github"])
    assert (code, out) == (0, "0 errors, 0 warnings\n")
    assert not list(tmp_path.glob("*.md"))


# --- real content ---------------------------------------------------------------------------------


def test_dpg_registry_corpus_validates(tmp_path: Path, monkeypatch, cli) -> None:
    """714 real entries the project did not write (copied: ../shared is read-only)."""
    if not DPG.is_dir():
        pytest.skip(f"{DPG} is not available")
    shutil.copytree(DPG, tmp_path / "content")
    for path in (tmp_path / "content").rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["validate", "content", "--format", "json"])
    data = json.loads(out)
    assert [d for d in data["diagnostics"] if d["severity"] == "error"] == []
    assert (code, err) == (0, "")
    assert len(list((tmp_path / "content" / "innovations").iterdir())) == 714


def test_shipped_content_validates(tmp_path: Path, monkeypatch, cli) -> None:
    """The exchange's own content, on today's date (its review dates are real)."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["validate", "content", "--format", "json"])
    errors = [d for d in json.loads(out)["diagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert (code, err) == (0, "")
