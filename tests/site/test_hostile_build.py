"""Real builds of a tiny exchange holding what a hostile pull request could add:
links to files outside the repository, headings named like the page's own
sections, and a body that takes too long to render. Each stops the build with a
clear message naming the file, or builds an inert, valid page."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.safety.html import RESERVED_IDS
from tests.site.conftest import build, write_site


def _body(root: Path, text: str, innovation: str = "second-thing") -> Path:
    index = root / "content" / "innovations" / innovation / "index.md"
    index.write_text(index.read_text().replace("A different problem.", text))
    return index


@pytest.mark.parametrize(
    "make",
    [
        lambda docs: (docs / "leak.txt").symlink_to("/etc/passwd"),
        lambda docs: (docs / "environ").symlink_to("/proc/self/environ"),
        lambda docs: (docs / "linked-folder").symlink_to("/etc", target_is_directory=True),
        lambda docs: os.mkfifo(docs / "pipe.md"),
    ],
    ids=["file-link", "proc-link", "folder-link", "fifo"],
)
def test_links_and_special_files_in_docs_stop_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, make
) -> None:
    root = write_site(tmp_path / "exchange")
    make(root / "docs")
    with pytest.raises(Abort):
        build(root)
    assert "Symbolic links and special files are not allowed" in caplog.text
    assert not (root / "site").exists()
    assert not list(root.glob(".site.*"))


def test_a_link_in_the_theme_overrides_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "exchange")
    overrides = root / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "footer.html").symlink_to("/etc/hostname")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    with pytest.raises(Abort):
        build(root)
    assert "overrides/partials/footer.html: a symbolic link" in caplog.text


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]


def _ids(page: Path) -> list[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.ids


def test_body_headings_never_take_the_pages_own_ids(tmp_path: Path) -> None:
    root = write_site(tmp_path / "exchange")
    names = [*sorted(RESERVED_IDS), "Key facts", "Case studies", "__drawer", "ix search input"]
    headings = "\n\n".join(f"### {name}\n\nText." for name in names)
    # Raw HTML ids too: Material reads its settings from #__config.
    raw = '<a id="__config">{"base": "https://evil.example/"}</a> <a id="outcomes">x</a>'
    _body(root, f'{headings}\n\n{raw}\n\n<h2 id="__search">Raw heading</h2>')
    site = build(root)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        ids = _ids(page)
        assert len(ids) == len(set(ids)), f"{page}: {sorted(i for i in ids if ids.count(i) > 1)}"
    ids = _ids(site / "innovations" / "second-thing" / "index.html")
    assert "outcomes" in ids and "outcomes_1" in ids  # the template's, and the heading's
    assert "drawer" in ids and "section-ix-search-input" in ids


def test_the_template_ids_are_all_reserved() -> None:
    """Every fixed id the page templates write is in RESERVED_IDS (or has a reserved prefix)."""
    import re

    templates = Path(__file__).parents[2] / "generator"
    written = set()
    for template in [*templates.glob("pages/templates/*.j2"), *templates.glob("theme/**/*.html")]:
        written |= set(re.findall(r'\bid="([a-z][a-z0-9_-]*)"', template.read_text()))
    from generator.safety.html import RESERVED_PREFIXES

    assert written, "no ids found: the pattern is wrong"
    assert {i for i in written if not i.startswith(RESERVED_PREFIXES)} <= RESERVED_IDS


def test_a_body_too_slow_to_render_stops_the_build_naming_its_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within every input limit, and without '<' or '![' (so validation does not
    render it), but slow for Python-Markdown: the build's time limit stops it."""
    root = write_site(tmp_path / "exchange")
    index = _body(root, "\n\n".join(["[a](" * 450] * 4))
    monkeypatch.setattr("generator.pages.markdown.RENDER_SECONDS", 0.02)
    with pytest.raises(Abort):
        build(root)
    assert f"{index.as_posix()}:" in caplog.text
    assert "error[body-too-slow]" in caplog.text
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    "site_url",
    [
        'https://x.example/a"b<c>/',
        "https://x.example/a b/",
        "https://x.example/a{b}/",
        "https://x.example/?q=1&x=</script>",
    ],
)
def test_a_site_url_that_is_not_one_plain_address_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, site_url: str
) -> None:
    """$SITE_URL is set by whoever runs the build, and is written into HTML, XML, JSON and
    RDF: anything but a plain address stops the build at once, saying so."""
    root = write_site(tmp_path / "exchange")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: !ENV [SITE_URL]\n")
    monkeypatch.setenv("SITE_URL", site_url)
    with pytest.raises(Abort):
        build(root)
    assert "must be the http or https address of the site's folder" in caplog.text
    assert repr(site_url) in caplog.text
    assert not (root / "site").exists()
