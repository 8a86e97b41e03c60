"""Structured data in the pages' heads: JSON-LD, OpenGraph and Twitter cards, read
back from built pages with extruct and lxml as search engines and link previews
would read them."""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import extruct
import lxml.html
import pytest

from generator.catalog import Catalog
from generator.exports.site import PublishedSite
from generator.exports.structured_data import Head, HeadWriter, licence, og_locale
from tests.exports.conftest import SITE_URL
from tests.site.conftest import build, write_site

pytestmark = pytest.mark.slow

PAYLOAD = "</script><script>alert(1)</script>"
INNOVATION = "innovations/remote-monitoring/"
CASE_STUDY = "innovations/remote-monitoring/case-studies/example-hospital/"
SCOUT = "scouts/ada-example/"
#: One page of each kind: home, innovation, case study, scout, listing, hand-written.
PAGES = ("", INNOVATION, CASE_STUDY, SCOUT, "browse/", "scouts/", "about/")


class Parsed:
    """What a page's head says, parsed."""

    def __init__(self, site: Path, path: str) -> None:
        self.html = (site / path / "index.html").read_text(encoding="utf-8")
        self.url = SITE_URL + path
        data = extruct.extract(
            self.html, base_url=self.url, syntaxes=["json-ld", "opengraph"], uniform=True
        )
        self.json_ld: list[dict[str, Any]] = data["json-ld"]
        self.og: dict[str, str] = data["opengraph"][0] if data["opengraph"] else {}
        tree = lxml.html.fromstring(self.html)
        self.meta = {
            (m.get("property") or m.get("name")): m.get("content")
            for m in tree.iter("meta")
            if m.get("property") or m.get("name")
        }
        self.canonical = [link.get("href") for link in tree.iterfind(".//link[@rel='canonical']")]
        self.scripts = list(tree.iter("script"))
        self.alternates = [
            (link.get("type"), link.get("href"))
            for link in tree.iterfind(".//head/link[@rel='alternate feed']")
        ]

    def only(self, kind: str) -> dict[str, Any]:
        found = [block for block in self.json_ld if block.get("@type") == kind]
        assert len(found) == 1, self.json_ld
        return found[0]


@pytest.fixture(scope="module")
def heads(exported_site: Path) -> dict[str, Parsed]:
    return {path: Parsed(exported_site, path) for path in PAGES}


