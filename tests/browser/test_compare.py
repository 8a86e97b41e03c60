"""The comparison in Chromium: choosing innovations on browse and on an innovation's
page, a shared link's table checked against the content files, unknown ids and a
fifth innovation refused, the keyboard, a phone's width, no request leaving the
site, hostile text shown as text, and axe in both palettes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from generator import i18n
from generator.i18n import formatting
from tests.browser.browser_support import (
    CONTENT,
    describe_violations,
    run_axe,
    settle,
    use_dark_palette,
    wait_for_browser,
)
from tests.browser.conftest import served

pytestmark = pytest.mark.browser

#: Four innovations of the shipped content with costs, outcomes and a NICE tier between them.
CHOSEN = [
    "remote-copd-monitoring",
    "pharmacy-blood-pressure-checks",
    "asthma-friendly-schools",
    "seizure-diary-app",
]


def front(entry_id: str) -> dict:
    text = (CONTENT / "innovations" / entry_id / "index.md").read_text(encoding="utf-8-sig")
    return yaml.safe_load(text.split("---", 2)[1])


def label(vocabulary: str, term_id: str) -> str:
    data = yaml.safe_load((CONTENT / "vocabularies" / f"{vocabulary}.yml").read_text())
    return next(t["label"] for t in data["terms"] if t["id"] == term_id)


def ready(page) -> None:
    page.locator("[data-ix-compare-page][data-ready]").wait_for()


def cells(page, row: str) -> list[str]:
    """The texts of the row headed ``row``, one per innovation."""
    header = page.locator("tbody th[scope=row]", has_text=re.compile(f"^{re.escape(row)}$"))
    return header.locator("xpath=..").locator("td").all_inner_texts()


def ids_in(url: str) -> list[str]:
    found = re.search(r"[?&]ids=([^&#]*)", url)
    return found.group(1).split(",") if found else []


def test_choosing_on_browse_and_on_an_innovation_page_builds_the_link(page, site):
    page.goto("browse/")
    wait_for_browser(page)
    toggles = page.locator(".ix-browser__output .ix-card button[aria-pressed]")
    first, second = toggles.nth(0), toggles.nth(1)
    chosen = [first.get_attribute("data-ix-compare-id"), second.get_attribute("data-ix-compare-id")]
    first.click()
    second.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    tray = page.locator(".ix-compare-tray .ix-compare-tray__link")
    expect(tray).to_have_text("Compare (2)")
    third = next(i for i in CHOSEN if i not in chosen)
    page.goto(f"innovations/{third}/")
    toggle = page.locator(".ix-compare-slot button[aria-pressed]")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    link = page.locator(".ix-compare-slot .ix-compare-tray__link")
    expect(link).to_have_text("Compare (3)")
    assert link.get_attribute("href") == site(f"compare/?ids={','.join([*chosen, third])}")
    link.click()
    ready(page)
    titles = page.locator("thead th[scope=col]").all_inner_texts()
    assert titles == [front(i)["title"] for i in [*chosen, third]]
    # Taken back off on its page, it leaves the comparison's link.
    page.goto(f"innovations/{third}/")
    page.locator(".ix-compare-slot button[aria-pressed]").click()
    assert (
        ids_in(page.locator(".ix-compare-slot .ix-compare-tray__link").get_attribute("href"))
        == chosen
    )


def test_search_results_have_the_toggle_too(page):
    """The header search's full results are the browse page with the words (?q=)."""
    page.goto("browse/?q=asthma")
    wait_for_browser(page)
    toggle = page.locator(
        ".ix-browser__output .ix-card button[data-ix-compare-id='asthma-friendly-schools']"
    )
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("JSON.parse(localStorage.getItem('ix-compare'))") == [
        "asthma-friendly-schools"
    ]


