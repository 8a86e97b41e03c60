"""The "Open data" page documents every file the exports publish, and only those."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.pages.open_data import outputs
from tests.exports.conftest import SITE_URL

EXPORT_FOLDERS = ("api", "feeds", "embed")


class _Codes(HTMLParser):
    """The text of every <code> element, and every link's address."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []
        self.links: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        if tag == "code":
            self._in_code = True
            self.codes.append("")
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "code":
            self._in_code = False

    def handle_data(self, data):
        if self._in_code:
            self.codes[-1] += data


def _pattern(path: str) -> re.Pattern[str]:
    """A documented address as a pattern: {id} and {term} stand for any id."""
    parts = re.split(r"\{(?:id|term)\}", path)
    return re.compile(
        "[a-z0-9-]+".join(map(re.escape, parts)) + ("index.html" if path.endswith("/") else "")
    )


def test_every_published_file_is_documented(exported_site):
    documented = [
        _pattern(output.path) for _anchor, _heading, items in outputs() for output in items
    ]
    documented += [_pattern(o.schema) for _a, _h, items in outputs() for o in items if o.schema]
    published = [
        p.relative_to(exported_site).as_posix()
        for folder in EXPORT_FOLDERS
        for p in (exported_site / folder).rglob("*")
        if p.is_file()
    ]
    assert len(published) > 10
    undocumented = [path for path in published if not any(p.fullmatch(path) for p in documented)]
    assert not undocumented, f"published but not on the open-data page: {undocumented}"


def test_every_documented_file_exists(exported_site):
    for _anchor, _heading, items in outputs():
        for output in items:
            if "{" in output.path:
                matcher = _pattern(output.path)
                found = [
                    p
                    for p in exported_site.rglob("*")
                    if matcher.fullmatch(p.relative_to(exported_site).as_posix())
                ]
                assert found, f"no file like {output.path}"
            else:
                target = exported_site / output.path
                assert target.is_file() or (target / "index.html").is_file(), output.path


def test_the_page_names_the_files_and_links_to_them(exported_site):
    html = (exported_site / "open-data" / "index.html").read_text(encoding="utf-8")
    parser = _Codes()
    parser.feed(html)
    for _anchor, _heading, items in outputs():
        for output in items:
            assert output.path in parser.codes, output.path
    assert "../api/v1/index.json" in parser.links
    assert f"curl -s {SITE_URL}api/v1/index.json | jq -r '.innovations[].title'" in parser.codes
