"""Every string a person reads goes through the catalogues.

Three readers find text that is not marked for translation: Python (text handed
to what shows it: diagnostics, exceptions, print, logs, argparse), the Jinja
templates (text and user-facing attributes outside ``_()``) and the browser's
JavaScript (sentences outside ``t()``/``tn()``). Each finding names the file and
line; the fix is to mark the text, or, for text no person reads, to say why on
the line with ``# i18n: not shown`` (Python) or ``// i18n: not shown`` (JS).
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
#: Modules that only say how to translate, or write content that is not interface.
SKIPPED = {"i18n/__init__.py", "i18n/catalogues.py", "synthetic.py"}
TRANSLATE = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_", "in_language"}
#: Calls whose text arguments a person reads.
SHOWN_BY = {
    "error",
    "warning",
    "error_at",
    "warning_at",
    "Diagnostic",
    "Problem",
    "print",
    "PluginError",
    "SystemExit",
    "BuildError",
    "RenderError",
    "SvgRefused",
    "TooSlow",
    "Unreadable",
    "FileProblem",
    "YamlError",
    "SearchIndexError",
    "SiteSettingsError",
    "FormError",
    "InitError",
    "ValueError",
    "PydanticCustomError",
    "info",
    "add_argument",
    "add_parser",
    "ArgumentParser",
    "_Parser",
}
#: Keyword arguments that are never shown (ids, codes, metavar of options…).
NOT_SHOWN_KEYWORDS = {"metavar", "dest", "choices", "default", "type", "action", "file", "sep"}
_WORDS = re.compile(r"[A-Za-z]{2,}\S*\s+\S*[A-Za-z]{2,}")


def _python_files() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in SKIPPED
    )


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _is_text(node: ast.AST) -> bool:
    """A literal sentence (a string or f-string with two words or more)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        literal = " ".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return bool(re.search(r"[A-Za-z]{2,}", literal)) and " " in literal
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _unmarked_python(path: Path) -> list[str]:
    source = path.read_text("utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node) not in SHOWN_BY:
            continue
        arguments = [*node.args] + [
            k.value for k in node.keywords if k.arg not in NOT_SHOWN_KEYWORDS
        ]
        if _name(node) in {"error", "warning", "Diagnostic"} and len(node.args) >= 4:
            arguments = arguments[4:] if _name(node) != "Diagnostic" else arguments[5:]
        if _name(node) in {"error_at", "warning_at"}:
            arguments = arguments[3:]
        if _name(node) == "PydanticCustomError":
            arguments = arguments[1:2]
        for argument in arguments:
            if _is_text(argument) and "i18n: not shown" not in lines[argument.lineno - 1]:
                found.append(f"{_shown(path)}:{argument.lineno}: {ast.unparse(argument)[:80]}")
    return found


def test_python_text_is_marked() -> None:
    found = [line for path in _python_files() for line in _unmarked_python(path)]
    assert not found, "text shown to people but not marked for translation:\n" + "\n".join(found)


# --- templates -------------------------------------------------------------------------------

#: Attributes a person reads (or hears from a screen reader).
READ_ATTRIBUTES = {
    "aria-label",
    "title",
    "alt",
    "placeholder",
    "aria-description",
    "aria-roledescription",
}


class _Text(HTMLParser):
    """The text and read attributes of a template's literal HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int]] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skip += 1
        line = self.getpos()[0]
        self.found += [(v, line) for k, v in attrs if k in READ_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.found.append((data, self.getpos()[0]))


def _templates() -> list[Path]:
    return sorted(
        [
            *PACKAGE.glob("pages/templates/*.j2"),
            *PACKAGE.glob("exports/templates/*.j2"),
            *PACKAGE.glob("theme/**/*.html"),
            *PACKAGE.glob("init/templates/*.md.j2"),
        ]
    )


def _shown(path: Path) -> str:
    try:
        return path.relative_to(PACKAGE.parent).as_posix()
    except ValueError:
        return path.name


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: Not words: a URL, an all-capitals format (YYYY-MM), an id (remote-copd-monitoring).
_NOT_WORDS = re.compile(r"https?://\S*|\b[A-Z]{2,}\b|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|&\w+;")


def _unmarked_template(path: Path) -> list[str]:
    """Text outside Jinja's tags, read as HTML with each tag replaced by "0" (kept
    on its lines), so markup split by expressions is still read as markup."""
    source = path.read_text("utf-8")
    jinja2.Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"]).parse(source)
    plain = _JINJA.sub(lambda m: "0" + "\n" * m[0].count("\n"), source)
    found = []
    for text, line in _html_text(plain):
        if re.search(r"[A-Za-z]{2,}", _NOT_WORDS.sub("", text)):
            found.append(f"{_shown(path)}:{line}: {text.strip()[:80]!r}")
    return found


def _html_text(html: str) -> list[tuple[str, int]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.found


#: Template text that is not interface text: the YAML of mkdocs.yml.
YAML_TEMPLATES = {"mkdocs.yml.j2"}


def test_template_text_is_marked() -> None:
    found = [
        line
        for path in _templates()
        if path.name not in YAML_TEMPLATES
        for line in _unmarked_template(path)
    ]
    assert not found, "template text not marked for translation:\n" + "\n".join(found)


# --- JavaScript ------------------------------------------------------------------------------

_JS_LITERAL = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`)""")
#: A sentence: a capitalised word then a lower-case one ("No results"), or a
#: capitalised word alone ("Search"), as interface text is written; CSS classes,
#: selectors, attribute names and URLs are all lower-case or have no spaces.
_SENTENCE = re.compile(r"^[A-Z][a-z]+(?:[ ,.:!?]|$)|[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}")


