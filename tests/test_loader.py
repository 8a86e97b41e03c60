"""The strict loader: YAML, files, front matter, field errors and the content walk."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.loader.content import load_content
from generator.loader.fields import check_fields
from generator.loader.files import MAX_BYTES, FileProblem, read_text, split_front_matter
from generator.loader.strict_yaml import MAX_DEPTH, YamlError, parse
from generator.models import Costs, Innovation, Link, Reference, Scout
from generator.scalars import earliest_day, latest_day, parse_date


def yaml_error(text: str, first_line: int = 1) -> YamlError:
    with pytest.raises(YamlError) as caught:
        parse(text, first_line)
    return caught.value


# --- strict YAML: what plain scalars mean ---------------------------------------


@pytest.mark.parametrize(
    "scalar",
    [
        "yes",
        "no",
        "on",
        "off",
        "Yes",
        "NO",
        "On",
        "OFF",
        "y",
        "n",
        "1e3",
        "1_000",
        "0x1F",
        "0o14",
        "014",
        "1:20",
        "2024-13-01",
        "2024-01-01",
        "2024-01-01 10:00:00",
        ".inf",
        "-.inf",
        ".nan",
        "12",
        "-1",
        "+1",
        "0.5",
        "1.0e3",
        "=",
        "<<x",
    ],
)
def test_plain_scalars_stay_text(scalar: str) -> None:
    data, _ = parse(f"value: {scalar}\nlist: [{scalar}]\n")
    assert data == {"value": scalar, "list": [scalar]}


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
    ],
)
def test_only_true_false_and_null_are_typed(scalar: str, value: object) -> None:
    assert parse(f"value: {scalar}\n")[0] == {"value": value}


@pytest.mark.parametrize("quoted", ["'true'", '"false"', "'null'", '"~"', "''"])
def test_quoted_scalars_are_always_text(quoted: str) -> None:
    assert parse(f"value: {quoted}\n")[0] == {"value": quoted[1:-1]}


def test_keys_are_text_even_when_they_look_typed() -> None:
    assert parse("1: a\ntrue: b\nnull: c\n")[0] == {"1": "a", "true": "b", "null": "c"}


def test_explicit_str_tag_is_allowed() -> None:
    assert parse("value: !!str 12\n")[0] == {"value": "12"}


def test_block_scalars_keep_their_text() -> None:
    data, positions = parse("a: |\n  one\n  two\nb: >-\n  folded\n  text\n")
    assert data == {"a": "one\ntwo\n", "b": "folded text"}
    assert positions.of(("b",)) == (4, 4)


def test_empty_document() -> None:
    data, positions = parse("# only a comment\n")
    assert data is None
    assert positions.of(()) == (1, 1)


# --- strict YAML: positions ---------------------------------------------------------


def test_positions_of_values_and_keys() -> None:
    data, positions = parse("a: 1\nb:\n  c: [x, y]\n  d: {e: f}\n", first_line=2)
    assert data == {"a": "1", "b": {"c": ["x", "y"], "d": {"e": "f"}}}
    assert positions.of(("a",)) == (2, 4)
    assert positions.of(("b", "c", 1)) == (4, 10)
    assert positions.of(("b", "d", "e")) == (5, 10)
    assert positions.key_of(("b", "d")) == (5, 3)
    # A path that is not there falls back to its nearest ancestor.
    assert positions.of(("b", "d", "missing", 3)) == (5, 6)
    assert positions.key_of(("b", "nope")) == (4, 3)


def test_columns_count_characters_not_bytes() -> None:
    _, positions = parse("o: {name: Café 😀 Crème, type: x}\n")
    assert positions.key_of(("o", "type")) == (1, 25)


# --- strict YAML: refused constructs --------------------------------------------------


def test_duplicate_key() -> None:
    error = yaml_error("title: A\nsummary: B\ntitle: C\n", first_line=2)
    assert (error.code, error.line, error.column) == ("duplicate-key", 4, 1)
    assert "first on line 2" in error.message
    assert error.hint


def test_duplicate_key_nested_in_flow_mapping() -> None:
    error = yaml_error("o: {name: A, type: b, name: C}\n")
    assert (error.code, error.line, error.column) == ("duplicate-key", 1, 23)


def test_anchor_and_alias_refused_at_the_anchor() -> None:
    error = yaml_error("a: &x [1, 2]\nb: *x\n", first_line=2)
    assert (error.code, error.line, error.column) == ("yaml-alias", 2, 4)
    assert "&x" in error.message


def test_unused_anchor_is_refused_because_it_swallows_text() -> None:
    error = yaml_error("name: &Co Ltd\n")
    assert (error.code, error.line, error.column) == ("yaml-alias", 1, 7)
    assert "quotes" in error.hint


@pytest.mark.parametrize("text", ["name: 'A & E'", "name: R&D", "name: A & E", 'name: "&Co Ltd"'])
def test_ampersands_in_text_are_fine(text: str) -> None:
    assert parse(text)[0]["name"] in ("A & E", "R&D", "&Co Ltd")


def test_alias_without_anchor_is_a_syntax_error() -> None:
    error = yaml_error("a: 1\nb: *nowhere\n")
    assert (error.code, error.line, error.column) == ("yaml-syntax", 2, 4)


def test_merge_key_refused() -> None:
    error = yaml_error("a: 1\n<<: {b: 2}\n")
    assert (error.code, error.line, error.column) == ("yaml-alias", 2, 1)


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    started = time.perf_counter()
    error = yaml_error("\n".join(lines))
    assert time.perf_counter() - started < 1.0
    assert (error.code, error.line) == ("yaml-alias", 1)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("v: !!int 3", 4),
        ("v: !!python/object/apply:os.system [ls]", 4),
        ("v: !custom x", 4),
        ("v: !!binary aGVsbG8=", 4),
        ("v: !!set {a, b}", 4),
        ("v: !!timestamp 2024-01-01", 4),
    ],
)
def test_explicit_tags_refused(text: str, column: int) -> None:
    error = yaml_error(text)
    assert (error.code, error.line, error.column) == ("yaml-tag", 1, column)


def test_nesting_is_bounded() -> None:
    deep = "v: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    error = yaml_error(deep)
    assert (error.code, error.line, error.column) == ("yaml-too-deep", 1, 4 + MAX_DEPTH)
    assert parse("v: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))[0]


def test_mapping_key_must_be_text() -> None:
    error = yaml_error("? [a, b]\n: c\n")
    assert (error.code, error.line, error.column) == ("yaml-key", 1, 3)


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\n b: 2\n", "yaml-indentation", 2, 2),  # bad indentation
        ("title: Blackpool: remote\n", "yaml-colon-in-value", 1, 17),  # ': ' inside plain text
        ("a: [1, 2\nb: 3\n", "yaml-unclosed", 1, 4),  # unclosed bracket: where it opens
        ("a: 1\n\tb: 2\n", "yaml-tab", 2, 1),  # tab indentation
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),  # two documents
        ("a: @home\n", "yaml-needs-quotes", 1, 4),  # reserved character
    ],
)
def test_syntax_errors_are_positioned(text: str, code: str, line: int, column: int) -> None:
    """Each common mistake is named, at the character to fix; the rest keep the
    parser's own (positioned) message."""
    error = yaml_error(text)
    assert (error.code, error.line, error.column) == (code, line, column)
    if code == "yaml-syntax":
        assert error.message.startswith("YAML syntax error")
    assert error.hint


