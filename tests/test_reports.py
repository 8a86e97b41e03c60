"""`exchange report`: overdue reviews and broken links, without ever touching the network
(every test injects a fake fetcher) and without ever raising because of a site."""

from __future__ import annotations

import html
import threading
import time
import urllib.error
from datetime import date
from pathlib import Path

import pytest

from generator import reports
from generator.i18n import _
from generator.loader.content import load_content
from generator.reports import LinkResult, build_report, check_links, collect_links
from tests.i18n.stand_in import speak_marked

TODAY = date(2026, 6, 1)

INNOVATION = """---
title: {title}
summary: A summary of the innovation.
stage: idea
types: [digital]
regions: [wessex]
organisation: {{name: Example Trust, type: provider, website: https://example.org/trust}}
evidence:
  level: local-evaluation
  outcomes:
    - {{measure: Admissions, result: Fewer, source: "https://gone.example.org/report.pdf"}}
last_reviewed: '{reviewed}'
links: [{{title: Slow site, url: "https://slow.example.org/"}}]
---

## The problem

See https://example.org/problem, and [the note](https://example.org/note#part).

## The solution

S.

## Evidence of success

E.
"""

SCOUT = """name: {name}
organisation: {{name: Example Trust, type: provider}}
region: wessex
contact: {{url: "https://{host}/profile"}}
publish: {publish}
"""


@pytest.fixture
def content(content_dir: Path) -> Path:
    for slug, title, reviewed in (
        ("old-one", "An old entry", "2024-01-15"),
        ("fresh-one", "A fresh | entry", "2026-05-01"),
    ):
        folder = content_dir / "innovations" / slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(INNOVATION.format(title=title, reviewed=reviewed), "utf-8")
    scouts = content_dir / "scouts"
    scouts.mkdir()
    (scouts / "public.yml").write_text(
        SCOUT.format(name="Public Scout", host="public.example.org", publish="true"), "utf-8"
    )
    (scouts / "private.yml").write_text(
        SCOUT.format(name="Private Scout", host="private.example.org", publish="false"), "utf-8"
    )
    return content_dir


class FakeWeb:
    """Answers by host, records what was asked and how many requests ran at once."""

    def __init__(self, answers: dict[str, LinkResult | Exception], delay: float = 0.0):
        self.answers = answers
        self.delay = delay
        self.asked: list[str] = []
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, url: str, timeout: float) -> LinkResult:
        with self.lock:
            self.asked.append(url)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.delay)
            host = url.split("/")[2]
            answer = self.answers.get(host, LinkResult(url, 200))
            if isinstance(answer, Exception):
                raise answer
            return LinkResult(url, answer.status, answer.error)
        finally:
            with self.lock:
                self.running -= 1


def test_links_of_published_content_only(content: Path):
    links = collect_links(load_content(content))
    assert "https://public.example.org/profile" in links
    assert not any("private.example.org" in url for url in links)  # no consent: never looked at
    assert links["https://example.org/trust"] == [
        "content/innovations/fresh-one/index.md",
        "content/innovations/old-one/index.md",
    ]
    assert "https://example.org/problem" in links  # from the body, without the comma
    assert "https://example.org/note#part" in links  # from a Markdown link, without the ')'


def test_report_lists_overdue_and_broken(content: Path):
    web = FakeWeb(
        {
            "gone.example.org": LinkResult("", 404),
            "slow.example.org": LinkResult("", None, "no answer within 15 seconds"),
            "public.example.org": urllib.error.URLError("boom"),  # a fetcher that raises
        }
    )
    text = build_report(content, fetcher=web, today=TODAY)
    overdue = text.split("### Reviews overdue (1)", 1)[1].split("###", 1)[0]
    assert "An old entry" in overdue and "2024-01-15" in overdue and "2025-01-15" in overdue
    assert "fresh" not in overdue
    broken = text.split("**Broken (1)**", 1)[1].split("**Could not be checked", 1)[0]
    assert "https://gone.example.org/report.pdf" in broken and "HTTP 404 Not Found" in broken
    assert "content/innovations/old-one/index.md" in broken
    unchecked = text.split("**Could not be checked (2)**", 1)[1]
    assert "https://slow.example.org/" in unchecked and "no answer within 15 seconds" in unchecked
    assert "check failed: URLError" in unchecked
    assert "private.example.org" not in text and "Private Scout" not in text
    assert len(set(web.asked)) == len(web.asked)  # each address asked once


