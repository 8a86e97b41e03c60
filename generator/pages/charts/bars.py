"""Horizontal bars: one per label, longest first as given, the number at the bar's end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.i18n import _, ngettext
from generator.pages.charts.figure import (
    FONT,
    LINE_CHARS,
    WIDTH,
    Cell,
    at,
    clip,
    esc,
    figure,
    group,
    num,
    table,
)

#: Bars drawn at most; the table lists more (see ``figure.TABLE_ROWS``).
SHOWN = 20
#: Each bar: its label on a line of its own (the whole width, so it reads on a phone),
#: then the bar.
_LABEL = FONT + 4
_BAR = 14
_ROW = _LABEL + _BAR + 8
#: Room kept at the bar's end for its number.
_NUMBER = 56


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts, how many, and where to read more."""

    label: str
    value: int
    href: str | None = None


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    label_header: str | None = None,
    value_header: str | None = None,
    shown: int = SHOWN,
) -> Markup:
    """Bars in the order given (sort them first); the first ``shown`` are drawn, the
    table lists them all (bounded), each label a link to its ``href``. Labels longer
    than a line are cut with an ellipsis in the picture and given whole in the table."""
    drawn = bars[:shown]
    top = max((b.value for b in drawn), default=0) or 1
    scale = (WIDTH - _NUMBER) / top
    labels, shapes, numbers = [], [], []
    for i, bar in enumerate(drawn):
        y = i * _ROW
        length = max(bar.value, 0) * scale
        labels.append(f'<text x="0" y="{at(y + FONT)}">{esc(clip(bar.label, LINE_CHARS))}</text>')
        shapes.append(
            f'<rect x="0" y="{at(y + _LABEL)}" width="{at(max(length, 1))}" height="{_BAR}"/>'
        )
        numbers.append(
            f'<text x="{at(length + 6)}" y="{at(y + _LABEL + _BAR - 2)}">'
            f"{esc(num(bar.value))}</text>"
        )
    rows = [
        group("ix-chart__label", labels),
        group("ix-chart__bar", shapes),
        group("ix-chart__value", numbers),
    ]
    hidden = len(bars) - len(drawn)
    height = max(len(drawn), 1) * _ROW
    if hidden > 0:
        words = ngettext("{n} more in the table", "{n} more in the table", hidden)
        rows.append(
            f'<text x="0" y="{at(height + FONT)}" class="ix-chart__note">{esc(words)}</text>'
        )
        height += FONT + 8
    cells = [(Cell(b.label, b.href), Cell(num(b.value))) for b in bars]
    headers = (label_header or _("Item"), value_header or _("Number"))
    return figure(
        chart_id,
        kind="bars",
        title=title,
        description=description,
        height=height,
        drawing=rows,
        table_html=table(title, headers, cells, total=len(bars)),
    )
