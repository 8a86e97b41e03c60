"""What the bots report: the weekly content health report, and the pull request comment.

``exchange report`` writes one Markdown document that the weekly workflow puts
in a single issue it keeps up to date. Overdue reviews are the validator's own
``review-overdue`` warnings (the same as ``exchange validate --format json``
lists), so the report and the checks on pull requests never disagree. Its last
line says whether anything is due (:data:`DUE_MARKER` or :data:`NOTHING_DUE_MARKER`,
an HTML comment GitHub does not show): the workflow opens or updates the issue
only when something is, and closes it when nothing is.

Links are checked with a bounded number of requests at once (and at most two
per site), a timeout on each, and no exceptions: a site that is down, slow or
refusing robots becomes a line of the report, never a failure. The fetcher is a
parameter so that the tests never touch the network.
"""

from __future__ import annotations

import html
import http.client
import re
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from generator.i18n import N_, _, ngettext, pgettext
from generator.i18n.formatting import number
from generator.loader.content import ContentSet, Entry
from generator.rules.context import strings
from generator.rules.quality import review_due
from generator.safety.mentions import AT, HASH
from generator.validation import validate

USER_AGENT = "InnovationExchangeLinkCheck/1.0 (weekly link check of a health innovation catalogue)"
#: GitHub refuses issue bodies longer than 65,536 characters.
REPORT_LIMIT = 60_000
PER_HOST = 2
_URL_IN_TEXT = re.compile(r"https://[^\s<>()\[\]{}\"'`|\\]+")
_TRAILING = ".,;:!?*_~"
#: Why there was no answer, when the site's name does not exist: the link is broken.
NO_SUCH_HOST = N_("no such host (the domain name does not resolve)")
#: The report's last line: something is due (a content error, an overdue review, a broken
#: link), or nothing is. Links that could not be checked are often down for a day: not due.
DUE_MARKER = "<!-- content-report: due -->"
NOTHING_DUE_MARKER = "<!-- content-report: nothing due -->"


def report_title() -> str:
    """The title of the issue the weekly workflow keeps the report in."""
    return _("Content health report")


def report_label_description() -> str:
    """The description of the label of that issue."""
    return _("The weekly report of overdue reviews and broken links")


def report_closed_comment() -> str:
    """The comment with which the weekly workflow closes the issue when nothing is due."""
    return _(
        "Nothing is due this week: no review is overdue and no link is broken, so this issue "
        "is closed. A new one is opened when there is something to do again."
    )


def report_is_due(text: str) -> bool:
    """Whether a report says something is due (by its last line, which content cannot write)."""
    lines = text.rstrip("\n").rsplit("\n", 1)
    return lines[-1] == DUE_MARKER


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None = None  # the HTTP status, None when there was no answer
    error: str = ""  # why there was no answer (in the active language)

    @property
    def verdict(self) -> str:
        """``ok``, ``broken`` (gone or wrong) or ``unchecked`` (perhaps temporary)."""
        if self.status is not None and self.status < 400:
            return "ok"
        if self.status in (404, 410) or (
            self.status is not None
            and self.status < 500
            and self.status not in (401, 403, 408, 429)
        ):
            return "broken"
        if self.status is None and self.error in (NO_SUCH_HOST, _(NO_SUCH_HOST)):
            return "broken"
        return "unchecked"

    def describe(self) -> str:
        if self.status is not None:
            reason = http.client.responses.get(self.status, "")
            return f"HTTP {self.status} {reason}".strip()  # HTTP's own words, as sites send them
        return self.error or _("no answer")


Fetcher = Callable[[str, float], LinkResult]


