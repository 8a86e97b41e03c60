"""Shared fixtures and helpers (no test logic here)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VOCABULARIES = REPO / "content" / "vocabularies"
#: The date every validation in the tests runs on (see ``frozen_today``).
TODAY = date(2026, 6, 1)


class _FrozenDate(date):
    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return TODAY


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Make ``exchange validate`` run as if today were :data:`TODAY`, so that
    "in the future" and "review overdue" give the same answer on any day."""
    monkeypatch.setattr("generator.validation.date", _FrozenDate)
    return TODAY


@pytest.fixture
def content_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path/content`` holding a copy of the real vocabularies; the working
    directory is ``tmp_path``, so diagnostics name files ``content/...``."""
    root = tmp_path / "content"
    shutil.copytree(VOCABULARIES, root / "vocabularies")
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[[Sequence[str]], tuple[int, str, str]]:
    """Run ``exchange ARGS`` in-process: returns (exit code, stdout, stderr)."""
    from generator.cli import main

    def run(args: Sequence[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help and usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run
