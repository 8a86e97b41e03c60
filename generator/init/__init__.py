"""``exchange init``: turn a fresh fork into an empty exchange of its own.

Everything is worked out before anything is written: the new ``mkdocs.yml``
(name, repository, interface language, navigation in that language), the
content folder emptied of the sample entries with ``exchange.yml`` and the
vocabularies in the content language and the exchange's own regions, the
illustrative adoption pathway (``pathway.yml``, in English), the
hand-written pages (about, accessibility, contribute) and the issue forms.
Every file is checked as it will be read (the vocabularies and ``exchange.yml``
against their models, ``mkdocs.yml`` read back, the issue forms rendered) before
anything is written: a mistake in the options, or a folder that is a symbolic
link, is a message and nothing changes.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel import Locale
from pydantic import BaseModel

from generator import i18n
from generator.exchange import Exchange, ExchangeSettings
from generator.i18n import _, in_language, pgettext
from generator.i18n import formatting as fmt
from generator.identifiers import IDENTIFIERS
from generator.init.vocabularies import NATIONAL_DESCRIPTION, REGIONS_LABEL, STARTER
from generator.models import Term, Vocabulary
from generator.pathway import Pathway
from generator.scalars import SLUG_MAX, character_name, refused_character

TEMPLATES = Path(__file__).parent / "templates"
PAGES = {
    "about.md": "about.md.j2",
    "accessibility.md": "accessibility.md.j2",
    "contribute/index.md": "contribute.md.j2",
}
#: Only letters, digits, ".", "_" and "-" in the owner and the name: the address
#: is safe as it is in a YAML scalar and in a Markdown link's target.
_REPOSITORY = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")
#: The id of the whole country's term in the regions vocabulary.
NATIONAL = "national"
#: Where the issue forms go, and the checklist of every pull request.
FORMS = ".github/ISSUE_TEMPLATE"
PULL_REQUEST_TEMPLATE = ".github/pull_request_template.md"
#: The folders init writes in or empties: none may be a symbolic link, or lead
#: out of the repository (the files written in them are checked too).
FOLDERS = (
    "content",
    "content/innovations",
    "content/scouts",
    "content/vocabularies",
    "docs",
    "docs/contribute",
    ".github",
    FORMS,
)
#: Characters that end a line (str.splitlines' list).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: What Python-Markdown (with the tables extension) reads as markup unless
#: escaped with a backslash; "<" and "&" are written as entities instead.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()>#+\-.!|]")


class InitError(ValueError):
    """An option that cannot make an exchange; nothing was written."""


@dataclass(frozen=True)
class NewExchange:
    site_name: str
    repo_url: str
    language: str  # the interface language (theme.language)
    country: str
    content_language: str | None = None  # default: the interface language
    currency: str | None = None  # default: the country's
    regions: tuple[str, ...] = ()
    description: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def writes_in(self) -> str:
        return self.content_language or self.language

    @property
    def country_code(self) -> str:
        """The country as ISO 3166 writes it (``--country it`` is IT)."""
        return self.country.upper()


def _slug(label: str) -> str:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:SLUG_MAX].strip("-")


def _yaml_scalar(value: object) -> str:
    """A YAML scalar for ``value``: plain when it reads back the same, else quoted."""
    text = str(value)
    plain = yaml.safe_dump(text, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()
    if plain == text and yaml.safe_load(text) == text and "#" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _wrap_yaml(text: str) -> str:
    return "\n".join(
        textwrap.wrap(" ".join(text.split()), 92, initial_indent="  ", subsequent_indent="  ")
    )


def _markdown_text(value: object) -> str:
    """``value`` as Markdown text that reads as written: no emphasis, link, heading,
    list, table cell or HTML comes from what someone typed in an option."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m[0], text)


