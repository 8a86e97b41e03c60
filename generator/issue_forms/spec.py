"""Which questions each issue form asks, and which model field each answer fills.

Only what the models cannot say lives here: the wording of each question's
label, its order, and how a list is typed into a text box. Everything else is
read from :mod:`generator.models` and the vocabularies when the forms are
generated: whether an answer is required, its description, the dropdown
options. :func:`uncovered_fields` lists every model field that no question
fills and :data:`Form.excluded` does not explain, so adding a field to a model
without deciding how scouts submit it fails the tests (the drift that broke the
DPG registry's form-to-pull-request route).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from annotated_types import MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.models import (
    CASE_STUDY_SECTIONS,
    INNOVATION_SECTIONS,
    CaseStudy,
    Innovation,
    Scout,
)

Kind = Literal[
    "input",  # one line of text
    "textarea",  # several lines of text (kept as written: Markdown)
    "dropdown",  # one vocabulary term or literal value, or several (list fields)
    "list",  # one line, values separated by commas
    "rows",  # one item per line, its parts separated by " | "
    "section",  # a body section of the Markdown file
    "consent",  # a checkbox whose tick is a boolean field
    "declaration",  # checkboxes that must all be ticked; fill no field
    "innovation",  # which innovation a case study belongs to
]


@dataclass(frozen=True)
class Question:
    id: str  # the form element's id: letters, digits, '-' and '_'
    label: str  # the question; also the '### heading' of the answer in the issue body
    kind: Kind
    path: tuple[str, ...] = ()  # the model field it fills
    columns: tuple[str, ...] = ()  # rows: the item's fields, in the order they are typed
    placeholder: str = ""
    help: str = ""  # said after the field's own description
    options: tuple[str, ...] = ()  # consent and declaration: the checkbox texts
    one_line: bool = False  # collapse line breaks and runs of spaces (plain-text fields)
    ids: bool = False  # list of entry ids: a pasted web address or '@id' is reduced to the id
    required: bool | None = None  # only for questions that fill no field


@dataclass(frozen=True)
class Form:
    key: str  # innovation, case-study, scout: the --form argument
    filename: str
    name: str
    description: str
    title: str
    labels: tuple[str, ...]
    model: type[BaseModel]
    intro: str
    questions: tuple[Question, ...]
    #: model fields (dotted) no question fills, with the reason
    excluded: dict[str, str] = field(default_factory=dict)
    sections: tuple[tuple[str, bool], ...] = ()

    @property
    def label(self) -> str:
        """The label a maintainer's workflow reads to pick this form."""
        return self.labels[-1]

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)


#: Added by every form; maintainers triage submissions with it.
SUBMISSION_LABEL = "submission"
#: Added by a maintainer to turn a submission into a pull request.
ACCEPTED_LABEL = "accepted-submission"

_PRIVACY = (
    "**Everything you type here is public on GitHub as soon as you submit it.** "
    "Never include anything about an individual patient: no names, NHS numbers, dates of "
    "birth or case details. Use team or role email addresses, not personal ones."
)

_DATE_HELP = "Write YYYY, YYYY-MM or YYYY-MM-DD."
_SCOUTS_HELP = (
    "Separate several with commas. A scout's id is the end of their profile's web "
    "address, e.g. jane-doe."
)


def _organisation(prefix: str, label: str, path: str = "organisation") -> tuple[Question, ...]:
    return (
        Question(
            f"{prefix}-name",
            label,
            "input",
            (path, "name"),
            one_line=True,
            placeholder="Example Community Health NHS Trust",
        ),
        Question(f"{prefix}-type", f"{label}: type", "dropdown", (path, "type")),
        Question(
            f"{prefix}-website",
            f"{label}: website",
            "input",
            (path, "website"),
            placeholder="https://",
        ),
    )


def _sections(
    sections: tuple[tuple[str, bool], ...], help_: dict[str, str]
) -> tuple[Question, ...]:
    return tuple(
        Question(
            "section-" + title.lower().replace(" ", "-"),
            title,
            "section",
            help=help_.get(title, ""),
        )
        for title, _required in sections
    )


def _declarations(qid: str) -> Question:
    return Question(
        qid,
        "Before you submit",
        "declaration",
        required=True,
        options=(
            "This submission contains nothing about any individual patient (no names, NHS "
            "numbers, dates of birth or case details).",
            "I am allowed to share this information publicly, and any email address in it is "
            "a team or role address that may be published.",
        ),
    )


