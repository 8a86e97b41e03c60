"""An entry's summary: inline Markdown on its page, plain text everywhere else.

Contributors write ``**bold**``, ``*italic*``, ```code``` and ``[a link](https://…)``
in a summary as they do in a body, so the entry's page shows them as such. Only
that inline Markdown is read: a summary is one or two sentences inside a
paragraph or a card, so headings, lists, quotes, images, entities and raw HTML
stay as typed. The HTML goes through the same allow-list as bodies
(:func:`generator.safety.html.sanitise`).

Where only text fits (cards, ``<meta name="description">``, link previews, search
results) the summary is the same reading without the markup: what a reader sees,
without the asterisks. The open data keeps the text as written (the JSON API's
``summary`` is the source, Markdown and all, as the open-data page says).

The reader is this module's own, not Python-Markdown: it follows CommonMark's
rules for these four constructs (delimiter runs and their flanking, code spans
before brackets, links before emphasis; not the "rule of three" for runs such as
``*a**b*``) in one pass plus a stack, so it is linear in the summary's length and
four times cheaper (65 µs a summary with Markdown, sanitising included: a summary
is shown on its page and on every card of it). Both forms are cached by text, and
a summary without any Markdown character costs one scan.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from generator.safety.html import sanitise

#: Longer than any summary validation accepts (300 characters): a longer text
#: (from a caller that skipped validation) is shown as plain text, not read.
MARKDOWN_CHARS = 1000
#: Link addresses a summary may use: absolute, as the summary appears on pages at
#: every depth (a relative link would point somewhere else from each). Any other
#: link shows its text alone.
LINK_SCHEMES = ("https://", "mailto:")

_SPECIAL = re.compile(r"[\\`*_\[\]]")
_BACKTICKS = re.compile(r"`+")
_RUN = {"*": re.compile(r"\*+"), "_": re.compile(r"_+")}
#: A link's tail after ``]``: ``(address)``, optionally padded with spaces; the
#: address has no spaces, brackets or angle brackets, and its parentheses are in
#: pairs, not nested (``…/wiki/Cure_(film)``). Unambiguous, so matched in linear time.
_LINK_TAIL = re.compile(r"\( *([^\s()<>\[\]]+(?:\([^\s()<>\[\]]*\)[^\s()<>\[\]]*)*) *\)")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass
class _Code:
    text: str


@dataclass
class _Link:
    """A link's start (``end`` False) or end; ``shown`` when its address is allowed."""

    shown: bool
    href: str = ""
    end: bool = False


@dataclass
class _Delimiters:
    """A run of ``*`` or ``_`` that may open or close emphasis."""

    char: str
    count: int
    can_open: bool
    can_close: bool
    opens: list[str] = field(default_factory=list)  # tags after the run, outermost first
    closes: list[str] = field(default_factory=list)  # tags before it, innermost first
    settled: bool = False


_Node = str | _Code | _Link | _Delimiters


def _kind(char: str) -> str:
    """ "space", "punctuation" or "other", as CommonMark's flanking rules see it."""
    if char.isspace():
        return "space"
    if char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS":
        return "punctuation"
    return "other"


def _delimiters(char: str, count: int, before: str, after: str) -> _Delimiters:
    b, a = _kind(before), _kind(after)
    left = a != "space" and (a != "punctuation" or b != "other")
    right = b != "space" and (b != "punctuation" or a != "other")
    if char == "*":
        return _Delimiters(char, count, left, right)
    # "_" does not open or close inside a word (snake_case stays as typed)
    return _Delimiters(
        char,
        count,
        left and (not right or b == "punctuation"),
        right and (not left or a == "punctuation"),
    )


class _CodeClosers:
    """Where each code span ends: the next run of as many backticks. The scan
    moves forward only, so each length's list is walked once."""

    def __init__(self, text: str) -> None:
        self.runs: dict[int, list[int]] = {}
        for run in _BACKTICKS.finditer(text):
            self.runs.setdefault(len(run[0]), []).append(run.start())
        self.next: dict[int, int] = {}

    def after(self, start: int, length: int) -> int | None:
        runs = self.runs.get(length, [])
        k = self.next.get(length, 0)
        while k < len(runs) and runs[k] <= start:
            k += 1
        self.next[length] = k
        return runs[k] if k < len(runs) else None


