"""The adoption packs (generator/pages/adoption.py) in a real MkDocs build of the tiny
exchange, given case studies with lessons, and cut from bodies as the pages render them."""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.exchange import Exchange
from generator.exports import PublishedSite
from generator.models import Outcome, normalise_heading
from generator.pages import SiteSettings, adoption, build_site
from generator.pages.adoption import MOST, footnotes, measures, quoted, top_level_sections
from generator.synthetic import generate
from generator.validation import validate
from tests.site.conftest import CASE_STUDY, REPO, build, write_site

PACK = "innovations/{}/adopt/index.html"

#: Awkward: a quote and a list before the cut, a heading inside a quote (no cut there), an
#: unclosed raw list swallowing the last section. (Hostile fields: see write_pack_site.)
RESOURCES = """\
## Resources needed

Two nurses.

> A quote that holds a heading:
>
> ## Difficulties encountered
>
> - still inside the quote

- a list item
    - nested, just before the cut

## Difficulties encountered

Alert fatigue at first. ![The dashboard](dashboard.png)[^1]

[^1]: Seen in the first month.

## Not a section of the exchange

Never shown.

## Potential for learning or transfer

<ul><li>raw list never closed

## Lessons learned

Inside the raw list: not a cut.
"""

LESSONS = """
## Lessons learned

Start with a **small** cohort.
"""


#: The pack's section headings, in order, when the content supports every section.
SECTIONS = (
    "At a glance",
    "Evidence and outcomes",
    "Resources, costs and time",
    "Difficulties and lessons",
    "What to measure",
    "Who to talk to",
    "Related innovations",
)


def _case_study(
    folder: Path, name: str, organisation: str, adopted: str | None, extra: str
) -> None:
    text = CASE_STUDY.replace("Example Hospital NHS Trust", organisation)
    text = text.replace("scouts: [ada-example]", "scouts: [ada-example, secret-scout]")
    if adopted:
        text = text.replace("status: live", f"status: live\nadopted: '{adopted}'")
    text = text.replace("last_reviewed:", f"outcomes:\n{extra}last_reviewed:")
    (folder / f"{name}.md").write_text(text + LESSONS.replace("small", name))


def write_pack_site(root: Path) -> Path:
    """The tiny exchange, with every innovation section, an image, a script in the fields
    that may hold "<" (a title may not: validation refuses tags there, and its "<3" is
    checked), and two more case studies with lessons, outcomes and an unpublished scout."""
    write_site(root)
    folder = root / "content" / "innovations" / "remote-monitoring"
    index = folder / "index.md"
    text = index.read_text()
    text = text.replace(
        "last_reviewed: '2026-05-01'",
        "costs: {setup: 1200, annual: 300, notes: '<script>alert(2)</script>'}\n"
        "started: '2019-04'\nlast_reviewed: '2026-05-01'",
    )
    index.write_text(text + "\n" + RESOURCES)
    (folder / "dashboard.png").write_bytes(_PNG)
    studies = folder / "case-studies"
    _case_study(
        studies,
        "north-clinic",
        "North Clinic",
        "2025-03",
        "  - {measure: '  admissions', result: 12% fewer}\n"
        "  - {measure: Patient experience, result: 9 in 10 happy}\n",
    )
    _case_study(
        studies,
        "south-clinic",
        "South Clinic <script>alert(3)</script>",
        None,
        "  - {measure: ADMISSIONS, result: '<img src=x onerror=alert(4)>'}\n",
    )
    return root


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def pack_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return build(write_pack_site(tmp_path_factory.mktemp("packs")))


def _pack(site: Path, innovation: str = "remote-monitoring") -> str:
    return (site / PACK.format(innovation)).read_text(encoding="utf-8")


