"""Smaller pages: the theme's indentation and its repeated inline icons taken out.

GitHub Pages publishes at most 1 GB, and about 19 KB of every entry page is
Material's chrome. Two parts of it are pure repetition: the templates'
indentation (a newline and many spaces before almost every tag, about 3.5 KB a
page) and the inline SVG icons (logo twice, menu, palette toggles, repository
twice, edit: about 3.5 KB a page, the same on every page). :func:`compact`
removes both from one page's HTML, and is applied to every page the exchange
writes (``writer``) and MkDocs builds (``plugin``):

- Indentation: the spaces and tabs at the start of a line go; inside the page's
  ``<article>`` the newline stays, outside it (the chrome) blank lines go too.
  Outside ``white-space: pre`` that renders exactly as before (a newline is the
  same collapsible white space as the run it started). Kept
  verbatim: ``<pre>``, ``<textarea>``, ``<script>``, ``<style>``, ``<code>`` and
  ``<kbd>`` (Material prints code with ``pre-wrap``), comments, and tags with a
  newline inside a quoted attribute value. Nothing else changes: no entity is
  decoded, no attribute unquoted (the escaping the templates wrote stays).
- Icons: an ``<svg>`` whose exact markup is a file of a theme ``.icons`` folder
  (what Material's ``{% include ".icons/…" %}`` prints), placed directly inside
  an element with an ``md-`` class (the chrome: entry bodies can have neither
  ``svg`` nor such classes), becomes ``<svg …its attributes…><use
  href="…/assets/exchange/icons.svg#ID"/></svg>``. The icon itself is one
  ``<symbol>`` of that sprite, written once per build (:func:`write_sprite`) with
  its markup verbatim, Font Awesome's licence comment included. ``<use>`` of a
  same-origin file inherits ``currentColor`` and the outer ``<svg>`` keeps its
  ``viewBox``, so Material's CSS sizes and colours it as before. Anything else,
  or an icon the sprite does not know, stays inline.

A third repetition is in the script configuration Material's JavaScript reads
(``<script id="__config">``): the words of Material's own search, which the exchange
never loads (it searches with Pagefind and refuses Material's search plugin), about
0.4 KB a page. :func:`lean_config` (the theme's ``ix_lean_config`` filter, main.html)
leaves them out and writes the JSON without spaces.

Pure string work, no MkDocs: the tests call it directly, the writer's forked
workers too (each reports the icons it used; the parent writes the sprite).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
from collections.abc import Iterable, Mapping
from importlib.util import find_spec
from pathlib import Path

from markupsafe import Markup

from generator.safety.html import json_for_script

#: Where the sprite is published, relative to the site's root.
SPRITE = "assets/exchange/icons.svg"
SVG_NS = "http://www.w3.org/2000/svg"

#: Kept verbatim: comments, elements whose white space shows (or is code), and
#: inline SVGs (an icon, or left alone: its comment must not split it).
_KEPT = (
    r"<!--.*?-->"
    r"|<(?P<raw>pre|textarea|script|style|code|kbd)\b[^>]*>.*?</(?P=raw)\s*>"
    rf'|<svg xmlns="{re.escape(SVG_NS)}"(?P<attrs>[^>]*)>(?P<inner>(?:(?!<svg\b).)*?)</svg>'
)
#: A tag with a newline inside a quoted attribute value (kept verbatim too).
_TAG_NEWLINE = (
    r"|<[a-zA-Z](?:[^\"'<>]|\"[^\"]*\"|'[^']*')*?"
    r"(?:\"[^\"\n]*\n[^\"]*\"|'[^'\n]*\n[^']*')"
    r"(?:[^\"'<>]|\"[^\"]*\"|'[^']*')*>"
)
_KEEP = re.compile(_KEPT, re.DOTALL | re.IGNORECASE)
_KEEP_ALL = re.compile(_KEPT + _TAG_NEWLINE, re.DOTALL | re.IGNORECASE)
#: Whether any attribute value may hold a newline (else the cheaper _KEEP will do).
_QUOTED_NEWLINE = re.compile(r"=[ \t\n]*(?:\"[^\"]*\n|'[^']*\n)")
_PRE_OPEN = re.compile(r"<pre\b", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.IGNORECASE)
#: Indentation: the spaces and tabs after a newline (never a no-break space). Inside the
#: page's <article> every newline stays, so a body's HTML is in the page as the API gives
#: it, byte for byte; outside it (the theme's chrome) blank lines go too (_BLANK_LINES).
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n[ \t\n]+")
_ARTICLE_OPEN = "<article"
_ARTICLE_CLOSE = "</article>"
#: An icon as Material's .icons files write it: one <svg> element, no nested <svg>.
_SVG = re.compile(rf'<svg xmlns="{re.escape(SVG_NS)}"([^>]*)>((?:(?!<svg\b).)*?)</svg>', re.DOTALL)
_VIEWBOX = re.compile(r'\sviewBox="([^"<>&]*)"')
_CLASS = re.compile(r'\sclass="([^"]*)"')


class Icons:
    """The theme's icons, known by their exact markup, and those pages used.

    ``folders`` are ``.icons`` folders (Material's, or each theme folder's, as
    Jinja's loader would find an include). They are not read up front (about
    14,000 files): files are listed by size once, and only files of an inline
    SVG's exact size are read, once per distinct SVG per process."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [Path(f) for f in folders]
        self._by_size: dict[int, list[Path]] | None = None
        self._ids: dict[str, str | None] = {}  # markup -> id, or None: not an icon
        #: id -> markup of every icon replaced since the last :meth:`reset`
        self.used: dict[str, str] = {}

    def reset(self, folders: Iterable[Path] | None = None, *, forget: bool = True) -> None:
        """Start a build: forget the icons used, so the sprite has only this build's
        (``mkdocs serve`` keeps them: its ``--dirty`` rebuilds write only some pages),
        and maybe change the folders."""
        if folders is not None:
            folders = [Path(f) for f in folders]
            if folders != self.folders:
                self.folders, self._by_size, self._ids = folders, None, {}
        if forget:
            self.used = {}

    def note(self, used: Mapping[str, str]) -> None:
        """Add icons another process used (the writer's workers)."""
        self.used.update(used)

    def id_of(self, markup: str) -> str | None:
        """The sprite id of ``markup`` if it is exactly a theme icon, else None."""
        try:
            found = self._ids[markup]
        except KeyError:
            found = self._ids[markup] = self._look_up(markup)
        if found is not None and found not in self.used:
            self.used[found] = markup
        return found

    def _look_up(self, markup: str) -> str | None:
        data = markup.encode("utf-8")
        for path in self._sizes().get(len(data), ()):
            try:
                if path.read_bytes() == data:
                    return "i" + hashlib.blake2b(data, digest_size=5).hexdigest()
            except OSError:
                continue
        return None

    def _sizes(self) -> dict[int, list[Path]]:
        if self._by_size is None:
            sizes: dict[int, list[Path]] = {}
            for folder in self.folders:
                for directory, _dirs, names in os.walk(folder):
                    for name in names:
                        if name.endswith(".svg"):
                            path = Path(directory, name)
                            try:
                                sizes.setdefault(path.stat().st_size, []).append(path)
                            except OSError:
                                continue
            self._by_size = sizes
        return self._by_size

    def sprite(self) -> str:
        """Every used icon as a ``<symbol>``, by id (deterministic)."""
        symbols = []
        for icon_id, markup in sorted(self.used.items()):
            match = _SVG.fullmatch(markup)
            assert match is not None  # only markup _SVG matched is ever used
            viewbox = _VIEWBOX.search(match.group(1))
            box = f' viewBox="{viewbox.group(1)}"' if viewbox else ""
            symbols.append(f'<symbol id="{icon_id}"{box}>{match.group(2)}</symbol>\n')
        return f'<svg xmlns="{SVG_NS}">\n{"".join(symbols)}</svg>\n'


