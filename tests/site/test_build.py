"""The site, built for real by MkDocs from a tiny content folder."""

from __future__ import annotations

import functools
import gzip
import json
import re
import shutil
import signal
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.site.conftest import build, write_site


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def all_output_text(site: Path) -> str:
    """Every file the build wrote, decompressing Pagefind's gzipped files."""
    chunks = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        chunks.append(data.decode("utf-8", errors="replace"))
    return "\n".join(chunks)


def test_every_page_type_is_built(built_site: Path) -> None:
    for page in [
        "",
        "browse",
        "innovations/remote-monitoring",
        "innovations/remote-monitoring/case-studies/example-hospital",
        "scouts",
        "scouts/ada-example",
        "browse/clinical-areas",
        "browse/clinical-areas/respiratory",
        "contribute/fields",
        "about",
    ]:
        assert (built_site / page / "index.html").is_file(), page


def test_innovation_page_shows_facts_adoptions_scouts_and_edit_link(built_site: Path) -> None:
    html = read(built_site, "innovations/remote-monitoring")
    assert "Local evaluation" in html and "Spreading" in html
    assert 'href="case-studies/example-hospital/"' in html
    assert 'href="../../scouts/ada-example/"' in html
    assert (
        "https://github.com/example/exchange/edit/main/content/innovations/"
        "remote-monitoring/index.md"
    ) in html
    assert "30% fewer" in html  # outcomes table
    assert 'href="../../browse/clinical-areas/respiratory/"' in html


def test_case_study_links_back(built_site: Path) -> None:
    html = read(built_site, "innovations/remote-monitoring/case-studies/example-hospital")
    assert 'href="../../"' in html and "Example Hospital NHS Trust" in html


def test_home_counts(built_site: Path) -> None:
    html = read(built_site, "")
    assert "<strong>2</strong> innovations" in html
    assert "<strong>1</strong> adoption<" in html  # one, not "1 adoptions"
    assert "<strong>1</strong> scout<" in html  # the unpublished one is not counted


def test_unpublished_scout_appears_nowhere(built_site: Path) -> None:
    assert not (built_site / "scouts" / "secret-scout").exists()
    everything = all_output_text(built_site)
    assert "Hidden Hartigan" not in everything
    assert "secret-scout" not in everything
    assert "Ada Example" in everything  # the check itself can see scouts


def test_markdown_html_is_sanitised_and_fields_escaped(built_site: Path) -> None:
    html = read(built_site, "innovations/remote-monitoring")
    for forbidden in [
        "body-script",
        "onmouseover",
        "hover-attr",
        "javascript:",
        "<iframe",
        "srcdoc",
        "onclick",
        "<style>",
        'style="color:red"',
        "<3",
    ]:
        assert forbidden not in html, forbidden
    assert "Remote monitoring &amp; more &lt;3" in html
    assert "zanzibarquux" in html  # the ordinary text survives


def test_pagefind_index_has_entries_filters_and_sorts(built_site: Path) -> None:
    bundle = built_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    # 2 innovations + 1 case study + 1 scout + about + field reference + open data
    assert entry["languages"]["en"]["page_count"] == 7
    meta_name = entry["languages"]["en"]["hash"]
    meta = gzip.decompress((bundle / f"pagefind.{meta_name}.pf_meta").read_bytes()).decode(
        "utf-8", errors="replace"
    )
    for name in ["stages", "clinical-areas", "regions", "kind", "organisation-types"]:
        assert name in meta, name
    filters = all_output_text(bundle / "filter")
    assert "Spreading" in filters and "Respiratory" in filters and "Innovation" in filters
    assert "zanzibarquux" not in all_output_text(bundle / "filter")

    # Sort orders are beside the bundle, by result id (fragment name), ascending
    sorts = json.loads((bundle / "exchange-sorts.json").read_text())
    url_of = _fragment_urls(bundle)
    ordered = {key: [url_of[name] for name in names] for key, names in sorts.items()}
    first, second = "/innovations/remote-monitoring/", "/innovations/second-thing/"
    assert ordered == {
        "title": ["/scouts/ada-example/", first, second],  # ada…, remote…, second…
        "adoptions": [second, first],  # 0, then 1 case study
        "reviewed": [first, second],  # the same date: by URL
    }


