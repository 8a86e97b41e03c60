"""Everything generated from the models is committed, and must not drift."""

from __future__ import annotations

import json
from pathlib import Path

from generator import schema_export
from generator.models import Innovation

REPO = Path(__file__).resolve().parents[1]


def test_committed_json_schemas_match_the_models() -> None:
    stale = schema_export.write(REPO / "schema", check=True)
    assert stale == [], f"run 'exchange schema': {stale} out of date"


def test_vscode_maps_yaml_files_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    assert mapping["./schema/scout.schema.json"] == "content/scouts/*.yml"
    assert mapping["./schema/vocabulary.schema.json"] == "content/vocabularies/*.yml"
    for schema in mapping:
        assert (REPO / schema).is_file()


def test_schema_forbids_unknown_fields_and_names_vocabularies() -> None:
    schema = schema_export.json_schema("innovation")
    assert schema["additionalProperties"] is False
    assert schema["properties"]["stage"]["x-vocabulary"] == "stages"
    assert set(schema["required"]) == {
        name for name, field in Innovation.model_fields.items() if field.is_required()
    }


def test_field_reference_lists_every_field() -> None:
    rows = {row.name for row in schema_export.field_rows(Innovation)}
    assert set(Innovation.model_fields) <= rows
    assert "evidence.outcomes[].measure" in rows
