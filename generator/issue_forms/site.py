"""The exchange's own settings, read from its ``mkdocs.yml``.

``exchange issue-forms``, ``exchange from-issue`` (and ``exchange init``) need four
of MkDocs' settings without building the site: ``site_name``, ``repo_url``,
``site_url`` and ``theme.language``. The file is read with a YAML loader that
accepts MkDocs' own tags (``!ENV``, ``!relative``, ``!!python/name:...``) instead
of refusing the whole file: ``!ENV`` gives the environment variable's value (or
its default) and any other unknown tag gives None. Nothing in the file is run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import yaml

from generator.i18n import _

#: The name used when there is no ``site_name`` (MkDocs itself requires one).
DEFAULT_SITE_NAME = "Innovation Exchange"
DEFAULT_CONFIG = Path("mkdocs.yml")
#: Hosts of a site on the machine that built it: ``site_url: !ENV [SITE_URL,
#: 'http://127.0.0.1:8000/']`` gives one when $SITE_URL is unset (the publish
#: workflow sets it). Not where readers find the site, so never linked to.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})


class SiteSettingsError(ValueError):
    """The file is not YAML, or not a mapping of settings."""


class SiteSettings(NamedTuple):
    site_name: str | None
    #: Without a trailing slash or ``.git``, e.g. https://github.com/OWNER/REPO.
    repo_url: str | None
    #: Without a trailing slash, e.g. https://example.org/exchange; None for a local one.
    site_url: str | None
    #: ``theme.language``: the interface language, e.g. "en" or "pt-BR".
    language: str | None


class MkDocsLoader(yaml.SafeLoader):
    """Safe, and tolerant of the tags MkDocs (and its plugins) add to YAML."""


def _env(loader: MkDocsLoader, node: yaml.Node) -> str | None:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, as MkDocs reads them."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        items = [
            str(loader.construct_scalar(item)) if isinstance(item, yaml.ScalarNode) else None
            for item in node.value
        ]
        for name in items[:-1]:
            if name is not None and name in os.environ:
                return os.environ[name]
        return items[-1] if len(items) > 1 else None
    return None


def _unknown(loader: MkDocsLoader, suffix: str, node: yaml.Node) -> None:
    return None


MkDocsLoader.add_constructor("!ENV", _env)
MkDocsLoader.add_multi_constructor("!", _unknown)
MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def read_site_settings(path: Path = DEFAULT_CONFIG) -> SiteSettings:
    """``(site_name, repo_url, site_url, language)`` from ``path`` (a mkdocs.yml);
    None for each one the file does not set.

    Raises OSError when the file cannot be read and :class:`SiteSettingsError`
    when it is not YAML or not a mapping.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    try:
        data = yaml.load(text, Loader=MkDocsLoader)  # a SafeLoader subclass: nothing is run
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise SiteSettingsError(
            _("{file}: not valid YAML ({problem})", file=where, problem=getattr(exc, "problem", ""))
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SiteSettingsError(
            _("{file}: expected settings written as 'name: value' lines", file=path)
        )
    theme = data.get("theme")
    repo_url = _text(data.get("repo_url"))
    if repo_url is not None:
        repo_url = repo_url.rstrip("/").removesuffix(".git")
    site_url = _text(data.get("site_url"))
    if site_url is not None and urlsplit(site_url).hostname in LOCAL_HOSTS:
        site_url = None
    return SiteSettings(
        site_name=_text(data.get("site_name")),
        repo_url=repo_url,
        site_url=site_url.rstrip("/") if site_url else None,
        language=_text(theme.get("language")) if isinstance(theme, dict) else None,
    )
