"""On a phone the navigation is the tabs, wrapped under the header (there is no drawer for
a flat navigation): every page of the navigation is on screen and easy to tap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NAVIGATION = ("Home", "Browse", "Scouts", "Insights", "Contribute", "Open data", "About")


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
        texts = [box["text"] for box in boxes]
        assert all(name in texts for name in NAVIGATION), texts
        for box in boxes:
            assert box["left"] >= 0 and box["right"] <= width, box  # nothing off screen
            assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        page.get_by_role("link", name="Browse", exact=True).first.click()
        assert page.url.endswith("/browse/")
    finally:
        context.close()
