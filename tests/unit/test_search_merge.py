"""The pieces of merging Pagefind bundles (``generator/search/merge.py``); the
site tests merge real bundles and compare them with Pagefind's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.search import merge
from generator.search.merge import (
    _append,
    _array,
    _chunk_ranges,
    _merge_word,
    _merged_bytes,
    _Part,
)


def part(offset: int, number: int = 0, fields: list[str] | None = None) -> _Part:
    return _Part(Path("."), number, offset, "1.5.2", [], [], [], fields or [])


def absolute(postings: list[list]) -> list[int]:
    pages, page = [], 0
    for posting in postings:
        page += posting[0]
        pages.append(page)
    return pages


def test_chunk_ranges_are_cut_to_the_prefixes_pagefind_writes() -> None:
    # The cases of Pagefind's own test of chunk_meta (pagefind/src/index/mod.rs)
    chunks = [("apple", "apple", "a"), ("apricot", "banana", "b"), ("peach", "peach", "c")]
    assert _chunk_ranges(chunks) == [
        ["apple", "apple", "a"],  # not "app": that would sort before "apple"
        ["apr", "b", "b"],
        ["p", "peach", "c"],
    ]


def test_a_words_pages_continue_across_parts() -> None:
    # page numbers are gaps along a word's list; each part's own numbering starts at 0
    first = [[2, [5]], [3, [1, 4]]]  # pages 2 and 5 of a part starting at page 0
    second = [[1, [7]], [4, [2]]]  # pages 1 and 5 of a part starting at page 10
    merged = _merge_word(
        "care", [(part(0), ["care", first, []]), (part(10, 1), ["care", second, []])]
    )
    assert merged[0] == "care"
    assert absolute(merged[1]) == [2, 5, 11, 15]
    assert [p[1] for p in merged[1]] == [[5], [1, 4], [7], [2]]


def test_variants_continue_across_parts_on_their_own() -> None:
    one = ["cafe", [[1, [3]]], [["café", [[4, [9]]]]]]
    two = ["cafe", [], [["café", [[0, [2]], [2, [8]]]]]]
    merged = _merge_word("cafe", [(part(0), one), (part(6, 1), two)])
    assert absolute(merged[1]) == [1]
    [[form, pages]] = merged[2]
    assert form == "café" and absolute(pages) == [4, 6, 8]


def test_metadata_field_numbers_follow_the_merged_field_list() -> None:
    # this part knew only "title" (its field 0); merged, "summary" comes first
    shifted = part(0, fields=["title"])
    shifted.remap = [1]
    into: list = []
    _append(into, [[0, [], [-1, 0, 2]]], shifted, 0)
    assert into == [[0, [], [-2, 0, 2]]]


def test_a_part_alone_at_page_zero_is_kept_as_it_is() -> None:
    entry = ["word", [[3, [1]]], []]
    assert _merge_word("word", [(part(0), entry)]) is entry


@pytest.mark.parametrize("length", [0, 23, 24, 255, 256, 65535, 65536])
def test_array_headers_are_cbor(length: int) -> None:
    import cbor2

    assert _array(length) + cbor2.dumps(0) * length == cbor2.dumps([0] * length)


def test_names_lengthen_on_a_clash() -> None:
    names = merge._Names("en")
    first = names.of_digest("abcdef0123")
    assert first == "en_abcdef0"
    assert names.of_digest("abcdef0199") == "en_abcdef01"


def test_spliced_entries_are_the_merged_word_encoded() -> None:
    import cbor2

    one = ["care", [[2, [5, 1], []], [3, [1, 4], [-1, 0]]], []]
    two = ["care", [[1, [7], []], [300, [2], []]], []]  # a gap that needs more bytes
    group = [(part(0), one, cbor2.dumps(one)), (part(1000, 1), two, cbor2.dumps(two))]
    merged = _merge_word("care", [(p, e) for p, e, _ in group])
    assert absolute(merged[1]) == [2, 5, 1001, 1301]
    assert _merged_bytes("care", group) == cbor2.dumps(merged)


def test_fragment_names_that_clash_across_runs_are_made_unique(tmp_path: Path) -> None:
    import gzip

    parts = []
    for n, url in enumerate(["/a/", "/b/"]):
        root = tmp_path / f"part-{n}"
        (root / "fragment").mkdir(parents=True)
        data = b'pagefind_dcd{"url":"' + url.encode() + b'","content":"x"}'
        (root / "fragment" / "en_abc1234.pf_fragment").write_bytes(gzip.compress(data))
        parts.append(_Part(root, n, n, "1.5.2", [["en_abc1234", 1]], [], [], []))
    (tmp_path / "out").mkdir()
    pages, urls = merge._move_fragments(parts, tmp_path / "out", want_urls=True)
    assert pages == [["en_abc1234", 1], ["en_abc12341", 1]]
    assert urls == ["a/", "b/"]
    moved = {p.name: gzip.decompress(p.read_bytes()) for p in (tmp_path / "out").iterdir()}
    assert b'"/b/"' in moved["en_abc12341.pf_fragment"]
