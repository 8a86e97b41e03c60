"""`exchange issue-forms`: the committed forms are exactly what the models and the
vocabularies generate, so a form cannot drift from the schema, and a form filled in
as GitHub would submit it converts into a valid entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.exchange import Exchange, ExchangeSettings
from generator.issue_forms import headings
from generator.issue_forms.generate import (
    HEADER,
    FormError,
    Site,
    render,
    repository_url,
    vocabulary_options,
)
from generator.issue_forms.site import SiteSettingsError, read_site_settings
from generator.issue_forms.spec import (
    FORMS,
    field_info,
    for_exchange,
    is_list,
    is_required,
    question_required,
    uncovered_fields,
    vocabulary_names,
)
from generator.loader.content import load_content
from generator.models import SECTIONS, Term, Vocabulary
from generator.validation import validate
from tests.i18n.stand_in import speak_marked

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"


@pytest.fixture(scope="module")
def vocabularies() -> dict[str, Vocabulary]:
    return load_content(REPO / "content").vocabularies


@pytest.fixture(scope="module")
def forms() -> dict[str, dict]:
    """The committed forms, by form key."""
    return {
        key: yaml.safe_load((TEMPLATES / form.filename).read_text(encoding="utf-8"))
        for key, form in FORMS.items()
    }


# --- drift -----------------------------------------------------------------------------------


def _site() -> Site:
    """The exchange's own settings, as 'exchange issue-forms' reads them."""
    settings = read_site_settings(REPO / "mkdocs.yml")
    assert settings.repo_url and settings.site_name
    return Site(settings.repo_url, settings.site_name, settings.site_url)


def test_committed_forms_match_the_generator(vocabularies, monkeypatch):
    monkeypatch.chdir(REPO)
    expected = render(vocabularies, _site())
    committed = {p.name: p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.yml")}
    stale = sorted(
        name
        for name in expected.keys() | committed.keys()
        if expected.get(name) != committed.get(name)
    )
    assert not stale, (
        f"{stale} in .github/ISSUE_TEMPLATE/ differ from the models and vocabularies: "
        "run 'exchange issue-forms' and commit the result"
    )


def test_check_command_on_the_repository(cli, monkeypatch):
    monkeypatch.chdir(REPO)
    assert cli(["issue-forms", "--check"])[0] == 0


@pytest.mark.parametrize("key", list(FORMS))
def test_every_model_field_is_asked_or_explained(key):
    assert uncovered_fields(FORMS[key]) == [], (
        "a model field has no question in the issue form: add one in "
        "generator/issue_forms/spec.py or list it in the form's 'excluded' with the reason"
    )


def test_a_new_field_without_a_question_is_caught(monkeypatch):
    from dataclasses import replace

    form = FORMS["scout"]
    trimmed = replace(form, questions=tuple(q for q in form.questions if q.id != "role"))
    assert uncovered_fields(trimmed) == ["role"]


def test_check_reports_stale_and_write_fixes(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "forms"
    code, _, err = cli(["issue-forms", "--out", str(out), "--check"])
    assert code == 1 and "new-innovation.yml" in err and "config.yml" in err
    assert not out.exists()  # --check writes nothing
    assert cli(["issue-forms", "--out", str(out)])[0] == 0
    assert cli(["issue-forms", "--out", str(out), "--check"])[0] == 0
    # A hand edit, and a generated form that is no longer produced, are both stale.
    edited = out / "scout-profile.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Name", "Nom"), "utf-8")
    (out / "old-form.yml").write_text(HEADER + "name: Old\n", encoding="utf-8")
    (out / "hand-written.yml").write_text("name: Mine\n", encoding="utf-8")
    code, _, err = cli(["issue-forms", "--out", str(out), "--check"])
    assert code == 1 and "scout-profile.yml" in err and "old-form.yml" in err
    assert "hand-written.yml" not in err
    assert cli(["issue-forms", "--out", str(out)])[0] == 0
    assert not (out / "old-form.yml").exists() and (out / "hand-written.yml").exists()
    assert cli(["issue-forms", "--out", str(out), "--check"])[0] == 0