_INNOVATION_SECTION_HELP = {
    "The problem": "What was wrong, for whom, and how big the problem was.",
    "The solution": "What you did differently: the service, product or way of working.",
    "Evidence of success": "What changed, with numbers where you have them, and how you know.",
    "Resources needed": "Money, staff time, equipment and approvals it took.",
    "Difficulties encountered": "What got in the way and how you dealt with it.",
    "Potential for learning or transfer": "What another organisation needs to adopt it.",
}
_CASE_STUDY_SECTION_HELP = {
    "Context": "The organisation, the population and why it adopted the innovation.",
    "What we did": "How it was adopted and adapted locally.",
    "Results": "What changed, with numbers where you have them.",
    "Lessons learned": "What you would tell the next organisation.",
}

INNOVATION = Form(
    key="innovation",
    filename="new-innovation.yml",
    name="New innovation",
    description="Share a proven health or care innovation so others can learn from it and "
    "adopt it.",
    title="[Innovation]: ",
    labels=(SUBMISSION_LABEL, "innovation-submission"),
    model=Innovation,
    intro=(
        "Thank you for sharing an innovation. A curator reviews every submission and turns it "
        "into a page of the Innovation Exchange; you will be credited and can follow along in "
        "this issue. Answers marked * are required; the rest help people decide whether to "
        "adopt it, so add what you can.\n\n" + _PRIVACY
    ),
    questions=(
        Question(
            "title",
            "Title",
            "input",
            ("title",),
            one_line=True,
            placeholder="Remote monitoring for people with COPD",
        ),
        Question(
            "summary",
            "Summary",
            "textarea",
            ("summary",),
            one_line=True,
            help="At most 300 characters, no links or formatting.",
        ),
        *_organisation("organisation", "Lead organisation"),
        Question("stage", "Stage", "dropdown", ("stage",)),
        Question("types", "Innovation type", "dropdown", ("types",)),
        Question("clinical-areas", "Clinical areas", "dropdown", ("clinical_areas",)),
        Question("care-settings", "Care settings", "dropdown", ("care_settings",)),
        Question("regions", "Regions", "dropdown", ("regions",)),
        Question("benefits", "Benefits", "dropdown", ("benefits",)),
        *_sections(INNOVATION_SECTIONS[:3], _INNOVATION_SECTION_HELP),
        Question("evidence-level", "Evidence level", "dropdown", ("evidence", "level")),
        Question(
            "outcomes",
            "Measured results",
            "rows",
            ("evidence", "outcomes"),
            ("measure", "result", "source"),
            placeholder="Emergency admissions | 30% fewer over 12 months | "
            "https://example.org/report.pdf",
        ),
        Question(
            "references",
            "Evaluations and publications",
            "rows",
            ("evidence", "references"),
            ("title", "url", "year"),
            placeholder="Service evaluation 2023 | https://example.org/evaluation | 2023",
        ),
        *_sections(INNOVATION_SECTIONS[3:], _INNOVATION_SECTION_HELP),
        Question(
            "costs-setup",
            "Set-up cost",
            "input",
            ("costs", "setup"),
            help="A number, e.g. 12000.",
            placeholder="12000",
        ),
        Question(
            "costs-annual",
            "Annual running cost",
            "input",
            ("costs", "annual"),
            help="A number, e.g. 3000.",
            placeholder="3000",
        ),
        Question(
            "costs-currency",
            "Currency of the costs",
            "input",
            ("costs", "currency"),
            help="Leave empty for GBP.",
            placeholder="GBP",
        ),
        Question("costs-notes", "What the costs cover", "input", ("costs", "notes"), one_line=True),
        Question("nice-esf-tier", "NICE evidence standards tier", "dropdown", ("nice_esf_tier",)),
        Question(
            "started", "Started", "input", ("started",), help=_DATE_HELP, placeholder="2019-04"
        ),
        Question(
            "ended",
            "Ended",
            "input",
            ("ended",),
            help=_DATE_HELP + " Leave empty if it is still running.",
        ),
        Question(
            "contact-name",
            "Contact: team or role",
            "input",
            ("contact", "name"),
            one_line=True,
            placeholder="Service lead",
        ),
        Question(
            "contact-email",
            "Contact: email",
            "input",
            ("contact", "email"),
            placeholder="team@example.org",
        ),
        Question(
            "contact-url", "Contact: web page", "input", ("contact", "url"), placeholder="https://"
        ),
        Question(
            "partners",
            "Partner organisations",
            "rows",
            ("partners",),
            ("name", "type", "website"),
            placeholder="University of Northshire | University | https://example.ac.uk",
        ),
        Question("scouts", "Scouts", "list", ("scouts",), help=_SCOUTS_HELP, ids=True),
        Question(
            "tags",
            "Keywords",
            "list",
            ("tags",),
            help="Separate them with commas.",
            placeholder="virtual ward, telehealth",
        ),
        Question(
            "links",
            "Related web pages",
            "rows",
            ("links",),
            ("title", "url"),
            placeholder="Service page | https://example.org/service",
        ),
        _declarations("declarations"),
    ),
    excluded={
        "last_reviewed": "set to the day a maintainer accepts the submission",
        "image": "pictures are added in the pull request (issue forms cannot attach files "
        "reliably)",
        "illustrative": "only for invented example entries",
    },
    sections=INNOVATION_SECTIONS,
)

