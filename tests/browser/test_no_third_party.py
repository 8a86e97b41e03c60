"""A visitor's browser talks to the site's own origin and to nothing else.

No font servers, CDNs, analytics or GitHub's API: Material asks api.github.com for
the repository's stars and forks when its repository link carries
``data-md-component="source"`` (our ``partials/source.html`` leaves it out), and
loads scripts from unpkg.com for some content. Each kind of page is loaded in
Chromium with every request outside the site's origin recorded and aborted, and
then used the way a reader would (search typed, a facet ticked), since some
requests only start after an interaction. A static pass over every built page
catches an external stylesheet, script, image or frame on pages the browser pass
does not open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import innovations, published_scouts, wait_for_browser

pytestmark = pytest.mark.browser

#: Attributes that make a browser fetch something as the page loads.
_FETCHED = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
#: ``<link rel>`` values whose ``href`` the browser fetches (canonical, alternate... it does not).
_FETCHED_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                  "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}  # fmt: skip
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _leaves(url: str, origin: str) -> bool:
    """A request that goes anywhere but ``origin`` (data: and blob: stay in the page)."""
    scheme = urlsplit(url).scheme
    return scheme not in ("data", "blob", "about") and _origin(url) != origin


def external_references(html: bytes, page_url: str, origin: str) -> list[str]:
    """What a page makes the browser fetch from elsewhere as it loads: ``tag attr=url``."""
    document = lxml.html.fromstring(html)
    found: list[str] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        addresses: list[tuple[str, str]] = []
        for attribute in _FETCHED.get(tag, ()):
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                addresses += [(attribute, c.split()[0]) for c in value.split(",") if c.strip()]
            else:
                addresses.append((attribute, value))
        if tag == "link" and _FETCHED_LINKS & set((element.get("rel") or "").lower().split()):
            addresses.append(("href", element.get("href") or ""))
        for css in (element.get("style"), element.text if tag == "style" else None):
            addresses += [("style", a or b) for a, b in _CSS_URL.findall(css or "")]
        for attribute, value in addresses:
            if value.strip() and _leaves(urljoin(page_url, value.strip()), origin):
                found.append(f"<{tag} {attribute}={value.strip()}>")
    return found


# --- the whole site, statically ----------------------------------------------------------------


def test_no_built_page_or_stylesheet_fetches_from_elsewhere(site):
    origin = _origin(site.url)
    found: list[str] = []
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        url = site(path.relative_to(site.root).as_posix())
        found += [f"{path.relative_to(site.root)}: {r}" for r in external_references(
            path.read_bytes(), url, origin)]  # fmt: skip
    for path in sorted(site.root.rglob("*.css")):
        url = site(path.relative_to(site.root).as_posix())
        for a, b in _CSS_URL.findall(path.read_text("utf-8", errors="replace")):
            if _leaves(urljoin(url, a or b), origin):
                found.append(f"{path.relative_to(site.root)}: url({a or b})")
    assert not found, "\n".join(found[:40])


def test_the_static_check_does_find_external_references():
    """The check above can fail: each kind of external fetch is caught, links are not."""
    html = b"""<html><head>
        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
        <link rel="canonical" href="https://elsewhere.example/page/">
        <script src="//cdn.example/x.js"></script><style>body{background:url(https://t.example/p.png)}</style>
        </head><body><img src="https://img.example/a.png">
        <img srcset="a.png 1x, https://i.example/b.png 2x">
        <img src="local.png"><a href="https://github.com/">GitHub</a><iframe src="https://yt.example/"></iframe>
        <div style="background-image: url('https://bg.example/c.png')"></div></body></html>"""
    found = external_references(html, "http://127.0.0.1:1/page/", "http://127.0.0.1:1")
    hosts = sorted(urlsplit(urljoin("http://127.0.0.1:1/", f.split("=", 1)[1].rstrip(">"))).netloc
                   for f in found)  # fmt: skip
    assert hosts == ["bg.example", "cdn.example", "fonts.googleapis.com", "i.example",
                     "img.example", "t.example", "yt.example"]  # fmt: skip


# --- each kind of page, in Chromium ------------------------------------------------------------


@pytest.fixture
def guarded(context, site) -> Iterator[tuple[object, list[str]]]:
    """A page whose requests outside the site's origin are recorded and aborted."""
    origin = _origin(site.url)
    elsewhere: list[str] = []

    def route(request_route) -> None:
        if _leaves(request_route.request.url, origin):
            elsewhere.append(request_route.request.url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    # Requests the router may not see (a service worker's, a WebSocket's upgrade).
    context.on("request", lambda r: elsewhere.append(r.url) if _leaves(r.url, origin) else 0)
    context.on("websocket", lambda ws: elsewhere.append(ws.url))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab, elsewhere
    assert not errors, f"JavaScript errors in the page: {errors}"


def _page_of_every_kind(root: Path) -> list[str]:
    """Home, browse, an innovation, a case study, a scout, the scouts' directory, a
    vocabulary and a term page, contribute, fields, about, accessibility, 404, and
    every embed page the build wrote."""
    with_case_study = next(i for i in innovations().values() if i.case_studies)
    term = next(
        p.parent.relative_to(root).as_posix() + "/"
        for p in sorted(root.glob("browse/*/*/index.html"))
    )
    paths = [
        "",
        "browse/",
        f"innovations/{with_case_study.id}/",
        f"innovations/{with_case_study.id}/case-studies/{with_case_study.case_studies[0]}/",
        f"scouts/{sorted(published_scouts())[0]}/",
        "scouts/",
        term.rsplit("/", 2)[0] + "/",
        term,
        "contribute/",
        "contribute/fields/",
        "open-data/",
        "about/",
        "accessibility/",
        "404.html",
    ]
    paths += sorted(p.relative_to(root).as_posix() for p in root.glob("embed/**/*.html"))
    return paths


def test_every_kind_of_page_requests_nothing_from_elsewhere(guarded, site):
    tab, elsewhere = guarded
    paths = _page_of_every_kind(site.root)
    for path in paths:
        response = tab.goto(site(path))
        assert response is not None and response.ok, path
        tab.wait_for_load_state("networkidle")
        assert not elsewhere, f"{path or 'home'}: {elsewhere}"
    # The repository link is still there, with nothing fetched about it.
    tab.goto(site(""))
    source = tab.locator("header a.md-source")
    expect(source).to_have_attribute("href", re.compile(r"^https://github\.com/"))
    assert source.get_attribute("data-md-component") is None
    assert tab.evaluate("() => sessionStorage.getItem('__source')") is None


def test_searching_and_filtering_request_nothing_from_elsewhere(guarded, site):
    tab, elsewhere = guarded
    tab.goto(site(""))
    tab.locator("#ix-search-input").click()
    tab.keyboard.type("monitoring", delay=20)
    expect(tab.locator(".ix-search__list a.ix-search__link").first).to_be_visible()
    tab.keyboard.press("Enter")
    tab.wait_for_load_state("networkidle")
    tab.goto(site("browse/"))
    wait_for_browser(tab)
    tab.locator("details.ix-facet summary").first.click()
    tab.locator("details.ix-facet input[type=checkbox]").first.check()
    tab.locator('label[for="__palette_1"]').click()  # the dark palette
    tab.wait_for_load_state("networkidle")
    assert not elsewhere, elsewhere


def test_the_browser_check_does_catch_a_request_to_elsewhere(guarded, site):
    """The guard can fail: an image from another origin is recorded (and aborted)."""
    tab, elsewhere = guarded
    tab.goto(site(""))
    tab.evaluate("""() => { const i = new Image(); i.src = 'https://elsewhere.example/p.png';
        document.body.append(i); }""")
    tab.wait_for_function("() => document.querySelector('img[src*=elsewhere]').complete")
    assert "https://elsewhere.example/p.png" in elsewhere
