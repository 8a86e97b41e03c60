"""The corpus of broken content: every mistake gives the exact diagnostics expected.

Each case is a folder ``tests/broken/<case>/`` holding

* ``content/``: files laid over a small valid exchange (the real vocabularies
  plus ``tests/broken/_base/content``: one scout, one innovation with one case
  study), so a case only carries the files it breaks or adds;
* ``expected.txt``: a ``#`` comment saying what the case shows, then every
  diagnostic ``exchange validate`` must print, one per line, exactly as
  printed (``content/<file>:<line>:<column>: <severity>[<code>]``), in output
  order. An indented ``message: text`` or ``hint: text`` line under a diagnostic
  requires that text somewhere in its message or hint. No diagnostic line means
  the case is valid and must exit 0.

A few cases cannot live in git (a symbolic link, a file over 1 MB, a deleted
vocabulary, a UTF-16 file): ``SETUP`` below makes them in the temporary copy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "_base" / "content"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))

_EXPECTED = re.compile(r"^(?P<where>\S.*?:\d+:\d+: (?:error|warning)\[[a-z0-9-]+\])$")
_PRINTED = re.compile(
    r"^(?P<where>\S.*?:\d+:\d+: (?P<severity>error|warning)\[[a-z0-9-]+\]): (?P<message>.*)$"
)
_SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings?$")


# --- cases that are made, not stored --------------------------------------------


def _symlinks(root: Path) -> None:
    outside = root.parent / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.yml").write_text("name: Not content\n", encoding="utf-8")
    (outside / "folder" / "index.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (root / "scouts" / "linked-scout.yml").symlink_to(outside / "secret.yml")
    (root / "innovations" / "linked-innovation").symlink_to(outside / "folder")
    (root / "innovations" / "base-innovation" / "leak.png").symlink_to("/etc/passwd")


def _too_large(root: Path) -> None:
    bio = "bio: >-\n" + "  Jane has worked in respiratory care for many years.\n" * 20_000
    (root / "scouts" / "huge.yml").write_text(
        "name: Huge\norganisation: {name: X, type: provider}\nregion: national\n"
        f"publish: true\n{bio}",
        encoding="utf-8",
    )
    assert (root / "scouts" / "huge.yml").stat().st_size > 1_000_000


def _missing_vocabulary(root: Path) -> None:
    (root / "vocabularies" / "benefits.yml").unlink()


def _utf16_svg(root: Path) -> None:
    # UTF-16 with a BOM: a check of the raw bytes sees no "<!DOCTYPE" or "<!ENTITY".
    svg = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<!DOCTYPE svg [<!ENTITY payload "<script>alert(1)</script>">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">&payload;</svg>\n'
    )
    (root / "innovations" / "base-innovation" / "utf16.svg").write_bytes(svg.encode("utf-16"))


SETUP = {
    "symlink": _symlinks,
    "file-too-large": _too_large,
    "vocabulary-missing": _missing_vocabulary,
    "svg-utf16": _utf16_svg,
}


def build(case: str, root: Path) -> None:
    """Lay the base and then the case's files over ``root`` (which has the vocabularies)."""
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    if (BROKEN / case / "content").is_dir():
        shutil.copytree(BROKEN / case / "content", root, dirs_exist_ok=True)
    if case in SETUP:
        SETUP[case](root)


# --- expected and printed diagnostics -----------------------------------------------


@dataclass
class Diag:
    where: str  # "content/x.md:3:1: error[code]"
    message: list[str] = field(default_factory=list)
    hint: list[str] = field(default_factory=list)

    @property
    def is_error(self) -> bool:
        return ": error[" in self.where


