"""The "Insights" page (``insights/``): the whole exchange in a few pictures.

Innovations by stage, evidence level, clinical area and region; adoptions per year;
how fresh reviews are. Each chart's table links every number to the browse view
filtered to it: a vocabulary's facet, or one of the filters browse derives from dates
(generator/pages/facets.py), so a reader can go from a bar to the innovations it
counts. The counts come from what the catalogue already holds (each term's
innovations, adoptions per year) plus one pass over the innovations for the
reviews: linear in the number of entries, once per build. The pictures are drawn
by generator/pages/charts; this module only chooses what to count and where each
number leads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.catalog import Catalog
from generator.i18n import _, ngettext
from generator.i18n.formatting import in_sentence, number
from generator.models import REVIEW_MONTHS
from generator.pages import urls
from generator.pages.charts import Bar, bar_chart, region_map
from generator.pages.charts.bars import SHOWN
from generator.pages.facets import (
    ADOPTED,
    FRESHNESS,
    REVIEW,
    freshness_label,
    year_id,
    year_label,
)

if TYPE_CHECKING:
    from generator.pages.build import Page, SiteBuilder

#: Clinical areas drawn as bars; the table lists every area in use.
TOP_AREAS = 10
#: A run of years drawn with the empty years between them (longer runs: used years only).
YEAR_SPAN = 50


@dataclass(frozen=True)
class Section:
    """One chart with the heading it sits under (``id``: the heading's anchor)."""

    id: str
    heading: str
    charts: tuple[Markup, ...]


class Browse:
    """Links from the Insights page to browse, filtered: ``../browse/?stages=spreading``."""

    def __init__(self) -> None:
        self.link = urls.Linker(urls.INSIGHTS)

    def __call__(self, name: str, value: str) -> str:
        return self.link(urls.browse_filtered(name, value))


def term_bars(catalog: Catalog, vocab: str, browse: Browse, *, most_first: bool) -> list[Bar]:
    """A bar per term: how many innovations have it, linked to browse filtered to it
    (no link for none). In vocabulary order (a scale such as stages), or the terms in
    use, most first."""
    terms = list(catalog.terms.get(vocab, {}).values())
    if most_first:
        terms = sorted((t for t in terms if t.innovations), key=lambda t: -len(t.innovations))
    return [
        Bar(t.label, len(t.innovations), browse(vocab, t.id) if t.innovations else None)
        for t in terms
    ]


def year_bars(catalog: Catalog, browse: Browse) -> list[Bar]:
    """Adoptions per year, newest first, with the empty years between (when the years
    span fewer than YEAR_SPAN), then the adoptions without a date."""
    counts = catalog.adoptions_by_year
    years = [y for y in counts if y is not None]
    if years and max(years) - min(years) < YEAR_SPAN:
        years = list(range(max(years), min(years) - 1, -1))
    listed: list[int | None] = [*years, *([None] if None in counts else [])]
    return [
        Bar(year_label(y), counts.get(y, 0), browse(ADOPTED, year_id(y)) if y in counts else None)
        for y in listed
    ]


def freshness_bars(catalog: Catalog, browse: Browse) -> list[Bar]:
    """Innovations by how long ago they were reviewed, freshest first."""
    counts = Counter(catalog.freshness(e) for e in catalog.innovations)
    return [
        Bar(freshness_label(f), counts[f], browse(REVIEW, f) if counts[f] else None)
        for f in FRESHNESS
    ]


def _vocabulary_section(
    catalog: Catalog,
    vocab: str,
    anchor: str,
    browse: Browse,
    *,
    one_each: bool,
    shown: int = SHOWN,
) -> Section | None:
    """Innovations by the terms of one vocabulary: ``one_each`` for a scale each
    innovation has one value of (stage, evidence level), in the vocabulary's order;
    otherwise the terms in use, most first (an innovation may count under several)."""
    if vocab not in catalog.vocabularies:
        return None
    label = catalog.vocabularies[vocab].label
    name = in_sentence(label)
    bars = term_bars(catalog, vocab, browse, most_first=not one_each)
    top = max(bars, key=lambda b: b.value, default=None)
    most = ""
    if top is not None and top.value:
        # Translators: ends a chart's description, e.g. "The most common is Spreading: 6 of 19."
        most = " " + _(
            "The most common is {term}: {count} of {total}.",
            term=top.label,
            count=number(top.value),
            total=number(len(catalog.innovations)),
        )
    if one_each:
        # Translators: {vocabulary} is a vocabulary's name in a sentence, e.g. "stage".
        about = _(
            "How many innovations have each {vocabulary}, in the order of the vocabulary.",
            vocabulary=name,
        )
    else:
        about = _(
            "How many innovations name each {vocabulary}, most first; an innovation can name "
            "several.",
            vocabulary=name,
        )
    # Translators: a chart's title, e.g. "Innovations by clinical area".
    title = _("Innovations by {vocabulary}", vocabulary=name)
    charts = []
    if vocab == "regions":
        values = {t.id: len(t.innovations) for t in catalog.terms[vocab].values()}
        drawn = region_map(
            catalog.vocabularies[vocab].terms,
            values,
            chart_id="insights-region-map",
            # Translators: the title of a map of the regions, e.g. "Innovations by region: map".
            title=_("{title}: map", title=title),
            description=_(
                "The regions on a map, each filled and numbered with how many innovations name it."
            )
            + most,
            href=lambda term_id: browse(vocab, term_id) if values.get(term_id) else None,
            value_label=_("Filled, with a number: how many innovations"),
            value_header=_("Innovations"),
        )
        if drawn is not None:
            charts.append(drawn)
    charts.append(
        bar_chart(
            bars,
            chart_id=f"insights-{anchor}",
            title=title,
            description=about + most,
            label_header=label,
            value_header=_("Innovations"),
            shown=shown,
        )
    )
    return Section(anchor, label, tuple(charts))


def _adoptions_section(catalog: Catalog, browse: Browse) -> Section:
    bars = year_bars(catalog, browse)
    undated = catalog.adoptions_by_year.get(None, 0)
    about = _(
        "How many adoptions (case studies) began in each year, newest first. In the table, "
        "each year links to the innovations adopted that year."
    )
    if undated:
        about += " " + ngettext(
            "{n} adoption gives no date: the table counts it as not recorded.",
            "{n} adoptions give no date: the table counts them as not recorded.",
            undated,
        )
    chart = bar_chart(
        bars,
        chart_id="insights-adoptions",
        title=_("Adoptions per year"),
        description=about,
        label_header=_("Year adopted"),
        value_header=_("Adoptions"),
        # The undated adoptions are listed in the table, not drawn as a year.
        shown=len(bars) - (1 if undated else 0),
    )
    return Section("adoptions", _("Adoptions per year"), (chart,))


def _reviews_section(catalog: Catalog, browse: Browse) -> Section:
    about = ngettext(
        "How long ago each innovation was last reviewed; a review is due every {n} month.",
        "How long ago each innovation was last reviewed; a review is due every {n} months.",
        REVIEW_MONTHS,
    )
    chart = bar_chart(
        freshness_bars(catalog, browse),
        chart_id="insights-reviews",
        title=_("How fresh the reviews are"),
        description=about,
        label_header=_("Last review"),
        value_header=_("Innovations"),
    )
    return Section("reviews", _("Reviews"), (chart,))


def sections(catalog: Catalog) -> list[Section]:
    """The page's charts, in the order shown; none for an exchange with no innovations."""
    if not catalog.innovations:
        return []
    browse = Browse()
    found = [
        _vocabulary_section(catalog, "stages", "stages", browse, one_each=True),
        _vocabulary_section(catalog, "evidence-levels", "evidence", browse, one_each=True),
        _vocabulary_section(
            catalog, "clinical-areas", "clinical-areas", browse, one_each=False, shown=TOP_AREAS
        ),
        _vocabulary_section(catalog, "regions", "regions", browse, one_each=False),
        _adoptions_section(catalog, browse),
        _reviews_section(catalog, browse),
    ]
    return [s for s in found if s is not None]


def context(builder: SiteBuilder) -> dict[str, Any]:
    catalog = builder.catalog
    entries = (*catalog.innovations, *catalog.case_studies)
    return {
        "title": _("Insights"),
        "sections": sections(catalog),
        # The pictures count invented examples too: the page says how many.
        "illustrative": sum(e.fields.illustrative for e in entries),
    }


def page(builder: SiteBuilder) -> Page:
    """The page, built fresh each time (one page, a few milliseconds) and not indexed
    by Pagefind (its words are counts, which search would only clutter)."""
    from generator.pages.build import Page  # build.py imports this module

    values = context(builder)
    html = builder.render("insights", urls.INSIGHTS, **values)
    return Page(urls.INSIGHTS, values["title"], html, "listing", searchable=False)
