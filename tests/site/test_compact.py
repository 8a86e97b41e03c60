"""Pages without the theme's indentation and with its icons in one sprite (``compact``)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.mkdocs_plugin import compact as compact_module
from generator.mkdocs_plugin import writer
from generator.mkdocs_plugin.compact import SPRITE, Icons, compact, material_icon_folders
from tests.site.conftest import build, write_site

ICON_DIR = material_icon_folders()[0]
MENU = (ICON_DIR / "material" / "menu.svg").read_text(encoding="utf-8")
GITHUB = (ICON_DIR / "fontawesome" / "brands" / "github.svg").read_text(encoding="utf-8")
VSCODE = (ICON_DIR / "octicons" / "vscode-16.svg").read_text(encoding="utf-8")
UNKNOWN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h1"/></svg>'


def icon_id(markup: str) -> str:
    return "i" + hashlib.blake2b(markup.encode(), digest_size=5).hexdigest()


@pytest.fixture
def icons() -> Icons:
    return Icons(material_icon_folders())


# --- indentation ---------------------------------------------------------------


def test_indentation_goes_and_the_newline_stays_in_the_article(icons: Icons) -> None:
    page = '<article>\n    <div class="a">\n      \n\t<p>One\n        two</p>\n'
    page += "    </div>\n</article>"
    assert compact(page, ".", icons) == (
        '<article>\n<div class="a">\n\n<p>One\ntwo</p>\n</div>\n</article>'
    )


def test_blank_lines_go_outside_the_article(icons: Icons) -> None:
    """The theme's chrome loses its blank lines too; the article keeps every newline."""
    page = (
        "<body>\n\n  \n<nav>\n\n\n    <a>Home</a>\n \n</nav>\n\n"
        "<article>\n\n<p>A\n\nB</p>\n\n</article>\n\n\n<footer>\n\n</footer>\n"
    )
    assert compact(page, ".", icons) == (
        "<body>\n<nav>\n<a>Home</a>\n</nav>\n"
        "<article>\n\n<p>A\n\nB</p>\n\n</article>\n<footer>\n</footer>\n"
    )


def test_a_page_without_an_article_loses_its_blank_lines_but_not_whats_kept(
    icons: Icons,
) -> None:
    """The 404 page and the like: all of it is chrome; white space that shows stays."""
    page = "<body>\n\n  <p>a</p>\n \n<pre>x\n\n  y</pre>\n\n<textarea>\n\n</textarea>\n</body>"
    assert compact(page, ".", icons) == (
        "<body>\n<p>a</p>\n<pre>x\n\n  y</pre>\n<textarea>\n\n</textarea>\n</body>"
    )


def test_white_space_that_shows_is_kept_verbatim(icons: Icons) -> None:
    kept = [
        "<pre><code>def f():\n    return 1\n</code></pre>",
        "<PRE class='x'>\n  a\n</PRE>",
        "<textarea>\n  typed\n</textarea>",
        "<script>\n  if (a < b) {\n    go()\n  }\n</script>",
        "<style>\n  p {\n    color: red\n  }\n</style>",
        "<code>a\n   b</code>",
        "<kbd>\n  Ctrl</kbd>",
        "<!--\n   a comment\n-->",
        '<a title="two\n    lines" href="x">',
        "<a title='two\n    lines'>",
    ]
    for fragment in kept:
        page = f"<div>\n  {fragment}\n  </div>"
        assert compact(page, ".", icons) == f"<div>\n{fragment}\n</div>", fragment


def test_a_pre_inside_a_pre_is_kept_to_the_outer_end(icons: Icons) -> None:
    page = "<pre>a\n  <pre>b\n  </pre>\n    c\n</pre>\n  d"
    assert compact(page, ".", icons) == "<pre>a\n  <pre>b\n  </pre>\n    c\n</pre>\nd"


def test_nothing_else_changes(icons: Icons) -> None:
    """Entities, quoting, no-break spaces and spaces inside a line are as written."""
    page = (
        '<p class=plain data-x="a &amp; b">Remote monitoring &amp; more &lt;3 &#39;q&#39;'
        "\u00a0\n\u00a0 nbsp  and  two spaces &nbsp;</p>"
    )
    assert compact(page, ".", icons) == page