def test_syntax_error_lines_are_shifted_by_first_line() -> None:
    assert yaml_error("a: 1\n b: 2\n", first_line=2).line == 3


@pytest.mark.parametrize(("char", "column"), [("\x07", 5), ("\x00", 5), ("\x1b", 5)])
def test_control_characters_refused(char: str, column: int) -> None:
    error = yaml_error(f"a: x{char}y\n")
    assert (error.code, error.line, error.column) == ("yaml-character", 1, column)
    assert f"U+{ord(char):04X}" in error.message


# --- files: size, encoding, line endings -------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "f.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_size_cap_refuses_large_files(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yml"
    with huge.open("wb") as file:
        file.truncate(50_000_000)  # sparse, and refused before it is read
    with pytest.raises(FileProblem) as caught:
        read_text(huge)
    problem = caught.value
    assert (problem.code, problem.line, problem.column) == ("file-too-large", 1, 1)
    assert "50,000,000 bytes" in problem.message
    with pytest.raises(FileProblem):
        read_text(write(tmp_path, b"a" * (MAX_BYTES + 1)))
    assert read_text(write(tmp_path, b"a" * MAX_BYTES)) == "a" * MAX_BYTES


def test_bom_is_dropped(tmp_path: Path) -> None:
    assert read_text(write(tmp_path, b"\xef\xbb\xbfa: 1\n")) == "a: 1\n"


