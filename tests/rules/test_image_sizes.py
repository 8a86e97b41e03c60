"""Images far heavier or wider than a page can use get a warning saying the size, the
target and how to shrink them; their pixel size is read from the file's header."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from generator.loader.content import load_content
from generator.rules import assets
from generator.rules.assets import BYTES_WORTH_SHRINKING, image_dimensions
from generator.rules.context import RuleContext
from generator.safety.limits import IMAGE_BYTES
from tests.test_rules import TODAY, Exchange, run


def png(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + struct.pack(">II", width, height)
        + b"\x08\x02\x00\x00\x00"
        + b"\x00" * 4  # the chunk's CRC, not checked
    )


def jpeg(width: int, height: int, frame: int = 0xC0) -> bytes:
    """A JPEG's start: APP0 (JFIF), a large APP1 (Exif) and fill bytes before the frame."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
    app1 = b"\xff\xe1" + struct.pack(">H", 60_002) + b"Exif\x00\x00" + b"\x00" * 59_994
    sof = b"\xff\xff\xff" + bytes([frame]) + struct.pack(">HBHHB", 11, 8, height, width, 1)
    return b"\xff\xd8" + app0 + app1 + sof + b"\x01\x11\x00" + b"\xff\xda"


def webp(chunk: bytes, data: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def lossy(width: int, height: int) -> bytes:
    return webp(b"VP8 ", b"\x10\x02\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height))


def lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | (height - 1) << 14
    return webp(b"VP8L", b"\x2f" + bits.to_bytes(4, "little"))


def extended(width: int, height: int) -> bytes:
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return webp(b"VP8X", b"\x10\x00\x00\x00" + canvas)


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(4032, 3024), (4032, 3024)),
        (jpeg(4032, 3024), (4032, 3024)),
        (jpeg(3024, 4032, frame=0xC2), (3024, 4032)),  # progressive
        (lossy(1600, 900), (1600, 900)),
        (lossless(16383, 5), (16383, 5)),
        (extended(5000, 3000), (5000, 3000)),
        (b"", None),
        (b"\x89PNG\r\n\x1a\n", None),  # cut short
        (b"\xff\xd8\xff\xe1\x00", None),
        (b"\xff\xd8" + b"\xff\xe1\x00\x02" * 200, None),  # segments with no frame: bounded
        (b"\xff\xd8\xff\xda", None),  # image data before any frame header
        (b"GIF89a" + b"\x00" * 30, None),
        (b"RIFF\0\0\0\0WEBPVP8L", None),  # a WebP cut short in each of its three headers
        (b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\x9d\x01\x2a", None),
        (b"RIFF\0\0\0\0WEBPVP8X" + b"\0" * 10, None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
    ],
)
def test_dimensions_from_the_header(tmp_path: Path, data: bytes, size: tuple | None) -> None:
    path = tmp_path / "image"
    path.write_bytes(data)
    assert image_dimensions(path) == size


def _write(ex: Exchange, name: str, data: bytes, size: int | None = None) -> None:
    path = ex.write(f"innovations/remote/{name}", data)
    if size is not None:
        with path.open("r+b") as file:
            file.truncate(size)  # sparse: nothing more written


def _warnings(ex: Exchange) -> list:
    return list(assets.image_sizes(RuleContext(ex.load(), TODAY)))


def test_a_photo_straight_from_the_camera(ex: Exchange) -> None:
    ex.innovation()
    _write(ex, "photo.jpg", jpeg(4032, 3024), 2_460_000)
    (found,) = _warnings(ex)
    assert (found.file, found.line, found.column, str(found.severity), found.code) == (
        "content/innovations/remote/photo.jpg", 1, 1, "warning", "image-too-heavy",
    )  # fmt: skip
    assert found.message == (
        "the image is 2.5 MB: above 500 KB it slows the page down, on phones most of all"
    )
    assert "1,600 pixels wide as JPEG quality 80" in found.hint
    assert "https://squoosh.app" in found.hint


def test_the_limits(ex: Exchange) -> None:
    ex.innovation()
    _write(ex, "at-limit.png", png(1600, 1200), BYTES_WORTH_SHRINKING)
    _write(ex, "heavy.webp", lossy(1600, 1200), BYTES_WORTH_SHRINKING + 1)
    _write(ex, "wide.png", png(3201, 400))
    _write(ex, "not-too-wide.png", png(3200, 4000))
    _write(ex, "huge-svg.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", 900_000)
    _write(ex, "broken.jpeg", b"\xff\xd8 not really", 1000)
    found = run(assets.image_sizes, ex.load())
    assert found == [
        ("innovations/remote/heavy.webp", 1, 1, "warning", "image-too-heavy"),
        ("innovations/remote/wide.png", 1, 1, "warning", "image-too-wide"),
    ]
    wide = _warnings(ex)[1]
    assert (
        wide.message
        == "the image is 3,201 × 400 pixels: pages show images at most 1,200 pixels wide"
    )


def test_heavy_and_wide_is_one_warning(ex: Exchange) -> None:
    ex.innovation()
    _write(ex, "photo.png", png(6000, 4000), 900_000)
    assert [d.code for d in _warnings(ex)] == ["image-too-heavy"]


def test_the_hard_limit_stays_an_error(ex: Exchange) -> None:
    ex.innovation()
    _write(ex, "huge.jpg", jpeg(8000, 6000), IMAGE_BYTES + 1)
    content = load_content(Path("content"))
    assert [d.code for d in content.diagnostics] == ["image-too-large"]
    assert list(assets.image_sizes(RuleContext(content, TODAY))) == []
