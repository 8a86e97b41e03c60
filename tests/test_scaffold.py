"""``exchange new``: scaffolds fail validation only on their REQUIRED blanks, and validate
once those are filled in; they never overwrite; they read the exchange's vocabularies."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator import scaffold
from generator.loader.files import split_front_matter
from generator.loader.strict_yaml import parse
from generator.models import (
    CASE_STUDY_SECTIONS,
    INNOVATION_SECTIONS,
    CaseStudy,
    Evidence,
    Innovation,
    Organisation,
    Scout,
)
from generator.validation import validate

TODAY = date(2026, 6, 1)
BASE = Path(__file__).parent / "broken" / "_base" / "content"


@pytest.fixture
def content(content_dir: Path) -> Path:
    """The real vocabularies plus one scout and one innovation (with a case study)."""
    shutil.copytree(BASE, content_dir, dirs_exist_ok=True)
    return content_dir


def problems(content: Path, file: Path) -> list[tuple[int, int, str, str]]:
    """(line, column, severity, code) of everything reported in ``file``."""
    _, report = validate(content, today=TODAY)
    name = file.resolve().relative_to(content.resolve().parent).as_posix()
    return [
        (d.line, d.column, str(d.severity), d.code) for d in report.diagnostics if d.file == name
    ]


def required_blanks(text: str) -> list[tuple[int, str]]:
    """(line, field) of each value left blank under a note that says REQUIRED
    (a group such as ``organisation:``, whose fields follow indented, is not blank)."""
    lines = text.split("\n")
    found, note = [], ""
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            note += stripped
            continue
        match = re.match(r"^(\s*)([a-z_]+):\s*(\[\])?$", line)
        following = [n for n in lines[number:] if n.strip() and not n.strip().startswith("#")]
        group = bool(following) and len(following[0]) - len(following[0].lstrip()) > len(
            line
        ) - len(line.lstrip())
        if match and "REQUIRED" in note and not group:
            found.append((number, match[2]))
        note = ""
    return found


def write_the_body(text: str) -> str:
    """What a scout does with the body's prompts: replace each with their own words."""
    return re.sub(r"^TODO.*$", "In our own words.", text, flags=re.MULTILINE)


