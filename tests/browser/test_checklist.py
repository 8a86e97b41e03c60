"""The readiness checklist in Chromium, on the real site: on its own page (checklist/) and
in an adoption pack, which fetches that page and shows its checklist in place of a link.
Answers kept in this browser only (across a reload, until cleared; per innovation in a
pack, under a key of their own on the page), the Markdown export read back from the
download, nothing asked of any other origin and no cookie, keyboard use, focus kept and
nothing announced when the checklist arrives, the link kept when the fetch fails, a
printable list without JavaScript, print, and axe in both palettes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.loader.content import load_content
from tests.browser.browser_support import CONTENT, describe_violations, run_axe, settle
from tests.browser.conftest import served
from tests.browser.test_no_third_party import _leaves, _origin
from tests.site.conftest import build, write_site

pytestmark = pytest.mark.browser

INNOVATION = "remote-copd-monitoring"
PACK = f"innovations/{INNOVATION}/adopt/"
KEY = f"ix-checklist:{INNOVATION}"
#: The exchange's checklist page, and the key of the answers given there (no innovation's).
PAGE = "checklist/"
PAGE_KEY = "ix-checklist"
PATHWAY = load_content(CONTENT).pathway
assert PATHWAY is not None, "content/pathway.yml should be valid"
QUESTIONS = [q for stage in PATHWAY.stages for q in stage.questions]


def _open(page, where: str = PACK) -> None:
    page.goto(where)
    page.locator(".ix-checklist--live").wait_for()


def _box(page, index: int):
    return page.get_by_role("checkbox", name=QUESTIONS[index].text, exact=True)


def _stored(page, key: str = KEY) -> object:
    return json.loads(page.evaluate("(key) => localStorage.getItem(key)", key) or "null")


@pytest.mark.parametrize("where", [PACK, PAGE])
def test_every_question_is_a_labelled_checkbox_with_the_buttons_shown(page, where) -> None:
    _open(page, where)
    assert page.locator(".ix-checklist__box").count() == len(QUESTIONS)
    for i in range(len(QUESTIONS)):
        expect(_box(page, i)).not_to_be_checked()
    for name in ("Export as Markdown", "Print", "Clear answers"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.locator(".ix-checklist__privacy")).to_be_visible()
    expect(page.locator(".ix-checklist__notice")).to_contain_text("Illustrative pathway")


@pytest.mark.parametrize(("where", "key"), [(PACK, KEY), (PAGE, PAGE_KEY)])
def test_ticks_survive_a_reload_and_clear_removes_them(page, where, key) -> None:
    _open(page, where)
    _box(page, 0).check()
    _box(page, 5).check()
    status = page.locator(".ix-checklist__status")
    expect(status).to_have_text(f"2 of {len(QUESTIONS)} ticked, saved in this browser.")
    assert _stored(page, key) == {"version": 1, "ticked": [QUESTIONS[0].id, QUESTIONS[5].id]}

    page.reload()
    page.locator(".ix-checklist--live").wait_for()
    expect(_box(page, 0)).to_be_checked()
    expect(_box(page, 5)).to_be_checked()
    expect(_box(page, 1)).not_to_be_checked()

    # Declining the confirmation keeps everything.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear answers").click()
    expect(_box(page, 0)).to_be_checked()
    assert _stored(page, key) is not None

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear answers").click()
    expect(status).to_have_text("Answers cleared: nothing is kept in this browser now.")
    expect(_box(page, 0)).not_to_be_checked()
    assert _stored(page, key) is None
    page.reload()
    page.locator(".ix-checklist--live").wait_for()
    expect(_box(page, 0)).not_to_be_checked()


def test_answers_are_kept_per_innovation_and_apart_on_the_page(page) -> None:
    _open(page)
    _box(page, 0).check()
    _open(page, "innovations/seizure-diary-app/adopt/")
    expect(_box(page, 0)).not_to_be_checked()
    _box(page, 1).check()
    _open(page, PAGE)
    expect(_box(page, 0)).not_to_be_checked()
    expect(_box(page, 1)).not_to_be_checked()
    _box(page, 2).check()
    assert _stored(page, PAGE_KEY) == {"version": 1, "ticked": [QUESTIONS[2].id]}
    assert _stored(page) == {"version": 1, "ticked": [QUESTIONS[0].id]}
    _open(page)
    expect(_box(page, 0)).to_be_checked()
    expect(_box(page, 2)).not_to_be_checked()


def test_answers_kept_before_the_checklist_moved_still_show(page) -> None:
    """A pack used to carry the checklist; what it saved under ix-checklist:<id> then is
    shown once the pack has fetched the checklist."""
    page.goto(PACK)
    saved = json.dumps({"version": 1, "ticked": [QUESTIONS[3].id]})
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, saved])
    _open(page)
    expect(_box(page, 3)).to_be_checked()
    expect(_box(page, 0)).not_to_be_checked()


def test_the_markdown_export_has_every_stage_question_answer_and_link(page, tmp_path: Path) -> None:
    _open(page)
    _box(page, 0).check()
    _box(page, 2).check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export as Markdown").click()
    download = download_info.value
    assert download.suggested_filename == f"readiness-checklist-{INNOVATION}.md"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = target.read_text(encoding="utf-8")
    lines = text.split("\n")

    assert lines[0] == "# Readiness checklist: Remote monitoring for people with COPD"
    assert re.fullmatch(
        r"Exported on \d{4}-\d\d-\d\d from http://127\.0\.0\.1:\d+/" + PACK, lines[2]
    )
    assert "**Adopting an innovation**" in lines
    assert "**Illustrative pathway**" in lines
    # Every stage a heading and every question a task, in order, ticked as in the page.
    expected = []
    for stage in PATHWAY.stages:
        expected.append(f"## {stage.title}")
        for question in stage.questions:
            mark = "x" if question.id in (QUESTIONS[0].id, QUESTIONS[2].id) else " "
            expected.append(f"- [{mark}] {question.text}")
    assert [line for line in lines if line.startswith(("## ", "- ["))][: len(expected)] == expected
    first = QUESTIONS[0].guidance[0]
    assert f"  - Guidance: [{first.title}](<{first.url}>)" in lines
    assert lines[lines.index("## Sources") + 2].startswith(
        f"- [{PATHWAY.sources[0].title.replace('[', '')}](<{PATHWAY.sources[0].url}>)"
    )
    expect(page.locator(".ix-checklist__status")).to_have_text(
        f"Downloaded readiness-checklist-{INNOVATION}.md."
    )


def test_the_markdown_export_on_the_page_is_tied_to_no_innovation(page, tmp_path: Path) -> None:
    _open(page, PAGE)
    _box(page, 1).check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export as Markdown").click()
    download = download_info.value
    assert download.suggested_filename == "readiness-checklist.md"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    lines = target.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "# Readiness checklist"
    assert re.fullmatch(
        r"Exported on \d{4}-\d\d-\d\d from http://127\.0\.0\.1:\d+/" + PAGE, lines[2]
    )
    assert f"- [x] {QUESTIONS[1].text}" in lines and f"- [ ] {QUESTIONS[0].text}" in lines


@pytest.mark.parametrize("where", [PACK, PAGE])
def test_nothing_leaves_the_origin_and_no_cookie_is_set(page, site, where) -> None:
    origin = _origin(site.url)
    outside: list[str] = []

    def record(route) -> None:
        if _leaves(route.request.url, origin):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.context.route("**/*", record)
    _open(page, where)
    _box(page, 1).check()
    with page.expect_download():
        page.get_by_role("button", name="Export as Markdown").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear answers").click()
    page.wait_for_timeout(300)
    assert outside == []
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


@pytest.mark.parametrize("where", [PACK, PAGE])
def test_the_checklist_works_with_the_keyboard(page, where) -> None:
    _open(page, where)
    _box(page, 0).focus()
    page.keyboard.press("Space")
    expect(_box(page, 0)).to_be_checked()
    page.keyboard.press("Tab")  # the next focusable thing: the first question's guidance link
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(_box(page, 1)).to_be_checked()
    # Every checkbox and every button is reached by Tab, in the order shown, from the
    # heading (the pack's section heading, or the page's title).
    reached = []
    page.locator("#ix-readiness").evaluate("(h) => { h.tabIndex = -1; h.focus(); }")
    for _ in range(200):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "() => document.activeElement.closest('[data-ix-checklist]') "
            "&& (document.activeElement.id || document.activeElement.dataset.action || '')"
        )
        if found is None or found is False:
            break
        reached.append(found)
    boxes = [r for r in reached if r.startswith("ix-readiness-q-")]
    assert boxes == [f"ix-readiness-q-{q.id}" for q in QUESTIONS]
    assert [r for r in reached if r in ("export", "print", "clear")] == ["export", "print", "clear"]
    page.locator('[data-action="export"]').focus()
    with page.expect_download():
        page.keyboard.press("Enter")


def _held(page) -> list:
    """The checklist page's requests, held until the test lets them through."""
    held: list = []
    page.route(f"**/{PAGE}", lambda route: held.append(route))
    return held


