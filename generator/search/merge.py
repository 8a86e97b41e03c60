"""One Pagefind bundle from bundles indexed in parts.

Pagefind keeps every page of a run in memory until it writes the index (at
1.5.2, about 50 KB a page plus 350 bytes for each word it indexes), so one run
over a 20,000-page exchange takes 4 GB. The exchange indexes its pages in parts
(``pagefind.py``) and merges the parts' bundles here into one bundle with the
words, positions, filters and pages Pagefind would have written for all of them
(a site test compares them): the browser loads one index, as before. Only the
chunk boundaries differ, and with them, for very short search terms, which
longer words Pagefind's prefix matching reaches (it looks in one chunk a term).

The merged bundle also differs from Pagefind's in two ways that make the first
search smaller:

- index chunks are cut by their encoded size (:data:`CHUNK_BYTES`) rather than
  by a count of word positions, so a very common word ("at") sits in a chunk of
  its own instead of swelling the chunk its neighbours ("asthma") are fetched in;
- sort orders are not in the metadata file, which every search downloads; they
  go to ``exchange-sorts.json``, which only the browse pages load (``browse.js``).

Every file is named after its content, so the same pages give the same bytes.
The format is Pagefind's own (CBOR behind a signature, gzipped; see
``pagefind_web/src/{metadata,index}.rs`` in Pagefind's sources) at the version
pinned in ``pyproject.toml``; the site tests search a merged bundle in a browser.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import json
import os
import re
import shutil
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any

import cbor2

from generator.i18n import _
from generator.workers import fork_shared

SIGNATURE = b"pagefind_dcd"
CHUNK_BYTES = 48_000  # an index chunk's CBOR before gzip: about 16 KB sent
RANGE_BYTES = 2_000_000  # compressed chunks per parallel merge job
SORTS_FILE = "exchange-sorts.json"
_DATA = ("fragment", "index", "filter")
_URL = re.compile(rb'"url":("(?:[^"\\]|\\.)*")')

SortValues = Mapping[str, Mapping[str, str | int]]  # page URL -> sort key -> value


def _unpack(path: Path) -> bytes:
    """A Pagefind data file's CBOR, the signature checked and removed."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(_("{path} is not a Pagefind data file", path=path))
    return raw[len(SIGNATURE) :]


def read(path: Path) -> Any:
    return cbor2.loads(_unpack(path))


def _array(length: int) -> bytes:
    """A CBOR definite-length array header."""
    if length < 24:
        return bytes([0x80 | length])
    for code, size in ((0x98, 1), (0x99, 2), (0x9A, 4)):
        if length < 1 << (8 * size):
            return bytes([code]) + length.to_bytes(size, "big")
    raise ValueError(_("array too long"))