def test_a_vocabulary_change_makes_the_forms_stale(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "vocabularies", content / "vocabularies")
    stages = content / "vocabularies" / "stages.yml"
    stages.write_text(
        stages.read_text(encoding="utf-8") + "  - id: retired\n    label: Retired\n",
        encoding="utf-8",
    )
    code, _, err = cli(["issue-forms", "--content", str(content), "--check"])
    assert code == 1 and "new-innovation.yml" in err
    assert "scout-profile.yml" not in err  # the scout form has no stage


def test_output_is_deterministic(vocabularies):
    assert render(vocabularies, _site()) == render(vocabularies, _site())


def test_usage_errors(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    assert cli(["issue-forms", "--content", str(tmp_path)])[0] == 2
    assert cli(["issue-forms", "--repo-url", "http://example.org"])[0] == 2
    # No mkdocs.yml (or one without repo_url), and no --repo-url: nothing to link to.
    code, _out, err = cli(["issue-forms", "--config", str(tmp_path / "mkdocs.yml"), "--check"])
    assert code == 2 and "--repo-url" in err
    (tmp_path / "mkdocs.yml").write_text("site_name: X\n", encoding="utf-8")
    code, _out, err = cli(["issue-forms", "--config", str(tmp_path / "mkdocs.yml"), "--check"])
    assert code == 2 and "repo_url" in err
    (tmp_path / "mkdocs.yml").write_text("repo_url: https://gitlab.com/a/b\n", encoding="utf-8")
    code, _out, err = cli(["issue-forms", "--config", str(tmp_path / "mkdocs.yml"), "--check"])
    assert code == 2 and "https://github.com/OWNER/REPO" in err


MKDOCS = """\
site_name: Northshire Exchange
site_url: !ENV [EXCHANGE_TEST_SITE_URL, "https://exchange.example.org/"]
repo_url: https://github.com/nhs-x/exchange.git
theme:
  name: material
  language: !ENV [EXCHANGE_TEST_LANGUAGE, it]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
hooks:
  - !relative $config_dir/hooks.py
"""


def test_site_settings_from_mkdocs_yml(tmp_path, monkeypatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS, encoding="utf-8")
    monkeypatch.delenv("EXCHANGE_TEST_SITE_URL", raising=False)
    monkeypatch.setenv("EXCHANGE_TEST_LANGUAGE", "pt-BR")
    assert read_site_settings(config) == (
        "Northshire Exchange",
        "https://github.com/nhs-x/exchange",
        "https://exchange.example.org",
        "pt-BR",
    )
    assert repository_url(config) == "https://github.com/nhs-x/exchange"
    assert repository_url(tmp_path / "missing.yml") is None
    config.write_text("theme: material\n", encoding="utf-8")
    assert read_site_settings(config) == (None, None, None, None)
    config.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(SiteSettingsError):
        read_site_settings(config)
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SiteSettingsError):
        read_site_settings(config)
    with pytest.raises(OSError):
        read_site_settings(tmp_path / "missing.yml")


