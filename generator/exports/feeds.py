"""Atom 1.0 (RFC 4287) and JSON Feed 1.1 feeds of new and updated innovations and case studies.

One site-wide Atom feed and its JSON Feed twin, plus an Atom feed per region and per
clinical area that at least one innovation uses, so a reader can follow only what
concerns them.

Every date comes from the content, never from the build: an entry is *updated* on
its ``last_reviewed`` and *published* on its ``started`` (an innovation) or
``adopted`` (a case study) when that is known and not later. A feed reader shows an
entry as new when its id or its updated date changes; ids are the pages' absolute
addresses and dates are the content's, so rebuilding never brings an unchanged entry
back, and the same content gives byte-identical files.

Text is from strangers: the XML is written by lxml (no string is pasted into
markup), after removing the characters XML 1.0 cannot carry. Feed titles are in the
content language, which the feed declares (``xml:lang``, ``language``); the links
that advertise the feeds in the pages' heads (:func:`autodiscovery`) are in the
interface language, like the rest of the page.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from html import escape as html_escape
from html import unescape as html_unescape
from urllib.parse import urljoin, urlsplit

from lxml import etree

from generator.exports.site import OutputFile, PublishedSite
from generator.i18n import N_, _, in_language, language_tag
from generator.loader.content import Entry
from generator.models import Organisation
from generator.pages import urls
from generator.pages.summary import summary_text
from generator.scalars import earliest_day

ALL_ATOM = "feeds/all.atom"
ALL_JSON = "feeds/all.json"
#: The vocabularies with a feed per term, in the order their feeds are written.
FEED_VOCABULARIES = ("regions", "clinical-areas")
#: The newest entries a feed holds; older ones are on the site.
MAX_ENTRIES = 50
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
#: A feed with no entries still needs an <updated>; the build time would change every
#: build, so it is the earliest moment there is.
EMPTY_UPDATED = "1970-01-01T00:00:00Z"

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_LANG = f"{{{_XML_NS}}}lang"
_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
_BASE = f"{{{_XML_NS}}}base"
#: What XML 1.0 forbids (its Char production), lone surrogates included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Translators: the title of the site-wide feed; {site} is the site's name.
ALL_TITLE = N_("{site}: new and updated innovations")
# Translators: the title of a region's feed, e.g. "Innovation Exchange: North West Coast".
REGION_TITLE = N_("{site}: {region}")
# Translators: the title of a clinical area's feed, e.g. "Innovation Exchange: Respiratory".
CLINICAL_AREA_TITLE = N_("{site}: {clinical_area}")
# Translators: a case study's title in a feed, e.g. "Example Hospital adopts Remote monitoring".
ADOPTS = N_("{organisation} adopts {innovation}")
# Translators: how the JSON Feed is offered beside the Atom feed of the same title.
JSON_TITLE = N_("{feed} (JSON Feed)")
DEFAULT_SITE_NAME = N_("Innovation Exchange")


def term_path(vocabulary: str, term_id: str) -> str:
    """The site path of a term's Atom feed, e.g. ``feeds/regions/north-west.atom``."""
    return f"feeds/{vocabulary}/{term_id}.atom"


@dataclass(frozen=True)
class FeedEntry:
    """An innovation or case study as every feed shows it (made once, written many times)."""

    entry: Entry
    path: str  # the page's site path: its absolute address is the entry's id
    updated: date
    published: date | None
    title: str
    summary: str
    author: Organisation
    #: (vocabulary, term id): clinical areas, then regions (a case study: its
    #: innovation's clinical areas and its own region).
    terms: tuple[tuple[str, str], ...]
    adopts: Entry | None = None  # a case study's innovation


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, U+FFFE…)."""
    return _NOT_XML.sub("", text)


def _day(value: str | None) -> date | None:
    return earliest_day(value) if value else None


def _timestamp(day: date) -> str:
    """An RFC 3339 date-time: the day's start in UTC (content dates have no time)."""
    return f"{day.isoformat()}T00:00:00Z"


def _published(started: str | None, updated: date) -> date | None:
    day = _day(started)
    return day if day is not None and day <= updated else None


