"""Which questions each issue form asks, and which model field each answer fills.

Only what the models cannot say lives here: the wording of each question's
label, its order, and how a list is typed into a text box. Everything else is
read from :mod:`generator.models` and the vocabularies when the forms are
generated: whether an answer is required, its description, the dropdown
options. Whether a body section is required, and what it asks for, is the
exchange's to say (``content/exchange.yml``): :func:`for_exchange` gives a form
as an exchange asks it, both to generate the form and to read its answers.
:func:`uncovered_fields` lists every model field that no question fills and
:data:`Form.excluded` does not explain, so adding a field to a model without
deciding how scouts submit it fails the tests (the drift that broke the DPG
registry's form-to-pull-request route).

The wording is written in English and marked with ``N_``; it is translated into
the active language when a form is generated or a submission is read (the two
must use the same language, as the answers are found by their questions'
labels). ``{site}`` in a text is the exchange's name (``site_name``).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from annotated_types import MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.exchange import Exchange
from generator.i18n import N_, _, in_language
from generator.issue_forms.site import DEFAULT_SITE_NAME
from generator.models import (
    SECTIONS,
    CaseStudy,
    Innovation,
    Scout,
    Section,
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


def shown(text: str, site: str = DEFAULT_SITE_NAME) -> str:
    """A text of this module (marked with ``N_``) in the active language, with the
    exchange's name for ``{site}``; '' stays ''."""
    return _(text, site=site) if text else ""


@dataclass(frozen=True)
class Question:
    id: str  # the form element's id: letters, digits, '-' and '_'
    label: str  # the question (English); translated, the '### heading' of the answer
    kind: Kind
    path: tuple[str, ...] = ()  # the model field it fills
    columns: tuple[str, ...] = ()  # rows: the item's fields, in the order they are typed
    placeholder: str = ""
    help: str = ""  # said after the field's own description
    options: tuple[str, ...] = ()  # consent and declaration: the checkbox texts
    one_line: bool = False  # collapse line breaks and runs of spaces (plain-text fields)
    ids: bool = False  # list of entry ids: a pasted web address or '@id' is reduced to the id
    required: bool | None = None  # only for questions that fill no field
    section: str = ""  # section: the id of the body section (models.SECTIONS) it writes
    prompt: str = ""  # section: the exchange's own prompt, shown as written instead of help

    @property
    def heading(self) -> str:
        """The label as the form shows it and the issue body repeats it, in the active
        language (a body section's heading in the entry file is the exchange's own:
        :func:`generator.exchange.section_heading`)."""
        return shown(self.label)

    def help_text(self, site: str = DEFAULT_SITE_NAME) -> str:
        if self.prompt:  # the exchange's own words, in its content language: not a message
            return self.prompt
        return shown(self.help, site)

    def placeholder_text(self, site: str = DEFAULT_SITE_NAME) -> str:
        return shown(self.placeholder, site)

    def option_texts(self, site: str = DEFAULT_SITE_NAME) -> tuple[str, ...]:
        """The checkboxes, as the form shows them (and the issue body repeats them)."""
        return tuple(shown(option, site) for option in self.options)


@dataclass(frozen=True)
class Form:
    key: str  # innovation, case-study, scout: the --form argument
    filename: str
    name: str
    description: str
    title: str
    labels: tuple[str, ...]
    model: type[BaseModel]
    intro: tuple[str, ...]  # paragraphs
    questions: tuple[Question, ...]
    #: model fields (dotted) no question fills, with the reason
    excluded: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The label a maintainer's workflow reads to pick this form."""
        return self.labels[-1]

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def intro_text(self, site: str = DEFAULT_SITE_NAME) -> str:
        return "\n\n".join(shown(paragraph, site) for paragraph in self.intro)


#: Added by every form; maintainers triage submissions with it.
SUBMISSION_LABEL = "submission"
#: Added by a maintainer to turn a submission into a pull request.
ACCEPTED_LABEL = "accepted-submission"

_PRIVACY = N_(
    "**Everything you type here is public on GitHub as soon as you submit it.** "
    "Never include anything about an individual patient: no names, identifying numbers, "
    "dates of birth or case details. Use team or role email addresses, not personal ones."
)

_DATE_HELP = N_("Write YYYY, YYYY-MM or YYYY-MM-DD.")
_SCOUTS_HELP = N_(
    "Separate several with commas. A scout's id is the end of their profile's web "
    "address, e.g. jane-doe."
)


