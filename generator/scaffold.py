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
import unicodedata
from datetime import date
from pathlib import Path

from generator.loader.files import read_text, split_front_matter
from generator.loader.strict_yaml import parse
from generator.models import (
    CASE_STUDY_SECTIONS,
    INNOVATION_SECTIONS,
    SLUG_MAX,
    SLUG_PATTERN,
    Innovation,
    Organisation,
    Scout,
    Vocabulary,
)

WIDTH = 100

#: One-line prompts under each body heading (a section missing here gets a generic one).
PROMPTS = {
    "The problem": "What problem does it solve, for whom, and how big was it before?",
    "The solution": "What is it, who does what, and how does it work day to day?",
    "Evidence of success": "What changed, with numbers, and how was it measured?",
    "Resources needed": "What money, staff time, equipment, skills and approvals does it take?",
    "Difficulties encountered": "What was harder than expected, and how was it overcome?",
    "Potential for learning or transfer": (
        "What would another organisation need in order to adopt it, and what would you do "
        "differently?"
    ),
    "Context": "What was the situation at your organisation before, and why did you adopt it?",
    "What we did": "How did you adapt and introduce it: who was involved, and how long did it "
    "take?",
    "Results": "What changed, with numbers if you have them? (Say so if it is too early to tell.)",
    "Lessons learned": "What would you tell the next organisation to adopt it?",
}

_HEADER = """\
# Fill in every value marked REQUIRED, then check the file with: exchange validate
# Lines starting with # are notes for you: they are never published, and you may delete them.
# Put text in "double quotes" if it contains ': ' or ' #' or starts with [ { & * ! | > ' " % @ `
# Lists go in square brackets: [first, second]. Dates are YYYY, YYYY-MM or YYYY-MM-DD.
"""


def _header(what: str) -> str:
    return _note(what) + "\n" + _HEADER


class ScaffoldError(Exception):
    """Why a file was not created, in words for the person who asked for it."""


# --- public API -------------------------------------------------------------------