def test_links_come_from_mkdocs_yml(cli, tmp_path, monkeypatch):
    """Another exchange's forms link to its own repository and site, never to ours."""
    monkeypatch.chdir(REPO)
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS, encoding="utf-8")
    monkeypatch.delenv("EXCHANGE_TEST_SITE_URL", raising=False)
    out = tmp_path / "forms"
    assert cli(["issue-forms", "--config", str(config), "--out", str(out)])[0] == 0
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("*.yml")))
    assert "innovation-exchange/innovation-exchange" not in text
    assert "Innovation Exchange" not in text and "Northshire Exchange" in text
    assert "https://github.com/nhs-x/exchange/blob/main/CONTRIBUTING.md" in text
    assert "https://exchange.example.org/contribute/fields/" in text
    config_yml = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert [link["url"] for link in config_yml["contact_links"]] == [
        "https://github.com/nhs-x/exchange/blob/main/CONTRIBUTING.md",
        "https://exchange.example.org/contribute/fields/",
    ]
    # --repo-url wins over repo_url.
    assert (
        cli(
            [
                "issue-forms",
                "--config",
                str(config),
                "--out",
                str(out),
                "--repo-url",
                "https://github.com/other/repo/",
            ]
        )[0]
        == 0
    )
    assert "https://github.com/other/repo/blob/main/CONTRIBUTING.md" in (
        out / "config.yml"
    ).read_text(encoding="utf-8")


# --- what the forms contain -----------------------------------------------------------------------


def test_files_and_config(forms):
    names = sorted(p.name for p in TEMPLATES.glob("*.yml"))
    assert names == ["config.yml", "new-case-study.yml", "new-innovation.yml", "scout-profile.yml"]
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    assert config["contact_links"][0]["url"].endswith("/blob/main/CONTRIBUTING.md")
    for key, form in forms.items():
        assert FORMS[key].label in form["labels"] and "submission" in form["labels"]


@pytest.mark.parametrize("key", list(FORMS))
def test_github_form_rules(forms, key):
    """What GitHub checks when it reads a form (docs: 'Syntax for GitHub's form schema')."""
    form = forms[key]
    assert {"name", "description", "body"} <= form.keys()
    assert form["body"][0]["type"] == "markdown"
    ids, labels = [], []
    for item in form["body"][1:]:
        assert item["type"] in {"input", "textarea", "dropdown", "checkboxes"}
        ids.append(item["id"])
        labels.append(item["attributes"]["label"])
        assert item["id"].replace("-", "").replace("_", "").isalnum()
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(options) == len(set(options))
            assert "None" not in options
        if item["type"] == "checkboxes":
            assert "validations" not in item
            assert all({"label", "required"} == o.keys() for o in item["attributes"]["options"])
    assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))


@pytest.mark.parametrize("key", list(FORMS))
def test_required_flags_and_options_come_from_the_models(forms, vocabularies, key):
    spec = FORMS[key]
    by_id = {item["id"]: item for item in forms[key]["body"][1:]}
    for q in spec.questions:
        item = by_id[q.id]
        if not q.path or q.kind == "consent":
            continue
        required = item["validations"]["required"]
        assert required == is_required(spec.model, q.path), q.id
        info = field_info(spec.model, q.path)
        if q.kind == "dropdown":
            assert item["attributes"]["multiple"] == is_list(info)
            names = vocabulary_names(info)
            if names:
                expected = [o.label for o in vocabulary_options(names, vocabularies)]
                assert item["attributes"]["options"] == expected
        if info.description and q.kind != "rows":
            assert item["attributes"]["description"].startswith(info.description)


def test_required_examples(forms):
    innovation = {item["id"]: item for item in forms["innovation"]["body"][1:]}
    assert innovation["title"]["validations"]["required"] is True
    assert innovation["types"]["attributes"]["multiple"] is True
    assert innovation["types"]["validations"]["required"] is True  # at least one
    assert innovation["clinical-areas"]["validations"]["required"] is False
    assert innovation["organisation-website"]["validations"]["required"] is False
    assert innovation["contact-email"]["validations"]["required"] is False
    assert "Kent, Surrey and Sussex" in innovation["regions"]["attributes"]["options"]


@pytest.mark.parametrize("key", ["innovation", "case-study"])
def test_body_sections_are_textareas(forms, key):
    items = {item["attributes"]["label"]: item for item in forms[key]["body"][1:]}
    for section in SECTIONS[key]:
        assert items[section.heading]["type"] == "textarea"
        assert items[section.heading]["validations"]["required"] is section.required
        assert items[section.heading]["attributes"]["description"] == section.prompt


