"""The DCAT-AP 3.0 description of the catalogue, for open-data portals to harvest.

EU portals (data.europa.eu and the national ones) list a site's open data by
harvesting a DCAT-AP description of it. This one says: a ``dcat:Catalog`` (the
exchange) holds one ``dcat:Dataset`` (its innovations and their case studies),
published as four ``dcat:Distribution``: the JSON index, the two CSV files and
the Atom feed. It is written twice, as Turtle and as JSON-LD, from one rdflib
graph, so both say the same.

Every resource has an IRI minted under the description's own address
(``…/api/v1/catalog.ttl#catalog``): no blank nodes, so a harvester sees the same
names each time. Authority IRIs (EU languages, countries, file types, the data
theme HEAL, planned availability) are used where they exist; each is typed in
the graph as DCAT-AP's shapes expect its range to be, because a harvester
validates what it reads, not what the vocabulary's own files say.

Dates come from the content (the newest ``last_reviewed``), never the build's
clock, so the same content gives byte-identical files. There is no ``issued``:
no field says when an entry was first published, and the oldest
``last_reviewed`` moves on as entries are reviewed, which an issue date must not.

The licence is read from the site's ``copyright`` line, free text: one Creative
Commons licence named in it ("CC BY 4.0", "CC BY-SA 4.0", "CC0") or the UK Open
Government Licence becomes that licence's IRI; anything else (or two licences)
becomes a licence document of our own whose label is the line as written. The
whole line is also the catalogue's rights statement, since it may add
conditions ("unless an entry says otherwise") that a licence IRI cannot say.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from generator.exports import api, csv_files, feeds
from generator.exports.site import API, OutputFile, PublishedSite, licence_uri
from generator.i18n import N_, in_language

TURTLE = f"{API}catalog.ttl"
JSON_LD = f"{API}catalog.jsonld"

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatap": DCATAP,
    "foaf": FOAF,
    "rdfs": RDFS,
    "skos": SKOS,
    "vcard": VCARD,
    "xsd": XSD,
}


def _table(pairs: str) -> dict[str, str]:
    """``"a:b c:d"`` as ``{"a": "b", "c": "d"}`` (long code tables kept short)."""
    return dict(pair.split(":", 1) for pair in pairs.split())


#: ISO 639-1 -> the EU Publications Office's language authority code.
EU_LANGUAGES = _table(
    "bg:BUL ca:CAT cs:CES cy:CYM da:DAN de:DEU el:ELL en:ENG es:SPA et:EST eu:EUS fi:FIN "
    "fr:FRA ga:GLE gl:GLG hr:HRV hu:HUN is:ISL it:ITA lb:LTZ lt:LIT lv:LAV mk:MKD mt:MLT "
    "nl:NLD no:NOR nb:NOB nn:NNO pl:POL pt:POR ro:RON sk:SLK sl:SLV sq:SQI sr:SRP sv:SWE "
    "tr:TUR uk:UKR"
)
#: ISO 3166 alpha-2 -> the EU country authority code (alpha-3), for Europe and a few more.
EU_COUNTRIES = _table(
    "AD:AND AL:ALB AT:AUT AU:AUS BA:BIH BE:BEL BG:BGR CA:CAN CH:CHE CY:CYP CZ:CZE DE:DEU "
    "DK:DNK EE:EST ES:ESP FI:FIN FR:FRA GB:GBR GR:GRC HR:HRV HU:HUN IE:IRL IS:ISL IT:ITA "
    "LI:LIE LT:LTU LU:LUX LV:LVA MC:MCO MD:MDA ME:MNE MK:MKD MT:MLT NL:NLD NO:NOR NZ:NZL "
    "PL:POL PT:PRT RO:ROU RS:SRB SE:SWE SI:SVN SK:SVK SM:SMR TR:TUR UA:UKR US:USA"
)


def _newest(dates: Iterable[str]) -> str | None:
    """The latest of content dates ("2024", "2024-05" or "2024-05-01"): ISO text sorts
    as the dates do, a month before its first day."""
    return max(dates, default=None)


#: The XML Schema type of a content date, by its length.
_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


class _Description:
    """The graph of one site's description, built in one pass over the catalogue."""

    def __init__(self, site: PublishedSite) -> None:
        self.site = site
        self.base = site.url(TURTLE)
        self.language = site.content_language
        self.graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    # --- helpers --------------------------------------------------------------------

    def iri(self, name: str) -> URIRef:
        return URIRef(f"{self.base}#{name}")

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> None:
        self.graph.add((subject, predicate, value))

    def typed(self, iri: str, *classes: URIRef) -> URIRef:
        """An outside IRI, typed as the shapes expect the range it is used in to be."""
        node = URIRef(iri)
        for cls in classes:
            self.add(node, RDF.type, cls)
        return node

    def text(self, value: str) -> Literal:
        """Words from the site's settings or content: in the content language."""
        return Literal(value, lang=self.language)

    def ours(self, message: str, /) -> Literal:
        """Our own words in the content language, tagged with the language they are
        really in: English (the source) while a catalogue lacks the translation."""
        translated = in_language(self.language, message)
        english = translated == message and not self.language.lower().startswith("en")
        return Literal(translated, lang="en" if english else self.language)

    def name(self) -> Literal:
        """The site's name, or ours when it has none (a title is mandatory)."""
        site_name = self.site.site_name
        return self.text(site_name) if site_name else self.ours(N_("Innovation Exchange"))

    def date(self, value: str | None) -> Literal | None:
        return None if value is None else Literal(value, datatype=_DATE_TYPES[len(value)])

    # --- the parts ------------------------------------------------------------------

    def build(self) -> Graph:
        site = self.site
        catalog_node = self.iri("catalog")
        dataset = self.iri("innovations")
        publisher = self.publisher()
        licence = self.licence()
        language = self.language_node()
        spatial = self.spatial_node()
        entries = [*site.catalog.innovations, *site.catalog.case_studies]
        newest = self.date(_newest(e.fields.last_reviewed for e in entries))
        theme_scheme = self.typed(f"{EU}data-theme", SKOS.ConceptScheme)
        self.add(theme_scheme, DCTERMS.title, self.ours(N_("Data theme")))
        health = self.typed(f"{EU}data-theme/HEAL", SKOS.Concept)
        self.add(health, SKOS.prefLabel, self.ours(N_("Health")))
        self.add(health, SKOS.inScheme, theme_scheme)

        self.add(catalog_node, RDF.type, DCAT.Catalog)
        self.add(catalog_node, DCTERMS.title, self.name())
        self.add(
            catalog_node,
            DCTERMS.description,
            self.text(site.description)
            if site.description
            else self.ours(
                N_(
                    "An open catalogue of proven health and care innovations, their adoptions "
                    "elsewhere (case studies) and the innovation scouts who champion them."
                )
            ),
        )
        self.add(catalog_node, DCTERMS.publisher, publisher)
        self.add(catalog_node, FOAF.homepage, self.typed(site.url(""), FOAF.Document))
        self.add(catalog_node, DCAT.dataset, dataset)
        self.add(catalog_node, DCAT.themeTaxonomy, theme_scheme)
        if site.licence:
            rights = self.iri("rights")
            self.add(rights, RDF.type, DCTERMS.RightsStatement)
            self.add(rights, RDFS.label, self.text(site.licence))
            self.add(catalog_node, DCTERMS.rights, rights)

        self.add(dataset, RDF.type, DCAT.Dataset)
        self.add(dataset, DCTERMS.identifier, Literal(str(dataset)))
        self.add(dataset, DCTERMS.title, self.ours(N_("Innovations and case studies")))
        self.add(
            dataset,
            DCTERMS.description,
            self.ours(
                N_(
                    "Every published innovation with its evidence, costs, clinical areas and "
                    "care settings, and every adoption of one elsewhere (a case study)."
                )
            ),
        )
        self.add(dataset, DCTERMS.publisher, publisher)
        self.add(dataset, DCAT.contactPoint, self.contact())
        self.add(dataset, DCAT.landingPage, self.typed(site.url(""), FOAF.Document))
        self.add(dataset, DCAT.theme, health)
        self.add(
            dataset,
            DCTERMS.accessRights,
            self.typed(f"{EU}access-right/PUBLIC", DCTERMS.RightsStatement),
        )
        for keyword in self.keywords():
            self.add(dataset, DCAT.keyword, keyword)

        for node in (catalog_node, dataset):
            for predicate, value in (
                (DCTERMS.language, language),
                (DCTERMS.spatial, spatial),
                (DCTERMS.modified, newest),
                (DCTERMS.license, licence),
            ):
                if value is not None:
                    self.add(node, predicate, value)
        for distribution in self.distributions(licence):
            self.add(dataset, DCAT.distribution, distribution)
        return self.graph

    def publisher(self) -> URIRef:
        node = self.iri("publisher")
        self.add(node, RDF.type, FOAF.Agent)
        self.add(node, FOAF.name, self.name())
        return node

    def contact(self) -> URIRef:
        """The site itself: the only published way to reach the exchange as a whole."""
        node = self.iri("contact")
        self.add(node, RDF.type, VCARD.Kind)
        self.add(node, VCARD.fn, self.name())
        self.add(node, VCARD.hasURL, URIRef(self.site.url("")))
        return node

    def licence(self) -> URIRef | None:
        text = " ".join(self.site.licence.split())
        if not text:
            return None
        known = licence_uri(text)
        if known is not None:
            return self.typed(known, DCTERMS.LicenseDocument)
        node = self.iri("licence")
        self.add(node, RDF.type, DCTERMS.LicenseDocument)
        self.add(node, RDFS.label, self.text(text))
        return node

    def language_node(self) -> URIRef | None:
        code = EU_LANGUAGES.get(self.language.replace("_", "-").split("-")[0].lower())
        return (
            None if code is None else self.typed(f"{EU}language/{code}", DCTERMS.LinguisticSystem)
        )

    def spatial_node(self) -> URIRef | None:
        code = EU_COUNTRIES.get(self.site.catalog.exchange.country.upper())
        return None if code is None else self.typed(f"{EU}country/{code}", DCTERMS.Location)

    def keywords(self) -> list[Literal]:
        """The clinical areas at least one innovation has, in the vocabulary's order."""
        terms = self.site.catalog.terms.get("clinical-areas", {})
        return [self.text(term.label) for term in terms.values() if term.innovations]

    def distributions(self, licence: URIRef | None) -> Iterator[URIRef]:
        catalog = self.site.catalog
        newest_innovation = self.date(_newest(e.fields.last_reviewed for e in catalog.innovations))
        newest_case_study = self.date(_newest(e.fields.last_reviewed for e in catalog.case_studies))
        files = (
            (
                "json",
                api.INDEX,
                "JSON",
                "application/json",
                self.site.url(f"{api.SCHEMAS}index.schema.json"),
                self.ours(N_("Innovations (JSON)")),
                self.ours(
                    N_("The list of innovations of the JSON API; each links to its full record.")
                ),
                newest_innovation,
            ),
            (
                "innovations-csv",
                csv_files.INNOVATIONS_CSV,
                "CSV",
                "text/csv",
                "https://www.rfc-editor.org/rfc/rfc4180",
                self.ours(N_("Innovations (CSV)")),
                self.ours(N_("One row per innovation, for spreadsheets.")),
                newest_innovation,
            ),
            (
                "case-studies-csv",
                csv_files.CASE_STUDIES_CSV,
                "CSV",
                "text/csv",
                "https://www.rfc-editor.org/rfc/rfc4180",
                self.ours(N_("Case studies (CSV)")),
                self.ours(N_("One row per adoption of an innovation, for spreadsheets.")),
                newest_case_study,
            ),
            (
                "atom",
                feeds.ALL_ATOM,
                "ATOM",
                "application/atom+xml",
                "https://www.rfc-editor.org/rfc/rfc4287",
                self.ours(N_("Innovations (Atom feed)")),
                self.ours(
                    N_("New and updated innovations and case studies as a news feed, newest first.")
                ),
                newest_innovation,
            ),
        )
        stable = self.typed(f"{EU}planned-availability/STABLE", SKOS.Concept)
        self.add(stable, SKOS.prefLabel, self.ours(N_("stable")))
        for name, path, file_type, media_type, standard, title, description, modified in files:
            node = self.iri(name)
            url = URIRef(self.site.url(path))
            self.add(node, RDF.type, DCAT.Distribution)
            self.add(node, DCTERMS.title, title)
            self.add(node, DCTERMS.description, description)
            self.add(node, DCAT.accessURL, url)
            self.add(node, DCAT.downloadURL, url)
            self.add(
                node,
                DCTERMS["format"],
                self.typed(f"{EU}file-type/{file_type}", DCTERMS.MediaTypeOrExtent),
            )
            self.add(
                node,
                DCAT.mediaType,
                self.typed(f"{IANA}{media_type}", DCTERMS.MediaType, DCTERMS.MediaTypeOrExtent),
            )
            self.add(node, DCTERMS.conformsTo, self.typed(standard, DCTERMS.Standard))
            self.add(node, DCATAP.availability, stable)
            if licence is not None:
                self.add(node, DCTERMS.license, licence)
            if modified is not None:
                self.add(node, DCTERMS.modified, modified)
            yield node


def graph(site: PublishedSite) -> Graph:
    """The description as an rdflib graph (what both files are written from)."""
    return _Description(site).build()


def _canonical(value: Any) -> Any:
    """JSON-LD with every object's keys and every set of values in one order (JSON-LD
    arrays outside ``@list`` are unordered, so sorting them changes nothing they say)."""
    if isinstance(value, dict):
        return {
            key: value[key] if key == "@list" else _canonical(value[key]) for key in sorted(value)
        }
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def files(site: PublishedSite) -> Iterator[OutputFile]:
    """The description as Turtle and as JSON-LD (one graph, so the two say the same)."""
    described = graph(site)
    turtle = described.serialize(format="longturtle", encoding="utf-8")
    yield OutputFile(TURTLE, turtle)
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    expanded = json.loads(described.serialize(format="json-ld", context=context, auto_compact=True))
    yield OutputFile(
        JSON_LD,
        json.dumps(_canonical(expanded), ensure_ascii=False, indent=1).encode("utf-8") + b"\n",
    )
