"""``exchange init``: a fork becomes an exchange of its own, or nothing changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from generator import i18n, init
from generator.init import InitError, NewExchange, plan
from generator.issue_forms.generate import HEADER, FormError
from generator.issue_forms.site import MkDocsLoader, read_site_settings
from generator.safety.limits import VOCABULARY_TERMS
from tests.i18n.italian_exchange import REPO, build, exchange
from tests.i18n.test_italian_exchange import english_left, english_phrases, visible

UPSTREAM = "https://github.com/innovation-exchange/innovation-exchange"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.activate("en")


def _fork(root: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "content"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def _settings(text: str) -> dict:
    """mkdocs.yml's settings, with MkDocs' ``!ENV`` tag read as MkDocs reads it."""
    return yaml.load(text, Loader=MkDocsLoader)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_repositorys_own_settings_are_what_init_writes_for_it() -> None:
    """mkdocs.yml and the contribute page come from init's templates: no drift."""
    files, _emptied = plan(
        NewExchange("Innovation Exchange", UPSTREAM, language="en", country="GB"), REPO
    )
    assert files["mkdocs.yml"] == (REPO / "mkdocs.yml").read_text("utf-8")
    for path in ("docs/contribute/index.md", ".github/pull_request_template.md"):
        assert files[path] == (REPO / path).read_text("utf-8"), path


def test_the_site_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The publish workflow sets SITE_URL; without it, `mkdocs serve`'s own address."""
    from mkdocs.config import load_config

    files, _emptied = plan(NewExchange("Scambio", UPSTREAM, language="it", country="IT"), REPO)
    monkeypatch.delenv("SITE_URL", raising=False)
    assert _settings(files["mkdocs.yml"])["site_url"] == "http://127.0.0.1:8000/"
    # A local address is not one to link to (the issue forms' field reference).
    assert read_site_settings(REPO / "mkdocs.yml").site_url is None
    monkeypatch.setenv("SITE_URL", "https://org.github.io/fork/")
    assert _settings(files["mkdocs.yml"])["site_url"] == "https://org.github.io/fork/"
    assert read_site_settings(REPO / "mkdocs.yml").site_url == "https://org.github.io/fork"
    # MkDocs itself reads the repository's file the same way.
    assert load_config(str(REPO / "mkdocs.yml")).site_url == "https://org.github.io/fork/"


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--language", "spanish"], "'spanish' is not a language code"),
        (["--country", "Spain"], "'Spain' is not a country code"),
        (["--currency", "EURO"], "'EURO' is not an ISO 4217 currency code"),
        (["--repo-url", "https://gitlab.com/x/y"], "must be a GitHub repository"),
        (["--region", "!!!"], "the region '!!!' has no letters or digits"),
        (["--region", "Navarra", "--region", "navarra"], "two regions have the same name"),
    ],
)
def test_a_wrong_option_is_said_plainly_and_changes_nothing(
    tmp_path: Path, options: list[str], said: str
) -> None:
    root = _fork(tmp_path)
    before = _tree(root)
    base = {"--name": "Intercambio", "--repo-url": "https://github.com/a/b", "--language": "es"}
    base["--country"] = "ES"
    args = [x for k, v in base.items() if k not in options for x in (k, v)]
    done = exchange("init", *args, *options, cwd=root)
    assert done.returncode == 2, done.stdout
    assert said in done.stderr and "Traceback" not in done.stderr
    assert _tree(root) == before


def test_a_name_with_yaml_syntax_reads_back_as_written(tmp_path: Path) -> None:
    name = 'Scambio: l\'innovazione "vera" # uno'
    files, _emptied = plan(
        NewExchange(name, "https://github.com/a/b", language="it", country="IT"), tmp_path
    )
    settings = _settings(files["mkdocs.yml"])
    assert settings["site_name"] == name
    assert settings["theme"]["language"] == "it"
    assert [next(iter(item)) for item in settings["nav"]][:3] == ["Home", "Sfoglia", "Scout"]


