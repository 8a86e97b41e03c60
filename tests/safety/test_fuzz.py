"""Fuzzing what strangers submit: front matter, bodies and SVG files.

Hypothesis builds inputs from the characters and fragments that matter to YAML,
Markdown, HTML and SVG (brackets, markers, tags, entities, event handlers,
``javascript:``, ``url()``, control and bidirectional characters) and checks
that, whatever the input, the exchange answers with diagnostics or an inert
result: no traceback, no signal, no hang (each example has a time budget), and
nothing executable or fetching from elsewhere in what would be published.

Inputs that once broke a property are kept in ``fuzz_corpus/`` (one file per
input, in a folder per target) and replayed by ``test_corpus_*``, so a fixed
failure stays fixed whatever Hypothesis happens to generate next time.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loader.strict_yaml import YamlError, parse
from generator.pages.markdown import BodyRenderer, RenderError
from generator.rules.assets import MARKDOWN_IMAGE
from generator.rules.context import fenced_spans, in_spans
from generator.safety.html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LOCAL_IMAGE,
    body_id,
    references,
)
from generator.safety.svg import SvgRefused, clean_svg
from generator.scalars import refused_character
from generator.validation import validate
from tests.conftest import VOCABULARIES

CORPUS = Path(__file__).parent / "fuzz_corpus"
BASE = Path(__file__).parents[1] / "broken" / "_base" / "content"
INDEX = "innovations/base-innovation/index.md"
BUDGET = 2.0  # seconds per example: parse, validate or render one entry
FUZZ = settings(
    # A longer campaign: EXCHANGE_FUZZ_EXAMPLES=5000 pytest tests/safety/test_fuzz.py
    max_examples=int(os.environ.get("EXCHANGE_FUZZ_EXAMPLES", "120")),
    deadline=None,  # timed by the properties themselves, with a clearer message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

YAML_PIECES = [
    "[", "]", "{", "}", ": ", ":", "- ", "-", "? ", "'", '"', "&a ", "*a", "!!str ", "!x ",
    "# ", "|", ">", ",", "\n", "\n  ", "\n    ", "\t", "title", "tags", "summary", "1",
    "2024-13-40", "9999-12-31", "\\", "\\0", "\\u202e", "%", "@", "`", "\u00a0", "\u202e",
    "\x00", "\ufeff", "~", "null", "true", "1e999", "<<: ", "---", "...", "a", "é",
]  # fmt: skip
BODY_PIECES = [
    "[", "]", "(", ")", "![", "](", "<", ">", "</", "/>", "*", "_", "`", "```", "~~~", "#",
    "## ", " ", "\n", "\n\n", "    ", "\t", "> ", "- ", "1. ", ": ", "|", "&", "&#9;",
    "&#x6a;", '"', "'", "=", "\\", "a", "x", "https://e.example/p.png", "//e.example/x",
    "javascript:alert(1)", "data:text/html,x", "<img src=", "<image src=", "<script>",
    "</script>", "<style>", "</style>", "<iframe src=", "<svg>", "<math>", "<template>",
    "<textarea>", "<a href=", " onerror=", " style=", "url(", "@import ", " srcset=",
    "<!--", "-->", "[^1]", "[^1]: n", "!!! note", "[r]: https://e.example/", "\u202e",
    "pathway.png", "../pathway.png", "<h2>", "</h2>", "## Outcomes", "<br>", "<p>",
    ' id="__config"', ' id="outcomes"', "&#x202E;", "&#27;", "<![CDATA[", "]]>",
]  # fmt: skip
SVG_ELEMENTS = [
    "rect", "circle", "path", "g", "text", "style", "script", "foreignObject", "use", "image",
    "a", "animate", "set", "iframe", "html:iframe", "html:meta", "linearGradient", "stop",
    "filter", "feImage", "title", "metadata", "inkscape:x", "xsl:template",
]  # fmt: skip
SVG_ATTRIBUTES = [
    'x="1"', 'fill="red"', 'fill="url(#g)"', "fill=\"url( 'https://e.example/x' )\"",
    'href="#a"', 'href="https://e.example"', 'xlink:href="javascript:x"', 'onload="x()"',
    'style="fill:url(//e.example/x)"', 'style="fill:\\75 rl(x)"', 'id="a"', 'src="x"',
    'http-equiv="refresh"', 'content="0;url=https://e.example"', 'html:src="java&#9;script:x"',
    'values="javascript:x"', 'attributeName="href"', 'begin="0s"', 'inkscape:label="x"',
]  # fmt: skip
SVG_PROLOGUES = [
    "",
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml-stylesheet type="text/xsl" href="#s"?>',
    '<!DOCTYPE svg [<!ENTITY e "x">]>',
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
    "<!-- a comment -->",
]
NAMESPACES = (
    'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:html="http://www.w3.org/1999/xhtml" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
)


def pieces(options: list[str], most: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(options), max_size=most).map("".join)


@st.composite
def svg_files(draw: st.DrawFn) -> bytes:
    def element(depth: int) -> str:
        name = draw(st.sampled_from(SVG_ELEMENTS))
        attributes = " ".join(draw(st.lists(st.sampled_from(SVG_ATTRIBUTES), max_size=3)))
        children = (
            "" if depth > 2 else "".join(element(depth + 1) for _ in range(draw(st.integers(0, 2))))
        )
        text = draw(st.sampled_from(["", "x", "@import url(//e.example/x);", "&lt;b&gt;"]))
        return f"<{name} {attributes}>{text}{children}</{name}>"

    prologue = draw(st.sampled_from(SVG_PROLOGUES))
    body = "".join(element(0) for _ in range(draw(st.integers(0, 3))))
    text = f'{prologue}<svg {NAMESPACES} viewBox="0 0 10 10">{body}</svg>'
    encoding = draw(st.sampled_from(["utf-8", "utf-16"]))
    return text.encode(encoding)


# --- what "inert" means for published HTML and SVG -------------------------------------


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


class _Inert(HTMLParser):
    """Fails on anything in published body HTML that could run or fetch."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, f"<{tag}> published"
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"class", "rel"}, name
            value = "".join(c for c in value or "" if c.isprintable() and not c.isspace()).lower()
            if name == "id":  # never one of the page's own (Material's #__config…)
                assert body_id(value), value
            scheme = _SCHEME.match(value)  # as a browser reads it: no scheme is relative
            if name == "href" and scheme:
                assert scheme[1] in ("https", "mailto"), value
            if name == "src":
                assert LOCAL_IMAGE.fullmatch(value or "-"), value

    handle_startendtag = handle_starttag


