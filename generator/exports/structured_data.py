"""Structured data for the pages' heads: schema.org JSON-LD, OpenGraph and Twitter
card tags, and the feeds' autodiscovery links.

Search engines read the JSON-LD (the home page is the catalogue as a ``Dataset``
with its downloads; an innovation is a ``CreativeWork`` on an ``ItemPage``, a case
study an ``Article``, a published scout a ``Person`` on a ``ProfilePage``); chat
apps and social sites read the OpenGraph tags for link previews. Everything is
made from the same catalogue and :class:`PublishedSite` as the other exports, so
the addresses are the ones the JSON API and the sitemap give.

Each head is computed once per build, as one string per page (the plugin prints
it in ``main.html``'s ``extrahead``); nothing here reads the clock, so the same
content gives the same bytes. Content is untrusted: every attribute value is
escaped, and the JSON-LD goes through ``safety.html.json_for_script``, which
writes ``<``, ``>`` and ``&`` as ``\\u`` escapes so no field can close the
script element.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from markupsafe import Markup

from generator.exports import api, csv_files
from generator.exports.feeds import autodiscovery
from generator.exports.site import PublishedSite, licence_uri
from generator.i18n import _, language_tag
from generator.loader.content import Entry
from generator.pages import Page
from generator.pages.summary import summary_text
from generator.safety.html import json_for_script

SCHEMA_ORG = "https://schema.org"
#: Image formats link previews show (OpenGraph readers do not draw SVG).
PREVIEW_IMAGES = (".png", ".jpg", ".jpeg", ".webp")
#: OpenGraph's og:type for each kind of generated page (anything else is a website).
OG_TYPES = {"innovation": "article", "case-study": "article", "scout": "profile"}


@dataclass(frozen=True)
class Head:
    """What a page's head says about it, whatever kind of page it is."""

    path: str
    title: str
    description: str
    og_type: str = "website"
    image: tuple[str, str] | None = None  # (absolute URL, alt) for link previews
    modified: str | None = None
    json_ld: dict[str, Any] | None = None


class HeadWriter:
    """The heads of one build's pages: the site-wide parts are worked out once."""

    def __init__(self, site: PublishedSite) -> None:
        self.site = site
        self.home = site.url("")
        self.url = site.url
        self.language = language_tag(site.content_language)
        self.dataset_id = f"{self.home}#dataset"
        self.publisher = {"@type": "Organization", "name": site.site_name, "url": self.home}
        self.dataset_ref = {
            "@type": "Dataset",
            "@id": self.dataset_id,
            "name": site.site_name,
            "url": self.home,
        }
        self.common = "\n".join(
            _meta("property", name, value)
            for name, value in (
                ("og:site_name", site.site_name),
                ("og:locale", og_locale(site.language, site.catalog.exchange.country)),
            )
            if value
        )

    # --- the heads ------------------------------------------------------------------

    def render(self, head: Head) -> Markup:
        url = self.url(head.path)
        tags = [
            _meta("property", "og:type", head.og_type),
            _meta("property", "og:title", head.title),
            _meta("property", "og:description", head.description or self.site.description),
            _meta("property", "og:url", url),
            self.common,
        ]
        if head.image:
            tags.append(_meta("property", "og:image", head.image[0]))
            tags.append(_meta("property", "og:image:alt", head.image[1]))
        if head.modified and head.og_type == "article":
            tags.append(_meta("property", "article:modified_time", head.modified))
        card = "summary_large_image" if head.image else "summary"
        tags.append(_meta("name", "twitter:card", card))
        for mime, title, href in autodiscovery(self.site, head.path):
            # "alternate feed", not "alternate" alone: Material's JavaScript takes every
            # link[rel=alternate] for another language of the site and fetches a
            # sitemap.xml beside it on each page view. Feed readers read the tokens.
            tags.append(
                f'<link rel="alternate feed" type="{_attr(mime)}" title="{_attr(title)}" '
                f'href="{_attr(href)}">'
            )
        if head.json_ld is not None:
            tags.append(
                '<script type="application/ld+json">'
                + str(json_for_script({"@context": SCHEMA_ORG, **head.json_ld}))
                + "</script>"
            )
        return Markup("\n".join(tags) + "\n")

    def of_page(self, page: Page, entry: Entry | None) -> Head:
        """The head of a generated page (``entry`` is the entry an entry page shows)."""
        description = page.description or self.site.description
        if page.kind == "home":
            return Head(page.url, page.title, description, json_ld=self.dataset())
        if entry is None:
            return Head(page.url, page.title, description)
        url = self.url(page.url)
        f = entry.fields
        image, modified = None, None
        if entry.kind == "innovation":
            json_ld, modified = self.innovation(entry, url), str(f.last_reviewed)
            if f.image is not None and f.image.src.lower().endswith(PREVIEW_IMAGES):
                image = (self.url(page.url + f.image.src), f.image.alt)
        elif entry.kind == "case-study":
            json_ld, modified = self.case_study(entry, url, description), str(f.last_reviewed)
        else:
            json_ld = self.scout(entry, url)
        og_type = OG_TYPES.get(entry.kind, "website")
        return Head(page.url, page.title, description, og_type, image, modified, json_ld)

    # --- schema.org -----------------------------------------------------------------

    def dataset(self) -> dict[str, Any]:
        """The catalogue as a schema.org Dataset, with its downloads."""
        site, catalog = self.site, self.site.catalog
        dates = [str(e.fields.last_reviewed) for e in (*catalog.innovations, *catalog.case_studies)]
        downloads = (
            # Translators: names of the catalogue's downloads, shown by dataset search engines.
            (api.INDEX, "application/json", _("Innovations (JSON)")),
            (csv_files.INNOVATIONS_CSV, "text/csv", _("Innovations (CSV)")),
            (csv_files.CASE_STUDIES_CSV, "text/csv", _("Case studies (CSV)")),
        )
        return _pruned(
            {
                "@type": "Dataset",
                "@id": self.dataset_id,
                "name": site.site_name,
                "description": site.description,
                "url": self.home,
                "license": licence(site.licence),
                "inLanguage": self.language,
                "dateModified": max(dates, default=None),
                "isAccessibleForFree": True,
                "creator": self.publisher,
                "publisher": self.publisher,
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "name": name,
                        "encodingFormat": mime,
                        "contentUrl": self.url(path),
                    }
                    for path, mime, name in downloads
                ],
            }
        )

    def innovation(self, entry: Entry, url: str) -> dict[str, Any]:
        f = entry.fields
        label = self.site.catalog.label
        organisation = _organisation(f.organisation.name, f.organisation.website)
        image = None
        if f.image is not None:
            src = self.url(self.site.page_path(entry) + f.image.src)
            image = {"@type": "ImageObject", "contentUrl": src, "url": src, "caption": f.image.alt}
        work = {
            "@type": "CreativeWork",
            "@id": f"{url}#innovation",
            "name": f.title,
            "description": summary_text(f.summary),
            "url": url,
            "dateModified": str(f.last_reviewed),
            "author": organisation,
            "keywords": [label("clinical-areas", t) for t in f.clinical_areas],
            "spatialCoverage": [{"@type": "Place", "name": label("regions", t)} for t in f.regions],
            "image": image,
            "inLanguage": self.language,
            # The page says it is part of the dataset (below): named once, not twice.
            "isPartOf": {"@id": self.dataset_id},
        }
        return _pruned(
            {
                "@type": "ItemPage",
                "@id": url,
                "url": url,
                "name": f.title,
                "isPartOf": {"@id": self.dataset_id},
                "mainEntity": work,
            }
        )

    def case_study(self, entry: Entry, url: str, description: str) -> dict[str, Any]:
        f = entry.fields
        site = self.site
        innovation = site.catalog.innovation_by_id.get(entry.innovation_id or "")
        about = None
        if innovation is not None:
            innovation_url = self.url(site.page_path(innovation))
            about = {
                "@type": "CreativeWork",
                "@id": f"{innovation_url}#innovation",
                "name": innovation.fields.title,
                "url": innovation_url,
            }
        return _pruned(
            {
                "@type": "Article",
                "@id": url,
                "url": url,
                "headline": f.title,
                "name": f.title,
                "description": description,
                "dateModified": str(f.last_reviewed),
                "about": about,
                "mentions": _organisation(f.organisation.name, f.organisation.website),
                "spatialCoverage": {
                    "@type": "Place",
                    "name": site.catalog.label("regions", f.region),
                },
                "inLanguage": self.language,
                "publisher": self.publisher,
                "isPartOf": self.dataset_ref,
            }
        )

    def scout(self, entry: Entry, url: str) -> dict[str, Any]:
        """A published scout: only what their page shows (name, role, employer)."""
        f = entry.fields
        person = {
            "@type": "Person",
            "@id": f"{url}#person",
            "name": f.name,
            "jobTitle": f.role,
            "worksFor": {"@type": "Organization", "name": f.organisation.name},
            "url": url,
        }
        return _pruned(
            {
                "@type": "ProfilePage",
                "@id": url,
                "url": url,
                "name": f.name,
                "isPartOf": {"@id": self.dataset_id},
                "mainEntity": person,
            }
        )