def fill(text: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def uncomment(text: str, *keys: str) -> str:
    """Turn the commented-out example ``# key: ...`` lines into real fields."""
    for key in keys:
        text, count = re.subn(rf"^(\s*)# ({key}: )", r"\1\2", text, count=1, flags=re.MULTILINE)
        assert count == 1, key
    return text


def list_example(text: str, key: str) -> str:
    """Use the commented ``#   - {...}`` example above ``key: []`` as its value."""
    pattern = rf"^(\s*)#   (- \{{.*\}})\n(\s*){key}: \[\]$"
    text, count = re.subn(pattern, rf"\1#   \2\n\3{key}:\n\3  \2", text, flags=re.MULTILINE)
    assert count == 1, key
    return text


def fields_of(text: str, markdown: bool = True) -> dict:
    if markdown:
        front = split_front_matter(text)
        return parse(front.yaml, front.yaml_line)[0]
    return parse(text)[0]


# --- innovation -----------------------------------------------------------------------


def test_new_innovation_fails_only_on_its_required_blanks(content: Path) -> None:
    path = scaffold.new_innovation(content, "Remote monitoring: COPD at home", today=TODAY)
    assert path == content / "innovations" / "remote-monitoring-copd-at-home" / "index.md"
    text = path.read_text(encoding="utf-8")
    blanks = required_blanks(text)
    assert [field for _, field in blanks] == [
        "summary", "stage", "types", "regions", "name", "type", "level",
    ]  # fmt: skip
    everything = problems(content, path)
    # The body's prompts are reported too (one run says everything): errors under the
    # required headings, warnings under the recommended ones.
    prompts = [severity for _, _, severity, code in everything if code == "prompt-left"]
    assert prompts == ["error"] * 3 + ["warning"] * 3
    found = [p for p in everything if p[3] != "prompt-left"]
    errors = [(line, code) for line, _, severity, code in found if severity == "error"]
    assert [line for line, _ in errors] == [line for line, _ in blanks]
    assert [code for _, code in errors] == [
        "wrong-type", "wrong-type", "empty-list", "empty-list", "wrong-type", "wrong-type",
        "wrong-type",
    ]  # fmt: skip
    # One run says everything: the one warning true of any new entry comes with the errors.
    warnings = [code for _, _, severity, code in found if severity == "warning"]
    assert warnings == ["no-case-study"]
    data = fields_of(text)
    assert data["title"] == "Remote monitoring: COPD at home"
    assert data["last_reviewed"] == "2026-06-01"


INNOVATION_ANSWERS = [
    ("summary:\n", "summary: People with COPD record symptoms at home.\n"),
    ("stage:\n", "stage: spreading\n"),
    ("types: []", "types: [digital, care-model]"),
    ("regions: []", "regions: [north-west-coast]"),
    ("  name:\n", "  name: Example Community Health NHS Trust\n"),
    ("  type:\n", "  type: provider\n"),
    ("  level:\n", "  level: local-evaluation\n"),
]


def test_filled_in_innovation_validates(content: Path) -> None:
    path = scaffold.new_innovation(content, "Remote monitoring for COPD", today=TODAY)
    text = write_the_body(fill(path.read_text(encoding="utf-8"), INNOVATION_ANSWERS))
    path.write_text(text, encoding="utf-8")
    assert [(severity, code) for *_, severity, code in problems(content, path)] == [
        ("warning", "no-case-study")
    ]


def test_every_example_in_the_innovation_scaffold_is_valid(content: Path) -> None:
    path = scaffold.new_innovation(content, "Remote monitoring for COPD", today=TODAY)
    text = fill(path.read_text(encoding="utf-8"), INNOVATION_ANSWERS)
    text = uncomment(
        text, "website", "contact", "costs", "nice_esf_tier", "started", "ended", "links",
        "image", "illustrative",
    )  # fmt: skip
    text = fill(
        text,
        [
            ("partners: []", "partners:\n  - {name: Example Ltd, type: industry}"),
            ("email: TEAM-EMAIL-ADDRESS", "email: copd.team@example.org"),
        ],
    )
    text = list_example(text, "outcomes")
    text = list_example(text, "references")
    text = fill(text, [("scouts: []", "scouts: [jane-doe]"), ("tags: []", "tags: [telehealth]")])
    path.write_text(write_the_body(text), encoding="utf-8")
    (path.parent / "pathway.png").write_bytes(b"")
    assert [(severity, code) for *_, severity, code in problems(content, path)] == [
        ("warning", "no-case-study")
    ]
    data = fields_of(text)
    assert data["costs"]["notes"] == "Licences, tablets and training"
    assert data["evidence"]["outcomes"][0]["measure"] == "Emergency admissions"
    assert Innovation.model_validate(data).image.alt


def test_innovation_body_has_every_section_with_a_prompt(content: Path) -> None:
    text = scaffold.new_innovation(content, "Remote monitoring", today=TODAY).read_text("utf-8")
    body = split_front_matter(text).body
    headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
    assert headings == [title for title, _ in INNOVATION_SECTIONS]
    for title, required in INNOVATION_SECTIONS:
        prompt = re.search(rf"^## {re.escape(title)}\n\n(TODO.*)$", body, re.MULTILINE)
        assert prompt, title
        assert ("(recommended)" in prompt[1]) is not required
        assert len(prompt[1]) > 30


@pytest.mark.parametrize(
    ("model", "kind"), [(Innovation, "innovation"), (CaseStudy, "case-study"), (Scout, "scout")]
)
def test_every_field_of_the_contract_is_explained(content: Path, model, kind: str) -> None:
    if kind == "innovation":
        text = scaffold.new_innovation(content, "Remote monitoring", today=TODAY).read_text("utf-8")
    elif kind == "case-study":
        path = scaffold.new_case_study(content, "base-innovation", "Fylde Trust", today=TODAY)
        text = path.read_text("utf-8")
    else:
        text = scaffold.new_scout(content, "Ada Example").read_text("utf-8")
    nested = [Organisation] + ([Evidence] if model is Innovation else [])
    for name in [*model.model_fields, *(f for m in nested for f in m.model_fields)]:
        assert re.search(rf"^\s*(# )?{name}: ", text + "\n", re.MULTILINE) or re.search(
            rf"^\s*{name}:$", text, re.MULTILINE
        ), f"{kind}: field '{name}' is not in the scaffold"
    # Every field has a note just above it.
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if re.match(r"^\s*[a-z_]+:", line) and number and lines[number - 1].strip():
            above = lines[number - 1].strip()
            assert above.startswith("#") or re.match(r"^[a-z_]+:", above) or above == "---", line


def test_vocabulary_choices_come_from_the_exchange(content: Path) -> None:
    stages = content / "vocabularies" / "stages.yml"
    stages.write_text(
        "label: Stage\nterms:\n  - {id: seedling, label: Seedling}\n  - {id: tree, label: Tree}\n",
        encoding="utf-8",
    )
    (content / "vocabularies" / "benefits.yml").unlink()
    (content / "vocabularies" / "regions.yml").write_text("label: [broken\n", encoding="utf-8")
    text = scaffold.new_innovation(content, "Remote monitoring", today=TODAY).read_text("utf-8")
    assert (
        "# REQUIRED. How far it has got. Write one of these ids (vocabularies/stages.yml):\n"
        "#   seedling, tree\nstage:\n"
    ) in text
    assert "spreading" not in text
    # A missing or broken vocabulary only loses its list.
    assert (
        "# Optional. What it improves. An id from vocabularies/benefits.yml.\nbenefits: []" in text
    )
    assert "An id from vocabularies/regions.yml.\nregions: []" in text


def test_real_vocabularies_are_listed(content: Path) -> None:
    text = scaffold.new_innovation(content, "Remote monitoring", today=TODAY).read_text("utf-8")
    assert re.search(
        r"^#   idea, development, piloting, proven, spreading, mainstream$", text, re.M
    )
    assert "north-west-coast" in text
    assert "jane-doe" in text  # the scouts there are


def test_existing_innovation_is_never_overwritten(content: Path) -> None:
    index = content / "innovations" / "base-innovation" / "index.md"
    before = index.read_bytes()
    with pytest.raises(scaffold.ScaffoldError, match="already exists"):
        scaffold.new_innovation(content, "Base innovation")
    assert index.read_bytes() == before


def test_innovation_folder_without_index_gets_one(content: Path) -> None:
    (content / "innovations" / "half-done").mkdir()
    (content / "innovations" / "half-done" / "pathway.png").write_bytes(b"")
    path = scaffold.new_innovation(content, "Half done", today=TODAY)
    assert path == content / "innovations" / "half-done" / "index.md"


@pytest.mark.parametrize(
    "title",
    [
        "Remote monitoring: at home", "#1 service", "yes", "Null", "[beta] service", "Ends with:",
        'A "quoted" word', "Zoë's Café & Co", "100% better care", "&Co Ltd", "* Star", "- Dash",
        "? Why", "Why? Because", "Heart failure # 2", "{Curly}", "'Single'", "@home", "`code`",
        "|pipe", ">fold", "%percent", "!bang", "Comma, then more", "Tab\there", "日本語 2024",
        "Remote    monitoring  ",
    ],
)  # fmt: skip
def test_titles_survive_yaml(content: Path, title: str) -> None:
    path = scaffold.new_innovation(content, title, today=TODAY)
    assert fields_of(path.read_text("utf-8"))["title"] == " ".join(title.split())


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Remote monitoring for people with COPD", "remote-monitoring-for-people-with-copd"),
        ("Café Crème: Ward 7", "cafe-creme-ward-7"),
        ("  --Hello,  World--  ", "hello-world"),
        ("St. Mary's NHS Trust", "st-mary-s-nhs-trust"),
        ("Zoë O'Neill", "zoe-o-neill"),
        ("COVID-19 @ home (2024)", "covid-19-home-2024"),
        ("a" * 90, "a" * 80),
        ("word " * 30, ("word-" * 16).rstrip("-")),
        ("日本語", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert scaffold.slugify(text) == slug
    assert len(slug) <= 80


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("日本語", "needs some letters a-z or digits"),
        ("x" * 101, "101 characters long: at most 100"),
    ],
)
def test_titles_refused(content: Path, title: str, message: str) -> None:
    with pytest.raises(scaffold.ScaffoldError, match=message):
        scaffold.new_innovation(content, title)


