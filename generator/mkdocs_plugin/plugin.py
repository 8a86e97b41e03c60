"""MkDocs event glue: validate content, add generated pages, index with Pagefind.

The work happens in the core (``generator.validation``, ``generator.catalog``,
``generator.pages``, ``generator.search``); each event here only hands MkDocs
what the core produced. Generated pages are in-memory files
(``File.generated``): nothing is written into the docs folder. Those the
navigation names are built by MkDocs; the rest are written by ``writer`` in
worker processes while Pagefind indexes (``on_post_build``).
"""

from __future__ import annotations

import gzip
import html
import logging
import os
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_build_date, get_build_timestamp, get_relative_url

from generator import exports, i18n, site_size
from generator.catalog import Catalog
from generator.collector import paused
from generator.exports import structured_data
from generator.i18n import _, ngettext
from generator.i18n.browser import messages_module
from generator.i18n.jinja import install as install_translations
from generator.mkdocs_plugin import compact
from generator.mkdocs_plugin.config import ExchangeConfig
from generator.mkdocs_plugin.writer import (
    PageWriter,
    WrittenPageFile,
    page_meta,
    toc_of,
)
from generator.pages import BuildError, Page, PageCache, SiteSettings, adoption, build_site
from generator.pages.markdown import BodyRenderer
from generator.safety.tree import not_plain
from generator.search import SearchIndexer, SearchIndexError
from generator.search.sources import SearchSources
from generator.validation import validate

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
MESSAGES_JS = "assets/exchange/messages.js"


class _WarningCounter(logging.Handler):
    """Counts MkDocs warnings, which `--strict` turns into a failed build only
    after on_post_build: the output must not be swapped in then."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _PageFile(File):
    """A generated page in the navigation, built by MkDocs, that knows whether its
    HTML changed since the last build (`mkdocs serve --dirty` skips it if not)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class ExchangePlugin(BasePlugin[ExchangeConfig]):
    def __init__(self) -> None:
        # Kept across `mkdocs serve` rebuilds (this plugin defines on_startup), so
        # unchanged Markdown bodies are not rendered again.
        self.renderer = BodyRenderer()
        self.page_cache = PageCache()
        self.file_cache: dict = {}
        self.serving = False
        self.dirty = False
        self.pages: dict[str, Page] = {}
        self.assets: list = []
        self.final_site_dir: str | None = None
        self.warnings = _WarningCounter()
        self.previous_html: dict[str, int] = {}  # src_uri -> hash of the last build's HTML
        self.changed: set[str] = set()  # src_uris whose HTML differs from the last build's
        self.previous_html_ready = False  # true after the first build of this process
        # Pages the plugin writes itself (not in the navigation): those to write
        # in this build, and every one's file (for the sitemap).
        self.to_write: list[tuple[Page, File]] = []
        self.written_files: list[File] = []
        self.nav: Navigation | None = None
        self.in_nav: set[str] = set()
        self.env: jinja2.Environment | None = None
        self.nav_files: Sequence[File] = []
        self.sources: SearchSources | None = None  # what Pagefind reads
        self.background: threading.Thread | None = None  # `serve`: the last re-index
        self.language = i18n.SOURCE_LANGUAGE  # theme.language
        self.published: exports.PublishedSite | None = None  # what the exports write from
        self.heads: dict[str, Markup] = {}  # site path -> a generated page's head (extrahead)
        self.packs: list[exports.OutputFile] = []  # the adoption packs (pages/adoption.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    # --- gather: validate, catalogue, pages ----------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        content_dir = (root / self.config.content_dir).resolve()
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError(_("Remove the 'search' plugin: the exchange searches with Pagefind."))
        if self.config.search_part_pages < 1:
            raise PluginError(_("search_part_pages must be 1 or more (pages per Pagefind run)."))
        if isinstance(self.config.size_limit_mb, bool) or self.config.size_limit_mb <= 0:
            raise PluginError(_("size_limit_mb must be more than 0 (the site's limit in MB)."))
        self.language = _interface_language(config)
        if self.config.language is not None:
            raise PluginError(
                _(
                    "The plugin's 'language' option is gone: remove it. The site's language is "
                    "theme.language ('{language}'); the content's is set in {file}.",
                    language=self.language,
                    file=self.config.content_dir + "/exchange.yml",
                )
            )
        _refuse_links(config)
        try:
            exports.check_site_url(config.site_url)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        # Our templates sit between the site's own custom_dir and Material's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        # The icons the theme can include, and a new sprite (see compact).
        compact.ICONS.reset([Path(d, ".icons") for d in config.theme.dirs], forget=not self.serving)
        if str(content_dir) not in config.watch:
            config.watch.append(str(content_dir))

        self.in_nav = _nav_sources(config.nav)  # pages MkDocs builds itself
        with paused(freeze=not self.serving):
            self._gather(config, root, content_dir)
        if not self.serving:
            # Build beside the real output and swap at the end, so a failed build
            # leaves the previous site untouched.
            self.final_site_dir = config.site_dir
            final = Path(config.site_dir)
            config.site_dir = str(final.parent / f".{final.name}.building-{os.getpid()}")
            shutil.rmtree(config.site_dir, ignore_errors=True)
            self.warnings.count = 0
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def _gather(self, config: MkDocsConfig, root: Path, content_dir: Path) -> None:
        """Validate, build the catalogue and every generated page's HTML."""
        started = time.perf_counter()
        # Only `mkdocs serve` rebuilds: a one-off build keeps no caches (memory).
        content, report = validate(content_dir, cache=self.file_cache if self.serving else None)
        validated = time.perf_counter()
        # Dates and money are written as in the exchange's country.
        i18n.activate(self.language, content.exchange.country)
        for warning in report.warnings:
            log.info(warning.text())
        if report.errors:
            raise PluginError(
                _("The content has errors; nothing was built.")
                + "\n"
                + "\n".join(d.text() for d in report.errors)
                + f"\n{report.summary()}"
            )
        catalog = Catalog.build(content)
        settings = SiteSettings(
            site_name=config.site_name,
            description=self.config.description or config.site_description,
            edit_url=self._edit_url(config),
            content_path=_relative(content_dir, root),
            page_size=self.config.page_size,
            exchange=content.exchange,
            site_url=config.site_url or exports.LOCAL_URL,
            licence=config.copyright or "",
            adoption_packs=self.config.adoption_packs,
        )
        try:
            pages, self.assets = build_site(
                catalog,
                settings,
                self.renderer if self.serving else BodyRenderer(keep=False),
                self.page_cache if self.serving else None,
            )
        except BuildError as exc:
            raise PluginError(
                _("An entry cannot be built; nothing was built.") + f"\n{exc.diagnostic.text()}"
            ) from None
        self.pages = {page.src_uri: page for page in pages}
        self.published = exports.PublishedSite(
            catalog,
            site_url=config.site_url or exports.LOCAL_URL,
            site_name=settings.resolved().site_name or "",
            description=settings.resolved().description or "",
            language=self.language,
            licence=config.copyright or "",
            bodies={page.url: page.body for page in pages if page.body is not None},
            adoption_packs=self.config.adoption_packs,
        )
        self.heads = structured_data.heads(self.published, pages)
        # Written with the exports, without the theme; rendered now, while no Pagefind runs.
        self.packs = adoption.files(self.published) if self.config.adoption_packs else []
        self.changed = set()
        for page in pages:
            digest = hash((page.html, self.heads.get(page.url)))  # the head follows edits too
            if self.previous_html.get(page.src_uri) != digest:
                self.changed.add(page.src_uri)
            self.previous_html[page.src_uri] = digest
        if self.config.search:
            self._write_search_sources(config)
        log.info(
            ngettext(
                "{n} innovation: validated in {validating} s; pages built: {pages}, in {building} "
                "s",
                "{n} innovations: validated in {validating} s; pages built: {pages}, in {building} "
                "s",
                catalog.counts["innovations"],
                validating=_seconds(validated - started),
                pages=len(pages),
                building=_seconds(time.perf_counter() - validated),
            )
        )

    def _edit_url(self, config: MkDocsConfig) -> str | None:
        if self.config.edit_url:
            return self.config.edit_url
        if config.repo_url:
            return f"{config.repo_url.rstrip('/')}/edit/{self.config.branch}/{{path}}"
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        existing = {f.src_uri for f in files}
        clashes = sorted(existing.intersection(self.pages))
        if clashes:
            raise PluginError(
                _(
                    "These pages are generated from content; remove them from the docs folder: "
                    "{pages}",
                    pages=", ".join(clashes),
                )
            )
        self.to_write, self.written_files = [], []
        for src_uri, page in self.pages.items():
            changed = src_uri in self.changed
            if src_uri in self.in_nav:
                file: File = _PageFile.generated(config, src_uri, content=page.html)
                file.changed = changed  # type: ignore[attr-defined]
            else:
                file = WrittenPageFile.for_page(config, page)
                self.written_files.append(file)
                # `serve --dirty` keeps the last build's output: write what changed
                if changed or not (self.serving and self.dirty):
                    self.to_write.append((page, file))
            files.append(file)
        # The browser's messages in the site's language (replaces the theme's English file).
        theme_copy = files.get_file_from_path(MESSAGES_JS)
        if theme_copy is not None:
            files.remove(theme_copy)
        files.append(File.generated(config, MESSAGES_JS, content=messages_module(self.language)))
        for asset in self.assets:
            if asset.content is not None:  # an SVG: its clean copy, never the submitted file
                files.append(File.generated(config, asset.url, content=asset.content))
            else:
                files.append(File.generated(config, asset.url, abs_src_path=str(asset.source)))
        return files

    def on_nav(self, nav: Navigation, **_: Any) -> Navigation:
        self.nav = nav
        return nav

    # --- write: pages come pre-rendered from the core -------------------------------

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> None:
        # MkDocs installs its own (empty) catalogue for its themes' {% trans %}: ours
        # replaces it (Material translates its own words with lang.t, not gettext).
        install_translations(env)
        env.filters["ix_lean_config"] = compact.lean_config
        env.globals["ix_drawer"] = _has_drawer(self.nav, config.theme.get("features") or [])
        self.env = env
        self.nav_files = files.documentation_pages()

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, **_: Any) -> str | None:
        ours = self.pages.get(page.file.src_uri) if page.file.generated_by else None
        if ours is None:
            return markdown
        page.meta = page_meta(ours)
        page.edit_url = None  # an entry page has its own "Suggest an edit" link
        return ""  # the HTML is already built; skip Markdown for this page

    def on_page_content(self, output: str, *, page: MkDocsPage, **_: Any) -> str | None:
        ours = self.pages.get(page.file.src_uri) if page.file.generated_by else None
        if ours is None:
            return output
        page.toc = toc_of(ours)
        return ours.html

    def on_page_context(
        self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        # Every page's structured data and link-preview tags, printed by main.html's
        # extrahead: a generated page's was computed in _gather (also in the writer's
        # workers, which run this event), a hand-written page's is made here.
        if self.published is None:
            return context
        ours = self.pages.get(page.file.src_uri) if page.file.generated_by else None
        if ours is not None:
            page.meta["ix_head"] = self.heads.get(ours.url)
        else:
            page.meta["ix_head"] = structured_data.page_head(
                self.published,
                page.url,
                html.unescape(page.title or ""),  # MkDocs gives a heading's text escaped
                page.meta.get("description") or config.site_description,
            )
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if not self.config.enabled or isinstance(page.file, WrittenPageFile):
            return output  # the writer compacts its pages after every plugin's event
        # A page MkDocs built (hand-written, or generated and in the navigation):
        # compacted as the writer's are (the base URL as MkDocs gives the theme);
        # Pagefind reads it whole and indexes its data-pagefind-body.
        output = compact.compact(output, get_relative_url(".", page.url))
        if self.sources is not None and page.meta.get("ix_searchable", True):
            self.sources.write_built(page.file.dest_uri, output)
        return output

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        indexer = None
        if self.sources is not None:
            self.sources.prune(
                {f.dest_uri for f in self.nav_files}
                | {self.sources.path_of(self.pages[f.src_uri]) for f in self.written_files}
            )
            if not (self.serving and self.previous_html_ready):
                indexer = self._indexer()
        try:
            self._write_pages(config)
        except BaseException:
            if indexer is not None:
                indexer.cancel()
            raise
        self._write_exports(site_dir)
        self._write_sitemap(config)
        if indexer is not None:
            self._finish_index(indexer, site_dir)
        elif self.sources is not None:
            # While serving, an edit shows at once; search catches up a moment later.
            if self.background is not None:
                self.background.join()  # one index at a time; the newest build wins
            indexer = self._indexer()
            self.background = threading.Thread(
                target=self._finish_index, args=(indexer, site_dir), daemon=True
            )
            self.background.start()
        self.previous_html_ready = True
        if self.final_site_dir:
            self._check_size(site_dir)  # before the warnings are counted: --strict fails
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            if config.strict and self.warnings.count:
                shutil.rmtree(site_dir, ignore_errors=True)  # MkDocs aborts next
            else:
                _swap(site_dir, Path(self.final_site_dir))
            config.site_dir = self.final_site_dir
            self.final_site_dir = None

    def _check_size(self, site_dir: Path) -> None:
        """How big the finished site is; over its limit a warning (a strict build fails),
        near it a note (the site still publishes)."""
        limit = self.config.size_limit_mb
        measured = site_size.measure(site_dir)
        log.info(site_size.summary(measured, limit))
        if message := site_size.warning(measured, limit):
            (log.warning if site_size.over(measured, limit) else log.info)(message)

    def _write_sitemap(self, config: MkDocsConfig) -> None:
        """MkDocs' sitemap lists only the pages MkDocs built: write it again with ours,
        as MkDocs writes it. (Without ``site_url`` it lists no page: left as it is.)"""
        if not config.site_url or not self.written_files or self.env is None or not self.nav:
            return
        written = [f.url for f in self.written_files]
        if self.published is not None and self.config.adoption_packs:  # written with the exports
            written += adoption.addresses(self.published.catalog)
        listed = [*self.nav_files, *(_SitemapFile(url, config) for url in written)]
        context = get_context(self.nav, listed, config)  # type: ignore[arg-type]
        output = self.env.get_template("sitemap.xml").render(context).encode("utf-8")
        path = Path(config.site_dir) / "sitemap.xml"
        path.write_bytes(output)
        mtime = get_build_timestamp(pages=[f.page for f in self.nav_files if f.page is not None])
        gz_path = path.with_suffix(".xml.gz")
        with (
            gz_path.open("wb") as raw,
            gzip.GzipFile(str(gz_path), "wb", fileobj=raw, mtime=mtime) as gz,
        ):
            gz.write(output)

    def _write_search_sources(self, config: MkDocsConfig) -> None:
        """Pagefind's input for the generated pages (those MkDocs builds are
        written as it builds them, in ``on_post_page``)."""
        fresh = self.sources is None  # else `serve` rebuilds: the folder has the rest
        if self.sources is None:
            self.sources = SearchSources()
        for page in self.pages.values():
            if page.searchable:  # MkDocs builds those in the navigation: their keys too
                self.sources.note_sorts(page)
            wanted = page.searchable and page.src_uri not in self.in_nav
            if wanted and (fresh or page.src_uri in self.changed):
                self.sources.write_generated(page)

    def _write_pages(self, config: MkDocsConfig) -> None:
        """Write the pages MkDocs does not build (see ``writer``), while Pagefind indexes."""
        assert self.nav is not None and self.env is not None
        started = time.perf_counter()
        PageWriter(config, self.nav, self.env, self.nav_files).write(self.to_write)
        log.info(
            ngettext(
                "{n} page written through the theme in {seconds} s",
                "{n} pages written through the theme in {seconds} s",
                len(self.to_write),
                seconds=_seconds(time.perf_counter() - started),
            )
        )
        self.to_write = []

    def _write_exports(self, site_dir: Path) -> None:
        """The open data (``generator.exports``), written while Pagefind indexes."""
        if self.published is None:
            return
        packs = {adoption.KIND: lambda _site: self.packs}
        seconds = exports.write(self.published, site_dir, {**exports.EXPORTS, **packs})
        timings = ", ".join(f"{name} {_seconds(took)} s" for name, took in seconds.items())
        log.info(_("Open data written ({timings})", timings=timings))

    def _indexer(self) -> SearchIndexer:
        assert self.sources is not None
        return SearchIndexer(
            self.sources.root,
            self.language.lower().replace("_", "-"),
            self.sources.sort_values,
            self.config.search_part_pages,
        )

    def _finish_index(self, indexer: SearchIndexer, site_dir: Path) -> None:
        started = time.perf_counter()
        try:
            stats = indexer.finish(site_dir)
        except SearchIndexError as exc:
            if self.serving and self.previous_html_ready:
                log.warning(str(exc))  # in the background: the next edit tries again
                return
            raise PluginError(str(exc)) from exc
        finally:
            if not self.serving and self.sources is not None:
                self.sources.remove()
                self.sources = None
        log.info(
            ngettext(
                "Pagefind indexed {n} page ({kib} KiB; Pagefind runs: {runs}, merging: {merging} "
                "s): {seconds} s, {after} s of it after the pages were written",
                "Pagefind indexed {n} pages ({kib} KiB; Pagefind runs: {runs}, merging: {merging} "
                "s): {seconds} s, {after} s of it after the pages were written",
                stats.pages,
                kib=stats.bundle_bytes // 1024,
                runs=stats.runs,
                merging=_seconds(stats.merge_seconds),
                seconds=_seconds(stats.seconds),
                after=_seconds(time.perf_counter() - started),
            )
        )

    def on_shutdown(self) -> None:
        if self.background is not None:
            self.background.join()
        if self.sources is not None:
            self.sources.remove()

    def on_build_error(self, *, error: Exception) -> None:
        if self.sources is not None and not self.serving:
            self.sources.remove()
            self.sources = None
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.final_site_dir:
            building = Path(self.final_site_dir)
            shutil.rmtree(
                building.parent / f".{building.name}.building-{os.getpid()}", ignore_errors=True
            )
            self.final_site_dir = None


class _SitemapFile:
    """What MkDocs' sitemap template reads of a page it did not build (at ``url``)."""

    def __init__(self, url: str, config: MkDocsConfig) -> None:
        canonical = urljoin(config.site_url or "", url)
        self.page = SimpleNamespace(
            is_link=False,
            canonical_url=canonical,
            abs_url=urlsplit(canonical).path,
            update_date=get_build_date(),
        )


def _refuse_links(config: MkDocsConfig) -> None:
    """No symbolic link or special file in the folders MkDocs publishes from."""
    found = []
    for folder in (config.docs_dir, config.theme.custom_dir):
        if folder and Path(folder).is_dir():
            found += not_plain(Path(folder))
    if found:
        raise PluginError(
            _(
                "Symbolic links and special files are not allowed where the site is built from "
                "(they could publish files from outside the repository):"
            )
            + "\n"
            + "\n".join(f"  {path}: {what}" for path, what in found)
            + "\n"
            + _("Replace each with an ordinary file.")
        )


def _seconds(value: float) -> str:
    return format(value, ".2f")


def _has_drawer(nav: Navigation | None, features: list[str]) -> bool:
    """Whether the theme's pages have Material's navigation drawer (main.html): not when
    the navigation is flat and shown as tabs, which are then the navigation at every
    width; yes when it has sections, or no tabs, or the table of contents is integrated
    into it (the drawer is then where they are all listed)."""
    if nav is None or not nav.items:
        return False
    integrated = "toc.integrate" in features
    tabs = "navigation.tabs" in features
    return integrated or not tabs or any(item.children for item in nav.items)


def _interface_language(config: MkDocsConfig) -> str:
    """Material's theme.language, checked and made the active language. A language
    the project has no catalogue for is English, with a warning (so --strict fails)."""
    language = str(config.theme.get("language") or i18n.SOURCE_LANGUAGE)
    try:
        i18n.activate(language)
    except i18n.LanguageError:
        raise PluginError(
            _(
                "theme.language '{language}' is not a language code: write a code such as "
                "it, es or en.",
                language=language,
            )
        ) from None
    if i18n.catalogue_language(language) is None:
        log.warning(
            _(
                "There is no translation of the exchange's interface into '{language}': "
                "its words stay in English. Languages with one: {shipped}. See "
                "CONTRIBUTING.md to add one.",
                language=language,
                shipped=", ".join(i18n.shipped()),
            )
        )
    return language


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _nav_sources(nav: Any) -> set[str]:
    """Every page path named in the ``nav`` setting."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_sources(value)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_sources(item)
    return found


def _swap(built: Path, final: Path) -> None:
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    built.rename(final)
    shutil.rmtree(old, ignore_errors=True)
