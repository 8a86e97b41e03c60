"""The accessible shell every chart shares: figure, SVG, patterns and the data table.

Pure string building (no XML tree, no parsing): a chart is written for every innovation
of the catalogue, so it must cost microseconds. Every text goes through :func:`esc`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.i18n import _, ngettext
from generator.i18n.formatting import number

#: The chart's width in viewBox units: narrow, so that on a phone (about 360 pixels) the
#: 14-unit text is still read at about 12 pixels.
WIDTH = 400
FONT = 14
#: Characters that fit in a text line of ``WIDTH`` (an average glyph, capitals counted
#: in, is about 0.6 em).
LINE_CHARS = int(WIDTH / (FONT * 0.6))
#: Rows a table lists at most, and its rows' bytes at most (long or escaped labels): the
#: rest are counted in a last row ("and 12 more"), so a chart stays under 30 KB.
TABLE_ROWS = 50
TABLE_BYTES = 12_000

_CHART_ID = re.compile(r"[a-z][a-z0-9-]{0,40}")


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and an address when it is a link."""

    text: str
    href: str | None = None


def esc(text: object) -> str:
    """``text`` safe in SVG and HTML, as text or in a quoted attribute."""
    return str(escape(text))


def num(value: float) -> str:
    """A number written the interface language's way (1,234 / 1.234)."""
    return number(value)


def at(value: float) -> str:
    """A coordinate, to a tenth of a unit: short, and sharp enough on any screen."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def clip(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters with an ellipsis (the table shows it whole)."""
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def group(css_class: str, shapes: list[str], extra: str = "") -> str:
    """Shapes of one kind in one ``<g>``: the class is written once, not on each shape
    (a fifth of a picture's bytes)."""
    return f'<g class="{css_class}"{extra}>{"".join(shapes)}</g>' if shapes else ""


def check_id(chart_id: str) -> str:
    """A chart id is the prefix of every id in the chart: letters, digits and hyphens."""
    if not _CHART_ID.fullmatch(chart_id):
        raise ValueError(chart_id)  # a programmer's mistake: the id is in the code
    return chart_id


def patterns(chart_id: str, used: str) -> str:
    """Fills that tell things apart without colour, those that ``used`` refers to
    (``url(#<chart id>-hatch)``, ``-dots``): diagonal hatching and dots."""
    out = ""
    if f"#{chart_id}-hatch)" in used:
        out += (
            f'<pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)"><rect width="6" height="6" class="ix-chart__paper"/>'
            '<line x1="0" y1="0" x2="0" y2="6" class="ix-chart__hatch"/></pattern>'
        )
    if f"#{chart_id}-dots)" in used:
        out += (
            f'<pattern id="{chart_id}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" class="ix-chart__paper"/>'
            '<circle cx="3" cy="3" r="1.5" class="ix-chart__ink"/></pattern>'
        )
    return out


def table(
    caption: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, total: int
) -> str:
    """The chart's figures as a table; ``total`` rows in all, of which the first
    :data:`TABLE_ROWS` (within :data:`TABLE_BYTES`) are listed and the rest counted."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    listed: list[str] = []
    size = 0
    for cells in rows[:TABLE_ROWS]:
        row = _row(cells)
        size += len(row)
        if size > TABLE_BYTES:
            break
        listed.append(row)
    body = "".join(listed)
    more = total - len(listed)
    if more > 0:
        text = esc(ngettext("and {n} more", "and {n} more", more))
        body += f'<tr><td colspan="{len(headers)}">{text}</td></tr>'
    return (
        f"<table><caption>{esc(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _row(cells: Sequence[Cell]) -> str:
    out = []
    for i, cell in enumerate(cells):
        text = esc(cell.text)
        if cell.href:
            text = f'<a href="{esc(cell.href)}">{text}</a>'
        out.append(f'<th scope="row">{text}</th>' if i == 0 else f"<td>{text}</td>")
    return f"<tr>{''.join(out)}</tr>"


def figure(
    chart_id: str,
    *,
    kind: str,
    title: str,
    description: str,
    height: float,
    drawing: Iterable[str],
    table_html: str,
    legend: str = "",
) -> Markup:
    """The figure: the SVG picture (title and description referenced by id, a viewBox
    and no fixed size, so it scales to its column), a legend, and the table in a
    ``<details>``."""
    cid = check_id(chart_id)
    body = "".join(drawing)
    # The patterns a fill uses (the legend's swatches too), and only those.
    used = patterns(cid, body + legend)
    defs = f"<defs>{used}</defs>" if used else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ix-chart__svg"'
        f' viewBox="0 0 {WIDTH} {at(height)}" role="img"'
        f' aria-labelledby="{cid}-title" aria-describedby="{cid}-desc">'
        f'<title id="{cid}-title">{esc(title)}</title>'
        f'<desc id="{cid}-desc">{esc(description)}</desc>'
        f"{defs}{body}</svg>"
    )
    summary = esc(_("The figures as a table"))
    return Markup(
        f'<figure class="ix-chart ix-chart--{kind}" id="{cid}">'
        f'<figcaption class="ix-chart__title">{esc(title)}</figcaption>{svg}{legend}'
        f'<details class="ix-chart__data"><summary>{summary}</summary>{table_html}'
        "</details></figure>"
    )


def legend(items: Iterable[tuple[str, str]]) -> str:
    """A legend below the picture: (swatch SVG, words) pairs, as an HTML list, so the
    words wrap and are read as text."""
    entries = "".join(
        f'<li><svg viewBox="0 0 16 16" class="ix-chart__key" aria-hidden="true">{swatch}</svg>'
        f"{esc(words)}</li>"
        for swatch, words in items
    )
    return f'<ul class="ix-chart__legend">{entries}</ul>'
