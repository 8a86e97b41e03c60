"""The site as GitHub Pages publishes a project site: under a sub-path, not at ``/``.

The repository's own site is built once for this module with ``SITE_URL`` set to
``http://127.0.0.1:<port>/sub/path/`` and served there only: anything asked for
outside the sub-path is refused and remembered, and a missing page under it gets
the site's ``404.html`` with status 404, as Pages does. A site that only works at
``/`` (assets, search bundle, facets' data or links written from the root) fails
here, where ``mkdocs serve`` and the other browser tests would not notice.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import lxml.etree
import lxml.html
import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import innovations, wait_for_browser
from tests.browser.conftest import TIMEOUT, LocalServer, build_real_site

pytestmark = pytest.mark.browser

PREFIX = "/sub/path/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: The unpublished scout of content/ (``publish: false``): no page, no mention.
UNPUBLISHED_SCOUT = "kofi-dummy"


@dataclass
class SubPathSite:
    root: Path  # the built site's folder
    url: str  # http://127.0.0.1:<port>/sub/path/
    outside: list[str] = field(default_factory=list)  # requests outside the sub-path

    def __call__(self, path: str = "") -> str:
        return self.url + path.lstrip("/")

    def pages(self) -> dict[str, Path]:
        """Every built page but the 404 page, by the URL it is published at."""
        found = {}
        for page in sorted(self.root.rglob("index.html")):
            folder = page.parent.relative_to(self.root).as_posix()
            found[self.url if folder == "." else f"{self.url}{folder}/"] = page
        return found

    def public_pages(self) -> dict[str, Path]:
        """The pages for search engines: all but those marked ``noindex`` (the embeds,
        which partners show in frames, are not pages of the site to be found)."""
        return {url: path for url, path in self.pages().items() if not _noindex(path)}


def _noindex(path: Path) -> bool:
    robots = lxml.html.fromstring(path.read_bytes()).xpath('//meta[@name="robots"]/@content')
    return any("noindex" in value.lower() for value in robots)


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder under PREFIX only, with the site's 404 page for what is missing."""

    server: _Server
    outside = False

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        self.outside = not unquote(route).startswith(PREFIX)
        if self.outside:
            self.server.outside.append(path)
            return str(Path(self.directory) / "outside-the-sub-path" / "missing")
        return super().translate_path(route[len(PREFIX) - 1 :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or self.outside or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(LocalServer):
    outside: list[str]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SubPathSite]:
    """content/ built for http://127.0.0.1:<port>/sub/path/ and served only there.

    The server takes its port first, so that the build can be told its address."""
    out = tmp_path_factory.mktemp("published") / "site"
    server = _Server(("127.0.0.1", 0), functools.partial(_SubPathHandler, directory=str(out)))
    server.outside = []
    site = SubPathSite(out, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", server.outside)
    try:
        build_real_site(out, SITE_URL=site.url)
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, name="sub-path-server", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def tab(browser, published: SubPathSite) -> Iterator[object]:
    """A page in a fresh context that fails the test on a JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    published.outside.clear()
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    assert not published.outside, f"requests outside {PREFIX}: {published.outside}"


def _failed_responses(page) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    return failed


# --- the 404 page ------------------------------------------------------------------------------


def test_a_missing_page_gets_the_styled_404_page(tab, published):
    failed = _failed_responses(tab)
    stylesheets: list[str] = []
    tab.on(
        "response",
        lambda r: stylesheets.append(r.url) if r.request.resource_type == "stylesheet" else 0,
    )
    response = tab.goto(published("innovations/no-such-innovation/deeper/"))
    assert response is not None and response.status == 404
    tab.wait_for_load_state("networkidle")
    # Its stylesheets come from the sub-path and load: Material's and the exchange's.
    assert stylesheets and all(urlsplit(s).path.startswith(PREFIX) for s in stylesheets)
    assert any("/assets/stylesheets/main." in s for s in stylesheets), stylesheets
    assert any(s.endswith("/assets/exchange/exchange.css") for s in stylesheets), stylesheets
    # The only failure is the page itself (a 404, as it should be).
    assert failed == [f"404 {published('innovations/no-such-innovation/deeper/')}"], failed
    # Material's CSS applies: a sticky header in the palette's primary colour.
    header = tab.locator("header.md-header")
    expect(header).to_have_css("position", "sticky")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    # And its links lead back into the site, under the sub-path.
    tab.locator("a.md-header__button.md-logo").click()
    expect(tab).to_have_url(published())


# --- sitemap and canonical links -------------------------------------------------------------


def test_the_sitemap_lists_every_public_page_and_nothing_else(published):
    with urlopen(published("sitemap.xml"), timeout=10) as response:
        tree = lxml.etree.fromstring(response.read())
    listed = [loc.text for loc in tree.iter(f"{SITEMAP_NS}loc")]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    assert all(url.startswith(published.url) for url in listed)
    assert set(listed) == set(published.public_pages())
    assert not list(published.root.rglob(f"*{UNPUBLISHED_SCOUT}*"))
    assert UNPUBLISHED_SCOUT not in " ".join(listed)


def test_every_page_has_a_canonical_link_to_its_own_address(published):
    pages = published.public_pages()
    assert len(pages) > 20  # innovations, case studies, scouts, terms, hand-written pages
    for url, path in pages.items():
        document = lxml.html.fromstring(path.read_bytes())
        canonical = document.xpath('//head/link[@rel="canonical"]/@href')
        assert canonical == [url], path.relative_to(published.root)


def test_no_link_or_asset_leaves_the_sub_path(published):
    """Every same-site address in every page resolves under the sub-path, to a file."""
    origin = published.url[: -len(PREFIX) + 1]
    broken: list[str] = []
    for url, path in [*published.pages().items(), (published.url, published.root / "404.html")]:
        document = lxml.html.fromstring(path.read_bytes())
        for element, attribute, link, _ in document.iterlinks():
            target = urljoin(url, link)
            if not target.startswith(origin) or attribute == "srcset":
                continue
            route = unquote(urlsplit(target).path)
            file = published.root / route.removeprefix(PREFIX)
            if not route.startswith(PREFIX) or not (
                file.is_file() or (file / "index.html").is_file()
            ):
                broken.append(f"{path.relative_to(published.root)}: <{element.tag}> {link}")
    assert not broken, "\n".join(broken[:40])


# --- search and facets ------------------------------------------------------------------------


def test_the_header_search_finds_an_innovation_under_the_sub_path(tab, published):
    entry = innovations()["assisted-home-haemodialysis"]
    word = max(entry.title.split(), key=len)  # "haemodialysis"
    failed = _failed_responses(tab)
    tab.goto(published())
    tab.locator("#ix-search-input").click()
    tab.keyboard.type(word, delay=20)
    address = published(f"innovations/{entry.id}/")
    link = tab.locator(f'.ix-search__list a.ix-search__link[href="{address}"]')
    expect(link).to_contain_text(entry.title)
    link.click()
    expect(tab).to_have_url(address)
    expect(tab.locator("h1")).to_have_text(entry.title)
    assert not failed, failed


def test_a_facet_changes_the_count_under_the_sub_path(tab, published):
    failed = _failed_responses(tab)
    tab.goto(published("browse/"))
    everything = wait_for_browser(tab)
    stages = {i.stage for i in innovations().values()}
    assert len(stages) > 1  # ticking one stage must leave some innovations out
    facet = tab.locator("details.ix-facet").filter(has=tab.locator('[id^="ix-innovation-stages-"]'))
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    tab.locator(f"#ix-innovation-stages-{sorted(stages)[0]}").check()
    expect(tab.locator(".ix-browser__status")).not_to_have_text(everything)
    expect(tab.locator(".ix-browser__status")).to_contain_text("match")
    assert "stages=" in tab.url and tab.url.startswith(published("browse/"))
    assert not failed, failed
