"""Hostile content, as a stranger's pull request could hold it: every case gets a
clear error with file, line and column from ``exchange validate``, within its
time budget, and never a crash, a hang or a traceback.

Each case is run as the console script in its own process, so a segmentation
fault (the C YAML parser on deep nesting) shows as a failed case, not a dead
test run. The classes are those of issue 13: deep nesting (2), slow bodies (3),
outside images (6) and silently mangled pages (7).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import VOCABULARIES

BASE = Path(__file__).parents[1] / "broken" / "_base" / "content"
INDEX = "innovations/base-innovation/index.md"
CASE_STUDY = "innovations/base-innovation/case-studies/base-adopter.md"
SCOUT = "scouts/jane-doe.yml"
#: Seconds ``exchange validate`` may take on one hostile entry (the issue's target
#: is 2 s more than a clean run; a start-up of the console script is about 0.5 s).
BUDGET = 3.0


def _body(extra: str) -> Callable[[Path], None]:
    """Append ``extra`` to the base innovation's body."""

    def change(root: Path) -> None:
        path = root / INDEX
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + extra + "\n", "utf-8")

    return change


def _front(field: str) -> Callable[[Path], None]:
    """Add a line of front matter to the base innovation."""

    def change(root: Path) -> None:
        path = root / INDEX
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n---\n", f"\n{field}\n---\n", 1), "utf-8")

    return change


