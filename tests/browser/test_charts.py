"""The spread pictures on an innovation page in Chromium: no axe violations in either
palette with their tables open, drawn in the palette's colours, never a keyboard stop
inside a picture, at most 30 KB each, and printed."""

from __future__ import annotations

import pytest

from tests.browser.browser_support import (
    describe_violations,
    run_axe,
    settle,
    use_dark_palette,
)

pytestmark = pytest.mark.browser

INNOVATION = "innovations/remote-copd-monitoring/"
CHARTS = ("#spread-timeline", "#spread-map")


def open_tables(page) -> None:
    for chart in CHARTS:
        page.locator(f"{chart} details summary").click()
        page.locator(f"{chart} table").wait_for()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_pictures_and_their_tables_have_no_axe_violations(page, palette: str) -> None:
    page.goto(INNOVATION)
    if palette == "dark":
        use_dark_palette(page)
    open_tables(page)
    settle(page)
    violations = run_axe(page)
    assert not violations, f"{palette}:\n{describe_violations(violations)}"


def test_the_pictures_take_the_dark_palettes_colours(page) -> None:
    def colours() -> dict[str, str]:
        return page.evaluate(
            """() => {
              const svg = document.querySelector('#spread-map svg');
              const text = svg.querySelector('.ix-chart__label');
              const tile = svg.querySelector('.ix-chart__tile');
              return {text: getComputedStyle(text).fill, tile: getComputedStyle(tile).fill,
                      page: getComputedStyle(document.body).backgroundColor};
            }"""
        )

    page.goto(INNOVATION)
    light = colours()
    use_dark_palette(page)
    dark = colours()
    assert light["text"] != dark["text"] and dark["tile"] == dark["page"]
    assert light["tile"] == light["page"]


def test_the_keyboard_never_stops_inside_a_picture(page) -> None:
    page.goto(INNOVATION)
    open_tables(page)
    # Tab through the whole page: no stop is inside a picture
    inside = []
    for _ in range(200):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => document.activeElement.closest('svg') ? document.activeElement.outerHTML : ''"
        )
        if where:
            inside.append(where)
        if page.evaluate("() => document.activeElement === document.body"):
            break
    assert not inside
    links = page.locator(".ix-spread table a")
    assert links.count() >= 4  # case studies and regions, reachable in the tables


def test_each_picture_is_at_most_30_kb_and_both_are_shown(page) -> None:
    page.goto(INNOVATION)
    for chart in CHARTS:
        size = page.evaluate(f"() => document.querySelector('{chart}').outerHTML.length")
        assert 0 < size <= 30_000
        box = page.locator(f"{chart} .ix-chart__svg").bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100


def test_the_pictures_print(page) -> None:
    page.goto(INNOVATION)
    page.emulate_media(media="print")
    for chart in CHARTS:
        assert page.locator(f"{chart} .ix-chart__svg").is_visible()
    assert page.pdf()[:4] == b"%PDF"
