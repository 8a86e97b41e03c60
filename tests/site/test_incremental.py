"""What `mkdocs serve` relies on: later builds reuse what did not change, and
give exactly what a cold build gives."""

from __future__ import annotations

import os
from pathlib import Path

from generator.catalog import Catalog
from generator.pages import PageCache, SiteSettings, build_site
from generator.pages.markdown import BodyRenderer
from generator.validation import validate
from tests.site.conftest import write_site


def _build(content: Path, renderer: BodyRenderer, cache: PageCache, files: dict):
    loaded, report = validate(content, cache=files)
    pages, _ = build_site(Catalog.build(loaded), SiteSettings(), renderer, cache)
    return {p.url: p.html for p in pages}, report


def test_warm_rebuild_equals_cold_build_and_reuses_unchanged_pages(tmp_path: Path) -> None:
    content = write_site(tmp_path) / "content"
    renderer, cache, files = BodyRenderer(), PageCache(), {}
    first, _ = _build(content, renderer, cache, files)
    kept = {url: id(entry[1]) for url, entry in cache.pages.items()}

    index = content / "innovations" / "second-thing" / "index.md"
    index.write_text(index.read_text().replace("A different problem.", "An edited problem."))
    stat = index.stat()
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    warm, warm_report = _build(content, renderer, cache, files)
    cold, cold_report = _build(content, BodyRenderer(), PageCache(), None)

    assert warm == cold
    assert warm_report.diagnostics == cold_report.diagnostics
    assert "An edited problem." in warm["innovations/second-thing/"]
    assert first["innovations/second-thing/"] != warm["innovations/second-thing/"]
    # a page that does not show the edited entry was reused, not rendered again;
    # one that lists it as related was rendered again
    assert id(cache.pages["scouts/ada-example/"][1]) == kept["scouts/ada-example/"]
    assert (
        id(cache.pages["innovations/remote-monitoring/"][1])
        != kept["innovations/remote-monitoring/"]
    )


def test_validation_cache_replays_file_problems(tmp_path: Path) -> None:
    content = write_site(tmp_path) / "content"
    scout = content / "scouts" / "ada-example.yml"
    scout.write_text(scout.read_text() + "favourite_colour: blue\n")
    files: dict = {}
    _, first = validate(content, cache=files)
    _, again = validate(content, cache=files)
    assert [d.code for d in first.errors] == ["unknown-field"]
    assert again.diagnostics == first.diagnostics
