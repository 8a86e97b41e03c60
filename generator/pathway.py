"""The adoption pathway: ``content/pathway.yml``, the stages and questions of the
readiness checklist on every innovation's adoption pack.

Optional: an exchange without the file has no checklist (and no error). Its own
module beside :mod:`generator.models`, as :mod:`generator.exchange` is: it is not
an entry but a setting of the whole exchange. The JSON Schema and the field
reference are generated from these models like every other file's.

Ids must be unique (stage ids among the stages, question ids across the whole
pathway: the visitor's answers are kept by question id). The models cannot say
where a repeated id is written, so :func:`repeated_ids` gives the paths and the
loader reports each at its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from generator.i18n import N_
from generator.models import ContentModel, Link
from generator.scalars import HttpsUrl, PlainText, Slug, StrictBool, plain_number, text

FILE = "pathway.yml"

# Bounds for a checklist a person can work through (not safety limits: those are
# far larger, in generator.safety.limits); a longer list is one error at its line.
MAX_STAGES = 10
MAX_QUESTIONS = 12  # per stage
MAX_GUIDANCE = 5  # links per question
MAX_SOURCES = 20


class Source(ContentModel):
    """A publication the pathway draws on, cited under the checklist."""

    title: PlainText = text(
        300, N_("The publication's title."), examples=[N_("The spread challenge")]
    )
    url: HttpsUrl = Field(description=N_("Where to read it (https)."))
    publisher: PlainText | None = text(
        150, N_("Who published it, e.g. a journal or an agency."), default=None
    )
    year: int | None = Field(None, ge=1900, le=2100, description=N_("Year of publication."))

    _plain_year = field_validator("year", mode="before")(plain_number)


class Question(ContentModel):
    """One thing an adopting team checks it has done or knows."""

    id: Slug = Field(
        description=N_(
            "The question's id, unique in the pathway: a visitor's answers are kept by it."
        )
    )
    text: PlainText = text(
        300,
        N_("The question, answered by ticking it."),
        examples=[N_("Have you described the problem locally, with numbers?")],
    )
    guidance: list[Link] = Field(
        max_length=MAX_GUIDANCE,
        default_factory=list,
        description=N_("Published guidance that helps answer it."),
    )


class Stage(ContentModel):
    """One stage of adopting an innovation, with its questions."""

    id: Slug = Field(description=N_("The stage's id, unique in the pathway."))
    title: PlainText = text(
        100, N_("The stage's name."), examples=[N_("Understand the need and the fit")]
    )
    description: PlainText | None = text(500, N_("What the stage is about."), default=None)
    questions: list[Question] = Field(
        min_length=1, max_length=MAX_QUESTIONS, description=N_("The stage's questions, in order.")
    )


class Pathway(ContentModel):
    """``content/pathway.yml``: the readiness checklist of every adoption pack."""

    title: PlainText = text(100, N_("The pathway's name."), examples=[N_("Adopting an innovation")])
    description: PlainText | None = text(
        1000, N_("What the checklist is for and how to use it."), default=None
    )
    illustrative: StrictBool = Field(
        False,
        description=N_(
            "True for an example pathway: the checklist says it is illustrative, not guidance "
            "of this exchange."
        ),
    )
    sources: list[Source] = Field(
        max_length=MAX_SOURCES,
        default_factory=list,
        description=N_("The publications the pathway is based on, cited under the checklist."),
    )
    stages: list[Stage] = Field(
        min_length=1, max_length=MAX_STAGES, description=N_("The stages, in order.")
    )

    @property
    def question_count(self) -> int:
        return sum(len(stage.questions) for stage in self.stages)


def repeated_ids(pathway: Pathway) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(where, "stage" or "question", id) for each id already used before it."""
    stages: set[str] = set()
    questions: set[str] = set()
    for i, stage in enumerate(pathway.stages):
        if stage.id in stages:
            yield ("stages", i, "id"), "stage", stage.id
        stages.add(stage.id)
        for j, question in enumerate(stage.questions):
            if question.id in questions:
                yield ("stages", i, "questions", j, "id"), "question", question.id
            questions.add(question.id)