def _organisation(
    prefix: str, label: str, type_label: str, website_label: str, path: str = "organisation"
) -> tuple[Question, ...]:
    return (
        Question(
            f"{prefix}-name",
            label,
            "input",
            (path, "name"),
            one_line=True,
            # Translators: an example of an organisation's name.
            placeholder=N_("Example Community Health NHS Trust"),
        ),
        Question(f"{prefix}-type", type_label, "dropdown", (path, "type")),
        Question(
            f"{prefix}-website",
            website_label,
            "input",
            (path, "website"),
            placeholder="https://",
        ),
    )


def _sections(sections: tuple[Section, ...]) -> tuple[Question, ...]:
    """The body sections as the models have them (required or not, their prompts);
    :func:`for_exchange` makes them the exchange's."""
    return tuple(
        Question(
            "section-" + section.heading.lower().replace(" ", "-"),
            section.heading,
            "section",
            help=section.prompt,
            required=section.required,
            section=section.id,
        )
        for section in sections
    )


def _declarations(qid: str) -> Question:
    return Question(
        qid,
        N_("Before you submit"),
        "declaration",
        required=True,
        options=(
            N_(
                "This submission contains nothing about any individual patient (no names, "
                "identifying numbers, dates of birth or case details)."
            ),
            N_(
                "I am allowed to share this information publicly, and any email address in it "
                "is a team or role address that may be published."
            ),
        ),
    )


INNOVATION = Form(
    key="innovation",
    filename="new-innovation.yml",
    name=N_("New innovation"),
    description=N_(
        "Share a proven health or care innovation so others can learn from it and adopt it."
    ),
    # Translators: the start of the title of a new issue; the submitter completes it.
    title=N_("[Innovation]: "),
    labels=(SUBMISSION_LABEL, "innovation-submission"),
    model=Innovation,
    intro=(
        N_(
            "Thank you for sharing an innovation. A curator reviews every submission and turns "
            "it into a page of the {site}; you will be credited and can follow along in this "
            "issue. Answers marked * are required; the rest help people decide whether to "
            "adopt it, so add what you can."
        ),
        _PRIVACY,
    ),
    questions=(
        Question(
            "title",
            N_("Title"),
            "input",
            ("title",),
            one_line=True,
            # Translators: an example of an innovation's title.
            placeholder=N_("Remote monitoring for people with COPD"),
        ),
        Question(
            "summary",
            N_("Summary"),
            "textarea",
            ("summary",),
            one_line=True,
            help=N_("At most 300 characters, no links or formatting."),
        ),
        *_organisation(
            "organisation",
            N_("Lead organisation"),
            N_("Lead organisation: type"),
            N_("Lead organisation: website"),
        ),
        Question("stage", N_("Stage"), "dropdown", ("stage",)),
        Question("types", N_("Innovation type"), "dropdown", ("types",)),
        Question("clinical-areas", N_("Clinical areas"), "dropdown", ("clinical_areas",)),
        Question("care-settings", N_("Care settings"), "dropdown", ("care_settings",)),
        Question("regions", N_("Regions"), "dropdown", ("regions",)),
        Question("benefits", N_("Benefits"), "dropdown", ("benefits",)),
        *_sections(SECTIONS["innovation"][:3]),
        Question("evidence-level", N_("Evidence level"), "dropdown", ("evidence", "level")),
        Question(
            "outcomes",
            N_("Measured results"),
            "rows",
            ("evidence", "outcomes"),
            ("measure", "result", "source"),
            # Translators: an example line: what was measured | what changed | a source's address.
            placeholder=N_(
                "Emergency admissions | 30% fewer over 12 months | https://example.org/report.pdf"
            ),
        ),
        Question(
            "references",
            N_("Evaluations and publications"),
            "rows",
            ("evidence", "references"),
            ("title", "url", "year"),
            # Translators: an example line: a publication's title | its address | its year.
            placeholder=N_("Service evaluation 2023 | https://example.org/evaluation | 2023"),
        ),
        *_sections(SECTIONS["innovation"][3:]),
        Question(
            "costs-setup",
            N_("Set-up cost"),
            "input",
            ("costs", "setup"),
            help=N_("A number, e.g. 12000."),
            placeholder="12000",
        ),
        Question(
            "costs-annual",
            N_("Annual running cost"),
            "input",
            ("costs", "annual"),
            help=N_("A number, e.g. 3000."),
            placeholder="3000",
        ),
        Question(
            "costs-currency",
            N_("Currency of the costs"),
            "input",
            ("costs", "currency"),
        ),
        Question(
            "costs-notes",
            N_("What the costs cover"),
            "input",
            ("costs", "notes"),
            one_line=True,
        ),
        Question(
            "nice-esf-tier", N_("NICE evidence standards tier"), "dropdown", ("nice_esf_tier",)
        ),
        Question(
            "started",
            N_("Started"),
            "input",
            ("started",),
            help=_DATE_HELP,
            placeholder="2019-04",
        ),
        Question(
            "ended",
            N_("Ended"),
            "input",
            ("ended",),
            help=N_("Write YYYY, YYYY-MM or YYYY-MM-DD. Leave empty if it is still running."),
        ),
        Question(
            "contact-name",
            N_("Contact: team or role"),
            "input",
            ("contact", "name"),
            one_line=True,
            # Translators: an example of a team or role to contact.
            placeholder=N_("Service lead"),
        ),
        Question(
            "contact-email",
            N_("Contact: email"),
            "input",
            ("contact", "email"),
            placeholder="team@example.org",
        ),
        Question(
            "contact-url",
            N_("Contact: web page"),
            "input",
            ("contact", "url"),
            placeholder="https://",
        ),
        Question(
            "partners",
            N_("Partner organisations"),
            "rows",
            ("partners",),
            ("name", "type", "website"),
            # Translators: an example line: a name | a kind of organisation | its website.
            placeholder=N_("University of Northshire | University | https://example.ac.uk"),
        ),
        Question("scouts", N_("Scouts"), "list", ("scouts",), help=_SCOUTS_HELP, ids=True),
        Question(
            "tags",
            N_("Keywords"),
            "list",
            ("tags",),
            help=N_("Separate them with commas."),
            # Translators: example keywords, separated by commas.
            placeholder=N_("virtual ward, telehealth"),
        ),
        Question(
            "links",
            N_("Related web pages"),
            "rows",
            ("links",),
            ("title", "url"),
            # Translators: an example line: a link's text | its address.
            placeholder=N_("Service page | https://example.org/service"),
        ),
        _declarations("declarations"),
    ),
    excluded={
        "last_reviewed": "set to the day a maintainer accepts the submission",
        "image": "pictures are added in the pull request (issue forms cannot attach files "
        "reliably)",
        "illustrative": "only for invented example entries",
    },
)

