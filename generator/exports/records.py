"""One record per entry, the model every open-data output is written from.

A record is the entry's validated fields as its content file has them (so the
JSON API's schemas are the content schemas plus the additions below), with:
only published scouts named, the exchange's currency filled in, absolute URLs,
and the counts and back-references the catalogue computed once. The JSON API
writes records as they are; CSV, feeds, JSON-LD and DCAT read them.
"""

from __future__ import annotations

from typing import Any

from generator.catalog import FACETS, Catalog, facet_values
from generator.exports.site import API, PublishedSite
from generator.loader.content import Entry


def _fields(entry: Entry) -> dict[str, Any]:
    return entry.fields.model_dump(mode="json", exclude_none=True)


def _published_scouts(catalog: Catalog, entry: Entry) -> list[str]:
    return [s.id for s in catalog.scouts_of(entry)]


def _body(site: PublishedSite, entry: Entry, source: str | None) -> dict[str, str] | None:
    if not source:
        return None
    return {"html": site.body_html(entry) or "", "markdown": source}


def api_path(entry: Entry) -> str:
    """Where the API publishes an entry's own file (innovations; case studies and
    scouts are published in lists)."""
    return f"{API}innovations/{entry.id}.json"


def innovation(site: PublishedSite, entry: Entry, *, full: bool = True) -> dict[str, Any]:
    """An innovation's record; ``full`` adds its body and its case studies."""
    catalog = site.catalog
    record = _fields(entry)
    record["scouts"] = _published_scouts(catalog, entry)
    if "costs" in record:
        record["costs"].setdefault("currency", catalog.exchange.currency)
    if "image" in record:
        record["image"]["url"] = site.url(site.page_path(entry) + entry.fields.image.src)
    record = {
        "id": entry.id,
        "url": site.url(site.page_path(entry)),
        "api_url": site.url(api_path(entry)),
        **record,
        "adoptions": catalog.adoptions(entry),
        "related": [e.id for e in catalog.related.get(entry.id, [])],
    }
    if full:
        record["body"] = _body(site, entry, entry.body)
        record["case_studies"] = [
            case_study(site, cs) for cs in catalog.case_studies_of.get(entry.id, [])
        ]
    return record


def innovation_summary(site: PublishedSite, entry: Entry) -> dict[str, Any]:
    """The few fields a list of innovations shows (the API's index)."""
    f = entry.fields
    return {
        "id": entry.id,
        "url": site.url(site.page_path(entry)),
        "api_url": site.url(api_path(entry)),
        "title": f.title,
        "summary": f.summary,
        "stage": f.stage,
        "evidence_level": f.evidence.level,
        "types": list(f.types),
        "clinical_areas": list(f.clinical_areas),
        "care_settings": list(f.care_settings),
        "regions": list(f.regions),
        "organisation": f.organisation.name,
        "organisation_types": facet_values(entry, "organisation-types"),
        "adoptions": site.catalog.adoptions(entry),
        "last_reviewed": str(f.last_reviewed),
        "illustrative": f.illustrative,
    }


def case_study(site: PublishedSite, entry: Entry, *, full: bool = True) -> dict[str, Any]:
    """A case study's record; ``full`` adds its body (the list of all case studies
    leaves bodies to the innovations' files, where each is published once)."""
    record = _fields(entry)
    record["scouts"] = _published_scouts(site.catalog, entry)
    record = {
        "id": entry.id,
        "innovation": entry.innovation_id,
        "url": site.url(site.page_path(entry)),
        **record,
    }
    if full:
        record["body"] = _body(site, entry, entry.body)
    else:
        innovation = site.catalog.innovation_by_id[entry.innovation_id or ""]
        record["innovation_api_url"] = site.url(api_path(innovation))
    return record


def scout(site: PublishedSite, entry: Entry) -> dict[str, Any]:
    """A published scout (the catalogue holds no other): what their page shows."""
    record = _fields(entry)
    record.pop("publish", None)
    bio = record.pop("bio", None)
    catalog = site.catalog
    return {
        "id": entry.id,
        "url": site.url(site.page_path(entry)),
        **record,
        "bio": _body(site, entry, bio),
        "innovations": [e.id for e in catalog.innovations_of_scout.get(entry.id, [])],
        "case_studies": [e.id for e in catalog.case_studies_of_scout.get(entry.id, [])],
    }


def vocabularies(site: PublishedSite) -> dict[str, Any]:
    """Every vocabulary with its terms and how many innovations use each."""
    catalog = site.catalog
    return {
        name: {
            "label": vocabulary.label,
            "facet": name in dict(FACETS),
            "terms": [
                {
                    "id": term.id,
                    "label": term.label,
                    **({"description": term.description} if term.description else {}),
                    "innovations": len(catalog.terms[name][term.id].innovations),
                }
                for term in vocabulary.terms
            ],
        }
        for name, vocabulary in catalog.vocabularies.items()
    }
