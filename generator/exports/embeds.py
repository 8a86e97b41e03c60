"""Embeddable views for partner sites: one card per innovation and a filtered list.

A partner puts ``<iframe src=".../embed/innovations/<id>/">`` in a page of theirs;
what loads there is the exchange's own tiny document (no Material, no cookies, no
storage, nothing from another host), readable with no JavaScript. The list
(``embed/index.html``) reads the browse page's filters from its query string and,
with JavaScript, picks the matches from the JSON API's index; without it, it shows
the most recently reviewed innovations and a link to browse them all.

Every link in an embed is relative to the embed itself, so the files work wherever
the site is served (a preview, a mirror) and every request stays on the exchange.
The words are rendered in the active language (the plugin activated the site's
language before writing the exports, as for the pages); the list's script gets
its few words from the site's browser catalogue (``assets/exchange/messages.js``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator import i18n
from generator.catalog import FACETS
from generator.exports.api import INDEX
from generator.exports.site import OutputFile, PublishedSite
from generator.i18n.jinja import lang_attribute
from generator.loader.content import Entry
from generator.pages import urls
from generator.pages.build import environment

TEMPLATES = Path(__file__).parent / "templates"
#: The filtered list (the cards are at urls.embed_card: the page templates link to both).
LIST = f"{urls.EMBED}index.html"
#: The stylesheet and the list's script, published with the theme's assets.
STYLESHEET = "assets/exchange/embed.css"
SCRIPT = "assets/exchange/embed.js"
#: How many innovations the list shows without JavaScript (and at most with it,
#: unless the query string asks for fewer: ``?limit=5``).
STATIC_COUNT = 20
#: Regions a card names; the rest are counted ("… and 237 more regions"), so a card
#: stays small whatever its innovation lists.
CARD_REGIONS = 4


def _common(site: PublishedSite, here: str) -> dict[str, Any]:
    """What every embed template reads: links relative to the embed at ``here``."""
    link = urls.Linker(here)
    return {
        "link": link,
        "site_name": site.name,
        "adoption_packs": site.adoption_packs,
        "lang": i18n.language_tag(site.language),
        "content_lang": lang_attribute(site.content_language, site.language),
        "catalog": site.catalog,
        "stylesheet": link(STYLESHEET),
        "urls": urls,
    }


def _facts(site: PublishedSite, entry: Entry) -> dict[str, Any]:
    """The labels a card shows, looked up once per innovation."""
    f = entry.fields
    label = site.catalog.label
    return {
        "entry": entry,
        "f": f,
        "stage": label("stages", f.stage),
        "evidence": label("evidence-levels", f.evidence.level),
        "regions": [label("regions", r) for r in f.regions[:CARD_REGIONS]],
        "more_regions": max(0, len(f.regions) - CARD_REGIONS),
        "adoptions": site.catalog.adoptions(entry),
    }


def _facet_terms(site: PublishedSite) -> dict[str, dict[str, str]]:
    """Facet -> term id -> label: the list's script ignores ids the browse page would
    ignore, and shows labels where the JSON index has ids."""
    catalog = site.catalog
    return {
        name: {term.id: term.label for term in catalog.vocabularies[name].terms}
        for name, _field in FACETS
        if name in catalog.vocabularies
    }


def card(site: PublishedSite, entry: Entry) -> bytes:
    """An innovation's card: ``embed/innovations/<id>/index.html``."""
    here = urls.embed_card(entry.id)
    template = environment(TEMPLATES).get_template("card.html.j2")
    html = template.render(**_common(site, here), **_facts(site, entry))
    return html.encode("utf-8")


def listing(site: PublishedSite) -> bytes:
    """The filtered list: ``embed/index.html``."""
    catalog = site.catalog
    template = environment(TEMPLATES).get_template("list.html.j2")
    html = template.render(
        **_common(site, urls.EMBED),
        items=[_facts(site, entry) for entry in catalog.recent(STATIC_COUNT)],
        total=len(catalog.innovations),
        data={
            "facets": _facet_terms(site),
            "cap": STATIC_COUNT,
        },
        index=INDEX,
        script=SCRIPT,
    )
    return html.encode("utf-8")


def files(site: PublishedSite) -> Iterator[OutputFile]:
    """A card per innovation, then the list (the stylesheet and script are theme assets)."""
    for entry in site.catalog.innovations:
        yield OutputFile(f"{urls.embed_card(entry.id)}index.html", card(site, entry))
    yield OutputFile(LIST, listing(site))
