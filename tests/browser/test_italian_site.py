"""The browser tests against an Italian exchange made with ``exchange init``:
search (with Italian stemming), facets, the keyboard, and axe with zero
violations, all in Italian."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.browser.browser_support import (
    describe_violations,
    run_axe,
    settle,
    use_dark_palette,
)
from tests.browser.conftest import TIMEOUT, Site, served
from tests.browser.test_keyboard import tab_to
from tests.i18n import italian_exchange

pytestmark = pytest.mark.browser
INNOVATION = "innovations/telemonitoraggio-bpco/"
TITLE = "Telemonitoraggio domiciliare per la BPCO"


@pytest.fixture(scope="module")
def italian(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = italian_exchange.make(tmp_path_factory.mktemp("italian"))
    out = root / "site"
    done = italian_exchange.build(root, out)
    if done.returncode != 0:
        pytest.fail(f"the Italian site did not build:\n{done.stdout}\n{done.stderr}")
    with served(out) as site:
        yield site


@pytest.fixture
def tab(browser, italian: Site) -> Iterator[object]:
    context = browser.new_context(base_url=italian.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def test_the_header_search_finds_an_italian_word_by_its_stem(tab):
    from playwright.sync_api import expect

    tab.goto("")
    tab.locator("#ix-search-input").click()
    # "misurazioni" is written in one entry; the other has only "Misurazione". English
    # stemming keeps the two apart ("misurazioni", "misurazion"); Italian's makes both
    # "misur", so the second entry is found only if the index stems Italian.
    tab.keyboard.type("misurazioni", delay=20)
    links = tab.locator(".ix-search__list a.ix-search__link")
    expect(links.first).to_be_visible()
    hrefs = [urlsplit(h).path for h in links.evaluate_all("els => els.map(a => a.href)")]
    assert "/innovations/pressione-in-farmacia/" in hrefs, hrefs
    assert f"/{INNOVATION}" in hrefs, hrefs
    expect(tab.locator("#ix-search-status")).to_contain_text("risultat")
    expect(tab.locator("#ix-search-status")).to_contain_text("misurazioni")
    kind = tab.locator(f'.ix-search__list a[href$="{INNOVATION}"] .ix-search__kind')
    expect(kind).to_have_text("Innovazione")


def test_nothing_found_is_said_in_italian(tab):
    from playwright.sync_api import expect

    tab.goto("")
    tab.locator("#ix-search-input").fill("zzzqqqxxy")
    expect(tab.locator(".ix-search__empty")).to_be_visible()
    expect(tab.locator("#ix-search-status")).to_have_text("Nessun risultato per zzzqqqxxy")


def test_facets_filter_and_speak_italian(tab):
    from playwright.sync_api import expect

    tab.goto("browse/")
    browser = tab.locator("[data-results]")
    expect(browser).to_have_attribute("data-results", "2")
    expect(tab.locator(".ix-browser__status")).to_have_text("2 innovazioni trovate.")
    tab.locator("details.ix-facet summary").first.click()
    tab.locator("#ix-innovation-stages-spreading").check()
    expect(browser).to_have_attribute("data-results", "1")
    assert "stages=spreading" in tab.url
    expect(tab.locator(".ix-browser__output .ix-card__title")).to_have_text([TITLE])
    expect(tab.locator("details.ix-facet summary").first).to_have_text("Fase (1 voce selezionata)")
    expect(tab.locator(".ix-browser__status")).to_have_text("1 innovazione trovata.")
    tab.locator("#ix-innovation-stages-spreading").uncheck()
    expect(browser).to_have_attribute("data-results", "2")


def test_the_header_search_works_with_the_keyboard(tab):
    from playwright.sync_api import expect

    tab.goto("")
    tab_to(tab, "#ix-search-input")
    tab.keyboard.type("BPCO", delay=20)
    links = tab.locator(".ix-search__list a")
    expect(links.first).to_be_visible()
    tab.keyboard.press("ArrowDown")
    expect(links.first).to_be_focused()
    tab.keyboard.press("ArrowUp")
    expect(tab.locator("#ix-search-input")).to_be_focused()
    tab.keyboard.press("Escape")
    expect(tab.locator("#ix-search-results")).to_be_hidden()


PAGES = {
    "home": "",
    "browse": "browse/",
    "innovation": INNOVATION,
    "case-study": f"{INNOVATION}case-studies/ulss-esempio/",
    "scouts": "scouts/",
    "scout": "scouts/giulia-esempio/",
    "term": "browse/regions/lombardia/",
    "vocabulary": "browse/regions/",
    "contribute": "contribute/",
    "field-reference": "contribute/fields/",
    "about": "about/",
    "accessibility": "accessibility/",
    "not-found": "404.html",
}


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations_on_the_italian_site(tab, name, palette):
    tab.goto(PAGES[name])
    assert tab.evaluate("document.documentElement.lang") == "it"
    if palette == "dark":
        use_dark_palette(tab)
    if name in {"browse", "scouts"}:
        tab.locator("[data-results]").wait_for(state="attached")
    settle(tab)
    violations = run_axe(tab)
    assert not violations, f"/{PAGES[name]} ({palette}):\n{describe_violations(violations)}"