def test_no_content_folder(tmp_path: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError, match="no content folder"):
        scaffold.new_innovation(tmp_path / "content", "Remote monitoring")
    assert not (tmp_path / "content").exists()


# --- case study ---------------------------------------------------------------------------------


def test_new_case_study_fails_only_on_its_required_blanks(content: Path) -> None:
    path = scaffold.new_case_study(content, "base-innovation", "Fylde Coast Trust", today=TODAY)
    assert path == content / "innovations/base-innovation/case-studies/fylde-coast-trust.md"
    text = path.read_text("utf-8")
    data = fields_of(text)
    assert data["title"] == "Remote monitoring for people with COPD at Fylde Coast Trust"
    assert data["organisation"]["name"] == "Fylde Coast Trust"
    blanks = required_blanks(text)
    assert [field for _, field in blanks] == ["type", "region", "status"]
    everything = problems(content, path)
    prompts = [severity for _, _, severity, code in everything if code == "prompt-left"]
    assert prompts == ["error"] * 3 + ["warning"]
    found = [p for p in everything if p[3] != "prompt-left"]
    assert found == [(line, 8, "error", "wrong-type") for line, _ in blanks]
    body = split_front_matter(text).body
    assert re.findall(r"^## (.+)$", body, re.M) == [t for t, _ in CASE_STUDY_SECTIONS]


