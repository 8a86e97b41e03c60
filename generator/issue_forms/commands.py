"""``exchange issue-forms``, ``exchange from-issue``, ``exchange bot-message`` and
``exchange report``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.i18n import _
from generator.issue_forms.site import (
    DEFAULT_CONFIG,
    DEFAULT_SITE_NAME,
    SiteSettings,
    SiteSettingsError,
    read_site_settings,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: ``exchange from-issue`` failed by a bug of its own: the comment says so.
EXIT_INTERNAL = 3

#: What ``exchange bot-message`` can print: the words the workflows post.
BOT_MESSAGES = (
    "could-not-read",
    "missing-form-label",
    "pull-request-opened",
    "pull-request-title",
    "report-title",
    "report-label",
    "report-closed",
    "pull-request-comment",
)


def internal_error_comment(site: str = DEFAULT_SITE_NAME) -> str:
    """The comment when the bot itself failed. It quotes nothing of the submission.

    .github/workflows/issue-to-pull-request.yml posts it too (``exchange bot-message
    could-not-read``) when the conversion printed nothing, and its own English words
    when even that fails.
    """
    return (
        "### "
        + _("Sorry: this submission could not be read automatically")
        + "\n\n"
        + _(
            "Something went wrong in the {site}'s own checks while reading this issue. This "
            "is not a mistake in your answers as such, and nothing has been published.",
            site=site,
        )
        + "\n\n"
        + _(
            "A maintainer has been told and will look at it. Meanwhile you can check two "
            "things, then add a comment to say the issue is ready:"
        )
        + "\n\n- "
        + _(
            "each answer is under its question's heading, as the form wrote them (a line "
            "starting with ### and the question, then your answer);"
        )
        + "\n- "
        + _(
            "nothing was pasted in bulk: long documents, tables or lists copied into an "
            "answer. Link to them instead."
        )
        + "\n"
    )


def _config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help=_("the exchange's mkdocs.yml (default: mkdocs.yml)"),
    )


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "issue-forms",
        help=_("generate the GitHub issue forms from the models and vocabularies"),
        description=_(
            "Write .github/ISSUE_TEMPLATE/ (the three submission forms and config.yml) from "
            "generator/models.py and the content's vocabularies, in the exchange's language. "
            "The links in the forms come from repo_url and site_url in mkdocs.yml."
        ),
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path(".github/ISSUE_TEMPLATE"),
        help=_("folder of the forms (default: .github/ISSUE_TEMPLATE)"),
    )
    p.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help=_(
            "content folder whose vocabularies fill the dropdowns and whose exchange.yml says "
            "which sections are required (default: content)"
        ),
    )
    p.add_argument(
        "--repo-url",
        default=None,
        help=_(
            "https://github.com/OWNER/REPO for links in the forms (default: repo_url in mkdocs.yml)"
        ),
    )
    _config_argument(p)
    p.add_argument(
        "--check",
        action="store_true",
        help=_("write nothing; exit 1 listing the files that are out of date"),
    )
    p.set_defaults(run=_issue_forms)

    p = commands.add_parser(
        "from-issue",
        help=_("turn a submitted issue form into an entry file and validate it"),
        description=_(
            "Read the Markdown body GitHub writes for a submitted issue form (its headings "
            "even if edited), write the entry into the content folder and validate it against "
            "the whole catalogue. Exit 0: the entry is valid (its path is printed). Exit 1: it "
            "is not, or the body is another form's; the file is removed and every problem is "
            "printed, in the form's words, as Markdown for an issue comment. Exit 2: usage "
            "error. Exit 3: an internal error; a comment saying that the submission could not "
            "be read is printed."
        ),
    )
    p.add_argument("--form", required=True, choices=("innovation", "case-study", "scout"))
    p.add_argument("--body-file", required=True, type=Path, help=_("the issue body, as a file"))
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--issue-number", type=int, default=None)
    p.add_argument("--author", default=None, help=_("GitHub login of the issue's author"))
    p.add_argument(
        "--pr-body",
        type=Path,
        default=None,
        help=_("when valid, write a pull request description here"),
    )
    _config_argument(p)
    p.set_defaults(run=_from_issue)

    p = commands.add_parser(
        "bot-message",
        help=_("print a message the submission and report workflows post"),
        description=_(
            "Print, in the exchange's language, one of the messages that the workflows of "
            ".github/workflows/ post on issues and pull requests."
        ),
    )
    p.add_argument("message", choices=BOT_MESSAGES)
    p.add_argument("--url", default="", help=_("pull-request-opened: the pull request"))
    p.add_argument(
        "--issue-number", type=int, default=None, help=_("pull-request-title: the issue")
    )
    p.add_argument(
        "--summary",
        type=Path,
        default=None,
        help=_("pull-request-comment: the validation summary the checks uploaded (data)"),
    )
    p.add_argument(
        "--conclusion",
        default="",
        help=_("pull-request-comment: how the checks' run ended (success, failure…)"),
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help=_("pull-request-comment: the checks' run uploaded a preview of the site"),
    )
    _config_argument(p)
    p.set_defaults(run=_bot_message)

    p = commands.add_parser(
        "report",
        help=_("report overdue reviews and broken external links as Markdown"),
        description=_(
            "Collect the entries whose review is overdue and check every https link of "
            "published content (bounded concurrency, timeouts). Network failures are "
            "reported, never raised; the exit status is 0 whatever the links say."
        ),
    )
    p.add_argument("path", nargs="?", type=Path, default=Path("content"))
    p.add_argument("--output", type=Path, default=None, help=_("write the Markdown here"))
    p.add_argument("--no-links", action="store_true", help=_("skip the link check (offline)"))
    p.add_argument("--timeout", type=float, default=15.0, help=_("seconds per link (default 15)"))
    p.add_argument("--concurrency", type=int, default=8, help=_("links checked at once (8)"))
    p.set_defaults(run=_report)


def _settings(config: Path) -> SiteSettings:
    """The settings in ``config``, or none at all when it cannot be read."""
    try:
        return read_site_settings(config)
    except (OSError, SiteSettingsError):
        return SiteSettings(None, None, None, None)


def _issue_forms(args: argparse.Namespace) -> int:
    from generator.exchange import load_exchange
    from generator.issue_forms.generate import FormError, Site, render, write

    prog = "exchange issue-forms"
    try:
        settings = read_site_settings(args.config)
    except OSError as exc:
        if args.repo_url is None:
            print(
                _(
                    "{prog}: cannot read {file} ({problem}): run it in the exchange's folder, "
                    "or give --config or --repo-url",
                    prog=prog,
                    file=args.config,
                    problem=exc.strerror or type(exc).__name__,
                ),
                file=sys.stderr,
            )
            return EXIT_USAGE
        settings = SiteSettings(None, None, None, None)
    except SiteSettingsError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    vocabularies = _vocabularies(args.content, prog)
    if vocabularies is None:
        return EXIT_USAGE
    repository = args.repo_url or settings.repo_url
    if repository is None:
        print(
            _(
                "{prog}: {file} has no repo_url: set it to https://github.com/OWNER/REPO "
                "there, or give --repo-url",
                prog=prog,
                file=args.config,
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    repository = repository.rstrip("/").removesuffix(".git")
    if not repository.startswith("https://github.com/"):
        print(
            _(
                "{prog}: the repository must be https://github.com/OWNER/REPO (issue forms are "
                "GitHub's), not {url}",
                prog=prog,
                url=repository,
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    site = Site(
        repository=repository,
        name=settings.site_name or DEFAULT_SITE_NAME,
        url=settings.site_url,
    )
    try:
        files = render(vocabularies, site, load_exchange(args.content))
    except FormError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    stale = write(args.out, files, check=args.check)
    if args.check:
        if stale:
            print(
                _(
                    "Out of date: {files} (run '{command}')",
                    files=", ".join(stale),
                    command="exchange issue-forms",
                ),
                file=sys.stderr,
            )
            return EXIT_INVALID
        return EXIT_OK
    for path in stale:
        print(_("Updated {file}", file=path))
    if not stale:
        print(_("{folder} is up to date", folder=args.out))
    return EXIT_OK


def _vocabularies(content: Path, prog: str) -> dict | None:
    """The content's vocabularies, or None after explaining why they cannot be used."""
    from generator.loader.content import load_content

    if not (content / "vocabularies").is_dir():
        print(
            _(
                "{prog}: no vocabularies in '{folder}' (is --content right?)",
                prog=prog,
                folder=content,
            ),
            file=sys.stderr,
        )
        return None
    loaded = load_content(content)
    broken = [d for d in loaded.diagnostics if "/vocabularies/" in f"/{d.file}"]
    if broken:
        print(
            _(
                "{prog}: the vocabularies have errors; run '{command}' first:",
                prog=prog,
                command="exchange validate",
            ),
            file=sys.stderr,
        )
        for d in broken:
            print("  " + d.text(), file=sys.stderr)
        return None
    return loaded.vocabularies