def read_expected(case: str) -> tuple[str, list[Diag]]:
    text = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    description, found = "", []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            description = description or stripped.lstrip("# ")
        elif line[0].isspace():
            kind, _, value = stripped.partition(": ")
            assert found and kind in ("message", "hint") and value, f"expected.txt:{number}"
            getattr(found[-1], kind).append(value)
        else:
            match = _EXPECTED.match(line)
            assert match, f"{case}/expected.txt:{number}: not 'file:line:col: severity[code]'"
            found.append(Diag(match["where"]))
    return description, found


def parse_text(out: str) -> tuple[list[Diag], tuple[int, int]]:
    """The diagnostics and the (errors, warnings) summary of a text-format run."""
    found: list[Diag] = []
    lines = out.rstrip("\n").split("\n")
    for line in lines[:-1]:
        if line.startswith("    hint: "):
            found[-1].hint.append(line.removeprefix("    hint: "))
            continue
        match = _PRINTED.match(line)
        assert match, f"unexpected output line: {line!r}"
        found.append(Diag(match["where"], [match["message"]]))
    summary = _SUMMARY.match(lines[-1])
    assert summary, f"no summary line: {lines[-1]!r}"
    return found, (int(summary[1]), int(summary[2]))


# --- the tests ------------------------------------------------------------------------


#: Every mistake the issue names, and the case(s) that show it.
ISSUE_CASES = {
    "publish: yes": ["yaml-yes-for-boolean", "yaml-on-for-boolean"],
    "NO in a list": ["yaml-norway-in-list"],
    "unquoted 2024-13-01": ["yaml-unquoted-impossible-date"],
    "1e3 in a number field": ["yaml-exponent-in-number", "yaml-special-numbers"],
    "duplicate keys": ["duplicate-key", "duplicate-key-nested"],
    "anchors and aliases": ["yaml-anchor-and-alias", "yaml-anchor-swallows-text"],
    "billion laughs": ["billion-laughs"],
    "a file over 1 MB": ["file-too-large"],
    "non-UTF-8 bytes": ["not-utf8", "not-utf8-after-bom-and-crlf"],
    "UTF-8 with BOM (valid)": ["utf8-bom-valid", "utf8-bom-positions"],
    "CRLF (valid, right line numbers)": ["crlf-valid", "crlf-positions"],
    "a symlink": ["symlink"],
    "unknown field with did-you-mean": ["unknown-field-did-you-mean"],
    "missing required fields": ["missing-required-fields", "missing-nested-field"],
    "too-long title/summary": ["too-long-title-and-summary"],
    "unknown vocabulary term with did-you-mean": ["unknown-term-did-you-mean"],
    "unknown scout": ["unknown-scout"],
    "missing image": ["missing-image"],
    "image outside folder (../x.png, /etc/passwd)": [
        "image-outside-folder", "image-absolute-path", "image-outside-folder-body",
    ],
    "image without alt (front matter and body)": [
        "image-alt-missing-front-matter", "image-alt-missing-body",
    ],
    "ended before started": ["ended-before-started"],
    "last_reviewed in the future": ["date-in-future"],
    "http URL": ["http-url"],
    "malformed URL": ["malformed-url"],
    "missing required section": ["missing-required-section"],
    "missing recommended section (warning)": ["missing-recommended-section"],
    "NHS number, with and without spaces, not an invalid checksum": ["nhs-number"],
    "email outside contact (and inside contact that is fine)": [
        "email-outside-contact", "email-in-contact-valid",
    ],
    "unsafe SVG (script, onload)": ["unsafe-svg-script", "unsafe-svg-onload"],
    "unexpected files": ["unexpected-files"],
    "invalid slugs": ["invalid-slugs"],
    "missing index.md": ["missing-index"],
    "a case study under a missing innovation": ["case-study-without-innovation"],
    # Issue 13, hostile pull requests (round two); more in tests/safety/.
    "SVG: XSLT, XHTML, CSS url(), UTF-16": [
        "svg-xslt-stylesheet", "svg-xhtml-namespace", "svg-css-url", "svg-utf16",
    ],
    "values past arithmetic": [
        "date-far-future", "cost-overflow", "trailing-newline", "fullwidth-digits",
        "control-characters",
    ],
    "Markdown structure limits": ["too-deeply-nested-list", "too-many-brackets"],
    "outside images past the Markdown rule": [
        "image-reference-style", "image-html-image-element", "image-after-indented-fence",
        "scout-bio-image",
    ],
    "text hidden by sanitising": ["unclosed-style-hides-text"],
    "headings named like the page's sections": ["headings-named-like-page-sections-valid"],
    # Issue 15, the adoption pathway (content/pathway.yml).
    "pathway: a repeated id, an http link, an unknown field, too many questions": [
        "pathway-duplicate-id", "pathway-http-guidance", "pathway-unknown-field",
        "pathway-too-many-questions",
    ],
}  # fmt: skip


