"""Page kind "readiness checklist": the exchange's pathway (``content/pathway.yml``) as
one standalone page at ``checklist/``, in the adoption pack's lean print-first layout.

Every pack used to carry the whole checklist, the same 11 KB in each (115 MB of a
10,000-innovation site): now a pack holds a link here, and with JavaScript
``checklist.js`` fetches this page and shows its ``[data-ix-checklist]`` part in the pack
(answers still kept per innovation). So that part must read the same in both places: no
heading of its own (the pack's section and this page's ``<h1>`` both have the id
``ix-readiness``), only absolute addresses, no script. Written with the packs (see
``adoption.files``), without the theme and outside Pagefind's index. No MkDocs import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.catalog import Catalog
from generator.exports.site import OutputFile, PublishedSite
from generator.mkdocs_plugin.compact import compact
from generator.pages import urls
from generator.pages.build import environment

TEMPLATE = "checklist.html.j2"
#: The page's script: the checkboxes, Export, Print and Clear (the same as in a pack).
SCRIPT = "assets/exchange/checklist.js"


def address(catalog: Catalog) -> str | None:
    """The checklist page's site path, or None: the exchange has no pathway."""
    return urls.CHECKLIST if catalog.pathway is not None else None


def page(site: PublishedSite, common: Mapping[str, Any]) -> OutputFile | None:
    """``checklist/index.html`` (None without a pathway), from the context every pack
    shares (``common``: the site's name, languages, the catalogue)."""
    pathway = site.catalog.pathway
    if pathway is None:
        return None
    link = urls.Linker(urls.CHECKLIST)
    html = (
        environment()
        .get_template(TEMPLATE)
        .render(
            **common,
            link=link,
            root=link(""),
            canonical=site.url(urls.CHECKLIST),
            description=pathway.description or pathway.title,
            script=link(SCRIPT),
        )
    )
    return OutputFile(f"{urls.CHECKLIST}index.html", compact(html, link("")).encode("utf-8"))


__all__ = ["address", "page"]
