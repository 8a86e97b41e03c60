"""MkDocs event glue: validate content, add generated pages, index with Pagefind.

The work happens in the core (``generator.validation``, ``generator.catalog``,
``generator.pages``, ``generator.search``); each event here only hands MkDocs
what the core produced. Generated pages are in-memory files
(``File.generated``): nothing is written into the docs folder.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from generator.catalog import Catalog
from generator.mkdocs_plugin.config import ExchangeConfig
from generator.pages import Page, PageCache, SiteSettings, build_site
from generator.pages.markdown import BodyRenderer
from generator.search import index_site
from generator.search.pagefind import SearchIndexError
from generator.validation import validate

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


class _WarningCounter(logging.Handler):
    """Counts MkDocs warnings, which `--strict` turns into a failed build only
    after on_post_build: the output must not be swapped in then."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _PageFile(File):
    """A generated page that knows whether its HTML changed since the last build,
    so `mkdocs serve --dirty` rewrites only the pages an edit touched."""

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
        self.pages: dict[str, Page] = {}
        self.assets: list = []
        self.final_site_dir: str | None = None
        self.warnings = _WarningCounter()
        self.previous_html: dict[str, int] = {}  # src_uri -> hash of the last build's HTML
        self.indexer: threading.Thread | None = None
        self.previous_html_ready = False  # true after the first build of this process

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # --- gather: validate, catalogue, pages ----------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        content_dir = (root / self.config.content_dir).resolve()
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError("Remove the 'search' plugin: the exchange searches with Pagefind.")
        # Our templates sit between the site's own custom_dir and Material's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if str(content_dir) not in config.watch:
            config.watch.append(str(content_dir))

        started = time.perf_counter()
        # Only `mkdocs serve` rebuilds: a one-off build keeps no caches (memory).
        content, report = validate(content_dir, cache=self.file_cache if self.serving else None)
        validated = time.perf_counter()
        for warning in report.warnings:
            log.info(warning.text())
        if report.errors:
            raise PluginError(
                "The content has errors; nothing was built.\n"
                + "\n".join(d.text() for d in report.errors)
                + f"\n{report.summary()}"
            )
        catalog = Catalog.build(content)
        settings = SiteSettings(
            site_name=config.site_name,
            description=self.config.description
            or config.site_description
            or SiteSettings.description,
            edit_url=self._edit_url(config),
            content_path=_relative(content_dir, root),
            page_size=self.config.page_size,
        )
        pages, self.assets = build_site(
            catalog,
            settings,
            self.renderer if self.serving else BodyRenderer(keep=False),
            self.page_cache if self.serving else None,
        )
        self.pages = {page.src_uri: page for page in pages}
        log.info(
            f"{catalog.counts['innovations']} innovations: validated in "
            f"{validated - started:.2f} s, {len(pages)} pages built in "
            f"{time.perf_counter() - validated:.2f} s"
        )

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
                f"These pages are generated from content; remove them from the docs folder: "
                f"{', '.join(clashes)}"
            )
        in_nav = _nav_sources(config.nav)
        for src_uri, page in self.pages.items():
            file = _PageFile.generated(config, src_uri, content=page.html)
            digest = hash(page.html)
            file.changed = self.previous_html.get(src_uri) != digest
            self.previous_html[src_uri] = digest
            if src_uri not in in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        for asset in self.assets:
            files.append(File.generated(config, asset.url, abs_src_path=str(asset.source)))
        return files

    # --- write: pages come pre-rendered from the core -------------------------------

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, **_: Any) -> str | None:
        ours = self.pages.get(page.file.src_uri) if page.file.generated_by else None
        if ours is None:
            return markdown
        # Material prints the title and description without escaping (in <title>,
        # the header, <meta content="…">): content is untrusted, so escape them here.
        page.meta = {
            "title": html.escape(ours.title),
            "hide": list(ours.hide),
            "ix_searchable": ours.searchable,
        }
        if ours.description:
            page.meta["description"] = html.escape(ours.description)
        page.edit_url = ours.edit_url
        return ""  # the HTML is already built; skip Markdown for this page

    def on_page_content(self, output: str, *, page: MkDocsPage, **_: Any) -> str | None:
        ours = self.pages.get(page.file.src_uri) if page.file.generated_by else None
        if ours is None:
            return output
        page.toc = get_toc([_toc_token(item) for item in ours.toc])
        return ours.html

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        if self.config.search and self.serving and self.previous_html_ready:
            # While serving, an edit shows at once; search catches up a moment later.
            self._index_in_background(site_dir)
        elif self.config.search:
            self._index(site_dir)
        self.previous_html_ready = True
        if self.final_site_dir:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            if config.strict and self.warnings.count:
                shutil.rmtree(site_dir, ignore_errors=True)  # MkDocs aborts next
            else:
                _swap(site_dir, Path(self.final_site_dir))
            config.site_dir = self.final_site_dir
            self.final_site_dir = None

    def _index(self, site_dir: Path) -> None:
        started = time.perf_counter()
        try:
            stats = index_site(site_dir, self.config.language)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from exc
        log.info(
            f"Pagefind indexed {stats.pages} pages ({stats.bundle_bytes // 1024} KiB) "
            f"in {time.perf_counter() - started:.2f} s"
        )

    def _index_in_background(self, site_dir: Path) -> None:
        if self.indexer is not None:
            self.indexer.join()  # one index at a time; the newest build wins

        def run() -> None:
            try:
                self._index(site_dir)
            except PluginError as exc:
                log.warning(str(exc))

        self.indexer = threading.Thread(target=run, name="pagefind", daemon=True)
        self.indexer.start()

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.final_site_dir:
            building = Path(self.final_site_dir)
            shutil.rmtree(
                building.parent / f".{building.name}.building-{os.getpid()}", ignore_errors=True
            )
            self.final_site_dir = None


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


def _toc_token(item: Any) -> dict[str, Any]:
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "html": item.title,
        "children": [_toc_token(child) for child in item.children],
    }


def _swap(built: Path, final: Path) -> None:
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    built.rename(final)
    shutil.rmtree(old, ignore_errors=True)
