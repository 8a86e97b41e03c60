"""Page kind "adoption pack": one print-first document per innovation, at
``innovations/<id>/adopt/``, with what a team adopting it needs in one place.

Written like the embeddable views (``generator/exports/embeds.py``), not through
Material: 2,000 more pages through the theme's writer would cost about a fifth more
build time and some 14 KB of chrome each, and a pack is read once, then printed. The
plugin writes the packs with the open data, from the same :class:`PublishedSite`, whose
``bodies`` hold every entry's body as the pages rendered it: the pack quotes sections
of those bodies, cut at their top-level ``<h2>``s, and never renders Markdown again.

Every slice is sanitised again (a cut must never leave markup open, whatever the body
held), its ids are prefixed per entry (two case studies may both have a footnote 1) and
its images point at the innovation's folder from one folder deeper. The readiness
checklist, the same for every innovation, is not repeated in each pack: the packs link
to one page they share (``pages/checklist.py``), which checklist.js shows in place. No
MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from generator import i18n
from generator.catalog import Catalog
from generator.exports.site import OutputFile, PublishedSite
from generator.i18n.jinja import lang_attribute
from generator.loader.content import Entry
from generator.mkdocs_plugin.compact import compact
from generator.models import Outcome, normalise_heading
from generator.pages import checklist, urls
from generator.pages.build import PARALLEL_FROM, environment
from generator.pages.summary import summary_text
from generator.safety.html import TAG, sanitise
from generator.workers import batches, cores, fork_shared

KIND = "adoption pack"
TEMPLATE = "adopt.html.j2"

#: The innovation's body sections a pack quotes (the problem and the solution are the
#: entry's: the pack links to it).
SHOWN = ("evidence", "resources", "difficulties", "transfer")
#: A start or end tag of sanitised HTML (attribute values, always quoted, may hold ">";
#: text may not hold "<"). An unquoted "<" ends the attempt, which keeps the scan linear.
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
#: Elements without an end tag, among those the sanitiser keeps.
_VOID = frozenset({"br", "hr", "img"})
#: A tag's attributes, each whole (a value, always double-quoted, is never looked into).
_ATTRIBUTES = r'(?:\s+[^\s"\'<>/=]+(?:="[^"]*")?)*?'
#: An id, and a link to one on the same page.
_ID = re.compile(rf'(<[A-Za-z][A-Za-z0-9]*{_ATTRIBUTES}\s+id=")')
_FRAGMENT = re.compile(rf'(<a{_ATTRIBUTES}\s+href="#)')
#: A link's or an image's address that is relative to its page (no scheme, no "/").
_RELATIVE = re.compile(
    rf'(<(?:a|img){_ATTRIBUTES}\s+(?:href|src)=")(?![a-zA-Z][\w+.-]*:|[/#])([^"]*)"'
)
#: Python-Markdown's footnotes: one block at the end of a body, an item per note.
_NOTES = '<div class="footnote">'
_NOTE = re.compile(r'<li id="fn:([^"]*)">(.*?)</li>\s*(?=<li id="fn:|</ol>)', re.S)
_NOTE_REFERENCE = re.compile(r'<a href="#fn:([^"]*)"')
_NOTE_BACKLINK = re.compile(r'<a href="#fnref[^"]*"[^<>]*>[^<]*</a>')
#: Of the adoptions, their lessons and the outcomes measured, a pack shows this many
#: (each a line or a paragraph: a pack stays a few pages whatever the catalogue holds).
MOST = 20


# --- cutting bodies into sections -------------------------------------------------------


def top_level_sections(html: str, headings: Mapping[str, str]) -> dict[str, str]:
    """Section id -> the HTML under that top-level ``<h2>`` of ``html`` (up to the next
    one), for headings that ``headings`` (normalised heading -> id) knows; the first of
    a repeated section wins. A heading inside a list, quote or admonition is not a cut:
    one linear pass keeps count of the open elements."""
    depth = 0
    opened: tuple[int, int] | None = None  # a top-level <h2>: its start, its content's start
    cuts: list[tuple[int, int, str | None]] = []  # heading start, content start, section id
    for tag in _ANY_TAG.finditer(html):
        name = tag[2].lower()
        if name in _VOID:
            continue
        if not tag[1]:
            if name == "h2" and depth == 0:
                opened = (tag.start(), tag.end())
            depth += 1
            continue
        depth = max(0, depth - 1)
        if name == "h2" and depth == 0 and opened is not None:
            text = unescape(TAG.sub("", html[opened[1] : tag.start()]))
            cuts.append((opened[0], tag.end(), headings.get(normalise_heading(text))))
            opened = None
    found: dict[str, str] = {}
    for i, (_start, content, section) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(html)
        if section is not None and section not in found:
            found[section] = html[content:end]
    return found


def footnotes(html: str) -> tuple[str, dict[str, tuple[int, str]]]:
    """A body without its footnotes block, and its notes: id -> (number, HTML without
    the links back, which may point into another section)."""
    start = html.rfind(_NOTES)
    if start < 0:
        return html, {}
    notes = {
        match[1]: (number, _NOTE_BACKLINK.sub("", match[2]))
        for number, match in enumerate(_NOTE.finditer(html, start), 1)
    }
    return html[:start], notes


def quoted(
    html: str, prefix: str, source: str, here: str, notes: Mapping[str, tuple[int, str]]
) -> Markup:
    """A slice of a sanitised body as the pack at ``here`` shows it: the footnotes it
    refers to after it (numbered as on the entry's page), its ids (and the links to
    them) prefixed, its relative links and images made relative to the pack instead of
    the page at ``source``, sanitised again (a cut never leaves markup open)."""
    cited = dict.fromkeys(m[1] for m in _NOTE_REFERENCE.finditer(html) if m[1] in notes)
    if cited:
        items = "".join(
            f'<ol start="{notes[n][0]}"><li id="fn:{n}">{notes[n][1]}</li></ol>' for n in cited
        )
        html += f"{_NOTES}<hr>{items}</div>"
    html = _ID.sub(rf"\g<1>{prefix}", html)
    html = _FRAGMENT.sub(rf"\g<1>{prefix}", html)
    base, link = f"{_ORIGIN}{source}", urls.Linker(here)
    html = _RELATIVE.sub(lambda m: f'{m[1]}{link(urljoin(base, m[2])[len(_ORIGIN) :])}"', html)
    return Markup(sanitise(html).strip())


#: Where relative addresses are resolved (any origin: only the path is kept).
_ORIGIN = "https://site.invalid/"


# --- the facts a pack shows ---------------------------------------------------------------


@dataclass(frozen=True)
class Lesson:
    """A case study's "lessons" section, quoted with where and when it was learnt."""

    case_study: Entry
    html: Markup


