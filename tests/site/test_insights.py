"""The Insights page, built for real from the repository's own content: every chart is
there, its numbers are the counts of the content files (counted here, directly from
the files), and each number links to browse filtered to what it counts."""

from __future__ import annotations

import calendar
import gzip
import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.site.conftest import build, write_site

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
CHARTS = [
    "insights-stages",
    "insights-evidence",
    "insights-clinical-areas",
    "insights-region-map",
    "insights-regions",
    "insights-adoptions",
    "insights-reviews",
]


# --- the content, read directly -------------------------------------------------------------


def front(path: Path) -> dict:
    _, matter, _ = path.read_text(encoding="utf-8-sig").split("---", 2)
    return yaml.safe_load(matter)


def vocabulary(name: str) -> list[dict]:
    return yaml.safe_load((CONTENT / "vocabularies" / f"{name}.yml").read_text("utf-8"))["terms"]


def innovations() -> list[dict]:
    return [front(p) for p in sorted(CONTENT.glob("innovations/*/index.md"))]


def case_studies() -> list[dict]:
    return [front(p) for p in sorted(CONTENT.glob("innovations/*/case-studies/*.md"))]


def months_later(day: str, months: int) -> date:
    """A ``YYYY[-MM[-DD]]`` date plus whole months (the day kept, or the month's last)."""
    parts = [int(p) for p in str(day).split("-")] + [1, 1]
    year, month = divmod(parts[0] * 12 + parts[1] - 1 + months, 12)
    return date(year, month + 1, min(parts[2], calendar.monthrange(year, month + 1)[1]))


def freshness(last_reviewed: str, today: date) -> str:
    """Reviewed in the last six months, in the six before, or longer ago (overdue)."""
    if months_later(last_reviewed, 6) >= today:
        return "recent"
    return "due" if months_later(last_reviewed, 12) >= today else "overdue"


# --- the built page ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    for name in ("mkdocs.yml", "docs", "content"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    return build(root)


@pytest.fixture(scope="module")
def page(site: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / "insights" / "index.html").read_bytes())


def rows(page: lxml.html.HtmlElement, chart: str) -> list[tuple[str, int, str | None]]:
    """A chart's table: (label, number, the label's link) per row, in order."""
    found = []
    for row in page.get_element_by_id(chart).findall(".//table/tbody/tr"):
        head, *cells = row
        links = head.findall(".//a")
        number = int(cells[0].text_content().replace(",", ""))
        found.append((head.text_content(), number, links[0].get("href") if links else None))
    return found


def browse(name: str, value: str) -> str:
    return f"../browse/?{name}={value}"


def test_every_chart_is_on_the_page_in_order(page: lxml.html.HtmlElement) -> None:
    ids = [f.get("id") for f in page.iter("figure")]
    assert ids == CHARTS
    for chart in CHARTS:
        figure = page.get_element_by_id(chart)
        svg = figure.find(".//svg")
        assert svg is not None and svg.get("role") == "img", chart
        assert figure.find(".//table/caption") is not None, chart


def test_stage_and_evidence_bars_count_the_innovations_in_vocabulary_order(
    page: lxml.html.HtmlElement,
) -> None:
    entries = innovations()
    for chart, vocab, value in [
        ("insights-stages", "stages", lambda f: f["stage"]),
        ("insights-evidence", "evidence-levels", lambda f: f["evidence"]["level"]),
    ]:
        counts = Counter(value(f) for f in entries)
        expected = [
            (t["label"], counts[t["id"]], browse(vocab, t["id"]) if counts[t["id"]] else None)
            for t in vocabulary(vocab)
        ]
        assert rows(page, chart) == expected, chart


@pytest.mark.parametrize(
    ("chart", "vocab", "field"),
    [
        ("insights-clinical-areas", "clinical-areas", "clinical_areas"),
        ("insights-regions", "regions", "regions"),
        ("insights-region-map", "regions", "regions"),
    ],
)
def test_clinical_areas_and_regions_list_every_term_in_use_most_first(
    page: lxml.html.HtmlElement, chart: str, vocab: str, field: str
) -> None:
    counts = Counter(term for f in innovations() for term in f.get(field) or ())
    labels = {t["id"]: t["label"] for t in vocabulary(vocab)}
    expected = {(labels[t], n, browse(vocab, t)) for t, n in counts.items()}
    found = rows(page, chart)
    assert set(found) == expected
    if chart != "insights-region-map":  # the map's table is in vocabulary order
        assert [n for _, n, _ in found] == sorted((n for _, n, _ in found), reverse=True)


def test_clinical_areas_draw_the_top_ten_and_table_the_rest(page: lxml.html.HtmlElement) -> None:
    figure = page.get_element_by_id("insights-clinical-areas")
    in_use = len({t for f in innovations() for t in f.get("clinical_areas") or ()})
    assert in_use > 10  # else the test says nothing
    (bars,) = figure.find_class("ix-chart__bar")  # the bars are drawn in one group
    assert len([shape for shape in bars if shape.tag == "rect"]) == 10
    assert f"{in_use - 10} more in the table" in figure.text_content()


