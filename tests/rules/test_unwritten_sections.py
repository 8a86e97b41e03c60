"""Sections left empty, or still holding the prompt ``exchange new`` wrote under them:
errors when the section is required, warnings when it is recommended, each with an
example of a good answer, in the exchange's own language and prompts."""

from __future__ import annotations

import time

from generator import scaffold
from generator.i18n import in_language
from generator.loader.files import split_front_matter
from generator.models import SECTIONS as MODEL_SECTIONS
from generator.rules import quality, sections
from generator.rules.sections import SECTION_EXAMPLES, Prompt, words
from tests.test_rules import CASE, CASE_SECTIONS, INDEX, SECTIONS, TODAY, Exchange, run

PROBLEM = "What was wrong, for whom, and how big the problem was."


def _codes(found: list[tuple]) -> list[tuple[int, int, str, str]]:
    return [(line, col, severity, code) for _file, line, col, severity, code in found]


def _hints(content) -> list[str]:
    from generator.rules.context import RuleContext

    return [d.hint for d in sections.section_contents(RuleContext(content, TODAY))]


def test_written_sections_pass(ex: Exchange) -> None:
    ex.innovation()
    ex.case_study()
    assert run(sections.section_contents, ex.load()) == []


def test_an_empty_section_is_an_error_when_required_a_warning_when_recommended(
    ex: Exchange,
) -> None:
    body = SECTIONS.replace("P.", "  \n").replace("R.", "")
    ex.innovation(body=body)
    # The file: "---", 8 fields, "---", "": the body's first heading is line 12.
    assert _codes(run(sections.section_contents, ex.load())) == [
        (12, 1, "error", "empty-section"),  # ## The problem (nothing under it: its heading)
        (25, 1, "warning", "empty-section"),  # ## Resources needed
    ]
    assert _hints(ex.load())[0].startswith("For example: People with COPD were admitted")


def test_a_todo_marker_alone_is_empty_and_reported_once(ex: Exchange) -> None:
    ex.innovation(body=SECTIONS.replace("P.", "TODO"))
    content = ex.load()
    assert _codes(run(sections.section_contents, content)) == [(14, 1, "error", "empty-section")]
    assert run(quality.todo_left, content) == []


def test_the_prompt_left_under_its_heading(ex: Exchange) -> None:
    ex.innovation(body=SECTIONS.replace("P.", f"TODO: {PROBLEM}"))
    ex.case_study(
        body=CASE_SECTIONS.replace("L.", "TODO (recommended): What you would tell the next "
                                   "organisation.")
    )  # fmt: skip
    content = ex.load()
    assert run(sections.section_contents, content) == [
        (INDEX, 14, 1, "error", "prompt-left"),
        (CASE, 23, 1, "warning", "prompt-left"),
    ]
    # The TODO lines are reported once, by the section rule (with its example).
    assert run(quality.todo_left, content) == []
    hint = _hints(content)[0]
    assert f"Replace '{PROBLEM}' with your own words." in hint
    assert "For example: People with COPD" in hint


def test_the_prompt_is_recognised_rewrapped_in_other_case_and_partly_kept(ex: Exchange) -> None:
    for text in [
        PROBLEM,
        "what was wrong,   for whom,\nand how big the problem was",  # no TODO, rewrapped
        f"  {PROBLEM} Our patients waited six weeks for a clinic.",  # own words after it
        f"Our patients waited six weeks.\n\n{PROBLEM.upper()}",
    ]:
        ex.innovation(body=SECTIONS.replace("P.", text))
        found = run(sections.section_contents, ex.load())
        assert [(s, c) for *_, s, c in found] == [("error", "prompt-left")], text


def test_a_sentence_of_a_longer_prompt_counts_and_short_common_words_do_not(
    ex: Exchange,
) -> None:
    ex.write(
        "exchange.yml",
        "sections:\n  innovation:\n    problem:\n      prompt: 'Who suffered, and how many. "
        "Numbers.'\n",
    )
    ex.innovation(body=SECTIONS.replace("P.", "who suffered and how many\n\nWe counted 40."))
    assert [c for *_, c in run(sections.section_contents, ex.load())] == ["prompt-left"]
    # "Numbers." is too short to be told from ordinary prose, except as the whole text.
    ex.innovation(body=SECTIONS.replace("P.", "Numbers matter: 40 people waited."))
    assert run(sections.section_contents, ex.load()) == []
    for left in ("Numbers.", "TODO: numbers"):
        ex.innovation(body=SECTIONS.replace("P.", left))
        assert run(sections.section_contents, ex.load()) == [
            (INDEX, 14, 1, "error", "prompt-left")
        ], left


def test_ordinary_prose_sharing_words_with_a_prompt_passes(ex: Exchange) -> None:
    ex.innovation(
        body=SECTIONS.replace("P.", "What was wrong was the wait: for whom it mattered most.")
        .replace("S.", "What we did differently was call people at home.")
        .replace("E.", "What changed? Admissions fell, and the numbers are below.")
    )
    assert run(sections.section_contents, ex.load()) == []