# --- the exchange's own sections -----------------------------------------------------------------

_PROMPT = "Staff, money and equipment: what it cost {per patient} & who paid."
_EXCHANGE = f"""sections:
  innovation:
    resources:
      required: true
      prompt: "{_PROMPT}"
"""


def test_forms_follow_the_exchanges_sections(forms, content_dir, cli):
    """A section exchange.yml makes required is required in the form, with the
    exchange's prompt; its question keeps its id and label, and the rest is unchanged."""
    (content_dir / "exchange.yml").write_text(_EXCHANGE, encoding="utf-8")
    out = content_dir.parent / "forms"
    args = ["issue-forms", "--content", str(content_dir), "--out", str(out)]
    code, _, err = cli([*args, "--config", str(REPO / "mkdocs.yml")])
    assert code == 0, err
    form = yaml.safe_load((out / "new-innovation.yml").read_text(encoding="utf-8"))
    items = {item["id"]: item for item in form["body"][1:]}
    committed = {item["id"]: item for item in forms["innovation"]["body"][1:]}
    assert list(items) == list(committed)
    resources = items.pop("section-resources-needed")
    assert resources["attributes"]["label"] == "Resources needed"
    assert resources["attributes"]["description"] == _PROMPT  # as written, not formatted
    assert resources["validations"]["required"] is True
    assert committed.pop("section-resources-needed")["validations"]["required"] is False
    assert items == committed
    committed_case_study = yaml.safe_load((TEMPLATES / "new-case-study.yml").read_text("utf-8"))
    case_study = yaml.safe_load((out / "new-case-study.yml").read_text(encoding="utf-8"))
    assert case_study["body"] == committed_case_study["body"]

    def submit(items: list[dict]) -> tuple[int, str]:
        path = content_dir.parent / "body.md"
        answers = (f"### {item['attributes']['label']}\n\n{_fill(item)}" for item in items)
        path.write_text("\n\n".join(answers), encoding="utf-8")
        code, text, _ = cli(["from-issue", "--form", "innovation", "--body-file", str(path)])
        return code, text

    # 'exchange from-issue' asks the same: the committed form left it empty, refused...
    code, text = submit(forms["innovation"]["body"][1:])
    assert code == 1 and "| Resources needed | this answer is required |" in text
    # ...and the exchange's form, answered, becomes a valid entry.
    code, text = submit(form["body"][1:])
    assert code == 0, text


def test_a_default_prompt_is_shown_in_the_forms_language():
    """Without a prompt of its own, an exchange writing in Italian keeps the model's
    prompt, translated into the form's language when shown (not frozen in Italian)."""
    italian = Exchange.of(ExchangeSettings(country="IT", language="it"))
    form = for_exchange(FORMS["innovation"], italian)
    sections = [q for q in form.questions if q.kind == "section"]
    assert [q.section for q in sections] == [s.id for s in SECTIONS["innovation"]]
    for q, section in zip(sections, SECTIONS["innovation"], strict=True):
        assert q.prompt == "" and q.help_text() == section.prompt
        assert question_required(form, q) is section.required
    assert for_exchange(FORMS["scout"], italian) is FORMS["scout"]


def test_scout_consent_checkbox(forms):
    consent = next(i for i in forms["scout"]["body"] if i.get("id") == "consent")
    assert consent["type"] == "checkboxes"
    assert consent["attributes"]["options"][0]["required"] is False  # not ticking = publish: false
    intro = forms["scout"]["body"][0]["attributes"]["value"]
    assert "only if you tick the consent box" in intro and "public on GitHub" in intro


def test_interests_join_two_vocabularies(forms, vocabularies):
    interests = next(i for i in forms["scout"]["body"] if i.get("id") == "interests")
    options = interests["attributes"]["options"]
    assert options[0] == vocabularies["clinical-areas"].terms[0].label
    assert vocabularies["innovation-types"].terms[0].label in options


