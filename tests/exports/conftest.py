"""The tiny exchange of tests/site, built once per test module with a site_url under a
sub-path, for the open-data outputs to be read back from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.site.conftest import build, write_site

#: Where the tiny exchange says it is published (a project Pages site, under a sub-path).
SITE_URL = "https://example.org/exchange/"


@pytest.fixture(scope="module")
def exported_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site folder; its content has a hostile body, an ampersand and angle
    brackets in a title, and an unpublished scout, `secret-scout` ("Hidden Hartigan")."""
    return build_exported(tmp_path_factory)


def build_exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = write_site(tmp_path_factory.mktemp("exchange"))
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text())
    return build(root)
