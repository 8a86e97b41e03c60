"""The readiness checklist on an adoption pack, in Chromium, on the real site: answers
kept in this browser only (across a reload, until cleared), the Markdown export read
back from the download, nothing asked of any other origin and no cookie, keyboard use,
a printable list without JavaScript, print, and axe in both palettes."""

from __future__ import annotations

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
PATHWAY = load_content(CONTENT).pathway
assert PATHWAY is not None, "content/pathway.yml should be valid"
QUESTIONS = [q for stage in PATHWAY.stages for q in stage.questions]


def _open(page) -> None:
    page.goto(PACK)
    page.locator(".ix-checklist--live").wait_for()


def _box(page, index: int):
    return page.get_by_role("checkbox", name=QUESTIONS[index].text, exact=True)


def _stored(page) -> object:
    return json.loads(page.evaluate("(key) => localStorage.getItem(key)", KEY) or "null")


def test_every_question_is_a_labelled_checkbox_with_the_buttons_shown(page) -> None:
    _open(page)
    assert page.locator(".ix-checklist__box").count() == len(QUESTIONS)
    for i in range(len(QUESTIONS)):
        expect(_box(page, i)).not_to_be_checked()
    for name in ("Export as Markdown", "Print", "Clear answers"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.locator(".ix-checklist__privacy")).to_be_visible()
    expect(page.locator(".ix-checklist__notice")).to_contain_text("Illustrative pathway")


def test_ticks_survive_a_reload_and_clear_removes_them(page) -> None:
    _open(page)
    _box(page, 0).check()
    _box(page, 5).check()
    status = page.locator(".ix-checklist__status")
    expect(status).to_have_text(f"2 of {len(QUESTIONS)} ticked, saved in this browser.")
    assert _stored(page) == {"version": 1, "ticked": [QUESTIONS[0].id, QUESTIONS[5].id]}

    page.reload()
    page.locator(".ix-checklist--live").wait_for()
    expect(_box(page, 0)).to_be_checked()
    expect(_box(page, 5)).to_be_checked()
    expect(_box(page, 1)).not_to_be_checked()

    # Declining the confirmation keeps everything.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear answers").click()
    expect(_box(page, 0)).to_be_checked()
    assert _stored(page) is not None

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear answers").click()
    expect(status).to_have_text("Answers cleared: nothing is kept in this browser now.")
    expect(_box(page, 0)).not_to_be_checked()
    assert _stored(page) is None
    page.reload()
    page.locator(".ix-checklist--live").wait_for()
    expect(_box(page, 0)).not_to_be_checked()


def test_answers_are_kept_per_innovation(page) -> None:
    _open(page)
    _box(page, 0).check()
    page.goto("innovations/seizure-diary-app/adopt/")
    page.locator(".ix-checklist--live").wait_for()
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


def test_nothing_leaves_the_origin_and_no_cookie_is_set(page, site) -> None:
    origin = _origin(site.url)
    outside: list[str] = []

    def record(route) -> None:
        if _leaves(route.request.url, origin):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.context.route("**/*", record)
    _open(page)
    _box(page, 1).check()
    with page.expect_download():
        page.get_by_role("button", name="Export as Markdown").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear answers").click()
    page.wait_for_timeout(300)
    assert outside == []
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


def test_the_checklist_works_with_the_keyboard(page) -> None:
    _open(page)
    _box(page, 0).focus()
    page.keyboard.press("Space")
    expect(_box(page, 0)).to_be_checked()
    page.keyboard.press("Tab")  # the next focusable thing: the first question's guidance link
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(_box(page, 1)).to_be_checked()
    # Every checkbox and every button is reached by Tab, in the order shown.
    reached = []
    page.locator("h2#ix-readiness").evaluate("(h) => { h.tabIndex = -1; h.focus(); }")
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


def test_without_javascript_it_reads_as_a_printable_list(browser, site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(PACK)
        section = page.locator("[data-ix-checklist]")
        assert section.locator("input").count() == 0
        assert section.get_by_role("button").count() == 0  # hidden: nothing that does nothing
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


def test_print_shows_the_answers_and_hides_the_buttons(page) -> None:
    _open(page)
    _box(page, 0).check()
    page.emulate_media(media="print")
    expect(page.locator(".ix-checklist__actions")).to_be_hidden()
    expect(page.locator(".ix-checklist__privacy")).to_be_hidden()
    expect(_box(page, 0)).to_be_visible()
    expect(_box(page, 0)).to_be_checked()
    expect(_box(page, 1)).to_be_visible()
    page.emulate_media(media="screen")


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("script", ["run", "blocked"])
def test_axe_finds_no_violations(browser, site, palette: str, script: str) -> None:
    """In both palettes, with the checklist's script run (a box ticked, the status
    shown) and with it blocked (the list as it reads without JavaScript)."""
    context = browser.new_context(base_url=site.url, color_scheme=palette)
    try:
        page = context.new_page()
        if script == "blocked":
            page.route("**/checklist.js", lambda route: route.abort())
        page.goto(PACK)
        if script == "run":
            page.locator(".ix-checklist--live").wait_for()
            _box(page, 0).check()
            expect(page.locator(".ix-checklist__status")).not_to_be_empty()
        else:
            expect(page.locator(".ix-checklist__actions")).to_be_hidden()
        settle(page)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            palette == "dark"
        )
        violations = run_axe(page)
        assert not violations, f"/{PACK} ({palette}):\n{describe_violations(violations)}"
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
