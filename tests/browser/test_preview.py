"""The preview reviewers download: the real site copied by ``exchange preview`` and opened
from disk (``file://``). Links lead to pages, not folder listings; the icons show; a
banner says what needs the site served. The rewriting itself: tests/test_preview.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.preview import make_preview
from tests.browser.conftest import TIMEOUT, Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def copy(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site-preview"
    make_preview(site.root, out)
    return out


class _Links(HTMLParser):
    """The relative addresses of a page's href, src and action attributes, outside code."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("pre", "code"):
            self.code += 1
        elif not self.code:
            self.found += [v for k, v in attrs if k in ("href", "src", "action") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "code") and self.code:
            self.code -= 1


def _relative_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [u for u in parser.found if not re.match(r"[A-Za-z][\w+.-]*:|[/#?]", u)]


def test_every_relative_link_of_the_copy_names_a_file(copy: Path):
    """What a browser opens from disk: each link's target is a file, never a folder."""
    pages = sorted(copy.rglob("*.html"))
    assert len(pages) > 50
    broken = []
    for page in pages:
        for link in _relative_links(page):
            target = (page.parent / unquote(urlsplit(link).path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(copy)}: {link}")
    assert broken == []


@pytest.fixture
def tab(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _innovation_with_a_scout(copy: Path) -> tuple[str, str]:
    """An innovation the home page links to whose page links to a scout's page."""
    for link in _relative_links(copy / "index.html"):
        if not re.fullmatch(r"innovations/[^/]+/index\.html", link):
            continue
        for other in _relative_links(copy / link):
            if re.fullmatch(r"\.\./\.\./scouts/[^/]+/index\.html", other):
                return link, other
    pytest.fail("no innovation on the home page credits a published scout")


def test_a_reviewer_follows_links_from_disk(tab, copy: Path):
    from playwright.sync_api import expect

    innovation, scout = _innovation_with_a_scout(copy)
    home = (copy / "index.html").as_uri()
    tab.goto(home)
    banner = tab.locator(".ix-preview-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("search and the filters need the site to be served")
    # The icons come from the page's own copy of the sprite (another file's is refused).
    assert tab.evaluate("document.querySelector('.md-logo use').getBBox().width") > 0

    tab.locator(f'a[href="{innovation}"]').first.click()
    expect(tab).to_have_url((copy / innovation).as_uri())
    expect(tab.locator("h1").first).to_be_visible()
    expect(tab.locator(".ix-preview-banner")).to_be_visible()

    tab.locator(f'a[href="{scout}"]').first.click()
    scout_page = (copy / innovation).parent / scout
    expect(tab).to_have_url(scout_page.resolve().as_uri())
    expect(tab.locator("h1").first).to_be_visible()

    tab.go_back()
    expect(tab).to_have_url((copy / innovation).as_uri())
    tab.locator(".md-header .md-logo").first.click()
    expect(tab).to_have_url(home)
    expect(tab.locator("h1").first).to_be_visible()


def test_the_static_lists_work_from_disk(tab, copy: Path):
    from playwright.sync_api import expect

    tab.goto((copy / "browse" / "index.html").as_uri())
    first = tab.locator(".ix-static-list a[href$='index.html']").first
    expect(first).to_be_visible()
    target = first.get_attribute("href")
    first.click()
    expect(tab).to_have_url(((copy / "browse") / target).resolve().as_uri())
    assert tab.title() and not tab.title().startswith("Index of")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_copy_with_its_banner_has_no_axe_violations_and_asks_no_other_host(
    tab, copy: Path, dark: bool
):
    """The banner is the one thing the copy adds to a page: it passes axe in both
    palettes, and the pages opened from disk ask nothing of the network."""
    from tests.browser.browser_support import describe_violations, run_axe, use_dark_palette

    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    innovation, _scout = _innovation_with_a_scout(copy)
    for page in ("index.html", innovation):
        tab.goto((copy / page).as_uri())
        if dark and tab.evaluate("document.body.dataset.mdColorScheme") != "slate":
            use_dark_palette(tab)
        violations = run_axe(tab)
        assert violations == [], describe_violations(violations)
    assert [url for url in asked if not url.startswith("file://")] == []
