"""What a visitor reads on the built pages: titles, tables of contents, pictures,
summaries and counts, built for real by MkDocs from small content folders."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.pages.summary import summary_html, summary_text
from generator.pages.toc import article_toc
from tests.site.conftest import MKDOCS_YML, REPO, build

SUMMARY = (
    "Nurses watch **oxygen levels** at home, *every day*, with `SpO2` alerts "
    "([the evaluation](https://example.org/evaluation) and [a trap](javascript:alert(1)))."
)
SUMMARY_TEXT = (
    "Nurses watch oxygen levels at home, every day, with SpO2 alerts (the evaluation and a trap)."
)

INNOVATION = """\
---
title: {title}
summary: "{summary}"
stage: spreading
types: [digital]
clinical_areas: [respiratory]
care_settings: [community]
regions: [north-west-coast]
organisation: {{name: Example Trust, type: provider}}
partners:
  - {{name: First Partner Ltd, type: industry, website: "https://example.org/first"}}
  - {{name: Second Partner, type: university}}
scouts: {scouts}
evidence:
  level: local-evaluation
  outcomes:
    - {{measure: Admissions, result: 30% fewer, source: "https://example.org/r"}}
  references:
    - {{title: The evaluation, url: "https://example.org/evaluation", year: 2024}}
{image}last_reviewed: '2026-05-01'
---

## The problem

People struggle.

### What it cost

A great deal.

## The solution

Nurses call people at home.
{picture}
## Evidence of success

Fewer admissions.
"""

CASE_STUDY = """\
---
title: Adopted at Example Hospital
organisation: {name: Example Trust, type: provider}
region: north-west-coast
status: live
scouts: [ada-example]
outcomes:
  - {measure: Admissions, result: 20% fewer}
last_reviewed: '2026-04-01'
---

## Context

Context text.

## What we did

What we did.

## Results

Results.
"""

SCOUT = """\
name: Ada Example
organisation: {name: Example Trust, type: provider}
region: north-west-coast
interests: [respiratory]
bio: |
  Ada leads the service.

  ## Her work

  She spreads remote monitoring.
publish: true
"""

PICTURE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>p</title></svg>'
)


def write_exchange(root: Path, innovations: int) -> Path:
    """An exchange of ``innovations`` innovations (1 or 2), one case study of the
    first and one published scout. The first has a Markdown summary and a picture
    that its body shows too; the second a picture that only its front matter gives."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "about.md").write_text("# About\n\nAbout this test exchange.\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    content = root / "content"
    shutil.copytree(REPO / "content" / "vocabularies", content / "vocabularies")
    first = content / "innovations" / "remote-monitoring"
    (first / "case-studies").mkdir(parents=True)
    (first / "pathway.svg").write_text(PICTURE_SVG)
    (first / "index.md").write_text(
        INNOVATION.format(
            title="Remote monitoring",
            summary=SUMMARY,
            scouts="[ada-example]",
            image="image: {src: pathway.svg, alt: The pathway}\n",
            picture="\n![The pathway, step by step](pathway.svg)\n",
        )
    )
    (first / "case-studies" / "example-hospital.md").write_text(CASE_STUDY)
    if innovations > 1:
        second = content / "innovations" / "second-thing"
        second.mkdir(parents=True)
        (second / "chart.svg").write_text(PICTURE_SVG)
        (second / "index.md").write_text(
            INNOVATION.format(
                title="Second thing",
                summary="Another innovation.",
                scouts="[]",
                image="image: {src: chart.svg, alt: A chart}\n",
                picture="",
            )
        )
    (content / "scouts").mkdir()
    (content / "scouts" / "ada-example.yml").write_text(SCOUT)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return build(write_exchange(tmp_path_factory.mktemp("visitor"), innovations=2))


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def toc_links(html: str) -> list[str]:
    """The anchors the page's table of contents links to, in order."""
    sidebar = html[html.index('data-md-type="toc"') : html.index('<div class="md-content"')]
    return re.findall(r'<a href="#([^"]+)" class="md-nav__link"', sidebar)


# --- the home page's title ----------------------------------------------------------------------


