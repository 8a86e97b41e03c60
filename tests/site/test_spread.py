"""An innovation's spread on its page (generator/pages/spread.py): the timeline of its
start and adoptions and the map of the regions it reached, from a real build; and the
page built again when a case study's date or region changes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import html

from generator.catalog import Catalog
from generator.pages import PageCache, SiteSettings, build_site
from generator.pages.markdown import BodyRenderer
from generator.validation import validate
from tests.site.conftest import CASE_STUDY, build, write_site

PAGE = "innovations/remote-monitoring/"
SECOND = CASE_STUDY.replace("Example Hospital NHS Trust", "Tamar Example Trust").replace(
    "region: north-west-coast", "region: south-west\nadopted: '2023-09'"
)


def spread_site(root: Path) -> Path:
    """The small exchange, its first innovation started in April 2019, adopted in its
    own region (North West Coast) in March 2022 and in the South West in September 2023."""
    write_site(root)
    folder = root / "content" / "innovations" / "remote-monitoring"
    index = folder / "index.md"
    index.write_text(index.read_text().replace("stage:", "started: '2019-04'\nstage:", 1))
    first = folder / "case-studies" / "example-hospital.md"
    first.write_text(first.read_text().replace("status:", "adopted: '2022-03-14'\nstatus:", 1))
    (folder / "case-studies" / "tamar-example.md").write_text(SECOND)
    return root


def rows(tree: html.HtmlElement, chart: str) -> list[list[str]]:
    return [
        [cell.text_content() for cell in row]
        for row in tree.xpath(f"//figure[@id='{chart}']//tbody/tr")
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return build(spread_site(tmp_path_factory.mktemp("spread")))


def test_the_timeline_shows_the_start_and_each_dated_adoption(site: Path) -> None:
    tree = html.fromstring((site / PAGE / "index.html").read_text())
    assert rows(tree, "spread-timeline") == [
        ["April 2019", "Started", "Example Trust"],
        ["14 March 2022", "Adopted", "Example Hospital NHS Trust, North West Coast"],
        ["September 2023", "Adopted", "Tamar Example Trust, South West"],
    ]
    link = tree.xpath("//figure[@id='spread-timeline']//tbody//a/@href")
    assert link == ["case-studies/example-hospital/", "case-studies/tamar-example/"]
    svg = tree.xpath("//figure[@id='spread-timeline']/svg")[0]
    assert svg.get("aria-labelledby") == "spread-timeline-title"


def test_the_map_shows_its_own_region_and_where_it_was_adopted(site: Path) -> None:
    tree = html.fromstring((site / PAGE / "index.html").read_text())
    assert rows(tree, "spread-map") == [["North West Coast", "1", "Yes"], ["South West", "1", "No"]]
    svg = tree.xpath("//figure[@id='spread-map']/svg")[0]
    on_fill = [t.text for t in svg.xpath("g[@class='ix-chart__on-bar']/text")]
    assert on_fill == ["NWC", "1", "SW", "1"]
    (band,) = svg.xpath("g[@fill='url(#spread-map-hatch)']/rect")
    filled = svg.xpath("g[@class='ix-chart__bar']/rect/@x")
    assert band.get("x") in filled  # its own region, and adopted there
    regions = tree.xpath("//figure[@id='spread-map']//tbody//a/@href")
    assert regions == ["../../browse/regions/north-west-coast/", "../../browse/regions/south-west/"]


def test_no_timeline_without_two_dated_events_but_a_map_of_its_own_region(site: Path) -> None:
    page = (site / "innovations" / "second-thing" / "index.html").read_text()
    tree = html.fromstring(page)
    assert not tree.xpath("//*[@id='spread-timeline']")
    assert rows(tree, "spread-map") == [["North West Coast", "0", "Yes"]]


def _pages(content: Path, cache: PageCache) -> dict[str, str]:
    loaded, _ = validate(content)
    pages, _ = build_site(Catalog.build(loaded), SiteSettings(), BodyRenderer(), cache)
    return {p.url: p.html for p in pages}


def test_a_case_studys_new_date_or_region_builds_the_page_again(tmp_path: Path) -> None:
    content = spread_site(tmp_path) / "content"
    cache = PageCache()
    before = _pages(content, cache)[PAGE]
    study = content / "innovations" / "remote-monitoring" / "case-studies" / "tamar-example.md"
    study.write_text(
        study.read_text()
        .replace("adopted: '2023-09'", "adopted: '2024-02'")
        .replace("region: south-west", "region: wessex")
    )
    warm = _pages(content, cache)
    cold = _pages(content, PageCache())
    assert warm == cold
    after = html.fromstring(warm[PAGE])
    assert rows(after, "spread-timeline")[-1] == [
        "February 2024",
        "Adopted",
        "Tamar Example Trust, Wessex",
    ]
    assert ["Wessex", "1", "No"] in rows(after, "spread-map")
    assert warm[PAGE] != before


def test_regions_without_positions_draw_no_map(tmp_path: Path) -> None:
    content = spread_site(tmp_path) / "content"
    regions = content / "vocabularies" / "regions.yml"
    regions.write_text(re.sub(r"\n    tile: .*", "", regions.read_text()))
    page = html.fromstring(_pages(content, PageCache())[PAGE])
    assert page.xpath("//*[@id='spread-timeline']") and not page.xpath("//*[@id='spread-map']")
