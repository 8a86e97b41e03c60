"""The static JSON API under ``api/v1/``: the catalogue as files, and their schemas.

- ``index.json``: every published innovation, with the fields a list needs;
- ``innovations/<id>.json``: one innovation in full, with its case studies and
  its body as rendered HTML and as the Markdown written;
- ``case-studies.json`` (their fields; each body is in its innovation's file),
  ``scouts.json`` (published scouts only: the catalogue
  holds no other), ``vocabularies.json`` (terms with counts), ``stats.json``;
- ``schema/<kind>.schema.json``: a JSON Schema for each kind of file.

The path carries the version: an incompatible change goes to ``v2`` beside it.
Files are compact JSON in UTF-8, written in a stable order.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from generator.exports import records
from generator.exports.api_schema import schemas
from generator.exports.site import API, OutputFile, PublishedSite

INDEX = f"{API}index.json"
INNOVATIONS = f"{API}innovations/"
CASE_STUDIES = f"{API}case-studies.json"
SCOUTS = f"{API}scouts.json"
VOCABULARIES = f"{API}vocabularies.json"
STATS = f"{API}stats.json"
SCHEMAS = f"{API}schema/"
VERSION = 1


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _listing(site: PublishedSite, path: str, schema: str, key: str, items: Any) -> OutputFile:
    """A file of the API holding one collection under ``key``, with its version and schema."""
    body = {"version": VERSION, "schema": site.url(f"{SCHEMAS}{schema}"), key: items}
    return OutputFile(path, encode(body))


def files(site: PublishedSite) -> Iterator[OutputFile]:
    catalog = site.catalog
    yield _listing(
        site,
        INDEX,
        "index.schema.json",
        "innovations",
        [records.innovation_summary(site, e) for e in catalog.innovations],
    )
    for entry in catalog.innovations:
        yield OutputFile(records.api_path(entry), encode(records.innovation(site, entry)))
    yield _listing(
        site,
        CASE_STUDIES,
        "case-studies.schema.json",
        "case_studies",
        [records.case_study(site, e, full=False) for e in catalog.case_studies],
    )
    yield _listing(
        site,
        SCOUTS,
        "scouts.schema.json",
        "scouts",
        [records.scout(site, e) for e in catalog.scouts],
    )
    yield _listing(
        site,
        VOCABULARIES,
        "vocabularies.schema.json",
        "vocabularies",
        records.vocabularies(site),
    )
    yield OutputFile(STATS, encode(stats(site)))
    for name, schema in schemas().items():
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        yield OutputFile(f"{SCHEMAS}{name}", text.encode("utf-8"))


def stats(site: PublishedSite) -> dict[str, Any]:
    """Catalogue statistics: counts, innovations per term, adoptions per year, the newest
    review."""
    catalog = site.catalog
    years = Counter(str(cs.fields.adopted)[:4] for cs in catalog.case_studies if cs.fields.adopted)
    reviewed = [str(e.fields.last_reviewed) for e in catalog.innovations]
    return {
        "version": VERSION,
        "schema": site.url(f"{SCHEMAS}stats.schema.json"),
        # Counts of what the content says; nothing that depends on the day of the build
        # (which reviews are overdue), so unchanged content gives the same file.
        "counts": catalog.counts,
        "by_term": {
            name: {term_id: len(term.innovations) for term_id, term in terms.items()}
            for name, terms in catalog.terms.items()
        },
        "adoptions_by_year": dict(sorted(years.items())),
        "last_reviewed": max(reviewed) if reviewed else None,
    }