def test_adoptions_per_year_count_case_studies_with_the_undated_last(
    page: lxml.html.HtmlElement,
) -> None:
    years = Counter(
        int(str(cs["adopted"])[:4]) if cs.get("adopted") else None for cs in case_studies()
    )
    dated = [y for y in years if y is not None]
    assert len(dated) >= 3 and years[None]  # the content makes the chart say something
    expected = [
        (str(y), years[y], browse("adopted", str(y)) if years[y] else None)
        for y in range(max(dated), min(dated) - 1, -1)
    ]
    expected.append(("Date not recorded", years[None], browse("adopted", "not-recorded")))
    assert rows(page, "insights-adoptions") == expected
    assert sum(n for _, n, _ in expected) == len(case_studies())


def test_review_freshness_counts_every_innovation(page: lxml.html.HtmlElement) -> None:
    counts = Counter(freshness(f["last_reviewed"], date.today()) for f in innovations())
    labels = {
        "recent": "Reviewed in the last 6 months",
        "due": "Reviewed 6 to 12 months ago",
        "overdue": "Review overdue",
    }
    expected = [(labels[k], counts[k], browse("review", k) if counts[k] else None) for k in labels]
    assert rows(page, "insights-reviews") == expected


def test_headline_numbers_are_the_catalogue_counts(page: lxml.html.HtmlElement) -> None:
    published = [
        p
        for p in CONTENT.glob("scouts/*.yml")
        if yaml.safe_load(p.read_text("utf-8")).get("publish")
    ]
    numbers = [int(s.text_content()) for s in page.find_class("ix-counts")[0].iter("strong")]
    assert numbers[0] == len(innovations())
    assert numbers[1] == len(case_studies())
    assert numbers[3] == len(published)


def test_the_links_are_in_the_tables_not_in_the_pictures(page: lxml.html.HtmlElement) -> None:
    """A picture is one image to assistive technology (no links inside); its table has
    a link for every row with a number."""
    for chart in CHARTS:
        figure = page.get_element_by_id(chart)
        assert not figure.findall(".//svg//a"), chart
        listed = rows(page, chart)
        assert listed and all((href is None) == (n == 0) for _, n, href in listed), chart


def test_innovation_pages_declare_the_filters_the_links_use(site: Path) -> None:
    """Browse filters by Pagefind filters the innovation pages declare: the years of
    their adoptions and their review's freshness, with the labels browse shows."""
    html = (site / "innovations" / "remote-copd-monitoring" / "index.html").read_text("utf-8")
    adopted = re.findall(r'data-pagefind-filter="adopted">([^<]*)<', html)
    assert adopted == ["2025", "2023", "2022", "Date not recorded"]
    assert len(re.findall(r'data-pagefind-filter="review">', html)) == 1
    data = (site / "browse" / "index.html").read_text("utf-8")
    facets = json.loads(re.search(r'class="ix-browser__data">(.*?)</script>', data).group(1))
    by_name = {f["name"]: f for f in facets["facets"]}
    assert [t["id"] for t in by_name["adopted"]["terms"]][-1] == "not-recorded"
    assert [t["id"] for t in by_name["review"]["terms"]] == ["recent", "due", "overdue"]


def test_the_page_is_in_the_navigation_and_not_in_search(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    assert re.search(r'<a href="insights/" class="md-tabs__link">\s*Insights\s*</a>', home)
    fragments = [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in (site / "pagefind" / "fragment").iterdir()
    ]
    assert any("/innovations/" in f for f in fragments)
    assert not any("/insights/" in f for f in fragments)


def test_hostile_labels_are_escaped(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    stages = root / "content" / "vocabularies" / "stages.yml"
    stages.write_text(
        stages.read_text("utf-8").replace(
            "label: Spreading", "label: \"</title><script>alert('x')</script>\""
        )
    )
    html = (build(root) / "insights" / "index.html").read_text("utf-8")
    assert "<script>alert(" not in html
    assert "&lt;/title&gt;&lt;script&gt;alert(" in html


def test_an_empty_exchange_says_the_charts_are_to_come(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    shutil.rmtree(root / "content" / "innovations")
    (root / "content" / "innovations").mkdir()
    html = (build(root) / "insights" / "index.html").read_text("utf-8")
    assert "<figure" not in html
    assert "once the exchange has its first innovation" in html


def test_a_new_year_of_adoption_reaches_browse_and_insights_on_a_warm_rebuild(
    tmp_path: Path,
) -> None:
    """``mkdocs serve`` reuses unchanged listings: browse's facet of years is part of
    its page's key, so a case study's new date shows there as in a cold build."""
    from generator.catalog import Catalog
    from generator.pages import PageCache, SiteSettings, build_site
    from generator.pages.markdown import BodyRenderer
    from generator.validation import validate

    def pages(cache: PageCache, renderer: BodyRenderer) -> dict[str, str]:
        loaded, _report = validate(content)
        built, _assets = build_site(Catalog.build(loaded), SiteSettings(), renderer, cache)
        return {p.url: p.html for p in built}

    content = write_site(tmp_path) / "content"
    cache, renderer = PageCache(), BodyRenderer()
    before = pages(cache, renderer)
    assert "?adopted=1999" not in before["insights/"]
    study = content / "innovations" / "remote-monitoring" / "case-studies" / "example-hospital.md"
    study.write_text(study.read_text().replace("status: live", "adopted: '1999-05'\nstatus: live"))
    warm, cold = pages(cache, renderer), pages(PageCache(), BodyRenderer())
    for url in ("browse/", "insights/", "innovations/remote-monitoring/"):
        assert warm[url] == cold[url], url
        assert warm[url] != before[url], url
    assert re.search(r'"id":\s*"1999"', warm["browse/"])
    assert "?adopted=1999" in warm["insights/"]
