"""Images: they exist, stay inside their innovation's folder, have alt text, and SVGs are inert."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, error
from generator.i18n import _
from generator.i18n.formatting import listing
from generator.loader.content import Entry
from generator.rules.context import RuleContext
from generator.safety.svg import SvgRefused, clean_svg

# No part of these runs past the next '[' (or '<'), where the next image could
# start: so each character is read from one start at most, and the time is linear.
MARKDOWN_IMAGE = re.compile(
    r"!\[(?P<alt>[^\[\]]*)\]\(\s*<?(?P<src>[^()\[\]\s<>]*)>?"
    r"(?:\s+[\"'][^()\[\]]*[\"'])?\s*\)"
)
HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)


def images(ctx: RuleContext) -> Iterator[Diagnostic]:
    by_innovation = {e.id: set(e.assets) for e in ctx.content.innovations}
    for entry in ctx.content.innovations:
        image = entry.fields.image
        if image is not None and image.src not in by_innovation[entry.id]:
            yield ctx.error_at(
                entry,
                ("image", "src"),
                "missing-image",
                _(
                    "the image '{image}' is not in the folder {folder}",
                    image=image.src,
                    folder="innovations/" + entry.id + "/",
                ),
                _image_hint(image.src, by_innovation[entry.id]),
            )
    for entry in ctx.content.innovations + ctx.content.case_studies:
        folder = entry.innovation_id or entry.id
        prefix = "../" if entry.kind == "case-study" else ""
        # None when the innovation's index.md has errors (reported on their own).
        available = by_innovation.get(folder)
        yield from sorted(_body_images(ctx, entry, prefix, folder, available))


def _body_images(
    ctx: RuleContext, entry: Entry, prefix: str, folder: str, available: set[str] | None
) -> Iterator[Diagnostic]:
    html = ctx.body_matches(entry, HTML_IMAGE) if "<" in entry.body else ()
    for hit in html:
        if not hit.fenced:
            yield error(
                entry.file,
                hit.line,
                hit.column,
                "html-image",
                _("images must be written in Markdown: ![what it shows](file.png)"),
                _("HTML is removed from bodies on the site."),
            )
    where, example = f"innovations/{folder}/", f"{prefix}file.png"
    for hit in ctx.body_matches(entry, MARKDOWN_IMAGE):
        if hit.fenced:
            continue
        line, col = hit.line, hit.column
        src, alt = hit.match["src"], hit.match["alt"].strip()
        if not alt:
            yield error(
                entry.file,
                line,
                col,
                "image-alt-missing",
                _("the image '{image}' has no alt text", image=src),
                _(
                    "Describe what it shows between the brackets: ![a chart of "
                    "admissions falling](chart.png)."
                ),
            )
        name = src.removeprefix(prefix) if prefix else src
        if "://" in src or src.startswith("//"):
            yield error(
                entry.file,
                line,
                col,
                "external-image",
                _(
                    "'{image}' is on another website: images must be files in the "
                    "innovation's folder",
                    image=src,
                ),
                _("Download the image (if its licence allows) and put it next to index.md."),
            )
        elif name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            yield error(
                entry.file,
                line,
                col,
                "image-outside-folder",
                _("'{image}' points outside the innovation's folder", image=src),
                _(
                    "Images are referenced as {example}; put the file in {folder}.",
                    example=example,
                    folder=where,
                ),
            )
        elif available is not None and prefix and not src.startswith(prefix) and src in available:
            yield error(
                entry.file,
                line,
                col,
                "missing-image",
                _(
                    "a case study is one folder below its innovation: write '{image}'",
                    image=prefix + src,
                ),
                _("The image is {path}.", path=where + src),
            )
        elif available is not None and (
            not src.startswith(prefix) or "/" in name or "\\" in name or name not in available
        ):
            yield error(
                entry.file,
                line,
                col,
                "missing-image",
                _("the image '{image}' is not a file in {folder}", image=src, folder=where),
                # Translators: {more} is another whole sentence, e.g. "Files there: a.png."
                _(
                    "Images are referenced as {example}, from the folder {folder}. {more}",
                    example=example,
                    folder=where,
                    more=_image_hint(name, available),
                ),
            )


def _image_hint(src: str, available: set[str]) -> str:
    if ".." in src or src.startswith("/"):
        return _("Images must stay inside the innovation's own folder.")
    if available:
        return _("Files there: {files}.", files=listing(sorted(available), "standard-narrow"))
    return _("Add the image file to the folder.")


def svg_safety(ctx: RuleContext) -> Iterator[Diagnostic]:
    """Every SVG must survive :func:`clean_svg`, whose copy is what the site publishes."""
    for entry in ctx.content.innovations:
        for name in entry.assets:
            if name.lower().endswith(".svg"):
                rel = entry.path.parent / name
                try:
                    clean_svg((ctx.content.root / rel).read_bytes())
                except SvgRefused as refused:
                    yield error(
                        ctx.content.display(rel.as_posix()),
                        refused.line,
                        refused.column,
                        "unsafe-svg",
                        str(refused),
                        _(
                            "Export the picture again as a plain SVG (e.g. 'Plain SVG' in "
                            "Inkscape) or as PNG."
                        ),
                    )
