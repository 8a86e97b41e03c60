"""Markdown bodies to safe HTML: rendered once per distinct text, then sanitised.

Bodies come from strangers' pull requests, so the HTML that Python-Markdown
produces (which passes raw HTML through) is cleaned by nh3 (the Ammonia
sanitiser) with an allow-list: no scripts, event handlers, styles, iframes or
``javascript:`` URLs survive. Rendering is cached by the text's hash, so
``mkdocs serve`` re-renders only the bodies that changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import markdown
import nh3

EXTENSIONS = ["tables", "fenced_code", "footnotes", "def_list", "admonition", "sane_lists", "toc"]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": False, "toc_depth": "2-3"}}

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "sup",
    "sub",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "abbr",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "abbr": {"title"},
}
_ALLOWED_CLASSES = {
    "div": {
        "admonition",
        "note",
        "tip",
        "warning",
        "info",
        "footnote",
        "abstract",
        "success",
        "question",
        "failure",
        "danger",
        "bug",
        "example",
        "quote",
    },
    "p": {"admonition-title"},
}


@dataclass(frozen=True)
class RenderedBody:
    html: str
    toc: list[dict[str, Any]]  # Python-Markdown toc tokens: level, id, name, children


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        allowed_classes=_ALLOWED_CLASSES,
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


class BodyRenderer:
    """Renders Markdown bodies; one instance keeps its cache across builds."""

    def __init__(self, keep: bool = True) -> None:
        #: keep=False for one-off builds: each body is rendered once anyway, and
        #: holding every body's HTML twice (cache and page) only costs memory.
        self.keep = keep
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
        self._cache: dict[str, RenderedBody] = {}
        self._fresh: dict[str, RenderedBody] = {}  # rendered since the last take_fresh()

    def render(self, text: str) -> RenderedBody:
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        hit = self._cache.get(key)
        if hit is None:
            self._md.reset()
            html = sanitise(self._md.convert(text))
            hit = RenderedBody(html, list(getattr(self._md, "toc_tokens", [])))
            if self.keep:
                self._cache[key] = self._fresh[key] = hit
        return hit

    def take_fresh(self) -> dict[str, RenderedBody]:
        """Bodies rendered since the last call (a worker sends these back)."""
        fresh, self._fresh = self._fresh, {}
        return fresh

    def absorb(self, rendered: dict[str, RenderedBody]) -> None:
        """Keep bodies a worker rendered, for the next build."""
        self._cache.update(rendered)
