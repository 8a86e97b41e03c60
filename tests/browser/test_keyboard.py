"""Keyboard only: every control of the header search and of the faceted browser is
reached with Tab and operated with the keyboard, focus is always visible, focus
stays where it was when the results update, and the updates are announced."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import innovations, wait_for_browser

pytestmark = pytest.mark.browser

FOCUS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    let behind = null;
    for (let node = el.parentElement; node && !behind; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (!/^rgba\\(.*,\\s*0\\)$|^transparent$/.test(colour)) behind = colour;
    }
    return {
        describe: el.outerHTML.slice(0, 120), id: el.id, visible: el.matches(':focus-visible'),
        outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
        outlineColor: style.outlineColor, boxShadow: style.boxShadow,
        behind: behind || getComputedStyle(document.body).backgroundColor,
    };
}"""


def _rgb(colour: str) -> tuple[float, float, float]:
    numbers = re.findall(r"[\d.]+", colour)
    return tuple(float(n) for n in numbers[:3])  # type: ignore[return-value]


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def assert_focus_visible(page, what: str) -> dict:
    """The focused element shows a focus indicator of at least 3:1 against what is behind it."""
    focus = page.evaluate(FOCUS)
    assert focus["visible"], f"{what}: focused without :focus-visible: {focus['describe']}"
    if focus["outlineStyle"] == "none" or focus["outlineWidth"] == 0:
        assert focus["boxShadow"] != "none", f"{what}: no visible focus indicator: {focus}"
    elif focus["outlineStyle"] != "auto":  # "auto" is the browser's own focus ring
        ratio = contrast(focus["outlineColor"], focus["behind"])
        assert ratio >= 3, (
            f"{what}: focus outline {focus['outlineColor']} on {focus['behind']} is {ratio:.2f}:1"
        )
    return focus


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab (only the keyboard) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{selector} not reached with {limit} Tabs (focus is on {focused})")