def _urls(value: Any) -> Iterator[str]:
    """Every address in a JSON-LD block (``url``, ``@id``, ``contentUrl``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "@id", "contentUrl") and isinstance(item, str):
                yield item
            else:
                yield from _urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item)


# --- JSON-LD ----------------------------------------------------------------------------


def test_home_is_the_catalogue_as_a_dataset_with_its_downloads(heads: dict[str, Parsed]) -> None:
    dataset = heads[""].only("Dataset")
    assert dataset["name"] == "Test Exchange"
    assert dataset["description"] == "A test exchange."
    assert dataset["url"] == SITE_URL
    assert dataset["@id"] == SITE_URL + "#dataset"
    assert dataset["inLanguage"] == "en"
    assert dataset["dateModified"] == "2026-05-01"  # the newest review in the content
    assert dataset["publisher"] == {
        "@type": "Organization",
        "name": "Test Exchange",
        "url": SITE_URL,
    }
    assert dataset["creator"]["name"] == "Test Exchange"
    downloads = {d["contentUrl"]: d["encodingFormat"] for d in dataset["distribution"]}
    assert downloads == {
        SITE_URL + "api/v1/index.json": "application/json",
        SITE_URL + "api/v1/innovations.csv": "text/csv",
        SITE_URL + "api/v1/case-studies.csv": "text/csv",
    }
    assert {d["@type"] for d in dataset["distribution"]} == {"DataDownload"}
    assert "license" not in dataset  # the tiny site has no copyright line


def test_innovation_page_is_an_item_page_about_a_creative_work(heads: dict[str, Parsed]) -> None:
    page = heads[INNOVATION].only("ItemPage")
    work = page["mainEntity"]
    assert page["url"] == SITE_URL + INNOVATION
    assert work["@type"] == "CreativeWork"
    assert work["name"] == "Remote monitoring & more <3"
    assert work["description"] == "Watching oxygen levels at home."
    assert work["url"] == SITE_URL + INNOVATION
    assert work["dateModified"] == "2026-05-01"
    assert work["author"] == {"@type": "Organization", "name": "Example Trust"}
    assert work["keywords"] == ["Respiratory"]
    assert work["spatialCoverage"] == [{"@type": "Place", "name": "North West Coast"}]
    assert work["isPartOf"]["@id"] == SITE_URL + "#dataset"
    assert "image" not in work


def test_case_study_is_an_article_about_its_innovation(heads: dict[str, Parsed]) -> None:
    article = heads[CASE_STUDY].only("Article")
    assert article["headline"] == "Adopted at Example Hospital"
    assert article["url"] == SITE_URL + CASE_STUDY
    assert article["dateModified"] == "2026-04-01"
    assert article["about"]["url"] == SITE_URL + INNOVATION
    assert article["about"]["name"] == "Remote monitoring & more <3"
    assert article["mentions"]["name"] == "Example Hospital NHS Trust"


def test_scout_page_is_a_profile_with_only_what_the_page_shows(heads: dict[str, Parsed]) -> None:
    person = heads[SCOUT].only("ProfilePage")["mainEntity"]
    assert person == {
        "@type": "Person",
        "@id": SITE_URL + SCOUT + "#person",
        "name": "Ada Example",
        "worksFor": {"@type": "Organization", "name": "Example Trust"},
        "url": SITE_URL + SCOUT,
    }


def test_every_address_is_absolute_under_the_site(heads: dict[str, Parsed]) -> None:
    seen = 0
    for head in heads.values():
        for url in _urls(head.json_ld):
            assert url.startswith(SITE_URL), url
            seen += 1
    assert seen > 20


def test_listings_and_hand_written_pages_have_no_json_ld(heads: dict[str, Parsed]) -> None:
    for path in ("browse/", "scouts/", "about/"):
        assert heads[path].json_ld == [], path


# --- OpenGraph, Twitter, canonical ------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_kind_of_page_has_og_title_and_canonical(heads: dict[str, Parsed], path: str) -> None:
    head = heads[path]
    assert head.og.get("og:title")
    assert head.canonical == [SITE_URL + path]
    assert head.og["og:url"] == SITE_URL + path
    assert head.og["og:site_name"] == "Test Exchange"
    assert head.og["og:locale"] == "en_GB"  # English, in the exchange's country
    assert head.meta["twitter:card"] == "summary"


def test_opengraph_values(heads: dict[str, Parsed]) -> None:
    innovation = heads[INNOVATION].og
    assert innovation["og:title"] == "Remote monitoring & more <3"
    assert innovation["og:description"] == "Watching oxygen levels at home."
    assert innovation["@type"] == "article"
    assert innovation["article:modified_time"] == "2026-05-01"
    assert heads[""].og["@type"] == "website"
    assert heads[""].og["og:title"] == "Test Exchange"
    assert heads[""].og["og:description"] == "A test exchange."
    assert heads[SCOUT].og["@type"] == "profile"
    assert heads[CASE_STUDY].og["@type"] == "article"
    assert heads["about/"].og["og:title"] == "About"
    assert heads["browse/"].og["og:description"] == "A test exchange."
    # Escaped in the source, whole once parsed.
    assert 'content="Remote monitoring &amp; more &lt;3"' in heads[INNOVATION].html


def test_feeds_are_advertised(heads: dict[str, Parsed]) -> None:
    for head in heads.values():
        types = {mime for mime, _href in head.alternates}
        assert "application/atom+xml" in types
        assert all(href.startswith(SITE_URL) for _mime, href in head.alternates)


def test_the_unpublished_scout_is_in_no_head(exported_site: Path) -> None:
    pages = list(exported_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        head = text[: text.find("</head>")]
        assert "Hidden Hartigan" not in head and "secret-scout" not in head, page
    assert not (exported_site / "scouts" / "secret-scout").exists()


# --- hostile content --------------------------------------------------------------------


def _png() -> bytes:
    """A valid one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny exchange with the payload where content allows markup characters: the
    lead organisation's name, the image's alt text and a clinical area's label."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = write_site(tmp_path_factory.mktemp("hostile"))
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text())
    folder = root / "content" / "innovations" / "remote-monitoring"
    index = folder / "index.md"
    quoted = json.dumps(PAYLOAD)
    text = index.read_text().replace(
        "organisation: {name: Example Trust, type: provider}",
        f"organisation: {{name: {quoted}, type: provider}}\n"
        f"image: {{src: picture.png, alt: {quoted}}}",
    )
    index.write_text(text)
    (folder / "picture.png").write_bytes(_png())
    areas = root / "content" / "vocabularies" / "clinical-areas.yml"
    areas.write_text(areas.read_text().replace("label: Respiratory", f"label: {quoted}", 1))
    return build(root)


