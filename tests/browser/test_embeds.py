"""The embeds in Chromium: the filtered list applies browse's filters, a card reads
without JavaScript in an iframe, and "Embed this" copies and announces."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.browser_support import describe_violations, run_axe, run_nu
from tests.browser.conftest import served
from tests.exports.conftest import build_exported


@pytest.fixture(scope="module")
def exported_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny exchange of tests/exports, with its hostile title and unpublished scout."""
    return build_exported(tmp_path_factory)


@pytest.fixture(scope="module")
def chromium(exported_site: Path, browser):
    """The tiny exchange served on 127.0.0.1, and the session's Chromium."""
    with served(exported_site) as site:
        yield site, browser


@pytest.fixture
def tab(chromium):
    """A fresh context and page that fails on any script error; the requests that left
    the served site are in ``page.elsewhere``."""
    site, browser = chromium
    context = browser.new_context(base_url=site.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    elsewhere: list[str] = []
    page.elsewhere = elsewhere
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith(site.url) else elsewhere.append(r.url))
    yield site, context, page
    assert not errors, errors
    context.close()


def test_list_applies_browse_filters_in_chromium(tab) -> None:
    site, context, page = tab
    page.goto(site("embed/?regions=north-west-coast,unknown-region&sort=title&limit=1"))
    page.wait_for_function("() => document.querySelector('[data-ix-embed]').dataset.results")
    assert page.locator("[data-ix-embed]").get_attribute("data-results") == "2"
    items = page.locator(".ix-e__list li a")
    assert items.count() == 1  # limit=1
    assert items.first.inner_text() == "Remote monitoring & more <3"  # title order, as text
    assert items.first.get_attribute("href") == site("innovations/remote-monitoring/")
    assert page.locator(".ix-e__status").inner_text() == "2 innovations match."
    more = page.locator(".ix-e__more a")
    assert more.inner_text() == "See all 2 matches on Test Exchange"
    assert more.get_attribute("href") == site("browse/?regions=north-west-coast")
    # A region no innovation has, with words: nothing matches.
    page.goto(site("embed/?regions=east&q=monitoring"))
    page.wait_for_function("() => document.querySelector('[data-ix-embed]').dataset.results")
    assert page.locator(".ix-e__list li").count() == 0
    assert "full search" in page.locator(".ix-e__more a").inner_text()
    assert page.elsewhere == []  # the embed asked nothing of any other host
    assert context.cookies() == []
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0


def test_card_in_an_iframe_without_javascript(chromium, exported_site: Path) -> None:
    site, browser = chromium
    context = browser.new_context(java_script_enabled=False, viewport={"width": 480, "height": 100})
    page = context.new_page()
    page.goto(site("embed/innovations/remote-monitoring/"))
    link = page.get_by_role("link", name="Remote monitoring & more <3")
    assert link.get_attribute("target") == "_blank"
    assert page.get_by_role("link", name="View on Test Exchange").is_visible()
    page.screenshot(path=str(exported_site.parent / "card.png"), full_page=True)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 340, height  # fits the snippet's iframe at 480 pixels wide
    context.close()


def test_embed_this_copies_and_announces(tab) -> None:
    site, context, page = tab
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url[:-1])
    page.goto(site("innovations/remote-monitoring/"))
    summary = page.locator(".ix-embed summary")
    summary.focus()
    page.keyboard.press("Enter")
    code = page.get_by_label("Code to embed")
    assert code.is_visible()
    value = code.input_value()
    assert f'src="{site("embed/innovations/remote-monitoring/")}"' in value
    assert 'title="Remote monitoring &amp; more &lt;3"' in value
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert "ix-embed__copy" in page.evaluate("() => document.activeElement.className")
    page.keyboard.press("Enter")
    status = page.locator(".ix-embed__status")
    page.wait_for_function("() => document.querySelector('.ix-embed__status').textContent")
    assert status.inner_text() == "Code copied."
    assert page.evaluate("() => navigator.clipboard.readText()") == value
    # With the focus still on the button (Material's own focus colours fail contrast).
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


def test_browse_snippet_follows_the_filters(tab) -> None:
    site, _context, page = tab
    page.goto(site("browse/?regions=north-west-coast"))
    page.locator(".ix-embed summary").click()
    value = page.get_by_label("Code to embed").input_value()
    assert f'src="{site("embed/")}?regions=north-west-coast"' in value


@pytest.mark.parametrize(
    "query",
    [
        "?$&/onload=alert(document.domain)//",
        "?$'/onload=alert(1)//",
        "?$`x=1",
        '?a="><script>alert(1)</script>',
    ],
)
def test_the_browse_snippet_cannot_be_given_markup_by_a_link(tab, query) -> None:
    """The code a partner copies follows the address the visitor opened, which anyone
    can write: it stays one iframe element with one src attribute."""
    from html.parser import HTMLParser

    class Elements(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, list]] = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, attrs))

    site, _context, page = tab
    page.goto(site("browse/") + query)
    page.locator(".ix-embed summary").click()
    value = page.get_by_label("Code to embed").input_value()
    parsed = Elements()
    parsed.feed(value)
    assert [tag for tag, _attrs in parsed.found] == ["iframe"], value
    names = [name for name, _value in parsed.found[0][1]]
    assert not any(name.startswith("on") for name in names), value
    src = dict(parsed.found[0][1])["src"]
    assert src.startswith(site("embed/")), value


def test_list_applies_the_type_and_organisation_filters_too(tab) -> None:
    site, _context, page = tab
    page.goto(site("embed/?innovation-types=digital&organisation-types=provider"))
    more = page.locator(".ix-e__more a")
    page.wait_for_function(
        "() => !/Browse all/.test(document.querySelector('.ix-e__more a').textContent)"
    )
    assert page.locator("[data-ix-embed]").get_attribute("data-results") == "2"
    assert more.get_attribute("href") == site(
        "browse/?innovation-types=digital&organisation-types=provider&sort=newest"
    )


#: The embeds of the real site, as a partner's iframe shows them.
EMBEDS = ("embed/?clinical-areas=respiratory", "embed/innovations/remote-copd-monitoring/")


@pytest.mark.parametrize("path", EMBEDS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_embeds_pass_axe(page, path, scheme):
    """The embeds keep their own light colours whatever the partner's scheme."""
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    if "?" in path:
        page.wait_for_function("() => document.querySelector('[data-ix-embed]').dataset.results")
    violations = run_axe(page)
    assert not violations, f"/{path} ({scheme}):\n{describe_violations(violations)}"


def test_embeds_are_valid_html(site, tools):
    files = [site.root / path.split("?")[0] / "index.html" for path in EMBEDS]
    messages = run_nu(files, timeout=120)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, errors
