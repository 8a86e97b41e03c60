"""The content contract: the one source of truth for every field.

The JSON Schema files in ``schema/``, the issue forms, the field reference in
the documentation and the validator are all generated from, or driven by, these
models. Cross-file rules (vocabulary terms exist, scouts exist, images exist)
live in ``generator.rules``; these models check each file on its own.

Custom error types (``PydanticCustomError("invalid-date", …)``) become the
diagnostic codes users see, so they are named for the mistake, not the check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.i18n import N_, _
from generator.safety.limits import LIST_ITEMS, VOCABULARY_TERMS
from generator.scalars import (
    MAX_AMOUNT,
    DateText,
    Email,
    HttpsUrl,
    PlainText,
    Slug,
    StrictBool,
    Text,
    check_relative_file,
    plain_number,
    text,
    vocabulary,
)


class ContentModel(BaseModel):
    """Base for every content shape: misspelt fields are errors, never dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


# --- shared shapes -----------------------------------------------------------


class Organisation(ContentModel):
    """An organisation: the lead of an innovation, a partner, an adopter or a scout's employer."""

    name: Text = text(
        150,
        N_("The organisation's full name."),
        examples=[N_("Example Community Health NHS Trust")],
    )
    type: Slug = Field(
        description=N_("The kind of organisation."),
        json_schema_extra=vocabulary("organisation-types"),
    )
    website: HttpsUrl | None = Field(None, description=N_("Its website (https)."))


class Contact(ContentModel):
    """How to reach the team behind an innovation (published: use a team address)."""

    name: Text | None = text(100, N_("A team or role, e.g. 'Service lead'."), default=None)
    email: Email | None = Field(None, description=N_("A team email address; it is published."))
    url: HttpsUrl | None = Field(None, description=N_("A contact page (https)."))


class ScoutContact(ContentModel):
    """How to reach a scout who agreed to a public profile."""

    email: Email | None = Field(
        None, description=N_("An email address the scout agrees to publish.")
    )
    url: HttpsUrl | None = Field(None, description=N_("A profile page (https)."))


class Outcome(ContentModel):
    """One measured result."""

    measure: Text = text(150, N_("What was measured."), examples=[N_("Emergency admissions")])
    result: Text = text(
        300, N_("What changed, with numbers."), examples=[N_("30% fewer over 12 months")]
    )
    source: HttpsUrl | None = Field(None, description=N_("Where the figure is published (https)."))


class Reference(ContentModel):
    """A published evaluation, paper or report."""

    title: Text = text(
        300, N_("The title of the publication."), examples=[N_("Service evaluation 2023")]
    )
    url: HttpsUrl | None = Field(None, description=N_("Where to read it (https)."))
    year: int | None = Field(None, ge=1900, le=2100, description=N_("Year of publication."))

    _plain_year = field_validator("year", mode="before")(plain_number)


class Link(ContentModel):
    """A related web page."""

    title: Text = text(150, N_("The link text."), examples=[N_("Service page")])
    url: HttpsUrl = Field(description=N_("The address (https)."))


class Evidence(ContentModel):
    """How well the innovation is proven."""

    level: Slug = Field(
        description=N_("The strongest evidence available."),
        json_schema_extra=vocabulary("evidence-levels"),
    )
    outcomes: list[Outcome] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Measured results.")
    )
    references: list[Reference] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Evaluations, papers, reports.")
    )


def _amount(description: str) -> Any:
    """An optional sum of money: finite, not negative, at most MAX_AMOUNT."""
    return Field(
        None,
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description=description,
    )


class Costs(ContentModel):
    """What it costs to adopt."""

    setup: float | None = _amount(N_("One-off cost to set up (at most 1000000000000)."))
    annual: float | None = _amount(N_("Running cost per year (at most 1000000000000)."))
    currency: str | None = Field(
        None,
        pattern=r"^[A-Z]{3}$",
        description=N_("ISO 4217 code, e.g. EUR; the exchange's currency when left out."),
    )
    notes: Text | None = text(500, N_("What the costs cover."), default=None)

    _plain_amounts = field_validator("setup", "annual", mode="before")(plain_number)


class Image(ContentModel):
    """A picture shown on the innovation's page."""

    src: Annotated[str, AfterValidator(check_relative_file)] = Field(
        max_length=200,
        description=N_("A file in the innovation's folder (png, jpg, jpeg, webp or svg)."),
    )
    alt: Text = text(
        250,
        N_("What the picture shows, for people who cannot see it (required)."),
        examples=[N_("The pathway from a home reading to a call from the nurse")],
    )


# --- the three kinds of entry -------------------------------------------------


