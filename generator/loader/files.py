"""Reading one untrusted text file: size cap, encoding, line endings, front matter."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from generator.i18n import _
from generator.i18n.formatting import number
from generator.safety.limits import FILE_BYTES as MAX_BYTES


class FileProblem(Exception):
    """A file that cannot be read as content, with where and why."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.line, self.column, self.hint = (
            code,
            message,
            line,
            column,
            hint,
        )


def read_text(path: str | os.PathLike[str]) -> str:
    """UTF-8 text (a BOM is dropped) with every line ending turned into ``\\n``."""
    fd = os.open(path, os.O_RDONLY)  # plain system calls: twice as fast as open()
    try:
        size = os.fstat(fd).st_size
        raw = b""
        if size <= MAX_BYTES:
            raw = os.read(fd, size + 1)
            # One call reads a regular file whole; read on if that was short or the
            # file grew (asking again just to be told "end of file" costs a third more).
            while len(raw) != size and len(raw) <= MAX_BYTES and (more := os.read(fd, 65536)):
                raw += more
    finally:
        os.close(fd)
    size = max(size, len(raw))
    if size > MAX_BYTES:
        raise FileProblem(
            "file-too-large",
            _(
                "the file is {size} bytes; content files may be at most {limit}",
                size=number(size),
                limit=number(MAX_BYTES),
            ),
            hint=_("Split long text, and keep pictures as separate image files."),
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # the UTF-8 byte order mark
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Line and column in characters, as every other diagnostic counts them.
        before = raw[: exc.start].decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise FileProblem(
            "encoding",
            _("the file is not UTF-8 (byte 0x{byte:02x})", byte=raw[exc.start]),
            line,
            column,
            _("Save the file as UTF-8 (most editors offer it under 'Save as' or 'Encoding')."),
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# The closing line, found from the newline before it: a literal first character
# lets the regex engine skip ahead instead of trying '^' at every position.
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    yaml: str
    yaml_line: int  # line of the file where the YAML starts
    body: str
    body_line: int  # line of the file where the body starts


def split_front_matter(text: str) -> FrontMatter:
    if not re.match(r"---[ \t]*\n", text):
        raise FileProblem(
            "front-matter-missing",
            _("the file must start with a line '---', then the fields, then another '---'"),
            hint=_("See the example in CONTRIBUTING.md or run 'exchange new'."),
        )
    start = text.index("\n") + 1
    closing = _CLOSING.search(text, start - 1)
    if closing is None:
        raise FileProblem(
            "front-matter-unclosed",
            _("the fields at the top are not closed by a line '---'"),
            hint=_("Add a line with just '---' after the last field."),
        )
    body_start = text.find("\n", closing.end())
    body_start = len(text) if body_start == -1 else body_start + 1
    yaml_text = text[start : closing.start() + 1]
    return FrontMatter(
        yaml=yaml_text,
        yaml_line=2,
        body=text[body_start:],
        body_line=text.count("\n", 0, body_start) + 1,
    )
