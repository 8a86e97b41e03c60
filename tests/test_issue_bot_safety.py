"""The issue-form bot under hostile submissions: it never crashes or hangs, it quotes
submitted text inertly, and a failure of its own still gives the submitter a comment.

Inertness is proved with GitHub's own renderer, cmark-gfm (the ``cmarkgfm`` package,
with GitHub's extensions: tables, autolinks, tag filter, strikethrough, task lists)
and raw HTML passed through as GitHub passes it: the rendered comment and pull
request body have only the elements the bot writes itself, and none in a table cell.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.diagnostics import Report, error, warning
from generator.issue_forms import answers, commands, headings, parse, reply
from generator.issue_forms.answers import Submission
from generator.issue_forms.reply import Problem, comment, inert, pr_body, wrong_form_comment
from generator.issue_forms.spec import FORMS
from generator.issue_forms.submission import convert
from generator.loader.content import load_content
from tests import test_from_issue as base

cmarkgfm = pytest.importorskip("cmarkgfm", reason="pip install -e '.[test]'")
from cmarkgfm.cmark import Options  # noqa: E402

content = base.content  # the fixture: vocabularies, two scouts, one innovation
BODIES, files_under, run = base.BODIES, base.files_under, base.run
REPO = Path(__file__).resolve().parents[1]
BUDGET = 2.0  # seconds, for any one pathological input

#: Markdown a stranger could type to get a link, an image or markup into the bot's text.
HOSTILE = [
    "[click me](https://evil.example)",
    "![x](https://tracker.example/p.png)",
    "<https://evil.example>",
    "https://evil.example/path?q=1",
    "www.evil.example",
    "WWW.EVIL.EXAMPLE/x",
    "[x][1] [1]: https://evil.example",
    "[x][1]\n\n[1]: https://evil.example",
    "&#91;x&#93;&#40;https://evil.example&#41; &lt;img src=x&gt; h&#116;tps://e.example",
    "<img src=x onerror=alert(1)> <a href='https://evil.example'>a</a>",
    "<script>alert(1)</script> <!-- hidden -->",
    "evil@evil.example mailto:a@b.example xmpp:a@b.example @octocat #1 GH-1",
    "`code` ``more`` **bold** _em_ *em* ~~del~~ $x^2$ $$y$$",
    "| --- | table | \\| break",
    "- [x] task\n1. list\n# heading\n> quote\n---",
    "[^1] footnote \\[escaped\\](https://evil.example)",
    "ftp://evil.example http:/evil.example",
]
#: What the bot itself writes in a comment: the elements a rendered comment may have.
TABLE = {"table", "thead", "tbody", "tr", "th", "td"}


# --- rendering with cmark-gfm -------------------------------------------------------------


@dataclass
class Rendered:
    tags: Counter
    in_cells: list[str]  # elements found inside a table cell
    text: str


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.open: list[str] = []
        self.in_cells: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags[tag] += 1
        if "td" in self.open or "th" in self.open:
            self.in_cells.append(tag)
        if tag not in ("br", "hr", "img", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_comment(self, data: str) -> None:
        self.tags["<!--"] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(markdown: str) -> Rendered:
    """GitHub's rendering of ``markdown``, raw HTML kept (GitHub then sanitises it)."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    parser = _Elements()
    parser.feed(html)
    parser.close()
    text = re.sub(r"\s+", " ", "".join(parser.text)).replace("\u2060", "")
    return Rendered(parser.tags, parser.in_cells, text)


def assert_only(rendered: Rendered, **exact: int) -> None:
    """Only the bot's own elements: table parts and paragraphs, plus exactly ``exact``."""
    allowed = TABLE | {"p"} | set(exact)
    assert set(rendered.tags) <= allowed, rendered.tags
    for tag, count in exact.items():
        assert rendered.tags[tag] == count, (tag, rendered.tags)
    assert rendered.in_cells == [], rendered.in_cells
    assert not {"a", "img"} & set(rendered.tags)


def comment_elements(text: str) -> dict[str, int]:
    """The elements ``comment()`` writes itself, with or without the details block."""
    details = int("<details>" in text)
    return {"h3": 1 + details, "strong": 2 + details, "details": details, "summary": details}