def test_a_page_in_the_navigation_keeps_its_sort_keys(tmp_path: Path) -> None:
    """MkDocs builds the pages in the navigation itself; their sort keys still
    reach exchange-sorts.json, or browse would always put them last."""
    root = write_site(tmp_path / "exchange")
    config = root / "mkdocs.yml"
    featured = "  - Featured: innovations/second-thing/index.md\n"
    config.write_text(
        config.read_text().replace("  - About: about.md\n", f"  - About: about.md\n{featured}")
    )
    bundle = build(root) / "pagefind"
    url_of = _fragment_urls(bundle)
    sorts = json.loads((bundle / "exchange-sorts.json").read_text())
    for key in ("title", "reviewed", "adoptions"):
        assert "/innovations/second-thing/" in {url_of[name] for name in sorts[key]}, key


def _fragment_urls(bundle: Path) -> dict[str, str]:
    return {
        fragment.name.removesuffix(".pf_fragment"): json.loads(
            gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        )["url"]
        for fragment in (bundle / "fragment").iterdir()
    }


def test_listing_pages_are_not_indexed(built_site: Path) -> None:
    assert "data-pagefind-body" not in read(built_site, "browse")
    assert "data-pagefind-body" in read(built_site, "innovations/remote-monitoring")


def test_same_content_gives_byte_identical_output(built_site: Path, tmp_path: Path) -> None:
    root = built_site.parent
    again = build(root, tmp_path / "again")
    first = {
        p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_nothing_is_written_into_docs(built_site: Path) -> None:
    docs = built_site.parent / "docs"
    assert sorted(p.name for p in docs.rglob("*")) == ["about.md"]


def test_content_error_stops_build_and_keeps_previous_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "exchange")
    site = build(root)
    (site / "marker.txt").write_text("previous build")
    broken = root / "content" / "innovations" / "second-thing" / "index.md"
    broken.write_text(broken.read_text().replace("stage: spreading", "stage: spreding"))
    with pytest.raises(Abort):
        build(root)
    assert "content/innovations/second-thing/index.md:4:8: error[unknown-term]" in caplog.text
    assert "Did you mean 'spreading'?" in caplog.text
    assert (site / "marker.txt").read_text() == "previous build"
    assert not list(tmp_path.glob("exchange/.site.building-*"))


def test_strict_warning_keeps_previous_site(tmp_path: Path) -> None:
    root = write_site(tmp_path / "exchange")
    site = build(root)
    (site / "marker.txt").write_text("previous build")
    (root / "docs" / "about.md").write_text("# About\n\n[broken](nowhere.md)\n")
    with pytest.raises(Abort):
        build(root)
    assert (site / "marker.txt").read_text() == "previous build"
    assert not list((tmp_path / "exchange").glob(".site.*"))


def test_images_are_copied_next_to_the_page(tmp_path: Path) -> None:
    root = write_site(tmp_path / "exchange")
    folder = root / "content" / "innovations" / "second-thing"
    (folder / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>c</title></svg>'
    )
    index = folder / "index.md"
    index.write_text(
        index.read_text().replace(
            "last_reviewed:", "image: {src: chart.svg, alt: A chart}\nlast_reviewed:"
        )
    )
    site = build(root)
    assert (site / "innovations" / "second-thing" / "chart.svg").is_file()
    assert '<img src="chart.svg" alt="A chart"' in read(site, "innovations/second-thing")


