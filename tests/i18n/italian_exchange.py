"""An Italian exchange made as a region would make one: a copy of the repository's
site files, ``exchange init`` in Italian, then a few Italian entries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENTRIES = Path(__file__).parent / "italian"
FORK = "https://github.com/regione-esempio/scambio-innovazione"
NAME = "Scambio dell'innovazione"


def exchange(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def make(root: Path) -> Path:
    """The fork in ``root`` after ``exchange init`` and the Italian entries."""
    for name in ("mkdocs.yml", "docs", "content", ".github"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("workflows"))
        else:
            shutil.copy2(source, root / name)
    done = exchange(
        "init",
        "--name",
        NAME,
        "--repo-url",
        FORK,
        "--language",
        "it",
        "--country",
        "IT",
        "--region",
        "Lombardia",
        "--region",
        "Veneto",
        cwd=root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copytree(ENTRIES, root / "content", dirs_exist_ok=True)
    return root


def build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)},
    )
