"""``exchange init``: a fork becomes an exchange of its own, or nothing changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import i18n
from generator.init import NewExchange, plan
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


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_repositorys_own_settings_are_what_init_writes_for_it() -> None:
    """mkdocs.yml and the contribute page come from init's templates: no drift."""
    files, _emptied = plan(
        NewExchange("Innovation Exchange", UPSTREAM, language="en", country="GB"), REPO
    )
    assert files["mkdocs.yml"] == (REPO / "mkdocs.yml").read_text("utf-8")
    assert files["docs/contribute/index.md"] == (REPO / "docs/contribute/index.md").read_text(
        "utf-8"
    )


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
    settings = yaml.safe_load(files["mkdocs.yml"])
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