def test_an_empty_spanish_exchange_builds_strictly_in_spanish(tmp_path: Path) -> None:
    """No sample content left, and still a strict build (the sample pages linked to it)."""
    root = _fork(tmp_path)
    done = exchange(
        "init", "--name", "Intercambio de innovación", "--repo-url", "https://github.com/a/b",
        "--language", "es", "--country", "ES", "--region", "Castilla y León", cwd=root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not list((root / "content" / "innovations").glob("*/index.md"))
    regions = yaml.safe_load((root / "content/vocabularies/regions.yml").read_text("utf-8"))
    assert [t["id"] for t in regions["terms"]] == ["national", "castilla-y-leon"]
    assert regions["terms"][0]["label"] == "España"
    stages = yaml.safe_load((root / "content/vocabularies/stages.yml").read_text("utf-8"))
    assert stages["label"] == "Fase"
    assert exchange("validate", "content", cwd=root).returncode == 0
    out = tmp_path / "out"
    built = build(root, out)
    assert built.returncode == 0, built.stdout + built.stderr
    phrases = english_phrases()
    for page in out.rglob("*.html"):
        html = page.read_text("utf-8")
        assert '<html lang="es"' in html[:500]
        assert not english_left(visible(html), phrases), page


def _init(root: Path, *options: str, name: str = "Intercambio"):
    """``exchange init`` in Spanish for Spain, but for what ``options`` say."""
    base = {"--name": name, "--repo-url": "https://github.com/a/b", "--language": "es"}
    base["--country"] = "ES"
    args = [x for k, v in base.items() if k not in options for x in (k, v)]
    return exchange("init", *args, *options, cwd=root)


def _unchanged(root: Path, *options: str, said: str, name: str = "Intercambio") -> None:
    before = _tree(root)
    done = _init(root, *options, name=name)
    assert done.returncode == 2, done.stdout
    assert said in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert _tree(root) == before


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--name", "Scambio\nplugins: []\n#", "--name must be on one line"),
        ("--name", "Scambio\r", "--name must be on one line"),
        ("--name", "Scambio\u2028uno", "--name must be on one line"),
        ("--name", "Scambio\x1b[31m", "--name must not hold the character U+001B (ESCAPE)"),
        ("--name", "Scambio\u202eonu", "--name must not hold the character U+202E"),
        ("--name", "Scambio <b>uno</b>", "--name must not hold '<'"),
        ("--description", "Uno.\nplugins: []", "--description must be on one line"),
        ("--description", "Uno\tdue", "--description must not hold the character U+0009"),
        ("--description", "<script>x</script>", "--description must not hold '<'"),
        ("--region", "Navarra\nnational", "--region must be on one line"),
        ("--region", "Navarra\x07", "--region must not hold the character U+0007 (BELL)"),
        ("--region", "<i>Navarra</i>", "--region must not hold '<'"),
    ],
)
def test_a_line_break_control_character_or_html_in_an_option_is_refused(
    tmp_path: Path, option: str, value: str, said: str
) -> None:
    """No option's text can add a YAML key, a Markdown block or HTML to the files."""
    root = _fork(tmp_path)
    if option == "--name":
        _unchanged(root, said=said, name=value)
    else:
        _unchanged(root, option, value, said=said)


def test_the_site_name_is_in_no_yaml_comment(tmp_path: Path) -> None:
    name = "Scambio # plugins: []"
    files, _emptied = plan(
        NewExchange(name, "https://github.com/a/b", language="it", country="IT"), tmp_path
    )
    comments = [line for line in files["mkdocs.yml"].splitlines() if line.lstrip().startswith("#")]
    assert comments and not any("Scambio" in line for line in comments)
    settings = _settings(files["mkdocs.yml"])
    assert settings["site_name"] == name and "plugins" in settings


@pytest.mark.parametrize(
    "name",
    [
        "*Scambio* _di_ __prova__ `uno` [link](https://example.org) ![x](y.png) | a | b |",
        "# Scambio",
        "1. Scambio",
        "- Scambio + uno",
        "> Scambio {: .x } \\ & &lt; AT&T ~~no~~ !",
    ],
)
def test_the_site_name_reads_as_written_in_the_markdown_pages(tmp_path: Path, name: str) -> None:
    """Markdown in the name is escaped: the page shows it, and makes no markup of it."""
    files, _emptied = plan(
        NewExchange(name, "https://github.com/a/b", language="en", country="GB"), tmp_path
    )
    extensions = _settings(files["mkdocs.yml"])["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    html = markdown.markdown(files["docs/about.md"], extensions=names)
    first = html.split("</h1>", 1)[1].split("</p>", 1)[0].strip()
    expected = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert first.startswith(f"<p>{expected} is a searchable catalogue of proven"), first
    assert html.count("<h1") == 1 and "<table>" not in html and "<blockquote>" not in html


def test_the_markdown_filter_escapes_every_special_character() -> None:
    escaped = init._markdown_text("\\`*_{}[]()#+-.!|>")
    assert escaped == "".join("\\" + c for c in "\\`*_{}[]()#+-.!|>")
    assert init._markdown_text("a <b> & c") == "a &lt;b\\> &amp; c"


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--region", "National"], "the region 'National' would have the id 'national'"),
        (["--region", " NATIONAL "], "would have the id 'national'"),
        (["--region", "Navarra " + "x" * 80], "--region must be 1 to 80 characters"),
        # Forms the issue forms cannot have: found before the sample content goes.
        (["--language", "en", "--region", "None"], "GitHub reserves the dropdown option 'None'"),
        (
            ["--language", "en", "--content-language", "es", "--region", "España"],
            "two terms of regions have the label 'España'",
        ),
    ],
)
def test_a_region_init_cannot_write_changes_nothing(
    tmp_path: Path, options: list[str], said: str
) -> None:
    root = _fork(tmp_path)
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", root / ".github" / "ISSUE_TEMPLATE")
    _unchanged(root, *options, said=said)


