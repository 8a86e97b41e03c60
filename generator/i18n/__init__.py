"""Every string a person reads, in the exchange's language.

Text is written in English in the code and the templates, marked with ``_()``
(or ``ngettext``/``pgettext``), extracted by Babel into ``messages.pot`` and
translated in ``locale/<language>/LC_MESSAGES/messages.po``. The catalogues are
compiled into ``messages.mo`` beside them by ``python -m generator.i18n update``
(a test fails when one is stale).

One language is *active* per process: the interface language (Material's
``theme.language``), which the site, the CLI, the issue bot and the reports
speak. The content's language (its section headings) is looked up explicitly
with :func:`catalogue`.

Placeholders are named, in braces: ``_("{count} files", count=3)``; without
arguments a message is returned as it is (so ``{`` needs no escaping).
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import io
from collections.abc import Iterator
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


class LanguageError(ValueError):
    """A language setting that is not a language code."""


@functools.cache
def shipped() -> tuple[str, ...]:
    """The languages with a catalogue, e.g. ("en", "es", "it")."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def locale_of(language: str) -> Locale:
    """Babel's locale for a language code ("it", "pt-BR", "pt_BR"); a name such as
    "italian" is refused with a hint."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(language) from None


def language_tag(language: str) -> str:
    """The BCP 47 tag HTML's ``lang`` and XML's ``xml:lang`` want, of a language code as
    configured ("pt_BR" -> "pt-BR")."""
    return language.replace("_", "-")


def catalogue_language(language: str) -> str | None:
    """The shipped catalogue for ``language``: its own, or its base language's
    ("pt-BR" → "pt"); None when there is none."""
    code = language.replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        if candidate in shipped():
            return candidate
    return None


@functools.cache
def catalogue(language: str) -> _gettext.NullTranslations:
    """The translations of ``language`` (English, the source, when none is shipped)."""
    found = catalogue_language(language)
    if found is None or found == SOURCE_LANGUAGE:
        # English is the source: its catalogue repeats every message as written
        # (kept so the tests check it is complete), so nothing to read.
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / found / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    # The compiled copy ``update`` writes beside the catalogue (a test checks it is
    # current) loads in a millisecond; compiling the .po takes tens.
    compiled = mo.read_bytes() if mo.is_file() else compile_po(folder / f"{DOMAIN}.po", found)
    return _gettext.GNUTranslations(io.BytesIO(compiled))


def compile_po(path: Path, language: str) -> bytes:
    """The .mo bytes of the catalogue at ``path``."""
    with path.open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    return compiled.getvalue()


class _Active:
    language = SOURCE_LANGUAGE
    locale = Locale.parse(SOURCE_LANGUAGE)
    translations: _gettext.NullTranslations = _gettext.NullTranslations()


def activate(language: str, country: str | None = None) -> None:
    """Speak ``language`` from now on in this process (and the workers it forks).

    Dates, numbers and money are written as in ``country`` (an ISO 3166 code) when
    Babel knows the language there ("en" in "GB": 5 March 2024, not March 5, 2024).
    """
    locale = locale_of(language)  # refuses what is not a language code
    if country and not locale.territory:
        with contextlib.suppress(UnknownLocaleError, ValueError):
            locale = Locale.parse(f"{locale.language}_{country.upper()}")
    _Active.language = language
    _Active.locale = locale
    _Active.translations = catalogue(language)


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """Whatever language is active now is active again after the block (a command run
    in-process, as the tests do, leaves the caller's language as it found it)."""
    saved = (_Active.language, _Active.locale, _Active.translations)
    try:
        yield
    finally:
        _Active.language, _Active.locale, _Active.translations = saved


def active() -> str:
    """The active language code, as configured ("it", "pt-BR")."""
    return _Active.language


def babel_locale() -> Locale:
    return _Active.locale


def _format(text: str, values: dict) -> str:
    return text.format(**values) if values else text


def _(message: str, /, **values: object) -> str:
    """``message`` in the active language, with ``{name}`` placeholders filled."""
    return _format(_Active.translations.gettext(message), values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form for ``n``; ``{n}`` is ``n`` written the active language's way."""
    from generator.i18n.formatting import number

    text = _Active.translations.ngettext(singular, plural, n)
    return text.format(n=number(n), **values)


def pgettext(context: str, message: str, /, **values: object) -> str:
    """``message`` in a context, for words that translate differently by use."""
    return _format(_Active.translations.pgettext(context, message), values)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it with ``_``
    where it is shown (module constants are defined before a language is chosen)."""
    return message


def in_language(language: str, message: str, /, **values: object) -> str:
    """``message`` in a given language (the content's, say), whatever is active."""
    return _format(catalogue(language).gettext(message), values)