def test_a_shared_link_shows_what_the_content_says(page):
    page.goto(f"compare/?ids={','.join(CHOSEN)}")
    ready(page)
    fields = [front(i) for i in CHOSEN]
    columns = page.locator("thead th[scope=col] a")
    assert columns.all_inner_texts() == [f["title"] for f in fields]
    assert [h.split("/")[-2] for h in columns.evaluate_all("as => as.map(a => a.href)")] == CHOSEN
    assert page.locator("table caption").inner_text() == "4 innovations side by side"
    assert cells(page, "Stage") == [label("stages", f["stage"]) for f in fields]
    assert cells(page, "Evidence level") == [
        label("evidence-levels", f["evidence"]["level"]) for f in fields
    ]
    tiers = [
        f"Tier {f['nice_esf_tier']}" if f.get("nice_esf_tier") else "Not given" for f in fields
    ]
    assert cells(page, "NICE evidence standards tier") == tiers
    for row, vocabulary, key in [
        ("Care settings", "care-settings", "care_settings"),
        ("Regions", "regions", "regions"),
        ("Clinical areas", "clinical-areas", "clinical_areas"),
    ]:
        expected = [
            "\n".join(label(vocabulary, t) for t in f.get(key) or []) or "Not given" for f in fields
        ]
        assert cells(page, row) == expected, row
    adoptions = [
        str(len(list((CONTENT / "innovations" / i / "case-studies").glob("*.md")))) for i in CHOSEN
    ]
    assert cells(page, "Adoptions") == adoptions
    with i18n.kept():
        i18n.activate("en", "GB")  # the shipped exchange: English, in the United Kingdom
        reviewed = [formatting.date(str(f["last_reviewed"])) for f in fields]
        costs = []
        for f in fields:
            c = f.get("costs") or {}
            lines = []
            if c.get("setup") is not None:
                lines.append(f"Set-up {formatting.money(c['setup'], c.get('currency', 'GBP'))}")
            if c.get("annual") is not None:
                lines.append(f"{formatting.money(c['annual'], c.get('currency', 'GBP'))} a year")
            if c.get("notes"):
                lines.append(c["notes"])
            costs.append("\n".join(lines) or "Not given")
    assert cells(page, "Last reviewed") == reviewed
    assert cells(page, "Costs") == costs
    outcomes = page.locator("tbody th[scope=row]", has_text="Outcomes").locator("xpath=..")
    for column, f in enumerate(fields):
        items = outcomes.locator("td").nth(column).locator("li")
        written = f["evidence"].get("outcomes") or []
        assert items.count() == len(written)
        for item, o in zip(items.all(), written, strict=True):
            assert item.inner_text().startswith(f"{o['measure']}: {o['result']}")
            source = item.locator("a")
            assert source.count() == (1 if o.get("source") else 0)
            if o.get("source"):
                assert source.get_attribute("href") == o["source"]


def test_unknown_ids_are_reported_and_dropped(page):
    asked = "remote-copd-monitoring,no-such-innovation,..%2F..%2Fsecret,asthma-friendly-schools"
    page.goto(f"compare/?ids={asked}")
    ready(page)
    notes = page.locator(".ix-compare__notes")
    expect(notes).to_contain_text("no-such-innovation")
    expect(notes).to_contain_text("../../secret")
    assert ids_in(page.url) == ["remote-copd-monitoring", "asthma-friendly-schools"]
    assert page.locator("thead th[scope=col]").count() == 2


def test_more_than_four_shows_the_first_four_with_a_note(page):
    five = [*CHOSEN, "ai-chest-xray-triage"]
    page.goto(f"compare/?ids={','.join(five)}")
    ready(page)
    expect(page.locator(".ix-compare__notes")).to_contain_text("at most 4 innovations")
    assert ids_in(page.url) == CHOSEN
    assert page.locator("thead th[scope=col]").count() == 4
    # The page keeps the shown four as this browser's choice.
    assert page.evaluate("JSON.parse(localStorage.getItem('ix-compare'))") == CHOSEN


