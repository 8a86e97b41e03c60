"""Diagnostics: one type for every problem found in content, and its formats.

Every check reports a :class:`Diagnostic`; the CLI, the MkDocs plugin and the
issue-form bot only choose how to print them. The JSON format is a stable,
documented interface (see ``docs/contribute/validation.md``).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from generator.i18n import _, ngettext
from generator.i18n.formatting import listing
from generator.safety.limits import DIAGNOSTICS_PER_FILE
from generator.scalars import shown

#: GitHub shows at most 10 error and 10 warning annotations per step and 50 per job.
GITHUB_ANNOTATION_LIMIT = 50
JSON_FORMAT_VERSION = 1


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        # A file's name comes from a stranger: a terminal escape or CR in it is shown escaped.
        first = (
            f"{shown(self.file)}:{self.line}:{self.column}: "
            f"{self.severity}[{self.code}]: {self.message}"
        )
        if not self.hint:
            return first
        # Translators: the line under a problem that says how to fix it.
        return f"{first}\n    " + _("hint: {hint}", hint=self.hint)


def error(file: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, code, message, hint)


def warning(
    file: str, line: int, column: int, code: str, message: str, hint: str = ""
) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, code, message, hint)


def capped(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """At most DIAGNOSTICS_PER_FILE per file (its first, by line), and then one
    more saying how many were left out: a hostile file cannot flood the output."""
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    kept: list[Diagnostic] = []
    for file, found in by_file.items():
        if len(found) <= DIAGNOSTICS_PER_FILE:
            kept += found
            continue
        found.sort()
        kept += found[:DIAGNOSTICS_PER_FILE]
        last = found[DIAGNOSTICS_PER_FILE - 1]
        more = len(found) - DIAGNOSTICS_PER_FILE
        kept.append(
            Diagnostic(
                file,
                last.line,
                last.column,
                Severity.ERROR if any(d.is_error for d in found) else Severity.WARNING,
                "too-many-problems",
                ngettext(
                    "{n} more problem in this file is not shown",
                    "{n} more problems in this file are not shown",
                    more,
                ),
                _("Fix the ones above and check again."),
            )
        )
    return kept


def either(choices: Iterable[str]) -> str:
    """Alternatives as the active language lists them: "a or b", "a, b or c"."""
    items = list(choices)
    return listing(items, style="or") if items else ""


class Report:
    """All diagnostics of one run, sorted by file, line and column."""

    def __init__(self, diagnostics: Iterable[Diagnostic] = ()):
        self.diagnostics = sorted(set(diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        # Translators: the last line of a check, e.g. "2 errors, 1 warning".
        return _(
            "{errors}, {warnings}",
            errors=ngettext("{n} error", "{n} errors", e),
            warnings=ngettext("{n} warning", "{n} warnings", w),
        )

    # --- formats -------------------------------------------------------------

    def format_text(self) -> str:
        lines = [d.text() for d in self.diagnostics]
        lines.append(self.summary())
        return "\n".join(lines)

    def format_json(self) -> str:
        return json.dumps(
            {
                "version": JSON_FORMAT_VERSION,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "diagnostics": [asdict(d) for d in self.diagnostics],
            },
            indent=2,
            ensure_ascii=False,
        )

    def format_github(self) -> str:
        """Workflow commands, errors first, capped at GitHub's per-job limit."""
        ordered = self.errors + self.warnings
        lines = [_annotation(d) for d in ordered[:GITHUB_ANNOTATION_LIMIT]]
        if len(ordered) > GITHUB_ANNOTATION_LIMIT:
            lines.append(
                ngettext(
                    "{n} more problem is not annotated: see the job summary for the full list.",
                    "{n} more problems are not annotated: see the job summary for the full list.",
                    len(ordered) - GITHUB_ANNOTATION_LIMIT,
                )
            )
        lines.append(self.summary())
        return "\n".join(lines)

    def format_markdown(
        self, quote: Callable[[str], str] | None = None, link_base: str | None = None
    ) -> str:
        """A Markdown table for ``$GITHUB_STEP_SUMMARY`` or an issue comment.
        ``quote`` makes each cell's text inert instead of the default escaping
        (the issue-form bot quotes submitted text its own way). With ``link_base``
        each place links to ``link_base`` + the file's path + ``#L`` + the line."""
        heading = "### " + _("Content validation")
        if not self.diagnostics:
            return heading + "\n\n" + _("No problems found.") + "\n"
        # Translators: the headings of the table's columns (the first has none).
        columns = (_("Where"), _("Problem"), _("How to fix"))
        rows = [
            heading,
            "",
            f"**{self.summary()}**",
            "",
            "| | {} | {} | {} |".format(*columns),
            "| --- | --- | --- | --- |",
        ]
        for d in self.diagnostics:
            icon = "❌" if d.is_error else "⚠️"
            if quote is None:
                where, code = f"`{_cell(d.file)}:{d.line}:{d.column}`", f"`{d.code}`"
                if link_base:
                    where = f"[{where}]({_link(link_base, d.file, d.line)})"
                message, hint = _cell(d.message), _cell(d.hint)
            else:
                where, code = quote(f"{d.file}:{d.line}:{d.column}"), quote(d.code)
                message, hint = quote(d.message), quote(d.hint)
                if link_base:
                    where = f"[{where}]({_link(link_base, d.file, d.line)})"
            rows.append(f"| {icon} | {where} | {message} ({code}) | {hint} |")
        return "\n".join(rows) + "\n"

    def write_github_summary(self) -> None:
        path = os.environ.get("GITHUB_STEP_SUMMARY")
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(self.format_markdown())


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _annotation(d: Diagnostic) -> str:
    message = f"{d.message}\n{d.hint}" if d.hint else d.message
    props = (
        f"file={_escape_property(d.file)},line={d.line},col={d.column},"
        f"title={_escape_property(d.code)}"
    )
    return f"::{d.severity} {props}::{_escape_data(message)}"


def _link(base: str, file: str, line: int) -> str:
    """``base`` + the file's path + ``#L`` + line, the path percent-encoded (so no
    character of a hostile file name can end the link or start markup)."""
    path = urllib.parse.quote(file.removeprefix("./"), safe="/")
    return urllib.parse.quote(base, safe=":/?=&%#@+,;~") + path + f"#L{line}"


def _cell(value: str) -> str:
    # Content is untrusted: keep it from breaking out of the table or running as HTML,
    # and from making a link or an image ("[", "]" escaped).
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("`", "'")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )
