"""Build every generated page of the site from the catalogue.

Two phases, as in Pelican: the catalogue (context) is complete before any page
is written, and each page's HTML is rendered from it with Jinja templates that
only look things up. Listings are paginated, so no page grows with the number
of entries, and Markdown bodies go through one cached renderer.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import i18n
from generator.catalog import FACETS, Catalog
from generator.diagnostics import Diagnostic, error
from generator.exchange import Exchange
from generator.i18n import N_, _
from generator.i18n import jinja as i18n_jinja
from generator.i18n.jinja import lang_attribute
from generator.loader.content import Entry
from generator.models import CaseStudy, Innovation, Scout
from generator.pages import compare, fields, insights, urls
from generator.pages.facets import browse_data, pagefind_filters, scout_data
from generator.pages.markdown import BodyRenderer, RenderError
from generator.pages.spread import spread
from generator.pages.summary import summary_html, summary_text
from generator.safety.html import json_for_script
from generator.safety.svg import SvgRefused, clean_svg
from generator.workers import batches, cores, fork_shared

TEMPLATES = Path(__file__).parent / "templates"
#: An image's src="../" (only there: the same text in a sentence stays as written).
_UP_ONE_FOLDER = re.compile(r'(<img\b[^<>]*?\ssrc=")\.\./')
#: The file an image of a sanitised body shows (its src is always double-quoted).
_IMAGE_SOURCE = re.compile(r'<img\b[^<>]*?\ssrc="([^"]*)"')


class BuildError(Exception):
    """An entry that passed validation but cannot be built into a page (its body
    took too long to render, say): the diagnostic names the file."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic


#: The home page's introduction when the site configures none (translated when shown).
DEFAULT_DESCRIPTION = N_(
    "A searchable catalogue of proven health and care innovations, with where they have "
    "been adopted and the innovation scouts who can help you adopt them."
)


@dataclass(frozen=True)
class SiteSettings:
    #: None: "Innovation Exchange" in the site's language.
    site_name: str | None = None
    #: None: DEFAULT_DESCRIPTION in the site's language.
    description: str | None = None
    #: "Suggest an edit" link; ``{path}`` is the source file's path in the repository.
    edit_url: str | None = None
    #: Where the content folder sits in the repository, for edit links.
    content_path: str = "content"
    page_size: int = 48
    #: What the exchange is (content/exchange.yml): its currency, its body sections.
    exchange: Exchange = field(default_factory=Exchange.of)
    #: Where the site is published (MkDocs' site_url), for the addresses shown in full.
    site_url: str = "http://127.0.0.1:8000/"
    #: The site's licence line (MkDocs' copyright), shown as written.
    licence: str = ""
    #: Whether every innovation has an adoption pack (the plugin's ``adoption_packs``).
    adoption_packs: bool = True

    def resolved(self) -> SiteSettings:
        """These settings with the defaults in the active language (at build time:
        the language is chosen after this module is imported)."""
        return dataclasses.replace(
            self,
            site_name=self.site_name or _("Innovation Exchange"),
            description=self.description or _(DEFAULT_DESCRIPTION),
        )


@dataclass
class Page:
    url: str  # site path, e.g. "innovations/remote-copd-monitoring/"
    title: str
    html: str
    kind: str
    description: str | None = None
    searchable: bool = True  # indexed by Pagefind
    sorts: dict[str, str | int] = field(default_factory=dict)  # the browse pages' sort keys
    hide: tuple[str, ...] = ()  # Material's page-level "hide" (navigation, toc)
    #: An entry page's body (a scout's bio) as rendered HTML, for the open-data exports.
    body: str | None = None

    @property
    def src_uri(self) -> str:
        return urls.source_uri(self.url)


@dataclass(frozen=True)
class Asset:
    url: str  # e.g. "innovations/x/pathway.svg"
    source: Path
    #: What to publish instead of ``source``: an SVG's clean copy (generator.safety.svg).
    content: bytes | None = None

    @classmethod
    def of(cls, url: str, source: Path) -> Asset:
        """The file to publish at ``url``; an SVG is cleaned here, once per build."""
        if source.suffix.lower() != ".svg":
            return cls(url, source)
        return cls(url, source, clean_svg(source.read_bytes()))