def assert_inert_html(html: str) -> None:
    assert refused_character(html) is None, "a control or bidi character is published"
    parser = _Inert(convert_charrefs=True)
    parser.feed(html)
    parser.close()


def assert_inert_svg(clean: bytes) -> None:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(clean)  # a clean copy is well-formed
    assert b"<?xml-stylesheet" not in clean and b"<!DOCTYPE" not in clean
    for element in root.iter():
        namespace, _, name = element.tag.rpartition("}")
        assert namespace == "{http://www.w3.org/2000/svg", element.tag
        assert name.lower() not in {"script", "foreignobject", "iframe", "image", "a", "set"}
        for attribute, value in element.attrib.items():
            assert not attribute.rpartition("}")[2].lower().startswith("on"), attribute
            if attribute.rpartition("}")[2] == "href":
                assert value.startswith("#"), value
            squeezed = "".join(value.split()).lower()
            # Only url(#id) anywhere; no CSS escape where CSS is read.
            assert squeezed.count("url(") == squeezed.count("url(#"), value
            if attribute == "style":
                assert "\\" not in squeezed, value
        if name == "style":
            squeezed = "".join((element.text or "").split()).lower()
            assert "@import" not in squeezed and squeezed.count("url(") == squeezed.count("url(#")


# --- the properties -----------------------------------------------------------------------


def timed(seconds: float) -> None:
    assert seconds < BUDGET, f"took {seconds:.1f} s (budget {BUDGET} s)"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(VOCABULARIES, root / "vocabularies")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    return root


def check_front_matter(root: Path, text: str) -> None:
    started = time.perf_counter()
    try:
        parse(text)
    except YamlError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message
    index = root / INDEX
    body = index.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    index.write_text(f"---\n{text}\n---\n{body}", encoding="utf-8")
    _, report = validate(root)  # never raises for bad content
    for diagnostic in report.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    timed(time.perf_counter() - started)


def check_body(root: Path, body: str) -> None:
    started = time.perf_counter()
    index = root / INDEX
    front = index.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    index.write_text(f"{front}\n---\n{body}\n", encoding="utf-8")
    validate(root)
    renderer = BodyRenderer(keep=False)
    try:
        html = renderer.render(body).html
    except RenderError:
        pass  # refused with a clear message
    else:
        assert_inert_html(html)
        judged = [
            m for m in MARKDOWN_IMAGE.finditer(body) if not in_spans(m.start(), fenced_spans(body))
        ]
        if "<" not in body and len(judged) == body.count("!["):
            # The rendered-output rules skip such bodies: every image they yield must
            # be one the Markdown-image rule judged.
            before = renderer.inspect(body)[0]
            assert {src for _, src in references(before)} <= {m["src"] for m in judged}
    timed(time.perf_counter() - started)


def check_svg(data: bytes) -> None:
    started = time.perf_counter()
    try:
        clean = clean_svg(data)
    except SvgRefused as exc:
        assert str(exc)
    else:
        assert_inert_svg(clean)
    timed(time.perf_counter() - started)


@FUZZ
@given(text=pieces(YAML_PIECES, 60))
def test_front_matter_fuzz(content: Path, text: str) -> None:
    check_front_matter(content, text)


@FUZZ
@given(body=pieces(BODY_PIECES, 80))
def test_body_fuzz(content: Path, body: str) -> None:
    check_body(content, body)


@FUZZ
@given(data=svg_files())
def test_svg_fuzz(data: bytes) -> None:
    check_svg(data)


def _corpus(target: str) -> list[Path]:
    return sorted((CORPUS / target).glob("*"))


@pytest.mark.parametrize("path", _corpus("front-matter"), ids=lambda p: p.name)
def test_corpus_front_matter(content: Path, path: Path) -> None:
    check_front_matter(content, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _corpus("body"), ids=lambda p: p.name)
def test_corpus_body(content: Path, path: Path) -> None:
    check_body(content, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _corpus("svg"), ids=lambda p: p.name)
def test_corpus_svg(path: Path) -> None:
    check_svg(path.read_bytes())
