"""(being written) The JSON API under api/v1/."""

from __future__ import annotations

from collections.abc import Iterator

from generator.exports.site import API, OutputFile, PublishedSite

INDEX = f"{API}index.json"  # every published innovation, the fields a list needs
INNOVATIONS = f"{API}innovations/"  # one file per innovation: <id>.json
CASE_STUDIES = f"{API}case-studies.json"
SCOUTS = f"{API}scouts.json"
VOCABULARIES = f"{API}vocabularies.json"
STATS = f"{API}stats.json"
SCHEMAS = f"{API}schema/"


def files(site: PublishedSite) -> Iterator[OutputFile]:
    yield from ()
