"""The ``exchange`` command: validate content, scaffold entries, generate files."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import i18n
from generator.i18n import _, ngettext
from generator.i18n.argparse_words import translate_argparse
from generator.i18n.formatting import listing

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        # Translators: {prog} is the command, e.g. "exchange validate";
        # {message} says what is wrong.
        print(_("{prog}: error: {message}", prog=self.prog, message=message), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="exchange",
        description=_(
            "The ``exchange`` command: validate content, scaffold entries, generate files."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("validate", help=_("check content and report every problem"))
    p.add_argument(
        "path",
        nargs="*",
        type=Path,
        help=_(
            "the content folder (default: content), or files and folders in it to check "
            "against the whole catalogue"
        ),
    )
    p.add_argument("--format", choices=("text", "github", "json"), default="text")
    p.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    p.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="BASE",
        help=_(
            "check only the content files changed since the git revision BASE (default: "
            "where this branch left main), committed or not"
        ),
    )
    p.add_argument(
        "--all-errors",
        action="store_true",
        help=_("with files or --changed: also report the errors of every other file"),
    )
    p.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help=_("also write the problems as a Markdown table to FILE (a pull-request comment)"),
    )
    p.add_argument(
        "--link-base",
        metavar="URL",
        help=_("in the summary, link each problem to URL + its file's path + #L + its line"),
    )
    p.set_defaults(run=_validate)

    p = commands.add_parser("new", help=_("create a new entry from the template"))
    kinds = p.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    # Translators: how the command is typed; translate only the word in quotes.
    k = kinds.add_parser("innovation", help=_('exchange new innovation "Title"'))
    k.add_argument("title")
    # Translators: how the command is typed; translate only the word in quotes.
    k = kinds.add_parser("case-study", help=_('exchange new case-study INNOVATION "Organisation"'))
    k.add_argument("innovation")
    k.add_argument("organisation")
    # Translators: how the command is typed; translate only the word in quotes.
    k = kinds.add_parser("scout", help=_('exchange new scout "Name"'))
    k.add_argument("name")
    for sub in kinds.choices.values():
        sub.add_argument("--content", type=Path, default=Path("content"))
    p.set_defaults(run=_new)

    p = commands.add_parser("schema", help=_("write the JSON Schema files"))
    p.add_argument("--out", type=Path, default=Path("schema"))
    p.add_argument("--check", action="store_true", help=_("fail if the files are out of date"))
    p.set_defaults(run=_schema)

    p = commands.add_parser(
        "synthetic", help=_("write N synthetic entries (benchmarks, scale tests)")
    )
    p.add_argument("target", type=Path)
    p.add_argument("--innovations", type=int, default=100)
    p.add_argument("--case-studies", type=int, default=None)
    p.add_argument("--scouts", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=_synthetic)

    from generator.init.command import add_command as add_init
    from generator.issue_forms.commands import add_commands
    from generator.preview import add_command as add_preview

    add_commands(commands)
    add_init(commands)
    add_preview(commands)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from generator.collector import paused
    from generator.issue_forms.reply import inert
    from generator.selection import SelectionError, changed_since, content_root_of, select
    from generator.validation import validate, validate_selection

    paths: list[Path] = args.path or [Path("content")]
    whole = args.changed is None and len(paths) == 1 and _is_content_folder(paths[0])
    if whole and not args.path[1:] and not paths[0].is_dir():
        return _no_content_folder(paths[0])
    try:
        if whole:
            selection = None
        elif args.changed is not None:
            root = content_root_of(paths[0]) if args.path else Path("content")
            if root is None or not root.is_dir():
                return _no_content_folder(paths[0])
            selection, base = changed_since(root, args.changed or None)
            if not selection.paths:
                print(_("No content changed since {base}.", base=base[:12]), file=sys.stderr)
        else:
            selection = select(paths)
    except SelectionError as exc:
        print(_("exchange validate: error: {problem}", problem=exc), file=sys.stderr)
        return EXIT_USAGE
    with paused(freeze=True):
        if selection is None:
            _content, report = validate(paths[0], keep_entries=False)
        else:
            report = validate_selection(selection, all_errors=args.all_errors)
    if args.format == "json":
        print(report.format_json())
    elif args.format == "github":
        print(report.format_github())
        report.write_github_summary()
    else:
        print(report.format_text())
    if args.summary:
        try:
            # Posted as a pull request's comment: every text quoted as the issue bot quotes it.
            table = report.format_markdown(quote=inert, link_base=args.link_base)
            args.summary.write_text(table, "utf-8")
        except OSError as exc:  # the caller's path, not the content: a usage error
            print(cannot_write("exchange validate", args.summary, exc), file=sys.stderr)
            return EXIT_USAGE
    return EXIT_CONTENT_ERRORS if report.failed(args.strict) else EXIT_OK


def cannot_write(prog: str, path: Path, exc: OSError) -> str:
    """The message for a file named on the command line that cannot be written."""
    # Translators: {prog} is the command; {reason} the system's reason, e.g. "No such file".
    return _(
        "{prog}: error: cannot write {file}: {reason}",
        prog=prog,
        file=path,
        reason=exc.strerror or type(exc).__name__,
    )


def _is_content_folder(path: Path) -> bool:
    """Whether ``path`` is meant as the whole content folder: it is one, or it is
    not inside one (and the check says what is wrong with it)."""
    from generator.selection import content_root_of

    if not path.exists():
        return True
    root = content_root_of(path if path.is_dir() else path.parent)
    return root is None or root == path.resolve()


def _no_content_folder(path: Path) -> int:
    """A wrong argument, not wrong content: a usage error."""
    message = (
        _(
            "exchange validate: error: the content folder '{folder}' is a file, not a folder "
            "(give the folder that holds vocabularies/, innovations/ and scouts/)",
            folder=path,
        )
        if path.exists()
        else _(
            "exchange validate: error: the content folder '{folder}' does not exist "
            "(give the folder that holds vocabularies/, innovations/ and scouts/)",
            folder=path,
        )
    )
    print(message, file=sys.stderr)
    return EXIT_USAGE


def _new(args: argparse.Namespace) -> int:
    from generator import scaffold

    try:
        if args.kind == "innovation":
            path = scaffold.new_innovation(args.content, args.title)
        elif args.kind == "case-study":
            path = scaffold.new_case_study(args.content, args.innovation, args.organisation)
        else:
            path = scaffold.new_scout(args.content, args.name)
    except scaffold.ScaffoldError as exc:
        print(_("exchange new: {problem}", problem=exc), file=sys.stderr)
        return EXIT_USAGE
    print(_("Created {path}: fill in the fields, then run 'exchange validate'.", path=path))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from generator import schema_export

    stale = schema_export.write(args.out, check=args.check)
    if args.check and stale:
        print(
            _(
                "Out of date: {files} (run 'exchange schema')",
                files=listing(stale, "standard-narrow"),
            ),
            file=sys.stderr,
        )
        return EXIT_CONTENT_ERRORS
    return EXIT_OK


def _synthetic(args: argparse.Namespace) -> int:
    from generator.synthetic import generate

    counts = generate(
        args.target,
        args.innovations,
        seed=args.seed,
        case_studies=args.case_studies,
        scouts=args.scouts,
    )
    print(
        _(
            "{innovations}, {case_studies}, {scouts} written to {target}",
            innovations=ngettext("{n} innovation", "{n} innovations", counts["innovations"]),
            case_studies=ngettext("{n} case study", "{n} case studies", counts["case_studies"]),
            scouts=ngettext("{n} scout", "{n} scouts", counts["scouts"]),
            target=args.target,
        )
    )
    return EXIT_OK


def speak_the_exchanges_language(
    config: Path = Path("mkdocs.yml"), content: Path | None = None
) -> None:
    """Speak the exchange's interface language: $EXCHANGE_LANGUAGE, else the
    theme.language of its mkdocs.yml, else English; dates and lists as in the
    country of its content/exchange.yml."""
    from generator.exchange import load_exchange
    from generator.issue_forms.site import SiteSettingsError, read_site_settings

    language = os.environ.get("EXCHANGE_LANGUAGE")
    if not language and config.is_file():
        try:
            language = read_site_settings(config).language
        except (OSError, SiteSettingsError):
            language = None
    country = load_exchange(content or config.parent / "content").country
    try:
        i18n.activate(language or i18n.SOURCE_LANGUAGE, country)
    except i18n.LanguageError:
        i18n.activate(i18n.SOURCE_LANGUAGE, country)  # the build says what is wrong with it


def _the_exchange_of(args: argparse.Namespace) -> tuple[Path, Path | None]:
    """The mkdocs.yml and content folder a command works on, from its options."""
    root = getattr(args, "root", None)
    config = getattr(args, "config", None) or (root / "mkdocs.yml" if root else None)
    content = getattr(args, "content", None) or getattr(args, "path", None)
    if isinstance(content, list):  # exchange validate's files: the content folder they are in
        from generator.selection import content_root_of

        content = (content_root_of(content[0]) or content[0]) if content else None
    if config is None and content is not None and (content.parent / "mkdocs.yml").is_file():
        config = content.parent / "mkdocs.yml"  # the site the content folder belongs to
    return config or Path("mkdocs.yml"), content


def main(argv: Sequence[str] | None = None) -> int:
    with i18n.kept():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    translate_argparse()
    speak_the_exchanges_language()  # for --help and usage mistakes
    args = _parser().parse_args(argv)
    speak_the_exchanges_language(*_the_exchange_of(args))  # the exchange named, if another
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback
        if os.environ.get("EXCHANGE_DEBUG"):
            raise
        what = f"{type(exc).__name__}: {exc}"
        print(
            _(
                "exchange: internal error ({error}). This is a bug in the exchange, not in "
                "your content: please report it (set EXCHANGE_DEBUG=1 for details).",
                error=what,
            ),
            file=sys.stderr,
        )
        return EXIT_CONTENT_ERRORS


if __name__ == "__main__":
    raise SystemExit(main())