class Innovation(ContentModel):
    """An innovation: ``content/innovations/<id>/index.md`` front matter."""

    title: PlainText = text(
        100, N_("The innovation's name."), examples=[N_("Remote monitoring for people with COPD")]
    )
    summary: PlainText = text(
        300,
        N_("One or two plain sentences: what it is and what it achieves."),
        examples=[
            N_(
                "People with COPD record their symptoms at home, and a community team acts "
                "on early warning signs."
            )
        ],
    )
    stage: Slug = Field(
        description=N_("How far it has got."), json_schema_extra=vocabulary("stages")
    )
    types: list[Slug] = Field(
        max_length=LIST_ITEMS,
        min_length=1,
        description=N_("What kind of innovation it is."),
        json_schema_extra=vocabulary("innovation-types"),
    )
    clinical_areas: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Clinical areas it serves."),
        json_schema_extra=vocabulary("clinical-areas"),
    )
    care_settings: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Where care is given."),
        json_schema_extra=vocabulary("care-settings"),
    )
    benefits: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("What it improves."),
        json_schema_extra=vocabulary("benefits"),
    )
    regions: list[Slug] = Field(
        max_length=LIST_ITEMS,
        min_length=1,
        description=N_("Regions where it is used."),
        json_schema_extra=vocabulary("regions"),
    )
    organisation: Organisation = Field(description=N_("Who leads it."))
    partners: list[Organisation] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Partner organisations.")
    )
    scouts: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Ids of scouts who champion it (files in content/scouts/)."),
    )
    contact: Contact | None = Field(None, description=N_("How to reach the team."))
    evidence: Evidence = Field(description=N_("Evidence of success."))
    costs: Costs | None = Field(None, description=N_("What it costs."))
    nice_esf_tier: Literal["A", "B", "C"] | None = Field(
        None,
        description=N_("NICE Evidence Standards Framework tier, for digital health technologies."),
    )
    started: DateText | None = Field(None, description=N_("When it started."))
    ended: DateText | None = Field(None, description=N_("When it ended, if it has."))
    last_reviewed: DateText = Field(
        description=N_("When this entry was last checked; a review falls due 12 months later.")
    )
    tags: list[Annotated[Text, Field(max_length=100)]] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Free keywords.")
    )
    links: list[Link] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Related web pages.")
    )
    image: Image | None = Field(None, description=N_("A picture for the innovation's page."))
    illustrative: StrictBool = Field(
        False,
        description=(
            N_(
                "True for an invented example entry: the site shows a banner saying its figures "
                "are not evidence."
            )
        ),
    )


class CaseStudy(ContentModel):
    """One adoption of an innovation at one organisation: ``case-studies/<id>.md`` front matter."""

    title: PlainText = text(
        100,
        N_("A short title for this adoption."),
        examples=[N_("Blackpool adopts remote COPD monitoring")],
    )
    organisation: Organisation = Field(description=N_("The adopting organisation."))
    region: Slug = Field(
        description=N_("The region of the adoption."), json_schema_extra=vocabulary("regions")
    )
    adopted: DateText | None = Field(None, description=N_("When it was adopted."))
    status: Slug = Field(
        description=N_("Where the adoption stands."),
        json_schema_extra=vocabulary("adoption-statuses"),
    )
    scouts: list[Slug] = Field(
        max_length=LIST_ITEMS, default_factory=list, description=N_("Ids of scouts involved.")
    )
    outcomes: list[Outcome] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Measured results at this organisation."),
    )
    last_reviewed: DateText = Field(description=N_("When this case study was last checked."))
    illustrative: StrictBool = Field(False, description=N_("True for an invented example."))


class Scout(ContentModel):
    """An innovation scout: ``content/scouts/<id>.yml``."""

    name: PlainText = text(100, N_("The scout's name."), examples=[N_("Jane Doe")])
    role: PlainText | None = text(150, N_("Job title."), default=None)
    organisation: Organisation = Field(description=N_("Where the scout works."))
    region: Slug = Field(
        description=N_("The scout's region."), json_schema_extra=vocabulary("regions")
    )
    joined: DateText | None = Field(None, description=N_("When they became a scout."))
    status: Literal["active", "alumni"] = Field("active", description=N_("active or alumni."))
    interests: list[Slug] = Field(
        max_length=LIST_ITEMS,
        default_factory=list,
        description=N_("Ids from the clinical-areas or innovation-types vocabularies."),
        json_schema_extra=vocabulary("clinical-areas innovation-types"),
    )
    bio: Text | None = text(1500, N_("A short biography (Markdown)."), default=None)
    contact: ScoutContact | None = Field(None, description=N_("Published contact details."))
    publish: StrictBool = Field(
        description=(
            N_(
                "The scout's consent to a public profile. false: the file stays valid but "
                "nothing of it is published."
            )
        )
    )
    illustrative: StrictBool = Field(False, description=N_("True for an invented example profile."))


#: A tile map is at most this many squares wide and high (a country's regions, not a world).
MAX_TILE = 30


class Tile(ContentModel):
    """A region's square on a tile map: columns and rows counted from 0 at the top left."""

    column: int = Field(ge=0, le=MAX_TILE, description=N_("Its column, from 0 on the left."))
    row: int = Field(ge=0, le=MAX_TILE, description=N_("Its row, from 0 at the top."))

    _plain = field_validator("column", "row", mode="before")(plain_number)


