"""The embeds for partner sites (generator/exports/embeds.py): a card per innovation
and the filtered list, plus the "Embed this" snippets on the pages."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import i18n
from generator.catalog import Catalog
from generator.exports import embeds
from generator.exports.site import PublishedSite
from generator.loader import load_content
from tests.exports.conftest import SITE_URL
from tests.i18n.test_marked import _unmarked_js, _unmarked_template
from tests.site.conftest import write_site

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "generator" / "theme" / "assets" / "exchange"
#: Bytes a card may take: at 10,000 innovations, 30 MB at most (the real ones are
#: nearer 1.2 KB).
CARD_BUDGET = 3_000
INNOVATIONS = ("remote-monitoring", "second-thing")


class _Page(HTMLParser):
    """What a test asks of an embed: elements with their attributes, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _card(site: Path, entry_id: str) -> str:
    return _read(site, f"embed/innovations/{entry_id}/index.html")


# --- the built site --------------------------------------------------------------


def test_a_card_for_every_innovation_and_the_list(exported_site: Path) -> None:
    cards = sorted(p.name for p in (exported_site / "embed" / "innovations").iterdir())
    assert cards == sorted(INNOVATIONS)
    assert (exported_site / "embed" / "index.html").is_file()
    assert (exported_site / embeds.STYLESHEET).is_file()
    assert (exported_site / embeds.SCRIPT).is_file()


def test_card_shows_the_innovation_escaped(exported_site: Path) -> None:
    text = _card(exported_site, "remote-monitoring")
    assert "<3" not in text and "& more" not in text
    page = _Page(text)
    title = "Remote monitoring & more <3"
    assert title in page.text  # the hostile title parses back as text, not markup
    assert not page.all("script") and not page.all("iframe") and not page.all("style")
    links = [a for a in page.all("a")]
    assert {a["href"] for a in links} == {
        "../../../innovations/remote-monitoring/",
        "../../../innovations/remote-monitoring/adopt/",  # its adoption pack
    }
    assert all(a["target"] == "_blank" and a["rel"] == "noopener" for a in links)
    words = " ".join(page.text)
    for expected in ("Watching oxygen levels at home.", "Spreading", "Local evaluation"):
        assert expected in words
    assert "North West Coast" in words
    assert "View on Test Exchange" in words
    # One case study: the count is its own definition's value.
    assert re.search(r"<dt>Adoptions</dt><dd>1</dd>", text)


def test_embeds_are_quiet_documents(exported_site: Path) -> None:
    for path in [*(f"embed/innovations/{i}/index.html" for i in INNOVATIONS), "embed/index.html"]:
        text = _read(exported_site, path)
        page = _Page(text)
        assert page.all("html")[0]["lang"] == "en", path
        assert {"name": "robots", "content": "noindex"} in page.all("meta"), path
        # Nothing from another host: every src and href is relative to the exchange.
        for tag, attrs in page.tags:
            for name in ("src", "href"):
                value = attrs.get(name)
                if value is not None:
                    assert "//" not in value and not value.startswith("/"), (path, tag, value)
        assert "material" not in text.lower() and "cookie" not in text.lower(), path


def test_card_bytes_within_budget(exported_site: Path) -> None:
    sizes = {i: len(_card(exported_site, i).encode()) for i in INNOVATIONS}
    print(f"embed card bytes: {sizes} (budget {CARD_BUDGET})")
    assert max(sizes.values()) <= CARD_BUDGET
    assert (ASSETS / "embed.css").stat().st_size <= 1_000  # a few hundred bytes, shared


def test_static_list_reads_without_javascript(exported_site: Path) -> None:
    text = _read(exported_site, "embed/index.html")
    page = _Page(text)
    hrefs = [a["href"] for a in page.all("a")]
    # Newest review first (equal dates: by id, descending), then the link to everything.
    assert hrefs == [
        "../innovations/second-thing/",
        "../innovations/remote-monitoring/",
        "../browse/",
    ]
    assert "Browse all 2 innovations on Test Exchange" in page.text
    assert [s["src"] for s in page.all("script") if "src" in s] == ["../assets/exchange/embed.js"]
    data = re.search(r'<script type="application/json" class="ix-e__data">(.*?)</script>', text)
    assert data and "<" not in data.group(1)
    assert 'data-index="../api/v1/index.json"' in text


def test_unpublished_scout_nowhere_in_the_embeds(exported_site: Path) -> None:
    for path in (exported_site / "embed").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "Hidden Hartigan" not in text and "secret-scout" not in text, path


def test_embed_scripts_use_no_storage_and_no_other_host() -> None:
    # embed.js and what it imports are all the list loads.
    for name in ("embed.js", "common.js", "messages.js", "embed-snippet.js"):
        source = (ASSETS / name).read_text(encoding="utf-8")
        for api in ("document.cookie", "localStorage", "sessionStorage", "indexedDB", "caches."):
            assert api not in source, (name, api)
        assert not re.search(r"""["'`]https?://""", source), name
        assert ".innerHTML" not in source and "insertAdjacentHTML" not in source, name
    imports = re.findall(r'from "([^"]+)"', (ASSETS / "embed.js").read_text())
    assert imports == ["./common.js"]


