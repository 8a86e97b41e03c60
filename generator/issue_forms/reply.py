"""The bot's words: the comment listing what to change, and the pull request's description.

Every piece of submitted text goes through :func:`inert` and nothing else is done to
it, so nothing a stranger typed becomes a link, an image, markup, a mention or an
issue reference in what the bot posts (see SECURITY.md).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Report
from generator.i18n import _, ngettext, pgettext
from generator.issue_forms import parse
from generator.issue_forms.site import DEFAULT_SITE_NAME
from generator.issue_forms.spec import Form
from generator.safety.mentions import AT, HASH

if TYPE_CHECKING:
    from generator.issue_forms.answers import Submission

#: GitHub refuses comments longer than 65,536 characters.
COMMENT_LIMIT = 60_000
_CELL_LIMIT = 400
#: The labels the forms add, as code spans: ids, checked again before they are shown.
_LABEL = re.compile(r"[a-z0-9-]+")


@dataclass(frozen=True)
class Problem:
    """Something to change, described by the form question it concerns ('' = the whole entry).

    ``question`` is the question's heading as the form shows it (in the active language)."""

    question: str
    message: str
    hint: str = ""


_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "#": "&#35;", "@": "&#64;"}
# Everything that can start Markdown inside a line: escapes, code, emphasis, strike-
# through, links and images ([ ]), tables (|), maths ($), entities and HTML (& < >),
# mentions and references (@ #), and the extended autolinks 'www.' and 'scheme:/'.
_MARKUP = re.compile(r"[\\`*_~\[\]|$&<>#@]|(?<=www)\.|:(?=/)", re.IGNORECASE)
# What would start a block if the text began a line: a list item, rule or underline.
_LINE_START = re.compile(r"^(?:(?P<digits>\d{1,9})(?P<mark>[.)])|(?P<sign>[-+=]))")


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char not in _ENTITIES:
        return "\\" + char  # CommonMark: a backslash makes any ASCII punctuation literal
    after = match.string[match.end() : match.end() + 1]
    # A word joiner stops mentions, references and email autolinks (see safety.mentions);
    # a "###" is left as it is, to be copied.
    if char == "@":
        return AT
    return HASH if char == "#" and after.isalnum() else _ENTITIES[char]


