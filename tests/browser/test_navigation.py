"""On a phone the navigation is the tabs, wrapped under the header (there is no drawer for
a flat navigation): every page of the navigation is on screen and easy to tap, the
exchange's logo still leads home, and a page of the navigation still lists its sections."""

from __future__ import annotations

import re

import pytest

from tests.site.conftest import REPO

pytestmark = pytest.mark.browser


def navigation() -> list[str]:
    """The titles of the repository's navigation (mkdocs.yml), as the tabs show them."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    block = text[text.index("\nnav:\n") :].split("\n\n")[0]
    return re.findall(r"^  - ([^:]+):", block, re.MULTILINE)


@pytest.mark.parametrize("width", [320, 375, 800])
def test_every_navigation_link_is_on_screen_and_big_enough_to_tap(browser, site, width) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        page.goto("innovations/remote-copd-monitoring/")
        assert page.locator(".md-sidebar--primary").count() == 0
        boxes = page.eval_on_selector_all(
            ".md-tabs__link",
            "links => links.map(a => { const r = a.getBoundingClientRect();"
            " return {text: a.textContent.trim(), left: r.left, right: r.right,"
            " width: r.width, height: r.height}; })",
        )
        titles = navigation()
        assert len(titles) >= 7 and [box["text"] for box in boxes] == titles
        for box in boxes:
            assert box["left"] >= 0 and box["right"] <= width, box  # nothing off screen
            assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        logo = page.locator(".md-header__button.md-logo")
        assert logo.is_visible() and logo.bounding_box()["width"] >= 24
        page.get_by_role("link", name="Browse", exact=True).first.click()
        assert page.url.endswith("/browse/")
        page.locator(".md-header__button.md-logo").click()
        assert page.url == site.url + "/" or page.url.rstrip("/") == site.url.rstrip("/")
    finally:
        context.close()


def test_on_a_phone_a_page_of_the_navigation_lists_its_sections(browser, site) -> None:
    """Material hides the table of contents beside the page below 960 pixels; the drawer
    used to list it there. Now the page's own list does, closed until opened."""
    context = browser.new_context(base_url=site.url, viewport={"width": 375, "height": 700})
    page = context.new_page()
    try:
        page.goto("open-data/")
        toc = page.locator("details.ix-toc")
        expect_links = page.locator("main h2[id]").evaluate_all("hs => hs.map(h => h.id)")
        assert toc.is_visible()
        toc.locator("summary").click()
        links = toc.locator("a").evaluate_all("as => as.map(a => a.hash.slice(1))")
        assert links and links == expect_links
        toc.locator("a").nth(1).click()
        assert page.evaluate("location.hash") == f"#{links[1]}"
        page.emulate_media(media="print")
        assert not toc.is_visible()  # not on paper
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1280, "height": 700})
        assert not toc.is_visible()  # the table of contents beside the page lists them
        assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    finally:
        context.close()
