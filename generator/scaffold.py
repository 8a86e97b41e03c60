"""``exchange new``: start an entry from the contract, with a note on every field.

A new file is *valid in shape but not finished*: every value the writer must
supply is left empty under a note saying ``REQUIRED``, so ``exchange validate``
lists exactly what is still to do, one line and column each, and the file
cannot be published by accident before it is filled in. Everything that can be
known is filled in already: the title or name given on the command line, the
organisation of a case study, today's date as ``last_reviewed``. Optional
fields are shown either as an empty list ready to fill or as a commented-out
example to copy. The body has every section (required first, then
recommended), each with a one-line prompt to replace.

Vocabulary choices are read from the exchange's own ``vocabularies/`` folder,
so an exchange in another country gets its own terms in the notes.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from datetime import date
from pathlib import Path

from generator.diagnostics import either
from generator.exchange import load_exchange
from generator.i18n import N_, _, in_language
from generator.i18n.formatting import listing
from generator.loader.files import read_text, split_front_matter
from generator.loader.strict_yaml import parse
from generator.models import CaseStudy, Innovation, Organisation, Scout, Section, Vocabulary
from generator.scalars import SLUG_PATTERN, slugify

WIDTH = 100

#: The note above each text field the writer fills in, by (model, field): one source
#: for the scaffold, which writes it, and the rule that finds it copied into the value
#: (``generator.rules.quality.prompts_in_fields``). The body's prompts are the
#: sections' own (``generator.models.SECTIONS``).
FIELD_NOTES: dict[tuple[type, str], str] = {
    (Innovation, "title"): N_("REQUIRED. The innovation's name: at most 100 characters."),
    (Innovation, "summary"): N_(
        "REQUIRED. One or two plain sentences (no HTML), at most 300 characters: "
        "what it is and what it achieves. Longer text belongs in the sections below."
    ),
    (CaseStudy, "title"): N_(
        "REQUIRED. A short title for this adoption, at most 100 characters "
        "(the suggestion below is only a start: change it as you like)."
    ),
    (Organisation, "name"): N_("REQUIRED. Its full name."),
    (Scout, "name"): N_("REQUIRED. Your name as it should appear on the site."),
    (Scout, "role"): N_("Optional. Your job title. Example:"),
    (Scout, "bio"): N_(
        "Optional. A short biography in Markdown, at most 1,500 characters, "
        "indented under 'bio: |'. Example:"
    ),
}


def _field_note(model: type, name: str, indent: str = "") -> str:
    """The note above a text field, as a YAML comment."""
    return _note(_(FIELD_NOTES[model, name]), indent)


def _header(what: str) -> str:
    """The notes at the top of every new file: ``what`` it is, then how to fill it in."""
    lines = [
        what,
        _("Fill in every value marked REQUIRED, then check the file with: exchange validate"),
        _(
            "Lines starting with # are notes for you: they are never published, and you may "
            "delete them."
        ),
        # Translators: the characters are YAML's; keep them as they are.
        _(
            "Put text in \"double quotes\" if it contains ': ' or ' #' or starts with "
            "[ { & * ! | > ' \" % @ `"
        ),
        _("Lists go in square brackets: [first, second]. Dates are YYYY, YYYY-MM or YYYY-MM-DD."),
    ]
    return "\n".join(_note(line) for line in lines) + "\n"


def _then(first: str, second: str) -> str:
    """Two sentences of a note, one after the other."""
    # Translators: two sentences of a note, one after the other.
    return _("{sentence} {next}", sentence=first, next=second)


def _flow(text: str) -> str:
    """``text`` as a value inside an example's ``{...}`` or ``[...]``: quoted when it
    holds a comma or a bracket (which end a value there) or is not plain."""
    if any(c in text for c in ",[]{}") or _scalar(text) != text:
        return json.dumps(text, ensure_ascii=False)
    return text


class ScaffoldError(Exception):
    """Why a file was not created, in words for the person who asked for it."""


#: What a command's argument is called in its messages (a whole sentence each, as
#: the word changes the sentence around it in other languages).
_ARGUMENT_MESSAGES = {
    "title": (
        N_("the title is empty: write it in quotes after the command"),
        N_(
            "the title is {length} characters long: at most {limit}. Choose a shorter one "
            "(longer text belongs in the page itself)"
        ),
        N_("cannot make a file name from the title '{text}': it needs some letters a-z or digits"),
    ),
    "organisation": (
        N_("the organisation is empty: write it in quotes after the command"),
        N_(
            "the organisation is {length} characters long: at most {limit}. Choose a shorter "
            "one (longer text belongs in the page itself)"
        ),
        N_(
            "cannot make a file name from the organisation '{text}': it needs some letters "
            "a-z or digits"
        ),
    ),
    "name": (
        N_("the name is empty: write it in quotes after the command"),
        N_(
            "the name is {length} characters long: at most {limit}. Choose a shorter one "
            "(longer text belongs in the page itself)"
        ),
        N_("cannot make a file name from the name '{text}': it needs some letters a-z or digits"),
    ),
}


# --- public API -------------------------------------------------------------------


def new_innovation(content_dir: Path, title: str, *, today: date | None = None) -> Path:
    """Create ``innovations/<slug>/index.md`` for ``title``; return its path."""
    content_dir = _content_folder(content_dir)
    exchange = load_exchange(content_dir)
    sections = exchange.sections_of("innovation")
    title = _one_line(title, "title", _max_length(Innovation, "title"))
    slug = _slug_for(title, "title")
    path = content_dir / "innovations" / slug / "index.md"
    if path.exists():
        raise ScaffoldError(
            _(
                "{path} already exists: edit that file, or choose a different title",
                path=path,
            )
        )
    vocab = _Vocabularies(content_dir)
    scouts = _ids(content_dir / "scouts", ".yml")
    today = today or date.today()
    folder = f"innovations/{slug}/"
    fields = "\n".join(
        [
            _header(_("A new innovation: {file}", file=folder + "index.md")),
            _field_note(Innovation, "title"),
            f"title: {_scalar(title)}",
            "",
            _field_note(Innovation, "summary"),
            "summary:",
            "",
            vocab.note(_("REQUIRED. How far it has got."), "stages", one=True),
            "stage:",
            "",
            vocab.note(
                _("REQUIRED, at least one. What kind of innovation it is."), "innovation-types"
            ),
            "types: []",
            "",
            vocab.note(_("Optional. The clinical areas it serves."), "clinical-areas"),
            "clinical_areas: []",
            "",
            vocab.note(_("Optional. Where care is given."), "care-settings"),
            "care_settings: []",
            "",
            vocab.note(_("Optional. What it improves."), "benefits"),
            "benefits: []",
            "",
            vocab.note(_("REQUIRED, at least one. The regions where it is used."), "regions"),
            "regions: []",
            "",
            _note(_("REQUIRED. The organisation that leads it.")),
            "organisation:",
            _organisation(vocab, indent="  "),
            "",
            _note(
                _(
                    "Optional. Partner organisations, each with a name and a type as above "
                    "(and a website if you like). Example:"
                )
            ),
            "#   partners:",
            "#     - {name: "
            + _flow(_("Example Telehealth Ltd"))
            + ", type: industry, website: https://example.org/}",
            "partners: []",
            "",
            _scout_note(
                scouts,
                _(
                    "Optional. The scouts who champion it: the names of their files in "
                    "scouts/, without .yml. The scouts now are:"
                ),
                _(
                    "Optional. The scouts who champion it: the names of their files in "
                    "scouts/, without .yml, e.g. [jane-doe]."
                ),
            ),
            "scouts: []",
            "",
            _note(
                _(
                    "Optional. How to reach the team. It is published: use a team address, "
                    "not a personal one. Example, with the team's email address in place of "
                    "{placeholder} (email addresses are allowed only here, in contact):",
                    placeholder="TEAM-EMAIL-ADDRESS",
                )
            ),
            "# contact: {name: "
            + _flow(_("Service lead"))
            + ", email: TEAM-EMAIL-ADDRESS, url: https://example.org/contact}",
            "",
            _note(_("REQUIRED. The evidence of success.")),
            "evidence:",
            vocab.note(
                _("REQUIRED. The strongest evidence there is."),
                "evidence-levels",
                one=True,
                indent="  ",
            ),
            "  level:",
            _note(_("Optional. Measured results. Example:"), indent="  "),
            "  #   - {measure: "
            + _flow(_("Emergency admissions"))
            + ", result: "
            + _flow(_("30% fewer over 12 months"))
            + ", source: https://example.org/report.pdf}",
            "  outcomes: []",
            _note(_("Optional. Published evaluations, papers and reports. Example:"), indent="  "),
            "  #   - {title: "
            + _flow(_("Service evaluation 2023"))
            + ", url: https://example.org/evaluation, year: 2023}",
            "  references: []",
            "",
            _note(
                _(
                    "Optional. What it costs to adopt, in digits only (no commas or currency "
                    "signs). Example:"
                )
            ),
            "# costs: {setup: 12000, annual: 3000, currency: GBP, notes: "
            + json.dumps(_("Licences, tablets and training"), ensure_ascii=False)
            + "}",
            "",
            _note(
                _(
                    "Optional. For digital health technologies: the NICE Evidence Standards "
                    "Framework tier, A, B or C."
                )
            ),
            "# nice_esf_tier: B",
            "",
            _note(_("Optional. When it started and, if it has, when it ended.")),
            "# started: 2019-04",
            "# ended: 2024-03",
            "",
            _note(
                _(
                    "REQUIRED. When this entry was last checked: today. A review falls due 12 "
                    "months later."
                )
            ),
            f"last_reviewed: {today.isoformat()}",
            "",
            _note(_("Optional. Free keywords people might search for.")),
            "tags: []",
            "",
            _note(_("Optional. Related web pages (https). Example:")),
            "# links: [{title: "
            + _flow(_("Service page"))
            + ", url: https://example.org/service}]",
            "",
            _note(
                _(
                    "Optional. A picture for the page: put the file (png, jpg, jpeg, webp or "
                    "svg) in {folder} and describe what it shows in alt (required). Example:",
                    folder=folder,
                )
            ),
            "# image: {src: pathway.png, alt: "
            + _flow(_("The pathway from a home reading to a call from the nurse"))
            + "}",
            "",
            _note(
                _(
                    "Only for an invented example entry: the site then says its figures are "
                    "not evidence."
                )
            ),
            "# illustrative: true",
            "",
            _body_note(sections),
        ]
    )
    return _write(path, f"---\n{fields}---\n\n{_body(sections, exchange.language)}")


def new_case_study(
    content_dir: Path, innovation_id: str, organisation: str, *, today: date | None = None
) -> Path:
    """Create ``innovations/<innovation>/case-studies/<slug>.md``; return its path."""
    content_dir = _content_folder(content_dir)
    exchange = load_exchange(content_dir)
    sections = exchange.sections_of("case-study")
    organisation = _one_line(organisation, "organisation", _max_length(Organisation, "name"))
    innovation_id = _find_innovation(content_dir, innovation_id)
    slug = _slug_for(organisation, "organisation")
    folder = content_dir / "innovations" / innovation_id
    path = folder / "case-studies" / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(
            _(
                "{path} already exists: edit that file, or give the organisation a different name",
                path=path,
            )
        )
    vocab = _Vocabularies(content_dir)
    scouts = _ids(content_dir / "scouts", ".yml")
    innovation_title = _innovation_title(folder / "index.md") or innovation_id
    # Translators: the title suggested for a new case study, e.g. "Remote monitoring at
    # Example Trust".
    title = _(
        "{innovation} at {organisation}", innovation=innovation_title, organisation=organisation
    )
    title_line = f"title: {_scalar(title)}" if len(title) <= 100 else "title:"
    fields = "\n".join(
        [
            _header(
                _(
                    "A case study: {organisation} adopts the innovation in {folder}",
                    organisation=organisation,
                    folder="innovations/" + innovation_id + "/",
                )
            ),
            _field_note(CaseStudy, "title"),
            title_line,
            "",
            _note(_("REQUIRED. The adopting organisation.")),
            "organisation:",
            f"  name: {_scalar(organisation)}",
            _organisation(vocab, indent="  ", with_name=False),
            "",
            vocab.note(_("REQUIRED. The region of the adoption."), "regions", one=True),
            "region:",
            "",
            _note(_("Optional. When it was adopted.")),
            "# adopted: 2024-01",
            "",
            vocab.note(_("REQUIRED. Where the adoption stands."), "adoption-statuses", one=True),
            "status:",
            "",
            _scout_note(
                scouts,
                _(
                    "Optional. The scouts involved: the names of their files in scouts/, "
                    "without .yml. The scouts now are:"
                ),
                _(
                    "Optional. The scouts involved: the names of their files in scouts/, "
                    "without .yml, e.g. [jane-doe]."
                ),
            ),
            "scouts: []",
            "",
            _note(_("Optional. Measured results at this organisation. Example:")),
            "#   - {measure: "
            + _flow(_("Emergency admissions"))
            + ", result: "
            + _flow(_("25% fewer in the first year"))
            + ", source: https://example.org/report.pdf}",
            "outcomes: []",
            "",
            _note(_("REQUIRED. When this case study was last checked: today.")),
            f"last_reviewed: {(today or date.today()).isoformat()}",
            "",
            _note(
                _("Only for an invented example: the site then says its figures are not evidence.")
            ),
            "# illustrative: true",
            "",
            _body_note(sections),
        ]
    )
    return _write(path, f"---\n{fields}---\n\n{_body(sections, exchange.language)}")


def new_scout(content_dir: Path, name: str) -> Path:
    """Create ``scouts/<slug>.yml`` for ``name``; return its path."""
    content_dir = _content_folder(content_dir)
    name = _one_line(name, "name", _max_length(Scout, "name"))
    slug = _slug_for(name, "name")
    path = content_dir / "scouts" / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(
            _(
                "{path} already exists: edit that file (two scouts with the same name need "
                "different file names, e.g. add a middle initial)",
                path=path,
            )
        )
    vocab = _Vocabularies(content_dir)
    interests = vocab.terms("clinical-areas") + vocab.terms("innovation-types")
    text = "\n".join(
        [
            _header(
                _(
                    "A scout profile: {file}. Nothing of it is published unless publish is "
                    "true (at the end).",
                    file="scouts/" + slug + ".yml",
                )
            ),
            _field_note(Scout, "name"),
            f"name: {_scalar(name)}",
            "",
            _field_note(Scout, "role"),
            "# role: " + _scalar(_("Respiratory nurse consultant")),
            "",
            _note(_("REQUIRED. Where you work.")),
            "organisation:",
            _organisation(vocab, indent="  "),
            "",
            vocab.note(_("REQUIRED. Your region."), "regions", one=True),
            "region:",
            "",
            _note(_("Optional. When you became a scout.")),
            "# joined: 2024-05",
            "",
            _note(_("Optional. active (the default) or alumni.")),
            "status: active",
            "",
            _choices(
                _(
                    "Optional. What you are interested in: ids from the clinical areas or "
                    "innovation types (vocabularies/clinical-areas.yml, "
                    "vocabularies/innovation-types.yml):"
                ),
                interests,
            ),
            "interests: []",
            "",
            _field_note(Scout, "bio"),
            "# bio: |",
            "#   "
            + _("I have worked in community nursing for 15 years and now lead our virtual ward."),
            "",
            _note(
                _(
                    "Optional. Contact details to publish, only if you agree to them being "
                    "public. Example, with your email address in place of {placeholder} (email "
                    "addresses are allowed only here, in contact):",
                    placeholder="YOUR-EMAIL-ADDRESS",
                )
            ),
            "# contact: {email: YOUR-EMAIL-ADDRESS, url: https://example.org/jane-doe}",
            "",
            _note(_("Only for an invented example profile.")),
            "# illustrative: true",
            "",
            _note(
                _(
                    "REQUIRED. Your consent to a public profile: true to show it on the site; "
                    "false keeps this file but nothing of it is ever published."
                )
            ),
            "publish:",
        ]
    )
    return _write(path, text + "\n")


# --- names and files -------------------------------------------------------------------


def _slug_for(text: str, what: str) -> str:
    slug = slugify(text)
    if not re.match(SLUG_PATTERN, slug):
        raise ScaffoldError(_(_ARGUMENT_MESSAGES[what][2], text=text))
    return slug


def _one_line(text: str, what: str, limit: int) -> str:
    text = " ".join(text.split())
    empty, too_long, _slug = _ARGUMENT_MESSAGES[what]
    if not text:
        raise ScaffoldError(_(empty))
    if len(text) > limit:
        raise ScaffoldError(_(too_long, length=len(text), limit=limit))
    return text


def _max_length(model: type, field: str) -> int:
    for rule in model.model_fields[field].metadata:
        if getattr(rule, "max_length", None):
            return rule.max_length
    return 10_000  # pragma: no cover


def _content_folder(content_dir: Path) -> Path:
    if not content_dir.is_dir():
        raise ScaffoldError(
            _(
                "there is no content folder at '{folder}': run this in the repository's top "
                "folder, or give the folder with --content",
                folder=content_dir,
            )
        )
    return content_dir


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(_("{path} already exists: edit that file instead", path=path)) from None
    return path


def _ids(folder: Path, suffix: str) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(
        p.name.removesuffix(suffix)
        for p in folder.iterdir()
        if p.name.endswith(suffix) and not p.name.startswith(".")
    )


def _find_innovation(content_dir: Path, given: str) -> str:
    innovations = content_dir / "innovations"
    known = sorted(p.parent.name for p in innovations.glob("*/index.md"))
    name = given.strip().rstrip("/").rsplit("/", 1)[-1]
    for candidate in (name, slugify(name)):
        if candidate in known:
            return candidate
    near = difflib.get_close_matches(slugify(name) or name, known, n=3, cutoff=0.5)
    if near:
        hint = _("Did you mean {names}?", names=either(f"'{n}'" for n in near))
    elif known and len(known) <= 10:
        hint = _("The innovations are: {names}.", names=listing(known, "standard-narrow"))
    else:
        # Translators: translate only the word in quotes, as in the command's help.
        hint = _('Create the innovation first: exchange new innovation "Title".')
    raise ScaffoldError(
        # Translators: {hint} is a whole sentence on what to do.
        _(
            "there is no innovation '{name}' (no {path}). {hint}",
            name=given,
            path=innovations / (name or "?") / "index.md",
            hint=hint,
        )
    )


def _innovation_title(index: Path) -> str | None:
    try:
        front = split_front_matter(read_text(index))
        data, _positions = parse(front.yaml, front.yaml_line)
        title = data.get("title") if isinstance(data, dict) else None
        return " ".join(title.split()) if isinstance(title, str) and title.strip() else None
    except Exception:  # a broken innovation still gets a case study
        return None


# --- writing YAML with notes ---------------------------------------------------------------


_PLAIN = re.compile(r"^[A-Za-z0-9\u00C0-\uFFFF(][^\n]*$")
_NOT_PLAIN = re.compile(r":\s|\s#|:$|[\t\"]|\s$")
_TYPED = {"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"}


def _scalar(text: str) -> str:
    """``text`` as a YAML value: plain when that is unambiguous, otherwise double-quoted."""
    if _PLAIN.match(text) and not _NOT_PLAIN.search(text) and text.lower() not in _TYPED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _note(text: str, indent: str = "") -> str:
    return "\n".join(
        textwrap.wrap(
            text,
            WIDTH,
            initial_indent=f"{indent}# ",
            subsequent_indent=f"{indent}# ",
            break_on_hyphens=False,
        )
    )


def _choices(text: str, ids: list[str], indent: str = "") -> str:
    lines = [_note(text, indent)]
    if ids:
        lines.append(
            "\n".join(
                textwrap.wrap(
                    ", ".join(ids),
                    WIDTH,
                    initial_indent=f"{indent}#   ",
                    subsequent_indent=f"{indent}#   ",
                    break_on_hyphens=False,
                )
            )
        )
    return "\n".join(lines)


def _organisation(vocab: _Vocabularies, indent: str, with_name: bool = True) -> str:
    lines = []
    if with_name:
        lines += [_field_note(Organisation, "name", indent), f"{indent}name:"]
    lines += [
        vocab.note(
            _("REQUIRED. The kind of organisation."),
            "organisation-types",
            one=True,
            indent=indent,
        ),
        f"{indent}type:",
        _note(_("Optional. Its website (https). Example:"), indent),
        f"{indent}# website: https://example.org/",
    ]
    return "\n".join(lines)


def _scout_note(scouts: list[str], listed: str, example: str) -> str:
    """The note on a ``scouts`` field: ``listed`` above the scouts there are, or
    ``example`` when there are none (or too many to list)."""
    if scouts and len(scouts) <= 30:
        return _choices(listed, scouts)
    return _note(example)


def _body_note(sections: tuple[Section, ...]) -> str:
    required = listing([s.heading for s in sections if s.required], "standard-narrow")
    recommended = listing([s.heading for s in sections if not s.required], "standard-narrow")
    if recommended:
        text = _(
            "Below the closing --- line comes the page itself, in Markdown. Keep the '## ' "
            "headings. Required: {required}. Recommended: {recommended}. Replace each TODO "
            "line with your own words.",
            required=required,
            recommended=recommended,
        )
    else:
        text = _(
            "Below the closing --- line comes the page itself, in Markdown. Keep the '## ' "
            "headings. Required: {required}. Replace each TODO line with your own words.",
            required=required,
        )
    return _note(text) + "\n"


def _body(sections: tuple[Section, ...], language: str) -> str:
    """The sections as the exchange writes them (headings, prompts and the marker of a
    recommended one in its content language)."""
    parts = []
    for section in sections:
        # Translators: marks a recommended section still to write; "TODO" stays as it
        # is (the todo-left check looks for it).
        marker = "TODO" if section.required else in_language(language, "TODO (recommended)")
        parts.append(f"## {section.heading}\n\n{marker}: {section.prompt}\n")
    return "\n".join(parts)


class _Vocabularies:
    """The exchange's vocabulary terms, read leniently: a broken file only loses its list."""

    def __init__(self, content_dir: Path):
        self.folder = content_dir / "vocabularies"
        self._cache: dict[str, list[str]] = {}

    def terms(self, name: str) -> list[str]:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str) -> list[str]:
        path = self.folder / f"{name}.yml"
        try:
            data, _positions = parse(read_text(path))
            return [term.id for term in Vocabulary.model_validate(data).terms]
        except Exception:
            return []

    def note(self, text: str, name: str, *, one: bool = False, indent: str = "") -> str:
        ids = self.terms(name)
        where = f"vocabularies/{name}.yml"
        if not ids:
            return _note(_then(text, _("An id from {file}.", file=where)), indent)
        lead = (
            _("Write one of these ids ({file}):", file=where)
            if one
            else _("Write ids from this list, in the brackets ({file}):", file=where)
        )
        return _choices(_then(text, lead), ids, indent)