class _Balance(HTMLParser):
    """Every element closed, in order, and nothing executable in the document."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.scripts: list[dict] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if any(name.startswith("on") for name in found):
            self.problems.append(f"event handler on <{tag}>")
        if "id" in found:
            self.ids.append(found["id"] or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def _balance(html: str) -> _Balance:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    return parser


# --- the build ---------------------------------------------------------------------------


def test_every_innovation_has_a_pack_linked_from_its_page(pack_site: Path) -> None:
    for innovation in ("remote-monitoring", "second-thing"):
        assert (pack_site / PACK.format(innovation)).is_file()
        page = (pack_site / f"innovations/{innovation}/index.html").read_text("utf-8")
        assert re.search(
            r'<a class="md-button md-button--primary" href="adopt/">Adoption pack</a>', page
        )


def test_pack_has_every_section_the_content_supports(pack_site: Path) -> None:
    html = _pack(pack_site)
    for heading in SECTIONS:
        assert re.search(rf"<h2 id=\"ix-[a-z-]+\">{re.escape(heading)}</h2>", html), heading
    assert "<p>Fewer admissions.</p>" in html  # the evidence section
    assert "Two nurses." in html and "Alert fatigue at first." in html
    assert "raw list never closed" in html  # transfer, with what its open list swallowed
    assert "Inside the raw list: not a cut." in html
    assert "Never shown." not in html  # a section the exchange does not define
    assert "Nurses call people at home." not in html  # "the solution" is the entry's
    assert "Set-up £1,200; £300 a year" in " ".join(html.split())
    assert "Started</dt><dd>April 2019" in html
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/innovations/remote-monitoring/adopt/">'
        in html
    )
    assert '<html lang="en" data-ix-root="../../../">' in html
    # The second innovation records less: "not recorded" where an adopter would ask.
    other = _pack(pack_site, "second-thing")
    assert "Related innovations" in other
    assert other.count("Not recorded.") == 2  # costs; difficulties and lessons
    assert "The entry does not say what staff, equipment or approvals it needs." in other


def test_lessons_are_quoted_with_site_region_and_date(pack_site: Path) -> None:
    html = " ".join(_pack(pack_site).split())
    quotes = re.findall(r'<figure class="ix-a__quote">(.*?)</figure>', html)
    assert len(quotes) == 2  # the case study of conftest has no lessons
    north, south = quotes
    assert "Start with a <strong>north-clinic</strong> cohort." in north
    assert 'cite="../case-studies/north-clinic/"' in north
    site = '<a href="../case-studies/north-clinic/">North Clinic</a>'
    assert f"{site}, North West Coast, adopted March 2025" in north
    assert "</a>, North West Coast, adoption date not recorded" in south


def test_outcomes_to_measure_are_listed_once_with_who_measured_them(pack_site: Path) -> None:
    html = " ".join(_pack(pack_site).split())
    table = html[html.index('id="ix-measure"') :]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", table)
    assert [measure for measure, _ in rows] == ["Admissions", "Patient experience"]
    assert rows[0][1] == (
        '<ul class="ix-a__plain"><li>Example Trust: 30% fewer</li>'
        "<li>North Clinic: 12% fewer</li><li>South Clinic &lt;script&gt;alert(3)&lt;/script&gt;: "
        "&lt;img src=x onerror=alert(4)&gt;</li></ul>"
    )


def test_unpublished_scouts_never_appear(pack_site: Path) -> None:
    html = _pack(pack_site)
    assert "Ada Example" in html  # named by the innovation and both case studies: once
    assert html.count('href="../../../scouts/ada-example/"') == 1
    for pack in pack_site.glob("innovations/*/adopt/index.html"):
        text = pack.read_text("utf-8")
        assert "Hidden Hartigan" not in text and "secret-scout" not in text, pack


def test_hostile_fields_are_escaped_and_cut_bodies_stay_balanced(pack_site: Path) -> None:
    for pack in pack_site.glob("innovations/*/adopt/index.html"):
        html = pack.read_text("utf-8")
        checked = _balance(html)
        assert not checked.problems and not checked.stack, (pack, checked.problems, checked.stack)
        # The only script is the pack's own, and no id is given twice.
        assert checked.scripts == [{"src": "../../../assets/exchange/adopt.js"}]
        assert len(checked.ids) == len(set(checked.ids)), checked.ids
    html = _pack(pack_site)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<h1>Adoption pack: Remote monitoring &amp; more &lt;3</h1>" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # the costs' notes
    assert "South Clinic &lt;script&gt;alert(3)&lt;/script&gt;</a>" in html  # a lesson's site
    assert "&lt;img src=x onerror=alert(4)&gt;" in html  # a result to measure
    assert "zanzibarquux" not in html  # "the problem" is not in the pack
    # A heading inside a quote is not a cut: the quote stays whole in "resources".
    resources = html[html.index('id="ix-resources"') : html.index('id="ix-difficulties"')]
    assert "still inside the quote" in resources and "nested, just before the cut" in resources
    # The image points at the innovation's folder; the footnote's ids stay together.
    assert '<img alt="The dashboard" src="../dashboard.png">' in html
    assert 'href="#i-fn:1"' in html and 'id="i-fn:1"' in html


# --- size -----------------------------------------------------------------------------------

#: The issue's limit for the pack of the largest innovation.
PACK_BYTES = 80_000


def test_the_largest_synthetic_pack_is_at_most_80_kb(tmp_path: Path) -> None:
    """``exchange synthetic``'s entries (with the repository's pathway, which it copies, for
    the readiness checklist), through the same steps as the plugin: pages, then packs."""
    content = tmp_path / "content"
    generate(content, 150)
    pathway = content / "pathway.yml"
    assert pathway.read_bytes() == (REPO / "content" / "pathway.yml").read_bytes()
    loaded, report = validate(content)
    assert not report.errors
    catalog = Catalog.build(loaded)
    pages, _assets = build_site(catalog, SiteSettings(exchange=loaded.exchange))
    site = PublishedSite(catalog, bodies={p.url: p.body for p in pages if p.body is not None})
    files = adoption.files(site)
    # Every pack, then the readiness checklist page they share (the pathway is there).
    assert files[-1].path == "checklist/index.html"
    sizes = {f.path: len(f.content) for f in files[:-1]}
    assert len(sizes) == 150 and all(path.endswith("/adopt/index.html") for path in sizes)
    largest = max(catalog.innovations, key=lambda e: len(catalog.case_studies_of[e.id]))
    assert len(catalog.case_studies_of[largest.id]) >= 5  # the test can see a big one
    assert max(sizes.values()) <= PACK_BYTES, max(sizes.items(), key=lambda kv: kv[1])
    # The checklist is written once for the site; every pack has the same section linking
    # to it, and names its own innovation for the script (answers are kept per innovation).
    sections = set()
    for output in files[:-1]:
        html = output.content.decode("utf-8")
        entry_id = output.path.split("/")[1]
        assert f'<main id="ix-main" class="ix-a" data-ix-pack="{entry_id}"' in html
        assert "data-question" not in html
        start = html.index('<section class="ix-a__readiness"')
        sections.add(html[start : html.index("</section>", start)])
    [section] = sections
    assert "Readiness checklist" in section and 'href="../../../checklist/"' in section
    page = files[-1].content.decode("utf-8")
    assert page.count("data-question=") == catalog.pathway.question_count


def test_a_pack_shows_at_most_twenty_adoptions_lessons_and_measures(tmp_path: Path) -> None:
    """However many adoptions an innovation has, its pack stays a few pages: the rest
    are counted, with a link to the innovation's page that lists them all."""
    content = tmp_path / "content"
    generate(content, 2, case_studies=90)
    loaded, report = validate(content)
    assert not report.errors
    catalog = Catalog.build(loaded)
    pages, _assets = build_site(catalog, SiteSettings(exchange=loaded.exchange))
    site = PublishedSite(catalog, bodies={p.url: p.body for p in pages if p.body is not None})
    largest = max(catalog.innovations, key=lambda e: len(catalog.case_studies_of[e.id]))
    adoptions = len(catalog.case_studies_of[largest.id])
    assert adoptions > MOST + 5
    [html] = [
        f.content.decode("utf-8") for f in adoption.files(site) if f"/{largest.id}/" in f"/{f.path}"
    ]
    assert html.count('<figure class="ix-a__quote">') == MOST
    assert f"and {adoptions - MOST} more</a>" in html  # the adoptions listed
    assert len(html) <= PACK_BYTES


