"""A regions vocabulary at its limit (2,000 terms, each with a position) in a real build:
the map is not drawn (region_map's MAX_PLACED), so the innovation pages and Insights keep
their tables and bars, and no chart passes the 30 KB a chart may weigh."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator.pages.charts.region_map import MAX_PLACED
from generator.safety.limits import VOCABULARY_TERMS
from tests.site.conftest import build
from tests.site.test_spread import spread_site

CHART_BYTES = 30_000


def _crowded_regions(path: Path) -> None:
    """The regions file rewritten: its own terms and new ones up to the limit, each a point."""
    vocabulary = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = [{"id": t["id"], "label": t["label"]} for t in vocabulary["terms"]]
    terms += [
        {"id": f"region-{i}", "label": f"Region number {i}"}
        for i in range(VOCABULARY_TERMS - len(terms))
    ]
    for i, term in enumerate(terms):
        term["coordinates"] = {"latitude": 40 + i % 20, "longitude": -5 + i // 20 / 10}
    vocabulary["terms"] = terms
    path.write_text(yaml.safe_dump(vocabulary, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = spread_site(tmp_path_factory.mktemp("crowded"))  # dated: a timeline to weigh
    _crowded_regions(root / "content" / "vocabularies" / "regions.yml")
    return build(root)


@pytest.mark.parametrize("page", ["insights/", "innovations/remote-monitoring/"])
def test_no_map_of_thousands_and_every_chart_stays_small(site: Path, page: str) -> None:
    assert VOCABULARY_TERMS > MAX_PLACED
    html = (site / page / "index.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    figures = tree.xpath("//figure[contains(concat(' ', @class, ' '), ' ix-chart ')]")
    assert figures, "the page still has its other charts"
    assert not tree.xpath("//figure[contains(@class, 'ix-chart--map')]")
    assert "North West Coast" in tree.text_content()  # the regions still named, as text
    for figure in figures:
        size = len(lxml.html.tostring(figure))
        assert size <= CHART_BYTES, (figure.get("id"), size)
