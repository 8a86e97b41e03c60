"""The same content gives the same files: two builds in separate processes, with
different hash seeds (Python orders sets and dicts of strings by them), write every
file of the site byte for byte alike, the open data included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.exports.conftest import SITE_URL
from tests.site.conftest import write_site


def _build(root: Path, out: Path, seed: str) -> dict[str, bytes]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": seed},
        check=True,
        capture_output=True,
    )
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_two_builds_write_the_same_bytes(tmp_path: Path) -> None:
    root = write_site(tmp_path / "exchange")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text())
    first = _build(root, tmp_path / "one", "1")
    second = _build(root, tmp_path / "two", "2")
    assert any(path.startswith("api/v1/") for path in first)
    assert any(path.startswith("feeds/") for path in first)
    assert any(path.startswith("embed/") for path in first)
    assert sorted(first) == sorted(second)
    differ = [path for path in first if first[path] != second[path]]
    assert not differ, differ
