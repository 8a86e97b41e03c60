"""CSV downloads of the innovations and case studies, for spreadsheets.

Made to open correctly in Excel as well as anywhere else: UTF-8 with a byte
order mark, RFC 4180 (CRLF line ends, every cell quoted, quotes doubled), one row
per entry, several values in one cell joined by "; ". Terms are written as
their labels, the words a reader knows (the JSON API has their ids); the header
row holds field names as the JSON API spells them, with ``_`` for a nested field
(``costs_setup``, ``organisation_type``).

Cells are text from strangers, and a spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a
formula. As OWASP's CSV injection guidance advises, such a cell (also after
leading spaces) is written with a leading apostrophe, which spreadsheets show as
text and do not run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from generator.exports.site import API, OutputFile, PublishedSite
from generator.loader.content import Entry

INNOVATIONS_CSV = f"{API}innovations.csv"
CASE_STUDIES_CSV = f"{API}case-studies.csv"
SEPARATOR = "; "
#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value: Any) -> str:
    """One cell's text, never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format(value, "g") if isinstance(value, float) else str(value)
    text = str(value)
    # Some spreadsheets skip leading spaces before they look for a formula.
    return "'" + text if text.lstrip(" \u00a0").startswith(FORMULA_STARTS) else text


def table(header: Sequence[str], rows: Iterator[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _joined(values: Any) -> str:
    return SEPARATOR.join(str(v) for v in values)


def _columns(site: PublishedSite) -> dict[str, Callable[[Entry], Any]]:
    """The innovations' columns: field name -> its cell."""
    catalog = site.catalog

    def labels(vocabulary: str, ids: Sequence[str]) -> str:
        return _joined(catalog.label(vocabulary, i) for i in ids)

    def f(entry: Entry) -> Any:
        return entry.fields

    return {
        "id": lambda e: e.id,
        "title": lambda e: f(e).title,
        "summary": lambda e: f(e).summary,
        "url": lambda e: site.url(site.page_path(e)),
        "stage": lambda e: catalog.label("stages", f(e).stage),
        "evidence_level": lambda e: catalog.label("evidence-levels", f(e).evidence.level),
        "types": lambda e: labels("innovation-types", f(e).types),
        "clinical_areas": lambda e: labels("clinical-areas", f(e).clinical_areas),
        "care_settings": lambda e: labels("care-settings", f(e).care_settings),
        "benefits": lambda e: labels("benefits", f(e).benefits),
        "regions": lambda e: labels("regions", f(e).regions),
        "organisation": lambda e: f(e).organisation.name,
        "organisation_type": lambda e: catalog.label("organisation-types", f(e).organisation.type),
        "partners": lambda e: _joined(p.name for p in f(e).partners),
        "contact_email": lambda e: f(e).contact.email if f(e).contact else None,
        "contact_url": lambda e: f(e).contact.url if f(e).contact else None,
        "outcomes": lambda e: _joined(f"{o.measure}: {o.result}" for o in f(e).evidence.outcomes),
        "costs_setup": lambda e: f(e).costs.setup if f(e).costs else None,
        "costs_annual": lambda e: f(e).costs.annual if f(e).costs else None,
        "costs_currency": lambda e: (
            (f(e).costs.currency or catalog.exchange.currency) if f(e).costs else None
        ),
        "started": lambda e: f(e).started,
        "ended": lambda e: f(e).ended,
        "last_reviewed": lambda e: f(e).last_reviewed,
        "adoptions": catalog.adoptions,
        "tags": lambda e: _joined(f(e).tags),
        "illustrative": lambda e: f(e).illustrative,
    }


def _case_study_columns(site: PublishedSite) -> dict[str, Callable[[Entry], Any]]:
    catalog = site.catalog

    def f(entry: Entry) -> Any:
        return entry.fields

    return {
        "id": lambda e: e.id,
        "innovation": lambda e: e.innovation_id,
        "innovation_title": lambda e: catalog.innovation_by_id[e.innovation_id or ""].fields.title,
        "title": lambda e: f(e).title,
        "url": lambda e: site.url(site.page_path(e)),
        "organisation": lambda e: f(e).organisation.name,
        "organisation_type": lambda e: catalog.label("organisation-types", f(e).organisation.type),
        "region": lambda e: catalog.label("regions", f(e).region),
        "adopted": lambda e: f(e).adopted,
        "status": lambda e: catalog.label("adoption-statuses", f(e).status),
        "outcomes": lambda e: _joined(f"{o.measure}: {o.result}" for o in f(e).outcomes),
        "last_reviewed": lambda e: f(e).last_reviewed,
        "illustrative": lambda e: f(e).illustrative,
    }


def files(site: PublishedSite) -> Iterator[OutputFile]:
    for path, columns, entries in (
        (INNOVATIONS_CSV, _columns(site), site.catalog.innovations),
        (CASE_STUDIES_CSV, _case_study_columns(site), site.catalog.case_studies),
    ):
        cells = list(columns.values())
        rows = ([column(entry) for column in cells] for entry in entries)
        yield OutputFile(path, table(list(columns), rows))