def material_icon_folders() -> list[Path]:
    """Material's own ``.icons`` folder (found without importing Material)."""
    spec = find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(next(iter(spec.submodule_search_locations)), "templates", ".icons")]


#: The icons of the build in progress (the plugin points it at the theme's folders).
ICONS = Icons(material_icon_folders())


def compact(html: str, here: str, icons: Icons | None = None) -> str:
    """``html`` without indentation and with the theme's icons as sprite references.

    ``here`` is the page's ``base_url`` as MkDocs gives it to the theme (``..``,
    ``../..``, ``.``, or the site's absolute path on the 404 page): the sprite's
    address is made from it, as the theme makes its stylesheets'."""
    icons = ICONS if icons is None else icons
    base = here if here.endswith("/") or not here else here + "/"
    href = html_lib.escape(f"{base}{SPRITE}", quote=True)
    keep = _KEEP_ALL if _QUOTED_NEWLINE.search(html) else _KEEP
    article = _article_span(html)
    out: list[str] = []
    done = 0  # html[:done] is in out
    for match in keep.finditer(html):
        start = match.start()
        if start < done:  # inside a <pre> already kept whole
            continue
        out.append(_squeeze(html, done, start, article))
        end = match.end()
        if match["attrs"] is not None:
            out.append(_icon(html, match, href, icons))
        elif match["raw"] is not None and match["raw"].lower() == "pre":
            end = _outer_pre_end(html, match)
            out.append(html[start:end])
        else:
            out.append(match.group(0))
        done = end
    out.append(_squeeze(html, done, len(html), article))
    return "".join(out)


