"""What a reader does in a real browser: search, filter, sort, share a filtered view,
follow an entry's links, read on a phone, and read with JavaScript off."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from generator.issue_forms.site import read_site_settings
from tests.browser.browser_support import (
    CONTENT,
    REPO,
    by_title,
    innovations,
    published_scouts,
    wait_for_browser,
)

pytestmark = pytest.mark.browser

CARDS = ".ix-browser__output .ix-card__title"
INNOVATION_PATH = re.compile(r"^/innovations/([a-z0-9-]+)/$")


def status(page) -> str:
    return page.locator(".ix-browser__status").inner_text()


def matches(n: int) -> str:
    return f"{n} innovation{'s' if n != 1 else ''} match{'es' if n == 1 else ''}."


def card_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(CARDS).all_inner_texts()]


def facet_count(page, vocab: str, term: str) -> int:
    text = page.locator(f'label[for="ix-innovation-{vocab}-{term}"] .ix-count').inner_text()
    return int(text.strip("()"))


def open_facet(page, vocab: str) -> None:
    facet = page.locator("details.ix-facet").filter(
        has=page.locator(f'[id^="ix-innovation-{vocab}-"]')
    )
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()


def facet_terms(page, vocab: str) -> list[str]:
    prefix = f"ix-innovation-{vocab}-"
    ids = page.locator(f'input[id^="{prefix}"]').evaluate_all("els => els.map(e => e.id)")
    return [i.removeprefix(prefix) for i in ids]


def wait_for_status(page, text: str) -> None:
    expect(page.locator(".ix-browser__status")).to_have_text(text)


def wait_for_order(page, key: dict[str, object], count: int) -> None:
    """Wait until the cards are all shown and ordered by ``key`` (title -> value), descending."""
    page.wait_for_function(
        """([selector, key, count]) => {
            const titles = [...document.querySelectorAll(selector)]
                .map((e) => e.textContent.trim());
            if (titles.length !== count) return false;
            for (let i = 1; i < titles.length; i++) {
                if (!(titles[i] in key) || key[titles[i - 1]] < key[titles[i]]) return false;
            }
            return true;
        }""",
        arg=[CARDS, key, count],
    )


# --- header search ---------------------------------------------------------------------------


def test_header_search_shows_matching_innovations_with_highlighted_excerpts(page):
    page.goto("")
    page.locator("#ix-search-input").click()
    page.keyboard.type("oxygen", delay=20)
    results = page.locator("#ix-search-results")
    expect(results).to_be_visible()
    expect(page.locator("#ix-search-status")).to_contain_text("for oxygen")

    links = page.locator(".ix-search__list a.ix-search__link")
    hrefs = [urlsplit(h).path for h in links.evaluate_all("els => els.map(a => a.href)")]
    assert "/innovations/remote-copd-monitoring/" in hrefs
    copd = links.filter(has_text="Remote monitoring for people with COPD")
    expect(copd.locator(".ix-search__kind")).to_have_text("Innovation")
    # Every excerpt highlights the typed word, and only as text (no markup from content).
    excerpts = page.locator(".ix-search__excerpt")
    assert excerpts.count() == links.count() >= 1
    for i in range(excerpts.count()):
        marks = excerpts.nth(i).locator("mark").all_inner_texts()
        assert marks, f"result {i} has no highlighted excerpt"
        assert all(m.lower().startswith("oxygen") for m in marks), marks
        assert excerpts.nth(i).locator(":not(mark)").count() == 0


def test_header_search_says_when_nothing_matches(page):
    page.goto("")
    page.locator("#ix-search-input").fill("zzzqqqxxy")
    expect(page.locator(".ix-search__empty")).to_be_visible()
    expect(page.locator("#ix-search-status")).to_have_text("No results for zzzqqqxxy")


# --- browse: facets, counts, combining, URL, sorting -----------------------------------------


def test_a_facet_narrows_the_cards_and_its_counts(page):
    everything = innovations()
    page.goto("browse/")
    assert wait_for_browser(page) == matches(len(everything))
    assert sorted(card_titles(page)) == sorted(i.title for i in everything.values())

    open_facet(page, "stages")
    stages = Counter(i.stage for i in everything.values())
    for term in facet_terms(page, "stages"):
        if stages[term]:
            assert facet_count(page, "stages", term) == stages[term], term

    page.locator("#ix-innovation-stages-spreading").check()
    spreading = [i for i in everything.values() if i.stage == "spreading"]
    wait_for_status(page, matches(len(spreading)))
    assert sorted(card_titles(page)) == sorted(i.title for i in spreading)
    assert all(
        "Spreading" in f
        for f in page.locator(".ix-browser__output .ix-card__facts").all_inner_texts()
    )
    expect(page.locator("details.ix-facet summary").first).to_have_text("Stage (1 selected)")

    # A facet's own counts ignore its own selection, so other stages can be added ...
    for term in facet_terms(page, "stages"):
        if stages[term]:
            assert facet_count(page, "stages", term) == stages[term], term
    # ... and every other facet counts within the selection, hiding terms with none.
    open_facet(page, "clinical-areas")
    areas = Counter(a for i in spreading for a in i.clinical_areas)
    for term in facet_terms(page, "clinical-areas"):
        item = page.locator(f'label[for="ix-innovation-clinical-areas-{term}"]')
        if areas[term]:
            assert facet_count(page, "clinical-areas", term) == areas[term], term
            expect(item).to_be_visible()
        else:
            expect(item).to_be_hidden()


def test_two_facets_combine(page):
    everything = innovations().values()
    page.goto("browse/")
    wait_for_browser(page)
    open_facet(page, "stages")
    open_facet(page, "clinical-areas")

    # Within a facet, any of the chosen terms.
    page.locator("#ix-innovation-stages-spreading").check()
    page.locator("#ix-innovation-stages-proven").check()
    either = [i for i in everything if i.stage in ("spreading", "proven")]
    wait_for_status(page, matches(len(either)))
    assert sorted(card_titles(page)) == sorted(i.title for i in either)

    # Across facets, all of them.
    page.locator("#ix-innovation-clinical-areas-respiratory").check()
    both = [i for i in either if "respiratory" in i.clinical_areas]
    assert both, "the content should have a spreading or proven respiratory innovation"
    wait_for_status(page, matches(len(both)))
    assert sorted(card_titles(page)) == sorted(i.title for i in both)
    expect(page).to_have_url(
        re.compile(r"/browse/\?stages=proven%2Cspreading&clinical-areas=respiratory$")
    )


def test_the_url_reflects_the_filters_and_reloading_restores_them(page):
    everything = innovations().values()
    page.goto("browse/?stages=spreading&clinical-areas=respiratory&sort=adopted")
    wait_for_browser(page)
    chosen = [i for i in everything if i.stage == "spreading" and "respiratory" in i.clinical_areas]
    wait_for_status(page, matches(len(chosen)))
    expect(page.locator("#ix-innovation-stages-spreading")).to_be_checked()
    expect(page.locator("#ix-innovation-clinical-areas-respiratory")).to_be_checked()
    expect(page.locator("#ix-innovation-sort")).to_have_value("adopted")
    assert sorted(card_titles(page)) == sorted(i.title for i in chosen)

    # Changing the filters rewrites the URL ...
    open_facet(page, "clinical-areas")
    page.locator("#ix-innovation-clinical-areas-respiratory").uncheck()
    expect(page).to_have_url(re.compile(r"/browse/\?stages=spreading&sort=adopted$"))
    spreading = [i for i in everything if i.stage == "spreading"]
    wait_for_status(page, matches(len(spreading)))

    # ... and reloading it restores exactly that view.
    page.reload()
    wait_for_status(page, matches(len(spreading)))
    expect(page.locator("#ix-innovation-stages-spreading")).to_be_checked()
    expect(page.locator("#ix-innovation-clinical-areas-respiratory")).not_to_be_checked()
    expect(page.locator("#ix-innovation-sort")).to_have_value("adopted")
    wait_for_order(page, {i.title: i.adoptions for i in spreading}, len(spreading))

    # A search term in the URL (the header search without JavaScript submits there).
    page.goto("browse/?q=oxygen")
    wait_for_browser(page)
    expect(page.locator("#ix-innovation-q")).to_have_value("oxygen")
    assert "Remote monitoring for people with COPD" in card_titles(page)


def test_sorting_by_title_newest_and_most_adopted(page):
    everything = list(innovations().values())
    page.goto("browse/")
    wait_for_browser(page)
    expect(page.locator("#ix-innovation-sort")).to_have_value("title")
    expect(page.locator(CARDS)).to_have_text(
        [i.title for i in sorted(everything, key=lambda i: i.title.lower())]
    )

    page.locator("#ix-innovation-sort").select_option("newest")
    expect(page).to_have_url(re.compile(r"\?sort=newest$"))
    wait_for_order(page, {i.title: i.last_reviewed for i in everything}, len(everything))
    dates = [by_title()[t].last_reviewed for t in card_titles(page)]
    assert dates == sorted(dates, reverse=True)

    page.locator("#ix-innovation-sort").select_option("adopted")
    expect(page).to_have_url(re.compile(r"\?sort=adopted$"))
    wait_for_order(page, {i.title: i.adoptions for i in everything}, len(everything))
    counts = [by_title()[t].adoptions for t in card_titles(page)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]

    page.locator("#ix-innovation-sort").select_option("title")
    expect(page).to_have_url(re.compile(r"/browse/$"))


# --- an innovation's links -------------------------------------------------------------------


def test_an_innovations_case_studies_and_scouts_resolve(page, site):
    entry = innovations()["remote-copd-monitoring"]
    page.goto(f"innovations/{entry.id}/")
    body = page.locator(".ix-entry--innovation")

    case_studies = body.locator('a[href*="case-studies/"]')
    found = {urlsplit(h).path for h in case_studies.evaluate_all("els => els.map(a => a.href)")}
    assert found == {f"/innovations/{entry.id}/case-studies/{cs}/" for cs in entry.case_studies}

    scouts = body.locator('a[href*="scouts/"]')
    shown = {urlsplit(h).path for h in scouts.evaluate_all("els => els.map(a => a.href)")}
    expected = {f"/scouts/{s}/" for s in entry.scouts if s in published_scouts()}
    assert shown == expected and expected

    for path in sorted(found | shown):
        response = page.request.get(site(path))
        assert response.status == 200, f"{path}: HTTP {response.status}"
    # And a case study links back to its innovation.
    page.goto(sorted(found)[0])
    back = page.get_by_role("link", name=f"Back to {entry.title}")
    back.click()
    expect(page).to_have_url(site(f"innovations/{entry.id}/"))


def test_suggest_an_edit_points_to_the_source_file(page):
    repo = read_site_settings(REPO / "mkdocs.yml").repo_url
    assert repo == "https://github.com/innovation-exchange/innovation-exchange"
    entry = innovations()["remote-copd-monitoring"]
    case_study, scout = entry.case_studies[0], entry.scouts[0]
    folder = f"innovations/{entry.id}"
    cases = [
        (f"{folder}/", f"content/{folder}/index.md"),
        (f"{folder}/case-studies/{case_study}/", f"content/{folder}/case-studies/{case_study}.md"),
        (f"scouts/{scout}/", f"content/scouts/{scout}.yml"),
    ]
    for path, source in cases:
        assert (REPO / source).is_file(), source
        page.goto(path)
        link = page.locator(".ix-edit a")
        expect(link).to_have_attribute("href", f"{repo}/edit/main/{source}")
        expect(link).to_have_accessible_name(re.compile(r"^Suggest an edit"))


# --- a 375-pixel-wide phone ------------------------------------------------------------------


@pytest.fixture
def phone(browser, site):
    context = browser.new_context(
        base_url=site.url, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def test_the_site_works_375_pixels_wide(phone):
    page = phone
    for path in ("", "browse/", "innovations/remote-copd-monitoring/"):
        page.goto(path)
        if path == "browse/":
            wait_for_browser(page)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 375, f"/{path} scrolls sideways: {width}px wide"

    # The header search is on screen and usable.
    page.goto("")
    box = page.locator("#ix-search-input")
    expect(box).to_be_visible()
    area = box.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= 375 and area["width"] >= 80
    box.tap()
    page.keyboard.type("oxygen", delay=20)
    panel = page.locator("#ix-search-results")
    expect(panel).to_be_visible()
    area = panel.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= 375, area
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    page.locator(".ix-search__link", has_text="Remote monitoring for people with COPD").tap()
    expect(page).to_have_url(re.compile(r"/innovations/remote-copd-monitoring/$"))


# --- without JavaScript ----------------------------------------------------------------------


def test_without_javascript_every_innovation_is_reachable(browser, site):
    """From /browse/, its pages and the term pages, with JavaScript off."""
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("browse/")
        expect(page.locator(".ix-static-list")).to_be_visible()
        expect(page.locator(".ix-browser__form")).to_have_count(0)

        queue, visited, reachable = ["/browse/"], set(), set()
        while queue:
            path = queue.pop()
            if path in visited:
                continue
            visited.add(path)
            response = page.goto(path)
            assert response and response.status == 200, path
            links = page.locator("a[href]").evaluate_all(
                "els => els.map(a => [a.href, a.checkVisibility()])"
            )
            for href, visible in links:
                url = urlsplit(href)
                if url.netloc != urlsplit(site.url).netloc:
                    continue
                if (found := INNOVATION_PATH.match(url.path)) and visible:
                    reachable.add(found[1])
                elif url.path.startswith("/browse/") and url.path not in visited:
                    queue.append(url.path)
    finally:
        context.close()

    folders = {p.parent.name for p in CONTENT.glob("innovations/*/index.md")}
    assert reachable == folders, (
        f"not reachable without JavaScript: {sorted(folders - reachable)}; "
        f"unexpected: {sorted(reachable - folders)}"
    )
    assert any("/page/" in p or p.count("/") == 4 for p in visited)  # term pages were crawled
