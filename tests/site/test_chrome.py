"""The theme's chrome, repeated on every page, kept small: Material's palette script is
one cached file, blank lines between the chrome's tags go, a flat navigation is not
repeated in a drawer, Material's script configuration has no words of the search the
site does not load, and an entry page carries one edit link (its own "Suggest an
edit"), not Material's edit button as well."""

from __future__ import annotations

import functools
import json
import re
from importlib.util import find_spec
from pathlib import Path

import pytest

from generator.mkdocs_plugin.compact import lean_config
from tests.site.conftest import REPO, build, write_site

PALETTE_JS = REPO / "generator" / "theme" / "assets" / "exchange" / "palette.js"
#: Material's own palette script, which the header used to inline.
MATERIAL = Path(find_spec("material").origin).parent
MATERIAL_PALETTE = MATERIAL / "templates" / "partials" / "javascripts" / "palette.html"
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
_PRE = re.compile(r"<(pre|textarea)\b.*?</\1>", re.DOTALL)


def code_of(text: str) -> str:
    """A script's code without its comments (a JS file's ``//`` lines, a template's ``{#- -#}``)."""
    text = re.sub(r"\{#-?.*?-?#\}", "", text, flags=re.DOTALL)
    text = re.sub(r"</?script>", "", text)
    return "\n".join(line for line in text.splitlines() if not line.startswith("//")).strip()


def test_the_palette_script_is_still_exactly_materials() -> None:
    """When Material changes its palette script, our copy must follow (or the site's
    stored palette would be applied differently from Material's toggle)."""
    ours = code_of(PALETTE_JS.read_text("utf-8"))
    assert "__md_get" in ours
    assert ours == code_of(MATERIAL_PALETTE.read_text("utf-8"))


#: Material's light and dark palettes with their toggle, and its edit button, as the
#: repository's mkdocs.yml has them.
THEME = """\
  features: [navigation.tabs, content.action.edit]
  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""


#: A hand-written page of the navigation with sections (and a subsection).
ABOUT = "# About\n\n## Who we are\n\n### Our scouts\n\n## How to reach us\n"


def write_themed_site(root: Path, navigation: str = "flat") -> Path:
    """The tests' small exchange with the repository's theme settings (THEME), an About
    page with sections, and its navigation flat, with ``sections`` (About and a second
    page in a section "More"), with ``no tabs``, or with ``toc.integrate``."""
    write_site(root)
    (root / "docs" / "about.md").write_text(ABOUT, "utf-8")
    (root / "docs" / "second.md").write_text("# Second\n\n## Part\n", "utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  font: false\n", "  font: false\n" + THEME)
    text = text.replace("  - About: about.md\n", "  - About: about.md\n  - Second: second.md\n")
    if navigation == "sections":
        text = text.replace(
            "  - About: about.md\n  - Second: second.md\n",
            "  - More:\n    - About: about.md\n    - Second: second.md\n",
        )
    elif navigation == "no tabs":
        text = text.replace("[navigation.tabs, ", "[")
    elif navigation == "toc.integrate":
        text = text.replace("[navigation.tabs, ", "[navigation.tabs, toc.integrate, ")
    config.write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' small exchange, with the palette toggle and Material's edit button."""
    return build(write_themed_site(tmp_path_factory.mktemp("chrome")))


def pages(site: Path) -> list[Path]:
    """The theme's pages (not the adoption packs' own layout; not the 404 page, which
    MkDocs renders apart from the pages and the exchange leaves as the theme writes it)."""
    found = sorted(p for p in site.rglob("*.html") if "/adopt/" not in p.as_posix())
    found = [p for p in found if p.name != "404.html"]
    assert len(found) > 10
    return [p for p in found if "data-md-component" in p.read_text("utf-8")]