# --- the one function all submitted text goes through ----------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "place",
    ["| Q |\n| --- |\n| {} |\n", "Text before {} and after.\n", "{}\n"],
    ids=["table-cell", "in-a-line", "line-start"],
)
def test_inert_text_renders_as_exactly_that_text(value: str, place: str):
    rendered = render(place.format(inert(value, limit=10_000)))
    assert_only(rendered)
    assert parse.one_line(value) in rendered.text


def test_inert_text_reads_as_it_was_written():
    # Ordinary words are left alone: the comment stays readable in Markdown too.
    for plain in (
        "Kent, Surrey and Sussex",
        "Did you mean 'Piloting'?",
        "'Pilotting' is not one of the choices",
        "line 3 has no name",
        "A 100% increase (approx.), see page 4; or not.",
    ):
        assert inert(plain) == plain
    assert inert("x" * 1000).endswith("…") and len(inert("x" * 1000)) == 400
    # A heading to copy stays copyable; a reference or mention is broken invisibly.
    assert inert("Add '### Stage'") == "Add '&#35;&#35;&#35; Stage'"
    assert inert("@octocat #12") == "&#64;&#8288;octocat &#35;&#8288;12"


# --- hostile submissions, end to end ----------------------------------------------------------


def _body(form: str, answer: Callable[[int, str], str]) -> str:
    """Every question answered with ``answer(index, label)``, every box ticked."""
    parts = []
    for i, q in enumerate(FORMS[form].questions):
        if q.kind in ("consent", "declaration"):
            text = "\n".join(f"- [X] {o}" for o in q.options)
        else:
            text = answer(i, q.label)
        parts.append(f"### {q.label}\n\n{text}")
    return "\n\n".join(parts)


@pytest.mark.parametrize("form", list(FORMS))
def test_hostile_text_in_every_answer_gives_an_inert_comment(form: str, content: Path):
    body = _body(form, lambda i, _: HOSTILE[i % len(HOSTILE)])
    vocabularies = load_content(content).vocabularies
    outcome = convert(FORMS[form], body, content, vocabularies, issue=5, author="jane-doe")
    assert not outcome.ok and outcome.comment
    rendered = render(outcome.comment)
    assert_only(rendered, **comment_elements(outcome.comment))
    assert "is not one of the choices" in rendered.text  # submitted text was quoted