def _release(page, held: list) -> None:
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    [request] = held
    request.continue_()


def test_focus_stays_and_nothing_is_announced_when_the_checklist_arrives(page) -> None:
    """A reader on the link when the checklist arrives stays there (the checklist comes
    after the link's paragraph); otherwise the link's paragraph gives way to it. The
    status line is silent either way."""
    held = _held(page)
    page.goto(PACK)
    link = page.get_by_role("link", name="Open the readiness checklist")
    link.focus()
    _release(page, held)
    page.locator(".ix-checklist--live").wait_for()
    assert page.evaluate("document.activeElement.dataset.ixChecklistFrom") == ""
    expect(link).to_be_visible()
    expect(page.locator(".ix-checklist__status")).to_have_text("")

    held.clear()
    page.reload()
    _release(page, held)
    page.locator(".ix-checklist--live").wait_for()
    assert page.evaluate("document.activeElement === document.body")
    expect(link).to_have_count(0)
    page.wait_for_timeout(200)  # the status would be written 50 ms after a message
    expect(page.locator(".ix-checklist__status")).to_have_text("")


@pytest.mark.parametrize("failure", ["unreachable", "missing"])
def test_when_the_fetch_fails_the_link_stays_and_works(page, site, failure) -> None:
    asked: list[str] = []

    def fail(route) -> None:
        asked.append(route.request.url)
        if failure == "unreachable":
            route.abort()
        else:
            route.fulfill(status=404, body="Not found")

    page.route(f"**/{PAGE}", fail)
    page.goto(PACK)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    assert asked == [site(PAGE)]  # the pack did ask, and was refused
    link = page.get_by_role("link", name="Open the readiness checklist")
    expect(link).to_be_visible()
    assert page.locator("[data-ix-checklist], .ix-checklist__box").count() == 0
    page.unroute(f"**/{PAGE}")
    link.click()
    page.wait_for_url(site(PAGE))
    page.locator(".ix-checklist--live").wait_for()
    expect(_box(page, 0)).to_be_visible()


