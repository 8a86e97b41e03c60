"""The adoption pathway (content/pathway.yml): its model, its loading with positioned
diagnostics, the catalogue, the generated schema and field reference, and the starter
``exchange init`` writes. (The broken-content corpus has its cases too: pathway-*.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator import schema_export
from generator.catalog import Catalog
from generator.i18n import in_language
from generator.init import NewExchange, plan
from generator.loader.content import load_content
from generator.pathway import MAX_QUESTIONS, MAX_STAGES, Pathway, repeated_ids
from generator.safety.limits import PATHWAY_BYTES

REPO = Path(__file__).resolve().parents[1]
STARTER = REPO / "generator" / "init" / "templates" / "pathway.yml"
NOTE = (
    "This pathway is in English: translate its titles, descriptions and questions into the "
    "language of your content."
)


def _question(n: int, **extra: object) -> dict:
    return {"id": f"q-{n}", "text": f"Question {n}?", **extra}


def _pathway(**extra: object) -> dict:
    return {
        "title": "Adopting",
        "stages": [{"id": "one", "title": "One", "questions": [_question(1)]}],
        **extra,
    }


def _codes(data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        Pathway.model_validate(data)
    return [(err["loc"], err["type"]) for err in caught.value.errors()]


# --- the model ----------------------------------------------------------------------------


def test_a_small_pathway_is_valid_and_not_illustrative_unless_it_says_so() -> None:
    pathway = Pathway.model_validate(_pathway())
    assert (pathway.illustrative, pathway.sources, pathway.question_count) == (False, [], 1)


def test_guidance_and_sources_must_be_https() -> None:
    link = {"title": "Guide", "url": "http://example.org/guide"}
    data = _pathway(sources=[{"title": "Source", "url": "http://example.org/s"}])
    data["stages"][0]["questions"][0]["guidance"] = [link]
    assert _codes(data) == [
        (("sources", 0, "url"), "insecure-url"),
        (("stages", 0, "questions", 0, "guidance", 0, "url"), "insecure-url"),
    ]


def test_sizes_are_bounded() -> None:
    many = _pathway()
    many["stages"][0]["questions"] = [_question(n) for n in range(MAX_QUESTIONS + 1)]
    assert _codes(many) == [(("stages", 0, "questions"), "too_long")]
    stages = [{"id": f"s-{n}", "title": "S", "questions": [_question(n)]} for n in range(11)]
    assert MAX_STAGES == 10
    assert _codes(_pathway(stages=stages)) == [(("stages",), "too_long")]
    assert _codes(_pathway(stages=[])) == [(("stages",), "too_short")]
    assert _codes(_pathway(title="x" * 101)) == [(("title",), "string_too_long")]


def test_ids_are_slugs_and_fields_are_known_and_plain_text() -> None:
    data = _pathway(colour="blue")
    data["stages"][0]["id"] = "Stage One"
    data["stages"][0]["questions"][0]["text"] = "Is <b>this</b> ready?"
    assert _codes(data) == [
        (("stages", 0, "id"), "invalid-id"),
        (("stages", 0, "questions", 0, "text"), "html-not-allowed"),
        (("colour",), "extra_forbidden"),
    ]


def test_repeated_ids_are_found_where_they_are_repeated() -> None:
    data = _pathway()
    data["stages"].append({"id": "one", "title": "Two", "questions": [_question(2), _question(1)]})
    found = list(repeated_ids(Pathway.model_validate(data)))
    assert found == [
        (("stages", 1, "id"), "stage", "one"),
        (("stages", 1, "questions", 1, "id"), "question", "q-1"),
    ]


# --- loading ------------------------------------------------------------------------------


@pytest.fixture
def content(content_dir: Path) -> Path:
    shutil.copytree(
        REPO / "tests" / "broken" / "_base" / "content", content_dir, dirs_exist_ok=True
    )
    return content_dir


def test_no_pathway_file_is_no_checklist_and_no_problem(content: Path) -> None:
    loaded = load_content(content)
    assert loaded.pathway is None
    assert loaded.diagnostics == []
    assert Catalog.build(loaded).pathway is None


def test_a_valid_pathway_reaches_the_catalogue(content: Path) -> None:
    shutil.copy(STARTER, content / "pathway.yml")
    loaded = load_content(content)
    assert loaded.diagnostics == []
    catalog = Catalog.build(loaded)
    assert catalog.pathway is loaded.pathway
    assert catalog.pathway.title == "Adopting an innovation"


def test_problems_are_reported_at_their_line_and_column(content: Path) -> None:
    (content / "pathway.yml").write_text(
        "title: Adopting\n"
        "stages:\n"
        "  - id: one\n"
        "    title: One\n"
        "    questions:\n"
        "      - id: q-1\n"
        "        text: Ready?\n"
        "        guidance: [{title: Guide, url: 'http://example.org'}]\n",
        encoding="utf-8",
    )
    loaded = load_content(content)
    assert loaded.pathway is None
    [problem] = loaded.diagnostics
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "content/pathway.yml",
        8,
        40,
        "insecure-url",
    )
    assert problem.hint


def test_a_repeated_question_id_keeps_the_pathway_off_the_site(content: Path) -> None:
    text = STARTER.read_text(encoding="utf-8").replace("id: other-options", "id: local-problem")
    (content / "pathway.yml").write_text(text, encoding="utf-8")
    loaded = load_content(content)
    assert loaded.pathway is None
    [problem] = loaded.diagnostics
    lines = [n for n, line in enumerate(text.split("\n"), 1) if line.endswith("id: local-problem")]
    assert (problem.line, problem.column, problem.code) == (lines[1], 13, "duplicate-id")
    assert "local-problem" in problem.message


def test_a_yaml_mistake_is_positioned_like_any_content_file(content: Path) -> None:
    (content / "pathway.yml").write_text("title: Adopting\nstages:\n\t- id: one\n", "utf-8")
    loaded = load_content(content)
    assert loaded.pathway is None
    [problem] = loaded.diagnostics
    assert (problem.file, problem.line) == ("content/pathway.yml", 3)


# --- one schema source ----------------------------------------------------------------------


def test_the_committed_pathway_schema_is_the_models() -> None:
    committed = json.loads((REPO / "schema" / "pathway.schema.json").read_text("utf-8"))
    assert committed == schema_export.json_schema("pathway")
    assert committed["additionalProperties"] is False
    assert set(committed["required"]) == {"title", "stages"}
    assert "pathway.schema.json" not in schema_export.write(REPO / "schema", check=True)
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"]["./schema/pathway.schema.json"] == "content/pathway.yml"


def test_the_field_reference_lists_the_pathways_fields() -> None:
    rows = {row.name: row for row in schema_export.field_rows(Pathway)}
    assert {"title", "illustrative", "sources[].url", "stages[].questions[].id"} <= set(rows)
    assert rows["stages[].questions[].guidance[].url"].kind == "https address"
    assert rows["stages"].required and not rows["sources"].required
    # A list's limit is in items (it once said "at most 20 characters").
    assert (rows["stages"].limit, rows["sources"].limit) == ("1 to 10 items", "at most 20 items")
    assert rows["title"].limit == "at most 100 characters"


# --- the starter pathway -------------------------------------------------------------------


def test_the_shipped_pathway_is_the_starter_marked_illustrative_with_sources() -> None:
    assert (REPO / "content" / "pathway.yml").read_text("utf-8") == STARTER.read_text("utf-8")
    pathway = load_content(REPO / "content").pathway
    assert pathway is not None and pathway.illustrative
    assert 4 <= len(pathway.stages) <= 6
    assert all(3 <= len(stage.questions) <= 5 for stage in pathway.stages)
    assert all(1 <= sum(len(q.guidance) for q in s.questions) <= 2 for s in pathway.stages)
    assert len(pathway.sources) >= 4 and all(s.url.startswith("https://") for s in pathway.sources)


def test_init_writes_the_starter_in_english_with_a_note_to_translate_it(tmp_path: Path) -> None:
    english, _ = plan(
        NewExchange("X", "https://github.com/a/b", language="en", country="IE"), tmp_path
    )
    assert english["content/pathway.yml"] == STARTER.read_text("utf-8")
    italian, _ = plan(
        NewExchange("X", "https://github.com/a/b", language="it", country="IT"), tmp_path
    )
    note, rest = italian["content/pathway.yml"].split("\n", 1)
    # In the interface's language (English until the Italian catalogue has it).
    assert note == "# " + in_language("it", NOTE)
    assert rest == STARTER.read_text("utf-8")


def test_a_pathway_too_large_is_refused(content: Path) -> None:
    """Its checklist is a page every adoption pack shows (and prints) in place: the
    file's size is bounded (a valid pathway at every other limit would make that page
    about 200 KB)."""
    text = STARTER.read_text(encoding="utf-8")
    padding = "# " + "x" * 78 + "\n"
    text += padding * ((PATHWAY_BYTES - len(text.encode("utf-8"))) // len(padding) + 1)
    (content / "pathway.yml").write_text(text, encoding="utf-8")
    loaded = load_content(content)
    assert loaded.pathway is None
    [problem] = loaded.diagnostics
    assert (problem.line, problem.column, problem.code) == (1, 1, "pathway-too-large")
    assert f"at most {PATHWAY_BYTES}" in problem.message.replace(",", "")
