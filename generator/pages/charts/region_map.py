"""A map of regions, from the regions vocabulary: a tile grid or points.

Each region term may carry a ``tile`` (column and row of a square) or ``coordinates``
(latitude and longitude), so every country supplies its own map in its vocabulary file.
Tiles are drawn as squares with a short label; coordinates as points, in an
equirectangular projection corrected by the cosine of the mean latitude (true shapes
near the middle, good enough for one country) and fitted to the picture.

A region with a number (``values``) is filled, with the number written in it; a
``marked`` region carries a hatched band (tiles) or a hatched ring (points). The legend
says which is which, so nothing rests on colour. Regions are not links in the picture
(see the package's docstring): the table's region names are. When the
squares are too small for a label, or the points too many, the picture is drawn
without words and the table names them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence

from markupsafe import Markup

from generator.i18n import _
from generator.models import Term
from generator.pages.charts.figure import (
    FONT,
    WIDTH,
    Cell,
    at,
    esc,
    figure,
    group,
    legend,
    num,
    table,
)

_GAP = 4
_MAX_TILE = 80
#: Squares smaller than this (more than 10 columns) are drawn without their labels.
_LABELLED_TILE = 40
#: More points than this are drawn without their labels.
_LABELLED_POINTS = 40
_PAD = 24
#: More positioned regions than this are not drawn (region_map gives None): 2,000 points
#: make a 100 KB picture on every innovation page, and nobody reads that many on one map.
MAX_PLACED = 150
_INITIAL = re.compile(r"(?:^|[\s\-–/'’])(\w)")


def short_label(term: Term) -> str:
    """A tile's label: the term's ``short``, else the initials of its capitalised words
    ("North West Coast" → "NWC"), else the first three letters of a one-word label."""
    if term.short:
        return term.short
    initials = [c for c in _INITIAL.findall(term.label) if c.isupper()]
    return "".join(initials[:5]) if len(initials) > 1 else term.label[:3]


def region_map(
    terms: Sequence[Term],
    values: Mapping[str, int],
    *,
    chart_id: str,
    title: str,
    description: str,
    href: Callable[[str], str | None] | None = None,
    marked: Collection[str] = (),
    marked_label: str | None = None,
    value_label: str | None = None,
    value_header: str | None = None,
) -> Markup | None:
    """The regions with a position, ``values[term id]`` written in each one that has a
    number above 0 and ``marked`` ones set apart (``marked_label`` says what that means,
    in the legend and as a table column). Tiles when any term has one, else points;
    None when no term has a position, or when more than :data:`MAX_PLACED` have (the
    page then shows its table or bars alone, so a chart stays under 30 KB). The table
    lists every region with a number or a mark, positioned or not, in vocabulary order."""
    tiled = [t for t in terms if t.tile is not None]
    placed = tiled or [t for t in terms if t.coordinates is not None]
    if not placed or len(placed) > MAX_PLACED:
        return None
    link_of = href or (lambda _term: None)
    if tiled:
        height, drawing = _tiles(chart_id, tiled, values, marked)
    else:
        height, drawing = _points(chart_id, placed, values, marked)

    keys = [
        (
            '<rect x="1" y="1" width="14" height="14" class="ix-chart__bar"/>',
            value_label or _("Filled, with a number: how many"),
        )
    ]
    if marked_label:
        keys.append(
            (
                f'<rect x="1" y="1" width="14" height="14" fill="url(#{chart_id}-hatch)"'
                ' class="ix-chart__outline"/>',
                marked_label,
            )
        )
    listed = [t for t in terms if values.get(t.id, 0) > 0 or t.id in marked]
    headers = [_("Region"), value_header or _("Number")]
    if marked_label:
        headers.append(marked_label)
    rows = []
    for t in listed:
        cells = [Cell(t.label, link_of(t.id)), Cell(num(values.get(t.id, 0)))]
        if marked_label:
            cells.append(Cell(_("Yes") if t.id in marked else _("No")))
        rows.append(cells)
    return figure(
        chart_id,
        kind="map",
        title=title,
        description=description,
        height=height,
        drawing=drawing,
        legend=legend(keys),
        table_html=table(title, headers, rows, total=len(rows)),
    )


def _tiles(
    chart_id: str,
    terms: Sequence[Term],
    values: Mapping[str, int],
    marked: Collection[str],
) -> tuple[float, list[str]]:
    columns = max(t.tile.column for t in terms if t.tile) + 1
    rows = max(t.tile.row for t in terms if t.tile) + 1
    size = min(WIDTH / columns, _MAX_TILE)
    left = (WIDTH - size * columns) / 2
    inner = size - _GAP
    empty, filled, bands, words, words_on_fill = [], [], [], [], []
    for t in terms:
        assert t.tile is not None
        x, y = left + t.tile.column * size, t.tile.row * size
        value = values.get(t.id, 0)
        square = f'<rect x="{at(x)}" y="{at(y)}" width="{at(inner)}" height="{at(inner)}"/>'
        (filled if value > 0 else empty).append(square)
        if t.id in marked:
            band = inner * 0.3
            bands.append(
                f'<rect x="{at(x)}" y="{at(y + inner - band)}" width="{at(inner)}"'
                f' height="{at(band)}"/>'
            )
        if size < _LABELLED_TILE:
            continue
        mid = at(x + inner / 2)
        label = f'<text x="{mid}" y="{at(y + FONT + 4)}">{esc(short_label(t))}</text>'
        if value > 0:
            words_on_fill.append(
                f'{label}<text x="{mid}" y="{at(y + 2 * FONT + 8)}"'
                f' class="ix-chart__strong">{esc(num(value))}</text>'
            )
        else:
            words.append(label)
    middle = ' text-anchor="middle"'
    return rows * size, [
        group("ix-chart__tile", empty),
        group("ix-chart__bar", filled),
        group("ix-chart__outline", bands, f' fill="url(#{chart_id}-hatch)"'),
        group("ix-chart__label", words, middle),
        group("ix-chart__on-bar", words_on_fill, middle),
    ]


def _points(
    chart_id: str,
    terms: Sequence[Term],
    values: Mapping[str, int],
    marked: Collection[str],
) -> tuple[float, list[str]]:
    spots = [(t, t.coordinates) for t in terms if t.coordinates is not None]
    mean = sum(c.latitude for _t, c in spots) / len(spots)
    squeeze = max(math.cos(math.radians(mean)), 0.05)
    xs = [c.longitude * squeeze for _t, c in spots]
    ys = [-c.latitude for _t, c in spots]
    wide, high = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    inner = WIDTH - 2 * _PAD - 40  # room on the right for the last point's label
    scale = min(inner / wide, 2 * inner / high)
    height = high * scale + 2 * _PAD
    rings, empty, filled, words = [], [], [], []
    for (t, _c), px, py in zip(spots, xs, ys, strict=True):
        x, y = at(_PAD + (px - min(xs)) * scale), _PAD + (py - min(ys)) * scale
        value = values.get(t.id, 0)
        if t.id in marked:
            rings.append(f'<circle cx="{x}" cy="{at(y)}" r="11"/>')
        (filled if value > 0 else empty).append(f'<circle cx="{x}" cy="{at(y)}" r="6"/>')
        if len(spots) <= _LABELLED_POINTS:
            text = short_label(t) + (f" {num(value)}" if value > 0 else "")
            words.append(f'<text x="{at(float(x) + 13)}" y="{at(y + 5)}">{esc(text)}</text>')
    return height, [
        group("ix-chart__outline", rings, f' fill="url(#{chart_id}-hatch)"'),
        group("ix-chart__tile", empty),
        group("ix-chart__bar", filled),
        group("ix-chart__label", words),
    ]
