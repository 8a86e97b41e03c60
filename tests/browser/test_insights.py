"""The Insights page in a real browser: a chart's bar or its table row leads to browse
showing exactly the innovations it counts (compared with the content files), the
filter is shown and can be removed, and the page asks nothing of another origin."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import CONTENT, innovations, wait_for_browser
from tests.site.test_insights import case_studies, freshness, front

pytestmark = pytest.mark.browser

CARDS = ".ix-browser__output .ix-card__title"


def shown_titles(page, count: int) -> set[str]:
    """The titles browse shows, once it shows ``count`` of them."""
    wait_for_browser(page)
    expect(page.locator(CARDS)).to_have_count(count)
    return {t.strip() for t in page.locator(CARDS).all_inner_texts()}


def adopted_in(year: int) -> set[str]:
    """Titles of the innovations with a case study adopted in ``year``, from the files."""
    titles = set()
    for path in CONTENT.glob("innovations/*/case-studies/*.md"):
        adopted = front(path).get("adopted")
        if adopted and int(str(adopted)[:4]) == year:
            titles.add(front(path.parent.parent / "index.md")["title"])
    return titles


def test_the_spreading_bar_leads_to_the_spreading_innovations(page) -> None:
    spreading = {i.title for i in innovations().values() if i.stage == "spreading"}
    assert len(spreading) >= 3
    page.goto("insights/")
    figure = page.locator("#insights-stages")
    figure.locator("summary").click()  # the figures as a table, each row a link
    figure.get_by_role("link", name="Spreading", exact=True).click()
    expect(page).to_have_url(re.compile(r"/browse/\?stages=spreading$"))
    assert shown_titles(page, len(spreading)) == spreading
    expect(page.locator("#ix-innovation-stages-spreading")).to_be_checked()


def test_a_year_leads_to_the_innovations_adopted_that_year_and_can_be_removed(page) -> None:
    year = 2023
    expected = adopted_in(year)
    assert len(expected) >= 3  # several innovations, so "exactly those" says something
    page.goto("insights/")
    figure = page.locator("#insights-adoptions")
    figure.locator("summary").click()  # the table, as a keyboard or screen reader user reads it
    row = figure.locator("tbody tr").filter(has=page.get_by_role("link", name=str(year)))
    assert int(row.locator("td").inner_text()) == sum(
        1 for cs in case_studies() if str(cs.get("adopted", ""))[:4] == str(year)
    )
    row.get_by_role("link", name=str(year)).click()
    expect(page).to_have_url(re.compile(rf"/browse/\?adopted={year}$"))
    assert shown_titles(page, len(expected)) == expected
    # Shown as a filter that is on, in its facet, and removable like any other.
    box = page.locator(f"#ix-innovation-adopted-{year}")
    expect(box).to_be_checked()
    expect(page.locator("details.ix-facet summary", has_text="Adopted in")).to_have_text(
        "Adopted in (1 selected)"
    )
    box.uncheck()
    expect(page).to_have_url(re.compile(r"/browse/$"))
    assert shown_titles(page, len(innovations())) == {i.title for i in innovations().values()}


def test_review_freshness_leads_to_the_innovations_it_counts(page) -> None:
    today = date.today()
    overdue = {
        i.title for i in innovations().values() if freshness(i.last_reviewed, today) == "overdue"
    }
    assert overdue
    page.goto("insights/")
    figure = page.locator("#insights-reviews")
    figure.locator("summary").click()
    figure.get_by_role("link", name="Review overdue").click()
    expect(page).to_have_url(re.compile(r"/browse/\?review=overdue$"))
    assert shown_titles(page, len(overdue)) == overdue


def test_the_charts_need_no_script_and_no_other_origin(browser, site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    try:
        tab = context.new_page()
        tab.goto("insights/")
        expect(tab.locator("figure.ix-chart > svg")).to_have_count(7)
        tab.locator("#insights-stages summary").click()
        expect(tab.locator("#insights-stages table")).to_be_visible()
    finally:
        context.close()
    assert requested and all(url.startswith(site.url) for url in requested), requested