def test_every_file_is_checked_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = NewExchange("Scambio", "https://github.com/a/b", language="it", country="IT")
    regions = NewExchange(
        "Scambio", "https://github.com/a/b", language="it", country="IT",
        regions=tuple(f"Regione {i}" for i in range(VOCABULARY_TERMS)),
    )  # fmt: skip
    with pytest.raises(InitError, match=r"content/vocabularies/regions\.yml would not be valid"):
        plan(regions, tmp_path)
    monkeypatch.setattr(init, "_exchange_yml", lambda new: "country: IT\nsections: 1\n")
    with pytest.raises(InitError, match=r"content/exchange\.yml would not be valid"):
        plan(new, tmp_path)
    monkeypatch.undo()

    def no_forms(*args: object, **kwargs: object) -> dict[str, str]:
        raise FormError("two terms of regions have the label 'Lombardia'")

    monkeypatch.setattr("generator.issue_forms.generate.render", no_forms)
    with pytest.raises(InitError, match="two terms of regions have the label 'Lombardia'"):
        plan(new, tmp_path)
    assert not list(tmp_path.iterdir())


def test_the_issue_forms_are_in_the_plan(tmp_path: Path) -> None:
    """plan() renders the forms (apply only writes), as 'exchange issue-forms' would,
    and removes generated forms the exchange no longer has; hand-written ones stay."""
    root = _fork(tmp_path)
    forms = root / ".github" / "ISSUE_TEMPLATE"
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", forms)
    (forms / "renamed.yml").write_text(HEADER + "name: old\n", encoding="utf-8")
    (forms / "bug.yml").write_text("name: Bug\n", encoding="utf-8")
    files, emptied = plan(
        NewExchange("Intercambio", "https://github.com/a/b", language="es", country="ES"), root
    )
    made = {
        f.removeprefix(".github/ISSUE_TEMPLATE/")
        for f in files
        if f.startswith(".github/ISSUE_TEMPLATE/")
    }
    assert made == {p.name for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")}
    assert forms / "renamed.yml" in emptied and forms / "bug.yml" not in emptied
    done = _init(root)
    assert done.returncode == 0, done.stderr
    assert ".github/ISSUE_TEMPLATE/config.yml" in done.stdout
    assert not (forms / "renamed.yml").exists() and (forms / "bug.yml").is_file()
    checked = exchange("issue-forms", "--check", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "https://github.com/a/b/" in (forms / "config.yml").read_text("utf-8")


@pytest.mark.parametrize(
    "folder",
    [
        "content",
        "content/innovations",
        "content/scouts",
        "docs",
        "docs/contribute",
        ".github",
        ".github/ISSUE_TEMPLATE",
    ],
)
def test_a_folder_that_is_a_symbolic_link_is_refused_before_anything_is_written(
    tmp_path: Path, folder: str
) -> None:
    (tmp_path / "fork").mkdir()
    root = _fork(tmp_path / "fork")
    (root / ".github" / "ISSUE_TEMPLATE").mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / folder, elsewhere)
    (root / folder).symlink_to(elsewhere, target_is_directory=True)
    outside = _tree(elsewhere)
    _unchanged(root, said=f"{folder} is a symbolic link or leads out of the repository")
    assert _tree(elsewhere) == outside


def test_a_folder_linked_inside_the_repository_is_refused_too(tmp_path: Path) -> None:
    root = _fork(tmp_path)
    (root / "kept").mkdir()
    (root / "kept" / "x.md").write_text("x", encoding="utf-8")
    shutil.rmtree(root / "docs" / "contribute")
    (root / "docs" / "contribute").symlink_to(root / "kept", target_is_directory=True)
    _unchanged(root, said="docs/contribute is a symbolic link")
    (root / "docs" / "contribute").unlink()
    (root / "docs" / "contribute").mkdir()
    (root / "docs" / "about.md").unlink()
    (root / "docs" / "about.md").symlink_to(root / "kept" / "x.md")
    _unchanged(root, said="docs/about.md is a symbolic link")


def test_a_lower_case_country_is_the_country(tmp_path: Path) -> None:
    files, _emptied = plan(
        NewExchange("Scambio", "https://github.com/a/b", language="it", country="it"), tmp_path
    )
    regions = yaml.safe_load(files["content/vocabularies/regions.yml"])
    assert regions["terms"][0] == {
        "id": "national",
        "label": "Italia",
        "description": regions["terms"][0]["description"],
    }
    assert yaml.safe_load(files["content/exchange.yml"])["country"] == "IT"
