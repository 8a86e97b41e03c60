"""The readiness checklist in a real MkDocs build: on every adoption pack when the
exchange has a pathway, nowhere when it has none; its words escaped; the notice only
for an illustrative pathway; the script and stylesheet it links published."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest

from tests.site.conftest import build, write_site

PACK = "innovations/remote-monitoring/adopt/index.html"
#: What validation lets through (no tags: the fields are plain text) but a page must escape.
HOSTILE_PATHWAY = """\
title: "Adopting & spreading <3 \\" onmouseover=\\"alert(1)"
description: "A & B, 1 < 2 > 0, it's 'quoted'"
sources:
  - {title: "Source & co <= 2", url: "https://example.org/source?a=1&b=2", year: 2020}
stages:
  - id: first
    title: "First << 1 >> stage"
    questions:
      - id: ready
        text: "Ready? <3 & '\\" onfocus=\\"alert(2)"
        guidance:
          - {title: "Guide \\"quoted\\"", url: "https://example.org/guide?x=\\"y\\""}
      - id: steady
        text: Steady?
"""


def _by_class(node, name: str) -> list:
    """The elements under ``node`` with the class ``name``."""
    return node.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def _checklist(tree):
    [section] = tree.xpath("//*[@data-ix-checklist]")
    return section


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same small exchange built with the hostile pathway, and without any."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with_pathway = write_site(tmp_path_factory.mktemp("with"))
    (with_pathway / "content" / "pathway.yml").write_text(HOSTILE_PATHWAY, encoding="utf-8")
    without = write_site(tmp_path_factory.mktemp("without"))
    return {"with": build(with_pathway), "without": build(without)}


def test_every_pack_has_the_checklist_with_each_question(sites: dict[str, Path]) -> None:
    packs = sorted(sites["with"].glob("innovations/*/adopt/index.html"))
    assert len(packs) == 2
    for pack in packs:
        tree = lxml.html.fromstring(pack.read_bytes())
        section = _checklist(tree)
        innovation = pack.parent.parent.name
        # The script keeps answers under ix-checklist:<this id> (one key per innovation).
        assert tree.xpath("//main")[0].get("data-ix-pack") == innovation
        items = _by_class(section, "ix-checklist__item")
        assert [li.get("data-question") for li in items] == ["ready", "steady"]
        assert section.xpath(".//h2")[0].text_content() == "Readiness checklist"
        # Buttons are hidden until the script runs: no control that does nothing.
        assert _by_class(section, "ix-checklist__actions")[0].get("hidden") is not None
        assert not section.xpath(".//input")
        [script] = section.xpath(".//script")
        assert script.get("src") == "../../../assets/exchange/checklist.js"
        assert script.get("type") == "module"
    assets = sites["with"] / "assets" / "exchange"
    assert (assets / "checklist.js").is_file() and (assets / "checklist.css").is_file()


def test_the_pathways_words_are_escaped(sites: dict[str, Path]) -> None:
    html = (sites["with"] / PACK).read_text("utf-8")
    for raw in ('" onmouseover="', '" onfocus="', "<3", "<< 1", "<= 2", "& co"):
        assert raw not in html
    assert "Adopting &amp; spreading &lt;3 &#34; onmouseover=&#34;alert(1)" in html
    tree = lxml.html.fromstring(html)
    section = _checklist(tree)
    # The innovation's title in an attribute (write_site's has "&" and "<3").
    assert tree.xpath("//main")[0].get("data-innovation") == "Remote monitoring & more <3"
    [title] = _by_class(section, "ix-checklist__pathway")
    assert title.text_content() == 'Adopting & spreading <3 " onmouseover="alert(1)'
    [ready] = section.xpath(".//*[@data-question='ready']/*[@class='ix-checklist__text']")
    assert ready.text_content() == 'Ready? <3 & \'" onfocus="alert(2)'
    [guide] = section.xpath(".//*[@class='ix-checklist__guidance']/a")
    assert guide.text_content() == 'Guide "quoted"'
    assert guide.get("href") == 'https://example.org/guide?x="y"'
    assert not [e for e in section.iter() if any(a.startswith("on") for a in e.attrib)]


def test_the_notice_is_only_for_an_illustrative_pathway(sites: dict[str, Path]) -> None:
    html = (sites["with"] / PACK).read_text("utf-8")
    assert "ix-checklist__notice" not in html


def test_without_a_pathway_no_pack_has_a_checklist(sites: dict[str, Path]) -> None:
    packs = sorted(sites["without"].glob("innovations/*/adopt/index.html"))
    assert packs
    for pack in packs:
        assert "data-ix-checklist" not in pack.read_text("utf-8")
