"""``exchange issue-forms``, ``exchange from-issue`` and ``exchange report``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: ``exchange from-issue`` failed by a bug of its own: the comment says so.
EXIT_INTERNAL = 3

#: The comment when the bot itself failed. It quotes nothing of the submission.
#: .github/workflows/issue-to-pull-request.yml posts the same words when there is no comment.
INTERNAL_ERROR_COMMENT = """\
### Sorry: this submission could not be read automatically

Something went wrong in the Innovation Exchange's own checks while reading this issue. \
This is not a mistake in your answers as such, and nothing has been published.

A maintainer has been told and will look at it. Meanwhile you can check two things, \
then add a comment to say the issue is ready:

- each answer is under its question's heading, as the form wrote them (a line \
starting with ### and the question, then your answer);
- nothing was pasted in bulk: long documents, tables or lists copied into an answer. \
Link to them instead.
"""


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "issue-forms",
        help="generate the GitHub issue forms from the models and vocabularies",
        description="Write .github/ISSUE_TEMPLATE/ (the three submission forms and config.yml) "
        "from generator/models.py and the content's vocabularies.",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path(".github/ISSUE_TEMPLATE"),
        help="folder of the forms (default: .github/ISSUE_TEMPLATE)",
    )
    p.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="content folder whose vocabularies fill the dropdowns (default: content)",
    )
    p.add_argument(
        "--repo-url",
        default=None,
        help="https://github.com/OWNER/REPO for links in the forms (default: "
        "[project.urls] Repository in pyproject.toml)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that are out of date",
    )
    p.set_defaults(run=_issue_forms)

    p = commands.add_parser(
        "from-issue",
        help="turn a submitted issue form into an entry file and validate it",
        description="Read the Markdown body GitHub writes for a submitted issue form, write the "
        "entry into the content folder and validate the whole folder. Exit 0: the entry is "
        "valid (its path is printed). Exit 1: it is not; the file is removed and the problems "
        "are printed as Markdown for an issue comment. Exit 2: usage error. Exit 3: an "
        "internal error; a comment saying that the submission could not be read is printed.",
    )
    p.add_argument("--form", required=True, choices=("innovation", "case-study", "scout"))
    p.add_argument("--body-file", required=True, type=Path, help="the issue body, as a file")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--issue-number", type=int, default=None)
    p.add_argument("--author", default=None, help="GitHub login of the issue's author")
    p.add_argument(
        "--pr-body",
        type=Path,
        default=None,
        help="when valid, write a pull request description here",
    )
    p.set_defaults(run=_from_issue)

    p = commands.add_parser(
        "report",
        help="report overdue reviews and broken external links as Markdown",
        description="Collect the entries whose review is overdue and check every https link "
        "of published content (bounded concurrency, timeouts). Network failures are reported, "
        "never raised; the exit status is 0 whatever the links say.",
    )
    p.add_argument("path", nargs="?", type=Path, default=Path("content"))
    p.add_argument("--output", type=Path, default=None, help="write the Markdown here")
    p.add_argument("--no-links", action="store_true", help="skip the link check (offline)")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds per link (default 15)")
    p.add_argument("--concurrency", type=int, default=8, help="links checked at once (8)")
    p.set_defaults(run=_report)


def _issue_forms(args: argparse.Namespace) -> int:
    from generator.issue_forms.generate import FormError, render, repository_url, write

    vocabularies = _vocabularies(args.content, "exchange issue-forms")
    if vocabularies is None:
        return EXIT_USAGE
    repository = args.repo_url or repository_url()
    if not repository.startswith("https://github.com/"):
        print(
            "exchange issue-forms: --repo-url must start with https://github.com/", file=sys.stderr
        )
        return EXIT_USAGE
    try:
        files = render(vocabularies, repository)
    except FormError as exc:
        print(f"exchange issue-forms: {exc}", file=sys.stderr)
        return EXIT_INVALID
    stale = write(args.out, files, check=args.check)
    if args.check:
        if stale:
            print(
                "Out of date: " + ", ".join(stale) + " (run 'exchange issue-forms')",
                file=sys.stderr,
            )
            return EXIT_INVALID
        return EXIT_OK
    for path in stale:
        print(f"Updated {path}")
    if not stale:
        print(f"{args.out} is up to date")
    return EXIT_OK


def _vocabularies(content: Path, prog: str) -> dict | None:
    """The content's vocabularies, or None after explaining why they cannot be used."""
    from generator.loader.content import load_content

    if not (content / "vocabularies").is_dir():
        print(f"{prog}: no vocabularies in '{content}' (is --content right?)", file=sys.stderr)
        return None
    loaded = load_content(content)
    broken = [d for d in loaded.diagnostics if "/vocabularies/" in f"/{d.file}"]
    if broken:
        print(
            f"{prog}: the vocabularies have errors; run 'exchange validate' first:", file=sys.stderr
        )
        for d in broken:
            print("  " + d.text(), file=sys.stderr)
        return None
    return loaded.vocabularies


def _from_issue(args: argparse.Namespace) -> int:
    """Convert, and on any failure of the bot's own code print a comment all the same."""
    try:
        return _convert_issue(args)
    except Exception as exc:  # a bug of ours: the submitter still gets a clear comment
        if os.environ.get("EXCHANGE_DEBUG"):
            raise
        print(
            f"exchange from-issue: internal error ({type(exc).__name__}): the submission "
            "could not be read; a comment saying so was printed (EXCHANGE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        sys.stdout.write(INTERNAL_ERROR_COMMENT)
        return EXIT_INTERNAL


def _convert_issue(args: argparse.Namespace) -> int:
    from generator.issue_forms.spec import FORMS
    from generator.issue_forms.submission import SubmissionError, convert

    prog = "exchange from-issue"
    try:
        body = args.body_file.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        print(f"{prog}: cannot read {args.body_file}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    if args.issue_number is not None and args.issue_number < 1:
        print(f"{prog}: --issue-number must be positive", file=sys.stderr)
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


def _report(args: argparse.Namespace) -> int:
    from generator import reports

    if args.concurrency < 1 or args.timeout <= 0:
        print("exchange report: --concurrency and --timeout must be positive", file=sys.stderr)
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