def _article_span(html: str) -> tuple[int, int]:
    """Where the page's <article> starts and ends (an empty span when it has none)."""
    start = html.find(_ARTICLE_OPEN)
    end = html.rfind(_ARTICLE_CLOSE)
    return (start, end + len(_ARTICLE_CLOSE)) if 0 <= start < end else (0, 0)


def _squeeze(html: str, start: int, end: int, article: tuple[int, int]) -> str:
    """``html[start:end]`` (text between kept elements) without indentation, and without
    blank lines where it lies outside the article."""
    inner_start, inner_end = max(start, article[0]), min(end, article[1])
    if inner_start >= inner_end:
        return _BLANK_LINES.sub("\n", html[start:end])
    return (
        _BLANK_LINES.sub("\n", html[start:inner_start])
        + _INDENT.sub("\n", html[inner_start:inner_end])
        + _BLANK_LINES.sub("\n", html[inner_end:end])
    )


def _outer_pre_end(html: str, match: re.Match[str]) -> int:
    """Where a <pre> ends, counting the <pre>s inside it (HTML lets them nest)."""
    end = match.end()
    depth = len(_PRE_OPEN.findall(match.group(0))) - 1
    while depth > 0:
        close = _PRE_CLOSE.search(html, end)
        if close is None:
            return len(html)
        depth += len(_PRE_OPEN.findall(html, end, close.start())) - 1
        end = close.end()
    return end


def _icon(html: str, match: re.Match[str], href: str, icons: Icons) -> str:
    """A theme icon in the chrome as a reference to the sprite, anything else as it is."""
    if not _in_chrome(html, match.start()):
        return match.group(0)
    icon_id = icons.id_of(match.group(0))
    if icon_id is None:
        return match.group(0)
    return f'<svg{match["attrs"]}><use href="{href}#{icon_id}"/></svg>'


def _in_chrome(html: str, start: int) -> bool:
    """Whether the <svg> at ``start`` is the first thing in an element with an
    ``md-`` class (Material's chrome) after white space only."""
    before = html[max(0, start - 600) : start].rstrip(" \t\n")
    if not before.endswith(">"):
        return False
    tag = before[before.rfind("<") :]
    if tag.startswith(("</", "<!")):
        return False
    found = _CLASS.search(tag)
    return found is not None and any(c.startswith("md-") for c in found.group(1).split())


def write_sprite(site_dir: Path, icons: Icons | None = None) -> Path:
    """Write the sprite of the icons the build's pages used (always: a page
    written by an earlier ``serve --dirty`` build may point at it)."""
    icons = ICONS if icons is None else icons
    path = Path(site_dir) / SPRITE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(icons.sprite().encode("utf-8"))
    return path


#: Material's script configuration, as its base.html writes it.
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
#: The translations of Material's search (never loaded: the exchange searches with Pagefind).
_SEARCH_WORDS = "search."


def lean_config(rendered: str) -> Markup:
    """Material's ``__config`` script without its search's words, its JSON without spaces;
    anything else (no such script, JSON that does not parse) as it came."""
    found = _CONFIG.search(rendered)
    if found is None:
        return Markup(rendered)
    try:
        config = json.loads(found[2])
    except ValueError:
        return Markup(rendered)
    words = config.get("translations")
    if isinstance(words, dict):
        config["translations"] = {
            key: text for key, text in words.items() if not key.startswith(_SEARCH_WORDS)
        }
    start, end = found.span(2)
    return Markup(f"{rendered[:start]}{json_for_script(config)}{rendered[end:]}")