def test_a_fifth_choice_is_refused_politely(page):
    page.goto("browse/")
    wait_for_browser(page)
    toggles = page.locator(".ix-browser__output .ix-card button[aria-pressed]")
    for n in range(4):
        toggles.nth(n).click()
    fifth = toggles.nth(4)
    fifth.click()
    expect(fifth).to_have_attribute("aria-pressed", "false")
    status = page.locator(".ix-browser__output .ix-card").nth(4).locator("[role=status]")
    expect(status).to_have_text(
        "You can compare at most 4 innovations at a time: remove one to add another."
    )
    assert len(page.evaluate("JSON.parse(localStorage.getItem('ix-compare'))")) == 4
    expect(page.locator(".ix-compare-tray__link")).to_have_text("Compare (4)")
    # Taking one off makes room again.
    toggles.nth(0).click()
    fifth.click()
    expect(fifth).to_have_attribute("aria-pressed", "true")


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return `${e.tagName} ${e.id || e.textContent.trim()}`; }"
    )


def tab_to(page, pattern: str, most: int = 80) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if re.search(pattern, focused(page)):
            return
    raise AssertionError(f"Tab never reached {pattern!r}; last: {focused(page)}")


def test_the_keyboard_alone_removes_adds_and_scrolls(page):
    page.goto(f"compare/?ids={CHOSEN[0]},{CHOSEN[1]}")
    ready(page)
    assert page.locator(".ix-compare__scroll").evaluate("e => e.tabIndex") == 0
    tab_to(page, r"^DIV ")  # the scrolling region is a stop of its own
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    tab_to(page, "^BUTTON Remove")
    page.keyboard.press("Enter")
    expect(page.locator("thead th[scope=col]")).to_have_count(1)
    # Focus moved to the Remove button that took its place, not lost on the page.
    assert focused(page).startswith("BUTTON Remove")
    assert ids_in(page.url) == [CHOSEN[1]]
    tab_to(page, "^INPUT ix-compare-add$")
    page.keyboard.type(front(CHOSEN[2])["title"].upper())  # any case
    page.keyboard.press("Enter")
    expect(page.locator("thead th[scope=col]")).to_have_count(2)
    expect(page.locator(".ix-compare__add [role=status]")).to_contain_text("added")
    assert ids_in(page.url) == [CHOSEN[1], CHOSEN[2]]
    # A toggle on a card is a button the keyboard presses too.
    page.goto("browse/")
    wait_for_browser(page)
    tab_to(page, "^BUTTON Add to compare")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"


def test_copy_link_copies_the_address_and_says_so(context, page, site):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url[:-1])
    page.goto(f"compare/?ids={CHOSEN[0]},{CHOSEN[1]}")
    ready(page)
    assert page.locator("#ix-compare-link").input_value() == page.url
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".ix-compare__share [role=status]")).to_have_text("Link copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == site(
        f"compare/?ids={CHOSEN[0]},{CHOSEN[1]}"
    )


def test_printed_the_table_is_whole_and_the_controls_are_gone(page):
    page.goto(f"compare/?ids={','.join(CHOSEN)}")
    ready(page)
    page.emulate_media(media="print")
    assert page.locator(".ix-compare__remove").first.is_hidden()
    assert page.locator(".ix-compare__add").is_hidden()
    region = page.locator(".ix-compare__scroll")
    assert region.evaluate("e => getComputedStyle(e).overflowX") == "visible"