class Coordinates(ContentModel):
    """A region's point on a map, in degrees (WGS 84), e.g. its main city."""

    latitude: float = Field(
        ge=-90, le=90, allow_inf_nan=False, description=N_("Degrees north (negative: south).")
    )
    longitude: float = Field(
        ge=-180, le=180, allow_inf_nan=False, description=N_("Degrees east (negative: west).")
    )


class Term(ContentModel):
    """One term of a vocabulary."""

    id: Slug = Field(description=N_("The term's id, used in content files."))
    label: Text = text(80, N_("The term as shown on the site."))
    description: Text | None = text(400, N_("What the term covers."), default=None)
    short: PlainText | None = text(
        5,
        N_("Regions only: the label on its map tile, e.g. GM; its initials when left out."),
        default=None,
    )
    tile: Tile | None = Field(
        None, description=N_("Regions only: its square on a tile map (or give coordinates).")
    )
    coordinates: Coordinates | None = Field(
        None, description=N_("Regions only: its point on a map (or give a tile).")
    )

    @model_validator(mode="after")
    def _one_position(self) -> Term:
        """A region is drawn one way: as a square of a tile map or as a point."""
        if self.tile is not None and self.coordinates is not None:
            raise PydanticCustomError(
                "two-positions",
                _("'{term}' has a tile and coordinates: give one of the two"),
                {"term": self.id},
            )
        return self


class Vocabulary(ContentModel):
    """A controlled vocabulary: ``content/vocabularies/<name>.yml``."""

    label: Text = text(80, N_("The facet's name on the site."))
    terms: list[Term] = Field(
        max_length=VOCABULARY_TERMS, min_length=1, description=N_("The terms, in display order.")
    )

    def misplaced_positions(self) -> Iterator[tuple[int, str]]:
        """(term index, field) for each ``short``, ``tile`` or ``coordinates`` given:
        an error in any vocabulary but the regions, the only one drawn as a map. The
        model does not know its file's name, so the loader asks this of the others."""
        for i, term in enumerate(self.terms):
            for name in REGION_FIELDS:
                if getattr(term, name) is not None:
                    yield i, name

    def shared_tiles(self) -> Iterator[tuple[int, str, str]]:
        """(term index, term id, id of the term before it on the same square): two
        regions on one tile would be drawn over each other. Reported by the loader at
        the second term, whose line the model does not know."""
        seen: dict[tuple[int, int], str] = {}
        for i, term in enumerate(self.terms):
            if term.tile is None:
                continue
            square = (term.tile.column, term.tile.row)
            if square in seen:
                yield i, term.id, seen[square]
            else:
                seen[square] = term.id


#: The fields of a term that only the regions vocabulary has (its map).
REGION_FIELDS = ("short", "tile", "coordinates")


#: Every vocabulary file an exchange must provide, in facet order.
VOCABULARIES = (
    "stages",
    "evidence-levels",
    "innovation-types",
    "clinical-areas",
    "care-settings",
    "regions",
    "organisation-types",
    "benefits",
    "adoption-statuses",
)


@dataclass(frozen=True)
class Section:
    """A body section: a stable id, its heading and prompt in English (each exchange
    shows them in its content language, see ``generator.exchange``), and whether an
    entry must have it (else it is recommended)."""

    id: str
    heading: str
    required: bool
    prompt: str


def normalise_heading(heading: str) -> str:
    """A heading as it is compared: spaces collapsed, a final colon dropped, any case."""
    return " ".join(heading.split()).rstrip(":").lower()


#: Body sections, in order. Headings match case-insensitively.
SECTIONS: dict[str, tuple[Section, ...]] = {
    "innovation": (
        Section(
            "problem",
            N_("The problem"),
            True,
            N_("What was wrong, for whom, and how big the problem was."),
        ),
        Section(
            "solution",
            N_("The solution"),
            True,
            N_("What you did differently: the service, product or way of working."),
        ),
        Section(
            "evidence",
            N_("Evidence of success"),
            True,
            N_("What changed, with numbers where you have them, and how you know."),
        ),
        Section(
            "resources",
            N_("Resources needed"),
            False,
            N_("Money, staff time, equipment and approvals it took."),
        ),
        Section(
            "difficulties",
            N_("Difficulties encountered"),
            False,
            N_("What got in the way and how you dealt with it."),
        ),
        Section(
            "transfer",
            N_("Potential for learning or transfer"),
            False,
            N_("What another organisation needs to adopt it."),
        ),
    ),
    "case-study": (
        Section(
            "context",
            N_("Context"),
            True,
            N_("The organisation, the population and why it adopted the innovation."),
        ),
        Section("actions", N_("What we did"), True, N_("How it was adopted and adapted locally.")),
        Section(
            "results", N_("Results"), True, N_("What changed, with numbers where you have them.")
        ),
        Section(
            "lessons",
            N_("Lessons learned"),
            False,
            N_("What you would tell the next organisation."),
        ),
    ),
}
#: The English (heading, required) pairs.
INNOVATION_SECTIONS = tuple((s.heading, s.required) for s in SECTIONS["innovation"])
CASE_STUDY_SECTIONS = tuple((s.heading, s.required) for s in SECTIONS["case-study"])

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg")
REVIEW_MONTHS = 12
