"""The key browser tests again, on the real site as the second engine builds it.

The ``site`` fixture is overridden here: every test of this module runs on the repository's
site built by each engine other than MkDocs (today ProperDocs), whose own runs are the tests
these call. tests/site/test_properdocs.py proves the built files equal MkDocs' but for the
generator tag; these prove a reader sees the same: search, a facet, and WCAG 2.2 AA on an
innovation page in both palettes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import test_accessibility, test_behaviour
from tests.browser.browser_support import REPO
from tests.browser.conftest import Site, served
from tests.site.test_properdocs import build_with

pytestmark = pytest.mark.browser

#: The engines besides MkDocs that must give readers the same site.
OTHER_ENGINES = ["properdocs"]


@pytest.fixture(scope="module", params=OTHER_ENGINES)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The real site, built with ``ENGINE build --strict``, served on localhost."""
    out = tmp_path_factory.mktemp(f"site-{request.param}") / "site"
    build_with(request.param, REPO / "mkdocs.yml", out)
    if not (out / "pagefind" / "pagefind.js").is_file():
        pytest.fail("the build wrote no Pagefind bundle (site/pagefind/pagefind.js)", pytrace=False)
    with served(out) as served_site:
        yield served_site


def test_the_pages_come_from_the_engine(page, site: Site, request: pytest.FixtureRequest) -> None:
    page.goto("")
    generator = page.locator('meta[name="generator"]').get_attribute("content") or ""
    assert {"properdocs": "ProperDocs"}[request.node.callspec.params["site"]] in generator


def test_header_search(page) -> None:
    test_behaviour.test_header_search_shows_matching_innovations_with_highlighted_excerpts(page)


def test_a_facet(page) -> None:
    test_behaviour.test_a_facet_narrows_the_cards_and_its_counts(page)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_on_an_innovation_page(page, palette: str) -> None:
    test_accessibility.test_axe_finds_no_wcag_violations(page, "innovation", palette)
