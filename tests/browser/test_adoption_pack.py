"""The adoption pack in Chromium: WCAG 2.2 AA in both palettes (the one chosen on the site
carries over), keyboard use, valid HTML, nothing fetched from elsewhere, and a clean
PDF when printed (read back with pypdf: its pages, its words, none of the screen's chrome)."""

from __future__ import annotations

import io
import json
import os
import unicodedata

import pytest

from generator.loader.content import load_content
from tests.browser.browser_support import (
    CONTENT,
    describe_violations,
    innovations,
    run_axe,
    run_nu,
    settle,
    use_dark_palette,
)
from tests.site.conftest import build
from tests.site.test_adoption_pack import SECTIONS, write_pack_site

pytestmark = pytest.mark.browser

INNOVATION = "innovations/remote-copd-monitoring/"
PACK = f"{INNOVATION}adopt/"
#: Words only the screen shows: the skip link, the header, the button, the contents list,
#: the readiness checklist's buttons.
CHROME = (
    "Skip to content",
    "Back to the innovation",
    "Print or save as PDF",
    "Contents",
    "Export as Markdown",
    "Clear answers",
)
#: The sample innovation's pack, printed on A4 or US letter: 8 pages with the readiness
#: checklist (fetched from checklist/ and shown in place) in December 2026. It grows as
#: case studies with lessons are added; a much wider range would no longer notice the
#: screen's layout or chrome being printed.
PAGES = range(4, 12)


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


def test_the_innovation_links_to_its_pack(page, site) -> None:
    page.goto(INNOVATION)
    link = page.get_by_role("link", name="Adoption pack", exact=True)
    assert link.is_visible()
    link.click()
    page.wait_for_url(site(PACK))
    title = innovations()["remote-copd-monitoring"].title
    assert page.locator("h1").inner_text() == f"Adoption pack: {title}"


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_finds_no_wcag_violations(page, palette) -> None:
    """Dark: chosen with the site's own toggle, then the pack opened from the entry."""
    page.goto(INNOVATION)
    if palette == "dark":
        use_dark_palette(page)
    page.get_by_role("link", name="Adoption pack", exact=True).click()
    page.locator("h1").wait_for()
    settle(page)
    expected = {"light": "rgb(255, 255, 255)", "dark": "rgb(30, 33, 41)"}[palette]
    assert background(page) == expected
    violations = run_axe(page)
    assert not violations, f"/{PACK} ({palette}):\n{describe_violations(violations)}"


def test_the_pack_reflows_at_320_pixels(page) -> None:
    """WCAG 1.4.10: nothing scrolls sideways at 320 CSS pixels (tables scroll in place)."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(PACK)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320


def test_the_palette_follows_the_site_then_the_system(browser, site) -> None:
    context = browser.new_context(base_url=site.url, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(PACK)
        assert background(page) == "rgb(30, 33, 41)"  # no choice on the site: the system's
        violations = run_axe(page)
        assert not violations, describe_violations(violations)
        choice = {"index": 0, "color": {"media": "", "scheme": "default", "primary": "indigo"}}
        page.evaluate(
            "value => localStorage.setItem(new URL('../../../', location).pathname + "
            "'.__palette', value)",
            json.dumps(choice),
        )
        page.reload()
        assert page.evaluate("document.documentElement.dataset.ixScheme") == "light"
        assert background(page) == "rgb(255, 255, 255)"  # the site's choice wins
    finally:
        context.close()


def test_keyboard_and_no_javascript(browser, page, site) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(PACK)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#ix-main"
    # The Print button is shown by the script, and prints.
    page.evaluate("window.print = () => { window.printed = true; }")
    button = page.get_by_role("button", name="Print or save as PDF")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") is True
    assert all(url.startswith(site.url) for url in requests), requests
    # Without JavaScript: every word is there, but no button that would do nothing.
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        bare = context.new_page()
        bare.goto(PACK)
        assert bare.get_by_role("button").count() == 0
        assert bare.get_by_role("heading", name="What to measure").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_pdf_is_clean(page, paper) -> None:
    from pypdf import PdfReader

    page.goto(PACK)
    page.locator(".ix-checklist--live").wait_for()  # the checklist, fetched, is printed too
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert len(pdf.pages) in PAGES, len(pdf.pages)
    pathway = load_content(CONTENT).pathway
    assert pathway is not None
    # pypdf may break a line without a space, and keeps ligatures ("sta\ufb00").
    printed = "".join(unicodedata.normalize("NFKC", text).split())
    for stage in pathway.stages:
        for question in stage.questions:
            assert "".join(question.text.split()) in printed, question.text
    assert "Open the readiness checklist" not in text  # the link gave way to it
    title = innovations()["remote-copd-monitoring"].title
    assert f"Adoption pack: {title}" in text
    for words in ("At a glance", "What to measure", "Who to talk to", "Lessons from adoptions"):
        assert words in text
    assert "Remote monitoring for COPD service evaluation 2023" in text  # a reference
    for word in CHROME:
        assert word not in text, f"{word!r} printed"
    # Links out of the site are followed by their address; the pack's own address is there.
    compact = "".join(text.split())  # pypdf breaks long addresses across lines
    assert "page(https://example.org/people/ada-example)" in compact  # "pro\ufb01le page"
    assert "Thispackonline:" in compact and "/innovations/remote-copd-monitoring/adopt/" in compact
    # No heading alone at the foot of a page (each page's last line is not a section's
    # title), and no page left nearly empty by rules that keep too much together.
    for number, printed in enumerate(pdf.pages[:-1], 1):
        lines = [line for line in (printed.extract_text() or "").splitlines() if line.strip()]
        assert len(lines) >= 12, f"page {number} holds only {lines}"
        assert lines[-1].strip() not in SECTIONS, (
            f"page {number} ends with a heading: {lines[-1]!r}"
        )


def test_every_link_within_the_pack_has_its_target(page) -> None:
    """The contents list (the readiness checklist's too, when the exchange has a pathway)
    and footnotes of quoted sections, whose ids the pack prefixes."""
    page.goto(PACK)
    missing = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
            .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
            .filter((id) => !document.getElementById(id))"""
    )
    assert missing == []
    assert page.locator('.ix-a__contents a[href="#ix-readiness"]').count() == 1


def test_nu_finds_no_html_errors(tools, site, tmp_path) -> None:
    """The sample's pack and readiness checklist page, and the packs of tests/site's
    awkward and hostile bodies."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    hostile = build(write_pack_site(tmp_path / "exchange"))
    files = [
        site.root / PACK / "index.html",
        site.root / "checklist" / "index.html",
        *hostile.glob("innovations/*/adopt/index.html"),
    ]
    assert len(files) == 4
    errors = [m for m in run_nu(files) if m.get("type") in ("error", "non-document-error")]
    assert not errors, errors
