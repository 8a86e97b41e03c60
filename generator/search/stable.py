"""Make Pagefind's bundle byte-identical for the same site.

Pagefind 1.5 writes its filter files, and the filter and sort lists of its
metadata file, in hash-map order, which changes from run to run. This rewrites
them in sorted order and renames them after their new content (Pagefind's
browser code fetches them by the names listed in the metadata file and
``pagefind-entry.json``, and does not check hashes). Page-number lists are
left exactly as Pagefind wrote them: their order is meaningful.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(value: Any) -> bytes:
    return SIGNATURE + cbor2.dumps(value)


def _write(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))


def _name(payload: bytes, language: str, length: int) -> str:
    return f"{language}_{hashlib.sha256(payload).hexdigest()[:length]}"


def stabilise(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        version, pages, chunks, filters, sorts, *rest = meta
        renamed = []
        for name, old_hash in filters:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read(old)
            payload = _encode([filter_name, sorted(values, key=lambda v: v[0])])
            new_hash = _name(payload, language, 7)
            old.unlink()
            _write(bundle / "filter" / f"{new_hash}.pf_filter", payload)
            renamed.append([name, new_hash])
        payload = _encode(
            [version, pages, chunks, sorted(renamed), sorted(sorts, key=lambda s: s[0]), *rest]
        )
        new_meta = _name(payload, language, 10)
        meta_path.unlink()
        _write(bundle / f"pagefind.{new_meta}.pf_meta", payload)
        info["hash"] = new_meta
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
