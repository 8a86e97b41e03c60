"""The "Compare" page (``compare/``): two to four innovations side by side.

The page itself holds no entry: which innovations it compares is in its address
(``?ids=a,b``), so a comparison can be shared, and the browser builds the table
from the open data the build already writes (``api/v1/innovations/<id>.json``
and ``vocabularies.json``). One static page, whatever the size of the catalogue;
without JavaScript it explains itself and sends the reader to browse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator import i18n
from generator.i18n import _
from generator.pages import urls

if TYPE_CHECKING:
    from generator.pages.build import Page, SiteBuilder

#: The most innovations one comparison shows (compare.js and the "Add to compare"
#: buttons read it from the page, or use the same number).
MOST = 4


def context(builder: SiteBuilder) -> dict[str, Any]:
    """What the template needs: where the data is, relative to the page (the site may
    be served from a sub-path or copied), and how to write numbers and money."""
    # Imported here: the exports build on the pages' module, as the open-data page says.
    from generator.exports import api

    link = urls.Linker(urls.COMPARE)
    return {
        "title": _("Compare innovations"),
        "most": MOST,
        "data_urls": {
            "innovations": link(api.INNOVATIONS),
            "index": link(api.INDEX),
            "vocabularies": link(api.VOCABULARIES),
            "pages": link(urls.innovation("")),
        },
        # Intl's locale: the one Babel writes the other pages' dates and money in.
        "locale": i18n.language_tag(str(i18n.babel_locale())),
        "currency": builder.settings.exchange.currency,
    }


def page(builder: SiteBuilder) -> Page:
    """The page, not indexed by Pagefind (it has no content of its own to find)."""
    from generator.pages.build import Page  # build.py imports this module

    values = context(builder)
    html = builder.render("compare", urls.COMPARE, **values)
    return Page(urls.COMPARE, values["title"], html, "listing", searchable=False, hide=("toc",))
