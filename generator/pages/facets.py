"""What the faceted browsers need: the Pagefind filters an innovation's page
declares, and the facets and sorts ``browse.js`` offers on the browse page and
the scout directory.

A sort with a ``key`` orders the results by that key of ``exchange-sorts.json``
(generator/search/merge.py). The sort without one is *relevance*: Pagefind's own
order, by score, which exists only when there are words to score. ``browse.js``
offers it, and makes it the default, while the search box has words; without
them the default is the first sort with a key.
"""

from __future__ import annotations

from typing import Any

from generator.catalog import FACETS, Catalog, facet_values
from generator.i18n import pgettext
from generator.loader.content import Entry


def pagefind_filters(catalog: Catalog, entry: Entry) -> list[tuple[str, list[str]]]:
    """Pagefind filter values (term labels) of an innovation, per facet."""
    return [
        (vocab, [catalog.label(vocab, t) for t in facet_values(entry, vocab)])
        for vocab, _unused in FACETS
        if vocab in catalog.vocabularies
    ]


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
        ],
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
