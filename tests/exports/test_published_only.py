"""An unpublished scout never appears anywhere in the output: pages, search index,
open data, feeds, embeds."""

from __future__ import annotations

import gzip

HIDDEN = ("secret-scout", "Hidden Hartigan", "hidden-hartigan")


def test_no_file_of_the_site_names_the_unpublished_scout(exported_site):
    files = [p for p in exported_site.rglob("*") if p.is_file()]
    assert any(p.match("api/v1/scouts.json") for p in files)
    assert any(p.suffix == ".pf_fragment" for p in files)
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # Pagefind's files are gzip-compressed
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        for hidden in HIDDEN:
            assert hidden not in text, f"{path.relative_to(exported_site)} names {hidden!r}"
