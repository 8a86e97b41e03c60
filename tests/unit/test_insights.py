"""The Insights page's counts and charts on a synthetic catalogue of 2,000 innovations
(``exchange synthetic``): each chart stays small, and the numbers agree with counts made
here from the entries one by one."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date

import pytest

from generator.catalog import Catalog
from generator.loader.content import load_content
from generator.pages import insights
from generator.synthetic import generate
from tests.site.test_insights import CHARTS

#: The issue's limit for one chart.
CHART_BYTES = 30_000
TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder = tmp_path_factory.mktemp("synthetic") / "content"
    generate(folder, 2000)
    return Catalog.build(load_content(folder), today=TODAY)


def months_later(day: str, months: int) -> date:
    """A ``YYYY[-MM[-DD]]`` date plus whole months (the day kept, or the month's last)."""
    parts = [int(p) for p in day.split("-")] + [1, 1]
    year, month = divmod(parts[0] * 12 + parts[1] - 1 + months, 12)
    return date(year, month + 1, min(parts[2], calendar.monthrange(year, month + 1)[1]))


def test_each_chart_is_at_most_30_kb(catalog: Catalog) -> None:
    assert len(catalog.innovations) == 2000 and len(catalog.adoptions_by_year) > 10
    charts = [chart for section in insights.sections(catalog) for chart in section.charts]
    ids = [re.search(r'<figure [^>]*id="([^"]+)"', str(c)).group(1) for c in charts]
    assert ids == CHARTS
    sizes = {i: len(str(c).encode()) for i, c in zip(ids, charts, strict=True)}
    assert max(sizes.values()) <= CHART_BYTES, sizes


def test_freshness_agrees_with_months_since_the_review(catalog: Catalog) -> None:
    kinds = Counter()
    for entry in catalog.innovations:
        last = entry.fields.last_reviewed
        expected = (
            "recent"
            if months_later(last, 6) >= TODAY
            else "due"
            if months_later(last, 12) >= TODAY
            else "overdue"
        )
        assert catalog.freshness(entry) == expected, entry.fields.last_reviewed
        kinds[expected] += 1
    assert len(kinds) == 3  # the synthetic catalogue has each kind, so the test can fail
    bars = insights.freshness_bars(catalog, insights.Browse())
    assert [b.value for b in bars] == [kinds["recent"], kinds["due"], kinds["overdue"]]


def test_adoptions_per_year_fill_the_empty_years_and_end_with_the_undated(
    catalog: Catalog,
) -> None:
    years = Counter(
        int(cs.fields.adopted[:4]) if cs.fields.adopted else None for cs in catalog.case_studies
    )
    bars = insights.year_bars(catalog, insights.Browse())
    dated = [y for y in years if y is not None]
    assert [b.label for b in bars[:-1]] == [str(y) for y in range(max(dated), min(dated) - 1, -1)]
    assert [b.value for b in bars[:-1]] == [years[int(b.label)] for b in bars[:-1]]
    assert (bars[-1].label, bars[-1].value) == ("Date not recorded", years[None])
    assert bars[-1].href == "../browse/?adopted=not-recorded"
    assert all((b.href is None) == (b.value == 0) for b in bars)


def test_a_long_run_of_years_lists_only_the_years_with_adoptions(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(insights, "YEAR_SPAN", 3)
    bars = insights.year_bars(catalog, insights.Browse())
    assert all(b.value for b in bars)
    assert [b.label for b in bars[:-1]] == [str(y) for y in catalog.adoptions_by_year if y]
