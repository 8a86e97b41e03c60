"""An Italian exchange made with ``exchange init``: it builds, and speaks Italian.

The issue's test, end to end: a copy of the repository turned into an Italian
exchange in a temporary folder, with a few Italian entries, a case study and a
scout, built with ``mkdocs build --strict``.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from generator.i18n.catalogues import TEMPLATE
from tests.i18n import italian_exchange
from tests.i18n.italian_exchange import FORK, NAME, exchange

pytestmark = pytest.mark.slow
#: Where the site's own words are written (not the CLI's or the bot's).
SITE_SOURCES = ("generator/pages/", "generator/theme/", "generator/init/templates/")
#: The name of the practice the project comes from ("their Innovation Exchange is an
#: Interreg Europe good practice"): a proper name, kept in any language.
PROPER_NAMES = {"Innovation Exchange"}


@pytest.fixture(scope="module")
def fork(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return italian_exchange.make(tmp_path_factory.mktemp("fork"))


@pytest.fixture(scope="module")
def site(fork: Path) -> Path:
    out = fork / "site"
    done = italian_exchange.build(fork, out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


class _Visible(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, and read attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "alt", "placeholder"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_phrases() -> set[str]:
    """The site's English messages, cut at their placeholders into phrases of two
    words or more (single words such as a name could be in any language)."""
    with TEMPLATE.open("rb") as pot:
        template = read_po(pot)
    phrases = set()
    for message in template:
        if not message.id or not any(p.startswith(SITE_SOURCES) for p, _ in message.locations):
            continue
        if message.id in PROPER_NAMES:
            continue
        for text in [message.id] if isinstance(message.id, str) else message.id:
            text = re.sub(r"`[^`]*`", "{code}", text)  # code is written as it is typed
            for piece in re.split(r"\{[^}]*\}|\*\*|[*`\[\]()]", text):
                piece = " ".join(piece.split()).strip(" .,:;!?'\"-")
                if len(piece) >= 10 and len(piece.split()) >= 2:
                    phrases.add(piece)
    return phrases


def english_left(text: str, phrases: set[str]) -> list[str]:
    return sorted(p for p in phrases if p in text)


def test_the_english_check_can_fail() -> None:
    phrases = english_phrases()
    assert len(phrases) > 50
    page = "<main><p>Nessun risultato</p><p>" + sorted(phrases)[0] + "</p></main>"
    assert english_left(visible(page), phrases) == [sorted(phrases)[0]]


def test_no_english_is_left_on_any_page(site: Path) -> None:
    phrases = english_phrases()
    found = {}
    for path in sorted(site.rglob("*.html")):
        left = english_left(visible(path.read_text("utf-8")), phrases)
        if left:
            found[path.relative_to(site).as_posix()] = left
    assert not found, found


def test_every_page_is_italian(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        assert '<html lang="it"' in path.read_text("utf-8")[:500], path


def test_the_browsers_messages_are_italian(site: Path) -> None:
    module = (site / "assets" / "exchange" / "messages.js").read_text("utf-8")
    assert '"language": "it"' in module
    assert "Nessun risultato" in module or "nessun risultato" in module


def test_costs_are_in_euro_written_the_italian_way(site: Path) -> None:
    page = visible((site / "innovations" / "telemonitoraggio-bpco" / "index.html").read_text())
    assert "12.000 €" in page
    assert "3000,50 €" in page or "3.000,50 €" in page


def test_search_stems_italian(site: Path) -> None:
    entry = (site / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    assert '"it"' in entry
    assert list((site / "pagefind").glob("wasm.it.pagefind"))


def test_the_forms_are_italian_and_point_at_the_fork(fork: Path) -> None:
    forms = fork / ".github" / "ISSUE_TEMPLATE"
    texts = {p.name: p.read_text("utf-8") for p in forms.glob("*.yml")}
    assert texts
    everything = "\n".join(texts.values())
    assert "github.com/innovation-exchange/innovation-exchange" not in everything
    assert FORK in everything
    names = [yaml.safe_load(t)["name"] for n, t in texts.items() if n != "config.yml"]
    assert "Nuova innovazione" in names, names
    checklist = (fork / ".github" / "pull_request_template.md").read_text("utf-8")
    assert "### Lista di controllo" in checklist and "Checklist" not in checklist


def test_the_hand_written_pages_point_at_the_fork(site: Path) -> None:
    page = (site / "contribute" / "index.html").read_text("utf-8")
    assert f"{FORK}/issues/new/choose" in page
    assert "innovation-exchange/innovation-exchange" not in page
    about = visible((site / "about" / "index.html").read_text("utf-8"))
    assert f"{NAME} è un catalogo" in about


def _validate(fork: Path, tmp_path: Path, edit) -> list[dict]:
    copy = tmp_path / "fork"
    shutil.copytree(fork, copy, ignore=shutil.ignore_patterns("site"))
    edit(copy / "content")
    done = exchange("validate", "content", "--format", "json", cwd=copy)
    import json

    return json.loads(done.stdout)["diagnostics"]


def test_italian_headings_pass_and_english_ones_are_explained(fork: Path, tmp_path: Path) -> None:
    def english_heading(content: Path) -> None:
        index = content / "innovations" / "telemonitoraggio-bpco" / "index.md"
        index.write_text(index.read_text("utf-8").replace("## Il problema", "## The problem"))

    # Clean but for a reminder that the second innovation has no case study yet.
    clean = _validate(fork, tmp_path / "a", lambda content: None)
    assert [p["code"] for p in clean] == ["no-case-study"]
    problems = [
        p for p in _validate(fork, tmp_path / "b", english_heading) if p["code"] != "no-case-study"
    ]
    assert [p["code"] for p in problems] == ["section-in-another-language"]
    assert "## The problem" in problems[0]["message"]
    assert "## Il problema" in problems[0]["hint"]
    assert "italiano" in problems[0]["hint"]  # the CLI speaks the exchange's language


def test_a_codice_fiscale_is_refused_and_phone_numbers_are_not(fork: Path, tmp_path: Path) -> None:
    def codice_fiscale(content: Path) -> None:
        scout = content / "scouts" / "giulia-esempio.yml"
        scout.write_text(
            scout.read_text("utf-8").replace("territoriali.", "territoriali. CF RSSMRA85T10A562S")
        )

    problems = [
        p for p in _validate(fork, tmp_path, codice_fiscale) if p["code"] != "no-case-study"
    ]
    assert [(p["code"], p["file"].rsplit("/", 1)[-1]) for p in problems] == [
        ("codice-fiscale", "giulia-esempio.yml")
    ]
