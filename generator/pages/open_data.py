"""The "Open data" page: every file the exports publish, where it is, and how to use it.

The page lists what ``generator.exports`` writes, from the exports' own path
constants, so a renamed or new output cannot be left undocumented (a test reads
the built site and fails on a published file the page does not name).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from generator.catalog import Catalog
from generator.exports import api, csv_files, dcat, embeds, feeds
from generator.i18n import N_, _
from generator.pages import urls

URL = "open-data/"


@dataclass(frozen=True)
class Output:
    what: str  # translated
    path: str  # a site path; "{id}" stands for an innovation's id, "{term}" for a term's
    format: str  # a media type
    schema: str | None = None  # site path of its JSON Schema


_JSON = "application/json"
#: (group heading, its outputs), in the order the page shows them.
_GROUPS = (
    (
        "json",
        N_("JSON API"),
        (
            (N_("All innovations, with the fields a list needs"), api.INDEX, "index"),
            (
                N_("One innovation in full, with its case studies"),
                f"{api.INNOVATIONS}{{id}}.json",
                "innovation",
            ),
            (N_("All case studies"), api.CASE_STUDIES, "case-studies"),
            (N_("Published scouts"), api.SCOUTS, "scouts"),
            (
                N_("Vocabularies, with how many innovations use each term"),
                api.VOCABULARIES,
                "vocabularies",
            ),
            (N_("Statistics of the catalogue"), api.STATS, "stats"),
        ),
    ),
)


def outputs() -> list[tuple[str, str, list[Output]]]:
    """The published outputs, grouped (an anchor, a heading, the outputs), in the active
    language."""
    groups = [
        (
            anchor,
            _(heading),
            [
                Output(_(what), path, _JSON, f"{api.SCHEMAS}{schema}.schema.json")
                for what, path, schema in items
            ],
        )
        for anchor, heading, items in _GROUPS
    ]
    groups.append(
        (
            "csv",
            _("Spreadsheets (CSV)"),
            [
                Output(_("Innovations"), csv_files.INNOVATIONS_CSV, "text/csv"),
                Output(_("Case studies"), csv_files.CASE_STUDIES_CSV, "text/csv"),
            ],
        )
    )
    groups.append(
        (
            "feeds",
            _("Feeds"),
            [
                Output(
                    _("New and updated innovations and case studies (Atom)"),
                    feeds.ALL_ATOM,
                    "application/atom+xml",
                ),
                Output(_("The same as a JSON Feed"), feeds.ALL_JSON, "application/feed+json"),
                Output(
                    _("The feed of one region (Atom)"),
                    feeds.term_path("regions", "{term}"),
                    "application/atom+xml",
                ),
                Output(
                    _("The feed of one clinical area (Atom)"),
                    feeds.term_path("clinical-areas", "{term}"),
                    "application/atom+xml",
                ),
            ],
        )
    )
    groups.append(
        (
            "dcat",
            _("For data portals (DCAT-AP)"),
            [
                Output(
                    _("The catalogue described in DCAT-AP (Turtle)"), dcat.TURTLE, "text/turtle"
                ),
                Output(_("The same in JSON-LD"), dcat.JSON_LD, "application/ld+json"),
            ],
        )
    )
    groups.append(
        (
            "embeds",
            _("Embeds for other websites"),
            [
                Output(
                    _("A list of innovations, filtered as on the browse page"),
                    embeds.LIST,
                    "text/html",
                ),
                Output(_("One innovation's card"), urls.embed_card("{id}"), "text/html"),
            ],
        )
    )
    return groups


def context(catalog: Catalog, site_url: str) -> dict[str, Any]:
    """What the page's template needs: the outputs, and command lines that use them."""
    # Quoted for the shell: the address comes from $SITE_URL, and readers copy these.
    index = shlex.quote(urljoin(site_url, api.INDEX))
    regions = catalog.popular_terms("regions", 1)
    region = (
        f"curl -s {index} | jq -r '.innovations[] | "
        f'select(.regions | index("{regions[0].id}")) | .title\''
        if regions
        else None
    )
    return {
        "groups": outputs(),
        "commands": {"titles": f"curl -s {index} | jq -r '.innovations[].title'", "region": region},
        "csv_url": urljoin(site_url, csv_files.INNOVATIONS_CSV),
    }
