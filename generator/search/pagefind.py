"""Index the site with Pagefind (the binary the ``pagefind`` package ships).

Pagefind reads a search-source folder (``sources.py``) laid out like the site,
so the URLs are the site's. Only what is wrapped in ``data-pagefind-body`` is
indexed. The page templates declare the filters (vocabularies, kind), sorts and
metadata that the browse page and the header search use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from generator.search.stable import stabilise


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index (those marked data-pagefind-body)
    bundle_bytes: int
    seconds: float  # Pagefind's own run


class SearchIndexError(RuntimeError):
    pass


class SearchIndexer:
    """Pagefind indexing a folder in its own process while the build goes on.

    Pagefind mostly uses one core, so on two it overlaps the page writing.
    :meth:`finish` waits for it and installs the bundle as ``site_dir/pagefind``.
    (The package's command line, not its service API: the service can be stopped
    before its last files reach the disk.)
    """

    def __init__(self, source_dir: Path, language: str = "en") -> None:
        self.bundle = Path(tempfile.mkdtemp(prefix="exchange-pagefind-"))
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by finish or cancel)
        command = [sys.executable, "-m", "pagefind", "--site", str(source_dir)]
        command += ["--output-path", str(self.bundle), "--force-language", language, "--quiet"]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        self.seconds = 0.0  # how long Pagefind ran, known once it has finished
        self._watch = threading.Thread(target=self._time, daemon=True)
        self._watch.start()

    def _time(self) -> None:
        self.process.wait()
        self.seconds = time.perf_counter() - self.started

    def cancel(self) -> None:
        self.process.kill()
        self.process.wait()
        self.log.close()
        shutil.rmtree(self.bundle, ignore_errors=True)

    def finish(self, site_dir: Path) -> IndexStats:
        """Wait for the index; raises :class:`SearchIndexError` on failure."""
        try:
            self._watch.join()
            if self.process.returncode != 0:
                self.log.seek(0)
                said = self.log.read().decode("utf-8", "replace").strip()
                raise SearchIndexError(f"Pagefind could not index {site_dir}: {said}")
            try:
                stabilise(self.bundle)
            except (OSError, ValueError) as exc:
                raise SearchIndexError(
                    f"Pagefind wrote an unreadable index for {site_dir}: {exc}"
                ) from exc
            return _install(self.bundle, site_dir, self.seconds)
        finally:
            self.log.close()
            shutil.rmtree(self.bundle, ignore_errors=True)


def _install(fresh: Path, site_dir: Path, seconds: float) -> IndexStats:
    # Copied beside the live bundle and swapped in, so a site being served keeps a
    # working search while it is re-indexed, and no stale files pile up.
    staged = site_dir / ".pagefind-new"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(fresh, staged)
    bundle = site_dir / "pagefind"
    old = site_dir / ".pagefind-old"
    if bundle.exists():
        bundle.rename(old)
    staged.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    return IndexStats(indexed, size, seconds)


def index_site(site_dir: Path, source_dir: Path | None = None, language: str = "en") -> IndexStats:
    """Index ``source_dir`` (by default the site itself) into ``site_dir/pagefind/``;
    raises :class:`SearchIndexError` on failure."""
    return SearchIndexer(source_dir or site_dir, language).finish(site_dir)