def test_corpus_has_the_cases_the_issue_names() -> None:
    missing = {n: c for n, cases in ISSUE_CASES.items() for c in cases if c not in CASES}
    assert not missing
    assert len(CASES) >= 60
    for case in CASES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", case), case
        description, _ = read_expected(case)
        assert description, f"{case}/expected.txt should start with a '# what it shows' line"


def test_base_is_clean(content_dir: Path, cli, frozen_today) -> None:
    shutil.copytree(BASE, content_dir, dirs_exist_ok=True)
    code, out, err = cli(["validate", "content", "--strict"])
    assert (code, out, err) == (0, "0 errors, 0 warnings\n", "")


@pytest.mark.parametrize("case", CASES)
def test_case(case: str, content_dir: Path, cli, frozen_today) -> None:
    build(case, content_dir)
    _, expected = read_expected(case)

    code, out, err = cli(["validate", "content"])
    assert "Traceback" not in out + err
    assert err == ""
    printed, (errors, warnings) = parse_text(out)
    assert [d.where for d in printed] == [d.where for d in expected], out
    for got, want in zip(printed, expected, strict=True):
        for text in want.message:
            assert text in " ".join(got.message), f"{got.where}: message lacks {text!r}"
        for text in want.hint:
            assert text in " ".join(got.hint), f"{got.where}: hint lacks {text!r}"
    assert (errors, warnings) == (
        sum(d.is_error for d in expected),
        sum(not d.is_error for d in expected),
    )
    assert code == (1 if errors else 0)

    # The JSON format reports the very same problems.
    code_json, out_json, _ = cli(["validate", "content", "--format", "json"])
    data = json.loads(out_json)
    assert code_json == code
    assert [
        f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}[{d['code']}]"
        for d in data["diagnostics"]
    ] == [d.where for d in printed]

    # Warnings fail the run only with --strict.
    if warnings and not errors:
        assert cli(["validate", "content", "--strict"])[0] == 1


def test_billion_laughs_fails_fast(content_dir: Path, cli, frozen_today) -> None:
    build("billion-laughs", content_dir)
    started = time.perf_counter()
    code, out, _ = cli(["validate", "content"])
    assert time.perf_counter() - started < 1.0
    assert code == 1
    assert "error[yaml-alias]" in out


# The nastiest inputs, through the real console script: no traceback, exit 1.
@pytest.mark.parametrize(
    "case",
    [
        "billion-laughs",
        "not-utf8",
        "symlink",
        "file-too-large",
        "yaml-too-deep",
        "yaml-control-character",
        "yaml-explicit-tag",
        "date-far-future",
        "cost-overflow",
    ],
)
def test_console_script_never_shows_a_traceback(case: str, content_dir: Path) -> None:
    build(case, content_dir)
    exchange = Path(sys.executable).with_name("exchange")
    command = [str(exchange)] if exchange.exists() else [sys.executable, "-m", "generator"]
    result = subprocess.run(
        [*command, "validate", "content"],
        cwd=content_dir.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    assert result.returncode == 1
    assert re.search(r"^content/\S+:\d+:\d+: error\[", result.stdout, re.MULTILINE)