def test_report_escapes_table_cells(content: Path):
    text = build_report(content, check_links=False, today=date(2027, 6, 1))
    assert "A fresh \\| entry" in text  # a '|' in a title cannot break the table
    assert "### Links" in text and "Not checked in this run." in text


def test_no_network_at_all_is_not_a_wall_of_broken_links(content: Path):
    down = LinkResult("", None, "no such host (the domain name does not resolve)")
    web = FakeWeb(
        {
            host: down
            for host in (
                "example.org",
                "gone.example.org",
                "slow.example.org",
                "public.example.org",
            )
        }
    )
    text = build_report(content, fetcher=web, today=TODAY)
    assert "network of this run probably failed" in text
    assert "**Broken (0)**" in text and "**Could not be checked (6)**" in text


def test_nothing_to_report(content_dir: Path):
    text = build_report(content_dir, fetcher=FakeWeb({}), today=TODAY)
    assert "### Reviews overdue (0)" in text and "**Broken (0)**" in text


def test_bounded_concurrency_per_run_and_per_site():
    urls = [f"https://site{i % 3}.example.org/{i}" for i in range(30)]
    web = FakeWeb({}, delay=0.01)
    results = check_links(urls, web, concurrency=4)
    assert len(results) == 30 and all(r.verdict == "ok" for r in results.values())
    assert web.most <= 4
    one_site = FakeWeb({}, delay=0.01)
    check_links([f"https://one.example.org/{i}" for i in range(12)], one_site, concurrency=8)
    assert one_site.most <= reports.PER_HOST


@pytest.mark.parametrize(
    ("result", "verdict"),
    [
        (LinkResult("u", 200), "ok"),
        (LinkResult("u", 301), "ok"),
        (LinkResult("u", 404), "broken"),
        (LinkResult("u", 410), "broken"),
        (LinkResult("u", 400), "broken"),
        (LinkResult("u", 403), "unchecked"),  # often a robot block, not a dead page
        (LinkResult("u", 429), "unchecked"),
        (LinkResult("u", 503), "unchecked"),
        (LinkResult("u", None, "no such host (the domain name does not resolve)"), "broken"),
        (LinkResult("u", None, "no answer within 15 seconds"), "unchecked"),
    ],
)
def test_verdicts(result: LinkResult, verdict: str):
    assert result.verdict == verdict


def test_real_fetcher_never_raises_without_network(monkeypatch):
    """The real fetcher turns every failure into a result (no request leaves the machine)."""

    def refuse(request, timeout):
        raise urllib.error.URLError(OSError("network is unreachable"))

    monkeypatch.setattr(reports.urllib.request, "urlopen", refuse)
    result = reports.fetch("https://example.org/", 1.0)
    assert result.status is None and "unreachable" in result.error

    def slow(request, timeout):
        raise TimeoutError

    monkeypatch.setattr(reports.urllib.request, "urlopen", slow)
    assert reports.fetch("https://example.org/", 2.0).error == "no answer within 2 seconds"

    calls = []

    def head_refused(request, timeout):
        calls.append(request.get_method())
        raise urllib.error.HTTPError(request.full_url, 405, "Method Not Allowed", {}, None)

    monkeypatch.setattr(reports.urllib.request, "urlopen", head_refused)
    assert reports.fetch("https://example.org/", 1.0).status == 405
    assert calls == ["HEAD", "GET"]  # asked again with GET


