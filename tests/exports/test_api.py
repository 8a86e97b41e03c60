"""The JSON API: every file the build writes is valid against its published schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.exports import api
from generator.exports.api_schema import schemas
from tests.exports.conftest import SITE_URL


def _schema_of(path: Path, root: Path) -> str:
    relative = path.relative_to(root).as_posix()
    if relative.startswith("innovations/"):
        return "innovation.schema.json"
    return relative.removesuffix(".json") + ".schema.json"


def _validator(root: Path, name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((root / "schema" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_every_file_is_valid_against_its_schema(exported_site):
    root = exported_site / "api" / "v1"
    files = sorted(p for p in root.rglob("*.json") if "schema" not in p.parts)
    kinds = {_schema_of(p, root) for p in files}
    assert kinds == set(schemas()), "a kind of file has no schema, or a schema no file"
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = list(_validator(root, _schema_of(path, root)).iter_errors(data))
        assert not errors, f"{path}: {[e.message for e in errors]}"


def test_the_schemas_refuse_what_the_api_never_writes(exported_site):
    root = exported_site / "api" / "v1"
    record = json.loads((root / "innovations" / "second-thing.json").read_text())
    validator = _validator(root, "innovation.schema.json")
    assert validator.is_valid(record)
    assert not validator.is_valid({**record, "unexpected": 1})
    assert not validator.is_valid({k: v for k, v in record.items() if k != "url"})
    assert not validator.is_valid({**record, "adoptions": -1})


def test_one_file_per_published_innovation_with_its_case_studies(exported_site):
    root = exported_site / "api" / "v1"
    index = json.loads((root / "index.json").read_text())
    assert index["version"] == 1
    assert index["schema"] == f"{SITE_URL}api/v1/schema/index.schema.json"
    ids = [item["id"] for item in index["innovations"]]
    assert ids == ["remote-monitoring", "second-thing"]
    assert sorted(p.stem for p in (root / "innovations").glob("*.json")) == ids
    record = json.loads((root / "innovations" / "remote-monitoring.json").read_text())
    assert record["url"] == f"{SITE_URL}innovations/remote-monitoring/"
    assert record["api_url"] == f"{SITE_URL}api/v1/innovations/remote-monitoring.json"
    assert record["title"] == "Remote monitoring & more <3"
    assert [cs["id"] for cs in record["case_studies"]] == ["example-hospital"]
    assert record["adoptions"] == 1
    case_study = record["case_studies"][0]
    assert (
        case_study["url"]
        == f"{SITE_URL}innovations/remote-monitoring/case-studies/example-hospital/"
    )


def test_bodies_come_as_the_markdown_written_and_the_html_shown(exported_site):
    record = json.loads(
        (exported_site / "api" / "v1" / "innovations" / "remote-monitoring.json").read_text()
    )
    body = record["body"]
    assert "<script>alert('body-script')</script>" in body["markdown"]  # as written: data
    assert "zanzibarquux" in body["html"]
    for unsafe in ("<script", "onmouseover", "javascript:", "<iframe", "<style"):
        assert unsafe not in body["html"], unsafe
    page = (exported_site / "innovations" / "remote-monitoring" / "index.html").read_text()
    assert body["html"].split("zanzibarquux")[0][-40:] in page


def test_scouts_are_published_ones_only(exported_site):
    root = exported_site / "api" / "v1"
    scouts = json.loads((root / "scouts.json").read_text())["scouts"]
    assert [s["id"] for s in scouts] == ["ada-example"]
    assert "publish" not in scouts[0]
    assert scouts[0]["innovations"] == ["remote-monitoring"]
    record = json.loads((root / "innovations" / "remote-monitoring.json").read_text())
    assert record["scouts"] == ["ada-example"]  # the file names secret-scout too


def test_vocabularies_and_statistics_count_what_is_published(exported_site):
    root = exported_site / "api" / "v1"
    vocabularies = json.loads((root / "vocabularies.json").read_text())["vocabularies"]
    regions = {t["id"]: t["innovations"] for t in vocabularies["regions"]["terms"]}
    assert regions["north-west-coast"] == 2
    assert vocabularies["regions"]["facet"] is True
    stats = json.loads((root / "stats.json").read_text())
    assert stats["counts"]["innovations"] == 2
    assert stats["counts"]["adoptions"] == 1
    assert stats["counts"]["scouts"] == 1
    assert stats["by_term"]["stages"]["spreading"] == 2
    assert stats["last_reviewed"] == "2026-05-01"


@pytest.mark.parametrize("name", sorted(schemas()))
def test_the_published_schemas_are_the_generated_ones(exported_site, name):
    published = json.loads((exported_site / api.SCHEMAS / name).read_text(encoding="utf-8"))
    assert published == schemas()[name]


def test_unchanged_content_gives_the_same_files_whatever_the_day(tmp_path):
    """Nothing in the API depends on the day of the build (reviews fall overdue as days
    pass; the files say only what the content says)."""
    from datetime import date

    from generator.catalog import Catalog
    from generator.exports import PublishedSite
    from generator.validation import validate
    from tests.site.conftest import write_site

    content, _report = validate(write_site(tmp_path / "exchange") / "content")
    days = (date(2026, 5, 2), date(2031, 1, 1))
    outputs = [
        {f.path: f.content for f in api.files(PublishedSite(Catalog.build(content, today=day)))}
        for day in days
    ]
    assert outputs[0] == outputs[1]