def new_innovation(content_dir: Path, title: str, *, today: date | None = None) -> Path:
    """Create ``innovations/<slug>/index.md`` for ``title``; return its path."""
    content_dir = _content_folder(content_dir)
    title = _one_line(title, "title", _max_length(Innovation, "title"))
    slug = _slug_for(title, "title")
    path = content_dir / "innovations" / slug / "index.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists: edit that file, or choose a different title")
    vocab = _Vocabularies(content_dir)
    scouts = _ids(content_dir / "scouts", ".yml")
    today = today or date.today()
    fields = "\n".join(
        [
            _header(f"A new innovation: innovations/{slug}/index.md"),
            _note("REQUIRED. The innovation's name: at most 100 characters."),
            f"title: {_scalar(title)}",
            "",
            _note(
                "REQUIRED. One or two plain sentences (no HTML), at most 300 characters: what it "
                "is and what it achieves. Longer text belongs in the sections below."
            ),
            "summary:",
            "",
            vocab.note("REQUIRED. How far it has got.", "stages", one=True),
            "stage:",
            "",
            vocab.note(
                "REQUIRED, at least one. What kind of innovation it is.", "innovation-types"
            ),
            "types: []",
            "",
            vocab.note("Optional. The clinical areas it serves.", "clinical-areas"),
            "clinical_areas: []",
            "",
            vocab.note("Optional. Where care is given.", "care-settings"),
            "care_settings: []",
            "",
            vocab.note("Optional. What it improves.", "benefits"),
            "benefits: []",
            "",
            vocab.note("REQUIRED, at least one. The regions where it is used.", "regions"),
            "regions: []",
            "",
            _note("REQUIRED. The organisation that leads it."),
            "organisation:",
            _organisation(vocab, indent="  "),
            "",
            _note(
                "Optional. Partner organisations, each with a name and a type as above "
                "(and a website if you like). Example:"
            ),
            "#   partners:",
            "#     - {name: Example Telehealth Ltd, type: industry, website: https://example.org/}",
            "partners: []",
            "",
            _scout_note(scouts, "Optional. The scouts who champion it"),
            "scouts: []",
            "",
            _note(
                "Optional. How to reach the team. It is published: use a team address, not a "
                "personal one. Example, with the team's email address in place of "
                "TEAM-EMAIL-ADDRESS (email addresses are allowed only here, in contact):"
            ),
            "# contact: {name: Service lead, email: TEAM-EMAIL-ADDRESS, "
            "url: https://example.org/contact}",
            "",
            _note("REQUIRED. The evidence of success."),
            "evidence:",
            vocab.note(
                "REQUIRED. The strongest evidence there is.",
                "evidence-levels",
                one=True,
                indent="  ",
            ),
            "  level:",
            _note("Optional. Measured results. Example:", indent="  "),
            "  #   - {measure: Emergency admissions, result: 30% fewer over 12 months, "
            "source: https://example.org/report.pdf}",
            "  outcomes: []",
            _note("Optional. Published evaluations, papers and reports. Example:", indent="  "),
            "  #   - {title: Service evaluation 2023, url: https://example.org/evaluation, "
            "year: 2023}",
            "  references: []",
            "",
            _note(
                "Optional. What it costs to adopt, in digits only (no commas or currency signs). "
                "Example:"
            ),
            '# costs: {setup: 12000, annual: 3000, currency: GBP, notes: "Licences, tablets and '
            'training"}',
            "",
            _note(
                "Optional. For digital health technologies: the NICE Evidence Standards Framework "
                "tier, A, B or C."
            ),
            "# nice_esf_tier: B",
            "",
            _note("Optional. When it started and, if it has, when it ended."),
            "# started: 2019-04",
            "# ended: 2024-03",
            "",
            _note(
                "REQUIRED. When this entry was last checked: today. A review falls due 12 months "
                "later."
            ),
            f"last_reviewed: {today.isoformat()}",
            "",
            _note("Optional. Free keywords people might search for."),
            "tags: []",
            "",
            _note("Optional. Related web pages (https). Example:"),
            "# links: [{title: Service page, url: https://example.org/service}]",
            "",
            _note(
                "Optional. A picture for the page: put the file (png, jpg, jpeg, webp or svg) in "
                f"innovations/{slug}/ and describe what it shows in alt (required). Example:"
            ),
            "# image: {src: pathway.png, alt: The pathway from a home reading to a call from the "
            "nurse}",
            "",
            _note(
                "Only for an invented example entry: the site then says its figures are not "
                "evidence."
            ),
            "# illustrative: true",
            "",
            _body_note(INNOVATION_SECTIONS),
        ]
    )
    return _write(path, f"---\n{fields}---\n\n{_body(INNOVATION_SECTIONS)}")