def entries(site: PublishedSite) -> list[FeedEntry]:
    """Every innovation and case study, newest first, ties in page-address order."""
    catalog = site.catalog
    language = site.content_language
    found: list[FeedEntry] = []
    for entry in catalog.innovations:
        f = entry.fields
        updated = earliest_day(f.last_reviewed)
        found.append(
            FeedEntry(
                entry,
                site.page_path(entry),
                updated,
                _published(f.started, updated),
                f.title,
                summary_text(f.summary),
                f.organisation,
                _terms(f.clinical_areas, f.regions),
            )
        )
    for entry in catalog.case_studies:
        f = entry.fields
        innovation = catalog.innovation_by_id.get(entry.innovation_id or "")
        if innovation is None:
            continue  # a case study of an invalid innovation is not published either
        updated = earliest_day(f.last_reviewed)
        found.append(
            FeedEntry(
                entry,
                site.page_path(entry),
                updated,
                _published(f.adopted, updated),
                in_language(
                    language,
                    ADOPTS,
                    organisation=f.organisation.name,
                    innovation=innovation.fields.title,
                ),
                f.title,
                f.organisation,
                _terms(innovation.fields.clinical_areas, [f.region]),
                innovation,
            )
        )
    found.sort(key=lambda e: (-e.updated.toordinal(), e.path))
    return found


#: Categories per vocabulary on one entry: an innovation in a hundred regions would
#: otherwise repeat them in every feed it is in (the page lists them all).
MAX_CATEGORIES = 10