def test_cli_offline(cli, content: Path, tmp_path: Path):
    out = tmp_path / "report.md"
    code, stdout, _ = cli(["report", "content", "--no-links", "--output", str(out)])
    assert code == 0 and stdout == ""
    assert out.read_text(encoding="utf-8").startswith("## Content health report")
    assert cli(["report", "--concurrency", "0", "--no-links"])[0] == 2


def test_one_error_is_one_error(content: Path):
    page = content / "innovations" / "old-one" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("stage: idea\n", ""), "utf-8")
    text = build_report(content, check_links=False, today=TODAY)
    assert "**The content has 1 error**: run `exchange validate` and fix it first." in text


def test_report_in_the_active_language(content: Path, monkeypatch):
    speak_marked(monkeypatch)
    web = FakeWeb({"gone.example.org": LinkResult("", 404)})
    text = build_report(content, fetcher=web, today=TODAY)
    assert text.startswith("## »Content health report\n\n»Updated 2026-06-01")
    assert "### »Reviews overdue (1)" in text and "| »Entry | »File |" in text
    assert "### »Links (" in text and "**»Broken (1)**" not in text
    assert "»**Broken (1)**" in text and "| »Link | »Problem | »Used in |" in text
    assert reports.report_title() == "»Content health report"
    # A result in another language is still judged by what happened, not by its words.
    assert LinkResult("u", None, _(reports.NO_SUCH_HOST)).verdict == "broken"


# --- whether anything is due: the workflow opens, updates or closes the issue by it ---------------


def test_overdue_or_broken_is_due(content: Path):
    web = FakeWeb({"gone.example.org": LinkResult("", 404)})
    text = build_report(content, fetcher=web, today=TODAY)
    assert text.endswith("\n" + reports.DUE_MARKER + "\n") and reports.report_is_due(text)
    # Broken links alone are due too (no review overdue before 2025-01-15).
    text = build_report(content, fetcher=web, today=date(2024, 6, 1))
    assert "### Reviews overdue (0)" in text and reports.report_is_due(text)


def test_nothing_due(content: Path):
    page = content / "innovations" / "old-one" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("2024-01-15", "2026-05-01"), "utf-8")
    slow = LinkResult("", None, "no answer within 15 seconds")
    web = FakeWeb({"slow.example.org": slow})  # could not be checked: often temporary
    text = build_report(content, fetcher=web, today=TODAY)
    assert "### Reviews overdue (0)" in text and "**Could not be checked (1)**" in text
    assert text.endswith("\n" + reports.NOTHING_DUE_MARKER + "\n")
    assert not reports.report_is_due(text)
    # No site answered: the network failed, and that is not due either.
    down = LinkResult("", None, "no such host (the domain name does not resolve)")
    web = FakeWeb({h: down for h in ("example.org", "gone.example.org", "slow.example.org")})
    web.answers["public.example.org"] = down
    assert not reports.report_is_due(build_report(content, fetcher=web, today=TODAY))


def test_content_errors_are_due(content: Path):
    page = content / "innovations" / "old-one" / "index.md"
    text = page.read_text(encoding="utf-8").replace("2024-01-15", "2026-05-01")
    page.write_text(text.replace("stage: idea\n", ""), "utf-8")
    report = build_report(content, check_links=False, today=TODAY)
    assert "### Reviews overdue (0)" in report and reports.report_is_due(report)


def test_only_the_last_line_says_due():
    """Content reaches the report only through table cells, escaped: it cannot end it."""
    assert not reports.report_is_due(reports.DUE_MARKER + "\n\n" + reports.NOTHING_DUE_MARKER)
    cells = reports._table(["a"], [[reports.DUE_MARKER]], 10)
    assert "&lt;!-- content-report: due --&gt;" in cells[-1]


def test_the_closing_comment_is_translated(monkeypatch):
    speak_marked(monkeypatch)
    assert reports.report_closed_comment().startswith("»Nothing is due this week")


# --- the pull request's comment -------------------------------------------------------------