_QUESTIONS = [
    "Title",
    "Summary",
    "Lead organisation",
    "Lead organisation: website",
    "The problem",
    "The solution",
    "Contact: web page",
    "Keywords",
    "What the costs cover",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_quoted_inertly_in_the_comment(value: str, content: Path, tmp_path):
    """Title, summary, organisation, URL fields, body sections and a wrong choice."""
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    answers = base.by_label(body)
    for label in [*_QUESTIONS, "Stage"]:
        body = body.replace(f"### {label}\n\n{answers[label]}\n", f"### {label}\n\n{value}\n")
    body = body.replace("Example University | University", f"{value} | {value}")
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(main_cli, "innovation", path)
    assert code == 1
    rendered = render(out)
    assert_only(rendered, **comment_elements(out))
    # The wrong choice is quoted back, as plain text, exactly as it was typed.
    assert f"'{parse.one_line(value)}' is not one of the choices" in rendered.text


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_headings_are_quoted_inertly(value: str, content: Path, tmp_path: Path):
    """A heading no question's, before the first question, after a plain answer and
    read by position: each quoted back as plain text."""
    heading = parse.one_line(value)
    body = (BODIES / "innovation-valid.md").read_text(encoding="utf-8")
    body = f"### {heading} 1\n\nx\n\n" + body
    body = body.replace("### Stage\n\nSpreading", f"### Stage\n\nSpreading\n\n### {heading} 2")
    body = body.replace("### Summary\n", f"### {heading} 3\n")
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(main_cli, "innovation", path)
    assert code == 1
    rendered = render(out)
    assert_only(rendered, **comment_elements(out))
    for n in (1, 2, 3):
        assert f"'### {heading} {n}'" in rendered.text


def test_the_wrong_form_comment_is_inert():
    for sent in FORMS.values():
        for meant in FORMS.values():
            if sent.key != meant.key:
                text = wrong_form_comment(sent, meant, "[x](https://evil.example) @octocat")
                rendered = render(text)
                assert_only(rendered, h3=1, code=2)
                assert "[x](https://evil.example) @octocat" in rendered.text


def main_cli(args: list[str]) -> tuple[int, str, str]:
    return _capture(lambda: main(args))


def test_hostile_text_in_a_valid_entry_gives_an_inert_pull_request_body(content: Path, tmp_path):
    body = (BODIES / "innovation-hostile.md").read_text(encoding="utf-8")
    # What a valid entry may hold: no HTML tags, email addresses or external images.
    valid = " ".join(v for v in HOSTILE if not re.search(r"[<@\n]|!\[", v))
    body = body.replace("### The solution\n\n", f"### The solution\n\n{valid}\n\n")
    path, pr = tmp_path / "body.md", tmp_path / "pr.md"
    path.write_text(body, encoding="utf-8")
    code, out, _ = run(main_cli, "innovation", path, "--issue-number", "9", "--pr-body", str(pr))
    assert code == 0, out
    text = pr.read_text(encoding="utf-8")
    assert "raw-html" in text  # a warning about the submitted HTML, for the reviewers
    # The bot's own code spans (two commands and the file), its list, heading and summary.
    assert_only(render(text), code=3, ul=1, li=1, h3=1, strong=1)


@pytest.mark.parametrize("value", HOSTILE)
def test_diagnostics_quoting_submitted_text_stay_inert(value: str):
    """The maintainers' details and the reviewers' suggestions quote diagnostics whole."""
    sub = Submission(FORMS["innovation"])
    found = [
        error(value, 3, 1, value, value, value),
        warning("content/innovations/x/index.md", 4, 2, "raw-html", value, value),
    ]
    text = comment(sub, [Problem(value, value, value), Problem("", value)], Report(found))
    assert_only(render(text), **comment_elements(text))
    created = [Path("content/innovations/x/index.md")]
    text = pr_body(sub, created, 7, "jane-doe", Report(found[1:]))
    assert_only(render(text), code=3, ul=1, li=1, h3=1, strong=1)
    assert parse.one_line(value) in render(text).text


def test_a_cut_comment_still_closes_its_table(content: Path):
    sub = Submission(FORMS["innovation"])
    problems = [Problem("Title", f"[x](https://e.example/{i})" * 5) for i in range(2000)]
    text = comment(sub, problems, Report([error("f", 1, 1, "c", "m")] * 3))
    assert len(text) < reply.COMMENT_LIMIT and "cut short" in text
    assert "<details>" not in text  # dropped first, rather than cut open
    assert_only(render(text), **comment_elements(text))


# --- pathological input: no recursion, nothing super-linear -----------------------------------


def _timed(call: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"{elapsed:.2f} s"
    return result


def test_thousands_of_repeated_choices_are_read_without_recursion():
    labels = [o.label for o in _region_options()]
    picked = _timed(lambda: parse.choices(", ".join(["North West Coast"] * 5000), labels))
    assert picked == ["North West Coast"] * 5000
    # Ambiguous labels ('Kent, Surrey and Sussex' and 'Kent'): the longest reading wins.
    options = ["Kent, Surrey and Sussex", "Kent", "Surrey and Sussex", "Wessex"]
    value = ", ".join(["Kent, Surrey and Sussex", "Kent", "Wessex"] * 3000)
    assert (
        _timed(lambda: parse.choices(value, options))
        == [
            "Kent, Surrey and Sussex",
            "Kent",
            "Wessex",
        ]
        * 3000
    )
    assert _timed(lambda: parse.choices("Kent, " * 50_000 + "Nowhere", options)) is None


def _region_options():
    from generator.issue_forms.generate import options_for

    vocabularies = load_content(REPO / "content").vocabularies
    form = FORMS["innovation"]
    return options_for(form, form.question("regions"), vocabularies)


LABELLED = FORMS["innovation"].questions
MEGA = 1_000_000
FUNCTIONS = {
    "clean": lambda: parse.clean("\u202e\r\n" * (MEGA // 3)),
    "split-headings": lambda: headings.read("### Title\n" * 100_000, LABELLED),
    "split-spaces": lambda: headings.read("###" + " " * MEGA + "x", LABELLED),
    "checkbox-spaces": lambda: parse.checkboxes("- [X] a" + " " * MEGA + "b"),
    "checkbox-lines": lambda: parse.checkboxes("- [X] a \n" * 100_000),
    "one-line": lambda: parse.one_line(" \t" * MEGA),
    "choices-items": lambda: parse.choices("a, " * 300_000 + "a", ["a", "a, a"]),
    "email": lambda: answers._EMAIL.search("a" * MEGA),
    "email-dots": lambda: answers._EMAIL.search("a@" + "b." * (MEGA // 2)),
    # 1 MB, the most an issue body can be (every other input here is about that size).
    "inert": lambda: inert("[www.x@" * (MEGA // 7), limit=10 * MEGA),
    "as-id": lambda: answers._as_id("/innovations" * 80_000),
    "generous-choices": lambda: parse.generous_choices("a, " * 300_000 + "b", ["a", "a, a"]),
    "headings-distinct": lambda: headings.read(
        "".join(f"### h{i}\n" for i in range(MEGA // 8)), FORMS["innovation"].questions
    ),
    # Each one near a label, and all different: compared letter by letter, but boundedly.
    "headings-near": lambda: headings.read(
        "".join(f"### Lead organisation: typ{i}\n" for i in range(MEGA // 30)),
        FORMS["innovation"].questions,
    ),
    "headings-long": lambda: headings.read("### " + "Title " * (MEGA // 6), LABELLED),
    "wrong-form": lambda: headings.likely_form(
        "".join(f"### Context{i % 2}\n" for i in range(MEGA // 11)),
        FORMS["innovation"],
        FORMS.values(),
    ),
}


@pytest.mark.parametrize("call", FUNCTIONS.values(), ids=FUNCTIONS.keys())
def test_each_function_reading_answers_is_linear(call):
    _timed(call)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(body: str) -> str:
        assert old in body
        return body.replace(old, new, 1)

    return edit


REGIONS = "### Regions\n\nKent, Surrey and Sussex, South West"
PARTNER = "Example University | University | https://example.ac.uk"
SUBMISSIONS = {
    # name: (edit of innovation-valid.md, question, start of the problem)
    "5000-repeated-choices": (
        _replace(REGIONS, "### Regions\n\n" + ", ".join(["North West Coast"] * 5000)),
        "Regions",
        "this answer is 89,998 characters long",
    ),
    "4000-distinct-choices": (
        _replace(REGIONS, "### Regions\n\n" + ", ".join(f"R{i}" for i in range(4000))),
        "Regions",
        "this answer is 26,888 characters long",
    ),
    "500-choices": (
        _replace(REGIONS, "### Regions\n\n" + ", ".join(["South West"] * 500)),
        "Regions",
        "this answer is too long for a list of choices (5,998 characters)",
    ),
    "150-choices": (
        _replace(REGIONS, "### Regions\n\n" + ", ".join(["Wessex"] * 150)),
        "Regions",
        "this answer has 150 choices: at most 100 are read",
    ),
    "repeated-wrong-choice": (
        _replace(REGIONS, "### Regions\n\n" + ", ".join(["Atlantis"] * 99)),
        "Regions",
        "'Atlantis' is not one of the choices",
    ),
    "40000-rows": (
        _replace(PARTNER, "Org | Universe | x | y\n" * 40_000),
        "Partner organisations",
        "this answer is",
    ),
    "500-rows": (
        _replace(PARTNER, "Org | Universe\n" * 500),
        "Partner organisations",
        "this answer has 501 lines: at most 100 are read",
    ),
    "100000-keywords": (
        _replace("hypertension, community", ", ".join(f"k{i}" for i in range(100_000))),
        "Keywords",
        "this answer is",
    ),
    "keyword-per-line": (
        _replace("hypertension, community", ",".join("k" * 150 for _ in range(120))),
        "Keywords",
        "this answer has 121 items: at most 100 are read",
    ),
    "checkbox-with-spaces": (
        _replace("- [X] This submission", "- [X] Th" + " " * 300_000 + "is submission"),
        "Before you submit",
        "not every box is ticked",
    ),
    "summary-without-an-at": (
        _replace("### Summary\n\n", "### Summary\n\n" + "a" * 600_000),
        "Summary",
        "this answer is",
    ),
    "headings-in-an-answer": (
        _replace("### The problem\n\n", "### The problem\n\n" + "### Title\n" * 60_000),
        "The problem",
        "the text is 600,986 characters",
    ),
    "repeated-stray-headings": (
        _replace("### Keywords\n\n", "### Keywords\n\n" + "### x\n" * 5 + "### y0\n"),
        "Keywords",
        "the heading '&#35;&#35;&#35; x' is not one of the form's questions",
    ),
    "50000-distinct-stray-headings": (
        _replace(
            "### Related web pages",
            "".join(f"### x{i}\n" for i in range(50_000)) + "### Related web pages",
        ),
        "The whole entry",
        "49,980 more headings are not one of the form's questions",
    ),
    "links-in-one-line": (
        _replace("### Summary\n\n", "### Summary\n\n" + "[x](https://e.example) " * 30_000),
        "Summary",
        "this answer is",
    ),
}


@pytest.mark.parametrize(
    ("edit", "question", "problem"), SUBMISSIONS.values(), ids=SUBMISSIONS.keys()
)
def test_pathological_submission_gives_a_comment_quickly(
    cli, content: Path, tmp_path: Path, edit, question: str, problem: str
):
    path = tmp_path / "body.md"
    path.write_text(edit((BODIES / "innovation-valid.md").read_text(encoding="utf-8")), "utf-8")
    before = files_under(content)
    code, out, err = _timed(lambda: run(cli, "innovation", path))
    assert (code, err) == (1, "")
    assert files_under(content) == before
    rows = base._rows(out)
    assert any(p.startswith(problem) for p in rows[question]), rows.get(question)
    assert len(out) < reply.COMMENT_LIMIT
    assert_only(render(out), **comment_elements(out))


# --- a failure of the bot's own code ------------------------------------------------------------


def _capture(call: Callable[[], int]) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = call()
    return code, out.getvalue(), err.getvalue()


def _boom(*args, **kwargs):
    raise RuntimeError("boom <img src=x> [x](https://evil.example)\n::error::injected")


@pytest.mark.parametrize(
    "target",
    [
        "generator.issue_forms.submission.read_answers",  # before the entry is written
        "generator.issue_forms.submission.explain",  # after: the entry must be removed
        "generator.issue_forms.submission.comment",
        "generator.issue_forms.parse.choices",
    ],
)
def test_internal_error_gives_a_could_not_read_comment(
    content: Path, monkeypatch: pytest.MonkeyPatch, target: str
):
    monkeypatch.delenv("EXCHANGE_DEBUG", raising=False)
    monkeypatch.setattr(target, _boom)
    before = files_under(content)
    code, out, err = _capture(
        lambda: main(
            [
                "from-issue",
                "--form",
                "innovation",
                "--body-file",
                str(BODIES / "innovation-invalid.md"),
            ]
        )
    )
    assert code == commands.EXIT_INTERNAL == 3
    assert out == commands.internal_error_comment() and out.strip()
    for needed in ("could not be read automatically", "maintainer", "heading", "pasted"):
        assert needed in out
    assert_only(render(out), h3=1, ul=1, li=2)
    assert "internal error (RuntimeError)" in err and "Traceback" not in err
    assert "boom" not in err + out  # the message may quote the submission: not repeated
    assert files_under(content) == before


def test_recursion_error_is_an_internal_error(content: Path, monkeypatch: pytest.MonkeyPatch):
    def deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("generator.issue_forms.submission.read_answers", deep)
    code, out, _ = _capture(
        lambda: main(
            ["from-issue", "--form", "scout", "--body-file", str(BODIES / "scout-consent.md")]
        )
    )
    assert code == 3 and "could not be read automatically" in out


def test_exchange_debug_shows_the_internal_error(content: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EXCHANGE_DEBUG", "1")
    monkeypatch.setattr("generator.issue_forms.submission.read_answers", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        main(["from-issue", "--form", "scout", "--body-file", str(BODIES / "scout-consent.md")])


def test_convert_removes_the_entry_whatever_fails_after_writing(
    content: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("generator.issue_forms.submission.pr_body", _boom)
    before = files_under(content)
    body = (BODIES / "scout-consent.md").read_text(encoding="utf-8")
    with pytest.raises(RuntimeError):
        convert(
            FORMS["scout"],
            body,
            content,
            load_content(content).vocabularies,
            today=date(2026, 6, 1),
        )
    assert files_under(content) == before


# --- the workflow never posts an empty comment --------------------------------------------------

WORKFLOW = REPO / ".github" / "workflows" / "issue-to-pull-request.yml"


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["convert"]["steps"]


def _step(name: str) -> dict:
    return next(s for s in _steps() if s.get("id") == name or s.get("name", "").startswith(name))


def _bash(script: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A step's script as GitHub runs it (bash -eo pipefail), with fake commands first."""
    path = tmp_path / "step.sh"
    path.write_text(script, encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        env={"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _fake(tmp_path: Path, name: str, script: str) -> None:
    path = tmp_path / "bin" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("#!/usr/bin/env bash\n" + script, encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize(
    ("status", "stdout", "posted"),
    [
        (1, "### Thank you! This submission needs a few changes\n", "needs a few changes"),
        (1, "", "could not be read automatically"),  # the old empty comment
        (1, " \n\n", "could not be read automatically"),
        (3, commands.internal_error_comment(), "A maintainer has been told"),
        (3, "", "could not be read automatically"),
        (2, "", "could not be read automatically"),
        (137, "", "could not be read automatically"),  # killed
    ],
)
def test_workflow_always_comments_something(tmp_path: Path, status: int, stdout: str, posted: str):
    runner = tmp_path / "runner"
    runner.mkdir()
    output = tmp_path / "output"
    output.touch()
    _fake(tmp_path, "exchange", 'printf "%s" "$FAKE_STDOUT"; exit "$FAKE_STATUS"\n')
    _fake(
        tmp_path,
        "gh",
        'if [ "$1 $2" = "issue comment" ]; then cp "$5" "$LOG/comment.md"; fi\n'
        'echo "$*" >> "$LOG/gh.log"\n',
    )
    env = {
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(output),
        "ISSUE_NUMBER": "5",
        "FORM": "innovation",
        "ISSUE_BODY": "$(touch pwned) `touch pwned`",
        "AUTHOR": "jane-doe",
        "FAKE_STDOUT": stdout,
        "FAKE_STATUS": str(status),
        "LOG": str(tmp_path),
        "GH_TOKEN": "x",
    }
    convert_step = _bash(_step("convert")["run"], tmp_path, env)
    assert convert_step.returncode == 0, convert_step.stderr
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs == {"status": str(status), "valid": "false"}
    assert not (tmp_path / "pwned").exists()

    step = _step("Comment the problems")
    assert step["if"] == "steps.convert.outputs.valid == 'false'"
    result = _bash(step["run"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    body = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert body.strip() and posted in body
    assert "--remove-label accepted-submission" in (tmp_path / "gh.log").read_text()

    # Any status but 1 then fails the run, so that the maintainer is notified.
    fail = _step("Fail the run")
    condition = "steps.convert.outputs.valid == 'false' && steps.convert.outputs.status != '1'"
    assert (
        fail["if"] == condition and fail["env"]["STATUS"] == "${{ steps.convert.outputs.status }}"
    )
    result = _bash(fail["run"], tmp_path, {"STATUS": str(status)})
    assert result.returncode == 1 and f"status {status}" in result.stdout


def test_workflow_valid_submission_opens_a_pull_request(tmp_path: Path):
    runner, output = tmp_path / "runner", tmp_path / "output"
    runner.mkdir()
    output.touch()
    _fake(tmp_path, "exchange", "echo content/scouts/x.yml\n")
    env = {"RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(output), "ISSUE_NUMBER": "5"}
    env |= {"FORM": "scout", "ISSUE_BODY": "", "AUTHOR": "jane-doe"}
    assert _bash(_step("convert")["run"], tmp_path, env).returncode == 0
    assert output.read_text().splitlines() == ["status=0", "valid=true"]


def test_workflow_fallback_says_what_the_command_says():
    text = _step("Comment the problems")["run"]
    assert "could not be read automatically" in text and "A maintainer has been" in text
    assert "heading" in text and "pasted in bulk" in text