def test_line_endings_become_newlines(tmp_path: Path) -> None:
    assert read_text(write(tmp_path, b"a\r\nb\rc\nd")) == "a\nb\nc\nd"


@pytest.mark.parametrize(
    ("data", "line", "column", "byte"),
    [
        (b"a: caf\xe9\n", 1, 7, "0xe9"),
        (b"a: 1\nb: Cr\xc3\xa8me caf\xe9\n", 2, 13, "0xe9"),  # the UTF-8 e-grave is one column
        (b"\xef\xbb\xbfa: caf\xe9\n", 1, 7, "0xe9"),  # the BOM takes no column
        (b"\xef\xbb\xbfa: 1\r\nb: \x92x\r\n", 2, 4, "0x92"),
        (b"a: 1\rb: 2\r\x80", 3, 1, "0x80"),  # old Mac line endings
    ],
)
def test_non_utf8_is_positioned_in_characters(
    tmp_path: Path, data: bytes, line: int, column: int, byte: str
) -> None:
    with pytest.raises(FileProblem) as caught:
        read_text(write(tmp_path, data))
    problem = caught.value
    assert (problem.code, problem.line, problem.column) == ("encoding", line, column)
    assert byte in problem.message


# --- front matter ------------------------------------------------------------------------------


def test_front_matter_split() -> None:
    front = split_front_matter("---\ntitle: A\n---\n\n## Body\n")
    assert (front.yaml, front.yaml_line, front.body, front.body_line) == (
        "title: A\n",
        2,
        "\n## Body\n",
        4,
    )


def test_front_matter_closed_by_dots_and_trailing_spaces() -> None:
    assert split_front_matter("---  \na: 1\n...\nbody").body == "body"
    assert split_front_matter("---\na: 1\n--- \n").body == ""
    empty = split_front_matter("---\n---\nbody")
    assert (empty.yaml, empty.body, empty.body_line) == ("", "body", 3)


def test_front_matter_dashes_inside_a_value_do_not_close_it() -> None:
    front = split_front_matter("---\na: x --- y\n----\nb: 2\n---\nbody\n")
    assert front.yaml == "a: x --- y\n----\nb: 2\n"
    assert front.body_line == 6


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("title: A\n", "front-matter-missing"),
        ("\n---\na: 1\n---\n", "front-matter-missing"),
        ("--- a: 1\n---\n", "front-matter-missing"),
        ("---\ntitle: A\n\n## Body\n", "front-matter-unclosed"),
    ],
)
def test_front_matter_problems(text: str, code: str) -> None:
    with pytest.raises(FileProblem) as caught:
        split_front_matter(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, 1, 1)


# --- field errors ---------------------------------------------------------------------------------


SCOUT = (
    "name: Jane Doe\norganisation: {name: Example Trust, type: provider}\n"
    "region: north-west-coast\npublish: true\n"
)


def fields(model, text: str):
    data, positions = parse(text)
    return check_fields(model, data, positions, "f.yml")


def where(diagnostics) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in diagnostics]


def test_valid_fields() -> None:
    instance, problems = fields(Scout, SCOUT)
    assert problems == []
    assert instance.publish is True
    assert instance.status == "active"


def test_not_a_mapping() -> None:
    _, problems = fields(Scout, "- a\n- b\n")
    assert where(problems) == [(1, 1, "wrong-type")]
    assert "found a list" in problems[0].message


def test_unknown_field_did_you_mean() -> None:
    _, problems = fields(Scout, SCOUT + "regoin: x\n")
    assert where(problems) == [(5, 1, "unknown-field")]
    assert problems[0].hint == "Did you mean 'region'?"


def test_unknown_field_far_from_any_lists_the_known_ones() -> None:
    _, problems = fields(Scout, SCOUT.replace("provider}", "provider, colour: red}"))
    assert where(problems) == [(2, 53, "unknown-field")]
    assert problems[0].message == "'organisation.colour' is not a known field"
    assert problems[0].hint == "Known fields here: name, type, website."


