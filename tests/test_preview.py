"""``exchange preview``: the rewriting of one page, and the copy of a whole (small) site.

The browser side (a real site opened from ``file://``) is in tests/browser/test_preview.py.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from generator import preview
from generator.preview import PreviewError, index_address, make_preview, rewrite_page
from tests.i18n.stand_in import speak_marked

BANNER = "<aside>NOTE</aside>"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("browse/", "browse/index.html"),
        ("../../scouts/jane/", "../../scouts/jane/index.html"),
        (".", "./index.html"),
        ("..", "../index.html"),
        ("../..", "../../index.html"),
        ("./", "./index.html"),
        ("browse/?q=copd", "browse/index.html?q=copd"),
        ("../#the-problem", "../index.html#the-problem"),
        ("a/?x=1&amp;y=2#f", "a/index.html?x=1&amp;y=2#f"),  # entities kept as written
        ("a&#47;", "a&#47;index.html"),  # an escaped "/" is still a folder
        ("a/&#35;part", "a/index.html&#35;part"),  # an escaped "#" still ends the path
        ("a&amp;b/", "a&amp;b/index.html"),
    ],
)
def test_folder_addresses_get_index_html(raw: str, expected: str):
    assert index_address(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "https://example.org/",
        "http://127.0.0.1:8000/feeds/",
        "//example.org/a/",
        "/absolute/",
        "#top",
        "?q=1",
        "mailto:team@example.org",
        "data:text/plain,a/",
        "javascript:void(0)/",
        "page.html",
        "a/b.svg#id",
        "assets/app.js?v=1/",  # the "/" is in the query, not the path
        " a/",  # not as the build writes addresses: left alone
    ],
)
def test_other_addresses_are_left_alone(raw: str):
    assert index_address(raw) == raw


def test_only_href_src_and_action_change():
    page = (
        '<a href="a/" data-src="b/" title="c/">x</a><img src="d/" alt="e/">'
        '<form action="f/" method="get"></form><meta name="ix-site-root" content="./">'
        "<A HREF=\"g/\">y</A><a href='h/'>z</a><a href=i/ class=j>w</a>"
    )
    assert rewrite_page(page, "index.html", banner="") == (
        '<a href="a/index.html" data-src="b/" title="c/">x</a><img src="d/index.html" alt="e/">'
        '<form action="f/index.html" method="get"></form>'
        '<meta name="ix-site-root" content="./">'
        "<A HREF=\"g/index.html\">y</A><a href='h/index.html'>z</a>"
        "<a href=i/index.html class=j>w</a>"
    )


def test_code_scripts_and_styles_are_left_as_they_are():
    page = (
        '<pre><code><a href="x/">1</a></code></pre><code><a href="y/">2</a></code>'
        '<p><a href="z/">3</a></p>'
        "<script>document.write('<a href=\"s/\">')</script>"
        '<style>a[href="t/"]{color:red}</style><a href="u/">4</a>'
    )
    assert rewrite_page(page, "index.html", banner="") == (
        '<pre><code><a href="x/">1</a></code></pre><code><a href="y/">2</a></code>'
        '<p><a href="z/index.html">3</a></p>'
        "<script>document.write('<a href=\"s/\">')</script>"
        '<style>a[href="t/"]{color:red}</style><a href="u/index.html">4</a>'
    )


def test_every_other_byte_is_kept():
    page = (
        '<!doctype html>\n<html lang=en>\n<!-- a comment with <a href="c/"> -->\n'
        '<p title="a &amp; b">&nbsp;caf\u00e9 &lt;b&gt; &#x27;q&#39;</p>\n'
        '<a  class="k"\n   href="x/"  >multi-line tag</a>\r\n<br/>'
    )
    out = rewrite_page(page, "index.html", banner="")
    assert out == page.replace('href="x/"', 'href="x/index.html"')


def test_banner_goes_in_the_themes_announcement_slot():
    page = '<body><div data-md-component="announce">\n</div><a href="a/">a</a></body>'
    out = rewrite_page(page, "index.html", banner=BANNER)
    assert out == (
        '<body><div data-md-component="announce">' + BANNER + '\n</div><a href="a/index.html">a</a>'
        "</body>"
    )
    # A page without the slot (an embeddable view) gets no banner.
    assert BANNER not in rewrite_page("<body><p>x</p></body>", "e/index.html", banner=BANNER)


def test_the_banner_is_translated_and_escaped(monkeypatch: pytest.MonkeyPatch):
    speak_marked(monkeypatch)
    banner = preview.banner_html()
    assert "»This copy of the site is opened from your disk" in banner
    assert preview.SERVE_COMMAND in banner and "<script" not in banner
    assert preview.summary_markdown().startswith("### »Site preview\n\n»Download **site-preview**")


def test_icons_come_from_the_pages_own_copy_of_the_sprite():
    sprite = '<symbol id="i1"><path d="M0"/></symbol>'
    page = (
        '<body class="b"><svg><use href="../../assets/exchange/icons.svg#i1"/></svg>'
        '<svg><use href="../../other.svg#i2"/></svg></body>'
    )
    out = rewrite_page(page, "innovations/a/index.html", banner="", sprite=sprite)
    assert out.startswith('<body class="b"><svg xmlns="http://www.w3.org/2000/svg"')
    assert sprite + "</svg>" in out
    assert '<use href="#i1"/>' in out and '<use href="../../other.svg#i2"/>' in out
    plain = "<body><p>no icons</p></body>"
    assert rewrite_page(plain, "index.html", banner="", sprite=sprite) == plain


# --- the whole copy ------------------------------------------------------------------------


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "innovations" / "a").mkdir(parents=True)
    (site / "assets" / "exchange").mkdir(parents=True)
    (site / "index.html").write_text(
        '<body><div data-md-component="announce"></div><a href="innovations/a/">A</a>'
        '<svg><use href="./assets/exchange/icons.svg#i1"/></svg></body>',
        encoding="utf-8",
    )
    (site / "innovations" / "a" / "index.html").write_text(
        '<body><div data-md-component="announce"></div><a href="../..">home</a></body>',
        encoding="utf-8",
    )
    (site / "assets" / "exchange" / "icons.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<symbol id="i1"/>\n</svg>\n', encoding="utf-8"
    )
    (site / "assets" / "app.js").write_bytes(b'location.href = "a/";\xff\n')
    return site


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_copy_of_a_site(tmp_path: Path):
    site = _site(tmp_path)
    result = make_preview(site, tmp_path / "copy")
    assert (result.pages, result.files, result.too_large) == (2, 2, ())
    copy, original = _tree(tmp_path / "copy"), _tree(site)
    assert copy.keys() == original.keys()
    assert copy["assets/app.js"] == original["assets/app.js"]  # other files byte for byte
    home = copy["index.html"].decode()
    assert 'href="innovations/a/index.html"' in home and '<use href="#i1"/>' in home
    assert "ix-preview-banner" in home and '<symbol id="i1"/>' in home
    assert 'href="../../index.html"' in copy["innovations/a/index.html"].decode()
    again = make_preview(site, tmp_path / "again")
    assert again == result and _tree(tmp_path / "again") == copy  # deterministic
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".preview-")] == []


def test_a_page_over_the_limit_is_copied_unchanged(tmp_path: Path, monkeypatch):
    site = _site(tmp_path)
    monkeypatch.setattr(preview, "PAGE_LIMIT", 100)
    result = make_preview(site, tmp_path / "copy")
    assert result.too_large == ("index.html",)
    assert (tmp_path / "copy" / "index.html").read_bytes() == (site / "index.html").read_bytes()


def test_refusals(tmp_path: Path):
    site = _site(tmp_path)
    with pytest.raises(PreviewError, match="not a built site"):
        make_preview(tmp_path / "nothing", tmp_path / "copy")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep", encoding="utf-8")
    with pytest.raises(PreviewError, match="not empty"):
        make_preview(site, tmp_path / "full")
    assert (tmp_path / "full" / "x").read_text(encoding="utf-8") == "keep"
    with pytest.raises(PreviewError, match="inside"):
        make_preview(site, site / "preview")
    os.symlink("/etc/passwd", site / "assets" / "link")
    with pytest.raises(PreviewError, match="assets/link is a symbolic link"):
        make_preview(site, tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".preview-")] == []


def test_an_empty_folder_may_receive_the_copy(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    make_preview(_site(tmp_path), tmp_path / "empty")
    assert (tmp_path / "empty" / "index.html").is_file()


def _command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="exchange")
    preview.add_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    site = _site(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    code = _command(["preview", str(site), str(tmp_path / "copy"), "--summary", str(summary)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out == f"2 pages and 2 other files copied to {(tmp_path / 'copy').as_posix()}\n"
    assert summary.read_text(encoding="utf-8").startswith("before\n### Site preview\n")
    assert _command(["preview", str(site), str(tmp_path / "copy")]) == 2
    assert "already exists and is not empty" in capsys.readouterr().err
