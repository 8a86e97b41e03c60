"""Index a built site with Pagefind (its Python API drives the bundled binary).

Only pages wrapped in ``data-pagefind-body`` are indexed (entries and
hand-written pages; listings would only repeat titles). The page templates
declare the filters (vocabularies, kind), sorts and metadata that the browse
page and the header search use.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from generator.search.stable import stabilise


@dataclass(frozen=True)
class IndexStats:
    pages: int
    bundle_bytes: int


class SearchIndexError(RuntimeError):
    pass


async def _index(site_dir: Path, language: str) -> int:
    config = IndexConfig(
        output_path=str(site_dir / "pagefind"),
        force_language=language,
        write_playground=False,
    )
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob="**/*.html")
        return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def index_site(site_dir: Path, language: str = "en") -> IndexStats:
    """Write ``site_dir/pagefind/``; raises :class:`SearchIndexError` on failure."""
    try:
        pages = asyncio.run(_index(site_dir, language))
    except Exception as exc:  # the service reports failures as assorted exceptions
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {exc}") from exc
    bundle = site_dir / "pagefind"
    stabilise(bundle)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexStats(pages, size)