def test_filled_in_case_study_validates(content: Path) -> None:
    path = scaffold.new_case_study(content, "base-innovation", "Fylde Coast Trust", today=TODAY)
    text = fill(
        path.read_text("utf-8"),
        [("  type:\n", "  type: provider\n"), ("region:\n", "region: north-west-coast\n"),
         ("status:\n", "status: pilot\n")],
    )  # fmt: skip
    text = uncomment(text, "website", "adopted", "illustrative")
    text = list_example(text, "outcomes")
    text = write_the_body(fill(text, [("scouts: []", "scouts: [jane-doe]")]))
    path.write_text(text, encoding="utf-8")
    assert problems(content, path) == []


def test_case_study_title_too_long_to_suggest_is_left_blank(content: Path) -> None:
    organisation = "The Very Long Named Northshire and Southshire Integrated Care Partnership"
    path = scaffold.new_case_study(content, "base-innovation", organisation, today=TODAY)
    text = path.read_text("utf-8")
    assert "\ntitle:\n" in text
    assert "title" in [field for _, field in required_blanks(text)]
    assert any(code == "wrong-type" for *_, code in problems(content, path))


@pytest.mark.parametrize(
    "given",
    ["base-innovation", "Base Innovation", "innovations/base-innovation/", " base-innovation"],
)
def test_case_study_finds_its_innovation(content: Path, given: str) -> None:
    path = scaffold.new_case_study(content, given, "Fylde Coast Trust", today=TODAY)
    assert path.parent.parent.name == "base-innovation"