def _from_issue(args: argparse.Namespace) -> int:
    """Convert, and on any failure of the bot's own code print a comment all the same."""
    site = DEFAULT_SITE_NAME
    try:
        site = _settings(args.config).site_name or DEFAULT_SITE_NAME
        return _convert_issue(args, site)
    except Exception as exc:  # a bug of ours: the submitter still gets a clear comment
        if os.environ.get("EXCHANGE_DEBUG"):
            raise
        print(
            _(
                "{prog}: internal error ({error}): the submission could not be read; a comment "
                "saying so was printed ({setting} for details)",
                prog="exchange from-issue",
                error=type(exc).__name__,
                setting="EXCHANGE_DEBUG=1",
            ),
            file=sys.stderr,
        )
        sys.stdout.write(internal_error_comment(site))
        return EXIT_INTERNAL


def _convert_issue(args: argparse.Namespace, site: str) -> int:
    from generator.issue_forms.spec import FORMS
    from generator.issue_forms.submission import SubmissionError, convert

    prog = "exchange from-issue"
    try:
        body = args.body_file.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        print(
            _(
                "{prog}: cannot read {file}: {problem}",
                prog=prog,
                file=args.body_file,
                problem=exc.strerror,
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.issue_number is not None and args.issue_number < 1:
        print(
            _("{prog}: {option} must be positive", prog=prog, option="--issue-number"),
            file=sys.stderr,
        )
        return EXIT_USAGE
    vocabularies = _vocabularies(args.content, prog)
    if vocabularies is None:
        return EXIT_USAGE
    try:
        outcome = convert(
            FORMS[args.form],
            body,
            args.content,
            vocabularies,
            issue=args.issue_number,
            author=args.author,
            site=site,
        )
    except SubmissionError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not outcome.ok:
        if not outcome.comment.strip():  # never an empty comment
            raise RuntimeError("the conversion failed without saying why")
        sys.stdout.write(outcome.comment)
        return EXIT_INVALID
    if args.pr_body is not None:
        args.pr_body.write_text(outcome.pr_body, encoding="utf-8")
    for path in outcome.created:
        print(path.as_posix())
    return EXIT_OK


def bot_message(
    name: str,
    *,
    site: str = DEFAULT_SITE_NAME,
    url: str = "",
    issue: int | None = None,
    summary: Path | None = None,
    conclusion: str = "",
    preview: bool = False,
) -> str:
    """One of :data:`BOT_MESSAGES`, in the active language (no final newline)."""
    from generator.i18n.formatting import listing
    from generator.issue_forms.spec import ACCEPTED_LABEL, FORMS

    if name == "could-not-read":
        return internal_error_comment(site).rstrip("\n")
    if name == "missing-form-label":
        labels = [form.label for form in FORMS.values()]
        return _(
            "This issue has none of the labels {labels}, so it cannot be converted. Add the "
            "label of the form it was written with, then {accepted} again.",
            labels=listing(labels, style="or"),
            accepted=ACCEPTED_LABEL,
        )
    if name == "pull-request-opened":
        return _(
            "Thank you! Your submission is now the pull request {url}. A curator will review "
            "it there; this issue closes when it is merged.",
            url=url,
        )
    if name == "pull-request-title":
        reference = "#" + str(issue)  # digits only: GitHub links '#12' to the issue
        return _("Add submission from issue {issue}", issue=reference)
    if name == "report-title":
        from generator.reports import report_title

        return report_title()
    if name == "report-label":
        from generator.reports import report_label_description

        return report_label_description()
    if name == "report-closed":
        from generator.reports import report_closed_comment

        return report_closed_comment()
    if name == "pull-request-comment":
        from generator.reports import pull_request_comment, read_summary

        findings = read_summary(summary) if summary is not None else None
        comment = pull_request_comment(
            findings, run_url=url, conclusion=conclusion, preview=preview
        )
        return comment.rstrip("\n")
    raise ValueError(name)


def _bot_message(args: argparse.Namespace) -> int:
    prog = "exchange bot-message"
    if args.message == "pull-request-opened" and not args.url:
        print(_("{prog}: {message} needs --url", prog=prog, message=args.message), file=sys.stderr)
        return EXIT_USAGE
    if args.message == "pull-request-title" and (args.issue_number or 0) < 1:
        print(
            _("{prog}: {message} needs --issue-number", prog=prog, message=args.message),
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.message == "pull-request-comment" and not (args.url and args.conclusion):
        print(
            _("{prog}: {message} needs --url and --conclusion", prog=prog, message=args.message),
            file=sys.stderr,
        )
        return EXIT_USAGE
    site = _settings(args.config).site_name or DEFAULT_SITE_NAME
    message = bot_message(
        args.message,
        site=site,
        url=args.url,
        issue=args.issue_number,
        summary=args.summary,
        conclusion=args.conclusion,
        preview=args.preview,
    )
    print(message)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from generator import reports

    if args.concurrency < 1 or args.timeout <= 0:
        print(
            _(
                "{prog}: {first} and {second} must be positive",
                prog="exchange report",
                first="--concurrency",
                second="--timeout",
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    text = reports.build_report(
        args.path,
        check_links=not args.no_links,
        timeout=args.timeout,
        concurrency=args.concurrency,
    )
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK
