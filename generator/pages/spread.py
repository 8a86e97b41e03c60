"""An innovation's spread, drawn: its timeline and the map of the regions it reached.

The data gathering of the two pictures on each innovation page (the drawing is in
:mod:`generator.pages.charts`): plain lookups in the catalogue, so it costs little
more than the strings it writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from generator.catalog import Catalog
from generator.i18n import _
from generator.loader.content import Entry
from generator.models import Innovation
from generator.pages import urls
from generator.pages.charts import Event, region_map, timeline


@dataclass(frozen=True)
class Spread:
    """The pictures an innovation page shows (None: not shown)."""

    timeline: Markup | None = None
    map: Markup | None = None


def spread(catalog: Catalog, entry: Entry, link: Callable[[str], str]) -> Spread:
    """The timeline when it has two dated events or more, the map when a region it
    reached has a position; ``link`` makes a site path relative to the page."""
    f = entry.fields
    adoptions = catalog.case_studies_of.get(entry.id, [])
    return Spread(_timeline(catalog, entry, adoptions, link), _map(catalog, f, adoptions, link))


def _timeline(
    catalog: Catalog, entry: Entry, adoptions: list[Entry], link: Callable[[str], str]
) -> Markup | None:
    f = entry.fields
    events = []
    if f.started:
        events.append(Event(f.started, f.organisation.name, "started"))
    for cs in adoptions:
        if cs.fields.adopted:
            where = catalog.label("regions", cs.fields.region)
            events.append(
                Event(
                    cs.fields.adopted,
                    f"{cs.fields.organisation.name}, {where}",
                    "adopted",
                    link(urls.case_study(entry.id, cs.id)),
                )
            )
    if f.ended:
        events.append(Event(f.ended, f.organisation.name, "ended"))
    if len(events) < 2:
        return None
    return timeline(
        events,
        chart_id="spread-timeline",
        title=_("Timeline"),
        description=_(
            "When {innovation} started and when each organisation adopted it, one row per "
            "event, on a time axis in years.",
            innovation=f.title,
        ),
    )


def _map(
    catalog: Catalog, f: Innovation, adoptions: list[Entry], link: Callable[[str], str]
) -> Markup | None:
    vocabulary = catalog.vocabularies.get("regions")
    if vocabulary is None:
        return None
    counts: dict[str, int] = {}
    for cs in adoptions:
        counts[cs.fields.region] = counts.get(cs.fields.region, 0) + 1
    own = set(f.regions)
    reached = own | counts.keys()
    if not any(t.id in reached and (t.tile or t.coordinates) for t in vocabulary.terms):
        return None
    return region_map(
        vocabulary.terms,
        counts,
        chart_id="spread-map",
        title=_("Regions reached"),
        description=_(
            "A map of the regions: filled where an organisation adopted it, with the number "
            "of adoptions; hatched where it is used by the team that leads it."
        ),
        href=lambda term: link(urls.term("regions", term)),
        marked=own,
        # Translators: the regions an innovation lists as its own (a map legend and a
        # table column).
        marked_label=_("Where it is used"),
        value_label=_("Filled, with a number: adoptions (case studies)"),
        value_header=_("Adoptions"),
    )
