"""Text fields holding the template's note (or the field's description) instead of an
answer, or only a placeholder: errors, with the model's example of a good answer."""

from __future__ import annotations

import re

import pytest

from generator import scaffold
from generator.i18n import in_language
from generator.models import CaseStudy, Innovation, Organisation, Scout
from generator.rules import quality
from generator.rules.context import RuleContext
from generator.scaffold import FIELD_NOTES
from tests.test_rules import INDEX, TODAY, Exchange, run

SUMMARY_NOTE = FIELD_NOTES[Innovation, "summary"]


def _hints(content) -> list[str]:
    return [d.hint for d in quality.prompts_in_fields(RuleContext(content, TODAY))]


@pytest.mark.parametrize(
    "summary",
    [
        SUMMARY_NOTE,  # the note above it, copied
        SUMMARY_NOTE.removeprefix("REQUIRED. "),
        "what it is and what it achieves",  # a piece of it
        "One or two plain sentences: what it is and what it achieves.",  # its description
        in_language("it", SUMMARY_NOTE),  # in another language the project ships
    ],
)
def test_the_summary_note_copied_into_the_summary(ex: Exchange, summary: str) -> None:
    ex.innovation(summary=summary)
    # Line 3, column 10: the value after "summary: ".
    assert run(quality.prompts_in_fields, ex.load()) == [(INDEX, 3, 10, "error", "prompt-left")]


@pytest.mark.parametrize("title", ["TODO", "TBC", "n/a", "-", "...", "REQUIRED"])
def test_a_placeholder_in_a_required_field(ex: Exchange, title: str) -> None:
    ex.innovation(title=title)
    content = ex.load()
    assert run(quality.prompts_in_fields, content) == [(INDEX, 2, 8, "error", "placeholder-text")]
    # The example comes from the model's examples=.
    assert _hints(content) == ["For example: Remote monitoring for people with COPD"]


def test_nested_fields_and_their_examples(ex: Exchange) -> None:
    ex.innovation(
        organisation={"name": "Its full name.", "type": "provider"},
        evidence={"level": "local-evaluation", "outcomes": [{"measure": "tbc", "result": "x"}]},
    )
    content = ex.load()
    assert [code for *_, code in run(quality.prompts_in_fields, content)] == [
        "prompt-left",
        "placeholder-text",
    ]
    messages = [d.message for d in quality.prompts_in_fields(RuleContext(content, TODAY))]
    assert messages == [
        "'organisation.name' still holds the template's note on it",
        "'evidence.outcomes[0].measure' holds only a placeholder, not an answer",
    ]
    assert _hints(content) == [
        "Replace it with your own words. For example: Example Community Health NHS Trust",
        "For example: Emergency admissions",
    ]


def test_answers_that_share_words_with_a_note_pass(ex: Exchange) -> None:
    ex.innovation(
        summary="A plain app: it shows what it is and what it costs.",
        title="Its full name matters",
        contact={"name": "Service lead"},  # the example in Contact.name's description
    )
    ex.case_study(title="A short programme for Blackpool")
    assert run(quality.prompts_in_fields, ex.load()) == []


def test_a_placeholder_in_an_optional_field_is_not_an_error(ex: Exchange) -> None:
    ex.innovation(contact={"name": "n/a", "email": "team@example.org"})
    assert run(quality.prompts_in_fields, ex.load()) == []


def test_scouts_are_checked_only_when_published(ex: Exchange) -> None:
    ex.innovation()
    ex.scout(role="Your job title")
    ex.scout(slug="not-shown", role="Your job title", publish=False)
    assert run(quality.prompts_in_fields, ex.load()) == [
        ("scouts/jane-doe.yml", 5, 7, "error", "prompt-left")  # role, after 4 fields
    ]


def test_the_notes_are_those_the_scaffold_writes(ex: Exchange) -> None:
    """One source: each note the rule knows is written by ``exchange new`` above its field."""
    ex.innovation(slug="base")
    ex.scout()
    written = "\n".join(
        path.read_text("utf-8")
        for path in (
            scaffold.new_innovation(ex.root, "Falls at home", today=TODAY),
            scaffold.new_case_study(ex.root, "base", "Fylde Trust", today=TODAY),
            scaffold.new_scout(ex.root, "Ada Example"),
        )
    )
    for (model, name), note in FIELD_NOTES.items():
        indent = "  " if model is Organisation else ""
        above = scaffold._note(note, indent)  # as written, wrapped
        assert re.search(rf"{re.escape(above)}\n{indent}(# )?{name}:", written), (model, name)


def test_every_required_text_field_has_an_example() -> None:
    from generator.models import Image, Link, Outcome, Reference

    missing = [
        f"{model.__name__}.{name}"
        for model in (Innovation, CaseStudy, Scout, Organisation, Outcome, Reference, Link, Image)
        for name, field in model.model_fields.items()
        if quality._is_text(model, name) and field.is_required() and not field.examples
    ]
    assert missing == []


def test_text_fields_are_told_from_ids_dates_and_addresses() -> None:
    assert quality._is_text(Innovation, "summary")
    assert quality._is_text(Scout, "role")  # PlainText | None
    assert not quality._is_text(Innovation, "stage")
    assert not quality._is_text(Innovation, "last_reviewed")
    assert not quality._is_text(Organisation, "website")
