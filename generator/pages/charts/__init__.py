"""Charts drawn at build time: pure data -> SVG functions, no script in the browser.

Each chart returns one ``<figure>``: an SVG picture (``role="img"``, its ``<title>`` and
``<desc>`` referenced by id) and the same figures as a table. The SVG is a picture, not a
widget: assistive technology reads it as one image, whose content is presentational, so
it holds no links (a link inside ``role="img"`` is a nested interactive control, even with
``tabindex="-1"``). The ``href`` of a bar, an event or a region is a link in the table,
where the mouse, the keyboard and screen readers all reach it.
"""

from generator.pages.charts.bars import Bar, bar_chart
from generator.pages.charts.region_map import region_map
from generator.pages.charts.timeline import Event, timeline

__all__ = ["Bar", "Event", "bar_chart", "region_map", "timeline"]
