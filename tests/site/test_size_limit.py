"""A real build measures the site it wrote; a site over its limit fails --strict, one near
it is noted and still published."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.site_size import MB, measure
from tests.site.conftest import build, write_site


def _site_with_limit(root: Path, limit: str) -> Path:
    write_site(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - innovation-exchange\n", f"  - innovation-exchange:\n      size_limit_mb: {limit}\n"
        )
    )
    return root


def test_a_site_over_its_limit_is_named_in_the_log_and_fails_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = _site_with_limit(tmp_path, "0.01")
    with caplog.at_level(logging.INFO), pytest.raises(Abort):
        build(root, strict=True)
    # The plugin's logger starts each message with "generator: ".
    [line] = [r.getMessage() for r in caplog.records if "Site size: " in r.getMessage()]
    assert "as GitHub Pages' artifact (limit: 10 KB); largest parts: " in line
    assert "pagefind/ (" in line  # measured after Pagefind wrote its index
    assert "api/ (" in line  # and after the open data
    [warned] = [r for r in caplog.records if "the site is " in r.getMessage()]
    assert warned.levelno == logging.WARNING
    message = warned.getMessage()
    assert "over its limit of 10 KB: GitHub Pages would refuse to publish it" in message
    assert "Largest parts: " in message
    assert "adoption_packs: false" in message
    assert not (root / "site").exists()  # --strict: nothing published
    assert not list(root.glob(".site.building-*"))


def test_a_site_near_its_limit_is_noted_and_still_built_strictly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    size = measure(build(write_site(tmp_path / "first"))).artifact
    root = _site_with_limit(tmp_path / "second", f"{size / 0.95 / MB:.6f}")  # at 95%
    with caplog.at_level(logging.INFO):
        site = build(root, strict=True)
    assert (site / "index.html").exists()
    [noted] = [r for r in caplog.records if "the site is " in r.getMessage()]
    assert noted.levelno == logging.INFO
    assert "close to its limit" in noted.getMessage()


@pytest.mark.parametrize("limit", ["0", "-5", "true"])
def test_a_limit_that_is_not_a_positive_size_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, limit: str
) -> None:
    with pytest.raises(Abort):
        build(_site_with_limit(tmp_path, limit))
    assert "size_limit_mb must be more than 0" in caplog.text
