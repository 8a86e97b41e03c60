"""The HTML a body may publish: an allow-list, and checks on what it let through.

Python-Markdown passes raw HTML through, so its output is cleaned by nh3 (the
Ammonia sanitiser) with an allow-list: no scripts, event handlers, styles,
frames or ``javascript:`` URLs survive. Two rules then hold on the cleaned HTML,
whatever Markdown or HTML syntax produced it:

- nothing in it fetches from elsewhere: :func:`references` finds everything a
  browser would fetch, for the rules to require files of the entry's own folder,
  and the sanitiser keeps only ``img`` and drops any ``src`` that is not a file
  name, so a published page never fetches from elsewhere;
- sanitising removes tags, never the text a reader would see
  (:func:`text_lost`): an unclosed ``<style>`` or ``<template>`` would otherwise
  swallow the rest of a body without a word.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import nh3
from markupsafe import Markup

from generator.scalars import REFUSED_CHARACTERS

ALLOWED_TAGS = {
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
ALLOWED_ATTRIBUTES = {
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
ALLOWED_CLASSES = {
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

#: An image a body may show: a file name in the entry's folder, or ``../name`` from
#: a case study (its page sits one folder deeper; see the page builder).
LOCAL_IMAGE = re.compile(r"(?:\.\./)?[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)

#: Ids the page templates give their own sections (``id="outcomes"``…): a body
#: heading with the same text gets ``outcomes_1``, and a body may not write them
#: in HTML. A test keeps this in step with the templates. Material's ids all start
#: with ``__`` (its settings are read from ``#__config``), and the templates'
#: generated ids with these prefixes.
RESERVED_IDS = frozenset(
    {
        "adoptions",
        "body-sections",
        "browse",
        "case-studies",
        "innovations",
        "key-facts",
        "outcomes",
        "recent",
        "references",
        "related",
        "scouts",
        "spread",
        "vocabularies",
        # the open-data page's sections (generator/pages/open_data.py)
        "csv",
        "dcat",
        "embeds",
        "examples",
        "feeds",
        "json",
        "personal-data",
        "versions",
    }
)
RESERVED_PREFIXES = ("ix-", "browse-", "vocabulary-", "spread-")
#: The ids a body's HTML keeps: the shapes Markdown gives headings (``the-problem``,
#: ``_1``) and footnotes (``fn:1``, ``fnref:1``), none of the page's own.
_BODY_ID = re.compile(r"[a-z0-9][a-z0-9_:.-]*|_[0-9]+", re.ASCII)


def body_id(value: str) -> bool:
    return (
        _BODY_ID.fullmatch(value) is not None
        and value not in RESERVED_IDS
        and not value.startswith(RESERVED_PREFIXES)
    )


_REFUSED = re.compile(f"[{REFUSED_CHARACTERS}]")


def _allowed_value(element: str, attribute: str, value: str) -> str | None:
    """No image from anywhere but the entry's folder; no id that could take over
    one of the page's own (a body's ``id="__config"`` would replace Material's
    settings, and with them where it loads pages from)."""
    if attribute == "src" and element == "img" and not LOCAL_IMAGE.fullmatch(value):
        return None
    if attribute == "id" and not body_id(value):
        return None
    return value


def sanitise(html: str) -> str:
    """The HTML a body may publish. (Characters no content may hold, which a
    character reference can still spell, are removed too: validation refuses
    them, so this only matters to a caller that skipped it.)"""
    return _REFUSED.sub("", _clean(html))


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_allowed_value,
    )


#: Attributes that make a browser fetch something, on any element.
_FETCHING = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "xlink:href"}
#: Elements whose ``href`` is fetched (not followed by a click, as ``a``'s is).
_FETCHING_HREF = {"link", "image", "use", "feimage"}
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?([^'\")\s]*)|@import\s*['\"]?([^'\";\s]*)", re.I)


class Unreadable(Exception):
    """HTML that Python's parser cannot read the way a browser would."""