def test_a_phone_scrolls_the_table_not_the_page(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"compare/?ids={','.join(CHOSEN)}")
    ready(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320
    region = page.locator(".ix-compare__scroll")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert region.get_attribute("aria-labelledby") == "ix-compare-caption"
    header = page.locator("tbody th[scope=row]").first
    before = header.bounding_box()["x"]
    region.evaluate("e => { e.scrollLeft = 400; }")
    assert header.bounding_box()["x"] == before  # the row headers stay in view


def test_nothing_is_requested_from_elsewhere(page, site):
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(site.url) else elsewhere.append(r.url))
    page.goto(f"compare/?ids={CHOSEN[0]},{CHOSEN[1]}")
    ready(page)
    page.locator("#ix-compare-add").fill(front(CHOSEN[2])["title"])
    page.locator("#ix-compare-add").press("Enter")
    expect(page.locator("thead th[scope=col]")).to_have_count(3)
    page.goto("browse/")
    wait_for_browser(page)
    page.locator(".ix-browser__output .ix-card button[aria-pressed]").first.click()
    assert not elsewhere, elsewhere
    cookies = page.context.cookies()
    assert not cookies, cookies


def test_without_javascript_the_page_explains_and_links_to_browse(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"compare/?ids={CHOSEN[0]},{CHOSEN[1]}")
        expect(page.locator(".ix-compare__nojs")).to_be_visible()
        expect(page.locator(".ix-compare a[href='../browse/']")).to_be_visible()
        assert page.locator(".ix-compare table, .ix-compare button").count() == 0
        page.goto(f"innovations/{CHOSEN[0]}/")
        assert page.locator("button[aria-pressed]").count() == 0  # only the script adds them
    finally:
        context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["browse/", f"innovations/{CHOSEN[0]}/"], ids=["browse", "innovation"]
)
def test_chosen_toggles_and_the_tray_pass_axe(page, path, palette):
    page.goto("browse/")
    page.evaluate(f"localStorage.setItem('ix-compare', JSON.stringify({CHOSEN[:2]!r}))")
    page.goto(path)
    if palette == "dark":
        use_dark_palette(page)
    if path == "browse/":
        wait_for_browser(page)
    expect(page.locator("button[aria-pressed=true]:visible").first).to_be_visible()
    page.locator("button[aria-pressed=true]:visible").first.focus()  # its focused colours too
    settle(page)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


# --- hostile content: a small exchange of its own -----------------------------------------

HOSTILE = "<img src=x onerror=window.pwned=1> <script>window.pwned=2</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The tiny exchange of tests/site (a title with "&" and "<3") with markup as an
    outcome's measure and result and as the costs' notes, served on 127.0.0.1."""
    from tests.site.conftest import build, write_site

    root = write_site(tmp_path_factory.mktemp("hostile-compare"))
    index = root / "content" / "innovations" / "remote-monitoring" / "index.md"
    text = index.read_text()
    text = text.replace(
        '{measure: Admissions, result: 30% fewer, source: "https://example.org/r"}',
        f'{{measure: "{HOSTILE}", result: "{HOSTILE}", source: "https://example.org/r"}}',
    )
    text = text.replace(
        "last_reviewed:", f'costs: {{setup: 10, notes: "{HOSTILE}"}}\nlast_reviewed:'
    )
    index.write_text(text)
    with served(build(root)) as site:
        yield site


def test_hostile_text_appears_as_text(browser, hostile_site):
    # The markup reached the data the page reads (or this test would prove nothing).
    data = Path(hostile_site.root) / "api" / "v1" / "innovations" / "remote-monitoring.json"
    assert "onerror=window.pwned" in data.read_text(encoding="utf-8")
    context = browser.new_context(base_url=hostile_site.url)
    try:
        page = context.new_page()
        page.goto("compare/?ids=remote-monitoring,second-thing")
        ready(page)
        table = page.locator(".ix-compare table")
        assert page.locator("thead th[scope=col]").all_inner_texts() == [
            "Remote monitoring & more <3",
            "Second thing",
        ]
        assert table.locator("img, script").count() == 0
        assert page.evaluate("window.pwned") is None
        assert cells(page, "Outcomes")[0].startswith(f"{HOSTILE}: {HOSTILE}")
        assert HOSTILE in cells(page, "Costs")[0]
    finally:
        context.close()
