"""A timeline: when something started, each adoption after it, and when it ended.

One row per event, in date order: its date and words on a line of their own, then a
line from the first event to this one, ending in a marker whose shape says the kind of
event (a circle started, a square adopted, a triangle ended), so neither the distance
in time nor the kind rests on colour.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.i18n import _, ngettext
from generator.i18n.formatting import date as written_date
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
    legend,
    table,
)

#: Events drawn at most; the table lists more.
SHOWN = 20
_LABEL = FONT + 4
_ROW = _LABEL + 20
_MARGIN = 20
_AXIS = 28
_STEPS = (1, 2, 5, 10, 20, 50, 100)


@dataclass(frozen=True)
class Event:
    """One dated event: ``date`` as content writes it (YYYY, YYYY-MM or YYYY-MM-DD) or a
    date; ``kind`` one of "started", "adopted", "ended" (another kind draws a diamond)."""

    date: str | datetime.date
    label: str
    kind: str
    href: str | None = None


def _marker(kind: str, x: float, y: float) -> str:
    """The kind's shape at (x, y)."""
    if kind == "started":
        return f'<circle cx="{at(x)}" cy="{at(y)}" r="6"/>'
    if kind == "adopted":
        return f'<rect x="{at(x - 5.5)}" y="{at(y - 5.5)}" width="11" height="11"/>'
    if kind == "ended":
        points = f"{at(x)},{at(y - 7)} {at(x + 7)},{at(y + 6)} {at(x - 7)},{at(y + 6)}"
    else:  # a diamond
        points = f"{at(x)},{at(y - 7)} {at(x + 7)},{at(y)} {at(x)},{at(y + 7)} {at(x - 7)},{at(y)}"
    return f'<polygon points="{points}"/>'


def _years(value: str | datetime.date) -> float:
    """A date as a year with a fraction (2024-07 → 2024.5): the axis's unit."""
    if isinstance(value, datetime.date):
        return value.year + (value.timetuple().tm_yday - 1) / 366
    parts = [int(p) for p in str(value).split("-")]
    year = parts[0] + (parts[1] - 1) / 12 if len(parts) > 1 else parts[0]
    return year + (parts[2] - 1) / 366 if len(parts) > 2 else year


def _kind_words() -> dict[str, str]:
    return {
        # Translators: a kind of event on an innovation's timeline.
        "started": _("Started"),
        # Translators: a kind of event on an innovation's timeline (a case study).
        "adopted": _("Adopted"),
        # Translators: a kind of event on an innovation's timeline.
        "ended": _("Ended"),
    }


def _shown(events: Sequence[Event], shown: int) -> list[Event]:
    """At most ``shown`` events: the start and end always, then the earliest others."""
    if len(events) <= shown:
        return list(events)
    ends = [e for e in events if e.kind in ("started", "ended")][:shown]
    others = [e for e in events if e.kind not in ("started", "ended")][: shown - len(ends)]
    keep = {id(e) for e in ends + others}
    return [e for e in events if id(e) in keep]


def timeline(
    events: Sequence[Event],
    *,
    chart_id: str,
    title: str,
    description: str,
    kinds: Mapping[str, str] | None = None,
    shown: int = SHOWN,
) -> Markup:
    """The events in date order (the order given among equal dates); ``kinds`` names
    kinds other than started, adopted and ended."""
    words = {**_kind_words(), **(kinds or {})}
    ordered = sorted(events, key=lambda e: _years(e.date))
    drawn = _shown(ordered, shown)
    first = min((_years(e.date) for e in drawn), default=2000.0)
    last = max((_years(e.date) for e in drawn), default=first)
    start, end = math.floor(first), math.floor(last) + 1
    span = end - start
    scale = (WIDTH - 2 * _MARGIN) / span
    x0 = _MARGIN + (first - start) * scale

    labels, spans, marks = [], [], []
    for i, event in enumerate(drawn):
        y = i * _ROW
        x = _MARGIN + (_years(event.date) - start) * scale
        line_y = y + _LABEL + 10
        text = f"{written_date(str(event.date))} · {event.label}"
        labels.append(f'<text x="0" y="{at(y + FONT)}">{esc(clip(text, LINE_CHARS))}</text>')
        spans.append(f'<line x1="{at(x0)}" y1="{at(line_y)}" x2="{at(x)}" y2="{at(line_y)}"/>')
        marks.append(_marker(event.kind, x, line_y))
    rows = [
        group("ix-chart__label", labels),
        group("ix-chart__span", spans),
        group("ix-chart__mark", marks),
    ]
    axis_y = max(len(drawn), 1) * _ROW + 4
    rows.append(_axis(start, end, scale, axis_y))
    height = axis_y + _AXIS
    hidden = len(ordered) - len(drawn)
    if hidden > 0:
        more = ngettext("{n} more in the table", "{n} more in the table", hidden)
        rows.append(f'<text x="0" y="{at(height)}" class="ix-chart__note">{esc(more)}</text>')
        height += 8

    present = dict.fromkeys(e.kind for e in drawn)
    key = legend(
        (group("ix-chart__mark", [_marker(kind, 8, 8)]), words.get(kind, kind)) for kind in present
    )
    cells = [
        (Cell(written_date(str(e.date))), Cell(words.get(e.kind, e.kind)), Cell(e.label, e.href))
        for e in ordered
    ]
    return figure(
        chart_id,
        kind="timeline",
        title=title,
        description=description,
        height=height,
        drawing=rows,
        legend=key,
        # Translators: the timeline table's columns: a date, what happened (started,
        # adopted…), and the organisation it happened at.
        table_html=table(title, (_("Date"), _("Event"), _("Who")), cells, total=len(ordered)),
    )


def _axis(start: int, end: int, scale: float, y: float) -> str:
    """The time axis: a line and a tick with its year every 1, 2, 5, 10… years."""
    step = next((s for s in _STEPS if (end - start) / s <= 6), _STEPS[-1])
    lines = [f'<line x1="{_MARGIN}" y1="{at(y)}" x2="{WIDTH - _MARGIN}" y2="{at(y)}"/>']
    years = []
    for year in range(start - start % step + (step if start % step else 0), end + 1, step):
        x = _MARGIN + (year - start) * scale
        lines.append(f'<line x1="{at(x)}" y1="{at(y)}" x2="{at(x)}" y2="{at(y + 5)}"/>')
        years.append(f'<text x="{at(x)}" y="{at(y + 5 + FONT)}">{year}</text>')
    return group("ix-chart__axis", lines) + group("ix-chart__tick", years, ' text-anchor="middle"')