def test_the_home_page_title_is_the_site_name_once(site: Path) -> None:
    assert "<title>Test Exchange</title>" in read(site, "")
    for page, title in [
        ("innovations/remote-monitoring", "Remote monitoring"),
        ("browse", "Browse innovations"),
        ("scouts/ada-example", "Ada Example"),
        ("about", "About"),
    ]:
        assert f"<title>{title} - Test Exchange</title>" in read(site, page), page


# --- tables of contents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "generated"),
    [
        (
            "innovations/remote-monitoring",
            ["key-facts", "outcomes", "adoptions", "scouts", "references", "related"],
        ),
        ("innovations/remote-monitoring/case-studies/example-hospital", ["key-facts", "outcomes"]),
        ("scouts/ada-example", ["innovations", "case-studies"]),
    ],
)
def test_the_table_of_contents_lists_every_section_of_the_article(
    site: Path, page: str, generated: list[str]
) -> None:
    html = read(site, page)
    sections = re.findall(r'<h[23][^>]*\sid="([^"]+)"', article(html))
    assert toc_links(html) == sections, "the table of contents is not the article's sections"
    assert 'data-md-type="toc" >' in html, "the table of contents is hidden"
    assert set(generated) <= set(sections), f"generated sections missing from {page}"
    assert len(sections) > len(generated), f"the body's sections are missing from {page}"


def test_a_table_of_contents_nests_subsections_and_keeps_headings_escaped() -> None:
    html = (
        '<h2 id="a">A &amp; B</h2><h3 id="a-1">One <em>two</em></h3><h3 class="card">Card</h3>'
        '<h2 class="x" id="b">B</h2><h2>No id</h2>'
    )
    toc = article_toc(html)
    assert [(i.id, i.title) for i in toc] == [("a", "A &amp; B"), ("b", "B")]
    assert [(c.id, c.title) for c in toc[0].children] == [("a-1", "One two")]


# --- pictures -----------------------------------------------------------------------------------


def test_a_picture_the_body_shows_is_not_shown_again(site: Path) -> None:
    shown = re.findall(
        r'<img\b[^>]*\ssrc="pathway.svg"', article(read(site, "innovations/remote-monitoring"))
    )
    assert len(shown) == 1, shown
    assert (
        len(re.findall(r'<img\b[^>]*\ssrc="chart.svg"', read(site, "innovations/second-thing")))
        == 1
    )


# --- tables -------------------------------------------------------------------------------------


def test_the_exchanges_tables_are_styled_as_the_bodies_tables(site: Path) -> None:
    """Material styles content tables without a class (cell padding, rules, the dark
    palette, print): every table the exchange writes is one."""
    pages = [
        "innovations/remote-monitoring",
        "innovations/remote-monitoring/case-studies/example-hospital",
        "contribute/fields",
        "open-data",
    ]
    for page in pages:
        tables = re.findall(r"<table\b[^>]*>", read(site, page))
        assert tables, page
        assert all(t == "<table>" for t in tables), (page, tables)


# --- summaries ----------------------------------------------------------------------------------


def test_the_summary_is_inline_markdown_on_its_page(site: Path) -> None:
    html = read(site, "innovations/remote-monitoring")
    shown = re.search(r'<p class="ix-summary"[^>]*>(.*?)</p>', html)
    assert shown is not None
    assert shown[1] == (
        "Nurses watch <strong>oxygen levels</strong> at home, <em>every day</em>, with "
        '<code>SpO2</code> alerts (<a href="https://example.org/evaluation" '
        'rel="noopener noreferrer nofollow">the evaluation</a> and a trap).'
    )
    assert "javascript:" not in article(html)


def test_the_summary_is_plain_text_wherever_text_is_needed(site: Path) -> None:
    html = read(site, "innovations/remote-monitoring")
    assert f'<meta name="description" content="{SUMMARY_TEXT}">' in html
    assert f'<meta property="og:description" content="{SUMMARY_TEXT}">' in html
    assert f'<span data-pagefind-meta="summary">{SUMMARY_TEXT}</span>' in html
    card = f'<p class="ix-card__summary">{SUMMARY_TEXT}</p>'
    for page in ["", "browse", "browse/clinical-areas/respiratory", "scouts/ada-example"]:
        assert card in read(site, page), page
    assert card in read(site, "innovations/second-thing")  # related innovations
    assert SUMMARY_TEXT in read(site, "embed/innovations/remote-monitoring")
    for path in [*site.glob("innovations/**/*.html"), *site.glob("browse/**/*.html")]:
        without_json_ld = re.sub(
            r"<script type=\"application/ld\+json\">.*?</script>",
            "",
            path.read_text(encoding="utf-8"),
            flags=re.S,
        )
        assert "**" not in without_json_ld, path


