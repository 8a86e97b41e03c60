"""Every regular expression of the generator runs in linear time on hostile text.

Python's regex engine backtracks: a pattern with overlapping quantifiers, or one
that scans to the end of the text from every place it could start, takes time
quadratic (or worse) in the text's length, and one pull request could then hold
CI for hours. This test finds every compiled pattern in the package (so a new
one is checked without being listed) and runs it over long runs of the short
strings that make such patterns backtrack: each pattern's own literal
characters, and the shapes of Markdown, HTML and addresses. At 20,000
characters a linear pattern takes about a millisecond and a quadratic one about
a second: the budget sits between them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import generator

SIZE = 20_000
BUDGET = 0.1  # seconds per pattern and input; linear patterns take ~1 ms

SHAPES = [
    "[", "![", "![a](", "](", "<", "<a ", "<img ", "<h2>", "</h2>", '<h2 id="a">', "#", "## x",
    "\n## x", "## #", "a@", "a.", "a@a.", "%a", "-a", "1 ", "1", " ", "\t", "\n", "x\n", "`",
    "*", "_", "TODO", "---", "https://", "https://a", "www.", "(", ")", "'", '"', "\\", ":",
    "a:a", "@", ".", "a", '<sup id="fnref', "- [ ] ", "a\n\n", "&#", ": ", "url(", "a-",
]  # fmt: skip


def _patterns() -> dict[str, re.Pattern]:
    found = {}
    for module in pkgutil.walk_packages(generator.__path__, "generator."):
        if module.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern):
                found[f"{module.name}.{name}"] = value
    return found


PATTERNS = _patterns()


def _inputs(pattern: re.Pattern) -> list[str]:
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode()
    own = {c for c in source if c.isprintable() and not c.isalnum()} | {"a", "1"}
    units = SHAPES + sorted(own) + [c + "a" for c in sorted(own)] + ["a" + c for c in sorted(own)]
    texts = []
    for unit in units:
        run = unit * (SIZE // len(unit))
        texts += [run, "x" + run + "!", "## x" + run + "\n", "a@" + run]
    return texts


def test_the_patterns_are_found() -> None:
    assert "generator.rules.assets.MARKDOWN_IMAGE" in PATTERNS
    assert len(PATTERNS) > 30


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_hostile_text(name: str) -> None:
    pattern = PATTERNS[name]
    for text in _inputs(pattern):
        subject = text if isinstance(pattern.pattern, str) else text.encode()
        best = float("inf")
        for _ in range(2):  # the better of two runs: a busy machine only slows one
            started = time.perf_counter()
            for _match in pattern.finditer(subject):
                pass
            best = min(best, time.perf_counter() - started)
            if best < BUDGET:
                break
        assert best < BUDGET, f"{name} took {best:.2f} s on {text[:30]!r}… ({len(text)} chars)"
