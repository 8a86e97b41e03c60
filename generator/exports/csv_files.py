"""(being written) CSV downloads of innovations and case studies."""

from __future__ import annotations

from collections.abc import Iterator

from generator.exports.site import API, OutputFile, PublishedSite

INNOVATIONS_CSV = f"{API}innovations.csv"
CASE_STUDIES_CSV = f"{API}case-studies.csv"


def files(site: PublishedSite) -> Iterator[OutputFile]:
    yield from ()
