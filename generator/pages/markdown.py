"""Markdown bodies to safe HTML: rendered once per distinct text, then sanitised.

Bodies come from strangers' pull requests, so the HTML that Python-Markdown
produces (which passes raw HTML through) is cleaned by the allow-list in
:mod:`generator.safety.html`, and each rendering runs under a time limit
(Python-Markdown is quadratic on some inputs). Rendering is cached by the
text's hash, so ``mkdocs serve`` re-renders only the bodies that changed.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape as html_unescape
from typing import TypeVar

import markdown
from markdown.extensions.toc import slugify, strip_tags, unique

from generator.i18n import _
from generator.i18n.formatting import number
from generator.safety.deadline import TooSlow, time_limit
from generator.safety.html import RESERVED_IDS, RESERVED_PREFIXES, sanitise
from generator.safety.limits import RENDER_SECONDS, body_limits

# Headings get their ids from add_heading_ids, not the toc extension: the same
# ids at a fifth of the cost (the extension also builds a table of contents we
# do not use, as the page's comes from the headings in the sanitised HTML).
EXTENSIONS = ["tables", "fenced_code", "footnotes", "def_list", "admonition", "sane_lists"]
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b([^<>]*)>")
_ID = re.compile(r'\sid="([^"]*)"')
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*"><a [^<>]*>[^<]*</a></sup>')


T = TypeVar("T")


class RenderError(Exception):
    """A body that could not be rendered safely: a diagnostic code and message."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(code, message, hint)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class RenderedBody:
    html: str


def headings(html: str, levels: str = "123456") -> Iterator[tuple[re.Match[str], int, str]]:
    """Each heading ``<hN …>…</hN>`` of ``html`` as (its opening tag, the offset
    just past its closing tag, its inner HTML), as the non-greedy regex
    ``<h(N)…>(.*?)</h\\1>`` would find them, in linear time: that regex scans to
    the end of the text from every heading that is never closed."""
    tags = [m for m in _HEADING_TAG.finditer(html) if m[2] in levels]
    closings: dict[str, list[int]] = {}
    for i, tag in enumerate(tags):
        if tag[1]:
            closings.setdefault(tag[2], []).append(i)
    resume = 0
    for i, tag in enumerate(tags):
        if tag[1] or tag.start() < resume:
            continue
        ends = closings.get(tag[2], [])
        k = bisect.bisect_right(ends, i)
        if k == len(ends):
            continue  # never closed: no heading here
        close = tags[ends[k]]
        resume = close.end()
        yield tag, close.end(), html[tag.end() : close.start()]


def add_heading_ids(html: str) -> str:
    """Give each heading the id Python-Markdown's toc extension would: its text
    slugified, made unique with ``_1``, ``_2``… (footnote markers left out),
    never one of the page's own ids (:data:`RESERVED_IDS`)."""
    used = set(_ID.findall(html)) | RESERVED_IDS
    counters: dict[str, int] = {}
    out, last = [], 0
    for tag, end, inner in headings(html):
        if tag[3]:  # raw HTML with attributes: not a Markdown heading
            continue
        name = html_unescape(strip_tags(_FOOTNOTE_REF.sub("", inner)))
        slug = slugify(name, "-").lstrip("_")
        if slug.startswith(RESERVED_PREFIXES):
            slug = f"section-{slug}"
        anchor = unique(slug, used, counters)
        level = tag[2]
        out += (html[last : tag.start()], f'<h{level} id="{anchor}">{inner}</h{level}>')
        last = end
    out.append(html[last:])
    return "".join(out)


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
        """The published HTML of a body. Raises :class:`RenderError`."""
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        hit = self._cache.get(key)
        if hit is None:
            hit = RenderedBody(self._safely(text, lambda: sanitise(self._markdown(text))))
            if self.keep:
                self._cache[key] = self._fresh[key] = hit
        return hit

    def inspect(self, text: str) -> tuple[str, str]:
        """A body's HTML before sanitising and after it, for the rules to judge.
        Raises :class:`RenderError`."""

        def both() -> tuple[str, str]:
            html = self._markdown(text)
            return html, sanitise(html)

        return self._safely(text, both)

    def _markdown(self, text: str) -> str:
        self._md.reset()
        return add_heading_ids(self._md.convert(text))

    def _safely(self, text: str, work: Callable[[], T]) -> T:
        """``work()`` on a body within the input limits (validation checks them
        first; checked again here, so no caller can hand the converter a body over
        them), and within the time limit."""
        over = body_limits(text)
        if over is not None:
            raise RenderError(over.code, over.message, over.hint)
        try:
            with time_limit(RENDER_SECONDS):
                return work()
        except TooSlow:
            self._md = markdown.Markdown(extensions=EXTENSIONS)  # it stopped half-way
            raise RenderError(
                "body-too-slow",
                _(
                    "the text took more than {seconds} s to turn into a web page",
                    seconds=number(RENDER_SECONDS),
                ),
                _(
                    "Something in it makes the Markdown converter work very hard, usually "
                    "thousands of brackets, '<' or list markers: remove them."
                ),
            ) from None
        except RecursionError:
            self._md = markdown.Markdown(extensions=EXTENSIONS)
            raise RenderError(
                "too-deeply-nested",
                _("the text nests lists, quotes or HTML too deeply to turn into a web page"),
                _("Flatten the lists and quotes."),
            ) from None

    def take_fresh(self) -> dict[str, RenderedBody]:
        """Bodies rendered since the last call (a worker sends these back)."""
        fresh, self._fresh = self._fresh, {}
        return fresh

    def absorb(self, rendered: dict[str, RenderedBody]) -> None:
        """Keep bodies a worker rendered, for the next build."""
        self._cache.update(rendered)
