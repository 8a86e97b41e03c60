"""The DCAT-AP description: valid against SEMIC's own shapes, the same graph in both
formats, stable, and made of literals whatever the site's settings say."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF

from generator.catalog import Catalog
from generator.exports import PublishedSite, api, csv_files, dcat, feeds
from generator.exports.site import licence_uri
from generator.i18n import in_language
from generator.validation import validate
from tests.exports.conftest import SITE_URL
from tests.site.conftest import write_site

SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-SHACL.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # a plain namespace: pytest probes module names
#: In the 3.0.0 shapes this shape targets every dcat:Dataset, though it holds the
#: constraints of a *dataset member of a series* (the specification's class "Dataset
#: member of Dataset Series", dcat:inSeries 1..n): as published, no dataset outside a
#: series can conform. It is applied to nothing here; test_only_the_series_shape_...
#: checks that it is the only shape the description fails without that change.
SERIES_SHAPE = URIRef("https://semiceu.github.io//DCAT-AP/releases/3.0.0#DatasetInSeriesShape")
HOSTILE = {
    "site_name": "Remote monitoring & more <3",
    "description": '</script><script>alert("x")</script> \\ "quoted" \n second line',
    "licence": "Shared <b>freely</b> & kindly",
}


def _shapes(*, adjusted: bool) -> Graph:
    shapes = Graph().parse(SHAPES)
    if adjusted:
        shapes.remove((SERIES_SHAPE, SH.targetClass, None))
    return shapes


def _validate(data: Graph, *, adjusted: bool = True) -> tuple[bool, Graph, str]:
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=_shapes(adjusted=adjusted), inference="rdfs"
    )
    return conforms, report, text


@pytest.fixture(scope="module")
def turtle(exported_site: Path) -> Graph:
    return Graph().parse(exported_site / dcat.TURTLE, format="turtle")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> PublishedSite:
    root = write_site(tmp_path_factory.mktemp("dcat"))
    content, report = validate(root / "content")
    assert not report.errors, [d.text() for d in report.errors]
    return PublishedSite(Catalog.build(content), site_url=SITE_URL, **HOSTILE)


def _files(site: PublishedSite) -> dict[str, bytes]:
    return {f.path: f.content for f in dcat.files(site)}


def test_the_vendored_shapes_are_semics_file_whole():
    text = SHAPES.read_text(encoding="utf-8")
    assert len(text) == 192_605
    shapes = Graph().parse(data=text, format="turtle")
    referenced = set(shapes.objects(None, SH.property))
    assert len(referenced) == 292
    assert all((shape, SH.path, None) in shapes for shape in referenced)


def test_the_description_conforms_to_the_dcat_ap_3_shapes(turtle: Graph):
    conforms, _, text = _validate(turtle)
    assert conforms, text


def test_only_the_series_shape_fails_as_published(turtle: Graph):
    conforms, report, text = _validate(turtle, adjusted=False)
    sources = {str(s) for s in report.objects(None, SH.sourceShape)}
    assert not conforms and sources, "the series shape should fail every plain dataset"
    assert all(s.startswith(f"{SERIES_SHAPE}/") for s in sources), text


def test_a_description_missing_a_mandatory_property_fails(turtle: Graph):
    """The validation can fail: without its title the catalogue does not conform."""
    broken = Graph()
    for triple in turtle:
        broken.add(triple)
    catalog = URIRef(f"{SITE_URL}{dcat.TURTLE}#catalog")
    broken.remove((catalog, DCTERMS.title, None))
    conforms, _, text = _validate(broken)
    assert not conforms
    assert "title" in text


def test_turtle_and_json_ld_are_the_same_graph(exported_site: Path, turtle: Graph):
    json_ld = Graph().parse(exported_site / dcat.JSON_LD, format="json-ld")
    assert len(turtle) > 50
    assert isomorphic(turtle, json_ld)


def test_no_blank_nodes_and_every_own_name_under_the_site(turtle: Graph):
    nodes = {n for triple in turtle for n in (triple[0], triple[2]) if not isinstance(n, Literal)}
    assert all(isinstance(n, URIRef) for n in nodes)
    own = {n for n in turtle.subjects(RDF.type, None) if str(n).startswith(SITE_URL)}
    assert URIRef(f"{SITE_URL}api/v1/catalog.ttl#catalog") in own


def test_the_unpublished_scout_appears_nowhere(exported_site: Path):
    for path in (dcat.TURTLE, dcat.JSON_LD):
        text = (exported_site / path).read_text(encoding="utf-8")
        assert "secret-scout" not in text and "Hidden Hartigan" not in text


def test_distributions_are_the_open_data_files_at_absolute_addresses(
    exported_site: Path, turtle: Graph
):
    downloads = {str(url) for url in turtle.objects(None, DCAT.downloadURL)}
    paths = (api.INDEX, csv_files.INNOVATIONS_CSV, csv_files.CASE_STUDIES_CSV, feeds.ALL_ATOM)
    assert downloads == {f"{SITE_URL}{path}" for path in paths}
    assert (exported_site / api.INDEX).is_file()
    for distribution in turtle.subjects(RDF.type, DCAT.Distribution):
        media = str(turtle.value(distribution, DCAT.mediaType))
        assert media.startswith("https://www.iana.org/assignments/media-types/")
        assert turtle.value(distribution, DCAT.accessURL) == turtle.value(
            distribution, DCAT.downloadURL
        )


def test_dates_come_from_the_content_not_the_clock(turtle: Graph):
    catalog = URIRef(f"{SITE_URL}{dcat.TURTLE}#catalog")
    case_studies = URIRef(f"{SITE_URL}{dcat.TURTLE}#case-studies-csv")
    # The tiny exchange's newest last_reviewed; its one case study's is a month older.
    assert str(turtle.value(catalog, DCTERMS.modified)) == "2026-05-01"
    assert str(turtle.value(case_studies, DCTERMS.modified)) == "2026-04-01"
    assert not list(turtle.objects(None, DCTERMS.issued))


def test_keywords_are_the_clinical_areas_in_use(turtle: Graph):
    keywords = {str(k) for k in turtle.objects(None, DCAT.keyword)}
    assert keywords == {"Respiratory"}


def test_the_same_content_gives_the_same_bytes(small_site: PublishedSite):
    assert _files(small_site) == _files(small_site)


def test_hostile_settings_stay_literals(small_site: PublishedSite):
    files = _files(small_site)
    for path, fmt in ((dcat.TURTLE, "turtle"), (dcat.JSON_LD, "json-ld")):
        graph = Graph().parse(data=files[path].decode("utf-8"), format=fmt)
        titles = {str(t) for t in graph.objects(None, DCTERMS.title)}
        assert HOSTILE["site_name"] in titles
        assert HOSTILE["description"] in {str(d) for d in graph.objects(None, DCTERMS.description)}
        names = {str(n) for n in graph.objects(None, FOAF.name)}
        assert names == {HOSTILE["site_name"]}
        labels = {str(label) for label in graph.objects(None, RDFS.label)}
        assert HOSTILE["licence"] in labels
        # Nothing hostile became a name: every IRI is one we minted or an authority's.
        for node in set(graph.subjects()) | set(graph.objects()):
            if isinstance(node, URIRef):
                assert "<" not in node and " " not in node
    conforms, _, text = _validate(Graph().parse(data=files[dcat.TURTLE], format="turtle"))
    assert conforms, text


def test_an_unknown_licence_is_a_document_labelled_with_the_line(small_site: PublishedSite):
    graph = dcat.graph(small_site)
    licence = URIRef(f"{SITE_URL}{dcat.TURTLE}#licence")
    assert (licence, RDF.type, DCTERMS.LicenseDocument) in graph
    assert {str(v) for v in graph.objects(None, DCTERMS.license)} == {str(licence)}


def test_no_licence_line_means_no_licence(small_site: PublishedSite):
    site = PublishedSite(small_site.catalog, site_url=SITE_URL)
    graph = dcat.graph(site)
    assert not list(graph.objects(None, DCTERMS.license))
    assert not list(graph.objects(None, DCTERMS.rights))
    titles = {str(t) for t in graph.objects(None, DCTERMS.title)}
    assert "Innovation Exchange" in titles  # our fallback when the site has no name


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        (
            "Content is shared under CC BY 4.0 unless an entry says otherwise.",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        ("cc-by-sa 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        ("CC BY-NC-ND 3.0", "https://creativecommons.org/licenses/by-nc-nd/3.0/"),
        ("Public domain: CC0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        (
            "Open Government Licence",
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        ),
        ("CC BY 4.0 for text, CC0 for data", None),
        ("All rights reserved", None),
        ("", None),
    ],
)
def test_licence_rule(text: str, uri: str | None):
    assert licence_uri(text) == uri


def test_our_words_are_tagged_with_the_language_they_are_in(small_site: PublishedSite):
    italian = dataclasses.replace(small_site.catalog.exchange, language="it")
    catalog = dataclasses.replace(small_site.catalog, exchange=italian)
    graph = dcat.graph(PublishedSite(catalog, site_url=SITE_URL))
    dataset = URIRef(f"{SITE_URL}{dcat.TURTLE}#innovations")
    title = graph.value(dataset, DCTERMS.title)
    expected = "it" if in_language("it", str(title)) != "Innovations and case studies" else "en"
    assert isinstance(title, Literal) and title.language == expected
    keywords = list(graph.objects(dataset, DCAT.keyword))
    assert keywords and all(k.language == "it" for k in keywords)  # content words
    assert (dataset, DCTERMS.language, URIRef(f"{dcat.EU}language/ITA")) in graph