@functools.cache
def environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    """A template environment for ``folder`` (the pages', or an export's), compiled once
    per process (serve rebuilds reuse it): escaping on, undefined names an error, and
    the translations and formatting filters installed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n_jinja.install(env)  # _(), ngettext(), pgettext(), ix_date, ix_money, …
    env.filters["json_script"] = json_for_script
    # An entry's summary: inline Markdown on its page, plain text on cards (summary.py).
    env.filters["ix_summary"] = summary_html
    env.filters["ix_summary_text"] = summary_text
    return env


class PageCache:
    """The last build's pages, each with a fingerprint of everything it was built
    from; a page whose fingerprint is unchanged is reused, not rendered again.
    (``mkdocs serve`` keeps one across rebuilds.)"""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, Page]] = {}

    def get(self, url: str, key: int) -> Page | None:
        hit = self.pages.get(url)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, key: int, page: Page) -> Page:
        self.pages[page.url] = (key, page)
        return page


class SiteBuilder:
    def __init__(
        self,
        catalog: Catalog,
        settings: SiteSettings,
        renderer: BodyRenderer,
        cache: PageCache | None = None,
    ):
        self.catalog = catalog
        # Pages are built in the active language (workers forked later inherit it).
        self.settings = settings = settings.resolved()
        self.renderer = renderer
        self.cache = cache or PageCache()
        self._hashes: dict[int, int] = {}
        vocabularies = tuple((n, v.model_dump_json()) for n, v in catalog.vocabularies.items())
        language = (i18n.active(), str(i18n.babel_locale()))
        # The pathway is on every adoption pack: a change to it renders them again.
        pathway = catalog.pathway.model_dump_json() if catalog.pathway else None
        self.base_key = hash((settings, catalog.today, vocabularies, pathway, language))
        env = environment()
        self.globals = {
            "catalog": catalog,
            "settings": settings,
            "facets": FACETS,
            "urls": urls,
            "today": catalog.today,
            "content_lang": lang_attribute(settings.exchange.language, i18n.active()),
        }
        self.templates = {
            name: env.get_template(f"{name}.html.j2", globals=self.globals)
            for name in (
                "home",
                "innovation",
                "case_study",
                "scout",
                "listing",
                "browse",
                "vocabulary",
                "fields",
                "open_data",
                "compare",
                "insights",
            )
        }

    # --- helpers ----------------------------------------------------------------------

    def edit_url(self, entry: Entry) -> str | None:
        if not self.settings.edit_url:
            return None
        return self.settings.edit_url.format(path=f"{self.settings.content_path}/{entry.source}")

    def rendered(self, entry: Entry, text: str) -> str:
        """A body's (or bio's) HTML; one that cannot be rendered safely stops the build."""
        try:
            return self.renderer.render(text).html
        except RenderError as exc:
            # Located only now: a bio's line means reading its file's YAML again.
            line = entry.positions.of(("bio",))[0] if entry.kind == "scout" else entry.body_line
            raise BuildError(error(entry.file, line, 1, exc.code, exc.message, exc.hint)) from None

    def body(self, entry: Entry) -> Markup:
        html = self.rendered(entry, entry.body)
        if entry.kind == "case-study":
            # Case studies refer to their innovation's images as ../name; the page sits
            # one folder deeper than its source file.
            html = _UP_ONE_FOLDER.sub(r"\1../../", html)
        return Markup(html)

    def render(self, template: str, url: str, **context: Any) -> str:
        return self.templates[template].render(link=urls.Linker(url), page_url=url, **context)

    # --- fingerprints -----------------------------------------------------------------

    def h(self, entry: Entry) -> int:
        """A fingerprint of one entry's file."""
        key = id(entry)
        if key not in self._hashes:
            self._hashes[key] = hash((entry.source, entry.front, entry.body))
        return self._hashes[key]

    def card_keys(self, entries: list[Entry]) -> tuple:
        return tuple((self.h(e), self.catalog.adoptions(e)) for e in entries)

    def entry_key(self, kind: str, entry: Entry) -> int:
        c = self.catalog
        if kind == "innovation":
            parts: tuple = (
                tuple(map(self.h, c.case_studies_of.get(entry.id, []))),
                tuple(map(self.h, c.scouts_of(entry))),
                self.card_keys(c.related.get(entry.id, [])),
            )
        elif kind == "case-study":
            parts = (
                self.h(c.innovation_by_id[entry.innovation_id or ""]),
                tuple(map(self.h, c.scouts_of(entry))),
            )
        else:
            parts = (
                self.card_keys(c.innovations_of_scout.get(entry.id, [])),
                tuple(map(self.h, c.case_studies_of_scout.get(entry.id, []))),
            )
        return hash((self.base_key, kind, self.h(entry), parts))

    def listing(self, template: str, url: str, items: list[Entry], **context: Any) -> str:
        """A listing page's HTML, reused when its entries and numbers are unchanged."""
        # Facet data comes as its JSON (a string): in the key, whatever it derives from.
        # Other context (the term) derives from the vocabularies: in base_key.
        plain = tuple(sorted((k, v) for k, v in context.items() if isinstance(v, str | int | None)))
        key = hash((self.base_key, template, url, self.card_keys(items), plain))
        hit = self.cache.get(url, key)
        if hit is not None:
            return hit.html
        html = self.render(template, url, items=items, **context)
        self.cache.put(key, Page(url, "", html, "listing"))
        return html

    def pages_of(self, items: list, base: str) -> Iterator[tuple[int, int, list]]:
        size = self.settings.page_size
        total = max(1, math.ceil(len(items) / size))
        for number in range(1, total + 1):
            yield number, total, items[(number - 1) * size : number * size]

    # --- pages --------------------------------------------------------------------------

    def build(self) -> tuple[list[Page], list[Asset]]:
        pages: list[Page] = [
            self.home(),
            *self.browse(),
            *self.scout_directory(),
            fields.page(self),
            self.open_data(),
            compare.page(self),
            insights.page(self),
        ]
        for name in self.catalog.vocabularies:
            pages.extend(self.vocabulary(name))
        jobs, keys = [], []
        for kind, entries in self._entry_lists().items():
            for i, entry in enumerate(entries):
                key = self.entry_key(kind, entry)
                cached = self.cache.get(_entry_url(kind, entry), key)
                if cached is not None:
                    pages.append(cached)
                else:
                    jobs.append((kind, i))
                    keys.append(key)
        rendered = fork_shared(
            _render_batch, self, batches(jobs, cores() * 4), parallel=len(jobs) >= PARALLEL_FROM
        )
        fresh = [page for batch_pages, _bodies in rendered for page in batch_pages]
        for _pages, fresh_bodies in rendered:
            self.renderer.absorb(fresh_bodies)
        pages.extend(self.cache.put(key, page) for key, page in zip(keys, fresh, strict=True))
        pages.sort(key=_page_order)
        assets = [
            self.asset(entry, name) for entry in self.catalog.innovations for name in entry.assets
        ]
        return pages, assets

    def asset(self, entry: Entry, name: str) -> Asset:
        source = self.catalog.root / entry.path.parent / name
        try:
            return Asset.of(f"{urls.innovation(entry.id)}{name}", source)
        except SvgRefused as exc:  # changed since it was validated
            shown = str(Path(entry.file).parent / name)
            problem = error(shown, exc.line, exc.column, "unsafe-svg", str(exc))
            raise BuildError(problem) from None

    def _entry_lists(self) -> dict[str, list[Entry]]:
        return {
            "innovation": self.catalog.innovations,
            "case-study": self.catalog.case_studies,
            "scout": self.catalog.scouts,
        }

    def entry_page(self, kind: str, index: int) -> Page:
        entry = self._entry_lists()[kind][index]
        if kind == "innovation":
            return self.innovation(entry)
        return self.case_study(entry) if kind == "case-study" else self.scout(entry)

    def home(self) -> Page:
        html = self.render("home", "", recent=self.catalog.recent(6))
        return Page(
            "",
            self.settings.site_name,
            html,
            "home",
            searchable=False,
            description=self.settings.description,
            hide=("toc",),
        )

    def innovation(self, entry: Entry) -> Page:
        url = urls.innovation(entry.id)
        body = self.body(entry)
        f: Innovation = entry.fields
        html = self.render(
            "innovation",
            url,
            entry=entry,
            f=f,
            body=body,
            # The picture of the front matter, unless the body already shows that file.
            image=f.image if f.image and f.image.src not in _IMAGE_SOURCE.findall(body) else None,
            case_studies=self.catalog.case_studies_of.get(entry.id, []),
            scouts=self.catalog.scouts_of(entry),
            related=self.catalog.related.get(entry.id, []),
            edit_url=self.edit_url(entry),
            overdue=self.catalog.overdue(entry),
            filters=pagefind_filters(self.catalog, entry),
            spread=spread(self.catalog, entry, urls.Linker(url)),
        )
        adoptions = len(self.catalog.case_studies_of.get(entry.id, []))
        sorts = {"title": f.title.lower(), "reviewed": str(f.last_reviewed), "adoptions": adoptions}
        return Page(
            url,
            f.title,
            html,
            "innovation",
            summary_text(f.summary),
            sorts=sorts,
            body=str(body),
        )

    def case_study(self, entry: Entry) -> Page:
        url = urls.case_study(entry.innovation_id or "", entry.id)
        body = self.body(entry)
        f: CaseStudy = entry.fields
        innovation = self.catalog.innovation_by_id[entry.innovation_id or ""]
        html = self.render(
            "case_study",
            url,
            entry=entry,
            f=f,
            body=body,
            innovation=innovation,
            scouts=self.catalog.scouts_of(entry),
            edit_url=self.edit_url(entry),
            overdue=self.catalog.overdue(entry),
        )
        return Page(
            url,
            f.title,
            html,
            "case-study",
            f"{f.organisation.name}: {innovation.fields.title}",
            body=str(body),
        )

    def scout(self, entry: Entry) -> Page:
        url = urls.scout(entry.id)
        f: Scout = entry.fields
        bio = Markup(self.rendered(entry, f.bio)) if f.bio else None
        html = self.render(
            "scout",
            url,
            entry=entry,
            f=f,
            bio=bio,
            innovations=self.catalog.innovations_of_scout.get(entry.id, []),
            case_studies=self.catalog.case_studies_of_scout.get(entry.id, []),
            edit_url=self.edit_url(entry),
        )
        return Page(
            url,
            f.name,
            html,
            "scout",
            description=f.role or f.organisation.name,
            sorts={"title": f.name.lower()},
            body=str(bio) if bio else None,
        )

    def paginated(
        self, template: str, base: str, entries: list[Entry], title: str, **context: Any
    ) -> Iterator[Page]:
        """A listing cut into pages of ``page_size`` entries: base, base/page/2/, …"""
        for number, total, items in self.pages_of(entries, base):
            url = urls.paged(base, number)
            page_title = (
                _("{title} (page {number} of {total})", title=title, number=number, total=total)
                if number > 1
                else title
            )
            html = self.listing(
                template,
                url,
                items,
                number=number,
                total=total,
                base=base,
                title=page_title,
                count=len(entries),
                **context,
            )
            yield Page(url, page_title, html, "listing", searchable=False, hide=("toc",))

    def browse(self) -> Iterator[Page]:
        yield from self.paginated(
            "browse",
            urls.BROWSE,
            self.catalog.innovations,
            _("Browse innovations"),
            facet_data=json_for_script(browse_data(self.catalog)),
        )

    def scout_directory(self) -> Iterator[Page]:
        yield from self.paginated(
            "listing",
            "scouts/",
            self.catalog.scouts,
            _("Innovation scouts"),
            kind="scouts",
            facet_data=json_for_script(scout_data(self.catalog)),
            intro=None,
            term=None,
        )

    def vocabulary(self, name: str) -> Iterator[Page]:
        vocab = self.catalog.vocabularies[name]
        terms = list(self.catalog.terms[name].values())
        url = urls.vocabulary(name)
        html = self.render("vocabulary", url, name=name, vocab=vocab, terms=terms)
        yield Page(
            url,
            _("Browse by {vocabulary}", vocabulary=vocab.label.lower()),
            html,
            "listing",
            searchable=False,
            hide=("toc",),
        )
        for term in terms:
            yield from self.paginated(
                "listing",
                urls.term(name, term.id),
                term.innovations,
                # Translators: a term page's title, e.g. "Clinical area: Respiratory".
                _("{vocabulary}: {term}", vocabulary=vocab.label, term=term.label),
                kind="innovations",
                facet_data=None,
                intro=term.description,
                term=term,
                vocab_name=name,
            )

    def open_data(self) -> Page:
        # Imported here: the page lists the exports, which build on the pages' URLs.
        from generator.pages import open_data

        context = open_data.context(self.catalog, self.settings.site_url)
        html = self.render("open_data", open_data.URL, **context)
        return Page(open_data.URL, _("Open data"), html, "reference")


