"""``exchange init``: the command-line side of :mod:`generator.init`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.i18n import _, ngettext


def add_command(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "init",
        help=_("turn a fresh fork into an empty exchange of its own"),
        description=_(
            "Sets the site's name, repository, language and country in mkdocs.yml, replaces "
            "the sample content with empty vocabularies in your language and your regions, "
            "writes the about, accessibility and contribute pages, and regenerates the issue "
            "forms."
        ),
    )
    p.add_argument("--name", required=True, help=_("the site's name"))
    p.add_argument("--repo-url", required=True, help=_("https://github.com/OWNER/REPO"))
    p.add_argument("--language", required=True, help=_("the interface language, e.g. it"))
    p.add_argument("--country", required=True, help=_("ISO 3166 code, e.g. IT"))
    p.add_argument(
        "--content-language",
        help=_("the language entries are written in (default: the interface language)"),
    )
    p.add_argument("--currency", help=_("ISO 4217 code (default: the country's)"))
    p.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="NAME",
        help=_("one of your regions (repeat for each)"),
    )
    p.add_argument("--description", help=_("the home page's introduction"))
    p.add_argument("--root", type=Path, default=Path("."), help=_("the repository's folder"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.init import InitError, NewExchange, apply, plan

    new = NewExchange(
        site_name=args.name,
        repo_url=args.repo_url,
        language=args.language,
        country=args.country,
        content_language=args.content_language,
        currency=args.currency,
        regions=tuple(args.region),
        description=args.description,
    )
    root: Path = args.root
    if not (root / "mkdocs.yml").is_file():
        print(_("exchange init: no mkdocs.yml in {folder}", folder=root), file=sys.stderr)
        return 2
    try:
        files, emptied = plan(new, root)
    except InitError as exc:
        print(_("exchange init: {problem}", problem=exc), file=sys.stderr)
        return 2
    removed = apply(root, files, emptied)
    if removed:
        print(
            ngettext(
                "removed {n} sample entry (git restore content/ brings it back)",
                "removed {n} sample entries (git restore content/ brings them back)",
                removed,
            )
        )
    for path in files:
        print(_("wrote {path}", path=path))
    print(
        _(
            "Next: add your logo and colours to mkdocs.yml, complete docs/accessibility.md with "
            "your country's legal statement, then run 'python3 dev.py serve'."
        )
    )
    return 0