_JS_MARKED = re.compile(
    r"\btn?\(\s*("
    + _JS_LITERAL.pattern[1:-1]
    + r")(?:\s*,\s*("
    + _JS_LITERAL.pattern[1:-1]
    + r"))?"
)
#: A key name compared with event.key is not text.
_KEY_NAMES = {
    "Escape",
    "Enter",
    "Tab",
    "Home",
    "End",
    "ArrowDown",
    "ArrowUp",
    "ArrowLeft",
    "ArrowRight",
}


def _unmarked_js(path: Path) -> list[str]:
    source = path.read_text("utf-8")
    marked = {m.start(g) for m in _JS_MARKED.finditer(source) for g in (1, 2) if m[g]}
    lines = source.splitlines()
    found = []
    for match in _JS_LITERAL.finditer(source):
        number = source.count("\n", 0, match.start()) + 1
        line = lines[number - 1].strip()
        if match.start() in marked or line.startswith(("//", "*", "/*")):
            continue
        text = re.sub(r"\$\{[^}]*\}|\{\w+\}", "", match[1][1:-1]).strip()
        if "i18n: not shown" in lines[number - 1] or text in _KEY_NAMES:
            continue
        if _SENTENCE.search(text):
            found.append(f"{_shown(path)}:{number}: {match[1][:80]}")
    return found


def test_javascript_text_is_marked() -> None:
    found = [
        line
        for path in sorted(PACKAGE.glob("theme/assets/**/*.js"))
        if path.name != "messages.js"
        for line in _unmarked_js(path)
    ]
    assert not found, "JavaScript text not marked for translation:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "unmarked"),
    [
        ('error(f, 1, 1, "code", "the file is empty")', True),
        ('error(f, 1, 1, "code", _("the file is empty"))', False),
        ('print(f"wrote {path} to disk")', True),
        ('print(_("wrote {path}", path=p))', False),
        ('raise PluginError("Remove the search plugin.")', True),
        ('p.add_argument("--out", metavar="FOLDER", help="where to write")', True),
        ('p.add_argument("--out", metavar="FOLDER WORDS")', False),
    ],
)
def test_the_python_reader_tells_marked_from_unmarked(tmp_path, source, unmarked) -> None:
    """The check itself can fail: a sentence handed straight to a sink is found."""
    module = tmp_path / "probe.py"
    module.write_text(source + "\n", "utf-8")
    assert bool(_unmarked_python(module)) is unmarked


def test_the_template_reader_finds_bare_text(tmp_path) -> None:
    template = tmp_path / "probe.html.j2"
    template.write_text(
        '<p>{{ _("Marked") }}</p><p>Not marked here</p><button aria-label="Close it">x</button>',
        "utf-8",
    )
    found = [line.split(": ", 1)[1] for line in _unmarked_template(template)]
    assert found == ["'Not marked here'", "'Close it'"]


def test_the_javascript_reader_finds_bare_sentences(tmp_path) -> None:
    script = tmp_path / "probe.js"
    script.write_text(
        'status.textContent = t("No results");\n'
        'label = tn("{n} result",\n  "{n} results", count);\n'
        'node.className = "md-button md-button--primary";\n'
        'status.textContent = "No results";\n'
        'if (event.key === "Escape") close();\n',
        "utf-8",
    )
    assert [line.split(": ", 1)[1] for line in _unmarked_js(script)] == ['"No results"']
