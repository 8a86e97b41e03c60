"""WCAG 2.2 AA with axe-core on every page type, in both palettes, and valid HTML
with the Nu Html Checker (vnu-jar), on the built pages and on the pages as the
browser shows them after the search and browse scripts have run."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser.browser_support import (
    describe_violations,
    run_axe,
    run_nu,
    settle,
    use_dark_palette,
    wait_for_browser,
)

pytestmark = pytest.mark.browser

INNOVATION = "innovations/remote-copd-monitoring/"  # the entry with the most optional parts
#: Every page type: its path, and what to do before checking it.
PAGES: dict[str, tuple[str, str | None]] = {
    "home": ("", None),
    "browse": ("browse/", "browser"),
    "browse-filtered": ("browse/?stages=spreading", "browser"),
    # The filters browse derives from dates (generator/pages/facets.py), as Insights links them.
    "browse-derived": ("browse/?adopted=2023&review=recent", "browser"),
    "search-results": ("", "search"),
    "innovation": (INNOVATION, None),
    "case-study": (f"{INNOVATION}case-studies/fernhill-example-trust/", None),
    "scouts": ("scouts/", "browser"),
    "scout": ("scouts/ada-example/", None),
    "vocabulary": ("browse/stages/", None),
    "term": ("browse/clinical-areas/respiratory/", None),
    "contribute": ("contribute/", None),
    "field-reference": ("contribute/fields/", None),
    "open-data": ("open-data/", None),
    "insights": ("insights/", "charts"),
    "compare": (
        "compare/?ids=remote-copd-monitoring,pharmacy-blood-pressure-checks,asthma-friendly-schools",
        "compare",
    ),
    "about": ("about/", None),
    "accessibility-statement": ("accessibility/", None),
    "not-found": ("404.html", None),
}


def prepare(page, setup: str | None) -> None:
    if setup == "browser":
        wait_for_browser(page)
    elif setup == "search":
        page.locator("#ix-search-input").fill("oxygen")
        page.locator(".ix-search__list a").first.wait_for()
    elif setup == "charts":  # every chart's table shown, so that it is checked too
        page.locator("details.ix-chart__data").evaluate_all(
            "els => els.forEach(e => e.open = true)"
        )
    elif setup == "compare":  # the table filled from the open data
        page.locator("[data-ix-compare-page][data-ready] table").wait_for()


# --- axe-core --------------------------------------------------------------------------------


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violations(page, name, palette):
    path, setup = PAGES[name]
    page.goto(path)
    if palette == "dark":
        use_dark_palette(page)
    prepare(page, setup)
    settle(page)
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    assert scheme == {"light": "default", "dark": "slate"}[palette]
    violations = run_axe(page)
    assert not violations, f"/{path} ({palette}):\n{describe_violations(violations)}"


def test_every_page_type_reflows_at_320_pixels(page):
    """WCAG 1.4.10: at 320 CSS pixels (1280 zoomed to 400%) nothing scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for name, (path, setup) in PAGES.items():
        page.goto(path)
        prepare(page, setup)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 320:
            wide[name] = width
    assert not wide, f"pages wider than 320px: {wide}"


# --- Nu Html Checker -------------------------------------------------------------------------

#: Errors in Material for MkDocs' own templates (9.8.1), which this project does not
#: override; see test_materials_own_markup_is_valid. Each is (message, part of the markup).
MATERIAL_ERRORS = [
    # base.html: `autocomplete="off"` on the drawer and search toggle checkboxes (outside
    # any template block, so only a copy of the whole of base.html could change it).
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"'),
    ),
    # partials/toc.html: the table of contents title is `<label for="__toc">`, but the
    # `__toc` checkbox is only written by partials/nav-item.html for pages in the
    # navigation; entries (innovations, case studies) are kept out of it by design.
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        re.compile(r'<label class="md-nav__title" for="__toc">'),
    ),
]


def is_materials(error: dict) -> bool:
    return any(
        error["message"].startswith(message) and pattern.search(error.get("extract", ""))
        for message, pattern in MATERIAL_ERRORS
    )


@pytest.fixture(scope="session")
def nu(browser, site, tmp_path_factory) -> dict[str, dict[str, list[dict]]]:
    """Nu's errors per page type: for the built file ("built") and for the page as the
    browser holds it once its scripts have run ("live"). One run of the checker."""
    live_dir = tmp_path_factory.mktemp("live")
    files: dict[Path, tuple[str, str]] = {}
    seen_built: set[str] = set()
    context = browser.new_context(base_url=site.url)
    page = context.new_page()
    try:
        for name, (path, setup) in PAGES.items():
            built = site.root / path.split("?")[0]
            built = built / "index.html" if built.is_dir() else built
            if str(built) not in seen_built:  # browse-filtered and search share files
                seen_built.add(str(built))
                files[built] = (name, "built")
            page.goto(path)
            prepare(page, setup)
            snapshot = live_dir / f"{name}.html"
            snapshot.write_text(page.content(), encoding="utf-8")
            files[snapshot] = (name, "live")
    finally:
        context.close()

    messages = run_nu(files)
    by_page = {name: {"built": [], "live": []} for name in PAGES}
    by_file = {f.resolve(): where for f, where in files.items()}
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = re.sub(r"^file:(//)?", "", message.get("url", ""))
        name, kind = by_file.get(Path(url).resolve(), (None, None))
        if name is None:
            pytest.fail(f"Nu reported on an unexpected file: {message}", pytrace=False)
        by_page[name][kind].append(message)
    return by_page


def describe_nu(errors: list[dict]) -> str:
    return "\n".join(
        f"  line {e.get('lastLine')}: {e['message']}\n      {e.get('extract', '').strip()[:200]}"
        for e in errors
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_nu_finds_no_html_errors(nu, name):
    for kind in ("built", "live"):
        errors = [e for e in nu[name][kind] if not is_materials(e)]
        assert not errors, f"{name} ({kind}): {len(errors)} HTML errors\n{describe_nu(errors)}"


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Material for MkDocs 9.8.1 writes invalid HTML in templates this project does not "
        "override: autocomplete on checkboxes (base.html), <label for=__toc> without its "
        "checkbox on pages outside the navigation (partials/toc.html). Harmless to readers; "
        "see MATERIAL_ERRORS."
    ),
)
def test_materials_own_markup_is_valid(nu):
    known = [e for page in nu.values() for kind in page.values() for e in kind if is_materials(e)]
    assert not known, describe_nu(known[:5])


# --- language, images ------------------------------------------------------------------------


class _Facts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "img":
            self.images.append(dict(attrs))


def test_every_page_declares_its_language_and_every_image_has_alt_text(site, page):
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 20
    for file in pages:
        facts = _Facts()
        facts.feed(file.read_text(encoding="utf-8"))
        where = file.relative_to(site.root)
        assert facts.lang == "en", f"{where}: <html lang={facts.lang!r}>"
        for image in facts.images:
            alt = image.get("alt")
            assert alt is not None and (alt.strip() or image.get("role") == "presentation"), (
                f"{where}: image without alt text: {image}"
            )
    page.goto(INNOVATION)
    assert page.evaluate("document.documentElement.lang") == "en"
    # Its picture is in the body as well as in `image:`: shown once, with its alt text.
    figure = page.locator("article img[src$='pathway.svg']")
    assert figure.count() == 1
    assert figure.get_attribute("alt"), "the innovation's image has no alt text"
