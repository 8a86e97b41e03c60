"""A tiny exchange built with the real MkDocs build in a temporary folder.

In the style of mkdocs-awesome-nav's tests: write a small site, run MkDocs'
own ``build()``, assert on the files it wrote.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

MKDOCS_YML = """\
site_name: Test Exchange
site_description: A test exchange.
repo_url: https://github.com/example/exchange
theme:
  name: material
  font: false
plugins:
  - innovation-exchange
nav:
  - Home: index.md
  - Browse: browse/index.md
  - Scouts: scouts/index.md
  - About: about.md
"""

INNOVATION = """\
---
title: {title}
summary: {summary}
stage: spreading
types: [digital]
clinical_areas: [respiratory]
care_settings: [community]
regions: [north-west-coast]
organisation: {{name: Example Trust, type: provider}}
scouts: {scouts}
evidence:
  level: local-evaluation
  outcomes:
    - {{measure: Admissions, result: 30% fewer, source: "https://example.org/r"}}
last_reviewed: '2026-05-01'
---

## The problem

{problem}

## The solution

Nurses call people at home.

## Evidence of success

Fewer admissions.
"""

CASE_STUDY = """\
---
title: Adopted at Example Hospital
organisation: {name: Example Hospital NHS Trust, type: provider}
region: north-west-coast
status: live
scouts: [ada-example]
last_reviewed: '2026-04-01'
---

## Context

Context text.

## What we did

What we did.

## Results

Results.
"""

SCOUT = """\
name: {name}
organisation: {{name: Example Trust, type: provider}}
region: north-west-coast
interests: [respiratory]
publish: {publish}
"""

# Hostile but accepted by validation (an iframe of another site, or an image from one,
# is refused there: tests/safety/test_hostile_content.py); the page must be inert.
HOSTILE = textwrap.dedent("""\
    People struggle. <script>alert('body-script')</script>
    <span onmouseover="alert('hover-attr')">hover</span>
    [click](javascript:alert('js-url')) <iframe srcdoc="<b>framed</b>"></iframe>
    <p style="color:red" onclick="alert('onclick-attr')">styled</p>
    <style>body {{ display: none }}</style>
    A plain sentence with unique word zanzibarquux.""")


def write_site(root: Path) -> Path:
    """A small exchange: two innovations, a case study, a published and an unpublished scout."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "about.md").write_text("# About\n\nAbout this test exchange.\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    content = root / "content"
    shutil.copytree(REPO / "content" / "vocabularies", content / "vocabularies")
    first = content / "innovations" / "remote-monitoring"
    (first / "case-studies").mkdir(parents=True)
    (first / "index.md").write_text(
        INNOVATION.format(
            title='"Remote monitoring & more <3"',
            summary="Watching oxygen levels at home.",
            scouts="[ada-example, secret-scout]",
            problem=HOSTILE,
        )
    )
    (first / "case-studies" / "example-hospital.md").write_text(CASE_STUDY)
    second = content / "innovations" / "second-thing"
    second.mkdir(parents=True)
    (second / "index.md").write_text(
        INNOVATION.format(
            title="Second thing",
            summary="Another innovation.",
            scouts="[]",
            problem="A different problem.",
        )
    )
    (content / "scouts").mkdir()
    (content / "scouts" / "ada-example.yml").write_text(
        SCOUT.format(name="Ada Example", publish="true")
    )
    (content / "scouts" / "secret-scout.yml").write_text(
        SCOUT.format(name="Hidden Hartigan", publish="false")
    )
    return root


def build(root: Path, site_dir: Path | None = None, strict: bool = True) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = site_dir or root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=strict)
    mkdocs_build(config)
    return site


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = write_site(tmp_path_factory.mktemp("exchange"))
    return build(root)
