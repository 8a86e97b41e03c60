"""What the faceted browsers need: the Pagefind filters an innovation's page
declares, and the facets and sorts ``browse.js`` offers on the browse page and
the scout directory.

Besides the vocabularies, browse filters innovations by two facts derived from
dates, which the Insights page links to: the years of their adoptions
(``?adopted=2024``) and how fresh their review is (``?review=overdue``). Each
innovation's page declares them as Pagefind filters like the terms, so they
combine and count like any facet.

A sort with a ``key`` orders the results by that key of ``exchange-sorts.json``
(generator/search/merge.py). The sort without one is *relevance*: Pagefind's own
order, by score, which exists only when there are words to score. ``browse.js``
offers it, and makes it the default, while the search box has words; without
them the default is the first sort with a key.
"""

from __future__ import annotations

from typing import Any

from generator.catalog import FACETS, Catalog, adoption_year, facet_values
from generator.i18n import _, ngettext, pgettext
from generator.loader.content import Entry
from generator.models import REVIEW_MONTHS

#: The derived filters' names, as in browse's address.
ADOPTED = "adopted"
REVIEW = "review"
#: The ``adopted`` filter's value for innovations with a case study that gives no date.
NOT_RECORDED = "not-recorded"
#: The ``review`` filter's values (Catalog.freshness), freshest first.
FRESHNESS = ("recent", "due", "overdue")


def year_id(year: int | None) -> str:
    """A year of adoption as browse's address writes it."""
    return NOT_RECORDED if year is None else str(year)


def year_label(year: int | None) -> str:
    """A year of adoption as the pages show it (and Pagefind filters by)."""
    return _("Date not recorded") if year is None else str(year)


def freshness_label(freshness: str) -> str:
    """The words for a review's freshness (Catalog.freshness)."""
    half = REVIEW_MONTHS // 2
    if freshness == "recent":
        return ngettext("Reviewed in the last {n} month", "Reviewed in the last {n} months", half)
    if freshness == "due":
        # Translators: how long ago an innovation was last reviewed, e.g. "6 to 12 months ago".
        return _("Reviewed {start} to {end} months ago", start=half, end=REVIEW_MONTHS)
    return _("Review overdue")


def pagefind_filters(catalog: Catalog, entry: Entry) -> list[tuple[str, list[str]]]:
    """Pagefind filter values (term labels) of an innovation, per facet, then the
    derived filters' values."""
    filters = [
        (vocab, [catalog.label(vocab, t) for t in facet_values(entry, vocab)])
        for vocab, _unused in FACETS
        if vocab in catalog.vocabularies
    ]
    years = {adoption_year(cs) for cs in catalog.case_studies_of.get(entry.id, ())}
    if years:
        ordered = sorted(years, key=lambda y: -1 if y is None else -y)
        filters.append((ADOPTED, [year_label(y) for y in ordered]))
    filters.append((REVIEW, [freshness_label(catalog.freshness(entry))]))
    return filters


def derived_facets(catalog: Catalog) -> list[dict[str, Any]]:
    """Browse's facets for the derived filters: the years with an adoption (newest
    first, then "date not recorded"), and the review's freshness."""
    facets = []
    if catalog.adoptions_by_year:
        years = [{"id": year_id(y), "label": year_label(y)} for y in catalog.adoptions_by_year]
        # Translators: a filter of the browse page: the years innovations were adopted in.
        facets.append({"name": ADOPTED, "label": pgettext("facet", "Adopted in"), "terms": years})
    review = [{"id": f, "label": freshness_label(f)} for f in FRESHNESS]
    # Translators: a filter of the browse page: how long ago innovations were reviewed.
    facets.append({"name": REVIEW, "label": pgettext("facet", "Last review"), "terms": review})
    return facets


def _relevance() -> dict[str, Any]:
    # Translators: a sort order of search results: the best matches first.
    return {"id": "relevance", "label": pgettext("sort", "Relevance"), "key": None}


def browse_data(catalog: Catalog) -> dict[str, Any]:
    """What browse.js needs: ``id`` names the list (its element ids and its words
    are chosen by it), ``kind`` is the Pagefind filter value the pages declare."""
    return {
        "id": "innovation",
        "kind": pgettext("kind", "Innovation"),
        "facets": [
            {
                "name": vocab,
                "label": catalog.vocabularies[vocab].label,
                "terms": [
                    {"id": t.id, "label": t.label} for t in catalog.vocabularies[vocab].terms
                ],
            }
            for vocab, _unused in FACETS
            if vocab in catalog.vocabularies
        ]
        + derived_facets(catalog),
        "sorts": [
            _relevance(),
            {
                "id": "title",
                "label": pgettext("sort", "Title (A to Z)"),
                "key": "title",
                "order": "asc",
            },
            {
                "id": "newest",
                "label": pgettext("sort", "Newest (last reviewed)"),
                "key": "reviewed",
                "order": "desc",
            },
            {
                "id": "adopted",
                "label": pgettext("sort", "Most adopted"),
                "key": "adoptions",
                "order": "desc",
            },
        ],
    }


def scout_data(catalog: Catalog) -> dict[str, Any]:
    interests = [
        {"id": t.id, "label": t.label}
        for vocab in ("clinical-areas", "innovation-types")
        if vocab in catalog.vocabularies
        for t in catalog.vocabularies[vocab].terms
    ]
    regions = catalog.vocabularies.get("regions")
    return {
        "id": "scout",
        "kind": pgettext("kind", "Scout"),
        "facets": [
            {
                "name": "scout-region",
                "label": pgettext("facet", "Region"),
                "terms": [{"id": t.id, "label": t.label} for t in regions.terms] if regions else [],
            },
            {"name": "interest", "label": pgettext("facet", "Interest"), "terms": interests},
        ],
        "sorts": [
            _relevance(),
            {
                "id": "name",
                "label": pgettext("sort", "Name (A to Z)"),
                "key": "title",
                "order": "asc",
            },
        ],
    }
