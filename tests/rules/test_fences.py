"""Fenced code blocks looked up by binary search: a body of thousands of fences and
headings costs its length, not fences times headings."""

from __future__ import annotations

import random
import time

from generator.rules import sections
from generator.rules.context import in_spans, spans_between
from tests.test_rules import SECTIONS, Exchange, run


def test_the_lookups_agree_with_a_scan() -> None:
    rng = random.Random(0)
    for _ in range(3000):
        points = sorted(rng.sample(range(100), 2 * rng.randint(0, 6)))
        spans = list(zip(points[::2], points[1::2], strict=True))
        offset = rng.randint(-2, 102)
        assert in_spans(offset, spans) == any(a <= offset <= b for a, b in spans)
        low = rng.randint(0, 100)
        high = rng.randint(low, 110)
        assert spans_between(spans, low, high) == [
            (a, b) for a, b in spans if b >= low and a < high
        ]


def test_many_fences_and_headings_take_linear_time(ex: Exchange) -> None:
    """16,000 fences and 13,000 headings took 9 s (every heading scanned every fence)."""
    ex.innovation(body=SECTIONS + "\n" + "~~~\n\n" * 16_000 + "## a\n\n" * 13_000)
    content = ex.load()
    start = time.perf_counter()
    run(sections.section_contents, content)
    run(sections.required_sections, content)
    assert time.perf_counter() - start < 2.0
