"""The chart functions: well-formed, accessible, escaped and small SVG, with a table
that holds the same numbers (generator/pages/charts/)."""

from __future__ import annotations

import math
import re

import pytest
from lxml import etree, html

from generator import i18n
from generator.models import Coordinates, Term, Tile
from generator.pages.charts import Bar, Event, bar_chart, region_map, timeline
from generator.pages.charts.figure import TABLE_ROWS
from generator.pages.charts.region_map import MAX_PLACED, short_label
from generator.safety.svg import clean_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</title><script>alert(1)</script><a href="javascript:x">'
LIMIT = 30_000


def svg_of(markup: str) -> etree._Element:
    """The picture, parsed as XML: it fails unless the SVG is well-formed."""
    found = re.search(r"<svg xmlns.*?</svg>", markup, re.S)
    assert found
    return etree.fromstring(found.group(0))


def table_of(markup: str) -> list[list[str]]:
    tree = html.fromstring(markup)
    return [[c.text_content() for c in row] for row in tree.findall(".//tbody/tr")]


def in_group(svg: etree._Element, css_class: str) -> list[etree._Element]:
    """The shapes of one kind: each kind is drawn in a ``<g>`` of its class."""
    return svg.findall(f"{SVG}g[@class='{css_class}']/*")


def ids(markup: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', markup)


def regions(count: int, tiles: bool = True) -> list[Term]:
    def position(i: int) -> dict:
        if tiles:
            return {"tile": Tile(column=i % 20, row=i // 20)}
        return {"coordinates": Coordinates(latitude=40 + i % 10, longitude=-5 + i // 10)}

    return [Term(id=f"region-{i}", label=f"Region number {i}", **position(i)) for i in range(count)]


def charts(label: str = "x", count: int = 3, title: str | None = None) -> dict[str, str]:
    """One chart of each kind, ``count`` items each, every label ``label`` (cut to the
    longest each kind is given on the site: an organisation, with its region on the
    timeline; a region's label on the map); the titles are ``title``, else ``label``."""
    title = label if title is None else title
    return {
        "bars": bar_chart(
            [
                Bar(label[:150], n, f"/innovations/some-long-innovation-id-{n}/")
                for n in range(count)
            ],
            chart_id="one-bars",
            title=title,
            description=title,
        ),
        "timeline": timeline(
            [
                Event(f"{2000 + n % 25}-0{1 + n % 9}", label, "adopted", f"../case-studies/c-{n}/")
                for n in range(count)
            ]
            + [Event("1999", label, "started")],
            chart_id="one-timeline",
            title=title,
            description=title,
        ),
        "map": region_map(
            # At most MAX_PLACED: a map of more is not drawn (see below).
            [t.model_copy(update={"label": label[:80]}) for t in regions(min(count, MAX_PLACED))],
            {f"region-{n}": n + 1 for n in range(count)},
            chart_id="one-map",
            title=title,
            description=title,
            href=lambda term: f"../../browse/regions/{term}/",
            marked={"region-0"},
            marked_label=title,
        ),
    }


@pytest.mark.parametrize("kind", ["bars", "timeline", "map"])
def test_title_and_description_are_referenced_and_the_svg_scales(kind: str) -> None:
    svg = svg_of(charts()[kind])
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").get("id") == svg.get("aria-labelledby")
    assert svg.find(f"{SVG}desc").get("id") == svg.get("aria-describedby")
    assert svg.get("viewBox").startswith("0 0 ")
    assert svg.get("width") is None and svg.get("height") is None


@pytest.mark.parametrize("kind", ["bars", "timeline", "map"])
def test_a_hostile_label_stays_text(kind: str) -> None:
    markup = charts(HOSTILE)[kind]
    svg = svg_of(markup)  # well-formed: nothing broke out of <title> or <text>
    assert svg.find(f"{SVG}title").text == HOSTILE[: 150 if kind == "bars" else None]
    tree = html.fromstring(markup)
    assert not tree.xpath("//script") and not tree.xpath("//a[starts-with(@href, 'java')]")
    assert tree.xpath("//caption")[0].text_content() == HOSTILE[: 150 if kind == "bars" else None]


def test_ids_do_not_clash_between_charts_on_one_page() -> None:
    page = "".join(charts().values())
    found = ids(page)
    assert len(found) == len(set(found)) > 6
    # every reference inside a chart points at an id of that chart
    for chart_id, markup in (("one-bars", charts()["bars"]), ("one-map", charts()["map"])):
        for ref in re.findall(r'url\(#([^)]+)\)|aria-\w+by="([^"]+)"', markup):
            assert "".join(ref).startswith(f"{chart_id}-")


def test_a_chart_id_that_is_not_an_id_is_refused() -> None:
    with pytest.raises(ValueError, match="onload"):
        bar_chart([Bar("a", 1)], chart_id='x" onload="y', title="t", description="d")


@pytest.mark.parametrize("kind", ["bars", "timeline", "map"])
def test_labels_that_escape_to_five_times_their_length_stay_under_30_kb(kind: str) -> None:
    """Content labels may be hostile; titles are the interface's words."""
    markup = charts("&" * 150 + ", " + "<" * 80, count=200, title="Title")[kind]
    assert len(markup.encode()) <= LIMIT, len(markup.encode())
    assert table_of(markup)[-1][0].startswith("and ")


@pytest.mark.parametrize("kind", ["bars", "timeline", "map"])
def test_the_largest_input_stays_under_30_kb(kind: str) -> None:
    longest = ("Wide organisation name & co " * 6)[:150] + ", " + ("Region <name> " * 6)[:80]
    markup = charts(longest, count=200)[kind]
    assert len(markup.encode()) <= LIMIT, len(markup.encode())


def test_bars_table_holds_the_same_numbers_and_links() -> None:
    bars = [Bar("Respiratory", 1234, "/r/"), Bar("Diabetes", 7), Bar("Falls", 0)]
    markup = bar_chart(bars, chart_id="b", title="T", description="D")
    assert table_of(markup) == [["Respiratory", "1,234"], ["Diabetes", "7"], ["Falls", "0"]]
    drawn = [t.text for t in in_group(svg_of(markup), "ix-chart__value")]
    assert drawn == ["1,234", "7", "0"]
    tree = html.fromstring(markup)
    assert tree.xpath("//table//a/@href") == ["/r/"]


@pytest.mark.parametrize("kind", ["bars", "timeline", "map"])
def test_the_picture_holds_no_links_and_the_table_holds_them_all(kind: str) -> None:
    """A link inside role="img" is a nested interactive control (axe), so links live in
    the table only."""
    markup = charts(count=3)[kind]
    assert not list(svg_of(markup).iter(f"{SVG}a"))
    assert len(html.fromstring(markup).xpath("//table//a/@href")) == 3


def test_bars_beyond_the_shown_are_counted_and_long_labels_cut() -> None:
    bars = [Bar("L" * 200 if n == 0 else f"Label {n}", 300 - n) for n in range(150)]
    markup = bar_chart(bars, chart_id="b", title="T", description="D")
    svg = svg_of(markup)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert len(in_group(svg, "ix-chart__bar")) == 20
    assert "130 more in the table" in texts
    assert texts[0].endswith("…") and len(texts[0]) < 60
    rows = table_of(markup)
    assert len(rows) == TABLE_ROWS + 1 and rows[0][0] == "L" * 200
    assert rows[-1] == ["and 100 more"]


def test_timeline_orders_events_and_shapes_say_the_kind() -> None:
    i18n.activate("en", "GB")  # dates as the shipped exchange writes them (a build sets it too)
    events = [
        Event("2023-09", "Tamar, South West", "adopted", "/t/"),
        Event("2019-04", "Northshire", "started"),
        Event("2022-03-14", "Fylde, North West Coast", "adopted"),
        Event("2025", "Northshire", "ended"),
    ]
    markup = timeline(events, chart_id="t", title="T", description="D")
    assert [r[0] for r in table_of(markup)] == [
        "April 2019",
        "14 March 2022",
        "September 2023",
        "2025",
    ]
    assert [r[1] for r in table_of(markup)] == ["Started", "Adopted", "Adopted", "Ended"]
    svg = svg_of(markup)
    marks = [e.tag.removeprefix(SVG) for e in in_group(svg, "ix-chart__mark")]
    assert marks == ["circle", "rect", "rect", "polygon"]
    # later events further right; each line runs from the start
    spans = in_group(svg, "ix-chart__span")
    ends = [float(s.get("x2")) for s in spans]
    assert ends == sorted(ends) and len({s.get("x1") for s in spans}) == 1
    ticks = [t.text for t in in_group(svg, "ix-chart__tick")]
    assert ticks == ["2020", "2022", "2024", "2026"]  # every 2 years over 7
    legend = html.fromstring(markup).xpath("//ul[@class='ix-chart__legend']/li")
    assert [li.text_content() for li in legend] == ["Started", "Adopted", "Ended"]


def test_region_map_tiles_numbers_marks_and_table() -> None:
    terms = [
        Term(id="national", label="England-wide"),
        Term(id="nwc", label="North West Coast", tile=Tile(column=0, row=0)),
        Term(id="gm", label="Greater Manchester", short="GMan", tile=Tile(column=1, row=0)),
        Term(id="wessex", label="Wessex", tile=Tile(column=1, row=2)),
    ]
    markup = region_map(
        terms,
        {"nwc": 2, "national": 1},
        chart_id="m",
        title="T",
        description="D",
        marked={"gm"},
        marked_label="Where it is used",
    )
    assert markup is not None
    svg = svg_of(markup)
    assert svg.get("viewBox") == "0 0 400 240"
    assert [t.text for t in in_group(svg, "ix-chart__on-bar")] == ["NWC", "2"]
    assert [t.text for t in in_group(svg, "ix-chart__label")] == ["GMan", "Wes"]
    hatched = in_group(svg, "ix-chart__outline")
    assert svg.find(f"{SVG}g[@class='ix-chart__outline']").get("fill") == "url(#m-hatch)"
    assert len(hatched) == 1 and float(hatched[0].get("x")) == 200  # Greater Manchester's
    assert [r.get("x") for r in in_group(svg, "ix-chart__bar")] == ["120"]  # North West Coast
    assert table_of(markup) == [
        ["England-wide", "1", "No"],
        ["North West Coast", "2", "No"],
        ["Greater Manchester", "0", "Yes"],
    ]


def test_region_map_points_are_projected_and_fitted() -> None:
    terms = [
        Term(
            id="milano", label="Lombardia", coordinates=Coordinates(latitude=45.46, longitude=9.19)
        ),
        Term(id="roma", label="Lazio", coordinates=Coordinates(latitude=41.9, longitude=12.5)),
        Term(id="palermo", label="Sicilia", coordinates=Coordinates(latitude=38.1, longitude=13.4)),
    ]
    markup = region_map(terms, {"roma": 3}, chart_id="p", title="T", description="D")
    assert markup is not None
    svg = svg_of(markup)
    labels = in_group(svg, "ix-chart__label")  # 13 right of and 5 below each point
    x = [float(t.get("x")) - 13 for t in labels]
    y = [float(t.get("y")) - 5 for t in labels]
    (filled,) = in_group(svg, "ix-chart__bar")
    assert (float(filled.get("cx")), float(filled.get("cy"))) == pytest.approx(
        (x[1], y[1]), abs=0.1
    )
    width, height = map(float, svg.get("viewBox").split()[2:])
    assert x[0] < x[1] < x[2] and y[0] < y[1] < y[2]  # north-west to south-east
    assert all(0 <= v <= width for v in x) and all(0 <= v <= height for v in y)
    # a degree of longitude is cos(mean latitude) of a degree of latitude
    ratio = ((x[2] - x[0]) / (13.4 - 9.19)) / ((y[2] - y[0]) / (45.46 - 38.1))
    assert ratio == pytest.approx(math.cos(math.radians((45.46 + 41.9 + 38.1) / 3)), rel=1e-3)
    assert [t.text for t in labels] == ["Lom", "Laz 3", "Sic"]


def test_region_map_without_positions_is_none() -> None:
    terms = [Term(id="a", label="A"), Term(id="b", label="B")]
    assert region_map(terms, {"a": 1}, chart_id="m", title="T", description="D") is None


def test_region_map_with_too_many_positions_is_none() -> None:
    """Up to MAX_PLACED positioned regions are drawn; 2,000 (the vocabulary's limit) are not."""

    def points(n: int) -> list[Term]:
        return [
            Term(
                id=f"r{i}",
                label=f"Region {i}",
                coordinates=Coordinates(latitude=i % 80, longitude=i % 170),
            )
            for i in range(n)
        ]

    values = {"r0": 1}
    assert region_map(points(MAX_PLACED), values, chart_id="m", title="T", description="D")
    assert region_map(points(2_000), values, chart_id="m", title="T", description="D") is None


def test_short_labels() -> None:
    def short(label: str) -> str:
        return short_label(Term(id="x", label=label))

    assert short("North Central and East London") == "NCEL"
    assert short("Kent, Surrey and Sussex") == "KSS"
    assert short("Friuli-Venezia Giulia") == "FVG"
    assert short("Wessex") == "Wes"


@pytest.mark.parametrize("kind", ["bars", "timeline", "map"])
def test_the_svg_passes_the_projects_svg_allow_list(kind: str) -> None:
    """Each picture is inert by the rules the site applies to contributors' SVG files."""
    markup = charts()[kind]
    svg = re.search(r"<svg xmlns.*?</svg>", markup, re.S).group(0)
    cleaned = clean_svg(svg.encode())
    assert etree.fromstring(cleaned).find(f"{SVG}title").text == "x"
