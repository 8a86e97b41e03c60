"""Atom and JSON feeds: valid against their formats' own schemas, dated by the content
alone, safe with hostile text, silent about unpublished scouts, the same every build."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from generator.catalog import Catalog
from generator.exports import PublishedSite, feeds
from generator.validation import validate
from tests.exports.conftest import SITE_URL
from tests.site.conftest import write_site

SCHEMAS = Path(__file__).parent / "schemas"
A = {"a": feeds.ATOM_NS}
HOSTILE_TITLE = "Remote monitoring & more <3"


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


@pytest.fixture(scope="module")
def atom_files(exported_site: Path) -> dict[str, bytes]:
    """Every Atom file of the built site, by site path."""
    found = {
        p.relative_to(exported_site).as_posix(): p.read_bytes()
        for p in (exported_site / "feeds").rglob("*.atom")
    }
    assert found, "no Atom feed was written"
    return found


def _entries(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("a:entry", A)


def _ids(data: bytes) -> list[str]:
    return [e.findtext("a:id", namespaces=A) for e in _entries(data)]


def _content_root(tmp_path: Path) -> Path:
    return write_site(tmp_path) / "content"


def _site(content_dir: Path, today: date | None = None, **kwargs: object) -> PublishedSite:
    content, report = validate(content_dir)
    assert not report.errors, [d.text() for d in report.errors]
    return PublishedSite(Catalog.build(content, today=today), site_url=SITE_URL, **kwargs)


def _files(site: PublishedSite) -> dict[str, bytes]:
    return {f.path: f.content for f in feeds.files(site)}


def _set_reviewed(index: Path, day: str) -> None:
    text = index.read_text()
    start = text.index("last_reviewed: ")
    end = text.index("\n", start)
    index.write_text(text[:start] + f"last_reviewed: '{day}'" + text[end:])


# --- the built site -------------------------------------------------------------------


def test_every_atom_feed_is_valid_rfc_4287(atom_files, atom_schema):
    for path, data in atom_files.items():
        document = etree.fromstring(data)
        assert atom_schema.validate(document), (path, str(atom_schema.error_log))
        # The RFC's Schematron rules, which lxml's RELAX NG does not run:
        for entry in document.findall("a:entry", A):
            assert entry.find("a:author/a:name", A) is not None, path
            assert entry.find("a:link[@rel='alternate']", A) is not None, path


def test_the_schema_refuses_what_rfc_4287_refuses(atom_files, atom_schema):
    """The vendored schema is not a schema that passes anything."""
    document = etree.fromstring(atom_files[feeds.ALL_ATOM])
    document.remove(document.find("a:id", A))
    assert not atom_schema.validate(document)
    document = etree.fromstring(atom_files[feeds.ALL_ATOM])
    document.find("a:updated", A).text = "2026-05-01"  # a date, not a date-time
    assert not atom_schema.validate(document)


def test_the_json_feed_is_valid_json_feed_1_1(exported_site):
    schema = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text())
    document = json.loads((exported_site / feeds.ALL_JSON).read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == SITE_URL + feeds.ALL_JSON
    assert document["home_page_url"] == SITE_URL
    assert document["language"] == "en"
    assert document["items"]
    for item in document["items"]:
        assert item["id"] == item["url"] and item["url"].startswith(SITE_URL)
        for key in ("date_published", "date_modified"):
            if key in item:  # RFC 3339, which the schema's format check may not check
                assert datetime.fromisoformat(item[key]).tzinfo is not None
        assert item["authors"][0]["name"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "items": [{"id": "x"}]}, schema)


def test_the_same_entries_in_atom_and_json(exported_site, atom_files):
    document = json.loads((exported_site / feeds.ALL_JSON).read_text(encoding="utf-8"))
    assert [i["id"] for i in document["items"]] == _ids(atom_files[feeds.ALL_ATOM])


def test_a_feed_per_used_region_and_clinical_area_only(exported_site, atom_files):
    # The tiny exchange's innovations are all respiratory, in the North West Coast.
    assert set(atom_files) == {
        feeds.ALL_ATOM,
        feeds.term_path("regions", "north-west-coast"),
        feeds.term_path("clinical-areas", "respiratory"),
    }
    assert (exported_site / feeds.ALL_JSON).is_file()


def test_ids_are_page_addresses_and_self_links_the_feed(atom_files):
    for path, data in atom_files.items():
        document = etree.fromstring(data)
        assert document.findtext("a:id", namespaces=A) == SITE_URL + path
        assert document.find("a:link[@rel='self']", A).get("href") == SITE_URL + path
        assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        for entry in document.findall("a:entry", A):
            url = entry.findtext("a:id", namespaces=A)
            assert url.startswith(SITE_URL + "innovations/") and url.endswith("/")
            assert entry.find("a:link[@rel='alternate']", A).get("href") == url
    assert _ids(atom_files[feeds.ALL_ATOM]) == [
        SITE_URL + "innovations/remote-monitoring/",
        SITE_URL + "innovations/second-thing/",
        SITE_URL + "innovations/remote-monitoring/case-studies/example-hospital/",
    ]


def test_the_hostile_title_is_escaped_and_reads_back(atom_files, exported_site):
    data = atom_files[feeds.ALL_ATOM]
    assert b"Remote monitoring &amp; more &lt;3" in data
    titles = [e.findtext("a:title", namespaces=A) for e in _entries(data)]
    assert HOSTILE_TITLE in titles
    assert f"Example Hospital NHS Trust adopts {HOSTILE_TITLE}" in titles
    related = _entries(data)[2].find("a:link[@rel='related']", A)
    assert related.get("title") == HOSTILE_TITLE
    document = json.loads((exported_site / feeds.ALL_JSON).read_text(encoding="utf-8"))
    assert document["items"][0]["title"] == HOSTILE_TITLE


def test_the_body_is_the_pages_sanitised_html(atom_files):
    entry = _entries(atom_files[feeds.ALL_ATOM])[0]
    content = entry.find("a:content", A)
    assert content.get("type") == "html"
    assert content.get("{http://www.w3.org/XML/1998/namespace}base") == (
        SITE_URL + "innovations/remote-monitoring/"
    )
    assert "zanzibarquux" in content.text
    assert "<script" not in content.text and "onclick" not in content.text
    assert "javascript:" not in content.text


def test_unpublished_scouts_appear_in_no_feed(exported_site):
    written = list((exported_site / "feeds").rglob("*"))
    assert len([p for p in written if p.is_file()]) == 4
    for path in written:
        if path.is_file():
            text = path.read_text(encoding="utf-8").lower()
            assert "hidden hartigan" not in text and "secret-scout" not in text, path


def test_dates_are_the_contents(atom_files):
    document = etree.fromstring(atom_files[feeds.ALL_ATOM])
    assert document.findtext("a:updated", namespaces=A) == "2026-05-01T00:00:00Z"
    updated = [e.findtext("a:updated", namespaces=A) for e in _entries(atom_files[feeds.ALL_ATOM])]
    assert updated == ["2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z"]
    assert document.find("a:entry/a:published", A) is None  # no start or adoption dates given


def test_categories_carry_labels(atom_files):
    entry = _entries(atom_files[feeds.ALL_ATOM])[0]
    categories = {
        (c.get("term"), c.get("label"), c.get("scheme")) for c in entry.iterfind("a:category", A)
    }
    assert ("respiratory", "Respiratory", SITE_URL + "browse/clinical-areas/") in categories
    assert ("north-west-coast", "North West Coast", SITE_URL + "browse/regions/") in categories


# --- the catalogue in memory ----------------------------------------------------------


def test_same_content_same_bytes_whatever_the_day(tmp_path):
    content = _content_root(tmp_path)
    first = _files(_site(content, today=date(2026, 6, 1)))
    second = _files(_site(content, today=date(2027, 1, 1)))
    assert first == second
    assert set(first) >= {feeds.ALL_ATOM, feeds.ALL_JSON}


def test_a_new_review_moves_only_that_entry(tmp_path):
    content = _content_root(tmp_path)
    before = _files(_site(content))[feeds.ALL_ATOM]
    _set_reviewed(content / "innovations" / "second-thing" / "index.md", "2026-05-20")
    after = _files(_site(content))[feeds.ALL_ATOM]
    second = SITE_URL + "innovations/second-thing/"
    assert _ids(before)[1] == second and _ids(after)[0] == second
    assert etree.fromstring(after).findtext("a:updated", namespaces=A) == "2026-05-20T00:00:00Z"
    others = {
        e.findtext("a:id", namespaces=A): etree.tostring(e)
        for e in _entries(before)
        if e.findtext("a:id", namespaces=A) != second
    }
    unchanged = {
        e.findtext("a:id", namespaces=A): etree.tostring(e)
        for e in _entries(after)
        if e.findtext("a:id", namespaces=A) != second
    }
    assert others == unchanged  # the same ids and the same dates: not new to any reader
    [moved] = [e for e in _entries(after) if e.findtext("a:id", namespaces=A) == second]
    assert moved.findtext("a:updated", namespaces=A) == "2026-05-20T00:00:00Z"


def test_published_is_the_start_unless_after_the_review(tmp_path):
    content = _content_root(tmp_path)
    index = content / "innovations" / "second-thing" / "index.md"
    index.write_text(
        index.read_text().replace("last_reviewed:", "started: '2024-03'\nlast_reviewed:")
    )
    first = content / "innovations" / "remote-monitoring" / "index.md"
    first.write_text(
        first.read_text().replace("last_reviewed:", "started: '2026-05-02'\nlast_reviewed:")
    )
    items = {i.path: i for i in feeds.entries(_site(content))}
    assert items["innovations/second-thing/"].published == date(2024, 3, 1)
    assert items["innovations/remote-monitoring/"].published is None


def test_ties_are_broken_by_id_and_feeds_are_capped(tmp_path, monkeypatch):
    site = _site(_content_root(tmp_path))
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 1)
    made = {f.path: f for f in feeds.feeds(site)}
    # Both innovations were reviewed the same day: the first page address wins.
    assert [i.path for i in made[feeds.ALL_ATOM].items] == ["innovations/remote-monitoring/"]
    assert all(len(f.items) == 1 for f in made.values())


def test_text_xml_cannot_carry_is_removed(tmp_path):
    site = _site(_content_root(tmp_path))
    item = feeds.entries(site)[0]
    nasty = dataclasses.replace(item, title="a\x00b\x1bc\ufffe\ud800d &amp; <e>", summary="\x0cok")
    feed = feeds.Feed(feeds.ALL_ATOM, "t\x01", "", None, [nasty])
    document = etree.fromstring(feeds.atom(site, feed))
    assert document.findtext("a:title", namespaces=A) == "t"
    entry = document.find("a:entry", A)
    assert entry.findtext("a:title", namespaces=A) == "abcd &amp; <e>"
    assert entry.findtext("a:summary", namespaces=A) == "ok"
    assert json.loads(feeds.json_feed(site, feed))["items"][0]["title"] == "abcd &amp; <e>"


def test_an_empty_exchange_still_has_valid_feeds(tmp_path, atom_schema):
    content = _content_root(tmp_path)
    shutil.rmtree(content / "innovations")
    shutil.rmtree(content / "scouts")
    files = _files(_site(content))
    assert set(files) == {feeds.ALL_ATOM, feeds.ALL_JSON}
    document = etree.fromstring(files[feeds.ALL_ATOM])
    assert atom_schema.validate(document), str(atom_schema.error_log)
    assert document.findtext("a:updated", namespaces=A) == feeds.EMPTY_UPDATED


def test_the_content_language_is_declared(tmp_path):
    content = _content_root(tmp_path)
    (content / "exchange.yml").write_text("language: pt_BR\n")
    files = _files(_site(content))
    assert (
        etree.fromstring(files[feeds.ALL_ATOM]).get("{http://www.w3.org/XML/1998/namespace}lang")
        == "pt-BR"
    )
    assert json.loads(files[feeds.ALL_JSON])["language"] == "pt-BR"


# --- autodiscovery --------------------------------------------------------------------


def test_every_page_offers_the_site_wide_feeds(tmp_path):
    site = _site(_content_root(tmp_path), site_name="Test Exchange")
    for path in ("", "innovations/second-thing/", "browse/regions/", "browse/regions/wessex/"):
        assert feeds.autodiscovery(site, path) == [
            (
                "application/atom+xml",
                "Test Exchange: new and updated innovations",
                SITE_URL + "feeds/all.atom",
            ),
            (
                "application/feed+json",
                "Test Exchange: new and updated innovations (JSON Feed)",
                SITE_URL + "feeds/all.json",
            ),
        ], path


def test_a_term_page_offers_its_feed(tmp_path):
    site = _site(_content_root(tmp_path), site_name="Test Exchange")
    for path in ("browse/regions/north-west-coast/", "browse/regions/north-west-coast/page/2/"):
        links = feeds.autodiscovery(site, path)
        assert len(links) == 3
        assert links[2] == (
            "application/atom+xml",
            "Test Exchange: North West Coast",
            SITE_URL + "feeds/regions/north-west-coast.atom",
        )
    [*_, term] = feeds.autodiscovery(site, "browse/clinical-areas/respiratory/")
    assert term[2] == SITE_URL + "feeds/clinical-areas/respiratory.atom"
    assert term[1] == "Test Exchange: Respiratory"
    assert len(feeds.autodiscovery(site, "browse/care-settings/community/")) == 2


def test_the_json_feed_makes_the_bodies_links_absolute():
    """JSON Feed has no xml:base: a body's images and links must not be relative."""
    page = "https://example.org/exchange/innovations/x/"
    html = (
        '<p><img alt="a" src="pathway.svg"> <a href="../y/">y</a> <a href="#part:1">p</a> '
        '<a href="https://other.example/a?b=1&amp;c=2">o</a> <a href="mailto:a@b.example">m</a></p>'
    )
    assert feeds.absolute_links(html, page) == (
        '<p><img alt="a" src="https://example.org/exchange/innovations/x/pathway.svg"> '
        '<a href="https://example.org/exchange/innovations/y/">y</a> '
        '<a href="https://example.org/exchange/innovations/x/#part:1">p</a> '
        '<a href="https://other.example/a?b=1&amp;c=2">o</a> <a href="mailto:a@b.example">m</a></p>'
    )