RUN = "https://github.com/o/r/actions/runs/42"
SUMMARY = (
    "### Content validation\n\n**1 error, 0 warnings**\n\n"
    "| | Where | Problem | How to fix |\n| --- | --- | --- | --- |\n"
    "| ❌ | [content/x.md:3](https://github.com/o/r/blob/abc/content/x.md#L3) | bad | fix |\n"
)


def test_comment_with_problems():
    text = reports.pull_request_comment(SUMMARY, run_url=RUN, conclusion="failure", preview=True)
    assert text.startswith(reports.PULL_REQUEST_COMMENT_MARKER + "\n## Pull request checks\n")
    assert f"❌ Some checks failed: see [the checks' run]({RUN})." in text
    assert "(https://github.com/o/r/blob/abc/content/x.md#L3)" in text  # the links to lines work
    assert "download **site-preview**, unzip it and open index.html" in text
    assert text.endswith("This comment is updated after every push to the pull request.\n")


def test_comment_when_fixed_and_when_stopped():
    fixed = "### Content validation\n\nNo problems found.\n"
    text = reports.pull_request_comment(fixed, run_url=RUN, conclusion="success")
    assert "✅ All checks passed." in text and "No problems found." in text
    assert "site-preview" not in text
    stopped = reports.pull_request_comment(None, run_url=RUN, conclusion="timed_out")
    assert "did not finish (timed_out)" in stopped
    odd = reports.pull_request_comment(None, run_url=RUN, conclusion="x](javascript:y)")
    assert "did not finish (?)" in odd
    assert "stopped before the content was validated" in stopped


def test_comment_quotes_the_summary_inertly():
    hostile = (
        "ping @innovation-exchange/maintainers and @someone, see #12 and o/r#3\n"
        f"{reports.PULL_REQUEST_COMMENT_MARKER}\n<!-- hidden -->\n"
    )
    text = reports.pull_request_comment(hostile, run_url=RUN, conclusion="failure")
    # GitHub finds mentions and references after decoding entities: a word joiner
    # (U+2060) after each "@" and "#" breaks them (generator/safety/mentions.py).
    assert "@" not in text and "&#64;&#8288;innovation-exchange" in text
    assert "#12" not in text and "&#35;&#8288;12" in text and "o/r&#35;&#8288;3" in text
    shown = html.unescape(text)
    assert "@innovation" not in shown and "#12" not in shown and "r#3" not in shown
    assert text.count("<!--") == 1  # only the marker, on the first line
    # An address that is not a plain https one is not made a link.
    odd = reports.pull_request_comment(SUMMARY, run_url="javascript:x)", conclusion="failure")
    assert "javascript" not in odd and "the checks' run" in odd


def test_long_summary_is_cut_with_a_note():
    rows = "".join(f"| ❌ | `content/x{i}.md:1` | bad | fix |\n" for i in range(5000))
    text = reports.pull_request_comment(SUMMARY + rows, run_url=RUN, conclusion="failure")
    assert len(text) < 65_536  # GitHub's limit for a comment
    assert "(Cut short: the whole list is in the summary of [the checks' run]" in text
    body = text.split("\n(Cut short", 1)[0]
    assert body.rstrip().endswith("| bad | fix |")  # cut between rows


def test_read_summary(tmp_path: Path):
    assert reports.read_summary(tmp_path / "missing.md") is None
    (tmp_path / "empty.md").write_bytes(b" \n")
    assert reports.read_summary(tmp_path / "empty.md") is None
    (tmp_path / "big.md").write_bytes(b"x\xff" * 1_000_000)
    text = reports.read_summary(tmp_path / "big.md")
    assert text is not None and len(text) == reports.SUMMARY_READ_LIMIT
    assert "\ufffd" in text


def test_comment_in_the_active_language(monkeypatch):
    speak_marked(monkeypatch)
    text = reports.pull_request_comment(None, run_url=RUN, conclusion="success", preview=True)
    assert "## »Pull request checks" in text and "✅ »All checks passed." in text
    assert "»[the checks' run]" in text and "»This comment is updated" in text