def test_case_study_for_unknown_innovation_suggests_near_ids(content: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.new_case_study(content, "base-inovation", "Fylde Coast Trust")
    assert "there is no innovation 'base-inovation'" in str(caught.value)
    assert "Did you mean 'base-innovation'?" in str(caught.value)
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.new_case_study(content, "knitting-circle", "Fylde Coast Trust")
    assert "The innovations are: base-innovation." in str(caught.value)
    assert not list(content.glob("innovations/*/case-studies/fylde-coast-trust.md"))


def test_case_study_for_a_folder_without_index_is_refused(content: Path) -> None:
    (content / "innovations" / "ghost").mkdir()
    with pytest.raises(scaffold.ScaffoldError, match="no innovation 'ghost'"):
        scaffold.new_case_study(content, "ghost", "Fylde Coast Trust")


def test_existing_case_study_is_never_overwritten(content: Path) -> None:
    path = content / "innovations/base-innovation/case-studies/base-adopter.md"
    before = path.read_bytes()
    with pytest.raises(scaffold.ScaffoldError, match="already exists"):
        scaffold.new_case_study(content, "base-innovation", "Base Adopter")
    assert path.read_bytes() == before


# --- scout ----------------------------------------------------------------------------------------


def test_new_scout_fails_only_on_its_required_blanks(content: Path) -> None:
    path = scaffold.new_scout(content, "Zoë O'Neill")
    assert path == content / "scouts" / "zoe-o-neill.yml"
    text = path.read_text("utf-8")
    assert fields_of(text, markdown=False)["name"] == "Zoë O'Neill"
    blanks = required_blanks(text)
    # Consent is never assumed: publish is left for the scout to answer.
    assert [field for _, field in blanks] == ["name", "type", "region", "publish"]
    assert [(line, code) for line, _, _, code in problems(content, path)] == [
        (line, "wrong-type") for line, _ in blanks
    ]
    assert "clinical-areas" in text and "care-model" in text  # interests: two vocabularies


def test_filled_in_scout_validates(content: Path) -> None:
    path = scaffold.new_scout(content, "Zoë O'Neill")
    text = fill(
        path.read_text("utf-8"),
        [("  name:\n", "  name: Example Trust\n"), ("  type:\n", "  type: provider\n"),
         ("region:\n", "region: wessex\n"), ("publish:\n", "publish: false\n"),
         ("interests: []", "interests: [respiratory, digital]")],
    )  # fmt: skip
    text = uncomment(text, "role", "website", "joined", "contact", "illustrative", "bio")
    text = text.replace("\n#   I have worked", "\n  I have worked")
    text = fill(text, [("email: YOUR-EMAIL-ADDRESS", "email: zoe@example.org")])
    path.write_text(text, encoding="utf-8")
    assert problems(content, path) == []
    assert fields_of(text, markdown=False)["bio"].startswith("I have worked")


def test_existing_scout_is_never_overwritten(content: Path) -> None:
    path = content / "scouts" / "jane-doe.yml"
    before = path.read_bytes()
    with pytest.raises(scaffold.ScaffoldError, match="already exists"):
        scaffold.new_scout(content, "Jane Doe")
    assert path.read_bytes() == before


def test_scouts_folder_is_created(content_dir: Path) -> None:
    assert scaffold.new_scout(content_dir, "Ada") == content_dir / "scouts" / "ada.yml"


# --- through the command line ---------------------------------------------------------------------


def test_cli_new(content: Path, cli) -> None:
    code, out, err = cli(["new", "innovation", "Remote monitoring"])
    assert (code, err) == (0, "")
    assert out == (
        "Created content/innovations/remote-monitoring/index.md: fill in the fields, then run "
        "'exchange validate'.\n"
    )
    assert cli(["new", "case-study", "remote-monitoring", "Fylde Coast Trust"])[0] == 0
    assert cli(["new", "scout", "Ada Example", "--content", "content"])[0] == 0
    assert (content / "scouts" / "ada-example.yml").is_file()


def test_cli_new_refusals_exit_2(content: Path, cli) -> None:
    code, out, err = cli(["new", "scout", "Jane Doe"])
    assert (code, out) == (2, "")
    assert err.startswith("exchange new: content/scouts/jane-doe.yml already exists")
    code, _, err = cli(["new", "case-study", "base-inovation", "X"])
    assert code == 2 and "Did you mean 'base-innovation'?" in err
    code, _, err = cli(["new", "scout", "Ada", "--content", "nowhere"])
    assert code == 2 and "no content folder at 'nowhere'" in err
    assert cli(["new", "spaceship", "X"])[0] == 2


def test_files_are_utf8_with_unix_line_endings(content: Path) -> None:
    path = scaffold.new_scout(content, "Zoë")
    data = path.read_bytes()
    assert b"\r" not in data
    assert "Zoë".encode() in data
    assert data.endswith(b"\n")