def fetch(url: str, timeout: float) -> LinkResult:
    """Ask the site for ``url``: HEAD first, GET when the site does not answer HEAD."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return LinkResult(url, response.status)
        except urllib.error.HTTPError as exc:
            exc.close()
            if method == "HEAD" and exc.code in (400, 403, 404, 405, 429, 500, 501, 503):
                continue  # many sites mishandle HEAD: ask again properly
            return LinkResult(url, exc.code)
        except urllib.error.URLError as exc:
            return LinkResult(url, None, _reason(exc.reason))
        except TimeoutError:
            return LinkResult(url, None, _no_answer_within(timeout))
        except (OSError, ValueError, http.client.HTTPException) as exc:
            return LinkResult(url, None, _reason(exc))
    return LinkResult(url, None, _("no answer"))  # pragma: no cover


def _no_answer_within(timeout: float) -> str:
    if timeout == int(timeout):
        return ngettext("no answer within {n} second", "no answer within {n} seconds", int(timeout))
    return _("no answer within {seconds} seconds", seconds=number(timeout))


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        if reason.errno == getattr(socket, "EAI_NONAME", None):
            return _(NO_SUCH_HOST)
        return _("the domain name could not be looked up")
    if isinstance(reason, TimeoutError):
        return _("no answer in time")
    text = str(reason) or type(reason).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def check_links(
    urls: Iterable[str],
    fetcher: Fetcher = fetch,
    *,
    timeout: float = 15.0,
    concurrency: int = 8,
) -> dict[str, LinkResult]:
    """Check every URL once; never raises, whatever the fetcher does."""
    unique = sorted(set(urls))
    hosts: dict[str, threading.Semaphore] = {}
    for url in unique:
        hosts.setdefault(_host(url), threading.Semaphore(PER_HOST))

    def one(url: str) -> LinkResult:
        with hosts[_host(url)]:
            try:
                result = fetcher(url, timeout)
            except Exception as exc:  # a fetcher bug must not lose the whole report
                return LinkResult(url, None, _("check failed: {error}", error=type(exc).__name__))
            if isinstance(result, LinkResult):
                return result
            return LinkResult(url, None, _("no answer"))

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return dict(zip(unique, pool.map(one, unique), strict=True))


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


# --- what to check -----------------------------------------------------------------------


def _published(content: ContentSet) -> list[Entry]:
    """Entries that appear on the site: a scout without consent is never looked at."""
    scouts = [s for s in content.scouts if s.fields.publish]
    return [*content.innovations, *content.case_studies, *scouts]


def urls_in_text(text: str) -> list[str]:
    return [m[0].rstrip(_TRAILING) for m in _URL_IN_TEXT.finditer(text)]


def collect_links(content: ContentSet) -> dict[str, list[str]]:
    """Each https address in published content, with the files that use it."""
    found: dict[str, list[str]] = {}
    for entry in _published(content):
        values = [v for _path, v in strings(entry.fields.model_dump())]
        for text in [*values, entry.body]:
            for url in urls_in_text(text) if text else ():
                files = found.setdefault(url, [])
                if entry.file not in files:
                    files.append(entry.file)
    return dict(sorted(found.items()))


# --- the report -------------------------------------------------------------------------------


def _cell(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    value = html.escape(value, quote=False).replace("|", "\\|").replace("`", "'")
    return value.replace("#", HASH).replace("@", AT)


def _table(header: list[str], rows: list[list[str]], limit: int) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[:limit]]
    if len(rows) > limit:
        more = len(rows) - limit
        lines.append("\n" + ngettext("…and {n} more.", "…and {n} more.", more))
    return lines


def build_report(
    content_dir: Path,
    *,
    check_links: bool = True,
    fetcher: Fetcher = fetch,
    timeout: float = 15.0,
    concurrency: int = 8,
    today: date | None = None,
    limit: int = 200,
) -> str:
    today = today or date.today()
    content, report = validate(content_dir, today=today)
    by_file = {e.file: e for e in (*content.innovations, *content.case_studies)}
    lines = [
        "## " + report_title(),
        "",
        _(
            "Updated {date} by the weekly report workflow ({command}). This issue is kept up "
            "to date every week; close it when everything is dealt with and a new one is "
            "opened when there is something to report again.",
            date=today.isoformat(),
            command="`exchange report`",
        ),
    ]
    due = bool(report.errors)
    if report.errors:
        lines += [
            "",
            ngettext(
                "**The content has {n} error**: run {command} and fix it first.",
                "**The content has {n} errors**: run {command} and fix them first.",
                len(report.errors),
                command="`exchange validate`",
            ),
        ]

    overdue = []
    for d in report.warnings:
        entry = by_file.get(d.file)
        if d.code == "review-overdue" and entry is not None:
            last = entry.fields.last_reviewed
            overdue.append([entry.fields.title, d.file, last, review_due(last).isoformat()])
    overdue.sort(key=lambda row: (row[3], row[1]))
    due = due or bool(overdue)
    lines += ["", "### " + _("Reviews overdue ({count})", count=number(len(overdue))), ""]
    if overdue:
        lines += [
            _(
                "Check each entry is still accurate, then set {field} to the date of the check.",
                field="`last_reviewed`",
            ),
            "",
        ]
        header = [
            pgettext("report column", "Entry"),
            pgettext("report column", "File"),
            pgettext("report column", "Last reviewed"),
            # Translators: the date by which the entry should be reviewed.
            pgettext("report column", "Due"),
        ]
        lines += _table(header, overdue, limit)
    else:
        lines.append(_("None: every entry was reviewed in the last 12 months."))

    links = collect_links(content)
    if check_links:
        heading = ngettext("Links ({n} checked)", "Links ({n} checked)", len(links))
    else:
        heading = _("Links")
    lines += ["", "### " + heading, ""]
    if not check_links:
        lines.append(_("Not checked in this run."))
    else:
        results = check_links_of(links, fetcher, timeout, concurrency)
        broken = [r for r in results if r.verdict == "broken"]
        unchecked = [r for r in results if r.verdict == "unchecked"]
        if results and all(r.status is None for r in results):
            # Not one site answered: the runner's network failed, not every site at once.
            lines += [
                _(
                    "No site answered at all, so the network of this run probably failed: no "
                    "link is reported as broken this time."
                ),
                "",
            ]
            broken, unchecked = [], results
        due = due or bool(broken)
        link_header = [
            pgettext("report column", "Link"),
            pgettext("report column", "Problem"),
            pgettext("report column", "Used in"),
        ]
        lines.append(
            _(
                "**Broken ({count})**: the page is gone or the address is wrong.",
                count=number(len(broken)),
            )
        )
        lines.append("")
        if broken:
            rows = [[r.url, r.describe(), ", ".join(links[r.url])] for r in broken]
            lines += _table(link_header, rows, limit)
        else:
            lines.append(_("None."))
        lines += [
            "",
            _(
                "**Could not be checked ({count})**: the site did not answer, refused the robot "
                "or had a server error. This is often temporary; check them by hand if they are "
                "listed again next week.",
                count=number(len(unchecked)),
            ),
            "",
        ]
        if unchecked:
            rows = [[r.url, r.describe(), ", ".join(links[r.url])] for r in unchecked]
            lines += _table(link_header, rows, limit)
        else:
            lines.append(_("None."))
    text = "\n".join(lines) + "\n"
    if len(text) > REPORT_LIMIT:
        text = text[: REPORT_LIMIT - 100].rsplit("\n", 1)[0]
        text += "\n\n" + _("(Cut short: too long for one issue.)") + "\n"
    return text + "\n" + (DUE_MARKER if due else NOTHING_DUE_MARKER) + "\n"


def check_links_of(
    links: dict[str, list[str]], fetcher: Fetcher, timeout: float, concurrency: int
) -> list[LinkResult]:
    results = check_links(links, fetcher, timeout=timeout, concurrency=concurrency)
    return [results[url] for url in sorted(results)]


# --- the pull request's comment ---------------------------------------------------------------

#: How the comment workflow finds its own comment on a pull request, to edit it.
PULL_REQUEST_COMMENT_MARKER = "<!-- innovation-exchange: pull-request-checks -->"
#: The longest validation summary quoted (GitHub refuses comments over 65,536 characters).
SUMMARY_LIMIT = 60_000
#: Bytes of the summary file read at all: it comes from a run of the pull request's own code.
SUMMARY_READ_LIMIT = 4 * SUMMARY_LIMIT
_ISSUE_REFERENCE = re.compile(r"#(?=[0-9])")
_PLAIN_URL = re.compile(r"https://[A-Za-z0-9.\-]+/[A-Za-z0-9._~/\-]*")


def read_summary(path: Path) -> str | None:
    """The validation summary a pull request's checks uploaded, read as data and bounded;
    None when there is none (the checks stopped before validating)."""
    try:
        with path.open("rb") as file:
            data = file.read(SUMMARY_READ_LIMIT)
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace")
    return text if text.strip() else None


def _inert(summary: str) -> str:
    """The summary with nothing that acts on GitHub: no mention (@team), no reference to
    another issue (#12), no hidden comment (which could imitate the marker)."""
    summary = _ISSUE_REFERENCE.sub(HASH, summary)  # first: AT has a "#6" too
    return summary.replace("@", AT).replace("<!--", "&lt;!--")


def pull_request_comment(
    summary: str | None, *, run_url: str, conclusion: str, preview: bool = False
) -> str:
    """The one comment the checks keep on a pull request: how the checks ended, the
    validation summary (inert, and cut at :data:`SUMMARY_LIMIT`), and where the run is."""
    if _PLAIN_URL.fullmatch(run_url):
        # Translators: a Markdown link: translate the words in [ ], keep ({url}) as it is.
        run = _("[the checks' run]({url})", url=run_url)
    else:  # not an address that can stand in a Markdown link as it is
        run = _("the checks' run")
    if conclusion == "success":
        status = "✅ " + _("All checks passed.")
    elif conclusion == "failure":
        status = "❌ " + _("Some checks failed: see {run}.", run=run)
    else:
        word = conclusion if conclusion.replace("_", "").isalpha() else "?"
        # Translators: {conclusion} is GitHub's word for how the run ended, e.g. timed_out.
        status = "⚠️ " + _(
            "The checks did not finish ({conclusion}): see {run}.", conclusion=word[:30], run=run
        )
    lines = [PULL_REQUEST_COMMENT_MARKER, "## " + _("Pull request checks"), "", status, ""]
    if summary is None:
        lines.append(
            _(
                "The checks stopped before the content was validated, so there is no list of "
                "problems: {run} says why.",
                run=run,
            )
        )
    else:
        text = _inert(summary).strip("\n")
        if len(text) > SUMMARY_LIMIT:
            text = text[:SUMMARY_LIMIT].rsplit("\n", 1)[0]
            text += "\n\n" + _("(Cut short: the whole list is in the summary of {run}.)", run=run)
        lines.append(text)
    lines += ["", "---", ""]
    if preview:
        artifact = "**site-preview**"
        lines += [
            _(
                "A preview of the site is among the artifacts of {run}: download {artifact}, "
                "unzip it and open index.html.",
                run=run,
                artifact=artifact,
            ),
            "",
        ]
    lines.append(_("This comment is updated after every push to the pull request."))
    return "\n".join(lines) + "\n"
