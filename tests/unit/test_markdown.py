"""Entry bodies: heading ids as Python-Markdown's toc extension gives them."""

from __future__ import annotations

import markdown
import pytest

from generator.pages.markdown import EXTENSIONS, BodyRenderer, sanitise

HEADINGS = [
    "## The problem\n\n## The problem\n\n## The problem_1",
    "## A & B: 2024 results!\n\n### Ünïcode *emphasis* and `code`",
    "## Footnoted[^1]\n\n[^1]: A note.",
    "# Top\n\n#### Deep\n\n## \n\nSetext\n------",
    "## [A link](https://example.org/) in a heading\n\n## <b>Raw</b> html",
    "## Same\n\nText\n\n## Same\n\n## Same\n\n## Same_2",
]


@pytest.mark.parametrize("body", HEADINGS)
def test_heading_ids_match_the_toc_extension(body: str) -> None:
    reference = markdown.Markdown(extensions=[*EXTENSIONS, "toc"])
    assert BodyRenderer(keep=False).render(body).html == sanitise(reference.convert(body))


def test_heading_ids_are_unique_and_readable() -> None:
    html = BodyRenderer(keep=False).render("## The problem\n\n## The problem\n").html
    assert '<h2 id="the-problem">' in html and '<h2 id="the-problem_1">' in html
