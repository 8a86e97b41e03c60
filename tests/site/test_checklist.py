"""The readiness checklist in a real MkDocs build: one page for the exchange
(``checklist/``) when it has a pathway, which every adoption pack links to instead of
carrying the questions; nowhere when it has none. The page's words escaped, its checklist
part free of scripts and relative addresses (a pack shows it in place), the notice only
for an illustrative pathway, the page in the sitemap and out of Pagefind's index, the
script and stylesheets it links published."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
from markupsafe import escape

from generator.catalog import Catalog
from generator.exports import PublishedSite
from generator.loader.content import load_content
from generator.pages import SiteSettings, adoption, build_site
from tests.site.conftest import REPO, build, write_site
from tests.site.test_build import _fragment_urls

PACK = "innovations/remote-monitoring/adopt/index.html"
PAGE = "checklist/index.html"
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
    [part] = tree.xpath("//*[@data-ix-checklist]")
    return part


def _tree(site: Path, path: str):
    return lxml.html.fromstring((site / path).read_bytes())


def _with_site_url(root: Path) -> Path:
    """``root``'s exchange with a ``site_url`` (without one MkDocs' sitemap lists no page)."""
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("site_name:", "site_url: https://x.org/\nsite_name:")
    )
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same small exchange built with the hostile pathway, and without any."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with_pathway = _with_site_url(write_site(tmp_path_factory.mktemp("with")))
    (with_pathway / "content" / "pathway.yml").write_text(HOSTILE_PATHWAY, encoding="utf-8")
    without = _with_site_url(write_site(tmp_path_factory.mktemp("without")))
    return {"with": build(with_pathway), "without": build(without)}


def test_the_checklist_page_has_each_question(sites: dict[str, Path]) -> None:
    tree = _tree(sites["with"], PAGE)
    part = _checklist(tree)
    items = _by_class(part, "ix-checklist__item")
    assert [li.get("data-question") for li in items] == ["ready", "steady"]
    [heading] = tree.xpath("//h1")
    assert (heading.get("id"), heading.text_content()) == ("ix-readiness", "Readiness checklist")
    assert tree.xpath("//title")[0].text_content() == "Readiness checklist – Test Exchange"
    assert tree.xpath("//link[@rel='canonical']")[0].get("href") == "https://x.org/checklist/"
    # Answers here are tied to no innovation: the script finds no pack around them.
    assert not tree.xpath("//*[@data-ix-pack]")
    # Buttons are hidden until the script runs: no control that does nothing.
    assert _by_class(part, "ix-checklist__actions")[0].get("hidden") is not None
    assert not part.xpath(".//input")
    [script] = tree.xpath("//script[@type='module']")
    assert script.get("src") == "../assets/exchange/checklist.js"
    styles = [link.get("href") for link in tree.xpath("//link[@rel='stylesheet']")]
    assert styles == ["../assets/exchange/adopt.css", "../assets/exchange/checklist.css"]
    assets = sites["with"] / "assets" / "exchange"
    for name in ("checklist.js", "checklist.css", "adopt.css", "adopt.js"):
        assert (assets / name).is_file(), name


def test_the_part_a_pack_shows_reads_the_same_anywhere(sites: dict[str, Path]) -> None:
    """A pack fetches the page's checklist part and shows it one folder deeper: it must hold
    no script and no address relative to the page, and no id of the pack's own."""
    part = _checklist(_tree(sites["with"], PAGE))
    assert not part.xpath(".//script | .//link | .//h1 | .//h2")
    addresses = [a for e in part.iter() for n, a in e.attrib.items() if n in ("href", "src")]
    assert addresses and all(a.startswith("https://") for a in addresses), addresses
    ids = [e.get("id") for e in part.iter() if e.get("id")]
    assert ids and all(i.startswith("ix-readiness-") for i in ids), ids


def test_every_pack_links_to_the_page_instead_of_holding_the_questions(
    sites: dict[str, Path],
) -> None:
    packs = sorted(sites["with"].glob("innovations/*/adopt/index.html"))
    assert len(packs) == 2
    for pack in packs:
        html = pack.read_text("utf-8")
        tree = lxml.html.fromstring(html)
        innovation = pack.parent.parent.name
        # The script keeps answers under ix-checklist:<this id> (one key per innovation).
        assert tree.xpath("//main")[0].get("data-ix-pack") == innovation
        [section] = tree.xpath("//section[@aria-labelledby='ix-readiness']")
        assert section.xpath("./h2[@id='ix-readiness']")[0].text_content() == "Readiness checklist"
        assert tree.xpath("//nav//a[@href='#ix-readiness']")  # the contents entry
        [link] = section.xpath(".//a[@data-ix-checklist-from]")
        assert link.get("href") == "../../../checklist/"
        assert link.get("data-ix-address") == "https://x.org/checklist/"  # printed after it
        assert link.text_content() == "Open the readiness checklist"
        [script] = section.xpath(".//script")
        assert (script.get("src"), script.get("type")) == (
            "../../../assets/exchange/checklist.js",
            "module",
        )
        assert tree.xpath("//head/link[@href='../../../assets/exchange/checklist.css']")
        # The questions are on the page only.
        assert not tree.xpath("//*[@data-ix-checklist] | //*[@data-question]")
        for words in ("Ready?", "Steady?", "First &lt;&lt; 1", "Adopting &amp; spreading"):
            assert words not in html, words


