"""Every bound on untrusted input, in one place, and the checks that apply them
before any parser sees the text.

Content comes from strangers' pull requests. The parsers we use were not built
for hostile input: LibYAML's Python binding composes nested collections by C
recursion (deep nesting overflows the stack and kills the process), Python-Markdown
parses some inline patterns in quadratic time and nested blocks by recursion, and
the HTML sanitiser's tree work grows with nesting. So the text is measured first,
in one linear pass, against limits far above anything real content needs (the
largest of 784 real-world entries has a 24 KB body, 2 ``[`` in one paragraph and
no nesting deeper than 3), and a file over a limit gets an error saying which
limit and where. Whatever the limits do not foresee is stopped by the time limit
on rendering each body (:mod:`generator.safety.deadline`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from generator.i18n import N_, _
from generator.i18n.formatting import number

#: Bytes of one content file (YAML or Markdown with front matter).
FILE_BYTES = 1_000_000
#: content/pathway.yml: its checklist is one page that every adoption pack fetches and
#: prints in place, so it stays small (the shipped one is about 8 KB).
PATHWAY_BYTES = 24_000
#: Bytes of one image file (a photo exported for the web is well under 1 MB).
IMAGE_BYTES = 10_000_000
#: Levels of nested fields and lists in YAML.
YAML_DEPTH = 20
#: Commas and lines in one YAML text: a bound on its values, checked before parsing
#: (LibYAML builds a node for each: 300,000 take 2 s). Real files have a few hundred.
YAML_SEPARATORS = 50_000
#: Items of any list in an entry (the real-world corpus's longest: 241 regions),
#: and terms of a vocabulary. A longer list is one error, not one per item.
LIST_ITEMS = 500
VOCABULARY_TERMS = 2_000
#: Characters of one Markdown body, and of a scout's bio.
BODY_CHARS = 200_000
#: Nested blocks (list items, block quotes, indented blocks) at any line of a body.
MARKDOWN_DEPTH = 16
#: ``[`` in one paragraph, and in one body: Python-Markdown looks for the end of each
#: link or image from every ``[``, so unclosed ones cost time quadratic in their number.
BRACKETS_PER_BLOCK = 500
BRACKETS_PER_BODY = 2_000
#: ``<`` in one body: raw HTML and autolinks, each scanned to its end.
ANGLES_PER_BODY = 2_000
#: Inline markup characters in one body (escapes, entities, code, emphasis):
#: Python-Markdown sets each aside with a placeholder, at a cost that grows
#: faster than their number (64,000 escapes take 14 s).
MARKUP_PER_BODY = 10_000
_MARKUP = "\\&`*_"
#: Lines of one paragraph or other block without a blank line (definition lists
#: and tables are parsed by re-reading the block).
LINES_PER_BLOCK = 1_000
#: Problems reported for one file; past these, one line says how many more there are.
DIAGNOSTICS_PER_FILE = 100
#: Seconds to render one body (Markdown, then sanitising) before the entry is refused.
RENDER_SECONDS = 2.0  # 200,000 characters of prose take 0.1 s


@dataclass(frozen=True)
class LimitExceeded:
    """A body over one of the limits: what, where (offset in the body), and the fix."""

    code: str
    message: str
    offset: int
    hint: str


#: Characters counted in a whole body: (character, limit, code, hint).
_COUNTED = (
    (
        "[",
        BRACKETS_PER_BODY,
        "too-many-brackets",
        N_("Remove the stray brackets; write links as [text](https://…)."),
    ),
    (
        "<",
        ANGLES_PER_BODY,
        "too-much-html",
        N_("Write Markdown instead of HTML; for a comparison write 'less than'."),
    ),
)


def body_limits(body: str) -> LimitExceeded | None:
    """The first limit ``body`` exceeds, or None. One pass over the lines."""
    if len(body) > BODY_CHARS:
        return LimitExceeded(
            "body-too-long",
            _(
                "the text is {size} characters; at most {limit} are allowed",
                size=number(len(body)),
                limit=number(BODY_CHARS),
            ),
            BODY_CHARS,
            _("Shorten it: link to a published report instead of copying it in."),
        )
    for char, limit, code, hint in _COUNTED:
        count = body.count(char)
        if count > limit:
            return LimitExceeded(
                code,
                _(
                    "the text has {count} '{character}' characters; at most {limit} are allowed",
                    count=number(count),
                    character=char,
                    limit=number(limit),
                ),
                _nth(body, char, limit),
                _(hint),
            )
    markup = sum(body.count(char) for char in _MARKUP)
    if markup > MARKUP_PER_BODY:
        return LimitExceeded(
            "too-much-markup",
            _(
                "the text has {count} of the characters {characters}; at most {limit} are allowed",
                count=number(markup),
                characters="\\ & ` * _",
                limit=number(MARKUP_PER_BODY),
            ),
            next(islice(re.finditer(r"[\\&`*_]", body), MARKUP_PER_BODY, None)).start(),
            _("Remove the stray symbols; emphasis and code are for a few words at a time."),
        )
    return _block_limits(body)


#: A line that could be nested past the limit starts with more than MARKDOWN_DEPTH
#: of these characters (each level needs one at least).
_DEEP_START = re.compile(f"[ \t>*+\\-0-9.)]{{{MARKDOWN_DEPTH + 1}}}")
_DEEP_LINE = re.compile(f"\\n{_DEEP_START.pattern}")  # a literal first: a fast scan


def _block_limits(body: str) -> LimitExceeded | None:
    # Most bodies are far inside every block limit: a few C-speed counts show it.
    if (
        body.count("\n") < LINES_PER_BLOCK
        and body.count("[") <= BRACKETS_PER_BLOCK
        and not _DEEP_START.match(body)
        and not _DEEP_LINE.search(body)
    ):
        return None
    return _block_scan(body)


def _block_scan(body: str) -> LimitExceeded | None:
    offset = 0
    block_start, block_lines, block_brackets = 0, 0, 0
    for line in body.split("\n"):
        if line.strip():
            if block_lines == 0:
                block_start = offset
            block_lines += 1
            block_brackets += line.count("[")
            if block_lines > LINES_PER_BLOCK:
                return LimitExceeded(
                    "block-too-long",
                    _(
                        "a paragraph or list runs for more than {limit} lines without a blank line",
                        limit=number(LINES_PER_BLOCK),
                    ),
                    block_start,
                    _("Break it up with blank lines, or shorten it."),
                )
            if block_brackets > BRACKETS_PER_BLOCK:
                return LimitExceeded(
                    "too-many-brackets",
                    _(
                        "a paragraph has more than {limit} '[' characters",
                        limit=number(BRACKETS_PER_BLOCK),
                    ),
                    block_start,
                    _("Remove the stray brackets, or split the paragraph."),
                )
            depth = nesting(line)
            if depth > MARKDOWN_DEPTH:
                return LimitExceeded(
                    "too-deeply-nested",
                    _(
                        "lists, quotes or indents are nested {depth} levels deep here; "
                        "at most {limit} are allowed",
                        depth=depth,
                        limit=MARKDOWN_DEPTH,
                    ),
                    offset,
                    _("Flatten the list: indent less, or split it into several lists."),
                )
        else:
            block_lines = block_brackets = 0
        offset += len(line) + 1
    return None


def nesting(line: str) -> int:
    """An upper bound on the blocks a line opens or continues: each level of
    indentation (4 columns; a tab counts 4) and each quote or list marker before
    the text."""
    depth, columns, i, n = 0, 0, 0, len(line)
    while i < n:
        char = line[i]
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4
        elif char == ">" or (char in "-*+" and (i + 1 == n or line[i + 1] in " \t")):
            depth += 1
        elif char.isdigit():
            j = i
            while j < n and line[j].isdigit():
                j += 1
            if j < n and line[j] in ".)" and (j + 1 == n or line[j + 1] in " \t"):
                depth += 1
                i = j
            else:
                break
        else:
            break
        i += 1
    return depth + columns // 4


def _nth(text: str, char: str, n: int) -> int:
    """The offset of the ``n``-th (1-based) ``char`` in ``text``."""
    at = -1
    for _unused in range(n):
        at = text.find(char, at + 1)
    return max(at, 0)