@dataclass
class Measure:
    """An outcome measure, once, with each organisation that measured it and its result."""

    measure: str
    results: list[tuple[str, str]] = field(default_factory=list)  # (organisation, result)


def measures(sources: list[tuple[str, list[Outcome]]]) -> list[Measure]:
    """The outcomes measured, de-duplicated by measure (spaces and case ignored), in the
    order first met, from (organisation, its outcomes) pairs."""
    by_key: dict[str, Measure] = {}
    for organisation, outcomes in sources:
        for outcome in outcomes:
            key = " ".join(outcome.measure.split()).casefold()
            by_key.setdefault(key, Measure(outcome.measure)).results.append(
                (organisation, outcome.result)
            )
    return list(by_key.values())


# --- the packs ------------------------------------------------------------------------------


class Packs:
    """What every pack of one site shares, looked up once: the template, the section
    headings, the language attributes."""

    def __init__(self, site: PublishedSite) -> None:
        self.site = site
        self.catalog = catalog = site.catalog
        exchange = catalog.exchange
        self.template = environment().get_template(TEMPLATE)
        self.innovation_sections = {
            normalise_heading(s.heading): s.id for s in exchange.sections_of("innovation")
        }
        self.case_study_sections = {
            normalise_heading(s.heading): s.id for s in exchange.sections_of("case-study")
        }
        self.common = {
            "catalog": catalog,
            "urls": urls,
            "site_name": site.name,
            "lang": i18n.language_tag(site.language),
            "content_lang": lang_attribute(site.content_language, site.language),
            "currency": exchange.currency,
            # The exchange's own headings, in the content's language.
            "headings": {
                kind: {s.id: s.heading for s in exchange.sections_of(kind)}
                for kind in ("innovation", "case-study")
            },
        }
        # The readiness checklist is one page the packs link to (pages/checklist.py): its
        # address, printed after the link, or None (the exchange has no pathway).
        found = checklist.address(catalog)
        self.checklist = site.url(found) if found else None

    def context(self, entry: Entry) -> dict[str, Any]:
        """The template's context for ``entry``'s pack."""
        site, catalog, f = self.site, self.catalog, entry.fields
        here = urls.adoption_pack(entry.id)
        link = urls.Linker(here)
        case_studies = catalog.case_studies_of.get(entry.id, [])
        body, notes = footnotes(site.body_html(entry) or "")
        cut = top_level_sections(body, self.innovation_sections)
        source = site.page_path(entry)
        sections = {s: quoted(cut[s], "i-", source, here, notes) for s in SHOWN if s in cut}
        lessons, more_lessons = [], 0
        for number, cs in enumerate(case_studies, 1):
            body, notes = footnotes(site.body_html(cs) or "")
            cut = top_level_sections(body, self.case_study_sections)
            if "lessons" not in cut:
                continue
            if len(lessons) == MOST:
                more_lessons += 1
                continue
            html = quoted(cut["lessons"], f"c{number}-", site.page_path(cs), here, notes)
            lessons.append(Lesson(cs, html))
        measured = measures(
            [(f.organisation.name, f.evidence.outcomes)]
            + [(cs.fields.organisation.name, cs.fields.outcomes) for cs in case_studies]
        )
        # The innovation's published scouts, then those of its adoptions, each once.
        scouts = {s.id: s for e in (entry, *case_studies) for s in catalog.scouts_of(e)}
        return {
            **self.common,
            "link": link,
            "canonical": site.url(here),
            "description": summary_text(f.summary),
            "root": link(""),
            "entry": entry,
            "f": f,
            "sections": sections,
            "case_studies": case_studies,
            "most": MOST,
            "lessons": lessons,
            "more_lessons": more_lessons,
            "measures": measured[:MOST],
            "more_measures": max(0, len(measured) - MOST),
            "scouts": list(scouts.values()),
            "related": catalog.related.get(entry.id, []),
            "overdue": catalog.overdue(entry),
        }

    def render(self, entry: Entry) -> bytes:
        context = self.context(entry)
        html = self.template.render(**context, checklist=self.checklist)
        # Without indentation, as every page the site publishes (the macros indent).
        return compact(html, context["root"]).encode("utf-8")