def _parse(text: str) -> list[_Node]:
    """The summary as text, code spans, links and delimiter runs (links found)."""
    nodes: list[_Node] = []
    brackets: list[int] = []  # nodes that are a "[" which may still open a link
    links: list[tuple[int, int]] = []
    closers = _CodeClosers(text)
    i = 0
    while True:
        special = _SPECIAL.search(text, i)
        end = special.start() if special else len(text)
        if end > i:
            nodes.append(text[i:end])
        if special is None:
            break
        i, char = end, text[end]
        if char == "\\":
            escaped = text[i + 1 : i + 2]
            literal = escaped in _ASCII_PUNCTUATION  # (False at the end of the text)
            nodes.append(escaped if literal else "\\")
            i += 2 if literal else 1
        elif char == "`":
            length = len(_BACKTICKS.match(text, i)[0])  # type: ignore[index]
            close = closers.after(i, length)
            if close is None:
                nodes.append("`" * length)
            else:
                code = text[i + length : close]
                if len(code) > 2 and code[0] == code[-1] == " " and code.strip():
                    code = code[1:-1]
                nodes.append(_Code(code))
                length = close + length - i
            i += length
        elif char in "*_":
            length = len(_RUN[char].match(text, i)[0])  # type: ignore[index]
            before = text[i - 1] if i else " "
            after = text[i + length] if i + length < len(text) else " "
            nodes.append(_delimiters(char, length, before, after))
            i += length
        elif char == "[":
            brackets.append(len(nodes))
            nodes.append("[")
            i += 1
        else:  # "]"
            tail = _LINK_TAIL.match(text, i + 1) if brackets else None
            if tail is None:
                if brackets:
                    brackets.pop()
                nodes.append("]")
                i += 1
                continue
            href = tail[1]
            shown = href.startswith(LINK_SCHEMES)
            start = brackets[-1]
            nodes[start] = _Link(shown, href)
            nodes.append(_Link(shown, end=True))
            links.append((start, len(nodes) - 1))
            brackets.clear()  # no link inside a link
            i = tail.end()
    for start, end in links:  # emphasis inside a link's text stays inside it
        _emphasis(nodes, start + 1, end)
    _emphasis(nodes, 0, len(nodes))
    return nodes


def _emphasis(nodes: list[_Node], low: int, high: int) -> None:
    """Match the delimiter runs of ``nodes[low:high]``: each closer with the nearest
    opener of its character (two characters for strong when both have them); runs
    between the two can no longer match. Each run enters and leaves a stack once."""
    stacks: dict[str, list[int]] = {"*": [], "_": []}
    for k in range(low, high):
        run = nodes[k]
        if not isinstance(run, _Delimiters) or run.settled:
            continue
        run.settled = True
        own = stacks[run.char]
        other = stacks["_" if run.char == "*" else "*"]
        while run.can_close and run.count and own:
            opener = nodes[own[-1]]
            assert isinstance(opener, _Delimiters)
            used = 2 if run.count >= 2 and opener.count >= 2 else 1
            tag = "strong" if used == 2 else "em"
            opener.count -= used
            run.count -= used
            opener.opens.insert(0, tag)
            run.closes.append(tag)
            while other and other[-1] > own[-1]:
                other.pop()
            if not opener.count:
                own.pop()
        if run.count and run.can_open:
            own.append(k)


def _render(nodes: list[_Node], html: bool) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node) if html else node)
        elif isinstance(node, _Code):
            out.append(f"<code>{escape(node.text)}</code>" if html else node.text)
        elif isinstance(node, _Link):
            if html and node.shown:
                out.append("</a>" if node.end else f'<a href="{escape(node.href)}">')
        else:
            literal = node.char * node.count
            if html:
                out += [f"</{tag}>" for tag in node.closes] + [literal]
                out += [f"<{tag}>" for tag in node.opens]
            else:
                out.append(literal)
    return "".join(out)


@functools.lru_cache(maxsize=32768)
def summary_html(text: str) -> Markup:
    """``text`` as inline HTML (emphasis, strong, code, links), sanitised."""
    plain = " ".join(text.split())
    if len(plain) > MARKDOWN_CHARS or _SPECIAL.search(plain) is None:
        return escape(plain)
    return Markup(sanitise(_render(_parse(plain), html=True)))


@functools.lru_cache(maxsize=32768)
def summary_text(text: str) -> str:
    """``text`` as a reader sees it, without markup: for cards, descriptions, feeds."""
    plain = " ".join(text.split())
    if len(plain) > MARKDOWN_CHARS or _SPECIAL.search(plain) is None:
        return plain
    return " ".join(_render(_parse(plain), html=False).split())