def test_an_exchange_can_leave_the_packs_out(tmp_path: Path) -> None:
    """``adoption_packs: false`` (for an exchange near GitHub Pages' 1 GB): no pack, and
    nothing links to one (the innovation page, its embed card, the sitemap); nor the
    readiness checklist page the packs share, though the exchange has a pathway."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = write_site(tmp_path)
    shutil.copy(REPO / "content" / "pathway.yml", root / "content" / "pathway.yml")
    config = (root / "mkdocs.yml").read_text()
    config = config.replace(
        "  - innovation-exchange\n", "  - innovation-exchange:\n      adoption_packs: false\n"
    )
    (root / "mkdocs.yml").write_text(
        config.replace("site_name:", "site_url: https://x.org/\nsite_name:")
    )
    site = build(root)
    assert (site / "innovations" / "remote-monitoring" / "index.html").is_file()
    assert not list(site.glob("innovations/*/adopt"))
    assert not (site / "checklist").exists()
    assert "checklist/" not in (site / "sitemap.xml").read_text("utf-8")
    for page in (
        "innovations/remote-monitoring/index.html",
        "embed/innovations/remote-monitoring/index.html",
        "sitemap.xml",
    ):
        assert "adopt/" not in (site / page).read_text("utf-8"), page
    assert "innovations/remote-monitoring/" in (site / "sitemap.xml").read_text("utf-8")


# --- the pieces ---------------------------------------------------------------------------

HEADINGS = {normalise_heading(s.heading): s.id for s in Exchange.of().sections_of("innovation")}


def test_only_top_level_headings_cut_and_repeats_keep_the_first() -> None:
    html = (
        '<p>before</p><h2 id="a">Resources needed:</h2><p>one</p>'
        "<blockquote><h2>Evidence of success</h2><p>quoted</p></blockquote>"
        '<div class="admonition"><h2 title="x>y">Difficulties encountered</h2></div>'
        "<h2>resources  NEEDED</h2><p>again</p><h2>Evidence <em>of</em> success</h2><p>two</p>"
    )
    found = top_level_sections(html, HEADINGS)
    assert found == {
        "resources": (
            "<p>one</p><blockquote><h2>Evidence of success</h2><p>quoted</p></blockquote>"
            '<div class="admonition"><h2 title="x>y">Difficulties encountered</h2></div>'
        ),
        "evidence": "<p>two</p>",
    }


def test_a_slice_cut_mid_element_is_balanced_again() -> None:
    sliced = (
        '</p><li>one</li></ul><blockquote><p>open <a href="#fn:2">2</a> <img src="../../x.png">'
    )
    notes = {"2": (2, "<p>the note</p>")}
    out = str(quoted(sliced, "c3-", CS_PAGE, PACK_PAGE, notes))
    checked = _balance(out)
    assert not checked.problems and not checked.stack, out
    assert 'href="#c3-fn:2"' in out and 'src="../x.png"' in out
    assert '<ol start="2"><li id="c3-fn:2"><p>the note</p></li></ol>' in out
    hostile = '<p onclick="x()">hi<script>alert(1)</script></p>'
    assert str(quoted(hostile, "i-", INNOVATION_PAGE, PACK_PAGE, {})) == "<p>hi</p>"


INNOVATION_PAGE = "innovations/i/"
CS_PAGE = "innovations/i/case-studies/c/"
PACK_PAGE = "innovations/i/adopt/"


def test_relative_links_and_ids_are_made_right_for_the_pack() -> None:
    """Links relative to the entry's page point at the same pages from the pack; an id
    written inside another attribute's value is not taken for the element's id."""
    body = (
        '<p><a href="../other/">a sibling</a> <a href="photo.svg">the picture</a> '
        '<a href="case-studies/c/">a case study</a> <a href="https://example.org/x">out</a> '
        '<a title="q id=" id="zzz" href="#zzz">here</a></p>'
    )
    out = str(quoted(body, "i-", INNOVATION_PAGE, PACK_PAGE, {}))
    assert 'href="../../other/"' in out and 'href="../photo.svg"' in out
    assert 'href="../case-studies/c/"' in out and 'href="https://example.org/x"' in out
    assert 'title="q id="' in out and 'id="i-zzz"' in out and 'href="#i-zzz"' in out
    lesson = '<p><a href="../../">back</a> <a href="../d/">another</a></p>'
    out = str(quoted(lesson, "c1-", CS_PAGE, PACK_PAGE, {}))
    assert 'href="../"' in out and 'href="../case-studies/d/"' in out


def test_each_slice_carries_only_the_footnotes_it_cites() -> None:
    body = (
        '<h2 id="a">The problem</h2><p>P<sup id="fnref:p"><a href="#fn:p">1</a></sup></p>'
        '<h2 id="b">Evidence of success</h2><p>E<sup id="fnref:e"><a href="#fn:e">2</a></sup></p>'
        '<div class="footnote"><hr><ol><li id="fn:p"><p>problem note'
        '<a href="#fnref:p" title="back">↩</a></p></li><li id="fn:e"><p>evidence note'
        '<a href="#fnref:e" title="back">↩</a></p></li></ol></div>'
    )
    rest, notes = footnotes(body)
    evidence = top_level_sections(rest, HEADINGS)["evidence"]
    out = str(quoted(evidence, "i-", INNOVATION_PAGE, PACK_PAGE, notes))
    assert "evidence note" in out and "problem note" not in out and "↩" not in out
    assert '<ol start="2"><li id="i-fn:e">' in out and 'href="#i-fn:e"' in out


def test_measures_are_deduplicated_ignoring_case_and_spaces() -> None:
    found = measures(
        [
            ("A", [Outcome(measure="Bed days", result="1"), Outcome(measure="Falls", result="2")]),
            ("B", [Outcome(measure="bed  DAYS", result="3")]),
        ]
    )
    assert [(m.measure, m.results) for m in found] == [
        ("Bed days", [("A", "1"), ("B", "3")]),
        ("Falls", [("A", "2")]),
    ]