def test_innovation_page_has_the_embed_snippet(exported_site: Path) -> None:
    text = _read(exported_site, "innovations/remote-monitoring/index.html")
    assert "<iframe" not in text  # only as text to copy
    snippet = re.search(
        r'<details class="ix-embed".*?</details>\s*<script type="module" src="([^"]+)"',
        text,
        re.S,
    )
    assert snippet, "no Embed this block"
    assert snippet.group(1) == "../../assets/exchange/embed-snippet.js"
    block = snippet.group(0)
    assert '<label for="ix-embed-code">' in block and 'id="ix-embed-code"' in block
    code = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", block, re.S).group(1))
    iframe = _Page(code).all("iframe")
    assert len(iframe) == 1
    assert iframe[0]["title"] == "Remote monitoring & more <3"
    assert iframe[0]["src"] in (
        f"{SITE_URL}embed/innovations/remote-monitoring/",  # when the pages know site_url
        "../../embed/innovations/remote-monitoring/",  # embed-snippet.js makes it absolute
    )
    assert "Hidden Hartigan" not in text


def test_browse_page_has_the_list_snippet(exported_site: Path) -> None:
    text = _read(exported_site, "browse/index.html")
    assert 'data-follow-filters data-src="../embed/"' in text
    assert "Embed this list" in text and "<iframe" not in text


# --- small catalogues in memory ------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> PublishedSite:
    root = write_site(tmp_path_factory.mktemp("tiny"))
    catalog = Catalog.build(load_content(root / "content"), today=date(2026, 6, 1))
    return PublishedSite(catalog, site_url=SITE_URL, site_name="Tiny <Exchange>", language="en")


def test_files_are_deterministic(tiny: PublishedSite) -> None:
    first = [(f.path, f.content) for f in embeds.files(tiny)]
    second = [(f.path, f.content) for f in embeds.files(tiny)]
    assert first == second
    assert [path for path, _ in first] == [
        "embed/innovations/remote-monitoring/index.html",
        "embed/innovations/second-thing/index.html",
        "embed/index.html",
    ]


def test_site_name_is_escaped_everywhere(tiny: PublishedSite) -> None:
    for output in embeds.files(tiny):
        text = output.content.decode()
        assert "<Exchange>" not in text, output.path
        assert "Tiny &lt;Exchange&gt;" in text, output.path


def test_cards_speak_the_interface_language(tiny: PublishedSite) -> None:
    with i18n.kept():
        i18n.activate("it")
        text = embeds.card(tiny, tiny.catalog.innovations[0]).decode()
    assert '<html lang="en">' in text  # the site's language as configured
    assert "<dt>Fase</dt>" in text and "<dt>Adozioni</dt>" in text, text
    # English content in an Italian interface (site.language says "en" here): no lang
    # switch needed; with an Italian interface configured it is marked.
    italian = PublishedSite(tiny.catalog, site_url=SITE_URL, language="it")
    with i18n.kept():
        i18n.activate("it")
        marked = embeds.card(italian, tiny.catalog.innovations[0]).decode()
    assert '<html lang="it">' in marked and '<h1 lang="en">' in marked


def test_list_is_capped(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    catalog = Catalog.build(load_content(root / "content"), today=date(2026, 6, 1))
    many = [catalog.innovations[0]] * (embeds.STATIC_COUNT + 5)
    catalog.innovations = many
    text = embeds.listing(PublishedSite(catalog, site_url=SITE_URL)).decode()
    assert text.count("<li>") == embeds.STATIC_COUNT


def test_embed_templates_and_scripts_are_marked_for_translation() -> None:
    found = [
        line for path in sorted(embeds.TEMPLATES.glob("*.j2")) for line in _unmarked_template(path)
    ]
    found += [
        line for name in ("embed.js", "embed-snippet.js") for line in _unmarked_js(ASSETS / name)
    ]
    assert not found, found


def test_card_names_a_few_regions_and_counts_the_rest(tiny: PublishedSite) -> None:
    entry = tiny.catalog.innovations[0]
    regions = [t.id for t in tiny.catalog.vocabularies["regions"].terms][:7]
    many = entry.fields.model_copy(update={"regions": regions})
    text = embeds.card(tiny, type(entry)(**{**vars(entry), "fields": many})).decode()
    shown = [tiny.catalog.label("regions", r) for r in regions]
    assert all(label.replace("&", "&amp;") in text for label in shown[: embeds.CARD_REGIONS])
    assert shown[embeds.CARD_REGIONS].replace("&", "&amp;") not in text
    assert "and 3 more regions</dd>" in text