def test_header_search_with_the_keyboard(page, site):
    page.goto("")
    tab_to(page, "#ix-search-input")
    assert_focus_visible(page, "header search")
    status = page.locator("#ix-search-status")
    assert status.get_attribute("role") == "status"
    before = status.inner_text()
    page.keyboard.type("oxygen", delay=20)
    expect(status).to_contain_text("for oxygen")  # the whole word's results, not a prefix's
    assert status.inner_text() != before
    links = page.locator(".ix-search__list a")

    page.keyboard.press("ArrowDown")
    expect(links.first).to_be_focused()
    assert_focus_visible(page, "first result")
    if links.count() > 1:
        page.keyboard.press("ArrowDown")
        expect(links.nth(1)).to_be_focused()
        assert_focus_visible(page, "second result")
        page.keyboard.press("ArrowUp")
        expect(links.first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#ix-search-input")).to_be_focused()

    page.keyboard.press("Escape")
    expect(page.locator("#ix-search-results")).to_be_hidden()
    expect(page.locator("#ix-search-input")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.first).to_be_focused()
    target = links.first.evaluate("a => a.href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(target)


@pytest.mark.parametrize(("path", "kind"), [("browse/", "innovation"), ("scouts/", "scout")])
def test_browse_controls_with_the_keyboard(page, path, kind):
    page.goto(path)
    first_status = wait_for_browser(page)
    live = page.locator(".ix-browser__status")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"

    # The search field.
    tab_to(page, f"#ix-{kind}-q")
    assert_focus_visible(page, "search field")
    page.keyboard.type("zzqqxxnothing", delay=10)
    expect(live).to_have_text(re.compile(r"^0 "))
    expect(page.locator(f"#ix-{kind}-q")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(live).to_have_text(first_status)

    # The sort order.
    tab_to(page, f"#ix-{kind}-sort", limit=2)
    assert_focus_visible(page, "sort")
    options = page.locator(f"#ix-{kind}-sort option").count()
    if options > 1:
        page.keyboard.press("ArrowDown")
        expect(page).to_have_url(re.compile(r"[?&]sort="))
        page.keyboard.press("ArrowUp")
        expect(page).not_to_have_url(re.compile(r"[?&]sort="))

    # Every facet opens with Enter; a checkbox is ticked with Space and keeps focus.
    summaries = page.locator("details.ix-facet > summary")
    assert summaries.count() >= 2
    for i in range(summaries.count()):
        tab_to(page, f"details.ix-facet:nth-child({i + 1}) > summary")
        assert_focus_visible(page, f"facet {i + 1}")
        if i == 0:
            page.keyboard.press("Enter")
            expect(page.locator("details.ix-facet").first).to_have_attribute("open", "")
            tab_to(page, 'details.ix-facet input[type="checkbox"]', limit=2)
            checkbox = page.evaluate("document.activeElement.id")
            assert_focus_visible(page, "checkbox")
            before = live.inner_text()
            page.keyboard.press("Space")
            expect(page.locator(f"#{checkbox}")).to_be_checked()
            expect(live).not_to_have_text(before)
            expect(page.locator(f"#{checkbox}")).to_be_focused()
            assert_focus_visible(page, "checkbox after the results updated")
            term = page.locator(f"#{checkbox}").get_attribute("value")
            expect(page).to_have_url(re.compile(rf"\?[^#]*=(?:[^&]*,)?{term}(?:[,&]|$)"))

    # "Clear all filters" clears with Enter, is announced, and keeps focus.
    tab_to(page, ".ix-browser__clear")
    assert_focus_visible(page, "clear button")
    before = live.inner_text()
    page.keyboard.press("Enter")
    expect(live).to_have_text(first_status)
    assert before != first_status
    expect(page.locator(f"#{checkbox}")).not_to_be_checked()
    expect(page.locator(".ix-browser__clear")).to_be_focused()

    # "Show more", when there are more results than one batch.
    more = page.locator(".ix-browser__more")
    if more.is_visible():
        shown = page.locator(".ix-browser__output .ix-card").count()
        tab_to(page, ".ix-browser__more")
        assert_focus_visible(page, "show more")
        page.keyboard.press("Enter")
        expect(page.locator(".ix-browser__output .ix-card")).not_to_have_count(shown)
        expect(page.locator(".ix-browser__output .ix-card").nth(shown).locator("a")).to_be_focused()
    elif kind == "innovation":
        assert len(innovations()) <= 24, "Show more should appear beyond 24 innovations"


SEEN = """async () => {
    // Let a sliding drawer arrive or leave first.
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
    const el = document.activeElement, box = el.getBoundingClientRect();
    if (!box.width || !box.height) return {seen: true};  // e.g. Material's palette radio
    const xs = [box.left + 1, (box.left + box.right) / 2, box.right - 1];
    const ys = [box.top + 1, (box.top + box.bottom) / 2, box.bottom - 1];
    const seen = xs.some((x) => ys.some((y) => {
        const hit = document.elementFromPoint(x, y);
        return hit && (el.contains(hit) || hit.control === el);
    }));
    return {seen, describe: el.outerHTML.slice(0, 100), left: box.left, top: box.top};
}"""


@pytest.mark.parametrize(
    ("path", "width"),
    [
        ("innovations/remote-copd-monitoring/", 1280),
        ("innovations/remote-copd-monitoring/", 375),
        ("browse/", 375),
        ("contribute/fields/", 375),
    ],
)
def test_focus_is_never_hidden(page, path, width):
    """WCAG 2.4.7 and 2.4.11: whatever has keyboard focus can be seen, not off-screen in a
    closed drawer nor entirely under the sticky header, tabbing down or back up a page."""
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(path)
    if path == "browse/":
        # The steady page, not the hand-over from the static list (tested below): results
        # arriving under a focused footer link push it down the page, off the screen.
        wait_for_browser(page)
    # Where focus ends up matters here, not how things slide or fade on the way.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for key, start in (("Tab", None), ("Shift+Tab", ".md-footer a")):
        if start:
            page.locator(start).last.focus()
        for _ in range(40):
            page.keyboard.press(key)
            focus = page.evaluate(SEEN)
            assert focus["seen"], f"{key}: focus cannot be seen: {focus}"


def test_focus_in_the_static_list_goes_on_from_the_search_box(page):
    """Before the faceted browser is ready the browse page shows a static list; a
    keyboard user already in it is not left on nothing when it is replaced."""
    held = []
    page.route("**/exchange-sorts.json", lambda route: held.append(route))  # held back
    page.goto("browse/")
    link = page.locator(".ix-static-list a").first
    link.focus()
    expect(link).to_be_focused()
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(25)
    assert held, "the browse page never asked for the sort orders"
    held[0].continue_()
    expect(page.locator(".ix-static-list")).to_be_hidden()
    expect(page.locator("#ix-innovation-q")).to_be_focused()
