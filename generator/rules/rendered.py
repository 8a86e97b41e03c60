"""Rules on bodies as the site would publish them: within the input limits, and,
once rendered and sanitised, fetching nothing from elsewhere and hiding no text.

The Markdown-image rule (``assets.images``) reads the Markdown and explains
mistakes in its terms; these rules judge the HTML that Markdown and the
sanitiser produce, so that no syntax the Markdown rule does not foresee
(reference-style images, raw ``<image>`` tags, fences Markdown does not see as
fences) can route around them. Only bodies with ``<`` or ``&#``, or with a ``![`` that is
not a plain image the Markdown-image rule has judged, are rendered here: without
them, Markdown writes no raw HTML and no image that rule has not seen (a fuzz
test holds this), and rendering every body would double validation's time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, error
from generator.i18n import _
from generator.i18n.formatting import number
from generator.loader.content import Entry
from generator.rules.assets import MARKDOWN_IMAGE
from generator.rules.context import RuleContext, line_col
from generator.safety.deadline import TooSlow, time_limit
from generator.safety.html import ALLOWED_TAGS, LOCAL_IMAGE, Unreadable, references, text_lost
from generator.safety.limits import RENDER_SECONDS, body_limits
from generator.scalars import character_name, refused_character

if TYPE_CHECKING:
    from generator.pages.markdown import BodyRenderer

_RAW_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_renderer: BodyRenderer | None = None


def _bodies(ctx: RuleContext) -> Iterator[tuple[Entry, str]]:
    """Every Markdown text the site renders: bodies, and scouts' bios."""
    for entry in ctx.content.innovations + ctx.content.case_studies:
        yield entry, entry.body
    for entry in ctx.content.scouts:
        if entry.fields.bio:
            yield entry, entry.fields.bio


def _where(entry: Entry, text: str, offset: int) -> tuple[int, int]:
    if entry.kind == "scout":  # a bio is a YAML value: point at the field
        return entry.positions.of(("bio",))
    return line_col(text, offset, entry.body_line)