def test_clashing_and_reserved_labels_are_refused():
    vocab = Vocabulary(
        label="Stage", terms=[Term(id="a", label="Same"), Term(id="b", label="Same")]
    )
    with pytest.raises(FormError, match="two terms"):
        vocabulary_options(("stages",), {"stages": vocab})
    vocab = Vocabulary(label="Stage", terms=[Term(id="none", label="None")])
    with pytest.raises(FormError, match="reserves"):
        vocabulary_options(("stages",), {"stages": vocab})
    # The same label in two vocabularies of one dropdown is told apart by the vocabulary.
    one = Vocabulary(label="Clinical area", terms=[Term(id="other-area", label="Other")])
    two = Vocabulary(label="Innovation type", terms=[Term(id="other", label="Other")])
    options = vocabulary_options(("a", "b"), {"a": one, "b": two})
    assert [o.label for o in options] == ["Other", "Other (Innovation type)"]


# --- filled in as GitHub would submit it ---------------------------------------------------------


def _fill(item: dict) -> str:
    """A valid answer to one element of the committed form, as GitHub writes it."""
    attributes = item["attributes"]
    if item["type"] == "checkboxes":
        return "\n".join(f"- [X] {o['label']}" for o in attributes["options"])
    if item["type"] == "dropdown":
        options = attributes["options"]
        return ", ".join(options[:2]) if attributes.get("multiple") else options[-1]
    if not item["validations"]["required"]:
        return "_No response_"
    return {"innovation": "remote-copd-monitoring"}.get(item["id"], "An answer.")


@pytest.mark.parametrize("key", list(FORMS))
def test_a_filled_in_form_becomes_a_valid_entry(forms, key, content_dir, cli):
    # Everything comes from the committed YAML: its labels, options and checkboxes.
    body = "\r\n\r\n".join(
        f"### {item['attributes']['label']}\r\n\r\n{_fill(item)}".replace("\n", "\r\n").replace(
            "\r\r\n", "\r\n"
        )
        for item in forms[key]["body"][1:]
    )
    if key == "case-study":
        folder = content_dir / "innovations" / "remote-copd-monitoring"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            "---\ntitle: COPD\nsummary: Monitoring.\nstage: idea\ntypes: [digital]\n"
            "regions: [wessex]\norganisation: {name: Trust, type: provider}\n"
            "evidence: {level: local-evaluation}\nlast_reviewed: '2026-01-01'\n---\n\n"
            "## The problem\n\nP.\n\n## The solution\n\nS.\n\n## Evidence of success\n\nE.\n",
            encoding="utf-8",
        )
    path = content_dir.parent / "body.md"
    path.write_bytes(body.encode("utf-8"))
    code, out, err = cli(["from-issue", "--form", key, "--body-file", str(path)])
    assert (code, err) == (0, ""), out
    _, report = validate(content_dir)
    assert report.errors == []


# --- in the exchange's language ------------------------------------------------------------------


@pytest.fixture
def marked(monkeypatch):

    speak_marked(monkeypatch)
    # The command would choose the exchange's language itself: keep the stand-in.
    monkeypatch.setattr("generator.cli.speak_the_exchanges_language", lambda *_args: None)


