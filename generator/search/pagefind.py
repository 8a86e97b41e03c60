"""Index a built site with Pagefind (its Python API drives the bundled binary).

Only pages wrapped in ``data-pagefind-body`` are indexed (entries and
hand-written pages; listings would only repeat titles). The page templates
declare the filters (vocabularies, kind), sorts and metadata that the browse
page and the header search use.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex

from generator.search.stable import stabilise


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index (those marked data-pagefind-body)
    bundle_bytes: int


class SearchIndexError(RuntimeError):
    pass


async def _index(site_dir: Path, output: Path, language: str) -> int:
    config = IndexConfig(
        output_path=str(output),
        force_language=language,
        write_playground=False,
    )
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob="**/*.html")
        return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def _run_async(make: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run a coroutine to completion, also when the caller's thread already runs an
    event loop (Playwright's sync API in the tests, a notebook): then in a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def index_site(site_dir: Path, language: str = "en") -> IndexStats:
    """Write ``site_dir/pagefind/``; raises :class:`SearchIndexError` on failure."""
    # Written beside the live bundle and swapped in, so a site being served keeps
    # a working search while it is re-indexed, and no stale files pile up.
    fresh = site_dir / ".pagefind-new"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _run_async(lambda: _index(site_dir, fresh, language))
    except Exception as exc:  # the service reports failures as assorted exceptions
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {exc}") from exc
    try:
        stabilise(fresh)
    except (OSError, ValueError) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"Pagefind wrote an unreadable index for {site_dir}: {exc}") from exc
    bundle = site_dir / "pagefind"
    old = site_dir / ".pagefind-old"
    if bundle.exists():
        bundle.rename(old)
    fresh.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    return IndexStats(indexed, size)
