"""Load a content folder and check it: the one entry point the CLI, the MkDocs
plugin and the issue-form bot share, so all three report the same problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator import rules
from generator.diagnostics import Report
from generator.loader.content import ContentSet, load_content


def validate(content_dir: Path, today: date | None = None) -> tuple[ContentSet, Report]:
    content = load_content(content_dir)
    found = list(content.diagnostics)
    found.extend(rules.check(content, today or date.today()))
    return content, Report(found)
