"""The YAML mistakes people make by hand, in plain words at the character that is wrong.

Each common mistake gets its own code, the line and column of the offending
character (not where the parser gave up), and a hint with the fix, often the
line rewritten. Positions hold for CRLF files and front matter that starts
below line 1. What is not one of these keeps the parser's words; valid YAML
that merely looks odd is never refused; and the diagnosis stays linear
whatever the text.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loader.files import read_text, split_front_matter
from generator.loader.strict_yaml import YamlError, parse
from generator.loader.yaml_mistakes import diagnose

REPO = Path(__file__).resolve().parents[1]


def yaml_error(text: str, first_line: int = 1) -> YamlError:
    with pytest.raises(YamlError) as caught:
        parse(text, first_line)
    return caught.value


#: (text, code, line, column, words the message or hint holds)
MISTAKES = {
    # tabs
    "tab indenting a field": ("a:\n  b: 1\n\tc: 2\n", "yaml-tab", 3, 1, "tab"),
    "tab indenting a list": ("a:\n\t- x\n", "yaml-tab", 2, 1, "spaces only"),
    "tab after a dash": ("a:\n  -\tx\n", "yaml-tab", 2, 4, "Replace the tab"),
    # odd spaces
    "nbsp after a colon": ("name:\u00a0Jane\nrole: x\n", "yaml-nbsp", 1, 6, "U+00A0"),
    "nbsp after the last colon": ("a: 1\nname:\u00a0Jane\n", "yaml-nbsp", 2, 6, "ordinary space"),
    "nbsp alone (accepted)": ("name:\u00a0Jane\n", "yaml-nbsp", 1, 6, "non-breaking space"),
    "nbsp indenting (accepted)": ("a:\n  b: 1\n\u00a0 c: 2\n", "yaml-nbsp", 3, 1, "U+00A0"),
    "narrow nbsp indenting": ("a:\n  b: 1\n \u202fc: 2\n", "yaml-nbsp", 3, 2, "U+202F"),
    "figure space after a dash": ("a:\n  -\u2007x\n", "yaml-nbsp", 2, 4, "U+2007"),
    "nbsp in a flow field": ("a: 1\n\u00a0b: 2\n", "yaml-nbsp", 2, 1, "U+00A0"),
    "nbsp on a line that looks blank": ("a: 1\n\u00a0\nb: 2\n", "yaml-nbsp", 2, 1, "U+00A0"),
    "zero-width space": ("a:\n  b: 1\n  \u200bc: 2\n", "yaml-zero-width", 3, 3, "U+200B"),
    "byte order mark inside": ("a: 1\n\ufeffb: 2\n", "yaml-zero-width", 2, 1, "U+FEFF"),
    # curly quotes
    "curly double": (
        "stage: \u201cspreading\u201d\n", "yaml-curly-quotes", 1, 8, 'stage: "spreading"',
    ),
    "curly single": ("a: \u2018x\u2019\n", "yaml-curly-quotes", 1, 4, "'\u2018x\u2019'"),
    "low-high quotes": ("a: \u201ex\u201c\n", "yaml-curly-quotes", 1, 4, 'a: "x"'),
    "guillemets": ("a: \u00abx\u00bb\n", "yaml-curly-quotes", 1, 4, "straight quotes"),
    "curly in a list": (
        "types: [\u201cdigital\u201d, ai]\n", "yaml-curly-quotes", 1, 9, 'types: ["digital", ai]',
    ),
    "curly with an apostrophe": ("a: \u2018Jane\u2019s\u2019\n", "yaml-curly-quotes", 1, 4, "Jane"),
    "curly around a colon": (
        "title: \u201cNote: this\u201d\n", "yaml-curly-quotes", 1, 8, 'title: "Note: this"',
    ),
    "curly over lines": ("a: \u201cone\n  two\u201d\n", "yaml-curly-quotes", 1, 4, "instead of"),
    # indentation
    "list item indented less": (
        "a:\n  - x\n - y\n", "yaml-indentation", 3, 2, "like '- x' on line 2",
    ),
    "list item indented more": ("a:\n  - x\n   - y\n", "yaml-indentation", 3, 4, "more text"),
    "list item after a blank line": ("a:\n  - x\n\n   - y\n", "yaml-indentation", 4, 4, "line 2"),
    "list item at a field's level": (
        "regions:\n  - a\n- b\n", "yaml-indentation", 3, 1, "2 spaces",
    ),
    "list under a value": ("a: 1\n  - x\n", "yaml-indentation", 2, 3, "leave nothing after 'a:'"),
    "list item among fields": ("a: 1\n- x\n", "yaml-indentation", 2, 1, "a field is expected"),
    "field under a value": ("a: 1\n  b: 2\n", "yaml-indentation", 2, 3, "already has a value"),
    "field indented less": (
        "a:\n  b: 1\n c: 2\n", "yaml-indentation", 3, 2, "(0 spaces), or like 'b'",
    ),
    "field indented more": ("a:\n  b: 1\n   c: 2\n", "yaml-indentation", 3, 4, "under 'b'"),
    "field among list items": (
        "a:\n  - x\n  b: 1\n", "yaml-indentation", 3, 3, "Start it with '- '",
    ),
    "field of an item indented less": (
        "links:\n  - title: x\n   url: y\n", "yaml-indentation", 3, 4, "like 'title' on line 2 (4",
    ),
    "bad indentation under a block scalar": (
        "bio: |\n  a: b\n c: d\n", "yaml-indentation", 3, 2, "like 'bio' on line 1",
    ),
    # colons, quotes and brackets
    "colon in a title": (
        "title: Note: this\n", "yaml-colon-in-value", 1, 12, 'title: "Note: this"',
    ),
    "colon in a summary": (
        "summary: Time: 10 minutes\nb: 1\n", "yaml-colon-in-value", 1, 14, '"Time: 10 minutes"',
    ),
    "colon and quotes in a value": (
        'a: Note: the "best" one\n', "yaml-colon-in-value", 1, 8, "a: 'Note: the \"best\" one'",
    ),
    "colons in a list item": (
        "a:\n  - Note: x: y\n", "yaml-colon-in-value", 2, 12, '- "Note: x: y"',
    ),
    "colon at the end of a value": ("title: Remember:\n", "yaml-colon-in-value", 1, 16, "quotes"),
    "unclosed list": ("a: [1, 2\nb: 3\n", "yaml-unclosed", 1, 4, "a: [1, 2]"),
    "unclosed list at the end": ("a: x\nb: [1, 2\n", "yaml-unclosed", 2, 4, "b: [1, 2]"),
    "unclosed group of fields": ("a: {x: 1\nb: 3\n", "yaml-unclosed", 1, 4, "a: {x: 1}"),
    "unclosed list over lines": (
        "a: [1,\n  2\nb: [3]\n", "yaml-unclosed", 1, 4, "after the last item.",
    ),
    "unclosed list inside a group": ("a: {x: [1, 2}\n", "yaml-unclosed", 1, 8, "']'"),
    "unclosed quote": ('a: "hello\nb: 3\n', "yaml-unclosed", 1, 4, 'a: "hello"'),
    "unclosed single quote": ("a: 1\nb: 'x\n", "yaml-unclosed", 2, 4, "b: 'x'"),
    "unclosed quote, read on to the next one": (
        "a: 'x\nb: 1\nc: 'y'\n", "yaml-unclosed", 1, 4, "up to the ' on line 3",
    ),
    "apostrophe in single quotes": (
        "a: 'Jane's work'\n", "yaml-quote-in-quotes", 1, 9, 'a: "Jane\'s work"',
    ),
    "quotes in double quotes": (
        'a: "The "best" one"\n', "yaml-quote-in-quotes", 1, 9, "a: 'The \"best\" one'",
    ),
    "text after quotes": ('a: "x" y\n', "yaml-quote-in-quotes", 1, 6, "a: '\"x\" y'"),
    "text after a list": (
        "title: [Draft] Plan\n", "yaml-needs-quotes", 1, 8, 'title: "[Draft] Plan"',
    ),
    "text after a group": ("title: {Draft} Plan\n", "yaml-needs-quotes", 1, 8, "group of fields"),
    "value starting with @": ("contact: @jane\n", "yaml-needs-quotes", 1, 10, 'contact: "@jane"'),
    "value starting with `": ("a: `x` y\n", "yaml-needs-quotes", 1, 4, 'a: "`x` y"'),
    "value starting with %": ("a: %50\n", "yaml-needs-quotes", 1, 4, "'%'"),
    "value starting with *": ("a: *Pilot* x\nb: 1\n", "yaml-needs-quotes", 1, 4, 'a: "*Pilot* x"'),
    "value starting with &": ("a: & more\n", "yaml-needs-quotes", 1, 4, "'&'"),
    "value starting with >": ("a: > 50% of us\nb: 1\n", "yaml-needs-quotes", 1, 4, '"> 50% of us"'),
    "value starting with -": ("title: - x\n", "yaml-needs-quotes", 1, 8, "list item"),
    "value starting with ?": ("a: ? x\n", "yaml-needs-quotes", 1, 4, 'a: "? x"'),
    # missing spaces, stray text
    "no space after a colon": ("stage:proven\n", "yaml-missing-space", 1, 6, "stage: proven"),
    "no space, then a field": (
        "a: 1\nstage:proven\nb: 2\n", "yaml-missing-space", 2, 6, "field 'stage'",
    ),
    "no space, above a field": ("title:x\nsummary: y\n", "yaml-missing-space", 1, 6, "title: x"),
    "no space, above a nested field": (
        "a:\n  b:x\n  c: y\n", "yaml-missing-space", 2, 4, "b: x",
    ),
    "no space, nested": ("a:\n  level:x\n", "yaml-missing-space", 2, 8, "level: x"),
    "no space, in a list": ("a:\n  - title:x\n", "yaml-missing-space", 2, 10, "- title: x"),
    "no space after a dash": ("a:\n  - x\n  -y\nb: 1\n", "yaml-missing-space", 3, 3, "- y"),
    "text not indented": (
        "a: x\nmore text\nb: 2\n", "yaml-not-a-field", 2, 1, "text of 'a' on line 1",
    ),
    "text not indented, nested": ("a:\n  b: x\n  more\n  c: 1\n", "yaml-not-a-field", 3, 3, "'b'"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"), MISTAKES.values(), ids=MISTAKES
)
def test_mistake_is_named_where_it_is(
    text: str, code: str, line: int, column: int, words: str
) -> None:
    error = yaml_error(text)
    assert (error.code, error.line, error.column) == (code, line, column), error.message
    assert words in f"{error.message} {error.hint}"
    assert "while parsing" not in error.message and "YAML syntax error" not in error.message


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"), MISTAKES.values(), ids=MISTAKES
)
def test_positions_hold_for_other_line_ends_and_front_matter(
    text: str, code: str, line: int, column: int, words: str, newline: str
) -> None:
    error = yaml_error(text.replace("\n", newline), first_line=2)
    assert (error.code, error.line, error.column) == (code, line + 1, column)


@pytest.mark.parametrize(
    "text",
    [
        "summary: \u201cVirtual wards\u201d cut admissions\n",  # text that starts with a quotation
        "summary: The \u201cvirtual ward\u201d model\n",
        "title: '\u201cWe never looked back\u201d'\n",  # curly quotes kept on purpose
        'title: "\u2018Quoted\u2019"\n',
        "a: \u201cA\u201d and \u201cB\u201d\n",
        "a: 10\u00a0km\nb: Note\u00a0\u2014 x\n",  # non-breaking spaces inside text
        "a: x\u00a0\n",
        "summary: abc\n  Remarque:\u00a0ceci\n",  # more text of a value
        "bio: |\n  Interests:\n  \u00a0- asthma\n  \u00a0name:\u00a0x\n",  # a block scalar's text
        "\ufeffa: 1\n",  # a byte order mark opening the text
        "a:\n- x\n- y\nb: 2\n",  # a list at its field's indentation
        "a:\n  - x\n  -\n    - y\n",
        "url: https://example.org/a:b\nb: doi:10.1000/182\n",
        "a:\n  https://example.org\nb:\n  - mailto:x@example.org\n",
        "ratio: 1:20\ntime: '10:00'\n",
        "a: some\ttext\nb:\tvalue\n",  # tabs YAML accepts
        "title: Note:this\n",  # a colon without a space inside a value
        "summary:\n  Note:this is text\n",
        "summary: Our aims - faster care - fewer visits\n",
        "summary: Our aims\n  are faster care\n",
        "a: [x, 'it''s', \"q\\\"\"]\n",
        "links:\n  - title: x\n    url: y\n  - title: z\n",
        "a: 'x' # comment\n",
        "summary: 'first line\n  second line'\nb: 1\n",  # quoted text over lines
        'summary: "first: line\n  second: line"\nb: 1\n',
    ],
)
def test_valid_yaml_is_not_refused(text: str) -> None:
    parse(text)
    parse(text.replace("\n", "\r\n"), first_line=2)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: 1\n---\nb: 2\n", 2, 1),  # two documents
        ("a: 1\nb: *nowhere\n", 2, 4),  # an alias without its anchor
        ("types: ['Jane's', b]\n", 1, 15),  # a quote inside a list
        ('summary: "first\n  second" more\n', 2, 11),
    ],
)
def test_other_errors_keep_the_parsers_words(text: str, line: int, column: int) -> None:
    error = yaml_error(text)
    assert (error.code, error.line, error.column) == ("yaml-syntax", line, column)
    assert error.message.startswith("YAML syntax error")


def test_hints_show_long_and_hidden_text_safely() -> None:
    error = yaml_error("title: Note: " + "x" * 5000 + "\u202e\n")
    assert error.code == "yaml-colon-in-value"
    assert len(error.hint) < 400 and "…" in error.hint
    error = yaml_error("title: Note: a\u202eb\n")
    assert "\u202e" not in error.hint and "a\ufffdb" in error.hint


@pytest.mark.parametrize(
    ("text", "problem_at", "context_at"),
    [
        ("", (0, 0), None),
        ("a: 1\n", (5, 0), None),
        ("a: 1\n", (0, 99), (3, 0)),
        ("a: 1\n", (0, 2), (0, 99)),
        ("\t", (0, 0), (0, 0)),
    ],
)
def test_diagnosis_survives_marks_outside_the_text(
    text: str, problem_at: tuple[int, int], context_at: tuple[int, int] | None
) -> None:
    for problem in ("did not find expected key", "mapping values are not allowed in this context"):
        diagnose(text, problem, "while scanning a quoted scalar", problem_at, context_at)
        diagnose(text, problem, None, problem_at, context_at)


#: Texts at the size limit (YAML_SEPARATORS lines) that make a diagnosis read far.
N = 45_000
HOSTILE = {
    "indentation after many items": "a:\n" + "  - x\n" * N + " - y\n",
    "odd spaces in every value": "a:\n" + "  - x\u00a0y\n" * N + " - y\n",
    "odd spaces, valid": "a:\n" + "  - x\u00a0y\n" * N,
    "suspect values on one line": "a: [" + ("b:c," + " " * 10) * N + "]\n",
    "curly values": "a: [" + "\u201cb\u201dc, " * N + "]\n",
    "a colon in a long value": "title: " + "a: " * 300_000 + "\n",
    "a list item in long text": "a:\n  - x\n" + "    y\n" * N + "    - z\n",
    "text after many fields": "".join(f"k{i}: v\n" for i in range(N)) + "text\nb: 1\n",
    "a block scalar's text": "bio: |\n" + "  \u00a0- x: y\n" * N + " - y\n",
    "quotes in every line": "".join(f"k{i}: 'it''s'\n" for i in range(N)) + " - y\n",
    "a quote far above": "a: 'x\n" + "  y\n" * N + "' b\n",
    "a quote read on over fields": "a: 'x\n" + "b: 1\n" * N + "c: 'y' z\n",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE)
def test_diagnosis_is_linear(text: str) -> None:
    started = time.perf_counter()
    with contextlib.suppress(YamlError):
        parse(text)
    # Linear work on these takes well under a second; quadratic work takes minutes.
    assert time.perf_counter() - started < 3.0


PIECES = [
    "a", "b", ": ", ":", "- ", "-", "\n", "\n  ", "\n ", "\n    ", "\t", " ", "'", '"', "[", "]",
    "{", "}", ",", "#", "|", ">", "*", "&", "@", "%", "?", "\u00a0", "\u202f", "\u200b", "\ufeff",
    "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\r\n", "\r", "https://x", "x:y",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(1, 5))
def test_any_text_gets_data_or_a_positioned_error(pieces: list[str], first_line: int) -> None:
    text = "".join(pieces)
    try:
        parse(text, first_line)
    except YamlError as error:
        lines = text.count("\n") + text.count("\r") + 1
        assert first_line <= error.line <= first_line + lines
        assert error.column >= 1 and error.message


def test_the_exchanges_own_content_reads_cleanly() -> None:
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix == ".md":
            front = split_front_matter(read_text(path))
            parse(front.yaml, front.yaml_line)
        elif path.suffix == ".yml":
            parse(read_text(path))