def test_every_theme_page_loads_the_palette_script_instead_of_inlining_it(built_site: Path) -> None:
    published = built_site / "assets" / "exchange" / "palette.js"
    assert published.read_bytes() == PALETTE_JS.read_bytes()
    for path in pages(built_site):
        html = path.read_text("utf-8")
        assert "var palette=__md_get" not in html, path
        form_end = html.index("</form>", html.index('data-md-component="palette"'))
        after = html[form_end:].lstrip()
        script = r'</form>\s*<script src="[./]*assets/exchange/palette\.js"></script>'
        assert re.match(script, after), path


def test_the_chrome_has_no_blank_lines_and_the_article_keeps_its_own(built_site: Path) -> None:
    checked = 0
    for path in pages(built_site):
        html = path.read_text("utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        assert 0 < start < end, path
        chrome = _PRE.sub("<pre/>", _SCRIPT.sub("<script/>", html[:start] + html[end:]))
        assert not re.search(r"\n[ \t]*\n", chrome), path
        checked += 1
    assert checked > 10


def test_an_entry_page_has_one_edit_link(built_site: Path) -> None:
    """Material's edit button (an icon at the top) is not drawn on entry pages: the page's
    own "Suggest an edit" link says what it edits, in the site's language. Hand-written
    pages, which have no link of their own, keep Material's."""
    assert 'rel="edit"' in (built_site / "about" / "index.html").read_text("utf-8")
    innovation = built_site / "innovations" / "remote-monitoring"
    entries = [
        innovation,
        innovation / "case-studies" / "example-hospital",
        built_site / "scouts" / "ada-example",
    ]
    for folder in entries:
        path = folder / "index.html"
        html = path.read_text("utf-8")
        assert 'rel="edit"' not in html and "md-content__button" not in html, path
        links = re.findall(r'<p class="ix-edit"><a href="([^"]+)"', html)
        assert len(links) == 1 and links[0].startswith("https://github.com/example/exchange/"), path


def test_a_flat_navigation_has_no_drawer_and_no_menu_button(built_site: Path) -> None:
    """The tests' navigation has pages only: the tabs are the navigation at every width
    (exchange.css), so no page repeats it in a drawer."""
    for path in pages(built_site):
        html = path.read_text("utf-8")
        assert 'class="md-tabs"' in html, path
        assert "md-sidebar--primary" not in html, path
        assert '<label class="md-header__button md-icon" for="__drawer">' not in html, path


@pytest.mark.parametrize("navigation", ["sections", "no tabs", "toc.integrate"])
def test_a_navigation_with_sections_or_without_tabs_keeps_materials_drawer(
    tmp_path: Path, navigation: str
) -> None:
    """There the drawer is the only place (on a phone, or on any screen without tabs)
    where the navigation's pages, or a page's sections, are all listed; the page then
    needs no list of its own."""
    site = build(write_themed_site(tmp_path, navigation))
    for path in (
        site / "about" / "index.html",
        site / "innovations" / "second-thing" / "index.html",
    ):
        html = path.read_text("utf-8")
        assert "md-sidebar--primary" in html, path
        assert '<label class="md-header__button md-icon" for="__drawer">' in html, path
        assert "ix-no-drawer" not in html and "ix-toc" not in html, path


def test_materials_config_leaves_out_its_searchs_words() -> None:
    material = (
        '<script id="__config" type="application/json">{"base": "..", "translations": '
        '{"clipboard.copy": "Copy", "search.result.none": "None", "search.result.one": "1"}, '
        '"search": "w.js", "version": null}</script>'
    )
    lean = lean_config(material)
    config = json.loads(re.search(r">(.*)</script>", lean)[1])
    assert config == {
        "base": "..",
        "translations": {"clipboard.copy": "Copy"},
        "search": "w.js",
        "version": None,
    }
    assert len(lean) < len(material) - 60
    # Whatever a value holds (escaped by Material's tojson), it still cannot close the
    # script element once written again.
    hostile = material.replace('"Copy"', '"\\u003c/script\\u003e\\u003cscript\\u003e"')
    written = lean_config(hostile)
    assert "</script><script>" not in written
    assert json.loads(re.search(r">(.*)</script>", written)[1])["translations"] == {
        "clipboard.copy": "</script><script>"
    }
    for other in ("<p>no config</p>", '<script id="__config" type="application/json">{</script>'):
        assert lean_config(other) == other


def test_every_theme_page_has_the_lean_config(built_site: Path) -> None:
    for path in pages(built_site):
        html = path.read_text("utf-8")
        [raw] = re.findall(r'<script id="__config" type="application/json">(.*?)</script>', html)
        config = json.loads(raw)
        assert config["translations"] and not any(
            key.startswith("search.") for key in config["translations"]
        ), path
        assert {"base", "features", "search"} <= config.keys(), path


MATERIAL_TABS_ITEM = MATERIAL / "templates" / "partials" / "tabs-item.html"
TABS_ITEM = REPO / "generator" / "theme" / "partials" / "tabs-item.html"


def test_the_tabs_are_materials_with_the_current_page_marked() -> None:
    """Our tabs-item.html is Material's plus aria-current: when Material changes its
    own, ours must follow."""
    ours = TABS_ITEM.read_text("utf-8")
    added = (
        "{% if ref.active %} aria-current=\"{{ 'page' if first.active else 'true' }}\"{% endif %}",
        """{% if nav_item.active %} aria-current="page"{% endif %}""",
    )
    for text in added:
        assert ours.count(text) == 1, text
        ours = ours.replace(text, "")
    assert code_of(ours) == code_of(MATERIAL_TABS_ITEM.read_text("utf-8"))


def test_the_current_pages_tab_says_so_and_an_entry_page_has_none(built_site: Path) -> None:
    about = (built_site / "about" / "index.html").read_text("utf-8")
    current = re.findall(r'<a href="([^"]*)" class="md-tabs__link" aria-current="page">', about)
    assert current == ["./"]
    entry = (built_site / "innovations" / "second-thing" / "index.html").read_text("utf-8")
    assert 'class="md-tabs"' in entry and "aria-current" not in entry


def test_a_page_of_the_navigation_lists_its_sections_for_narrow_screens(built_site: Path) -> None:
    """Without the drawer, which listed them on a phone, a hand-written page of the
    navigation carries its sections (shown where Material hides its table of contents)."""
    about = (built_site / "about" / "index.html").read_text("utf-8")
    assert 'class="md-header ix-no-drawer"' in about
    [toc] = re.findall(r'<details class="ix-toc".*?</details>', about, re.DOTALL)
    assert "<summary>Table of contents</summary>" in toc
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', toc) == [
        ("#who-we-are", "Who we are"),
        ("#our-scouts", "Our scouts"),
        ("#how-to-reach-us", "How to reach us"),
    ]
    entry = (built_site / "innovations" / "second-thing" / "index.html").read_text("utf-8")
    home = (built_site / "index.html").read_text("utf-8")  # hides its table of contents
    assert "ix-toc" not in entry and "ix-toc" not in home


def test_the_sections_tab_says_the_page_is_in_it(tmp_path: Path) -> None:
    """A section's tab leads to its first page: there it is the current page; on the
    section's other pages it is where the reader is."""
    site = build(write_themed_site(tmp_path, "sections"))
    for page, current in (("about", "page"), ("second", "true")):
        html = (site / page / "index.html").read_text("utf-8")
        found = re.findall(r'class="md-tabs__link" aria-current="(\w+)">\s*More', html)
        assert found == [current], page


def test_shared_chrome_changes_nothing_but_white_space_with_tabs(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As tests/site/test_build.py checks for Material's defaults, with the repository's
    settings (tabs, no drawer): pages outside the navigation that reuse another page's
    chrome are the pages rendered afresh."""
    from generator.mkdocs_plugin import writer

    monkeypatch.setattr(writer, "SHARE_CHROME", False)
    fresh = build(built_site.parent, tmp_path / "fresh")
    pages = sorted(p.relative_to(fresh) for p in fresh.rglob("*.html"))
    assert len(pages) > 20
    squash = functools.partial(re.sub, r"\s+", " ")
    differ = [
        p for p in pages if squash((fresh / p).read_text()) != squash((built_site / p).read_text())
    ]
    assert differ == []
