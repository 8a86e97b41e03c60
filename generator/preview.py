"""``exchange preview``: a copy of the built site that works opened from disk.

Reviewers download a pull request's site as a zip and open ``index.html`` from
their disk. A browser shows a ``file://`` link ending in "/" as a folder (or
nothing), fetches nothing from ``file://`` and uses no SVG symbol of another
file. So the copy made here:

- adds ``index.html`` to every relative address that names a folder
  (``browse/``, ``../..``, ``.``, ``browse/?q=x``, ``../#part``) in the attributes
  ``href``, ``src`` and ``action``. Only relative addresses: absolute ones and
  those starting with ``/``, ``#`` or ``?`` stay as they are. Never inside
  ``<pre>``, ``<code>``, ``<script>`` or ``<style>``. The attribute's text is
  edited in place, so its entities and quotes stay as the build wrote them;
- puts the theme's icon sprite inside each page that uses it (``<use
  href="#id">``), so that the icons show;
- says, in the theme's announcement slot at the top of each page, that every
  page and list works but search and the filters need the site served, and how.

Every other byte is copied as it is, and the copy still works when served.
The site is the build's own output, not a contributor's file, but it is still
read with limits: a page larger than :data:`PAGE_LIMIT` is copied unchanged.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.i18n import _, ngettext
from generator.mkdocs_plugin.compact import SPRITE

#: Pages (and the sprite) larger than this are copied without changes.
PAGE_LIMIT = 20_000_000
SPRITE_LIMIT = 1_000_000
#: The command that serves the copy, and where it is then, for the banner.
SERVE_COMMAND = "python3 -m http.server --bind 127.0.0.1 8000"
SERVED_AT = "http://127.0.0.1:8000/"
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

_URL_ATTRIBUTES = frozenset({"href", "src", "action"})
#: Elements whose contents are left exactly as they are (script and style: the parser's own).
_VERBATIM = frozenset({"pre", "code"})
#: A scheme, which makes an address absolute (https:, mailto:, data:…; none is longer).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,31}:")
#: A character reference as the build may write one in an attribute.
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});?")
#: One attribute of a start tag, and its value as written (quoted or not).
_ATTRIBUTE = re.compile(
    r"(?P<name>[^\s/>\"'=][^\s/>=]*)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s>]*))?"
)
#: The start of a tag's attributes: after "<" and the tag's name.
_TAG_NAME = re.compile(r"<[^\s/>]*")


class PreviewError(Exception):
    """The site cannot be copied (not a built site, a link inside it, an existing copy)."""


def index_address(raw: str) -> str:
    """``raw`` (an attribute's value as written, entities and all) with ``index.html``
    added when it is a relative address of a folder; otherwise ``raw`` itself."""
    value = html.unescape(raw)
    if not value or value[0] in "/#?\\" or value != value.strip() or _SCHEME.match(value):
        return raw
    end = _path_end(raw)
    path = html.unescape(raw[:end])
    if path.endswith("/"):
        added = "index.html"
    elif path.rsplit("/", 1)[-1] in (".", ".."):
        added = "/index.html"
    else:
        return raw
    return raw[:end] + added + raw[end:]


def _path_end(raw: str) -> int:
    """Where the path of ``raw`` ends: at its query or fragment, written plainly or
    as a character reference (``&#35;`` is a "#")."""
    if "&" not in raw:
        cuts = [i for i in (raw.find("?"), raw.find("#")) if i >= 0]
        return min(cuts, default=len(raw))
    i = 0
    while i < len(raw):
        if raw[i] in "?#":
            return i
        reference = _ENTITY.match(raw, i) if raw[i] == "&" else None
        if reference is None:
            i += 1
        elif html.unescape(reference[0]) in ("?", "#"):
            return i
        else:
            i = reference.end()
    return len(raw)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _PageRewriter(HTMLParser):
    """Finds what to change in one page; the page's own text is spliced, never re-serialised."""

    def __init__(self, text: str, page: str, sprite: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.page_folder = posixpath.dirname(page)
        self.sprite = sprite
        self.line_starts = [0]
        self.line_starts += [m.end() for m in re.finditer("\n", text)]
        self.verbatim = 0
        self.edits: list[_Edit] = []
        self.body_end: int | None = None  # where <body …> ends: the sprite goes there
        self.announce_end: int | None = None  # where the theme's announcement slot opens
        self.uses_sprite = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VERBATIM:
            self.verbatim += 1
            return
        raw = self.get_starttag_text() or ""
        start = self._offset()
        if tag == "body" and self.body_end is None:
            self.body_end = start + len(raw)
        elif tag == "div" and ("data-md-component", "announce") in attrs:
            self.announce_end = start + len(raw)
        if self.verbatim or not any(name in _URL_ATTRIBUTES for name, _value in attrs):
            return
        changed = self._rewrite_tag(tag, raw)
        if changed != raw:
            self.edits.append(_Edit(start, start + len(raw), changed))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VERBATIM:  # <code/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VERBATIM and self.verbatim:
            self.verbatim -= 1

    def _rewrite_tag(self, tag: str, raw: str) -> str:
        name_end = _TAG_NAME.match(raw)
        position = name_end.end() if name_end else 1
        pieces = [raw[:position]]
        for attribute in _ATTRIBUTE.finditer(raw, position):
            value = attribute["value"]
            if value is None or attribute["name"].lower() not in _URL_ATTRIBUTES:
                continue
            quote = value[0] if value[:1] in ("'", '"') else ""
            inner = value[1:-1] if quote else value
            changed = self._address(tag, inner)
            if changed == inner:
                continue
            start = attribute.start("value")
            pieces += [raw[position:start], quote + changed + quote]
            position = attribute.end("value")
        pieces.append(raw[position:])
        return "".join(pieces)

    def _address(self, tag: str, raw: str) -> str:
        if tag == "use" and self.sprite is not None and self.body_end is not None:
            end = _path_end(raw)
            target = posixpath.normpath(posixpath.join(self.page_folder, html.unescape(raw[:end])))
            if target == SPRITE and raw[end : end + 1] == "#":
                self.uses_sprite = True
                return raw[end:]  # the symbol in this page's own copy of the sprite
        return index_address(raw)


def rewrite_page(text: str, page: str, *, banner: str, sprite: str | None = None) -> str:
    """One page made to work from disk. ``page`` is its path in the site ("a/index.html"),
    ``banner`` the HTML of the notice, ``sprite`` the symbols of the icon sprite."""
    parser = _PageRewriter(text, page, sprite)
    parser.feed(text)
    parser.close()
    edits = list(parser.edits)
    if banner and parser.announce_end is not None:
        edits.append(_Edit(parser.announce_end, parser.announce_end, banner))
    if parser.uses_sprite and sprite is not None and parser.body_end is not None:
        hidden = (
            '<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" width="0" height="0" '
            'style="position:absolute">' + sprite + "</svg>"
        )
        edits.append(_Edit(parser.body_end, parser.body_end, hidden))
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += [text[position : edit.start], edit.text]
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def banner_html() -> str:
    """The notice at the top of every page of the copy, in the active language."""
    # Translators: {command} is typed in a terminal as it is; {address} is a web address.
    notice = _(
        "This copy of the site is opened from your disk: every page and list works, but "
        "search and the filters need the site to be served. To use them, run {command} in "
        "this folder and open {address}.",
        command=SERVE_COMMAND,
        address=SERVED_AT,
    )
    return (
        '<aside class="md-banner ix-preview-banner" role="note">'
        '<div class="md-banner__inner md-grid md-typeset">' + html.escape(notice) + "</div></aside>"
    )


def _sprite_symbols(site: Path) -> str | None:
    """The inside of the site's icon sprite (its <symbol> elements), or None."""
    path = site / SPRITE
    if not path.is_file() or path.is_symlink() or path.stat().st_size > SPRITE_LIMIT:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    opened, closed = text.find(">", text.find("<svg")), text.rfind("</svg>")
    if text.find("<svg") < 0 or opened < 0 or closed < opened:
        return None
    return text[opened + 1 : closed]


@dataclass(frozen=True)
class PreviewResult:
    pages: int  # pages rewritten
    files: int  # files copied as they are
    too_large: tuple[str, ...]  # pages copied unchanged because of PAGE_LIMIT


def make_preview(site: Path, out: Path) -> PreviewResult:
    """Copy the built ``site`` to ``out`` (which must not exist, or be empty), made to work
    from disk. Written beside ``out`` and renamed at the end: never a half-made copy."""
    if not (site / "index.html").is_file():
        raise PreviewError(
            _("{folder} is not a built site: it has no index.html", folder=site.as_posix())
        )
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PreviewError(
            _("{folder} already exists and is not empty: give a new folder", folder=out.as_posix())
        )
    site_real, out_real = site.resolve(), out.resolve()
    if out_real == site_real or site_real in out_real.parents or out_real in site_real.parents:
        raise PreviewError(_("the copy cannot be inside the site, nor the site inside the copy"))
    files = _site_files(site)
    banner, sprite = banner_html(), _sprite_symbols(site)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".preview-", dir=out.parent))
    pages, copied, too_large = 0, 0, []
    try:
        for relative in files:
            source, target = site / relative, work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if relative.endswith(".html") and source.stat().st_size <= PAGE_LIMIT:
                text = source.read_bytes().decode("utf-8", errors="surrogateescape")
                page = rewrite_page(text, relative, banner=banner, sprite=sprite)
                target.write_bytes(page.encode("utf-8", errors="surrogateescape"))
                pages += 1
            else:
                if relative.endswith(".html"):
                    too_large.append(relative)
                shutil.copyfile(source, target)
                copied += 1
        if out.exists():
            out.rmdir()  # empty, checked above
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return PreviewResult(pages, copied, tuple(too_large))


def _site_files(site: Path) -> list[str]:
    """Every file of the site, as sorted POSIX paths; a link or special file is an error."""
    found = []
    for folder, folders, names in os.walk(site):
        folders.sort()
        for name in [*folders, *names]:
            path = Path(folder) / name
            relative = path.relative_to(site).as_posix()
            if path.is_symlink():
                raise PreviewError(
                    _("{path} is a symbolic link: the copy takes only files", path=relative)
                )
            if name in names:
                if not path.is_file():
                    raise PreviewError(
                        _("{path} is not a regular file: the copy takes only files", path=relative)
                    )
                found.append(relative)
    return sorted(found)


# --- the command -------------------------------------------------------------------------------


def add_command(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "preview",
        help=_("copy the built site so that it works opened from disk"),
        description=_(
            "Copy the built site to a new folder in which every page and list works opened "
            "from disk (file://): links to folders get index.html, the icons are put in each "
            "page, and a notice says that search and the filters need the site served. The "
            "copy still works when served."
        ),
    )
    p.add_argument("site", type=Path, help=_("the built site (mkdocs build's site/)"))
    p.add_argument("out", type=Path, help=_("the new folder for the copy"))
    p.add_argument(
        "--summary",
        type=Path,
        default=None,
        help=_("also append how to open the copy, as Markdown, to this file"),
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = make_preview(args.site, args.out)
    except PreviewError as exc:
        print(_("exchange preview: {problem}", problem=exc), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(
            _(
                "exchange preview: cannot copy the site: {problem}",
                problem=exc.strerror or type(exc).__name__,
            ),
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    for page in result.too_large:
        print(
            _("exchange preview: {path} is too large to change: copied as it is", path=page),
            file=sys.stderr,
        )
    print(
        _(
            "{pages} and {files} copied to {folder}",
            pages=ngettext("{n} page", "{n} pages", result.pages),
            files=ngettext("{n} other file", "{n} other files", result.files),
            folder=args.out.as_posix(),
        )
    )
    if args.summary is not None:
        from generator.cli import cannot_write

        try:
            with args.summary.open("a", encoding="utf-8") as summary:
                summary.write(summary_markdown())
        except OSError as exc:
            print(cannot_write("exchange preview", args.summary, exc), file=sys.stderr)
            return EXIT_USAGE
    return EXIT_OK


def summary_markdown(artifact: str = "site-preview") -> str:
    """How reviewers open the copy, for the pull request's job summary."""
    name, command = "**" + artifact + "**", "`" + SERVE_COMMAND + "`"
    # Translators: {artifact} is the name of the download; {command} is typed as it is.
    steps = _(
        "Download {artifact} from the Artifacts list of this run's summary page, unzip "
        "it and open its index.html in your browser: every page and list works from "
        "disk. Search and the filters need the site served: in the unzipped folder run "
        "{command}, then open {address}.",
        artifact=name,
        command=command,
        address=SERVED_AT,
    )
    return "### " + _("Site preview") + "\n\n" + steps + "\n"
