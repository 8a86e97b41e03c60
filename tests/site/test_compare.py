"""The comparison page as the real build writes it: one static page, kept out of the
search index, pointing at open data the build wrote, and the pages that lead to it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import lxml.html

from generator.pages.compare import MOST


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def test_the_page_is_built_and_not_searchable(built_site: Path) -> None:
    html = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in html
    root = page(built_site, "compare")
    assert root.findtext(".//h1") == "Compare innovations"
    assert root.xpath("//script[@src='../assets/exchange/compare.js']")
    assert (built_site / "assets" / "exchange" / "compare.js").is_file()
    assert (built_site / "assets" / "exchange" / "compare-choice.js").is_file()
    # Without JavaScript: an explanation and a way on, and no table of nothing.
    assert root.xpath("//*[contains(@class, 'ix-compare__nojs')]")
    assert root.xpath("//div[@data-ix-compare-page]//a[@href='../browse/']")
    assert not root.xpath("//table")


def test_the_data_it_reads_is_where_it_says(built_site: Path) -> None:
    """Relative addresses (sub-path sites, copies) of files the build wrote, with every
    field the table shows."""
    (box,) = page(built_site, "compare").xpath("//div[@data-ix-compare-page]")
    here = "https://example.org/sub/compare/"
    site = "https://example.org/sub/"

    def file(attribute: str, name: str = "") -> Path:
        address = urljoin(here, box.get(attribute) + name)
        assert address.startswith(site), address
        return built_site / address.removeprefix(site)

    assert int(box.get("data-most")) == MOST == 4
    assert box.get("data-locale") == "en-GB" and box.get("data-currency") == "GBP"
    assert file("data-pages", "remote-monitoring/").joinpath("index.html").is_file()
    record = json.loads(file("data-innovations", "remote-monitoring.json").read_text())
    for key in ("id", "title", "stage", "regions", "adoptions", "last_reviewed", "evidence"):
        assert key in record, key
    assert record["evidence"]["outcomes"][0]["source"] == "https://example.org/r"
    index = json.loads(file("data-index").read_text())
    assert {row["id"] for row in index["innovations"]} == {"remote-monitoring", "second-thing"}
    vocabularies = json.loads(file("data-vocabularies").read_text())["vocabularies"]
    for name in ("stages", "evidence-levels", "care-settings", "regions", "clinical-areas"):
        assert all(term["label"] for term in vocabularies[name]["terms"]), name


def test_browse_and_innovation_pages_lead_to_it(built_site: Path) -> None:
    browse = page(built_site, "browse")
    (tray,) = browse.xpath("//*[@data-ix-compare-tray]")
    assert tray.xpath(".//a/@href") == ["../compare/"]
    assert browse.xpath("//div[contains(@class, 'ix-static-list')][@data-ix-compare-cards]")
    innovation = page(built_site, "innovations/remote-monitoring")
    (slot,) = innovation.xpath("//*[@data-ix-compare]")
    assert slot.get("data-ix-compare") == "remote-monitoring"
    assert slot.get("data-pagefind-ignore") is not None
    # The buttons are the script's: nothing to press without it.
    assert not innovation.xpath("//button[@aria-pressed]")