def _entry_url(kind: str, entry: Entry) -> str:
    if kind == "innovation":
        return urls.innovation(entry.id)
    if kind == "case-study":
        return urls.case_study(entry.innovation_id or "", entry.id)
    return urls.scout(entry.id)


_KIND_ORDER = {
    "home": 0,
    "listing": 1,
    "reference": 2,
    "innovation": 3,
    "case-study": 4,
    "scout": 5,
}


def _page_order(page: Page) -> tuple[int, str]:
    """Pages in a stable order, whichever came from the cache."""
    return _KIND_ORDER.get(page.kind, 9), page.url


#: Below this many entry pages, forking workers costs more than it saves.
PARALLEL_FROM = 600


def _render_batch(
    builder: SiteBuilder, jobs: Sequence[tuple[str, int]]
) -> tuple[list[Page], dict[str, Any]]:
    """Render some entry pages (in a forked worker)."""
    pages = [builder.entry_page(kind, index) for kind, index in jobs]
    return pages, builder.renderer.take_fresh()


def build_site(
    catalog: Catalog,
    settings: SiteSettings,
    renderer: BodyRenderer | None = None,
    cache: PageCache | None = None,
) -> tuple[list[Page], list[Asset]]:
    """All generated pages and the image files to copy, in a stable order.

    Pass the same ``renderer`` and ``cache`` to later builds (as ``mkdocs serve``
    does) and only what changed is rendered again."""
    return SiteBuilder(catalog, settings, renderer or BodyRenderer(), cache).build()