def new_case_study(
    content_dir: Path, innovation_id: str, organisation: str, *, today: date | None = None
) -> Path:
    """Create ``innovations/<innovation>/case-studies/<slug>.md``; return its path."""
    content_dir = _content_folder(content_dir)
    organisation = _one_line(organisation, "organisation", _max_length(Organisation, "name"))
    innovation_id = _find_innovation(content_dir, innovation_id)
    slug = _slug_for(organisation, "organisation")
    folder = content_dir / "innovations" / innovation_id
    path = folder / "case-studies" / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(
            f"{path} already exists: edit that file, or give the organisation a different name"
        )
    vocab = _Vocabularies(content_dir)
    scouts = _ids(content_dir / "scouts", ".yml")
    innovation_title = _innovation_title(folder / "index.md") or innovation_id
    title = f"{innovation_title} at {organisation}"
    title_line = f"title: {_scalar(title)}" if len(title) <= 100 else "title:"
    fields = "\n".join(
        [
            _header(
                f"A case study: {organisation} adopts the innovation in "
                f"innovations/{innovation_id}/"
            ),
            _note(
                "REQUIRED. A short title for this adoption, at most 100 characters "
                "(the suggestion below is only a start: change it as you like)."
            ),
            title_line,
            "",
            _note("REQUIRED. The adopting organisation."),
            "organisation:",
            f"  name: {_scalar(organisation)}",
            _organisation(vocab, indent="  ", with_name=False),
            "",
            vocab.note("REQUIRED. The region of the adoption.", "regions", one=True),
            "region:",
            "",
            _note("Optional. When it was adopted."),
            "# adopted: 2024-01",
            "",
            vocab.note("REQUIRED. Where the adoption stands.", "adoption-statuses", one=True),
            "status:",
            "",
            _scout_note(scouts, "Optional. The scouts involved"),
            "scouts: []",
            "",
            _note("Optional. Measured results at this organisation. Example:"),
            "#   - {measure: Emergency admissions, result: 25% fewer in the first year, "
            "source: https://example.org/report.pdf}",
            "outcomes: []",
            "",
            _note("REQUIRED. When this case study was last checked: today."),
            f"last_reviewed: {(today or date.today()).isoformat()}",
            "",
            _note("Only for an invented example: the site then says its figures are not evidence."),
            "# illustrative: true",
            "",
            _body_note(CASE_STUDY_SECTIONS),
        ]
    )
    return _write(path, f"---\n{fields}---\n\n{_body(CASE_STUDY_SECTIONS)}")


def new_scout(content_dir: Path, name: str) -> Path:
    """Create ``scouts/<slug>.yml`` for ``name``; return its path."""
    content_dir = _content_folder(content_dir)
    name = _one_line(name, "name", _max_length(Scout, "name"))
    slug = _slug_for(name, "name")
    path = content_dir / "scouts" / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(
            f"{path} already exists: edit that file (two scouts with the same name need "
            "different file names, e.g. add a middle initial)"
        )
    vocab = _Vocabularies(content_dir)
    interests = vocab.terms("clinical-areas") + vocab.terms("innovation-types")
    text = "\n".join(
        [
            _header(
                f"A scout profile: scouts/{slug}.yml. Nothing of it is published unless "
                "publish is true (at the end)."
            ),
            _note("REQUIRED. Your name as it should appear on the site."),
            f"name: {_scalar(name)}",
            "",
            _note("Optional. Your job title. Example:"),
            "# role: Respiratory nurse consultant",
            "",
            _note("REQUIRED. Where you work."),
            "organisation:",
            _organisation(vocab, indent="  "),
            "",
            vocab.note("REQUIRED. Your region.", "regions", one=True),
            "region:",
            "",
            _note("Optional. When you became a scout."),
            "# joined: 2024-05",
            "",
            _note("Optional. active (the default) or alumni."),
            "status: active",
            "",
            _choices(
                "Optional. What you are interested in: ids from the clinical areas or innovation "
                "types (vocabularies/clinical-areas.yml, vocabularies/innovation-types.yml):",
                interests,
            ),
            "interests: []",
            "",
            _note(
                "Optional. A short biography in Markdown, at most 1,500 characters, indented under "
                "'bio: |'. Example:"
            ),
            "# bio: |",
            "#   I have worked in community nursing for 15 years and now lead our virtual ward.",
            "",
            _note(
                "Optional. Contact details to publish, only if you agree to them being public. "
                "Example, with your email address in place of YOUR-EMAIL-ADDRESS (email "
                "addresses are allowed only here, in contact):"
            ),
            "# contact: {email: YOUR-EMAIL-ADDRESS, url: https://example.org/jane-doe}",
            "",
            _note("Only for an invented example profile."),
            "# illustrative: true",
            "",
            _note(
                "REQUIRED. Your consent to a public profile: true to show it on the site; false "
                "keeps this file but nothing of it is ever published."
            ),
            "publish:",
        ]
    )
    return _write(path, text + "\n")


# --- names and files -------------------------------------------------------------------


