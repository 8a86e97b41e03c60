"""Index the site with Pagefind (the binary the ``pagefind`` package ships).

Pagefind reads a search-source folder (``sources.py``) laid out like the site,
so the URLs are the site's. Only what is wrapped in ``data-pagefind-body`` is
indexed. The page templates declare the filters (vocabularies, kind) and
metadata that the browse page and the header search use; sort keys come with
the pages (``Page.sorts``) and become ``exchange-sorts.json`` (``merge.py``).

Pagefind holds every page of a run in memory, so the pages are indexed in parts
of at most ``part_pages``, one Pagefind run after another, and the parts are
merged into one bundle. All of it runs in a process of its own
(``python -m generator.search``), beside the build.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from generator.i18n import _, activate, active
from generator.i18n.formatting import number
from generator.search.merge import SortValues, merge_bundles

#: Pages per Pagefind run: about 0.8 GB of memory for 4,000 pages (1.5.2).
PART_PAGES = 4000


def _out_of_memory() -> str:
    return _(
        "If the machine ran out of memory, lower the plugin's search_part_pages "
        "(default {default}; about 0.2 GB per {pages} pages).",
        default=PART_PAGES,
        pages=number(1000),
    )


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index (those marked data-pagefind-body)
    bundle_bytes: int
    seconds: float  # the indexing process's own run
    runs: int = 1  # Pagefind runs, one per part
    merge_seconds: float = 0.0  # merging the runs' bundles, within ``seconds``


class SearchIndexError(RuntimeError):
    pass


def split_sources(source_dir: Path, work: Path, part_pages: int) -> list[Path]:
    """The source pages dealt round-robin into folders of at most ``part_pages``
    (hard links, laid out like the site), or the folder itself if one will do.

    Once any page has a ``data-pagefind-body``, Pagefind indexes only such pages;
    a part without one would have all its pages indexed whole, so the others are
    left out of the parts.
    """
    pages = sorted(p.relative_to(source_dir) for p in source_dir.rglob("*.html"))
    if len(pages) <= part_pages:
        return [source_dir]
    marked = [p for p in pages if b"data-pagefind-body" in (source_dir / p).read_bytes()]
    pages = marked or pages
    count = max(1, -(-len(pages) // max(part_pages, 1)))
    parts = [work / f"part-{n}" for n in range(count)]
    for n, page in enumerate(pages):
        target = parts[n % count] / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source_dir / page, target)
        except OSError:  # another file system
            shutil.copyfile(source_dir / page, target)
    return parts


def index_in_parts(
    source_dir: Path,
    bundle: Path,
    language: str,
    part_pages: int = PART_PAGES,
    sort_values: SortValues | None = None,
) -> tuple[int, float]:
    """Index ``source_dir`` into a new folder ``bundle``; returns the number of
    Pagefind runs and the seconds spent merging their bundles.
    Raises :class:`SearchIndexError` if Pagefind fails."""
    work = Path(tempfile.mkdtemp(prefix="exchange-parts-", dir=bundle.parent))
    try:
        outputs = []
        parts = split_sources(source_dir, work, part_pages)
        for n, part in enumerate(parts):
            output = work / f"bundle-{n}"
            command = [sys.executable, "-m", "pagefind", "--site", str(part)]
            command += ["--output-path", str(output), "--force-language", language, "--quiet"]
            done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL)
            # Translators: which Pagefind run failed, in "Pagefind could not index the site
            # (run 2 of 3, exit code 1)" (or "its run" when there is one).
            which = (
                _("run {number} of {count}", number=n + 1, count=len(parts))
                if len(parts) > 1
                else _("its run")
            )
            if done.returncode != 0:
                said = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
                raise SearchIndexError(
                    # Translators: {output} is what Pagefind said (in English), or a hint.
                    _(
                        "Pagefind could not index the site ({which}, exit code {code}): {output}",
                        which=which,
                        code=done.returncode,
                        output=said or _out_of_memory(),
                    )
                )
            if not (output / "pagefind-entry.json").is_file():  # no page to index
                raise SearchIndexError(_("Pagefind found no page to index ({which})", which=which))
            outputs.append(output)
        started = time.perf_counter()
        try:
            merge_bundles(outputs, bundle, language, sort_values)
        except Exception as exc:  # a bad file, or a worker killed for memory
            what = f"{type(exc).__name__}: {exc}"
            raise SearchIndexError(
                # Translators: {hint} is a whole sentence on what to try.
                _(
                    "Pagefind's indexes could not be merged ({error}). {hint}",
                    error=what,
                    hint=_out_of_memory(),
                )
            ) from exc
        return len(outputs), time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)


class SearchIndexer:
    """The index being built in its own process while the build goes on.

    Pagefind mostly uses one core, so on two it overlaps the page writing.
    :meth:`finish` waits for it and installs the bundle as ``site_dir/pagefind``.
    """

    def __init__(
        self,
        source_dir: Path,
        language: str = "en",
        sort_values: SortValues | None = None,
        part_pages: int = PART_PAGES,
    ) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="exchange-pagefind-"))
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by finish or cancel)
        command = [sys.executable, "-m", "generator.search", str(source_dir)]
        command += [str(self.work / "bundle"), "--language", language]
        command += ["--part-pages", str(part_pages), "--interface-language", active()]
        if sort_values is not None:
            sorts = self.work / "sorts.json"
            sorts.write_text(json.dumps(sort_values), encoding="utf-8")
            command += ["--sorts", str(sorts)]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # cancel stops Pagefind with it
        )
        # In a session of its own, so Ctrl-C in the terminal does not reach it: the
        # build stops it (cancel, an interrupted finish, or at exit at the latest).
        weakref.finalize(self, _stop, self.process)
        self.seconds = 0.0  # how long indexing ran, known once it has finished
        self._watch = threading.Thread(target=self._time, daemon=True)
        self._watch.start()

    def _time(self) -> None:
        self.process.wait()
        self.seconds = time.perf_counter() - self.started

    def cancel(self) -> None:
        _stop(self.process)
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def finish(self, site_dir: Path) -> IndexStats:
        """Wait for the index; raises :class:`SearchIndexError` on failure."""
        try:
            try:
                self._watch.join()
            except BaseException:  # e.g. Ctrl-C while waiting
                _stop(self.process)
                raise
            self.log.seek(0)
            said = self.log.read().decode("utf-8", "replace").strip()
            if self.process.returncode != 0:
                raise SearchIndexError(said or _("indexing {site} failed", site=site_dir))
            try:
                runs, merging = json.loads(said.splitlines()[-1])
            except (ValueError, IndexError) as exc:
                raise SearchIndexError(
                    _("indexing {site} gave no report: {output}", site=site_dir, output=said)
                ) from exc
            pages, size = _install(self.work / "bundle", site_dir)
            return IndexStats(pages, size, self.seconds, runs, merging)
        finally:
            self.log.close()
            shutil.rmtree(self.work, ignore_errors=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the indexing process and the Pagefind run or merge workers under it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        process.wait()


def _install(fresh: Path, site_dir: Path) -> tuple[int, int]:
    """Put the bundle in place; returns its page count and size in bytes."""
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
    return indexed, size


def index_site(
    site_dir: Path,
    source_dir: Path | None = None,
    language: str = "en",
    part_pages: int = PART_PAGES,
) -> IndexStats:
    """Index ``source_dir`` (by default the site itself) into ``site_dir/pagefind/``;
    raises :class:`SearchIndexError` on failure."""
    source = source_dir or site_dir
    return SearchIndexer(source, language, part_pages=part_pages).finish(site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=_("Index search sources with Pagefind, in parts."))
    parser.add_argument("source", type=Path)
    parser.add_argument("bundle", type=Path, help=_("the bundle folder to create"))
    parser.add_argument("--language", default="en")
    parser.add_argument("--part-pages", type=int, default=PART_PAGES)
    parser.add_argument("--sorts", type=Path, help=_("JSON: page URL -> sort key -> value"))
    parser.add_argument(
        "--interface-language", default=None, help=_("the language of the messages")
    )
    args = parser.parse_args(argv)
    if args.interface_language:
        activate(args.interface_language)
    sorts = json.loads(args.sorts.read_text(encoding="utf-8")) if args.sorts else None
    try:
        runs, merging = index_in_parts(
            args.source, args.bundle, args.language, args.part_pages, sorts
        )
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback in the build's error message
        what = f"{type(exc).__name__}: {exc}"
        print(_("Indexing failed: {error}", error=what), file=sys.stderr)
        return 1
    print(json.dumps([runs, merging]))  # read by SearchIndexer.finish
    return 0
