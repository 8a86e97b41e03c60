"""What a visitor sees in a real browser: search results in order of relevance,
disclosures without Material's note icon, tables with room in their cells (in
both palettes and in print), and inline lists that are not indented."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import settle, use_dark_palette, wait_for_browser

pytestmark = pytest.mark.browser

CARDS = ".ix-browser__output .ix-card__title"
SORT = "#ix-innovation-sort"
#: Words whose best matches are not in title order (the test checks it).
WORDS = "monitoring"

#: The titles Pagefind itself gives for ``words``, best first (its own score order).
PAGEFIND_ORDER = """async ([words, kind]) => {
    const meta = document.querySelector('meta[name="ix-site-root"]');
    const root = new URL(meta.content, document.baseURI);
    const pf = await import(new URL("pagefind/pagefind.js", root).href);
    await pf.options({ baseUrl: root.pathname });
    const search = await pf.search(words, kind ? { filters: { kind } } : {});
    const data = await Promise.all(search.results.map((r) => r.data()));
    return data.map((d) => d.meta.title);
}"""


#: Records whether the results list is ever empty from now on (it should never flash empty).
WATCH_FOR_EMPTY = """() => {
    const list = document.querySelector(".ix-browser__output");
    window.ixListWasEmpty = false;
    new MutationObserver(() => {
        if (!list.querySelector(".ix-card")) window.ixListWasEmpty = true;
    }).observe(list, { childList: true, subtree: true });
}"""


def titles(page) -> list[str]:
    return [t.strip() for t in page.locator(CARDS).all_inner_texts()]


def option_values(page) -> list[str]:
    return page.locator(f"{SORT} option").evaluate_all("os => os.map(o => o.value)")


# --- search order --------------------------------------------------------------------------------


def test_browse_search_lists_the_best_matches_first(page):
    page.goto(f"browse/?q={WORDS}")
    wait_for_browser(page)
    expect(page.locator(SORT)).to_have_value("relevance")
    best_first = page.evaluate(PAGEFIND_ORDER, [WORDS, "Innovation"])
    assert len(best_first) > 2 and best_first != sorted(best_first, key=str.lower)
    expect(page.locator(CARDS)).to_have_text(best_first)
    expect(page).to_have_url(re.compile(rf"/browse/\?q={WORDS}$"))  # the default is not written


def test_relevance_is_offered_only_with_words_and_a_chosen_sort_is_kept(page):
    page.goto("browse/")
    wait_for_browser(page)
    expect(page.locator(SORT)).to_have_value("title")
    assert "relevance" not in option_values(page)
    by_title = titles(page)
    assert by_title == sorted(by_title, key=str.lower)

    page.locator("#ix-innovation-q").fill(WORDS)  # words: their best matches first
    expect(page.locator(SORT)).to_have_value("relevance")
    assert option_values(page)[0] == "relevance"
    expect(page.locator(CARDS)).to_have_text(page.evaluate(PAGEFIND_ORDER, [WORDS, "Innovation"]))

    page.evaluate(WATCH_FOR_EMPTY)
    page.locator(SORT).select_option("title")  # a sort the reader chooses stays chosen
    expect(page).to_have_url(re.compile(rf"\?q={WORDS}&sort=title$"))
    matches = page.evaluate(PAGEFIND_ORDER, [WORDS, "Innovation"])
    expect(page.locator(CARDS)).to_have_text(sorted(matches, key=str.lower))
    # The old results stayed until the new ones came.
    assert page.evaluate("window.ixListWasEmpty") is False
    page.locator("#ix-innovation-q").fill("")
    expect(page.locator(SORT)).to_have_value("title")
    expect(page).to_have_url(re.compile(r"/browse/$"))

    page.locator("#ix-innovation-q").fill(WORDS)
    page.locator(SORT).select_option("relevance")
    page.locator("#ix-innovation-q").fill("")  # relevance needs words: back to the default
    expect(page.locator(SORT)).to_have_value("title")
    assert "relevance" not in option_values(page)
    expect(page).to_have_url(re.compile(r"/browse/$"))


def test_header_search_lists_the_best_matches_first(page):
    page.goto("")
    page.locator("#ix-search-input").fill(WORDS)
    shown = page.locator(".ix-search__list .ix-search__title")
    expect(shown.first).to_be_visible()
    best_first = page.evaluate(PAGEFIND_ORDER, [WORDS, None])
    expect(shown).to_have_text(best_first[: shown.count()])


# --- disclosures, tables, lists ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["browse/", "innovations/remote-copd-monitoring/"])
def test_the_exchanges_disclosures_have_no_note_icon(page, path):
    page.goto(path)
    if path == "browse/":
        wait_for_browser(page)
    summaries = page.locator(".md-typeset details > summary")
    assert summaries.count() >= (8 if path == "browse/" else 1)
    icons = summaries.evaluate_all(
        """els => els.map((s) => {
            const before = getComputedStyle(s, "::before");
            return before.display !== "none" && before.content !== "none"
                ? s.textContent.trim() : null;
        }).filter(Boolean)"""
    )
    assert not icons, f"summaries with Material's note icon: {icons}"


TABLE_PAGES = ["innovations/remote-copd-monitoring/", "contribute/fields/", "open-data/"]


@pytest.mark.parametrize("palette", ["light", "dark", "print"])
def test_every_table_has_room_in_its_cells(page, palette):
    for path in TABLE_PAGES:
        page.goto(path)
        if palette == "dark" and page.evaluate("document.body.dataset.mdColorScheme") != "slate":
            use_dark_palette(page)  # (Material keeps the choice for the next pages)
        if palette == "print":
            page.emulate_media(media="print")
        settle(page)
        cells = page.locator(".md-typeset table td").evaluate_all(
            """tds => tds.map((td) => {
                const style = getComputedStyle(td);
                return [parseFloat(style.paddingLeft), parseFloat(style.paddingTop),
                        style.borderTopStyle, style.color];
            })"""
        )
        assert cells, path
        cramped = [c for c in cells if c[0] < 8 or c[1] < 4]
        assert not cramped, f"{path} ({palette}): cells without padding: {cramped[:3]}"
        assert {c[2] for c in cells} == {"solid"}, f"{path} ({palette}): rows without rules"
        if palette == "dark":  # light text, not the light palette's black
            assert all(_luminance(c[3]) > 0.5 for c in cells), path


def _luminance(colour: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_inline_lists_start_where_their_cell_starts(page):
    page.goto("innovations/remote-copd-monitoring/")
    partners = page.locator(".ix-facts dd:has(.ix-inline-list)").first
    offsets = partners.evaluate(
        """dd => {
            const items = [...dd.querySelectorAll(".ix-inline-list > li")];
            return {
                left: items[0].getBoundingClientRect().left - dd.getBoundingClientRect().left,
                margins: items.map((li) => parseFloat(getComputedStyle(li).marginLeft)),
            };
        }"""
    )
    assert len(offsets["margins"]) >= 2
    assert offsets["left"] < 1 and offsets["margins"] == [0] * len(offsets["margins"])

    page.goto("browse/")
    wait_for_browser(page)
    page.locator("details.ix-facet > summary").first.click()
    margins = page.locator(".ix-facet__terms > li").evaluate_all(
        "lis => lis.map((li) => parseFloat(getComputedStyle(li).marginLeft))"
    )
    assert margins and set(margins) == {0}
