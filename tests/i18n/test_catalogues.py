"""The catalogues are complete, current and consistent with the code."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from generator import i18n
from generator.i18n import catalogues
from generator.i18n.browser import messages_module

LANGUAGES = ("en", "es", "it")
#: A placeholder, with any format spec or conversion ({code:04X}, {value!r}).
_PLACEHOLDER = re.compile(r"\{(\w*)(?:[:!][^{}]*)?\}")


def test_every_language_the_issue_asks_for_is_shipped() -> None:
    assert set(LANGUAGES) <= set(i18n.shipped())


def test_the_template_is_current_and_every_message_is_translated() -> None:
    """`python -m generator.i18n update` after changing text; then translate."""
    problems = list(catalogues.problems())
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    """A translation with a missing or misspelt {name} would fail (or lie) when shown."""
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set().union(*(_PLACEHOLDER.findall(text) for text in ids))
        for form, text in enumerate(strings):
            found = set(_PLACEHOLDER.findall(text))
            # The singular may say "the innovation" rather than "1 innovation".
            allowed = [wanted, wanted - {"n"}] if len(strings) > 1 and form == 0 else [wanted]
            if text and found not in allowed:
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_match_the_language(language: str) -> None:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    # English has one and other; Italian and Spanish also "many" (un milione di …).
    assert catalog.num_plurals == (2 if language == "en" else 3)
    for message in catalog:
        if message.pluralizable and message.string:
            assert len(message.string) == catalog.num_plurals, message.id
            assert all(message.string), message.id  # every form, "many" too


def test_a_plural_is_chosen_by_number() -> None:
    i18n.activate("it")
    try:
        one = i18n.ngettext("{n} innovation", "{n} innovations", 1)
        many = i18n.ngettext("{n} innovation", "{n} innovations", 1234)
        assert one != many and "1.234" in many
    finally:
        i18n.activate("en")


def test_the_browser_catalogue_has_every_category_of_the_language() -> None:
    module = messages_module("it")
    assert module.startswith("// ")
    assert '"language": "it"' in module
    assert '"one"' in module and '"other"' in module
    assert "<" not in module.split("export default", 1)[1]


def test_a_language_name_is_not_a_language_code() -> None:
    with pytest.raises(i18n.LanguageError):
        i18n.activate("italian")
    assert i18n.active() == "en"