class _BrowserLike(HTMLParser):
    """Python's HTML parser, reading comments and ``<![…`` as a browser does
    (``<!-->`` is an empty comment, ``--!>`` ends one, ``<![x`` is a bogus comment
    up to the next ``>``), so that the rules judge what a browser would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._no_end_after = -1  # no comment end after here: do not search again

    def parse_comment(self, i: int, report: int = 1) -> int:
        raw = self.rawdata
        for empty in ("<!-->", "<!--->"):
            if raw.startswith(empty, i):
                return i + len(empty)
        if 0 <= self._no_end_after <= i:
            return -1
        ends = [end for end in (raw.find("-->", i + 4), raw.find("--!>", i + 4)) if end >= 0]
        if not ends:
            self._no_end_after = i
            return -1
        end = min(ends)
        if report:
            self.handle_comment(raw[i + 4 : end])
        return end + (3 if raw.startswith("-->", end) else 4)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    def read(self, html: str) -> None:
        try:
            self.feed(html)
            self.close()
        except Exception as exc:  # Python's parser asserts on some malformed input
            raise Unreadable(str(exc)) from None


class _References(_BrowserLike):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset" or (name == "imagesrcset" and tag == "link"):
                self.found += [(tag, part.split()[0]) for part in value.split(",") if part.split()]
            elif name in _FETCHING or (name == "href" and tag in _FETCHING_HREF):
                self.found.append((tag, value))
            elif name == "style":
                self._css(tag, value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self._css("style", data)

    def _css(self, tag: str, css: str) -> None:
        self.found += [(tag, a or b) for a, b in _CSS_URL.findall(css)]


def references(html: str) -> list[tuple[str, str]]:
    """Every (element, address) in ``html`` that a browser would fetch on its own:
    images, media, frames, objects, style sheets and CSS ``url()``s, in order."""
    parser = _References()
    parser.read(html)
    return parser.found


#: Elements whose content a browser never shows: closed, they hide nothing a
#: reader would have seen, so the sanitiser dropping them loses no text.
_NEVER_SHOWN = {"script", "style", "template"}
TAG = re.compile(r"<[^<>]*>")  # a tag; [^<>]: linear on unclosed ones


class _Text(_BrowserLike):
    """Collects the text a browser would show."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html
        self.parts: list[str] = []
        self.hidden: tuple[str, int, int] | None = None  # element, parts before it, offset
        self.line_starts: list[int] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _NEVER_SHOWN and self.hidden is None:
            if not self.line_starts:
                self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.html)]
            line, column = self.getpos()
            end = self.html.find(">", self.line_starts[line - 1] + column) + 1
            self.hidden = (tag, len(self.parts), end)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden is not None and tag == self.hidden[0]:
            del self.parts[self.hidden[1] :]
            self.hidden = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        if self.hidden is not None and self.hidden[0] in ("script", "style"):
            # Never closed: the parser swallowed the rest as script or style, which
            # is the text the author meant to show.
            self.parts.append(unescape(TAG.sub("", self.html[self.hidden[2] :])))
        return " ".join("".join(self.parts).split())


def visible_text(html: str) -> str:
    """The text a browser would show of ``html``, each run of white space one space."""
    parser = _Text(html)
    parser.read(html)
    return parser.text()


def text_lost(before: str, after: str) -> str | None:
    """The first words that the unsanitised HTML shows and the sanitised HTML does
    not, or None when nothing was lost. Tags the sanitiser strips keep their text,
    so any loss is an element whose content it drops whole. Every shown word must
    appear, whole and in order, among the kept words: words the sanitiser adds (a
    CDATA section) cannot make up for words it dropped. Raises :class:`Unreadable`."""
    # The characters sanitise() removes are reported by a rule of their own.
    shown = _REFUSED.sub("", visible_text(before)).split()
    kept = visible_text(after).split()
    at = 0
    for i, word in enumerate(shown):
        try:
            at = kept.index(word, at) + 1
        except ValueError:
            words = " ".join(shown[i : i + 7])
            return words if len(shown) <= i + 7 else words + "…"
    return None


def json_for_script(value: Any) -> Markup:
    """JSON to put inside a <script> element: no field can close the element or start
    a comment, whatever it holds (``<``, ``>`` and ``&`` written as ``\\u`` escapes)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