def slugify(text: str) -> str:
    """An id from a title or name: 'Café Crème: Ward 7' gives 'cafe-creme-ward-7'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[: SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX] else slug[:SLUG_MAX]
    return slug.strip("-")


def _slug_for(text: str, what: str) -> str:
    slug = slugify(text)
    if not re.match(SLUG_PATTERN, slug):
        raise ScaffoldError(
            f"cannot make a file name from the {what} '{text}': it needs some letters a-z or digits"
        )
    return slug


def _one_line(text: str, what: str, limit: int) -> str:
    text = " ".join(text.split())
    if not text:
        raise ScaffoldError(f"the {what} is empty: write it in quotes after the command")
    if len(text) > limit:
        raise ScaffoldError(
            f"the {what} is {len(text)} characters long: at most {limit}. Choose a shorter one "
            "(longer text belongs in the page itself)"
        )
    return text


def _max_length(model: type, field: str) -> int:
    for rule in model.model_fields[field].metadata:
        if getattr(rule, "max_length", None):
            return rule.max_length
    return 10_000  # pragma: no cover


def _content_folder(content_dir: Path) -> Path:
    if not content_dir.is_dir():
        raise ScaffoldError(
            f"there is no content folder at '{content_dir}': run this in the repository's top "
            "folder, or give the folder with --content"
        )
    return content_dir


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: edit that file instead") from None
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
        hint = "Did you mean " + " or ".join(f"'{n}'" for n in near) + "?"
    elif known and len(known) <= 10:
        hint = "The innovations are: " + ", ".join(known) + "."
    else:
        hint = 'Create the innovation first: exchange new innovation "Title".'
    raise ScaffoldError(
        f"there is no innovation '{given}' (no {innovations / (name or '?') / 'index.md'}). {hint}"
    )


def _innovation_title(index: Path) -> str | None:
    try:
        front = split_front_matter(read_text(index))
        data, _ = parse(front.yaml, front.yaml_line)
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
        lines += [_note("REQUIRED. Its full name.", indent), f"{indent}name:"]
    lines += [
        vocab.note(
            "REQUIRED. The kind of organisation.", "organisation-types", one=True, indent=indent
        ),
        f"{indent}type:",
        _note("Optional. Its website (https). Example:", indent),
        f"{indent}# website: https://example.org/",
    ]
    return "\n".join(lines)


def _scout_note(scouts: list[str], text: str) -> str:
    text += ": the names of their files in scouts/, without .yml"
    if scouts and len(scouts) <= 30:
        return _choices(text + ". The scouts now are:", scouts)
    return _note(text + ", e.g. [jane-doe].")


def _body_note(sections: tuple[tuple[str, bool], ...]) -> str:
    required = [t for t, r in sections if r]
    recommended = [t for t, r in sections if not r]
    text = (
        "Below the closing --- line comes the page itself, in Markdown. Keep the '## ' headings. "
        f"Required: {', '.join(required)}."
    )
    if recommended:
        text += f" Recommended: {', '.join(recommended)}."
    return _note(text + " Replace each TODO line with your own words.") + "\n"


def _body(sections: tuple[tuple[str, bool], ...]) -> str:
    parts = []
    for title, required in sections:
        prompt = PROMPTS.get(title, "Write a few sentences.")
        kind = "" if required else " (recommended)"
        parts.append(f"## {title}\n\nTODO{kind}: {prompt}\n")
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
            data, _ = parse(read_text(path))
            return [term.id for term in Vocabulary.model_validate(data).terms]
        except Exception:
            return []

    def note(self, text: str, name: str, *, one: bool = False, indent: str = "") -> str:
        ids = self.terms(name)
        where = f"vocabularies/{name}.yml"
        if not ids:
            return _note(f"{text} An id from {where}.", indent)
        lead = "Write one of these ids" if one else "Write ids from this list, in the brackets"
        return _choices(f"{text} {lead} ({where}):", ids, indent)
