"""Every setting an exchange can make is documented where a maintainer looks."""

from __future__ import annotations

import re
from pathlib import Path

from generator.exchange import ExchangeSettings
from generator.identifiers import IDENTIFIERS
from generator.mkdocs_plugin.config import ExchangeConfig
from generator.models import SECTIONS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def _table_names(heading: str) -> set[str]:
    """The first column of the Markdown table whose header starts with ``heading``."""
    start = README.index(f"| {heading} |")
    rows = README[start:].split("\n\n", 1)[0].splitlines()[2:]
    return {re.sub(r"`", "", row.split("|")[1]).strip() for row in rows}


def test_every_exchange_setting_is_in_the_readme() -> None:
    assert _table_names("setting") == set(ExchangeSettings.model_fields)


def test_every_identifier_check_and_section_id_is_in_the_readme() -> None:
    for name in IDENTIFIERS:
        assert f"`{name}`" in README, name
    for sections in SECTIONS.values():
        for section in sections:
            assert f"`{section.id}`" in README, section.id


def test_every_plugin_option_is_in_the_readme() -> None:
    documented = _table_names("plugin option")
    options = {name for name, _ in ExchangeConfig._schema} - {"enabled", "language"}
    assert documented == options
