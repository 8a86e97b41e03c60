"""Line and column of many matches, in one pass (rules.context.Lines)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.rules.context import Lines, line_col


@given(
    text=st.text(alphabet="ab\n", max_size=300),
    offsets=st.lists(st.integers(0, 300), max_size=30),
)
def test_lines_agree_with_line_col_in_any_order(text: str, offsets: list[int]) -> None:
    lines = Lines(text, 7)
    for offset in (min(o, len(text)) for o in [*sorted(offsets), *offsets]):
        assert lines.at(offset) == line_col(text, offset, 7)