def input_limits(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry, text in _bodies(ctx):
        hit = refused_character(text)
        if hit is not None and entry.kind != "scout":  # a bio is a field: checked as one
            char = hit.group()
            yield error(
                entry.file,
                *_where(entry, text, hit.start()),
                "control-character",
                _(
                    "character U+{code:04X} ({name}) is not allowed here",
                    code=ord(char),
                    name=character_name(char),
                ),
                _(
                    "Delete it: it is invisible, and can make text display differently from "
                    "what it says. Retype the text around it if you cannot find it."
                ),
            )
        problem = body_limits(text)
        if problem is not None:
            line, col = _where(entry, text, problem.offset)
            yield error(entry.file, line, col, problem.code, problem.message, problem.hint)


def rendered_output(ctx: RuleContext) -> Iterator[Diagnostic]:
    global _renderer
    available = {e.id: set(e.assets) for e in ctx.content.innovations}
    for entry, text in _bodies(ctx):
        judged = _judged_images(ctx, entry, text)
        if not _may_hide_anything(text, judged) or body_limits(text) is not None:
            continue
        # Imported when needed (most runs never are, and Markdown takes a while to
        # import); and here, as the page builder imports the catalogue, which
        # imports the rules.
        from generator.pages.markdown import BodyRenderer, RenderError

        _renderer = _renderer or BodyRenderer(keep=False)
        try:
            # Rendering and judging together under the time limit: Python's HTML
            # parser is slow on some malformed input too. (No yield inside it.)
            with time_limit(RENDER_SECONDS):
                html = _renderer.inspect(text)
                found = list(_judge(entry, text, html, set(judged or ()), available))
        except (RenderError, TooSlow, Unreadable) as exc:
            code, message, hint = _refusal(exc)
            found = [error(entry.file, *_where(entry, text, 0), code, message, hint)]
        yield from found


def _refusal(exc: Exception) -> tuple[str, str, str]:
    if isinstance(exc, Unreadable):
        return (
            "unreadable-html",
            _("the HTML in the text cannot be read reliably (it is malformed)"),
            _("Write Markdown instead of HTML."),
        )
    if isinstance(exc, TooSlow):
        return (
            "body-too-slow",
            _("the text took more than {seconds} s to check", seconds=number(RENDER_SECONDS)),
            _(
                "Something in it makes the checks work very hard, usually thousands of "
                "unclosed HTML tags or comments: write Markdown instead."
            ),
        )
    return exc.code, exc.message, exc.hint  # type: ignore[attr-defined]


def _judge(
    entry: Entry,
    text: str,
    html: tuple[str, str],
    judged: set[str],
    available: dict[str, set[str]],
) -> Iterator[Diagnostic]:
    before, after = html
    lost = text_lost(before, after)
    if lost is not None:
        yield _hidden_text(entry, text, lost)
    hidden = refused_character(unescape(before))
    if hidden is not None and refused_character(text) is None:  # written as &#…;
        char = hidden.group()
        yield error(
            entry.file,
            *_where(entry, text, text.find("&#")),
            "control-character",
            _(
                "a character reference here gives U+{code:04X} ({name}), which is not allowed",
                code=ord(char),
                name=character_name(char),
            ),
            _(
                "Delete the '&#…;' code: the character is invisible, and can make text "
                "display differently from what it says."
            ),
        )
    yield from _outside_images(entry, text, before, judged, available)


def _judged_images(ctx: RuleContext, entry: Entry, text: str) -> list[str] | None:
    """The sources of the Markdown images the Markdown-image rule judged (those
    outside fences); None for a bio, which that rule does not read."""
    if entry.kind == "scout":
        return None
    if "![" not in text:
        return []
    return [hit.match["src"] for hit in ctx.body_matches(entry, MARKDOWN_IMAGE) if not hit.fenced]


def _may_hide_anything(text: str, judged: list[str] | None) -> bool:
    """Whether rendering could show the rules more than the Markdown says: raw
    HTML, or an image the Markdown-image rule did not judge. (Bodies whose only
    images are plain ``![alt](file)`` outside fences are most bodies with images;
    the Markdown-image rule requires each of those to name a file in the folder.)"""
    if "<" in text or "&#" in text:  # raw HTML, or a character given by its number
        return True
    if "![" not in text:
        return False
    return judged is None or len(judged) != text.count("![")


def _hidden_text(entry: Entry, text: str, lost: str) -> Diagnostic:
    culprit = next((m for m in _RAW_TAG.finditer(text) if m[1].lower() not in ALLOWED_TAGS), None)
    line, col = _where(entry, text, culprit.start() if culprit else 0)
    message = (
        _(
            "the <{tag}> here hides text from the page, from '{text}'",
            tag=culprit[1],
            text=lost,
        )
        if culprit
        else _("the HTML here hides text from the page, from '{text}'", text=lost)
    )
    return error(
        entry.file,
        line,
        col,
        "hidden-text",
        message,
        _(
            "Remove the HTML tag: write Markdown. Tags such as <style>, <script> and "
            "<template> are removed together with everything inside them."
        ),
    )


def _outside_images(
    entry: Entry, text: str, html: str, judged: set[str], available: dict[str, set[str]]
) -> Iterator[Diagnostic]:
    if entry.kind == "scout":
        prefix, files = "", set()  # a bio has no folder: no images at all
    else:
        prefix = "../" if entry.kind == "case-study" else ""
        files = available.get(entry.innovation_id or entry.id)  # None: unknown, not checked
    start = 0
    for tag, url in references(html):
        found = text.find(url, start) if url else -1
        if found >= 0:
            start = found + len(url)
        name = url.removeprefix(prefix)
        local = url.startswith(prefix) and LOCAL_IMAGE.fullmatch(name) and "/" not in name
        if url in judged or (local and (files is None or name in files)):
            continue  # judged in Markdown's terms, or a file there (None: not known)
        line, col = _where(entry, text, _tag_start(text, found))
        if entry.kind == "scout":
            message = _(
                "the <{tag}> here loads '{url}', which is not a file of this entry: "
                "a scout's bio has no folder for files",
                tag=tag,
                url=url[:80],
            )
            hint = _("Remove the picture: a bio is text only.")
        else:
            message = _(
                "the <{tag}> here loads '{url}', which is not a file of this entry: "
                "it must be a file in {folder}",
                tag=tag,
                url=url[:80],
                folder="innovations/" + (entry.innovation_id or entry.id) + "/",
            )
            hint = _(
                "Put the picture next to index.md and show it with ![what it shows](file.png); "
                "pages never load anything from other websites."
            )
        yield error(entry.file, line, col, "outside-resource", message, hint)


def _tag_start(text: str, found: int) -> int:
    """Where the image that mentions offset ``found`` starts on its line."""
    if found < 0:
        return 0
    line_start = text.rfind("\n", 0, found) + 1
    starts = [text.rfind(mark, line_start, found) for mark in ("![", "<", "[")]
    best = max(starts)
    if best > 0 and text.startswith("![", best - 1):
        best -= 1  # the '[' of an image
    return best if best >= 0 else found
