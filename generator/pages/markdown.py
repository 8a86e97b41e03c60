"""Markdown bodies to safe HTML: rendered once per distinct text, then sanitised.

Bodies come from strangers' pull requests, so the HTML that Python-Markdown
produces (which passes raw HTML through) is cleaned by nh3 (the Ammonia
sanitiser) with an allow-list: no scripts, event handlers, styles, iframes or
``javascript:`` URLs survive. Rendering is cached by the text's hash, so
``mkdocs serve`` re-renders only the bodies that changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import unescape as html_unescape

import markdown
import nh3
from markdown.extensions.toc import slugify, strip_tags, unique

# Headings get their ids from add_heading_ids, not the toc extension: the same
# ids at a fifth of the cost (the extension also builds a table of contents we
# do not use, as the page's comes from the headings in the sanitised HTML).
EXTENSIONS = ["tables", "fenced_code", "footnotes", "def_list", "admonition", "sane_lists"]
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.S)

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


def add_heading_ids(html: str) -> str:
    """Give each heading the id Python-Markdown's toc extension would: its text
    slugified, made unique with ``_1``, ``_2``… (footnote markers left out)."""
    used = set(_ID.findall(html))
    counters: dict[str, int] = {}

    def with_id(match: re.Match[str]) -> str:
        level, inner = match.groups()
        name = html_unescape(strip_tags(_FOOTNOTE_REF.sub("", inner)))
        anchor = unique(slugify(name, "-"), used, counters)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _HEADING.sub(with_id, html)


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
        self._md = markdown.Markdown(extensions=EXTENSIONS)
        self._cache: dict[str, RenderedBody] = {}
        self._fresh: dict[str, RenderedBody] = {}  # rendered since the last take_fresh()

    def render(self, text: str) -> RenderedBody:
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        hit = self._cache.get(key)
        if hit is None:
            self._md.reset()
            hit = RenderedBody(sanitise(add_heading_ids(self._md.convert(text))))
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