def test_forms_are_written_in_the_active_language(vocabularies, marked, content_dir, cli):
    """The words are translated when the forms are generated, not when the code is
    imported, and 'exchange from-issue' reads answers under the translated questions."""
    files = render(vocabularies, _site())
    form = yaml.safe_load(files["new-innovation.yml"])
    assert form["name"] == "»New innovation" and form["title"] == "»[Innovation]: "
    assert form["body"][0]["attributes"]["value"].startswith("»Thank you for sharing")
    items = {item["id"]: item for item in form["body"][1:]}
    assert items["title"]["attributes"]["label"] == "»Title"
    assert items["title"]["attributes"]["placeholder"] == "»Remote monitoring for people with COPD"
    assert items["types"]["attributes"]["description"].endswith("»Choose all that apply.")
    # A body section is asked in the active language (the entry file gets the exchange's
    # own heading: see test_from_issue); a term with its label.
    assert items["section-the-problem"]["attributes"]["label"] == "»The problem"
    assert items["stage"]["attributes"]["options"][0] == vocabularies["stages"].terms[0].label
    assert all(o["label"].startswith("»") for o in items["declarations"]["attributes"]["options"])
    config = yaml.safe_load(files["config.yml"])
    assert config["contact_links"][0]["name"] == "»How to contribute"

    body = "\n\n".join(
        f"### {item['attributes']['label']}\n\n{_fill(item)}" for item in form["body"][1:]
    )
    path = content_dir.parent / "body.md"
    path.write_text(body, encoding="utf-8")
    code, out, err = cli(["from-issue", "--form", "innovation", "--body-file", str(path)])
    assert (code, err) == (0, ""), out


# --- reading headings the submitter edited -------------------------------------------------------

BODIES = Path(__file__).parent / "issue_bodies"
INNOVATION = FORMS["innovation"].questions


def _body(*parts: tuple[str, str]) -> str:
    return "\n\n".join(f"### {heading}\n\n{answer}" for heading, answer in parts)


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("title", "Title"),  # case
        ("Stage:", "Stage"),  # punctuation
        ("Lead organisation - type", "Lead organisation: type"),
        ("Lead organization", "Lead organisation"),  # a letter changed
        ("Care setting(s)", "Care settings"),
        ("Title of the innovation", "Title"),  # words added
        ("The solution we built", "The solution"),
        ("Organisation website", "Lead organisation: website"),  # a word left out
        ("Contact e-mail", "Contact: email"),
        ("  Évidence   level ", "Evidence level"),  # accents and spaces
    ],
)
def test_a_heading_edited_a_little_is_still_its_question(written: str, label: str):
    body = _body(("Summary", "S."), (written, "the answer"), ("Keywords", "k"))
    reading = headings.read(body, INNOVATION)
    question = next(q for q in INNOVATION if q.label == label)
    assert reading.answers[question.id] == "the answer"
    assert reading.found[question.id].how in ("exact", "near")
    assert reading.strays == []


@pytest.mark.parametrize("written", ["Notes", "Innovation", "Type", "Level of the evidence"])
def test_a_heading_unlike_any_label_is_not_taken_for_one(written: str):
    # Between two questions with two missing between them: no guess either.
    body = _body(("Title", "T."), (written, "x"), ("Lead organisation: type", "University"))
    reading = headings.read(body, INNOVATION)
    assert reading.answers["title"] == "T."  # a plain answer ends at a stray heading
    assert [s.heading for s in reading.strays] == [written]
    assert reading.strays[0].inside == "title"
    assert reading.strays[0].maybe == ("summary", "organisation-name")


def test_sections_in_any_order():
    body = _body(("Keywords", "k"), ("The solution", "S."), ("Title", "T."), ("The problem", "P."))
    reading = headings.read(body, INNOVATION)
    assert reading.answers["title"] == "T."
    assert reading.answers["section-the-problem"] == "P."
    assert reading.answers["section-the-solution"] == "S."
    assert reading.answers["tags"] == "k"


def test_a_label_typed_inside_another_answer_stays_text():
    """The occurrence that fits the order of the others is the heading, wherever it is."""
    fake = "### Title\n\nnot a heading"
    body = _body(("Title", "T."), ("Summary", "S."), ("The problem", f"P.\n\n{fake}"))
    body += "\n\n" + _body(("The solution", "S."))
    reading = headings.read(body, INNOVATION)
    assert reading.answers["title"] == "T."
    assert reading.answers["section-the-problem"] == f"P.\n\n{fake}"
    # Before its real place, typed inside the answer before it: the same.
    body = _body(("Title", "T.\n\n### Summary\n\nfake"), ("Summary", "S."), ("Stage", "Idea"))
    reading = headings.read(body, INNOVATION)
    assert reading.answers["summary"] == "S."
    assert reading.answers["title"] == "T.\n\n### Summary\n\nfake"


