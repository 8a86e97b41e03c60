"""What every export knows besides the catalogue: where the site is published, its
name and languages, its licence, and the entries' bodies as the pages render them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.catalog import Catalog
from generator.i18n import _
from generator.loader.content import Entry
from generator.pages import urls

#: Where the JSON API, its schemas, the CSV files and the DCAT description live.
#: A later, incompatible format goes beside it as v2; v1 stays as it is.
API = "api/v1/"
#: Where the site is served when nothing says otherwise (``mkdocs serve``).
LOCAL_URL = "http://127.0.0.1:8000/"


_URL = re.compile(r"https://[^\s<>\"']+")
_CC = re.compile(
    r"\bCC[\s-]*BY(?P<terms>(?:[\s-]*(?:NC|SA|ND))*)[\s-]*(?P<version>[1-4]\.[05])\b", re.I
)
_CC0 = re.compile(r"\bCC[\s-]*(?:0|ZERO)\b", re.I)
_OGL = re.compile(r"\b(?:OGL|Open Government Licence)\b", re.I)


def licence_uri(text: str) -> str | None:
    """The address of the one licence the site's licence line names (MkDocs'
    ``copyright``), or None (none, or several): an https address written in it, else a
    Creative Commons licence, CC0 or the UK Open Government Licence named in it. One
    rule for every output (DCAT, JSON-LD), so they never disagree."""
    addresses = {m[0].rstrip(".,;)") for m in _URL.finditer(text)}
    if addresses:
        return addresses.pop() if len(addresses) == 1 else None
    found: set[str] = set()
    for match in _CC.finditer(text):
        terms = [t.lower() for t in ("NC", "SA", "ND") if t in match["terms"].upper()]
        found.add(
            f"https://creativecommons.org/licenses/{'-'.join(['by', *terms])}/{match['version']}/"
        )
    if _CC0.search(text):
        found.add("https://creativecommons.org/publicdomain/zero/1.0/")
    if _OGL.search(text):
        found.add("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
    return found.pop() if len(found) == 1 else None


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
    #: Whether every innovation has an adoption pack (the embeds link to it).
    adoption_packs: bool = True
    #: Site path of an entry page -> its body (a scout's bio) as rendered HTML.
    bodies: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    @property
    def name(self) -> str:
        """The site's name: its own, else "Innovation Exchange" in the active language."""
        return self.site_name or _("Innovation Exchange")

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


#: A site's address as the open data writes it into HTML, XML, JSON and RDF: http(s),
#: a host, a port, a path of RFC 3986's plain characters; no query or fragment.
_SITE_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@-]*)*", re.ASCII
)


def check_site_url(site_url: str | None) -> None:
    """site_url comes from $SITE_URL, which anyone running the build may set: refuse what
    would not be one plain address everywhere it is written (RDF refuses quotes, say)."""
    if site_url and not _SITE_URL.fullmatch(site_url):
        raise ValueError(
            _(
                "site_url (from $SITE_URL or mkdocs.yml) must be the http or https address "
                "of the site's folder, without spaces, double quotes, angle brackets, braces, a "
                "query or a fragment: {url}",
                url=repr(site_url[:200]),
            )
        )