class _Names:
    """Content-derived file names (``en_1a2b3c4``), lengthened on a clash."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.used: set[str] = set()

    def __call__(self, payload: bytes, length: int = 7) -> str:
        return self.of_digest(hashlib.sha256(payload).hexdigest(), length)

    def of_digest(self, digest: str, length: int = 7) -> str:
        while f"{self.language}_{digest[:length]}" in self.used:
            length += 1
        name = f"{self.language}_{digest[:length]}"
        self.used.add(name)
        return name


def _write(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))


@dataclass
class _Part:
    root: Path
    number: int
    offset: int  # merged page number of the part's first page
    version: str
    pages: list[list[Any]]  # [fragment hash, word count]
    chunks: list[list[str]]  # [first word, last word, hash]
    filters: list[list[str]]  # [filter name, hash]
    fields: list[str]  # metadata field names, in the order meta_locs number them
    remap: list[int] = field(default_factory=list)  # field number -> merged number

    @classmethod
    def load(cls, root: Path, number: int, offset: int, language: str) -> _Part:
        entry = json.loads((root / "pagefind-entry.json").read_text(encoding="utf-8"))
        meta = read(root / f"pagefind.{entry['languages'][language]['hash']}.pf_meta")
        version, pages, chunks, filters, _sorts, *rest = meta
        return cls(root, number, offset, version, pages, chunks, filters, rest[0] if rest else [])

    def words(self, low: str, high: str | None) -> Iterator[tuple[str, int, list[Any], bytes]]:
        """The part's words from ``low`` up to (not including) ``high``, in order,
        each decoded and as its encoded bytes.

        A chunk holds the words from its first word up to the next chunk's
        first word (each possibly cut to a prefix, which sorts no later).
        """
        for n, (first, _last, name) in enumerate(self.chunks):
            following = self.chunks[n + 1][0] if n + 1 < len(self.chunks) else None
            if following is not None and following <= low:
                continue
            if high is not None and first >= high:
                break
            raw = _unpack(self.root / "index" / f"{name}.pf_index")
            stream = io.BytesIO(raw)
            decoder = cbor2.CBORDecoder(stream)
            if _array_length(stream) != 1:
                raise ValueError(_("{file} is not a Pagefind index chunk", file=name + ".pf_index"))
            for _unused in range(_array_length(stream)):
                start = stream.tell()
                word = decoder.decode()
                if low <= word[0] and (high is None or word[0] < high):
                    yield word[0], self.number, word, raw[start : stream.tell()]


def _array_length(stream: io.BytesIO) -> int:
    """Read a CBOR definite-length array header."""
    (initial,) = stream.read(1)
    if initial >> 5 != 4 or initial & 31 > 26:
        raise ValueError(_("not a definite-length CBOR array"))
    if initial & 31 < 24:
        return initial & 31
    return int.from_bytes(stream.read(1 << ((initial & 31) - 24)), "big")


def _append(merged: list[Any], pages: list[Any], part: _Part, last: int) -> int:
    """Add a part's postings for a word to the merged list; returns the last page.

    Page numbers are delta-encoded along a word's list: only the part's first
    posting changes, from its own page number to the gap after ``last``.
    """
    if not pages:
        return last
    if part.remap:
        pages = [_remap_fields(posting, part.remap) for posting in pages]
    end = part.offset + sum(posting[0] for posting in pages)
    first = pages[0]
    merged.append([part.offset + first[0] - last, *first[1:]])
    merged.extend(pages[1:])
    return end


def _remap_fields(posting: list[Any], remap: list[int]) -> list[Any]:
    # meta_locs switch field with -(number + 1); positions are not negative
    if len(posting) < 3 or not posting[2]:
        return posting
    locs = [-(remap[-x - 1] + 1) if x < 0 else x for x in posting[2]]
    return [posting[0], posting[1], locs, *posting[3:]]


def _merge_word(word: str, group: list[tuple[_Part, list[Any]]]) -> list[Any]:
    if len(group) == 1 and group[0][0].offset == 0 and not group[0][0].remap:
        return group[0][1]
    pages: list[Any] = []
    last = 0
    variants: dict[str, list[Any]] = {}
    variant_last: dict[str, int] = {}
    for part, entry in group:
        last = _append(pages, entry[1], part, last)
        for form, variant_pages in entry[2] if len(entry) > 2 else ():
            into = variants.setdefault(form, [])
            variant_last[form] = _append(into, variant_pages, part, variant_last.get(form, 0))
    return [word, pages, [[form, p] for form, p in variants.items()]]


class _ChunkWriter:
    """Index chunks cut at :data:`CHUNK_BYTES`, kept as (first word, last word,
    SHA-256 of the payload, gzipped payload) until they are named and written."""

    def __init__(self) -> None:
        self.words: list[tuple[str, bytes]] = []
        self.size = 0
        self.chunks: list[tuple[str, str, str, bytes]] = []

    def add(self, word: str, encoded: bytes) -> None:
        if self.words and self.size + len(encoded) > CHUNK_BYTES:
            self.flush()
        self.words.append((word, encoded))
        self.size += len(encoded)

    def flush(self) -> None:
        if not self.words:
            return
        payload = b"".join(
            [SIGNATURE, _array(1), _array(len(self.words)), *(e for _word, e in self.words)]
        )
        digest = hashlib.sha256(payload).hexdigest()
        packed = gzip.compress(payload, compresslevel=6, mtime=0)
        self.chunks.append((self.words[0][0], self.words[-1][0], digest, packed))
        self.words, self.size = [], 0


def _job(parts: list[_Part], job: tuple[str, Any]) -> Any:
    kind, argument = job
    if kind == "fragments":
        return _move_fragments(parts, *argument)
    return _merge_range(parts, argument)


def _merge_range(parts: list[_Part], words: tuple[str, str | None]) -> list[Any]:
    """The merged index chunks of the words in ``[low, high)``."""
    writer = _ChunkWriter()
    streams = heapq.merge(*(p.words(*words) for p in parts), key=lambda w: (w[0], w[1]))
    for word, group in groupby(streams, key=lambda w: w[0]):
        writer.add(word, _merged_bytes(word, [(parts[n], e, raw) for _key, n, e, raw in group]))
    writer.flush()
    return writer.chunks


def _merged_bytes(word: str, group: list[tuple[_Part, list[Any], bytes]]) -> bytes:
    """A word's merged entry, encoded. Re-encoding millions of postings is most
    of the work, so the parts' encoded postings are spliced together, with only
    each part's first posting encoded anew (its page number is a gap from the
    previous part's last page). Variants and renumbered metadata fields, which
    are rare, take the long way round."""
    part, entry, raw = group[0]
    if len(group) == 1 and part.offset == 0 and not part.remap:
        return raw

    def the_long_way() -> bytes:
        return cbor2.dumps(_merge_word(word, [(p, e) for p, e, _raw in group]))

    if any(p.remap or (len(e) > 2 and e[2]) for p, e, _raw in group):
        return the_long_way()
    key = cbor2.dumps(word)
    pieces = [_array(3), key, _array(sum(len(e[1]) for _part, e, _raw in group))]
    last = 0
    for part, entry, raw in group:
        pages = entry[1]
        if not pages:
            continue
        head = len(_array(len(entry))) + len(key) + len(_array(len(pages)))
        first = cbor2.dumps(pages[0])
        end = len(raw) - (1 if len(entry) > 2 else 0)  # 0x80: no variants
        if raw[head : head + len(first)] != first:  # not encoded as cbor2 would
            return the_long_way()
        pieces += [cbor2.dumps([part.offset + pages[0][0] - last, *pages[0][1:]])]
        pieces.append(raw[head + len(first) : end])
        last = part.offset + sum(posting[0] for posting in pages)
    pieces.append(_array(0))
    return b"".join(pieces)


def _word_ranges(parts: list[_Part]) -> list[tuple[str, str | None]]:
    """The word space cut into ranges of about :data:`RANGE_BYTES` of the parts'
    compressed chunks, merged in parallel. The cuts depend on the data alone,
    so the bundle is the same on any machine."""
    sizes = sorted(
        (first, (part.root / "index" / f"{name}.pf_index").stat().st_size)
        for part in parts
        for first, _last, name in part.chunks
    )
    total = sum(size for _first, size in sizes)
    count = max(1, min(16, round(total / RANGE_BYTES)))
    cuts: list[str] = []
    running = 0
    for first, size in sizes:
        if running >= total * (len(cuts) + 1) / count and (not cuts or first > cuts[-1]):
            cuts.append(first)
        running += size
    bounds: list[str | None] = ["", *cuts, None]
    return [(str(bounds[n]), bounds[n + 1]) for n in range(len(bounds) - 1)]


def _chunk_ranges(chunks: list[tuple[str, str, str]]) -> list[list[str]]:
    """Chunk ranges (first word, last word, name) trimmed to the shortest prefixes
    that tell neighbours apart, as Pagefind does (its browser code picks the
    chunks a prefix search needs from them)."""
    ranges = [list(c) for c in chunks]
    for before, after in pairwise(ranges):
        a, b = before[1], after[0]
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        if a[: common + 1] >= before[0]:
            before[1] = a[: common + 1]
        after[0] = b[: common + 1]
    return ranges


def _fragment_url(data: bytes) -> str:
    head = zlib.decompressobj(wbits=31).decompress(data, 4096)
    found = _URL.search(head)
    if not found:
        raise ValueError(_("a Pagefind fragment without a URL"))
    return json.loads(found[1])


def merge_bundles(
    parts: list[Path], out: Path, language: str, sort_values: SortValues | None = None
) -> int:
    """Merge Pagefind bundles of disjoint pages into ``out``; returns its page count.

    The parts' files are moved, not copied. ``sort_values`` gives the sort keys
    of the pages that have any, by URL without its leading slash.
    """
    loaded: list[_Part] = []
    offset = 0
    for number, root in enumerate(parts):
        part = _Part.load(root, number, offset, language)
        loaded.append(part)
        offset += len(part.pages)
    versions = {p.version for p in loaded}
    if len(versions) != 1:
        raise ValueError(
            _("parts written by different Pagefind versions: {versions}", versions=sorted(versions))
        )
    fields = sorted({name for p in loaded for name in p.fields})
    for part in loaded:
        if part.fields != fields:
            part.remap = [fields.index(name) for name in part.fields]

    out.mkdir()
    for folder in _DATA:
        (out / folder).mkdir()
    names = _Names(language)
    # The fragments are moved while the words are merged, in parallel jobs
    jobs: list[tuple[str, Any]] = [("fragments", (out / "fragment", sort_values is not None))]
    jobs += [("words", words) for words in _word_ranges(loaded)]
    (pages, urls), *merged = fork_shared(_job, loaded, jobs)
    chunks = []
    for done in merged:
        for first, last, digest, packed in done:
            name = names.of_digest(digest)
            (out / "index" / f"{name}.pf_index").write_bytes(packed)
            chunks.append((first, last, name))

    filters = _merge_filters(loaded, out / "filter", names)
    ranges = _chunk_ranges(chunks)
    meta = SIGNATURE + cbor2.dumps([versions.pop(), pages, ranges, filters, [], fields])
    meta_name = names(meta, 10)
    _write(out / f"pagefind.{meta_name}.pf_meta", meta)

    first = parts[0]
    for item in first.iterdir():
        if item.name in _DATA or item.suffix == ".pf_meta" or item.name == "pagefind-entry.json":
            continue
        if item.is_file():
            shutil.copy2(item, out / item.name)
        else:
            shutil.copytree(item, out / item.name)
    entry = json.loads((first / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"][language].update(hash=meta_name, page_count=len(pages))
    (out / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    if sort_values is not None:
        (out / SORTS_FILE).write_text(
            json.dumps(_sort_orders(pages, urls, sort_values), separators=(",", ":")),
            encoding="utf-8",
        )
    return len(pages)


def _move_fragments(
    parts: list[_Part], folder: Path, want_urls: bool
) -> tuple[list[list[Any]], list[str]]:
    pages: list[list[Any]] = []
    urls: list[str] = []
    taken: set[str] = set()
    for part in parts:
        for name, word_count in part.pages:
            source = part.root / "fragment" / f"{name}.pf_fragment"
            if want_urls:
                urls.append(_fragment_url(source.read_bytes()).lstrip("/"))
            unique, n = name, 0
            while unique in taken:  # short hashes from separate runs can clash
                n += 1
                unique = f"{name}{n}"
            taken.add(unique)
            os.replace(source, folder / f"{unique}.pf_fragment")
            pages.append([unique, word_count])
    return pages, urls


def _merge_filters(parts: list[_Part], folder: Path, names: _Names) -> list[list[str]]:
    merged: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for _name, file_hash in part.filters:
            filter_name, values = read(part.root / "filter" / f"{file_hash}.pf_filter")
            by_value = merged.setdefault(filter_name, {})
            for value, numbers in values:
                by_value.setdefault(value, []).extend(n + part.offset for n in numbers)
    listed = []
    for filter_name in sorted(merged):
        values = sorted(merged[filter_name].items())
        payload = SIGNATURE + cbor2.dumps([filter_name, [[v, p] for v, p in values]])
        name = names(payload)
        _write(folder / f"{name}.pf_filter", payload)
        listed.append([filter_name, name])
    return listed


def _sort_orders(
    pages: list[list[Any]], urls: list[str], sort_values: SortValues
) -> dict[str, list[str]]:
    """For each sort key, the fragment hashes (Pagefind's result ids) in ascending
    order of the key; ties in URL order."""
    keyed: dict[str, list[tuple[Any, str, str]]] = {}
    for (name, _page), url in zip(pages, urls, strict=True):
        for key, value in sort_values.get(url, {}).items():
            keyed.setdefault(key, []).append((value, url, name))
    return {key: [name for *_key, name in sorted(rows)] for key, rows in sorted(keyed.items())}
