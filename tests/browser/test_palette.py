"""The palette a visitor chose is applied by Material's palette script (served as one file,
assets/exchange/palette.js) before the page is painted, not later by Material's bundle."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

DARK = {
    "index": 1,
    "color": {"media": "", "scheme": "slate", "primary": "indigo", "accent": "light-blue"},
}


@pytest.mark.parametrize("path", ["", "innovations/remote-copd-monitoring/", "browse/"])
def test_a_stored_dark_palette_applies_without_materials_bundle(browser, site, path: str) -> None:
    context = browser.new_context(base_url=site.url, color_scheme="light")
    # Material's bundle would also apply the stored palette, later: without it, only the
    # palette script can have done so.
    context.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(path)
        # Material keeps the choice under the site root's path (its __md_scope).
        page.evaluate(
            "value => localStorage.setItem(new URL(document.querySelector("
            "'meta[name=ix-site-root]').content, location).pathname + '.__palette', value)",
            json.dumps(DARK),
        )
        page.reload()
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        assert scheme == "slate", path
    finally:
        context.close()