CASE_STUDY = Form(
    key="case-study",
    filename="new-case-study.yml",
    name=N_("New case study"),
    description=N_(
        "Tell us how an innovation already on the {site} was adopted by your organisation."
    ),
    # Translators: the start of the title of a new issue; the submitter completes it.
    title=N_("[Case study]: "),
    labels=(SUBMISSION_LABEL, "case-study-submission"),
    model=CaseStudy,
    intro=(
        N_(
            "A case study is one adoption of an innovation at one organisation. If the "
            "innovation is not on the {site} yet, use the *New innovation* form first. Answers "
            "marked * are required."
        ),
        _PRIVACY,
    ),
    questions=(
        Question(
            "innovation",
            N_("Innovation"),
            "innovation",
            required=True,
            help=N_(
                "The innovation you adopted: paste the web address of its page on the {site}, "
                "or its id (the last part of that address)."
            ),
            placeholder="remote-copd-monitoring",
        ),
        Question(
            "title",
            N_("Title"),
            "input",
            ("title",),
            one_line=True,
            # Translators: an example of a case study's title.
            placeholder=N_("Blackpool adopts remote COPD monitoring"),
        ),
        *_organisation(
            "organisation",
            N_("Adopting organisation"),
            N_("Adopting organisation: type"),
            N_("Adopting organisation: website"),
        ),
        Question("region", N_("Region"), "dropdown", ("region",)),
        Question("status", N_("Adoption status"), "dropdown", ("status",)),
        Question(
            "adopted",
            N_("Adopted"),
            "input",
            ("adopted",),
            help=_DATE_HELP,
            placeholder="2024-05",
        ),
        *_sections(SECTIONS["case-study"]),
        Question(
            "outcomes",
            N_("Measured results"),
            "rows",
            ("outcomes",),
            ("measure", "result", "source"),
            # Translators: an example line: what was measured | what changed | a source's address.
            placeholder=N_(
                "Emergency admissions | 25% fewer in the first year | "
                "https://example.org/report.pdf"
            ),
        ),
        Question("scouts", N_("Scouts"), "list", ("scouts",), help=_SCOUTS_HELP, ids=True),
        _declarations("declarations"),
    ),
    excluded={
        "last_reviewed": "set to the day a maintainer accepts the submission",
        "illustrative": "only for invented example entries",
    },
)