def test_compacting_twice_changes_nothing_more(icons: Icons) -> None:
    page = f'<label class="md-icon">\n  {MENU}\n</label>\n  <pre>\n  x</pre>'
    once = compact(page, "..", icons)
    assert compact(once, "..", icons) == once


# --- icons ------------------------------------------------------------------------


def test_a_theme_icon_in_the_chrome_becomes_a_reference_to_the_sprite(icons: Icons) -> None:
    page = f'<label class="md-header__button md-icon" for="__drawer">\n      {MENU}\n</label>'
    assert compact(page, "../..", icons) == (
        '<label class="md-header__button md-icon" for="__drawer">\n'
        f'<svg viewBox="0 0 24 24"><use href="../../{SPRITE}#{icon_id(MENU)}"/></svg>\n</label>'
    )
    assert icons.used == {icon_id(MENU): MENU}


@pytest.mark.parametrize(
    ("here", "href"),
    [(".", f"./{SPRITE}"), ("..", f"../{SPRITE}"), ("/exchange/", f"/exchange/{SPRITE}")],
)
def test_the_sprite_is_addressed_from_the_pages_base_url(
    icons: Icons, here: str, href: str
) -> None:
    page = f'<div class="md-source__icon md-icon">{GITHUB}</div>'
    assert f'<use href="{href}#{icon_id(GITHUB)}"/>' in compact(page, here, icons)


def test_the_icons_other_attributes_are_kept(icons: Icons) -> None:
    out = compact(f'<a class="md-social__link">{VSCODE}</a>', ".", icons)
    assert out.startswith('<a class="md-social__link"><svg aria-hidden="true" viewBox="0 0 16 16">')
    assert "<use " in out and "xmlns" not in out


def test_only_theme_icons_in_the_chrome_are_replaced(icons: Icons) -> None:
    kept = [
        f"<p>{MENU}</p>",  # not in an element with an md- class
        f'<p class="md-icon">text {MENU}</p>',  # not the first thing in it
        f'<span class="md-icon">{UNKNOWN}</span>',  # not a theme icon
        f'<span class="md-icon">{MENU[:-6]} </svg></span>',  # not exactly one
        f"<script>x = '<span class=\"md-icon\">{MENU}</span>'</script>",
        f'<span class="md-icon"><svg class="x" {MENU[5:]}</span>',
    ]
    for page in kept:
        assert compact(page, ".", icons) == page, page
    assert icons.used == {}


def test_the_sprite_has_each_used_icon_once_verbatim_with_its_licence(
    icons: Icons, tmp_path: Path
) -> None:
    for markup in (GITHUB, MENU, GITHUB):
        compact(f'<div class="md-icon">{markup}</div>', ".", icons)
    sprite = compact_module.write_sprite(tmp_path, icons).read_text(encoding="utf-8")
    assert sprite.count("<symbol ") == 2
    assert "Font Awesome Free" in GITHUB and sprite.count("Font Awesome Free") == 1
    root = ET.fromstring(sprite)  # well-formed XML
    symbols = {s.get("id"): s for s in root}
    assert list(symbols) == sorted(symbols)
    assert symbols[icon_id(GITHUB)].get("viewBox") == "0 0 512 512"
    inner = re.search(r"<svg[^>]*>(.*)</svg>", GITHUB, re.S)
    assert inner is not None and inner.group(1) in sprite


def test_compact_is_well_under_a_millisecond_a_page(built_site: Path) -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(built_site.rglob("*.html"))]
    raw = [p.replace("\n", "\n    ") for p in pages]  # indented again
    icons = Icons(material_icon_folders())
    compact(raw[0], ".", icons)  # the first look-up lists the icon files
    started = time.perf_counter()
    for page in raw:
        compact(page, "../..", icons)
    per_page = (time.perf_counter() - started) / len(raw)
    assert per_page < 0.005, f"{per_page * 1000:.2f} ms a page"  # ~0.3 ms alone; CI is shared


