"""CSV downloads: open in Excel as they are, and never run a cell as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from generator.catalog import Catalog
from generator.exports import PublishedSite, csv_files
from generator.validation import validate
from tests.exports.conftest import SITE_URL
from tests.site.conftest import INNOVATION, write_site

PAYLOADS = {  # as written in the YAML front matter
    "title": """'=HYPERLINK("https://evil.example/?","Click")'""",
    "summary": "\"+cmd|' /C calc'!A0\"",
}


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode()), "Excel needs the byte order mark to read UTF-8"
    text = data.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.fixture(scope="module")
def hostile_catalog(tmp_path_factory) -> PublishedSite:
    root = write_site(tmp_path_factory.mktemp("csv"))
    (root / "content" / "innovations" / "second-thing" / "index.md").write_text(
        INNOVATION.format(
            title=PAYLOADS["title"],
            summary=PAYLOADS["summary"],
            scouts="[]",
            problem="A problem.",
        ).replace("last_reviewed:", "tags: ['@SUM(1+1)*cmd', plain]\nlast_reviewed:")
    )
    content, report = validate(root / "content")
    assert not report.errors, [d.text() for d in report.errors]
    return PublishedSite(Catalog.build(content), site_url=SITE_URL)


@pytest.mark.parametrize("start", csv_files.FORMULA_STARTS)
def test_a_cell_that_starts_like_a_formula_is_text(start):
    assert csv_files.cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_files.cell(f"  {start}1+1") == f"'  {start}1+1"
    assert csv_files.cell(f"\u00a0{start}1+1") == f"'\u00a0{start}1+1"
    assert csv_files.cell(f"a {start}1+1") == f"a {start}1+1"


def test_numbers_and_flags_stay_numbers_and_flags():
    assert csv_files.cell(1500.0) == "1500"
    assert csv_files.cell(12.5) == "12.5"
    assert csv_files.cell(3) == "3"
    assert csv_files.cell(True) == "true"
    assert csv_files.cell(None) == ""


def test_formulas_in_content_are_neutralised(hostile_catalog):
    files = {f.path: f.content for f in csv_files.files(hostile_catalog)}
    rows = {row["id"]: row for row in _rows(files[csv_files.INNOVATIONS_CSV])}
    row = rows["second-thing"]
    assert row["title"] == "'" + '=HYPERLINK("https://evil.example/?","Click")'
    assert row["summary"] == "'+cmd|' /C calc'!A0"
    assert row["tags"] == "'@SUM(1+1)*cmd; plain"
    for name, row in rows.items():
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, column)


def test_innovations_csv_one_row_each_with_labels_and_joined_values(exported_site):
    rows = _rows((exported_site / csv_files.INNOVATIONS_CSV).read_bytes())
    assert [r["id"] for r in rows] == ["remote-monitoring", "second-thing"]
    first = rows[0]
    assert first["title"] == "Remote monitoring & more <3"
    assert first["url"] == f"{SITE_URL}innovations/remote-monitoring/"
    assert first["stage"] == "Spreading"  # the label, not the id
    assert first["regions"] == "North West Coast"
    assert first["outcomes"] == "Admissions: 30% fewer"
    assert first["adoptions"] == "1"
    assert first["last_reviewed"] == "2026-05-01"
    raw = (exported_site / csv_files.INNOVATIONS_CSV).read_bytes().decode("utf-8-sig")
    assert raw.startswith('"id","title","summary"')  # RFC 4180, every cell quoted


def test_several_values_are_joined_with_a_semicolon():
    assert csv_files._joined(["a", "b", "c"]) == "a; b; c"


def test_case_studies_csv_names_its_innovation(exported_site):
    rows = _rows((exported_site / csv_files.CASE_STUDIES_CSV).read_bytes())
    assert len(rows) == 1
    assert rows[0]["innovation"] == "remote-monitoring"
    assert rows[0]["innovation_title"] == "Remote monitoring & more <3"
    assert rows[0]["organisation"] == "Example Hospital NHS Trust"