def test_the_json_ld_and_the_feeds_describe_with_plain_text(site: Path) -> None:
    html = read(site, "innovations/remote-monitoring")
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json_ld is not None and SUMMARY_TEXT in json_ld[1] and "**" not in json_ld[1]
    for feed in ("all.atom", "all.json"):
        text = (site / "feeds" / feed).read_text(encoding="utf-8")
        assert SUMMARY_TEXT in text and "**" not in text, feed


def test_the_open_data_keeps_the_summary_as_written(site: Path) -> None:
    index = json.loads((site / "api" / "v1" / "index.json").read_text(encoding="utf-8"))
    summaries = {row["id"]: row["summary"] for row in index["innovations"]}
    assert summaries["remote-monitoring"] == SUMMARY
    assert "inline Markdown" in read(site, "open-data")


@pytest.mark.parametrize(
    ("text", "html", "plain"),
    [
        ("Plain & <simple>", "Plain &amp; &lt;simple&gt;", "Plain & <simple>"),
        (
            "***both*** _a_ __b__",
            "<em><strong>both</strong></em> <em>a</em> <strong>b</strong>",
            "both a b",
        ),
        ("snake_case_name 2 * 3 * 4", "snake_case_name 2 * 3 * 4", "snake_case_name 2 * 3 * 4"),
        (r"\*not emphasis\*", "*not emphasis*", "*not emphasis*"),
        ("**unclosed *too", "**unclosed *too", "**unclosed *too"),
        ("`a * b` *c*", "<code>a * b</code> <em>c</em>", "a * b c"),
        (
            "*a [b* c](https://x.org)",
            '*a <a href="https://x.org" rel="noopener noreferrer nofollow">b* c</a>',
            "*a b* c",
        ),
        (
            "[w](https://x.org/Cure_(film))",
            '<a href="https://x.org/Cure_(film)" rel="noopener noreferrer nofollow">w</a>',
            "w",
        ),
        ("[rel](other/) [web](http://x.org) ![img](a.png)", "rel web !img", "rel web !img"),
        ("# Title\n\n- item\n> quote", "# Title - item &gt; quote", "# Title - item > quote"),
        ("&amp; <b>x</b>", "&amp;amp; &lt;b&gt;x&lt;/b&gt;", "&amp; <b>x</b>"),
    ],
)
def test_summary_markdown_rules(text: str, html: str, plain: str) -> None:
    assert summary_html(text) == html
    assert summary_text(text) == plain


def test_summary_reading_is_linear() -> None:
    """Runs that never close (the worst case of a naive reader) cost about as much
    per character at 990 characters as at 110 (a quadratic reader: nine times)."""
    import time

    def cost(n: int) -> float:
        texts = [f"{i}" + "*a_[`](" * (n // 7) for i in range(40)]
        best = float("inf")
        for _round in range(3):
            started = time.perf_counter()
            for text in texts:
                summary_html.__wrapped__(text)  # not the cache
            best = min(best, time.perf_counter() - started)
        return best / n

    assert cost(990) < 3 * cost(110)


# --- counts -------------------------------------------------------------------------------------

#: A count of one with a plural noun: what ngettext and tn prevent.
_ONE_PLURAL = re.compile(
    r"\b1 (innovations|adoptions|organisations|scouts|case studies|matches|results|regions)\b"
)


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    site = build(write_exchange(tmp_path / "one", innovations=1))
    found = {
        str(path.relative_to(site)): _ONE_PLURAL.findall(path.read_text(encoding="utf-8"))
        for path in site.rglob("*.html")
    }
    assert not {page: words for page, words in found.items() if words}
    home = read(site, "")
    for singular in ("1</strong> innovation<", "1</strong> adoption<", "1</strong> scout<"):
        assert singular in home
    assert "Browse the 1 innovation" in home
    assert "1 innovation." in read(site, "browse")
    assert "1 scout has a public profile." in read(site, "scouts")