CASE_STUDY = Form(
    key="case-study",
    filename="new-case-study.yml",
    name="New case study",
    description="Tell us how an innovation already on the Innovation Exchange was adopted by "
    "your organisation.",
    title="[Case study]: ",
    labels=(SUBMISSION_LABEL, "case-study-submission"),
    model=CaseStudy,
    intro=(
        "A case study is one adoption of an innovation at one organisation. If the innovation "
        "is not on the Innovation Exchange yet, use the *New innovation* form first. Answers "
        "marked * are required.\n\n" + _PRIVACY
    ),
    questions=(
        Question(
            "innovation",
            "Innovation",
            "innovation",
            required=True,
            help="The innovation you adopted: paste the web address of its page on the "
            "Innovation Exchange, or its id (the last part of that address).",
            placeholder="remote-copd-monitoring",
        ),
        Question(
            "title",
            "Title",
            "input",
            ("title",),
            one_line=True,
            placeholder="Blackpool adopts remote COPD monitoring",
        ),
        *_organisation("organisation", "Adopting organisation"),
        Question("region", "Region", "dropdown", ("region",)),
        Question("status", "Adoption status", "dropdown", ("status",)),
        Question(
            "adopted", "Adopted", "input", ("adopted",), help=_DATE_HELP, placeholder="2024-05"
        ),
        *_sections(CASE_STUDY_SECTIONS, _CASE_STUDY_SECTION_HELP),
        Question(
            "outcomes",
            "Measured results",
            "rows",
            ("outcomes",),
            ("measure", "result", "source"),
            placeholder="Emergency admissions | 25% fewer in the first year | "
            "https://example.org/report.pdf",
        ),
        Question("scouts", "Scouts", "list", ("scouts",), help=_SCOUTS_HELP, ids=True),
        _declarations("declarations"),
    ),
    excluded={
        "last_reviewed": "set to the day a maintainer accepts the submission",
        "illustrative": "only for invented example entries",
    },
    sections=CASE_STUDY_SECTIONS,
)

