"""Helpers shared by the browser tests: page actions, axe-core, and what the content says."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: The WCAG levels the site must meet (WCAG 2.2 AA is the legal floor).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def wait_for_browser(page) -> str:
    """Wait until the browse page's JavaScript has shown results; the status text."""
    status = page.locator(".ix-browser__status")
    status.wait_for(state="visible")
    page.wait_for_function(
        "() => /match/.test(document.querySelector('.ix-browser__status').textContent)"
    )
    return status.inner_text()


def run_nu(files, timeout: int = 180) -> list[dict]:
    """The Nu Html Checker's messages on these files (one run of the checker)."""
    import json
    import subprocess

    import pytest

    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    report = json.loads(done.stderr or "{}")  # vnu writes its JSON report to stderr
    if done.returncode not in (0, 1) or "messages" not in report:
        pytest.fail(f"the Nu Html Checker did not run: {done.stderr[:2000]}", pytrace=False)
    return report["messages"]


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations in the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })""",
        WCAG_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:6]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
            lines.append(f"      {node['html'][:200]}")
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


def settle(page) -> None:
    """Wait for web fonts and running CSS transitions, so colours are final."""
    page.evaluate("""async () => {
        await document.fonts.ready;
        await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
    }""")


def use_dark_palette(page) -> None:
    """Switch to the dark palette with the header's toggle, as a reader would."""
    page.locator('label[for="__palette_1"]').click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")


# --- what the content says, to compare the pages with --------------------------------------


@dataclass(frozen=True)
class Innovation:
    id: str
    title: str
    stage: str
    clinical_areas: tuple[str, ...]
    last_reviewed: str
    scouts: tuple[str, ...]
    case_studies: tuple[str, ...]

    @property
    def adoptions(self) -> int:
        return len(self.case_studies)


def _front_matter(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8-sig")
    _, front, _ = text.split("---", 2)
    return yaml.safe_load(front)


@functools.cache
def innovations() -> dict[str, Innovation]:
    """Every innovation folder in content/innovations, read directly from its file."""
    found = {}
    for index in sorted(CONTENT.glob("innovations/*/index.md")):
        folder = index.parent
        fields = _front_matter(index)
        found[folder.name] = Innovation(
            id=folder.name,
            title=fields["title"],
            stage=fields["stage"],
            clinical_areas=tuple(fields.get("clinical_areas") or ()),
            last_reviewed=str(fields["last_reviewed"]),
            scouts=tuple(fields.get("scouts") or ()),
            case_studies=tuple(sorted(p.stem for p in folder.glob("case-studies/*.md"))),
        )
    return found


def published_scouts() -> set[str]:
    import yaml

    return {
        p.stem
        for p in CONTENT.glob("scouts/*.yml")
        if yaml.safe_load(p.read_text(encoding="utf-8")).get("publish") is not False
    }


def by_title() -> dict[str, Innovation]:
    return {i.title: i for i in innovations().values()}