SCOUT = Form(
    key="scout",
    filename="scout-profile.yml",
    name=N_("Scout profile"),
    description=N_("Join the {site} as an innovation scout."),
    # Translators: the start of the title of a new issue; the submitter completes it.
    title=N_("[Scout]: "),
    labels=(SUBMISSION_LABEL, "scout-submission"),
    model=Scout,
    intro=(
        N_(
            "Innovation scouts find and share innovations. Your profile appears on the website "
            "**only if you tick the consent box** at the end. If you do not, we keep only your "
            "name, organisation and region in the repository, so that entries can credit you, "
            "and nothing of your profile is shown on the website."
        ),
        N_(
            "**Everything you type here is public on GitHub as soon as you submit it**, whether "
            "or not you tick the box: leave out anything you would not want public."
        ),
    ),
    questions=(
        Question(
            "name",
            N_("Name"),
            "input",
            ("name",),
            one_line=True,
            help=N_("As you would like it shown, e.g. Dr Jane Doe."),
        ),
        Question(
            "role",
            N_("Role"),
            "input",
            ("role",),
            one_line=True,
            # Translators: an example of a scout's role.
            placeholder=N_("Clinical lead for community services"),
        ),
        *_organisation(
            "organisation",
            N_("Organisation"),
            N_("Organisation: type"),
            N_("Organisation: website"),
        ),
        Question("region", N_("Region"), "dropdown", ("region",)),
        Question(
            "joined",
            N_("Joined"),
            "input",
            ("joined",),
            help=_DATE_HELP,
            placeholder="2024-05",
        ),
        Question("interests", N_("Interests"), "dropdown", ("interests",)),
        Question(
            "bio",
            N_("About you"),
            "textarea",
            ("bio",),
            help=N_("At most 1,500 characters. Markdown formatting works."),
        ),
        Question(
            "contact-email",
            N_("Email address to publish"),
            "input",
            ("contact", "email"),
            help=N_("Leave empty if you would rather not be contacted by email."),
        ),
        Question(
            "contact-url",
            N_("Profile web page"),
            "input",
            ("contact", "url"),
            placeholder="https://",
        ),
        Question(
            "consent",
            N_("Consent"),
            "consent",
            ("publish",),
            help=N_(
                "Tick the box to show your profile on the website. If you leave it empty, "
                "nothing of your profile is shown there."
            ),
            options=(
                N_(
                    "I agree that this profile (my name, role, organisation, region, "
                    "interests, biography and contact details above) is published on "
                    "the {site} website. I can ask for it to be removed at any time."
                ),
            ),
        ),
    ),
    excluded={
        "status": "new profiles are active; curators mark alumni",
        "illustrative": "only for invented example profiles",
    },
)

FORMS: dict[str, Form] = {form.key: form for form in (INNOVATION, CASE_STUDY, SCOUT)}


def for_exchange(form: Form, exchange: Exchange) -> Form:
    """``form`` as ``exchange`` asks it: each body section required or recommended as
    the exchange says, with the exchange's own prompt when it wrote one (else the
    model's, in the form's language). Ids and labels stay the models' (the answers
    are found by their labels); the entry gets the exchange's headings when it is
    written (:func:`generator.exchange.section_heading`)."""
    if form.key not in SECTIONS:
        return form
    own = {section.id: section for section in exchange.sections_of(form.key)}
    model = {section.id: section for section in SECTIONS[form.key]}
    questions = []
    for q in form.questions:
        if q.kind == "section":
            section = own[q.section]
            default = in_language(exchange.language, model[q.section].prompt)
            q = replace(
                q,
                required=section.required,
                prompt="" if section.prompt == default else section.prompt,
            )
        questions.append(q)
    return replace(form, questions=tuple(questions))


def forms_for(exchange: Exchange) -> dict[str, Form]:
    """:data:`FORMS` as ``exchange`` asks them."""
    return {key: for_exchange(form, exchange) for key, form in FORMS.items()}


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
    """Whether the form requires an answer (a body section: as the exchange says,
    once the form is :func:`for_exchange`)."""
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