def _bio(bio: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / SCOUT
        path.write_text(path.read_text(encoding="utf-8") + f"bio: {bio}\n", "utf-8")

    return change


def _interests(count: int, item: str = "respiratory, ") -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / SCOUT
        text = path.read_text("utf-8")
        many = "interests: [" + item * count + "digital]"
        path.write_text(text.replace("interests: [respiratory, digital]", many), "utf-8")

    return change


def _huge_image(root: Path) -> None:
    with (root / "innovations/base-innovation/huge.png").open("wb") as image:
        image.truncate(11_000_000)  # sparse: nothing written


def _nested_list(levels: int) -> str:
    return "\n".join("    " * i + "- item" for i in range(levels))


CASES: dict[str, tuple[Callable[[Path], None], str | None]] = {
    # 2. Deep nesting: a stack overflow in C, or a RecursionError in the build.
    "yaml-nested-brackets": (_front("tags: " + "[" * 60_000), "yaml-too-deep"),
    "yaml-nested-braces": (_front("tags: " + "{a: " * 20_000), "yaml-too-deep"),
    "yaml-compact-sequences": (_front("tags:\n" + "- " * 200_000 + "x"), "yaml-too-deep"),
    "yaml-deep-indentation": (
        _front("tags:\n" + "\n".join(" " * i + "- " for i in range(1, 400))),
        "yaml-too-deep",
    ),
    "body-nested-list": (_body(_nested_list(300)), "too-deeply-nested"),
    "body-list-markers-on-one-line": (_body("- " * 5_000 + "x"), "too-deeply-nested"),
    "body-nested-quotes": (_body("> " * 5_000 + "x"), "too-deeply-nested"),
    # 3. Bodies that took minutes or hours to render or to check.
    "unclosed-brackets": (_body("[" * 100_000), "too-many-brackets"),
    "unclosed-images": (_body("![" * 30_000), "too-many-brackets"),
    "brackets-in-one-paragraph": (_body("[a] " * 600), "too-many-brackets"),
    "heading-tags": (_body("<h2>" * 30_000), "too-much-html"),
    "unclosed-autolinks": (_body("<http://a " * 5_000), "too-much-html"),
    "definition-list": (_body("a\n: b\n" * 3_000), "block-too-long"),
    "long-body": (_body("Words and more words. " * 10_000), "body-too-long"),
    # Within every limit, but slow for the regexes we had: checked in linear time.
    "closing-hashes": (_body("## x" + "#" * 150_000), None),
    "email-like-run": (_body("%a" * 90_000 + "@"), None),
    "image-like-run": (_body("![a](" * 400 + "\n\n" + "(x " * 40_000), None),
    "todo-on-every-line": (_body("TODO write this\n" * 12_000), "todo-left"),
    "html-like-run": (_body("<a " * 1_900), None),
    # 6. Images from elsewhere that the Markdown-image rule does not see.
    "reference-style-image": (
        _body("![A logo][logo]\n\n[logo]: https://evil.example/logo.png"),
        "outside-resource",
    ),
    "html-image-element": (_body('<image src="https://evil.example/p.png">'), "outside-resource"),
    "picture-source-srcset": (
        _body('<picture><source srcset="https://evil.example/a.png 2x"></picture>'),
        "outside-resource",
    ),
    "video-poster": (_body('<video poster="//evil.example/p.png"></video>'), "outside-resource"),
    "style-url": (
        _body("<p style=\"background: url( 'https://evil.example/b.png' )\">x</p>"),
        "outside-resource",
    ),
    "fence-markdown-does-not-see": (
        _body("    ```\n\n![A logo](https://evil.example/logo.png)\n"),
        "outside-resource",
    ),
    "image-in-scout-bio": (_bio("'![Me](https://evil.example/me.png)'"), "outside-resource"),
    # A bio has no folder: even a file name is not a picture it can show.
    "local-image-in-scout-bio": (_bio("'![Me](me.png)'"), "outside-resource"),
    "html-image-of-a-missing-file": (_body('<image src="nowhere.png">'), "outside-resource"),
    "javascript-frame-split-by-entity": (
        _body('<iframe src="java&#9;script:alert(1)"></iframe>'),
        "outside-resource",
    ),
    # Every input is bounded: an image too (a sparse file: no 11 MB written).
    "huge-image": (_huge_image, "image-too-large"),
    # Found by the second review: YAML line breaks other than "\n" (LibYAML's too).
    "yaml-deep-after-unicode-line-break": (
        lambda root: (root / "scouts" / "zed-deep.yml").write_text(
            "name:\u2028" + "- " * 100_000 + "x\n", "utf-8"
        ),
        "yaml-too-deep",
    ),
    # Python's HTML parser asserted on '<![x' and was quadratic on unclosed comments.
    "marked-section": (_body("<div>\nx <![foo bar\n</div>"), "raw-html"),
    "unclosed-comments": (
        _body("<div>\n" + "<!--a> " * 1_990 + "\n</div>\n\n" + ("x" + "-" * 48 + " ") * 3_800),
        "raw-html",
    ),
    # '<!-->' is an empty comment to a browser: the text after it is shown.
    "comment-that-is-not-one": (
        _body(
            "<div>\nThis drug is <svg><text>not</text></svg><!-->now tested and"
            "<!-- --> safe for children.\n</div>"
        ),
        "hidden-text",
    ),
    # 4. Characters that hide or reorder text, in a body (fields: tests/test_strict_scalars.py).
    "nul-in-body": (_body("Before\x00after."), "control-character"),
    "bidi-override-in-body": (_body("Cost: \u202e0001\u202c pounds."), "control-character"),
    "bidi-override-by-reference": (
        _body("The dose is &#x202E;gm 5 ot 1&#x202C;."),
        "control-character",
    ),
    # 5 (red team). One file cannot flood the output or the time.
    "list-of-70000-items": (_interests(70_000), "yaml-too-many-values"),
    "list-of-600-items": (_interests(600), "too-long"),
    "list-of-450000-short-items": (_interests(450_000, "a,"), "yaml-too-many-values"),
    "escape-flood": (_body("\\*" * 60_000), "too-much-markup"),
    # 7. Text that sanitising would drop silently.
    "unclosed-style": (_body("<style>\n\n## More\n\nThis text would vanish."), "hidden-text"),
    "svg-text": (_body("<svg><text>Shown in a browser</text></svg>"), "hidden-text"),
    "lost-text-padded-by-cdata": (
        _body(
            "Safety: <math><mtext>Do not use with pacemakers.</mtext></math>\n\n"
            "See <svg><![CDATA[for the full evaluation report and data, and more.]]></svg>"
        ),
        "hidden-text",
    ),
}


def _content(tmp_path: Path, change: Callable[[Path], None]) -> Path:
    root = tmp_path / "content"
    shutil.copytree(VOCABULARIES, root / "vocabularies")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    change(root)
    return root


def _validate(root: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    exchange = Path(sys.executable).with_name("exchange")
    started = time.perf_counter()
    result = subprocess.run(
        [str(exchange), "validate", "content"],
        cwd=root.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, time.perf_counter() - started


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_content_gets_a_clear_error_in_time(case: str, tmp_path: Path) -> None:
    change, code = CASES[case]
    result, seconds = _validate(_content(tmp_path, change))
    assert result.returncode in (0, 1), f"crashed: {result.returncode}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if code is None:  # within every limit: valid, and checked in linear time
        assert result.returncode == 0, result.stdout[-3000:]
    else:
        pattern = rf"^content/\S+:\d+:\d+: (?:error|warning)\[{code}\]"
        assert re.search(pattern, result.stdout, re.M), f"no {code} in:\n{result.stdout[-3000:]}"
    assert seconds < BUDGET, f"{seconds:.1f} s"


def test_the_clean_base_is_clean_and_fast(tmp_path: Path) -> None:
    """The cases above differ from a valid exchange only by what they add."""
    result, seconds = _validate(_content(tmp_path, lambda root: None))
    assert result.returncode == 0, result.stdout
    assert seconds < BUDGET