def inert(value: str, limit: int = _CELL_LIMIT) -> str:
    """Untrusted text as Markdown that GitHub shows as exactly that text, on one line.

    Every piece of submitted text in the comment and the pull request body goes
    through here, and nothing else is done to it: no link, image, autolink, HTML,
    code, emphasis, table break, mention or issue reference can come out of it,
    wherever in a line or a table cell it is put. Ordinary words are unchanged; the
    backslashes and entities it adds are not shown. Longer text is cut at ``limit``.
    """
    value = parse.one_line(value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    value = _MARKUP.sub(_escape, value)
    return _LINE_START.sub(
        lambda m: f"{m['digits']}\\{m['mark']}" if m["digits"] else "\\" + m["sign"], value
    )


def report_markdown(report: Report) -> str:
    """:meth:`Report.format_markdown`, with each value of each diagnostic made inert
    (diagnostics of a submitted entry quote its text: a wrong value, a link)."""
    return report.format_markdown(quote=inert)


def comment(sub: Submission, problems: list[Problem], report: Report | None) -> str:
    whole = _("The whole entry")
    columns = (
        pgettext("column of the bot's table", "Question"),
        pgettext("column of the bot's table", "What needs changing"),
        pgettext("column of the bot's table", "How to fix it"),
    )
    head = [
        "### " + _("Thank you! This submission needs a few changes"),
        "",
        ngettext(
            "The checks found {n} thing to change before this can be added to the {site}. "
            "Please edit this issue (the **···** menu at the top right of your first message, "
            "then **Edit**), correct the answers below and save. Then add a comment to say it "
            "is ready, and a maintainer will run the checks again.",
            "The checks found {n} things to change before this can be added to the {site}. "
            "Please edit this issue (the **···** menu at the top right of your first message, "
            "then **Edit**), correct the answers below and save. Then add a comment to say it "
            "is ready, and a maintainer will run the checks again.",
            len(problems),
            site=sub.site,
        ),
        "",
        "| " + " | ".join(inert(c) for c in columns) + " |",
        "| --- | --- | --- |",
    ]
    rows = [
        f"| {inert(p.question or whole)} | {inert(p.message)} | {inert(p.hint)} |" for p in problems
    ]
    details = []
    if report is not None and report.diagnostics:
        details = [
            "",
            "<details>",
            f"<summary>{html.escape(_('Details for maintainers'), quote=False)}</summary>",
            "",
            report_markdown(report),
            "</details>",
        ]
    text = "\n".join([*head, *rows, *details]) + "\n"
    if len(text) > COMMENT_LIMIT:  # the problems first, as many as fit
        text = "\n".join([*head, *rows]) + "\n"
        if len(text) > COMMENT_LIMIT - 200:
            text = text[: COMMENT_LIMIT - 200].rsplit("\n", 1)[0] + "\n"
        text += "\n" + _("(The list is too long for one comment and was cut short.)") + "\n"
    return text


def wrong_form_comment(sent: Form, meant: Form, site: str = DEFAULT_SITE_NAME) -> str:
    """The one thing to say when the answers are another form's (``meant``) than the
    form the issue was opened with (``sent``): none of its rows would help."""
    form = inert(_(sent.name))
    if meant.key == "innovation":
        looks = _(
            "This looks like an innovation, but it was sent with the '{form}' form, so its "
            "answers could not be checked.",
            form=form,
        )
    elif meant.key == "case-study":
        looks = _(
            "This looks like a case study, but it was sent with the '{form}' form, so its "
            "answers could not be checked.",
            form=form,
        )
    else:
        looks = _(
            "This looks like a scout profile, but it was sent with the '{form}' form, so its "
            "answers could not be checked.",
            form=form,
        )
    # The labels as code, to be copied: ids of ours, checked all the same.
    sent_label, meant_label = (
        "`" + label + "`" if _LABEL.fullmatch(label) else "" for label in (sent.label, meant.label)
    )
    return (
        "### "
        + _("Thank you! This submission was sent with another form")
        + "\n\n"
        + looks
        + "\n\n"
        + _(
            "Nothing needs retyping: a maintainer can change the issue's label {sent} to "
            "{meant} and run the checks again. You can also open a new issue with the "
            "'{form}' form of the {site} and copy your answers into it.",
            sent=sent_label,
            meant=meant_label,
            form=inert(_(meant.name)),
            site=inert(site),
        )
        + "\n"
    )


def _path_code(path: Path) -> str:
    """A created file as code: its name is made of ids (slugs), checked again here."""
    text = path.as_posix()
    return f"`{text}`" if re.fullmatch(r"[A-Za-z0-9._/-]+", text) else inert(text)


def pr_body(
    sub: Submission, created: list[Path], issue: int | None, author: str | None, report: Report
) -> str:
    lines = [
        _added(sub.form.key, author, issue),
        "",
        *[f"- {_path_code(path)}" for path in created],
        "",
        _(
            "Reviewers: check the entry against the pull request checklist (evidence and "
            "sources, no patient data, contact details are team addresses, consent for any "
            "scout profile)."
        ),
    ]
    if sub.form.key == "scout" and not sub.data.get("publish"):
        lines += [
            "",
            _(
                "The scout did not tick the consent box: the profile is kept with {setting} "
                "and only their name, organisation and region.",
                setting="`publish: false`",
            ),
        ]
    if report.warnings:
        lines += [
            "",
            _("Suggestions from the checks (they do not block merging):"),
            "",
            report_markdown(report),
        ]
    if issue:
        # GitHub's own keyword, which closes the issue when the pull request is merged:
        # never translated.
        lines += ["", f"Closes #{issue}"]
    return "\n".join(lines) + "\n"


def _added(form: str, author: str | None, issue: int | None) -> str:
    """The pull request's first sentence: what it adds, from whom."""
    # The login was checked against _LOGIN: the mention credits the author.
    who = f"@{author}" if author else _("a contributor")
    values = {
        "who": who,
        "issue": f"#{issue}",  # a reference GitHub links: digits only, never formatted
        "convert": "`exchange from-issue`",
        "validate": "`exchange validate`",
    }
    if form == "innovation" and issue:
        return _(
            "This pull request adds a new innovation submitted by {who} in {issue} through the "
            "issue form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if form == "innovation":
        return _(
            "This pull request adds a new innovation submitted by {who} through the issue "
            "form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if form == "case-study" and issue:
        return _(
            "This pull request adds a new case study submitted by {who} in {issue} through the "
            "issue form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if form == "case-study":
        return _(
            "This pull request adds a new case study submitted by {who} through the issue "
            "form, converted by {convert} and checked by {validate}.",
            **values,
        )
    if issue:
        return _(
            "This pull request adds a new scout profile submitted by {who} in {issue} through "
            "the issue form, converted by {convert} and checked by {validate}.",
            **values,
        )
    return _(
        "This pull request adds a new scout profile submitted by {who} through the issue "
        "form, converted by {convert} and checked by {validate}.",
        **values,
    )
