"""Open data: the catalogue written as files other programs read.

One module per output, each with ``files(site)`` yielding the files it publishes,
all from the same records (``records.py``): the JSON API and its schemas
(``api.py``, ``api_schema.py``), CSV downloads (``csv_files.py``), Atom and JSON
feeds (``feeds.py``), the DCAT-AP description (``dcat.py``) and the embeddable
views (``embeds.py``). Structured data for the pages' heads (``structured_data.py``)
goes into the pages instead. No MkDocs import: the plugin calls :func:`write`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.exports import api, csv_files, dcat, embeds, feeds
from generator.exports.site import API, LOCAL_URL, OutputFile, PublishedSite, check_site_url
from generator.i18n import _

#: name -> the function yielding its files, in the order they are written.
EXPORTS: dict[str, Callable[[PublishedSite], Iterable[OutputFile]]] = {
    "json": api.files,
    "csv": csv_files.files,
    "feeds": feeds.files,
    "dcat": dcat.files,
    "embeds": embeds.files,
}


def write(
    site: PublishedSite,
    folder: Path,
    outputs: Mapping[str, Callable[[PublishedSite], Iterable[OutputFile]]] = EXPORTS,
) -> dict[str, float]:
    """Write every export (or these ``outputs``: the adoption packs, say) into ``folder``
    (the built site); seconds each took."""
    root = folder.resolve()
    made: set[Path] = set()
    seconds: dict[str, float] = {}
    for name, export in outputs.items():
        started = time.perf_counter()
        for output in export(site):
            target = (root / output.path).resolve()
            # Paths are made from validated ids; this is the last guard all the same.
            if not target.is_relative_to(root) or target == root:
                raise ValueError(
                    _("An export tried to write outside the site: {path}", path=output.path)
                )
            if target.parent not in made:
                os.makedirs(target.parent, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(output.content)
        seconds[name] = time.perf_counter() - started
    return seconds


__all__ = [
    "API",
    "EXPORTS",
    "LOCAL_URL",
    "OutputFile",
    "PublishedSite",
    "check_site_url",
    "write",
]
