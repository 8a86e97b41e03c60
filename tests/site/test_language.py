"""The site's language is Material's theme.language: checked at build start,
followed by every page, the browser's messages and Pagefind's stemming."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator import i18n
from tests.site.conftest import build, write_site

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.activate("en")


def _language(root: Path, language: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", f"  font: false\n  language: {language}\n")
    )


@pytest.mark.parametrize("language", ["en", "it", "es"])
def test_search_stems_in_each_shipped_language(tmp_path: Path, language: str) -> None:
    """Pagefind indexes in the page's language (its stemmer and its wasm file)."""
    root = write_site(tmp_path)
    _language(root, language)
    site = build(root)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == [language]
    assert (site / "pagefind" / f"wasm.{language}.pagefind").is_file()
    home = (site / "index.html").read_text("utf-8")
    assert f'<html lang="{language}"' in home
    module = (site / "assets" / "exchange" / "messages.js").read_text("utf-8")
    assert f'"language": "{language}"' in module


def test_a_language_name_stops_the_build_with_the_code_to_write(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path)
    _language(root, "italian")
    with pytest.raises(Abort):
        build(root)
    assert "theme.language 'italian' is not a language code" in caplog.text
    assert not (root / "site").exists()


def test_a_language_without_a_catalogue_builds_in_english_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path)
    _language(root, "fr")
    with caplog.at_level(logging.WARNING):
        site = build(root, strict=False)
    assert "no translation of the exchange's interface into 'fr'" in caplog.text
    assert '<html lang="fr"' in (site / "index.html").read_text("utf-8")


def test_the_old_language_option_is_refused_with_where_to_set_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - innovation-exchange\n", "  - innovation-exchange:\n      language: it\n"
        )
    )
    with pytest.raises(Abort):
        build(root)
    assert "'language' option is gone" in caplog.text
    assert "content/exchange.yml" in caplog.text


def test_costs_use_the_exchanges_currency_and_country(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    _language(root, "it")
    (root / "content" / "exchange.yml").write_text("country: IT\nlanguage: en\n")
    index = root / "content" / "innovations" / "second-thing" / "index.md"
    index.write_text(
        index.read_text().replace("last_reviewed:", "costs: {setup: 1500}\nlast_reviewed:")
    )
    site = build(root)
    page = (site / "innovations" / "second-thing" / "index.html").read_text("utf-8")
    assert "1.500\xa0€" in page


def test_entries_in_another_language_than_the_interface_say_so(tmp_path: Path) -> None:
    """An Italian interface over English entries: screen readers read the entry's words
    with an English voice, the interface's with an Italian one."""
    root = write_site(tmp_path)
    _language(root, "it")
    (root / "content" / "exchange.yml").write_text("country: IT\nlanguage: en\n")
    site = build(root)
    page = (site / "innovations" / "second-thing" / "index.html").read_text("utf-8")
    assert '<h1 lang="en">Second thing</h1>' in page
    assert '<div class="ix-body" lang="en">' in page
    english = build(write_site(tmp_path / "english"))
    page = (english / "innovations" / "second-thing" / "index.html").read_text("utf-8")
    assert "<h1>Second thing</h1>" in page and 'class="ix-body">' in page
