"""Images: they exist, stay inside their innovation's folder, have alt text, SVGs are
inert, and photos are not far heavier or larger than a page can use."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from generator.diagnostics import Diagnostic, error, warning
from generator.i18n import _
from generator.i18n.formatting import file_size, listing, number
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


# --- images heavier or larger than a page can use -----------------------------------------

#: The widest a page shows an image, in CSS pixels: the content column beside the
#: navigation at its widest (Material's 61rem grid at 24 px a rem, less the navigation).
SHOWN_WIDTH = 1_200
#: The width to export at: sharp on most high-density screens at the widths shown,
#: and a photo at 1,600 pixels, JPEG quality 80, is a few hundred kilobytes.
EXPORT_WIDTH = 1_600
#: Bytes above which an image is worth shrinking: such a photo exported as above is
#: well under it, and a page's own HTML is a few tens of kilobytes, so a heavier image
#: is most of what a reader on a phone waits for. (The hard limit is IMAGE_BYTES.)
BYTES_WORTH_SHRINKING = 500_000
#: Pixels wide above which an image is far larger than any page shows: twice the
#: export width, four times the pixels a reader's screen can use.
WIDTH_WORTH_SHRINKING = 2 * EXPORT_WIDTH
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
#: JPEG segments read before giving up on finding the size (real files have a dozen).
_JPEG_SEGMENTS = 100
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_dimensions(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG, JPEG or WebP file's header, reading a few
    dozen bytes (Pillow is not needed for this); None when the header is not one of
    these (a broken file is the browser's problem, not a reason to stop a build)."""
    try:
        with path.open("rb") as image:
            head = image.read(30)
            if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
                width, height = struct.unpack(">II", head[16:24])
                return width, height
            if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
                return _webp_dimensions(head)
            if head[:2] == b"\xff\xd8":
                return _jpeg_dimensions(image)
    except (OSError, struct.error):
        return None
    return None


def _webp_dimensions(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    # Each header's bytes must all be there: a file cut short is broken, not an error of ours.
    # Lossy: a key frame's start code.
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a" and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    # Lossless: 14 bits each, less one.
    if chunk == b"VP8L" and head[20:21] == b"\x2f" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:  # extended: the canvas, 24 bits each, less one
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def _jpeg_dimensions(image: BinaryIO) -> tuple[int, int] | None:
    """The frame header's size, skipping the segments before it by their lengths."""
    image.seek(2)
    for _segment in range(_JPEG_SEGMENTS):
        marker = image.read(2)
        while marker[:1] == b"\xff" and marker[1:] == b"\xff":  # fill bytes
            marker = marker[1:] + image.read(1)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:  # no length
            continue
        if kind in (0xD9, 0xDA):  # the end, or the image data: no frame header before it
            return None
        (length,) = struct.unpack(">H", image.read(2))
        if kind in _JPEG_FRAMES:
            height, width = struct.unpack(">xHH", image.read(5))
            return width, height
        if length < 2:
            return None
        image.seek(length - 2, 1)
    return None


def image_sizes(ctx: RuleContext) -> Iterator[Diagnostic]:
    """PNG, JPEG and WebP images far heavier, or far wider, than a page can use: a phone
    photo straight from the camera (4,000 pixels, several megabytes) is the usual one."""
    how = _(
        "Export it at {width} pixels wide as JPEG quality 80 (or WebP), e.g. with Squoosh "
        "(https://squoosh.app, free, in the browser) or GIMP (File > Export As).",
        width=number(EXPORT_WIDTH),
    )
    for entry in ctx.content.innovations:
        for name in entry.assets:
            if not name.lower().endswith(RASTER_SUFFIXES):
                continue
            rel = entry.path.parent / name
            path = ctx.content.root / rel
            try:
                size = path.stat().st_size
            except OSError:
                continue
            file = ctx.content.display(rel.as_posix())
            if size > BYTES_WORTH_SHRINKING:
                yield warning(
                    file,
                    1,
                    1,
                    "image-too-heavy",
                    _(
                        "the image is {size}: above {target} it slows the page down, on "
                        "phones most of all",
                        size=file_size(size),
                        target=file_size(BYTES_WORTH_SHRINKING),
                    ),
                    how,
                )
                continue  # its hint says how to shrink it: the width too
            dimensions = image_dimensions(path)
            if dimensions and dimensions[0] > WIDTH_WORTH_SHRINKING:
                yield warning(
                    file,
                    1,
                    1,
                    "image-too-wide",
                    _(
                        "the image is {width} × {height} pixels: pages show images at most "
                        "{shown} pixels wide",
                        width=number(dimensions[0]),
                        height=number(dimensions[1]),
                        shown=number(SHOWN_WIDTH),
                    ),
                    how,
                )