# --- a real build --------------------------------------------------------------------


@pytest.fixture(scope="module")
def uncompacted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tiny exchange built without compact (as ``built_site``: in one process)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    patch = pytest.MonkeyPatch()
    patch.setattr(compact_module, "compact", lambda html, here, icons=None: html)
    try:
        site = build(write_site(tmp_path_factory.mktemp("plain")))
    finally:
        patch.undo()
    yield site


@pytest.fixture(scope="module")
def compacted_forked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tiny exchange built with compact, every page written in forked workers,
    the icons of MkDocs' own pages forgotten: the sprite has only what workers report."""
    patch = pytest.MonkeyPatch()
    patch.setattr(writer, "PARALLEL_FROM", 1)
    write = writer.PageWriter.write

    def forgetful_write(self: writer.PageWriter, jobs: list) -> None:
        compact_module.ICONS.used.clear()
        write(self, jobs)

    patch.setattr(writer.PageWriter, "write", forgetful_write)
    try:
        site = build(write_site(tmp_path_factory.mktemp("forked")))
    finally:
        patch.undo()
    yield site


def pages_of(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
        if "pagefind" not in p.parts
    }


def base_url(path: str) -> str:
    depth = path.count("/")
    return "/".join([".."] * depth) if depth else "."


def test_every_built_page_is_exactly_its_compacted_self(
    built_site: Path, uncompacted: Path
) -> None:
    """Nothing but indentation and icons changed (``404.html`` is a static template:
    MkDocs gives it to no page event, so it stays as the theme wrote it)."""
    built, plain = pages_of(built_site), pages_of(uncompacted)
    assert built.keys() == plain.keys() and len(built) > 20
    icons = Icons(material_icon_folders())
    for path, html in plain.items():
        if path == "404.html":
            assert built[path] == html
            continue
        assert built[path] == compact(html, base_url(path), icons), path
        if "md-header" in html:  # a page of the theme (not an embed/ view)
            assert len(built[path]) < len(html) - 2500, path


def test_the_built_pages_use_one_same_origin_sprite(built_site: Path) -> None:
    sprites = [p for p in built_site.rglob("icons.svg")]
    assert sprites == [built_site / SPRITE]
    sprite = ET.parse(sprites[0]).getroot()
    ids = {s.get("id") for s in sprite}
    assert len(ids) == 3  # logo, menu, repository (no palette, no edit button)
    page = (built_site / "innovations" / "remote-monitoring" / "index.html").read_text()
    refs = re.findall(r'<use href="([^"#]*)#([^"]+)"/>', page)
    assert len(refs) == 5 and {href for href, _ in refs} == {f"../../{SPRITE}"}
    assert {i for _, i in refs} <= ids
    # No icon left inline (the pictures of spread are inline SVGs of the page's own).
    assert not re.search(r'<svg xmlns="http://www.w3.org/2000/svg"(?! class="ix-chart__svg")', page)
    assert 'class="ix-chart__svg"' in page
    assert "Remote monitoring &amp; more &lt;3" in page  # the escaping as written
    assert "\n  <" not in page.split("<pre", 1)[0]
    record = json.loads((built_site / "api/v1/innovations/remote-monitoring.json").read_text())
    assert record["body"]["html"] in page  # the entry's body, byte for byte


def test_the_sprite_is_the_same_whether_pages_are_written_in_workers(
    built_site: Path, compacted_forked: Path
) -> None:
    assert (built_site / SPRITE).read_bytes() == (compacted_forked / SPRITE).read_bytes()
    # The theme writes a few more blank lines in a worker (writer's SharedChrome) than
    # in one process, as it did before compact: the rest is the same.
    in_one, in_workers = pages_of(built_site), pages_of(compacted_forked)
    assert in_one.keys() == in_workers.keys()
    for path, html in in_one.items():
        assert re.sub("\n+", "\n", html) == re.sub("\n+", "\n", in_workers[path]), path