@pytest.mark.parametrize(
    ("organisation", "column"),
    [
        ("{name: Smith, Jones and Co, type: provider}", 29),
        ("{name: Smith, Jones, type: provider}", 29),  # one word, on the same line
        ("{name: X, type: provider, website: https://example.org/a, b}", 73),
    ],
)
def test_unknown_field_from_a_comma_in_braces_says_to_quote(organisation: str, column: int) -> None:
    text = SCOUT.replace("{name: Example Trust, type: provider}", organisation)
    _, problems = fields(Scout, text)
    assert where(problems) == [(2, column, "unknown-field")]
    assert "a comma starts a new field" in problems[0].hint
    assert "quotes" in problems[0].hint


def test_misspelt_field_without_a_value_is_not_taken_for_a_comma() -> None:
    text = SCOUT.replace("{name: Example Trust, type: provider}", "\n  nme:\n  type: provider")
    _, problems = fields(Scout, text)
    assert [d.hint for d in problems if d.code == "unknown-field"] == ["Did you mean 'name'?"]


def test_missing_field_positions_and_hints() -> None:
    _, problems = fields(Scout, "name: Jane\norganisation:\n  name: X\n")
    assert where(problems) == [
        (3, 3, "missing-field"),
        (1, 1, "missing-field"),
        (1, 1, "missing-field"),
    ]
    assert [d.message for d in problems] == [
        "'organisation.type' is required",
        "'region' is required",
        "'publish' is required",
    ]
    assert problems[2].hint.startswith("The scout's consent")


@pytest.mark.parametrize(
    ("line", "code", "expected"),
    [
        ("publish: yes", "wrong-type", "Write true or false without quotes"),
        ("publish: 'true'", "wrong-type", "Write true or false without quotes"),
        ("interests: respiratory", "wrong-type", "[respiratory]"),
        ("interests: []\nbio: [a, b]", "wrong-type", "Quote the text"),
        ("status: retired", "invalid-value", ""),
        ("bio: ''", "empty-text", ""),
        ("joined: 2024-13", "invalid-date", "YYYY-MM-DD"),
        ("contact: {email: not-an-address}", "invalid-email", ""),
        ("contact: {url: http://example.org/}", "insecure-url", "https://"),
    ],
)
def test_field_problems(line: str, code: str, expected: str) -> None:
    text = SCOUT.replace("publish: true\n", "") if line.startswith("publish") else SCOUT
    _, problems = fields(Scout, text + line + "\n")
    assert [d.code for d in problems] == [code]
    assert expected in problems[0].hint


def test_too_long_counts_characters() -> None:
    _, problems = fields(Scout, SCOUT + f"bio: {'é' * 1501}\n")
    assert where(problems) == [(5, 6, "too-long")]
    assert problems[0].message == "'bio' is too long (1501 characters): at most 1500 characters"


# --- the models' own checks -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024", "2024-02", "2024-02-29", "1900-01-01"])
def test_dates_accepted(value: str) -> None:
    parse_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-29",
        "2024-13",
        "2024-00",
        "2024-04-31",
        "24-01-01",
        "2024/01/01",
        "May 2024",
        "1899",
        "2024-1-1",
        "",
    ],
)
def test_dates_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


