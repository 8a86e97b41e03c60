"""Write generated pages through the theme, in worker processes.

MkDocs builds pages one at a time in one process, and keeps each in memory until
the build ends. The exchange's pages are HTML before MkDocs starts, so the many
that are not in the navigation (entries, term and listing pages) skip MkDocs'
per-page lifecycle: after MkDocs has built its own pages (``on_post_build``),
forked workers wrap each in the theme's ``main.html`` with the context MkDocs
would give it, run the plugins' ``on_page_context`` and ``on_post_page`` events
(there is no Markdown, so no Markdown events), and write it. The pages the
navigation names, and the hand-written ones, are still built by MkDocs itself.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.mkdocs_plugin import compact
from generator.pages import Page
from generator.pages.toc import TocItem, article_toc
from generator.workers import batches, cores, fork_shared


class WrittenPageFile(File):
    """A generated page that MkDocs lists but does not build: links from the
    hand-written pages to it resolve and are checked, and :class:`PageWriter`
    writes it."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass  # written by PageWriter

    @classmethod
    def for_page(cls, config: MkDocsConfig, page: Page) -> WrittenPageFile:
        file = cls.generated(config, page.src_uri, content="")
        file.url = page.url
        file.dest_uri = f"{page.url}index.html"
        return file


def page_meta(page: Page) -> dict[str, Any]:
    """The front matter MkDocs would have read for a generated page."""
    # Material prints the title and description without escaping (in <title>, the
    # header, <meta content="…">): content is untrusted, so escape them here.
    meta: dict[str, Any] = {
        "title": html.escape(page.title),
        "hide": list(page.hide),
        "ix_searchable": page.searchable,
    }
    if page.description:
        meta["description"] = html.escape(page.description)
    return meta


def toc_of(page: Page) -> Any:
    """The page's table of contents for the theme: every section of the article
    as written (the templates' sections and the body's), read from its HTML."""
    return get_toc([_toc_token(item) for item in article_toc(page.html)])


def _toc_token(item: TocItem) -> dict[str, Any]:
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "html": item.title,
        "children": [_toc_token(child) for child in item.children],
    }


class SharedChrome:
    """Parts of the theme's page that are the same for every page outside the
    navigation with the same relative links (``main.html`` decides which parts),
    rendered once."""

    def __init__(self, nav: Navigation) -> None:
        self.parts: dict[tuple, str] = {}
        self.targets = [page.url for page in nav.pages]
        self.place: tuple = ()

    def at(self, page: MkDocsPage, base_url: str) -> SharedChrome:
        """Set the page being rendered: what its shared parts depend on."""
        self.place = (base_url, *(get_relative_url(t, page.url) for t in self.targets))
        return self

    def get(self, name: str) -> str | None:
        return self.parts.get((name, self.place))

    def put(self, name: str, html: str) -> str:
        self.parts[name, self.place] = html
        return html


#: Off only to test that sharing changes nothing.
SHARE_CHROME = True


@dataclass
class PageWriter:
    config: MkDocsConfig
    nav: Navigation
    env: jinja2.Environment
    doc_files: Sequence[File]

    def __post_init__(self) -> None:
        self.chrome = SharedChrome(self.nav)

    def write(self, jobs: Sequence[tuple[Page, File]]) -> None:
        """Write the pages, in forked workers when there are enough to pay for them,
        then the sprite of the icons every page of the build uses (``compact``: those
        MkDocs built were compacted before, in this process)."""
        for used in fork_shared(
            _write_batch,
            (self, jobs),
            batches(range(len(jobs)), cores() * 4),
            parallel=len(jobs) >= PARALLEL_FROM,
        ):
            compact.ICONS.note(used)
        compact.write_sprite(Path(self.config.site_dir))

    def write_one(self, ours: Page, file: File) -> None:
        config = self.config
        page = MkDocsPage(None, file, config)
        page.meta = page_meta(ours)
        page.content = ours.html
        page.toc = toc_of(ours)
        page.edit_url = None  # an entry page has its own "Suggest an edit" link
        page.active = True
        config._current_page = page
        try:
            context = get_context(self.nav, self.doc_files, config, page)
            if SHARE_CHROME:
                context["ix_chrome"] = self.chrome.at(page, context["base_url"])
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=self.nav
            )
            output = self.env.get_template("main.html").render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            output = compact.compact(output, context["base_url"])
        finally:
            config._current_page = None
            file.page = None  # type: ignore[assignment]  # nothing keeps the page alive
        path = Path(file.abs_dest_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))


#: Below this many pages, forking workers costs more than it saves.
PARALLEL_FROM = 200


def _write_batch(
    shared: tuple[PageWriter, Sequence[tuple[Page, File]]], indexes: Sequence[int]
) -> dict[str, str]:
    """Write some pages (in a forked worker); return the icons they use (for the sprite)."""
    writer, jobs = shared
    for i in indexes:
        writer.write_one(*jobs[i])
    return compact.ICONS.used