def test_a_prompt_moved_under_another_heading_is_found_there(ex: Exchange) -> None:
    # The writer deleted "## Resources needed" but not its prompt.
    body = SECTIONS.replace(
        "## Resources needed\n\nR.", "TODO (recommended): Money, staff time, equipment and "
        "approvals it took."
    )  # fmt: skip
    ex.innovation(body=body)
    found = run(sections.section_contents, ex.load())
    assert [(s, c) for *_, s, c in found] == [("error", "prompt-left")]  # in Evidence (required)


def test_headings_in_code_are_not_sections(ex: Exchange) -> None:
    body = SECTIONS + "\n```\n## The problem\n\n" + PROBLEM + "\n```\n"
    ex.innovation(body=body)
    assert run(sections.section_contents, ex.load()) == []


def test_an_italian_exchange_compares_its_own_prompts_and_gives_its_examples(
    ex: Exchange,
) -> None:
    ex.write("exchange.yml", "language: it\ncountry: IT\n")
    italian = {s.id: s for s in sections_of("it")}
    body = "".join(
        f"## {s.heading}\n\n{'TODO: ' + s.prompt if s.id == 'problem' else 'Testo.'}\n\n"
        for s in italian.values()
    )
    ex.innovation(body=body)
    content = ex.load()
    assert [(s, c) for *_, s, c in run(sections.section_contents, content)] == [
        ("error", "prompt-left")
    ]
    example = in_language("it", SECTION_EXAMPLES["innovation"]["problem"])
    assert example in _hints(content)[0]


def sections_of(language: str):
    from generator.exchange import Exchange as Settings
    from generator.exchange import ExchangeSettings

    return Settings.of(ExchangeSettings(language=language)).sections_of("innovation")


def test_what_the_scaffold_writes_is_recognised_and_what_a_scout_writes_is_not(
    ex: Exchange,
) -> None:
    """One source: the prompts the rule looks for are those ``exchange new`` writes,
    here with one of the exchange's own (from exchange.yml)."""
    ex.write(
        "exchange.yml",
        "sections:\n  innovation:\n    evidence:\n      prompt: Say how you measured it, "
        "and against what. Give the figures.\n",
    )
    ex.innovation(slug="base")
    path = scaffold.new_innovation(ex.root, "Falls at home", today=TODAY)
    text = path.read_text("utf-8")
    body = split_front_matter(text).body
    assert "Say how you measured it" in body
    ex.write("innovations/falls-at-home/index.md", front_of("falls-at-home") + body)
    found = run(sections.section_contents, ex.load())
    assert [(s, c) for *_, s, c in found] == [
        *[("error", "prompt-left")] * 3,
        *[("warning", "prompt-left")] * 3,
    ]
    written = body.replace("TODO (recommended): ", "").replace("TODO: ", "")
    lines = [line if not line or line.startswith("#") else "In our own words." for line in
             written.split("\n")]  # fmt: skip
    ex.write("innovations/falls-at-home/index.md", front_of("falls-at-home") + "\n".join(lines))
    assert run(sections.section_contents, ex.load()) == []


def front_of(slug: str) -> str:
    from tests.test_rules import INNOVATION, front

    return f"---\n{front({**INNOVATION, 'title': slug})}---\n"


def test_every_section_has_an_example() -> None:
    for kind, model_sections in MODEL_SECTIONS.items():
        assert set(SECTION_EXAMPLES[kind]) == {s.id for s in model_sections}, kind
        for example in SECTION_EXAMPLES[kind].values():
            assert not Prompt.of(*(s.prompt for s in model_sections)).found_in(words(example))


def test_prompts_are_found_in_linear_time(ex: Exchange) -> None:
    long = "Plain words with no prompt at all, over and over. " * 3_900  # ~195,000 characters
    ex.innovation(body=SECTIONS.replace("P.", long))
    content = ex.load()
    started = time.perf_counter()
    assert run(sections.section_contents, content) == []
    assert time.perf_counter() - started < 0.5


def test_words_ignore_case_punctuation_and_spacing() -> None:
    assert words("  What was WRONG,\n for whom?") == "what was wrong for whom"
    assert words("Che cosa non andava, per chi") == "che cosa non andava per chi"
    assert words("-- ...") == ""


def test_a_prompt_is_cut_at_sentences_but_not_after_abbreviations() -> None:
    prompt = Prompt.of("A team or role, e.g. 'Service lead'. Keep it short: one line.")
    assert "service lead" not in prompt.alone  # an example in a prompt is no prompt
    assert prompt.found_in(words("Keep it short"))
    assert not prompt.found_in(words("Keep it"))


def test_the_prompts_words_in_a_writers_own_sentence_are_theirs(ex: Exchange) -> None:
    """A prompt left behind starts its paragraph; the same words later in a sentence of
    the writer's are not one (these were refused as 'prompt-left')."""
    ex.innovation()
    ex.case_study(
        body=CASE_SECTIONS.replace(
            "W.", "The team wrote down how it was adopted and adapted locally, week by week."
        )
    )
    assert run(sections.section_contents, ex.load()) == []
    ex.case_study(
        body=CASE_SECTIONS.replace(
            "W.", "Our own words first.\n\nHow it was adopted and adapted locally."
        )
    )
    assert [code for *_, code in run(sections.section_contents, ex.load())] == ["prompt-left"]
