"""(being written)"""

from __future__ import annotations

from collections.abc import Iterator

from generator.exports.site import OutputFile, PublishedSite


def files(site: PublishedSite) -> Iterator[OutputFile]:
    yield from ()