def heads(site: PublishedSite, pages: Iterable[Page]) -> dict[str, Markup]:
    """Site path -> the head of every generated page; linear in the pages."""
    writer = HeadWriter(site)
    catalog = site.catalog
    entries = {
        site.page_path(e): e for e in (*catalog.innovations, *catalog.case_studies, *catalog.scouts)
    }
    return {page.url: writer.render(writer.of_page(page, entries.get(page.url))) for page in pages}


def page_head(site: PublishedSite, path: str, title: str, description: str | None) -> Markup:
    """The head of a page that is not generated from content (a hand-written page)."""
    writer = HeadWriter(site)
    return writer.render(Head(path, title, description or site.description))


def og_locale(language: str, country: str | None = None) -> str:
    """OpenGraph's ``language_TERRITORY`` for the interface language: its own
    territory, else the exchange's country when Babel knows the pair ("en" in GB:
    en_GB), else the language's likeliest ("it": it_IT); the bare language if none."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return ""
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    if country:
        try:
            return str(Locale.parse(f"{locale.language}_{country.upper()}"))
        except (UnknownLocaleError, ValueError):
            pass
    likely = str(get_global("likely_subtags").get(locale.language, ""))
    territory = likely.split("_")[-1] if likely else ""
    if len(territory) == 2 and territory.isalpha():
        return f"{locale.language}_{territory}"
    return locale.language


def licence(line: str) -> str | dict[str, str] | None:
    """schema.org's ``license`` from the site's licence line: the licence's address
    (the same rule as the DCAT description), else the line itself as a CreativeWork."""
    if not line.strip():
        return None
    return licence_uri(line) or {"@type": "CreativeWork", "name": line.strip()}


def _organisation(name: str, website: str | None) -> dict[str, str]:
    found = {"@type": "Organization", "name": name}
    if website:
        found["url"] = website
    return found


def _pruned(value: dict[str, Any]) -> dict[str, Any]:
    """The object without empty values (schema.org readers treat "" as a value)."""
    return {
        key: (_pruned(item) if isinstance(item, dict) else item)
        for key, item in value.items()
        if item not in (None, "", [], {})
    }


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _meta(attribute: str, name: str, value: str) -> str:
    return f'<meta {attribute}="{name}" content="{_attr(value)}">'