def test_partial_dates_span_their_period() -> None:
    assert (str(earliest_day("2024")), str(latest_day("2024"))) == ("2024-01-01", "2024-12-31")
    assert (str(earliest_day("2024-02")), str(latest_day("2024-02"))) == (
        "2024-02-01",
        "2024-02-29",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "https://example.org/a?b=c#d",
        "HTTPS://Example.org/",
        "https://sub.example.co.uk:8443/x",
        "https://xn--bcher-kva.example/",
    ],
)
def test_urls_accepted(url: str) -> None:
    Link(title="x", url=url)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://example.org", "insecure-url"),
        ("HTTP://example.org", "insecure-url"),
        ("https://exa mple.org", "invalid-url"),
        ("https//example.org", "invalid-url"),
        ("https://localhost/", "invalid-url"),
        ("https://example.org:99999/", "invalid-url"),
        ("ftp://example.org/", "invalid-url"),
        ("javascript:alert(1)", "invalid-url"),
        ("https://user:pw@example.org/", "invalid-url"),
        ("https://[::1/", "invalid-url"),
        ("example.org", "invalid-url"),
        ("/relative", "invalid-url"),
    ],
)
def test_urls_refused(url: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Link(title="x", url=url)
    assert caught.value.errors()[0]["type"] == code


@pytest.mark.parametrize("value", ["12000", "12000.50", "0", 12000, 0.5])
def test_plain_numbers_accepted(value: object) -> None:
    assert Costs(setup=value).setup == float(value)


@pytest.mark.parametrize(
    "value", ["1e3", "1_000", "12,000", "£12000", "inf", "nan", ".inf", " 12", "-5", "0x10", True]
)
def test_numbers_must_be_plain_digits(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Costs(annual=value)
    assert caught.value.errors()[0]["type"] == "invalid-number"
    with pytest.raises(ValidationError):
        Reference(title="x", year=value)


def test_image_must_stay_in_the_folder() -> None:
    base = {
        "title": "T",
        "summary": "S",
        "stage": "idea",
        "types": ["digital"],
        "regions": ["x"],
        "organisation": {"name": "O", "type": "provider"},
        "evidence": {"level": "anecdotal"},
        "last_reviewed": "2024-01-01",
    }
    Innovation.model_validate({**base, "image": {"src": "pathway.png", "alt": "A"}})
    for src in ["../x.png", "/etc/passwd", "a/../../x.png", "C:\\x.png", "..", "\\\\server\\x.png"]:
        with pytest.raises(ValidationError) as caught:
            Innovation.model_validate({**base, "image": {"src": src, "alt": "A"}})
        assert caught.value.errors()[0]["type"] == "image-outside-folder", src


# --- the content walk -----------------------------------------------------------------------------


def test_load_content_reads_every_kind(content_dir: Path) -> None:
    (content_dir / "scouts").mkdir()
    (content_dir / "scouts" / "jane-doe.yml").write_text(SCOUT, encoding="utf-8")
    folder = content_dir / "innovations" / "remote-copd"
    (folder / "case-studies").mkdir(parents=True)
    (folder / "index.md").write_text(
        "---\ntitle: T\nsummary: S\nstage: idea\ntypes: [digital]\nregions: [national]\n"
        "organisation: {name: O, type: provider}\nevidence: {level: anecdotal}\n"
        "last_reviewed: 2026-01-01\n---\n\n## The problem\n",
        encoding="utf-8",
    )
    (folder / "Pathway-1.png").write_bytes(b"")
    (folder / "case-studies" / "blackpool.md").write_text(
        "---\ntitle: T\norganisation: {name: O, type: provider}\nregion: national\n"
        "status: live\nlast_reviewed: 2026-01-01\n---\nbody\n",
        encoding="utf-8",
    )
    content = load_content(Path("content"))
    assert content.diagnostics == []
    assert content.files_read == 9 + 3
    assert sorted(content.vocabularies) == sorted(
        p.stem for p in (content_dir / "vocabularies").glob("*.yml")
    )
    (innovation,) = content.innovations
    assert (innovation.id, innovation.file, innovation.assets) == (
        "remote-copd",
        "content/innovations/remote-copd/index.md",
        ("Pathway-1.png",),
    )
    assert innovation.body_line == 11
    (case_study,) = content.case_studies
    assert (case_study.id, case_study.innovation_id, case_study.source) == (
        "blackpool",
        "remote-copd",
        "innovations/remote-copd/case-studies/blackpool.md",
    )
    assert content.scouts[0].fields.name == "Jane Doe"


def test_files_are_named_absolutely_outside_the_working_directory(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (content_dir / "stray.txt").write_text("x", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (problem,) = load_content(content_dir).diagnostics
    assert problem.file == f"{content_dir.resolve().as_posix()}/stray.txt"


def test_missing_content_folder(tmp_path: Path) -> None:
    (problem,) = load_content(tmp_path / "nope").diagnostics
    assert problem.code == "no-content"


def test_symlinks_refused_and_not_followed(content_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yml").write_text(SCOUT, encoding="utf-8")
    (content_dir / "scouts").symlink_to(outside)
    content = load_content(Path("content"))
    assert [(d.file, d.code) for d in content.diagnostics] == [("content/scouts", "symlink")]
    assert content.scouts == []
    assert content.files_read == 9


def test_hidden_files_and_readme_are_ignored(content_dir: Path) -> None:
    (content_dir / "README.md").write_text("x", encoding="utf-8")
    (content_dir / ".gitkeep").write_text("", encoding="utf-8")
    (content_dir / ".DS_Store").write_bytes(b"\0")
    (content_dir / "scouts").mkdir()
    (content_dir / "scouts" / ".gitkeep").write_text("", encoding="utf-8")
    assert load_content(Path("content")).diagnostics == []