def addresses(catalog: Catalog) -> list[str]:
    """The site paths of the packs and of the checklist page they share (for the sitemap:
    each is a public page of its own)."""
    shared = checklist.address(catalog)
    packs = [urls.adoption_pack(entry.id) for entry in catalog.innovations]
    return [*packs, shared] if shared else packs


def _render(packs: Packs, entries: Sequence[Entry]) -> list[bytes]:
    return [packs.render(entry) for entry in entries]


def files(site: PublishedSite) -> list[OutputFile]:
    """Every innovation's pack, ``innovations/<id>/adopt/index.html``, then the checklist
    page they share (when the exchange has a pathway). Rendered in forked workers when
    there are many: the plugin asks for them while it gathers the pages, when both cores
    are free, rather than while Pagefind indexes."""
    packs = Packs(site)
    entries = site.catalog.innovations
    parts = batches(entries, cores() * 2)
    rendered = fork_shared(_render, packs, parts, parallel=len(entries) >= PARALLEL_FROM)
    shared = checklist.page(site, packs.common)
    return [
        *(
            OutputFile(f"{urls.adoption_pack(entry.id)}index.html", content)
            for batch, contents in zip(parts, rendered, strict=True)
            for entry, content in zip(batch, contents, strict=True)
        ),
        *([shared] if shared else []),
    ]


__all__ = [
    "KIND",
    "Packs",
    "addresses",
    "files",
    "measures",
    "quoted",
    "top_level_sections",
]