@functools.cache
def _environment() -> jinja2.Environment:
    """Plain text (YAML and Markdown), so nothing is HTML-escaped: the templates
    pass values from the options through ``yaml`` or ``markdown``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_=i18n._, ngettext=i18n.ngettext, pgettext=pgettext)
    env.filters["yaml"] = _yaml_scalar
    env.filters["wrap_yaml"] = _wrap_yaml
    env.filters["markdown"] = _markdown_text
    env.filters["ix_list"] = fmt.listing
    return env


def render(name: str, **context: object) -> str:
    return _environment().get_template(name).render(**context)


def _max_length(model: type[BaseModel], name: str) -> int:
    return next(m.max_length for m in model.model_fields[name].metadata if hasattr(m, "max_length"))


def _check_line(option: str, value: str) -> None:
    """One line of plain text: no line break, control character or HTML."""
    for char in value:
        if char in _LINE_BREAKS:
            raise InitError(_("{option} must be on one line: remove the line break", option=option))
        if unicodedata.category(char) == "Cc" or refused_character(char):
            raise InitError(
                _(
                    "{option} must not hold the character U+{code} ({name})",
                    option=option,
                    code=format(ord(char), "04X"),
                    name=character_name(char),
                )
            )
    if "<" in value:
        # Translators: {option} is an option of the command, e.g. --name.
        raise InitError(_("{option} must not hold '<': write it without HTML", option=option))


def check(new: NewExchange) -> None:
    """Refuse options that cannot make an exchange, with what to write instead."""
    if not _REPOSITORY.fullmatch(new.repo_url.rstrip("/")):
        raise InitError(
            _(
                "--repo-url must be a GitHub repository, https://github.com/OWNER/REPO: '{value}'",
                value=new.repo_url,
            )
        )
    _check_line("--name", new.site_name)
    if not new.site_name.strip() or len(new.site_name) > 100:
        raise InitError(_("--name must be 1 to 100 characters"))
    if new.description is not None:
        _check_line("--description", new.description)
    for region in new.regions:
        _check_line("--region", region)
    settings = {"country": new.country, "language": new.writes_in}
    if new.currency:
        settings["currency"] = new.currency
    try:
        i18n.locale_of(new.language)
        ExchangeSettings(**settings)
    except i18n.LanguageError:
        raise InitError(
            _(
                "'{value}' is not a language code: write a code such as it, es or en",
                value=new.language,
            )
        ) from None
    except ValueError as exc:  # pydantic's ValidationError, with our messages
        raise InitError("; ".join(e["msg"] for e in exc.errors())) from None  # type: ignore[attr-defined]
    longest = _max_length(Term, "label")
    slugs = [_slug(r) for r in new.regions]
    for label, slug in zip(new.regions, slugs, strict=True):
        if not slug:
            raise InitError(
                _("the region '{label}' has no letters or digits to make an id from", label=label)
            )
        if len(label.strip()) > longest:
            raise InitError(
                _("--region must be 1 to {max} characters: '{label}'", max=longest, label=label)
            )
        if slug == NATIONAL:
            raise InitError(
                _(
                    "the region '{label}' would have the id '{id}', which stands for the whole "
                    "country: name it differently",
                    label=label,
                    id=NATIONAL,
                )
            )
    if len(set(slugs)) != len(slugs):
        raise InitError(_("two regions have the same name"))


def _vocabularies(new: NewExchange) -> dict[str, str]:
    language = new.writes_in

    def say(message: str) -> str:
        return in_language(language, message) if message else ""

    files = {}
    for name, (label, terms) in STARTER.items():
        files[name] = _vocabulary(say(label), [(i, say(t), say(d)) for i, t, d in terms])
    country = new.country_code
    country_name = Locale.parse(language.replace("-", "_")).territories.get(country, country)
    regions = [(NATIONAL, country_name, say(NATIONAL_DESCRIPTION))]
    regions += [(_slug(r), r.strip(), "") for r in new.regions]
    files["regions"] = _vocabulary(say(REGIONS_LABEL), regions)
    return {f"vocabularies/{name}.yml": text for name, text in files.items()}


def _vocabulary(label: str, terms: Iterable[tuple[str, str, str]]) -> str:
    data = {
        "label": label,
        "terms": [{"id": i, "label": t, **({"description": d} if d else {})} for i, t, d in terms],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _exchange_yml(new: NewExchange) -> str:
    lines = [
        "# " + _("What this exchange is (see the field reference for every setting)."),
        f"country: {new.country_code}",
        f"language: {new.writes_in}",
    ]
    if new.currency:
        lines.append(f"currency: {new.currency}")
    return "\n".join(lines) + "\n"


def _pathway(new: NewExchange) -> str:
    """The illustrative adoption pathway, as the project ships it: in English and
    marked illustrative (its header says to adapt it). Its questions are content,
    not interface, so they are not translated here; an exchange writing in another
    language gets a first line saying so."""
    text = (TEMPLATES / "pathway.yml").read_text(encoding="utf-8")
    if i18n.catalogue_language(new.writes_in) == "en":
        return text
    note = _(
        "This pathway is in English: translate its titles, descriptions and questions "
        "into the language of your content."
    )
    return "# " + note + "\n" + text


def _validated(path: str, text: str, model: type[BaseModel]) -> Any:
    """``text`` read as the loader reads it and checked against ``model``
    (``model.model_validate``): an instance, or InitError saying what is wrong."""
    from generator.loader.fields import check_fields
    from generator.loader.strict_yaml import YamlError, parse

    try:
        data, positions = parse(text)
    except YamlError as exc:
        problems = [exc.message]
    else:
        instance, found = check_fields(model, data, positions, path)
        if instance is not None:
            return instance
        problems = [d.message for d in found]
    raise InitError(
        # Translators: {file} is a file init would write; {problems}, what the checks found.
        _("{file} would not be valid: {problems}", file=path, problems="; ".join(problems))
    )


def _read_back(text: str, expected: dict[str, str]) -> None:
    """The new mkdocs.yml says what the options said, and nothing more."""
    from generator.issue_forms.site import MkDocsLoader

    try:
        # Safe, and reads MkDocs' `!ENV` (site_url: !ENV [SITE_URL, ...]) as MkDocs does.
        settings = yaml.load(text, Loader=MkDocsLoader)
    except yaml.YAMLError:
        settings = None
    if not isinstance(settings, dict) or any(settings.get(k) != v for k, v in expected.items()):
        raise InitError(
            _("mkdocs.yml would not read back as written: check --name and --description")
        )


def _issue_forms(
    vocabularies: dict[str, Vocabulary], site_name: str, repo_url: str, exchange: Exchange
) -> dict[str, str]:
    """The issue forms (file name -> text) in the active language, as
    ``exchange issue-forms`` would write them from the new files."""
    from generator.issue_forms.generate import FormError, Site
    from generator.issue_forms.generate import render as render_forms

    try:
        return render_forms(vocabularies, Site(repo_url, name=site_name), exchange)
    except FormError as exc:
        raise InitError(str(exc)) from None


def _stale_forms(root: Path, forms: dict[str, str]) -> list[Path]:
    """Generated forms already there that the new exchange no longer has (as
    ``exchange issue-forms`` removes them); hand-written ones stay."""
    from generator.issue_forms.generate import HEADER

    folder = root / FORMS
    stale = []
    if folder.is_dir() and not folder.is_symlink():
        for path in sorted(folder.glob("*.yml")):
            try:
                generated = path.read_text(encoding="utf-8").startswith(HEADER)
            except (OSError, UnicodeDecodeError):
                generated = False
            if path.name not in forms and generated and not path.is_symlink():
                stale.append(path)
    return stale


def _check_folders(root: Path, relatives: Iterable[str]) -> None:
    """Refuse to write through a symbolic link, or anywhere out of ``root``: every
    folder init writes in or empties, and every file it writes, is checked."""
    base = root.resolve()
    paths = {root / folder for folder in FOLDERS}
    for relative in relatives:
        path = root / relative
        paths.add(path)
        paths.update(p for p in path.parents if p.is_relative_to(root) and p != root)
    for path in sorted(paths):
        inside = path.resolve().is_relative_to(base)
        if path.is_symlink() or not inside:
            raise InitError(
                # Translators: {path} is a folder or file init would write, e.g. docs/contribute.
                _(
                    "{path} is a symbolic link or leads out of the repository: init writes "
                    "only in the repository's own folders",
                    path=path.relative_to(root).as_posix(),
                )
            )


def plan(new: NewExchange, root: Path) -> tuple[dict[str, str], list[Path]]:
    """Files to write (path relative to ``root`` -> text) and what to remove
    first: the folders to empty and the generated issue forms no longer made.

    The files are written in the new exchange's languages; what is wrong is said in
    the language the command speaks. Raises InitError, with nothing written, for
    anything that would fail.
    """
    check(new)
    settings = ExchangeSettings(
        country=new.country_code, language=new.writes_in, currency=new.currency
    )
    exchange = Exchange.of(settings)
    repo_url = new.repo_url.rstrip("/").removesuffix(".git")
    repo = _REPOSITORY.fullmatch(repo_url)[2]  # type: ignore[index]
    site_name = new.site_name.strip()
    with i18n.kept():
        i18n.activate(new.language, new.country_code)
        description = new.description or _(
            "A searchable catalogue of proven health and care innovations: what worked, the "
            "evidence, where else it has been adopted, and the innovation scouts who can help "
            "you adopt it."
        )
        files = {
            "mkdocs.yml": render(
                "mkdocs.yml.j2",
                site_name=site_name,
                description=description,
                repo_url=repo_url,
                repo_name=repo,
                language=new.language,
                english=i18n.catalogue_language(new.language) == "en",
            )
        }
        sections = {kind: exchange.sections_of(kind) for kind in ("innovation", "case-study")}
        context = {
            "site_name": site_name,
            "repo_url": repo_url,
            "required": [f"**{s.heading}**" for s in sections["innovation"] if s.required],
            "recommended": [f"**{s.heading}**" for s in sections["innovation"] if not s.required],
            "identifiers": [_(IDENTIFIERS[n].label) for n in exchange.identifiers],
        }
        for page, template in PAGES.items():
            files[f"docs/{page}"] = render(template, **context)
        files[PULL_REQUEST_TEMPLATE] = render("pull_request_template.md.j2")
        files["content/exchange.yml"] = _exchange_yml(new)
        for path, text in _vocabularies(new).items():
            files[f"content/{path}"] = text
        files["content/pathway.yml"] = _pathway(new)
    _read_back(
        files["mkdocs.yml"],
        {
            "site_name": site_name,
            "site_description": " ".join(description.split()),
            "repo_url": repo_url,
            "repo_name": repo,
        },
    )
    _validated("content/exchange.yml", files["content/exchange.yml"], ExchangeSettings)
    _validated("content/pathway.yml", files["content/pathway.yml"], Pathway)
    vocabularies = {
        Path(path).stem: _validated(path, text, Vocabulary)
        for path, text in files.items()
        if path.startswith("content/vocabularies/")
    }
    files["content/innovations/.gitkeep"] = ""
    files["content/scouts/.gitkeep"] = ""
    with i18n.kept():
        i18n.activate(new.language, new.country_code)
        forms = _issue_forms(vocabularies, site_name, repo_url, exchange)
    for name, text in forms.items():
        files[f"{FORMS}/{name}"] = text
    _check_folders(root, files)
    emptied = [root / "content" / "innovations", root / "content" / "scouts"]
    return files, [*emptied, *_stale_forms(root, forms)]


def apply(root: Path, files: dict[str, str], emptied: list[Path]) -> int:
    """Write the plan: empty the folders (and delete the files) in ``emptied``,
    then write ``files``; returns how many entries (innovations and scouts) were
    removed. Everything that could fail was checked by :func:`plan`."""
    removed = 0
    for path in emptied:
        if path.is_symlink():
            continue
        if path.is_dir():
            removed += sum(1 for p in path.iterdir() if not p.name.startswith("."))
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return removed
