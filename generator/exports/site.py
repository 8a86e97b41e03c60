"""What every export knows besides the catalogue: where the site is published, its
name and languages, its licence, and the entries' bodies as the pages render them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.catalog import Catalog
from generator.loader.content import Entry
from generator.pages import urls

#: Where the JSON API, its schemas, the CSV files and the DCAT description live.
#: A later, incompatible format goes beside it as v2; v1 stays as it is.
API = "api/v1/"
#: Where the site is served when nothing says otherwise (``mkdocs serve``).
LOCAL_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class PublishedSite:
    catalog: Catalog
    #: The absolute address of the site's root, ending in "/" (MkDocs' ``site_url``).
    site_url: str = LOCAL_URL
    site_name: str = ""
    description: str = ""
    #: The interface language (Material's ``theme.language``), a BCP 47 code.
    language: str = "en"
    #: The licence line of the site (MkDocs' ``copyright``), shown as written.
    licence: str = ""
    #: Site path of an entry page -> its body (a scout's bio) as rendered HTML.
    bodies: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    def url(self, path: str) -> str:
        """The absolute address of a site path such as ``innovations/x/`` (site paths
        are relative and made from validated ids: no urljoin, which costs ten times as
        much, tens of thousands of times per build)."""
        return self.site_url + path

    def page_path(self, entry: Entry) -> str:
        if entry.kind == "innovation":
            return urls.innovation(entry.id)
        if entry.kind == "case-study":
            return urls.case_study(entry.innovation_id or "", entry.id)
        return urls.scout(entry.id)

    def body_html(self, entry: Entry) -> str | None:
        return self.bodies.get(self.page_path(entry))

    @property
    def content_language(self) -> str:
        return self.catalog.exchange.language


@dataclass(frozen=True)
class OutputFile:
    """One file an export publishes, at a site path such as ``api/v1/index.json``."""

    path: str
    content: bytes