def test_the_fetched_checklists_scripts_never_run_and_addresses_are_absolute(page, site) -> None:
    """What the pack shows comes from the page (the site's own, its fields escaped when
    built): a script in it never runs, and a relative address in it means what it meant
    on the page."""
    original = (site.root / PAGE / "index.html").read_text("utf-8")
    marker = '<div class="ix-checklist" data-ix-checklist>'
    assert marker in original
    extra = (
        '<p><a id="ix-readiness-extra" href="../about/">About</a>'
        '<img alt="" src="picture.png"><script>window.ran = true;</script></p>'
    )
    changed = original.replace(marker, marker + extra)
    page.route(
        f"**/{PAGE}",
        lambda route: route.fulfill(body=changed, content_type="text/html; charset=utf-8"),
    )
    _open(page)
    extra_link = page.locator("#ix-readiness-extra")
    assert extra_link.get_attribute("href") == site("about/")
    assert page.locator("[data-ix-checklist] img").get_attribute("src") == site(
        f"{PAGE}picture.png"
    )
    assert page.evaluate("window.ran") is None
    assert page.locator("[data-ix-checklist] script").count() == 0


def test_without_javascript_it_reads_as_a_printable_list(browser, site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(PAGE)
        section = page.locator("[data-ix-checklist]")
        assert section.locator("input").count() == 0
        assert page.get_by_role("button").count() == 0  # hidden: nothing that does nothing
        items = section.locator(".ix-checklist__list > li")
        assert items.count() == len(QUESTIONS)
        expect(items.first).to_contain_text(QUESTIONS[0].text)
        box = items.first.evaluate(
            "(li) => { const s = getComputedStyle(li, '::before');"
            " return [s.content, s.borderTopStyle, s.width]; }"
        )
        assert box == ['""', "solid", "16px"]
        expect(section.locator(".ix-checklist__privacy")).to_be_hidden()
        expect(section.get_by_role("heading", name="Sources")).to_be_visible()
    finally:
        context.close()


def test_without_javascript_a_pack_prints_the_link_with_its_address(browser, site) -> None:
    from pypdf import PdfReader

    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(PACK)
        expect(page.get_by_role("heading", name="Readiness checklist")).to_be_visible()
        link = page.get_by_role("link", name="Open the readiness checklist")
        assert link.get_attribute("href") == "../../../checklist/"
        assert page.locator("[data-ix-checklist], .ix-checklist__item").count() == 0
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        text = "".join("".join(p.extract_text() or "" for p in pdf.pages).split())
        assert "Openthereadinesschecklist(http://127.0.0.1:8000/checklist/)" in text
        assert "".join(QUESTIONS[0].text.split()) not in text
    finally:
        context.close()


@pytest.mark.parametrize("where", [PACK, PAGE])
def test_print_shows_the_answers_and_hides_the_buttons(page, where) -> None:
    _open(page, where)
    _box(page, 0).check()
    page.emulate_media(media="print")
    expect(page.locator(".ix-checklist__actions")).to_be_hidden()
    expect(page.locator(".ix-checklist__privacy")).to_be_hidden()
    expect(_box(page, 0)).to_be_visible()
    expect(_box(page, 0)).to_be_checked()
    expect(_box(page, 1)).to_be_visible()
    page.emulate_media(media="screen")


@pytest.mark.parametrize("where", [PACK, PAGE])
@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("script", ["run", "blocked"])
def test_axe_finds_no_violations(browser, site, where: str, palette: str, script: str) -> None:
    """In both palettes, with the checklist's script run (a box ticked, the status
    shown) and with it blocked (the page's list as it reads without JavaScript; the
    pack's link to it)."""
    context = browser.new_context(base_url=site.url, color_scheme=palette)
    try:
        page = context.new_page()
        if script == "blocked":
            page.route("**/checklist.js", lambda route: route.abort())
        page.goto(where)
        if script == "run":
            page.locator(".ix-checklist--live").wait_for()
            _box(page, 0).check()
            expect(page.locator(".ix-checklist__status")).not_to_be_empty()
        elif where == PACK:
            expect(page.get_by_role("link", name="Open the readiness checklist")).to_be_visible()
        else:
            expect(page.locator(".ix-checklist__actions")).to_be_hidden()
            expect(page.locator(".ix-checklist__item").first).to_be_visible()
        settle(page)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            palette == "dark"
        )
        violations = run_axe(page)
        assert not violations, f"/{where} ({palette}):\n{describe_violations(violations)}"
    finally:
        context.close()


