"""JSON Schemas of the JSON API's files, generated from the content models.

A record is an entry's content fields plus what the catalogue adds (records.py),
so each schema is the model's own JSON Schema (the one source of truth, as for
``schema/``) with those additions: nothing here restates a field. The API
publishes them under ``api/v1/schema/``; the tests validate every file the
build writes against them.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from generator.models import CaseStudy, Innovation, Scout
from generator.schema_export import SCHEMA_DRAFT

_URL = {"type": "string", "format": "uri"}
_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
_IDS = {"type": "array", "items": _ID}
_COUNT = {"type": "integer", "minimum": 0}
_BODY = {
    "description": "The Markdown as written and the HTML the site shows (sanitised).",
    "anyOf": [
        {
            "type": "object",
            "properties": {"html": {"type": "string"}, "markdown": {"type": "string"}},
            "required": ["html", "markdown"],
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
}


def _model(model: Any) -> dict[str, Any]:
    return copy.deepcopy(model.model_json_schema(mode="serialization"))


def _extend(schema: dict[str, Any], first: dict[str, Any], last: dict[str, Any]) -> None:
    """Add the record's own properties around the model's, all of them required."""
    schema["properties"] = {**first, **schema["properties"], **last}
    schema["required"] = [*first, *schema.get("required", []), *last]


@functools.cache
def case_study_record() -> dict[str, Any]:
    schema = _model(CaseStudy)
    schema["properties"]["scouts"]["description"] = "Published scouts only."
    _extend(schema, {"id": _ID, "innovation": _ID, "url": _URL}, {"body": _BODY})
    return schema


@functools.cache
def case_study_listed() -> dict[str, Any]:
    """A case study in the list of them all: its body is left to its innovation's file."""
    schema = copy.deepcopy(case_study_record())
    del schema["properties"]["body"]
    schema["required"].remove("body")
    schema["properties"]["innovation_api_url"] = _URL
    schema["required"].append("innovation_api_url")
    return schema


@functools.cache
def innovation_record() -> dict[str, Any]:
    schema = _model(Innovation)
    image = schema["$defs"]["Image"]
    image["properties"]["url"] = _URL
    image["required"] = [*image.get("required", []), "url"]
    schema["properties"]["scouts"]["description"] = "Published scouts only."
    case_study = copy.deepcopy(case_study_record())
    schema["$defs"].update(case_study.pop("$defs", {}))
    schema["$defs"]["CaseStudyRecord"] = case_study
    _extend(
        schema,
        {"id": _ID, "url": _URL, "api_url": _URL},
        {
            "adoptions": _COUNT,
            "related": _IDS,
            "body": _BODY,
            "case_studies": {"type": "array", "items": {"$ref": "#/$defs/CaseStudyRecord"}},
        },
    )
    return schema


@functools.cache
def innovation_summary() -> dict[str, Any]:
    """A list's fields, each described as the innovation's own field is."""
    full = innovation_record()
    own = full["properties"]
    properties = {
        "id": _ID,
        "url": _URL,
        "api_url": _URL,
        "title": own["title"],
        "summary": own["summary"],
        "stage": own["stage"],
        "evidence_level": full["$defs"]["Evidence"]["properties"]["level"],
        "types": own["types"],
        "clinical_areas": own["clinical_areas"],
        "care_settings": own["care_settings"],
        "regions": own["regions"],
        "organisation": full["$defs"]["Organisation"]["properties"]["name"],
        "organisation_types": {
            "type": "array",
            "items": full["$defs"]["Organisation"]["properties"]["type"],
            "description": "The types of the leading and partner organisations.",
        },
        "adoptions": _COUNT,
        "last_reviewed": own["last_reviewed"],
        "illustrative": own["illustrative"],
    }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


@functools.cache
def scout_record() -> dict[str, Any]:
    schema = _model(Scout)
    for dropped in ("publish", "bio"):
        schema["properties"].pop(dropped, None)
        if dropped in schema.get("required", []):
            schema["required"].remove(dropped)
    _extend(
        schema,
        {"id": _ID, "url": _URL},
        {"bio": _BODY, "innovations": _IDS, "case_studies": _IDS},
    )
    return schema


def _listing(key: str, item: dict[str, Any]) -> dict[str, Any]:
    """A file holding one list of records, with the records' ``$defs`` lifted to the top."""
    item = copy.deepcopy(item)
    defs = item.pop("$defs", {})
    return {
        "type": "object",
        "properties": {
            "version": {"const": 1},
            "schema": _URL,
            key: {"type": "array", "items": item},
        },
        "required": ["version", "schema", key],
        "additionalProperties": False,
        **({"$defs": defs} if defs else {}),
    }


_TERM = {
    "type": "object",
    "properties": {
        "id": _ID,
        "label": {"type": "string"},
        "description": {"type": "string"},
        "innovations": _COUNT,
    },
    "required": ["id", "label", "innovations"],
    "additionalProperties": False,
}
_VOCABULARIES = {
    "type": "object",
    "properties": {
        "version": {"const": 1},
        "schema": _URL,
        "vocabularies": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "facet": {"type": "boolean"},
                    "terms": {"type": "array", "items": _TERM},
                },
                "required": ["label", "facet", "terms"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["version", "schema", "vocabularies"],
    "additionalProperties": False,
}
_STATS = {
    "type": "object",
    "properties": {
        "version": {"const": 1},
        "schema": _URL,
        "counts": {
            "type": "object",
            "properties": {
                name: _COUNT for name in ("innovations", "adoptions", "organisations", "scouts")
            },
            "required": ["innovations", "adoptions", "organisations", "scouts"],
            "additionalProperties": False,
        },
        "by_term": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": _COUNT},
        },
        "adoptions_by_year": {"type": "object", "additionalProperties": _COUNT},
        "last_reviewed": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["version", "schema", "counts", "by_term", "adoptions_by_year", "last_reviewed"],
    "additionalProperties": False,
}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every kind of file under ``api/v1/``."""
    found = {
        "index": _listing("innovations", innovation_summary()),
        "innovation": innovation_record(),
        "case-studies": _listing("case_studies", case_study_listed()),
        "scouts": _listing("scouts", scout_record()),
        "vocabularies": _VOCABULARIES,
        "stats": _STATS,
    }
    return {
        f"{name}.schema.json": {"$schema": SCHEMA_DRAFT, "$id": f"{name}.schema.json", **schema}
        for name, schema in found.items()
    }
