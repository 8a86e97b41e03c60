"""The body limits' quick look agrees with their line-by-line scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.safety import limits


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(["- ", "> ", "1. ", "    ", "\t", "* ", "+ ", "x", "[", "\n", "\n\n", " "]),
        max_size=400,
    ).map("".join)
)
def test_the_quick_look_never_passes_what_the_scan_refuses(body: str) -> None:
    if limits._block_limits(body) is None:
        assert limits._block_scan(body) is None
    # Each level takes a character at least: the quick look relies on it.
    assert all(limits.nesting(line) <= len(line) for line in body.split("\n"))


def test_nesting_counts_markers_and_indentation() -> None:
    assert limits.nesting("- - - x") == 3
    assert limits.nesting("        - x") == 3
    assert limits.nesting("> > 1. x") == 3
    assert limits.nesting("x - - -") == 0
