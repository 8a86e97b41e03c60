"""The ``exchange`` command: validate content, scaffold entries, generate files."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="exchange", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("validate", help="check content and report every problem")
    p.add_argument("path", nargs="?", default="content", type=Path, help="content folder")
    p.add_argument("--format", choices=("text", "github", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(run=_validate)

    p = commands.add_parser("new", help="create a new entry from the template")
    kinds = p.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    k = kinds.add_parser("innovation", help='exchange new innovation "Title"')
    k.add_argument("title")
    k = kinds.add_parser("case-study", help='exchange new case-study INNOVATION "Organisation"')
    k.add_argument("innovation")
    k.add_argument("organisation")
    k = kinds.add_parser("scout", help='exchange new scout "Name"')
    k.add_argument("name")
    for sub in kinds.choices.values():
        sub.add_argument("--content", type=Path, default=Path("content"))
    p.set_defaults(run=_new)

    p = commands.add_parser("schema", help="write the JSON Schema files")
    p.add_argument("--out", type=Path, default=Path("schema"))
    p.add_argument("--check", action="store_true", help="fail if the files are out of date")
    p.set_defaults(run=_schema)

    p = commands.add_parser("synthetic", help="write N synthetic entries (benchmarks, scale tests)")
    p.add_argument("target", type=Path)
    p.add_argument("--innovations", type=int, default=100)
    p.add_argument("--case-studies", type=int, default=None)
    p.add_argument("--scouts", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=_synthetic)

    from generator.issue_forms.commands import add_commands

    add_commands(commands)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from generator.collector import paused
    from generator.validation import validate

    if not args.path.is_dir():  # a wrong argument, not wrong content: a usage error
        problem = "is a file, not a folder" if args.path.exists() else "does not exist"
        print(
            f"exchange validate: error: the content folder '{args.path}' {problem} "
            "(give the folder that holds vocabularies/, innovations/ and scouts/)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with paused(freeze=True):
        _content, report = validate(args.path, keep_entries=False)
    if args.format == "json":
        print(report.format_json())
    elif args.format == "github":
        print(report.format_github())
        report.write_github_summary()
    else:
        print(report.format_text())
    return EXIT_CONTENT_ERRORS if report.failed(args.strict) else EXIT_OK


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
        print(f"exchange new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Created {path}: fill in the fields, then run 'exchange validate'.")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from generator import schema_export

    stale = schema_export.write(args.out, check=args.check)
    if args.check and stale:
        print("Out of date: " + ", ".join(stale) + " (run 'exchange schema')", file=sys.stderr)
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
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" written to {args.target}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback
        if os.environ.get("EXCHANGE_DEBUG"):
            raise
        print(
            f"exchange: internal error ({type(exc).__name__}: {exc}). This is a bug in the "
            "exchange, not in your content: please report it (set EXCHANGE_DEBUG=1 for details).",
            file=sys.stderr,
        )
        return EXIT_CONTENT_ERRORS


if __name__ == "__main__":
    raise SystemExit(main())