#: Ids that clashed when stages, checkboxes and Sources shared one namespace: a stage
#: "sources" (the Sources heading's id) and a stage "answer-q1" beside a question "q1"
#: (the script's checkbox id); and "&" that Markdown would read as a character reference.
CLASHING_PATHWAY = """\
title: Clashing pathway
sources:
  - {title: "Real source", url: "https://example.org/real", year: 2020}
stages:
  - id: sources
    title: Stage called sources
    questions:
      - id: q1
        text: "Budget &amp; plan &#91;1&#93; & more"
  - id: answer-q1
    title: Stage called answer-q1
    questions:
      - id: q2
        text: Second question
"""


@pytest.fixture(scope="module")
def clashing_site(tmp_path_factory: pytest.TempPathFactory):
    """A small exchange whose pathway has the stage and question ids above."""
    root = write_site(tmp_path_factory.mktemp("clashing"))
    (root / "content" / "pathway.yml").write_text(CLASHING_PATHWAY, encoding="utf-8")
    with served(build(root)) as served_site:
        yield served_site


def test_stage_question_and_sources_ids_never_clash(browser, clashing_site, tmp_path) -> None:
    context = browser.new_context(base_url=clashing_site.url, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto("innovations/second-thing/adopt/")
        page.locator(".ix-checklist--live").wait_for()
        ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)")
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        page.get_by_role("checkbox", name="Second question").check()
        expect(page.get_by_role("checkbox", name="Second question")).to_be_checked()
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Export as Markdown").click()
        target = tmp_path / "export.md"
        download_info.value.save_as(target)
        lines = target.read_text(encoding="utf-8").split("\n")
        headed = [line for line in lines if line.startswith(("## ", "- "))]
        assert headed == [
            "## Stage called sources",
            r"- [ ] Budget \&amp; plan \&#91;1\&#93; \& more",
            "## Stage called answer-q1",
            "- [x] Second question",
            "## Sources",
            "- [Real source](<https://example.org/real>) (2020)",
        ]
    finally:
        context.close()