def test_the_pathways_words_are_escaped(sites: dict[str, Path]) -> None:
    html = (sites["with"] / PAGE).read_text("utf-8")
    for raw in ('" onmouseover="', '" onfocus="', "<3", "<< 1", "<= 2", "& co"):
        assert raw not in html
    assert "Adopting &amp; spreading &lt;3 &#34; onmouseover=&#34;alert(1)" in html
    tree = lxml.html.fromstring(html)
    part = _checklist(tree)
    [title] = _by_class(part, "ix-checklist__pathway")  # for the packs
    assert title.text_content() == 'Adopting & spreading <3 " onmouseover="alert(1)'
    [heading] = tree.xpath("//h2")  # on the page: the heading of the stages (h3)
    assert heading.text_content() == title.text_content()
    [ready] = part.xpath(".//*[@data-question='ready']/*[@class='ix-checklist__text']")
    assert ready.text_content() == 'Ready? <3 & \'" onfocus="alert(2)'
    [guide] = part.xpath(".//*[@class='ix-checklist__guidance']/a")
    assert guide.text_content() == 'Guide "quoted"'
    assert guide.get("href") == 'https://example.org/guide?x="y"'
    assert not [e for e in tree.iter() if any(a.startswith("on") for a in e.attrib)]
    # The innovation's title in the pack's attribute (write_site's has "&" and "<3").
    pack = _tree(sites["with"], PACK)
    assert pack.xpath("//main")[0].get("data-innovation") == "Remote monitoring & more <3"


def test_the_notice_is_only_for_an_illustrative_pathway(sites: dict[str, Path]) -> None:
    html = (sites["with"] / PAGE).read_text("utf-8")
    assert "ix-checklist__notice" not in html


def test_the_page_is_in_the_sitemap_and_not_in_pagefind(sites: dict[str, Path]) -> None:
    site = sites["with"]
    assert "<loc>https://x.org/checklist/</loc>" in (site / "sitemap.xml").read_text("utf-8")
    indexed = set(_fragment_urls(site / "pagefind").values())
    assert "/innovations/remote-monitoring/" in indexed  # the index is read right
    assert not [url for url in indexed if "checklist" in url or "/adopt/" in url], indexed


def test_without_a_pathway_no_pack_has_a_checklist_and_there_is_no_page(
    sites: dict[str, Path],
) -> None:
    site = sites["without"]
    packs = sorted(site.glob("innovations/*/adopt/index.html"))
    assert packs
    for pack in packs:
        html = pack.read_text("utf-8")
        for words in ("data-ix-checklist", "ix-readiness", "checklist/", "Readiness checklist"):
            assert words not in html, (pack, words)
    assert not (site / "checklist").exists()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/adopt/</loc>" in sitemap and "checklist" not in sitemap


def test_the_pack_no_longer_carries_the_repositorys_checklist() -> None:
    """The repository's sample content, through the plugin's steps (pages, then packs):
    what a pack no longer carries, the checklist part of the shared page, weighs more
    than 10 KB, and what it holds instead, its section with the link, a few hundred bytes.
    (The sample's largest pack was 25,477 bytes with the questions, 14,498 without.)"""
    loaded = load_content(REPO / "content")
    assert loaded.pathway is not None
    catalog = Catalog.build(loaded)
    pages, _assets = build_site(catalog, SiteSettings(exchange=loaded.exchange))
    site = PublishedSite(catalog, bodies={p.url: p.body for p in pages if p.body is not None})
    files = {f.path: f.content.decode("utf-8") for f in adoption.files(site)}
    page = files.pop(PAGE)
    assert len(files) == len(catalog.innovations)
    start = page.index('<div class="ix-checklist" data-ix-checklist>')
    shared = page[start : page.index("</main>")]
    assert len(shared.encode("utf-8")) >= 10_240
    questions = [str(escape(q.text)) for stage in loaded.pathway.stages for q in stage.questions]
    assert all(q in shared for q in questions)
    for path, html in files.items():
        section = html[html.index('<section class="ix-a__readiness"') :]
        section = section[: section.index("</section>")]
        assert len(section.encode("utf-8")) <= 800, (path, section)
        assert not [q for q in questions if q in html], path
