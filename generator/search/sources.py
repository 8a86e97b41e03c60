"""The folder Pagefind reads: the site's searchable pages, at their site paths.

The exchange's own pages are written there as their content alone: the words
Pagefind indexes without the theme's header, navigation and footer around them,
a fifth of the HTML to parse. The pages MkDocs built (the hand-written ones) are
written whole; Pagefind indexes only their ``data-pagefind-body``.
``mkdocs serve`` keeps the folder across rebuilds and rewrites only what changed.
"""

from __future__ import annotations

import contextlib
import html
import shutil
import tempfile
from pathlib import Path

from generator.i18n import active
from generator.pages import Page


class SearchSources:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="exchange-search-"))
        self._listed: set[str] = set()
        #: page URL -> its sort keys (for ``exchange-sorts.json``), of the pages here
        self.sort_values: dict[str, dict[str, str | int]] = {}

    @staticmethod
    def path_of(page: Page) -> str:
        return f"{page.url}index.html"

    def note_sorts(self, page: Page) -> None:
        if page.sorts:
            self.sort_values[page.url] = page.sorts
        else:
            self.sort_values.pop(page.url, None)

    def write_generated(self, page: Page) -> None:
        body = page.html
        if "<h1" not in body:  # Material's template adds one from the title
            body = f"<h1>{html.escape(page.title)}</h1>{body}"
        self._write(
            self.path_of(page),
            f'<!doctype html><html lang="{html.escape(active())}"><head><meta charset="utf-8">'
            f"<title>{html.escape(page.title)}</title></head>"
            f"<body><div data-pagefind-body>{body}</div></body></html>",
        )

    def write_built(self, dest_uri: str, output: str) -> None:
        self._write(dest_uri, output)

    def _write(self, dest_uri: str, text: str) -> None:
        path = self.root / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="xmlcharrefreplace"))

    def prune(self, present: set[str]) -> None:
        """Delete the files of pages that no longer exist."""
        for gone in self._listed - present:
            with contextlib.suppress(FileNotFoundError):
                (self.root / gone).unlink()
            self.sort_values.pop(gone.removesuffix("index.html"), None)
        self._listed = present

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