def test_a_lone_unknown_heading_between_known_ones_is_a_guess():
    body = _body(("Title", "T."), ("Short description", "S."), ("Lead organisation", "O."))
    reading = headings.read(body, INNOVATION)
    assert reading.answers["summary"] == "S."
    assert reading.found["summary"] == headings.Found("Short description", "position")
    # Before the first question, too; two missing questions are never guessed.
    reading = headings.read(_body(("Name", "N."), ("Summary", "S.")), INNOVATION)
    assert reading.found["title"].how == "position"
    reading = headings.read(_body(("Name", "N."), ("Lead organisation", "O.")), INNOVATION)
    assert "title" not in reading.found and "summary" not in reading.found


def test_sub_headings_of_a_body_section_are_kept():
    text = "P.\n\n### In numbers\n\n3 in 10"
    body = _body(("The problem", text), ("The solution", "S."))
    reading = headings.read(body, INNOVATION)
    assert reading.answers["section-the-problem"] == text
    assert reading.strays == [headings.Stray("In numbers", "section-the-problem", ())]


def test_after_a_body_section_only_a_required_question_is_guessed():
    text = "R.\n\n### Background\n\nB."
    body = _body(("Resources needed", text), ("Potential for learning or transfer", "T."))
    # Difficulties encountered, optional, deleted: the heading is a sub-heading.
    reading = headings.read(body, INNOVATION, required={"section-the-problem"})
    assert reading.answers["section-resources-needed"] == text
    assert "section-difficulties-encountered" not in reading.found
    # Were it required, the heading may be its answer's.
    reading = headings.read(body, INNOVATION, required={"section-difficulties-encountered"})
    assert reading.found["section-difficulties-encountered"].how == "position"
    assert reading.answers["section-resources-needed"] == "R."


def test_text_before_the_first_heading_is_kept_aside():
    reading = headings.read("Hello!\n\n" + _body(("Title", "T.")), INNOVATION)
    assert reading.preamble == "Hello!" and reading.answers["title"] == "T."
    # Not a form at all: nothing found, nothing to say about a preamble.
    reading = headings.read("Please add my innovation.", INNOVATION)
    assert reading.preamble == "" and not reading.found


@pytest.mark.parametrize(
    ("body", "sent", "meant"),
    [
        ("case-study-valid", "innovation", "case-study"),
        ("case-study-valid", "scout", "case-study"),
        ("innovation-valid", "case-study", "innovation"),
        ("innovation-valid", "scout", "innovation"),
        ("scout-consent", "innovation", "scout"),
        ("scout-consent", "case-study", "scout"),
        ("innovation-valid", "innovation", None),
        ("innovation-renamed-headings", "innovation", None),
        ("innovation-many-problems", "innovation", None),
        ("case-study-valid", "case-study", None),
        ("scout-no-consent", "scout", None),
    ],
)
def test_the_wrong_form_is_recognised(body: str, sent: str, meant: str | None):
    text = (BODIES / f"{body}.md").read_text(encoding="utf-8")
    found = headings.likely_form(text, FORMS[sent], FORMS.values())
    assert (found.key if found else None) == meant


def test_a_few_shared_or_stray_headings_are_not_another_form():
    # Title, Scouts and Measured results are asked by two forms; two of the case
    # study's own are not enough to call it one.
    body = _body(("Title", "T."), ("Scouts", "s"), ("Measured results", "m | r"))
    body += "\n\n" + _body(("Context", "C."), ("Adopted", "2024"), ("Summary", "S."))
    assert headings.likely_form(body, FORMS["innovation"], FORMS.values()) is None
    assert headings.likely_form("Please add my innovation.", FORMS["scout"], FORMS.values()) is None
