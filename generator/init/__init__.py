"""``exchange init``: turn a fresh fork into an empty exchange of its own.

Everything is worked out before anything is written: the new ``mkdocs.yml``
(name, repository, interface language, navigation in that language), the
content folder emptied of the sample entries with ``exchange.yml`` and the
vocabularies in the content language and the exchange's own regions, the
hand-written pages (about, accessibility, contribute) and the issue forms. A
mistake in the options is a message and nothing changes.
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

import jinja2
import yaml
from babel import Locale

from generator import i18n
from generator.exchange import ExchangeSettings
from generator.i18n import _, in_language, pgettext
from generator.i18n import formatting as fmt
from generator.identifiers import IDENTIFIERS
from generator.init.vocabularies import NATIONAL_DESCRIPTION, REGIONS_LABEL, STARTER
from generator.scalars import SLUG_MAX

TEMPLATES = Path(__file__).parent / "templates"
PAGES = {
    "about.md": "about.md.j2",
    "accessibility.md": "accessibility.md.j2",
    "contribute/index.md": "contribute.md.j2",
}
_REPOSITORY = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")


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


@functools.cache
def _environment() -> jinja2.Environment:
    """Plain text (YAML and Markdown), so nothing is HTML-escaped."""
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
    env.filters["ix_list"] = fmt.listing
    return env


def render(name: str, **context: object) -> str:
    return _environment().get_template(name).render(**context)


def check(new: NewExchange) -> None:
    """Refuse options that cannot make an exchange, with what to write instead."""
    if not _REPOSITORY.fullmatch(new.repo_url.rstrip("/")):
        raise InitError(
            _(
                "--repo-url must be a GitHub repository, https://github.com/OWNER/REPO: '{value}'",
                value=new.repo_url,
            )
        )
    if not new.site_name.strip() or len(new.site_name) > 100:
        raise InitError(_("--name must be 1 to 100 characters"))
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
    slugs = [_slug(r) for r in new.regions]
    for label, slug in zip(new.regions, slugs, strict=True):
        if not slug:
            raise InitError(
                _("the region '{label}' has no letters or digits to make an id from", label=label)
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
    country_name = Locale.parse(language.replace("-", "_")).territories.get(
        new.country, new.country
    )
    regions = [("national", country_name, say(NATIONAL_DESCRIPTION))]
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
        f"country: {new.country.upper()}",
        f"language: {new.writes_in}",
    ]
    if new.currency:
        lines.append(f"currency: {new.currency}")
    return "\n".join(lines) + "\n"


def plan(new: NewExchange, root: Path) -> tuple[dict[str, str], list[Path]]:
    """Files to write (path relative to ``root`` -> text) and folders to empty."""
    from generator.exchange import Exchange

    check(new)
    i18n.activate(new.language, new.country)
    exchange = Exchange.of(
        ExchangeSettings(country=new.country, language=new.writes_in, currency=new.currency)
    )
    repo_url = new.repo_url.rstrip("/").removesuffix(".git")
    repo = _REPOSITORY.fullmatch(repo_url)[2]  # type: ignore[index]
    description = new.description or _(
        "A searchable catalogue of proven health and care innovations: what worked, the "
        "evidence, where else it has been adopted, and the innovation scouts who can help you "
        "adopt it."
    )
    files = {
        "mkdocs.yml": render(
            "mkdocs.yml.j2",
            site_name=new.site_name.strip(),
            description=description,
            repo_url=repo_url,
            repo_name=repo,
            language=new.language,
            english=i18n.catalogue_language(new.language) == "en",
        )
    }
    sections = {kind: exchange.sections_of(kind) for kind in ("innovation", "case-study")}
    context = {
        "site_name": new.site_name.strip(),
        "repo_url": repo_url,
        "required": [f"**{s.heading}**" for s in sections["innovation"] if s.required],
        "recommended": [f"**{s.heading}**" for s in sections["innovation"] if not s.required],
        "identifiers": [_(IDENTIFIERS[n].label) for n in exchange.identifiers],
    }
    for page, template in PAGES.items():
        files[f"docs/{page}"] = render(template, **context)
    files["content/exchange.yml"] = _exchange_yml(new)
    for path, text in _vocabularies(new).items():
        files[f"content/{path}"] = text
    files["content/innovations/.gitkeep"] = ""
    files["content/scouts/.gitkeep"] = ""
    emptied = [root / "content" / "innovations", root / "content" / "scouts"]
    return files, emptied


def apply(root: Path, files: dict[str, str], emptied: list[Path]) -> int:
    """Write the plan; returns how many entries (innovations and scouts) were removed."""
    removed = 0
    for folder in emptied:
        if folder.is_dir() and not folder.is_symlink():
            removed += sum(1 for p in folder.iterdir() if not p.name.startswith("."))
            shutil.rmtree(folder)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return removed