SCOUT = Form(
    key="scout",
    filename="scout-profile.yml",
    name="Scout profile",
    description="Join the Innovation Exchange as an innovation scout.",
    title="[Scout]: ",
    labels=(SUBMISSION_LABEL, "scout-submission"),
    model=Scout,
    intro=(
        "Innovation scouts find and share innovations. Your profile appears on the website "
        "**only if you tick the consent box** at the end. If you do not, we keep only your "
        "name, organisation and region in the repository, so that entries can credit you, and "
        "nothing of your profile is shown on the website.\n\n"
        "**Everything you type here is public on GitHub as soon as you submit it**, whether or "
        "not you tick the box: leave out anything you would not want public."
    ),
    questions=(
        Question(
            "name",
            "Name",
            "input",
            ("name",),
            one_line=True,
            help="As you would like it shown, e.g. Dr Jane Doe.",
        ),
        Question(
            "role",
            "Role",
            "input",
            ("role",),
            one_line=True,
            placeholder="Clinical lead for community services",
        ),
        *_organisation("organisation", "Organisation"),
        Question("region", "Region", "dropdown", ("region",)),
        Question("joined", "Joined", "input", ("joined",), help=_DATE_HELP, placeholder="2024-05"),
        Question("interests", "Interests", "dropdown", ("interests",)),
        Question(
            "bio",
            "About you",
            "textarea",
            ("bio",),
            help="At most 1,500 characters. Markdown formatting works.",
        ),
        Question(
            "contact-email",
            "Email address to publish",
            "input",
            ("contact", "email"),
            help="Leave empty if you would rather not be contacted by email.",
        ),
        Question(
            "contact-url", "Profile web page", "input", ("contact", "url"), placeholder="https://"
        ),
        Question(
            "consent",
            "Consent",
            "consent",
            ("publish",),
            help="Tick the box to show your profile on the website. If you leave it empty, "
            "nothing of your profile is shown there.",
            options=(
                "I agree that this profile (my name, role, organisation, region, "
                "interests, biography and contact details above) is published on "
                "the Innovation Exchange website. I can ask for it to be removed at "
                "any time.",
            ),
        ),
    ),
    excluded={
        "status": "new profiles are active; curators mark alumni",
        "illustrative": "only for invented example profiles",
    },
)

FORMS: dict[str, Form] = {form.key: form for form in (INNOVATION, CASE_STUDY, SCOUT)}

#: Fields a scout who does not consent keeps in the repository (the rest are dropped).
UNCONSENTED_SCOUT_FIELDS = ("name", "organisation", "region", "joined", "publish")


# --- reading the models -------------------------------------------------------------


def unwrap(annotation: Any) -> Any:
    """``X`` from ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (directly, optionally, or as a list), if any."""
    inner = unwrap(annotation)
    if typing.get_origin(inner) is list:
        inner = unwrap(typing.get_args(inner)[0])
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def is_list(info: FieldInfo) -> bool:
    return typing.get_origin(unwrap(info.annotation)) is list


def literal_values(info: FieldInfo) -> tuple[str, ...]:
    inner = unwrap(info.annotation)
    if typing.get_origin(inner) is Literal:
        return tuple(str(v) for v in typing.get_args(inner))
    return ()


def field_info(model: type[BaseModel], path: tuple[str, ...]) -> FieldInfo:
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    for name in path:
        if current is None or name not in current.model_fields:
            raise KeyError(".".join(path))
        info = current.model_fields[name]
        current = model_of(info.annotation)
    if info is None:
        raise KeyError("empty path")
    return info


def _needs_value(info: FieldInfo) -> bool:
    if not info.is_required():
        return False
    if is_list(info):
        return any(isinstance(m, MinLen) and m.min_length > 0 for m in info.metadata)
    return True


def is_required(model: type[BaseModel], path: tuple[str, ...]) -> bool:
    """Required when the field and every field around it are required."""
    return all(_needs_value(field_info(model, path[: i + 1])) for i in range(len(path)))


def vocabulary_names(info: FieldInfo) -> tuple[str, ...]:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    names = extra.get("x-vocabulary")
    return tuple(str(names).split()) if names else ()


def question_required(form: Form, question: Question) -> bool:
    if question.kind == "section":
        return dict(form.sections)[question.label]
    if question.required is not None:
        return question.required
    if question.kind == "consent":
        return False  # not ticking it is an answer: publish: false
    return is_required(form.model, question.path)


def _leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, info in model.model_fields.items():
        sub = model_of(info.annotation)
        if sub is not None and not is_list(info):
            found.extend(_leaves(sub, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


def uncovered_fields(form: Form) -> list[str]:
    """Model fields that no question fills and ``form.excluded`` does not explain."""
    covered: set[tuple[str, ...]] = set()
    for q in form.questions:
        if q.path:
            covered.add(q.path)
    missing = []
    for leaf in _leaves(form.model):
        excluded = any(".".join(leaf[:i]) in form.excluded for i in range(1, len(leaf) + 1))
        if leaf in covered or excluded:
            continue
        missing.append(".".join(leaf))
    for q in form.questions:
        if q.kind == "rows":
            sub = model_of(field_info(form.model, q.path).annotation)
            assert sub is not None
            for name in sub.model_fields:
                dotted = ".".join((*q.path, name))
                if name not in q.columns and dotted not in form.excluded:
                    missing.append(dotted)
    return missing