def test_a_payload_cannot_close_the_script_element(hostile_site: Path) -> None:
    head = Parsed(hostile_site, INNOVATION)
    json_ld = [s for s in head.scripts if s.get("type") == "application/ld+json"]
    assert len(json_ld) == 1  # one block, not cut in two by the payload
    # The only script holding the payload's words is the JSON-LD, as data.
    assert [s for s in head.scripts if "alert(1)" in (s.text or "")] == json_ld
    assert "<script>alert(1)" not in head.html
    work = json.loads(json_ld[0].text)["mainEntity"]
    assert work["author"]["name"] == PAYLOAD
    assert work["image"]["caption"] == PAYLOAD
    assert work["keywords"] == [PAYLOAD]
    assert head.meta["og:image:alt"] == PAYLOAD


def test_an_image_makes_a_large_card(hostile_site: Path) -> None:
    head = Parsed(hostile_site, INNOVATION)
    assert head.meta["og:image"] == SITE_URL + INNOVATION + "picture.png"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.only("ItemPage")["mainEntity"]["image"]["contentUrl"] == head.meta["og:image"]
    assert (hostile_site / INNOVATION / "picture.png").is_file()


# --- in memory --------------------------------------------------------------------------


def _site() -> PublishedSite:
    catalog = Catalog(
        vocabularies={}, innovations=[], case_studies=[], scouts=[], today=date.today()
    )
    return PublishedSite(catalog, site_url=SITE_URL, site_name="X", description="D", language="it")


def test_a_hostile_title_stays_inside_its_element() -> None:
    writer = HeadWriter(_site())
    head = writer.render(
        Head("x/", PAYLOAD, PAYLOAD, json_ld={"@type": "Thing", "name": PAYLOAD + "&"})
    )
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body></body></html>")
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1
    assert json.loads(scripts[0].text)["name"] == PAYLOAD + "&"
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}
    assert meta["og:title"] == meta["og:description"] == PAYLOAD
    assert meta["og:locale"] == "it_IT"


def test_heads_are_deterministic() -> None:
    first = HeadWriter(_site()).render(Head("", "T", "", json_ld=HeadWriter(_site()).dataset()))
    again = HeadWriter(_site()).render(Head("", "T", "", json_ld=HeadWriter(_site()).dataset()))
    assert first == again
    assert '"dateModified"' not in first  # no content, no date: never the build's


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        ("en", "GB", "en_GB"),
        ("it", None, "it_IT"),
        ("it", "GB", "it_IT"),  # Babel has no it_GB: the language's likeliest
        ("es", "MX", "es_MX"),
        ("pt-BR", "GB", "pt_BR"),
        ("not a language", None, ""),
    ],
)
def test_og_locale(language: str, country: str | None, expected: str) -> None:
    assert og_locale(language, country) == expected


def test_licence() -> None:
    assert (
        licence("Content is shared under CC BY 4.0 unless an entry says otherwise.")
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    assert licence("CC BY-SA 4.0") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert licence("Public domain: CC0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licence("See https://example.org/terms.") == "https://example.org/terms"
    assert licence("All rights reserved") == {
        "@type": "CreativeWork",
        "name": "All rights reserved",
    }
    assert licence("  ") is None