def _terms(clinical_areas: list[str], regions: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = [("clinical-areas", t) for t in dict.fromkeys(clinical_areas)][:MAX_CATEGORIES]
    pairs += [("regions", t) for t in dict.fromkeys(regions)][:MAX_CATEGORIES]
    return tuple(pairs)


@dataclass(frozen=True)
class Feed:
    """One feed: what it is called, where it lives and the entries it holds."""

    path: str
    title: str
    home: str  # the site path of the page the feed follows
    subtitle: str | None
    items: list[FeedEntry]


def feeds(site: PublishedSite) -> list[Feed]:
    """The site-wide feed, then one per used term of :data:`FEED_VOCABULARIES`.

    The entries are sorted once and dealt into the term feeds in that order, so
    the work grows with the number of entries, not entries times terms.
    """
    catalog = site.catalog
    translate = functools.partial(in_language, site.content_language)
    name = _site_name(site, translate)
    everything = entries(site)
    made = [
        Feed(
            ALL_ATOM,
            translate(ALL_TITLE, site=name),
            "",
            site.description or None,
            everything[:MAX_ENTRIES],
        )
    ]
    buckets: dict[tuple[str, str], list[FeedEntry]] = {}
    for vocabulary in FEED_VOCABULARIES:
        for term in catalog.terms.get(vocabulary, {}).values():
            if not term.innovations:
                continue
            items: list[FeedEntry] = []
            buckets[(vocabulary, term.id)] = items
            made.append(
                Feed(
                    term_path(vocabulary, term.id),
                    _term_title(vocabulary, term.label, name, translate),
                    urls.term(vocabulary, term.id),
                    term.description,
                    items,
                )
            )
    for item in everything:
        for key in item.terms:
            bucket = buckets.get(key)
            if bucket is not None and len(bucket) < MAX_ENTRIES:
                bucket.append(item)
    return made


def _site_name(site: PublishedSite, translate: Callable[..., str]) -> str:
    return site.site_name or translate(DEFAULT_SITE_NAME)


def _term_title(vocabulary: str, label: str, site_name: str, translate: Callable[..., str]) -> str:
    if vocabulary == "regions":
        return translate(REGION_TITLE, site=site_name, region=label)
    return translate(CLINICAL_AREA_TITLE, site=site_name, clinical_area=label)


# --- Atom -------------------------------------------------------------------------


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    for key, value in attrs.items():
        element.set(key, clean(value))
    if text is not None:
        element.text = clean(text)
    return element


def atom(site: PublishedSite, feed: Feed, made: dict[str, etree._Element] | None = None) -> bytes:
    """The feed as an Atom document. An entry is in many feeds: ``made`` keeps each
    entry's element once it is built (by page path), for the next feed to copy."""
    made = {} if made is None else made
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    root.set(_LANG, language_tag(site.content_language))
    own = site.url(feed.path)
    _add(root, "id", own)
    _add(root, "title", feed.title, type="text")
    if feed.subtitle:
        _add(root, "subtitle", feed.subtitle, type="text")
    _add(root, "link", rel="self", type=ATOM_TYPE, href=own)
    _add(root, "link", rel="alternate", type="text/html", href=site.url(feed.home))
    newest = feed.items[0].updated if feed.items else None
    _add(root, "updated", _timestamp(newest) if newest else EMPTY_UPDATED)
    if site.licence:
        _add(root, "rights", site.licence, type="text")
    for item in feed.items:
        element = made.get(item.path)
        if element is None:
            element = made[item.path] = _atom_entry(site, item)
        root.append(copy.deepcopy(element))
    return _DECLARATION + etree.tostring(root, encoding="utf-8", pretty_print=True)


def _atom_entry(site: PublishedSite, item: FeedEntry) -> etree._Element:
    entry = etree.Element(f"{{{ATOM_NS}}}entry", nsmap={None: ATOM_NS})
    url = site.url(item.path)
    _add(entry, "id", url)
    _add(entry, "title", item.title, type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=url)
    if item.adopts is not None:
        adopted = item.adopts
        _add(
            entry,
            "link",
            rel="related",
            type="text/html",
            href=site.url(site.page_path(adopted)),
            title=adopted.fields.title,
        )
    if item.published is not None:
        _add(entry, "published", _timestamp(item.published))
    _add(entry, "updated", _timestamp(item.updated))
    author = _add(entry, "author")
    _add(author, "name", item.author.name)
    if item.author.website:
        _add(author, "uri", item.author.website)
    schemes = {name: site.url(urls.vocabulary(name)) for name in FEED_VOCABULARIES}
    for vocabulary, term_id in item.terms:
        _add(
            entry,
            "category",
            term=term_id,
            scheme=schemes[vocabulary],
            label=site.catalog.label(vocabulary, term_id),
        )
    _add(entry, "summary", item.summary, type="text")
    body = site.body_html(item.entry)
    if body:
        # Links in the body are relative to the page, as on the site.
        content = _add(entry, "content", body, type="html")
        content.set(_BASE, clean(url))
    return entry


# --- JSON Feed --------------------------------------------------------------------


def json_feed(site: PublishedSite, feed: Feed) -> bytes:
    """The feed as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)."""
    document: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": site.url(feed.home),
        "feed_url": site.url(ALL_JSON),
    }
    if feed.subtitle:
        document["description"] = feed.subtitle
    document["language"] = language_tag(site.content_language)
    document["items"] = [_json_item(site, item) for item in feed.items]
    text = json.dumps(_cleaned(document), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _json_item(site: PublishedSite, item: FeedEntry) -> dict[str, object]:
    url = site.url(item.path)
    out: dict[str, object] = {"id": url, "url": url, "title": item.title, "summary": item.summary}
    body = site.body_html(item.entry)
    if body:
        # JSON Feed has no xml:base: the body's links and images are made absolute.
        out["content_html"] = absolute_links(body, url)
    else:
        out["content_text"] = item.summary  # an item needs one or the other
    if item.published is not None:
        out["date_published"] = _timestamp(item.published)
    out["date_modified"] = _timestamp(item.updated)
    out["tags"] = [site.catalog.label(v, t) for v, t in item.terms]
    author: dict[str, str] = {"name": item.author.name}
    if item.author.website:
        author["url"] = item.author.website
    out["authors"] = [author]
    return out


#: A link or image address in sanitised HTML (which always double-quotes attributes).
_ADDRESS = re.compile(r'\b(href|src)="([^"]*)"')


def absolute_links(html: str, base: str) -> str:
    """``html`` with each relative ``href`` and ``src`` resolved against ``base``."""

    def resolved(match: re.Match[str]) -> str:
        value = html_unescape(match[2])
        if urlsplit(value).scheme:  # absolute already (https:, mailto:…)
            return match[0]
        return f'{match[1]}="{html_escape(urljoin(base, value))}"'

    return _ADDRESS.sub(resolved, html)


def _cleaned(value: object) -> object:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


# --- what the site publishes --------------------------------------------------------


def files(site: PublishedSite) -> Iterator[OutputFile]:
    made = feeds(site)
    yield OutputFile(ALL_JSON, json_feed(site, made[0]))
    elements: dict[str, etree._Element] = {}
    for feed in made:
        yield OutputFile(feed.path, atom(site, feed, elements))


def autodiscovery(site: PublishedSite, path: str) -> list[tuple[str, str, str]]:
    """The feeds to advertise in the head of the page at site path ``path``:
    (media type, title, absolute address), for ``<link rel="alternate">``.

    Every page offers the site-wide Atom and JSON feeds; a term's pages
    (``browse/regions/<id>/`` and its later pages) offer the term's feed too, when
    it has one. Titles are in the interface language, like the page.
    """
    name = _site_name(site, _)
    everything = _(ALL_TITLE, site=name)
    links = [
        (ATOM_TYPE, everything, site.url(ALL_ATOM)),
        (JSON_FEED_TYPE, _(JSON_TITLE, feed=everything), site.url(ALL_JSON)),
    ]
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "browse" and parts[1] in FEED_VOCABULARIES and parts[2]:
        term = site.catalog.term(parts[1], parts[2])
        if term is not None and term.innovations:
            title = _term_title(parts[1], term.label, name, _)
            links.append((ATOM_TYPE, title, site.url(term_path(parts[1], term.id))))
    return links