def test_shipped_site_builds_strictly(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("mkdocs.yml", "docs", "content"):
        src = repo / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    site = build(root)
    for folder in sorted((repo / "content" / "innovations").iterdir()):
        assert (site / "innovations" / folder.name / "index.html").is_file()


def test_dpg_registry_corpus_builds_with_every_entry_reachable_and_searchable(
    tmp_path: Path,
) -> None:
    """714 real entries the project did not write (../shared/corpora/dpg-registry)."""
    repo = Path(__file__).resolve().parents[2]
    corpus = repo.parent / "shared" / "corpora" / "dpg-registry" / "content"
    if not corpus.is_dir():
        pytest.skip(f"the DPG corpus is not beside the repository ({corpus})")
    root = tmp_path / "dpg"
    root.mkdir()
    shutil.copytree(corpus, root / "content")  # a copy: ../shared is read-only
    shutil.copytree(repo / "docs", root / "docs")
    (root / "docs" / "about.md").write_text("# About\n")  # links to our own content
    (root / "mkdocs.yml").write_text((repo / "mkdocs.yml").read_text())
    site = build(root)
    ids = sorted(p.name for p in (corpus / "innovations").iterdir())
    assert len(ids) == 714
    missing = [i for i in ids if not (site / "innovations" / i / "index.html").is_file()]
    assert missing == []
    # reachable without JavaScript: every innovation is linked from a browse page
    linked = set()
    for page in (site / "browse").rglob("index.html"):
        linked.update(re.findall(r'href="(?:\.\./)*innovations/([^/"]+)/"', page.read_text()))
    assert linked >= set(ids)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"][next(iter(entry["languages"]))]["page_count"] >= 714


def _indexed(bundle: Path) -> dict[str, tuple]:
    """What a Pagefind bundle holds per page: URL -> (title, filters, sorts' count)."""
    pages = {}
    for fragment in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        filters = {k: sorted(v) for k, v in data["filters"].items()}
        pages[data["url"]] = (data["meta"]["title"], filters, data["content"])
    return pages


def test_search_sources_index_like_the_whole_site(built_site: Path, tmp_path: Path) -> None:
    """Pagefind reads the pages' content without the theme around it: the index
    must hold the same pages, titles, filters and words as indexing the site."""
    from generator.search import index_site

    whole = tmp_path / "site"
    shutil.copytree(built_site, whole)
    stats = index_site(whole)
    built = _indexed(built_site / "pagefind")
    assert stats.pages == len(built) == 7  # with the open-data page
    assert built == _indexed(whole / "pagefind")


def _postings(bundle: Path) -> dict[str, set[tuple]]:
    """Every indexed word: (form, page URL, weighted positions, metadata positions)
    for each page it is on, decoded from the metadata file and the index chunks."""
    from generator.search.merge import read

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    pages, chunks, fields = meta[1], meta[2], meta[5]
    url_of = _fragment_urls(bundle)
    urls = [url_of[name] for name, _ in pages]
    words: dict[str, set[tuple]] = {}
    for _first, _last, name in chunks:
        (entries,) = read(bundle / "index" / f"{name}.pf_index")
        for word, postings, variants in entries:
            found = words.setdefault(word, set())
            for form, listed in [(word, postings), *variants]:
                page = 0
                for posting in listed:
                    page += posting[0]
                    extra = posting[2] if len(posting) > 2 else []
                    metas = tuple(fields[-x - 1] if x < 0 else x for x in extra)
                    found.add((form, urls[page], tuple(posting[1]), metas))
    return words


def _filter_pages(bundle: Path) -> dict[str, dict[str, set[str]]]:
    from generator.search.merge import read

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    url_of = _fragment_urls(bundle)
    urls = [url_of[name] for name, _ in meta[1]]
    found = {}
    for filter_name, name in meta[3]:
        _, values = read(bundle / "filter" / f"{name}.pf_filter")
        found[filter_name] = {value: {urls[n] for n in pages} for value, pages in values}
    return found


def test_indexing_in_parts_gives_the_index_of_one_run(built_site: Path, tmp_path: Path) -> None:
    """Pagefind runs over parts of the pages, merged, hold the same words at the
    same places on the same pages, and the same filters, as one run over all."""
    from generator.search import index_site

    one, parts = tmp_path / "one", tmp_path / "parts"
    for site in (one, parts):
        shutil.copytree(built_site, site)
    assert index_site(one, part_pages=1000).pages == 7
    assert index_site(parts, part_pages=2).pages == 7  # four Pagefind runs
    words = _postings(one / "pagefind")
    assert len(words) > 100 and "zanzibarquux" in words
    assert _postings(parts / "pagefind") == words
    assert _filter_pages(parts / "pagefind") == _filter_pages(one / "pagefind")
    assert _indexed(parts / "pagefind") == _indexed(one / "pagefind")


def test_a_failed_index_is_an_error_with_pagefinds_words(tmp_path: Path) -> None:
    from generator.search import SearchIndexError, index_site

    (tmp_path / "site").mkdir()
    with pytest.raises(SearchIndexError, match=r"(?s)Pagefind could not index .*html files"):
        index_site(tmp_path / "site")
    assert not (tmp_path / "site" / "pagefind").exists()


def test_a_failed_merge_is_an_error_with_a_hint(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from generator.search import SearchIndexError, pagefind

    def broken(*args: object) -> None:
        raise BrokenProcessPool("a child process terminated abruptly")

    monkeypatch.setattr(pagefind, "merge_bundles", broken)
    (tmp_path / "work").mkdir()
    with pytest.raises(SearchIndexError, match=r"BrokenProcessPool.*lower .*search_part_pages"):
        pagefind.index_in_parts(built_site, tmp_path / "work" / "bundle", "en")


def test_an_interrupted_build_stops_the_indexing(built_site: Path) -> None:
    """Indexing runs in a session of its own (Ctrl-C in a terminal does not reach
    it): a build interrupted while waiting for it stops it."""
    from generator.search import SearchIndexer

    indexer = SearchIndexer(built_site)

    def interrupted() -> None:
        raise KeyboardInterrupt

    indexer._watch.join = interrupted  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        indexer.finish(built_site.parent / "elsewhere")
    assert indexer.process.returncode == -signal.SIGKILL  # stopped, not finished
    assert not indexer.work.exists()


def test_indexed_text_keeps_words_apart(built_site: Path) -> None:
    """Pagefind runs the text of neighbouring <dt>, <dd> and <th> elements together
    ("Clinical areaRespiratory" indexed as the one word "arearespiratory") unless
    there is whitespace between them."""
    contents = {url: page[2] for url, page in _indexed(built_site / "pagefind").items()}
    innovation = contents["/innovations/remote-monitoring/"]
    assert "Clinical area Respiratory" in innovation
    assert "Measure Result Source" in innovation
    for url, text in contents.items():
        assert not re.findall(r"\w*[a-z][A-Z]\w*", text), url


def test_sitemap_lists_generated_pages_when_the_site_has_an_address(tmp_path: Path) -> None:
    root = write_site(tmp_path / "exchange")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: https://exchange.example.org/\n")
    site = build(root)
    sitemap = (site / "sitemap.xml").read_text()
    for url in ("about/", "innovations/remote-monitoring/", "scouts/ada-example/", "browse/"):
        assert f"<loc>https://exchange.example.org/{url}</loc>" in sitemap
    assert "secret-scout" not in sitemap  # the unpublished scout
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_shared_chrome_changes_nothing_but_whitespace(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages outside the navigation reuse the tabs, navigation and script config
    rendered for another page in the same place; rendering each afresh must give
    the same pages."""
    from generator.mkdocs_plugin import writer

    monkeypatch.setattr(writer, "SHARE_CHROME", False)
    fresh = build(built_site.parent, tmp_path / "fresh")
    pages = sorted(p.relative_to(fresh) for p in fresh.rglob("*.html"))
    assert len(pages) > 20
    assert pages == sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    squash = functools.partial(re.sub, r"\s+", " ")
    differ = [
        p for p in pages if squash((fresh / p).read_text()) != squash((built_site / p).read_text())
    ]
    assert differ == []
