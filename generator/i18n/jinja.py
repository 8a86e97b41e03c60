"""Jinja's i18n extension, wired to the active catalogue.

Templates call ``{{ _("Browse {what}", what=link) }}``: the translation is text
(escaped), and each value is escaped unless it is already ``Markup`` (a link
built in the template), so a translator cannot inject HTML and neither can
content. ``ngettext(singular, plural, n, ...)`` fills ``{n}`` too.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import jinja2
from markupsafe import Markup, escape

from generator import i18n


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return str(escape(text))


def _safe(text: str, values: dict) -> Markup:
    """The translation escaped, its values escaped unless Markup (numbers as they
    are), filled in with str.format: Markup.format's escaping formatter does the
    same, several times slower, and templates call this for every label."""
    template = _escaped(text)
    if not values:
        return Markup(template)
    return Markup(
        template.format(
            **{k: v if isinstance(v, int | float) else escape(v) for k, v in values.items()}
        )
    )


def _gettext(message: str, /, **values: object) -> Markup:
    return _safe(i18n._Active.translations.gettext(message), values)


def _ngettext(singular: str, plural: str, n: int, /, **values: object) -> Markup:
    from generator.i18n.formatting import number

    return _safe(
        i18n._Active.translations.ngettext(singular, plural, n), {"n": number(n), **values}
    )


def _pgettext(context: str, message: str, /, **values: object) -> Markup:
    return _safe(i18n._Active.translations.pgettext(context, message), values)


def _npgettext(context: str, singular: str, plural: str, n: int, /, **values: object) -> Markup:
    from generator.i18n.formatting import number

    text = i18n._Active.translations.npgettext(context, singular, plural, n)
    return _safe(text, {"n": number(n), **values})


def markup_list(items: Sequence[str], style: str = "standard") -> Markup | None:
    """``ix_list`` for pieces of HTML (links, bold headings): "a, b and c" in the
    active language, each piece kept if it is Markup (else escaped); None for none."""
    from generator.i18n import formatting

    items = list(items)
    if not items:
        return None
    pattern = formatting.listing([f"{{{i}}}" for i in range(len(items))], style)
    return Markup(escape(pattern)).format(*items)


def install(env: jinja2.Environment) -> None:
    """Add translation and locale formatting to ``env`` (ours, or MkDocs' for the theme)."""
    from generator.i18n import formatting

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=False, pgettext=_pgettext, npgettext=_npgettext
    )
    env.globals["_"] = _gettext
    env.filters["ix_date"] = formatting.date
    env.filters["ix_money"] = formatting.money
    env.filters["ix_number"] = formatting.number
    env.filters["ix_list"] = formatting.listing
    env.filters["ix_markup_list"] = markup_list
    env.filters["ix_in_sentence"] = formatting.in_sentence
    env.globals["ix_language"] = i18n.active


def lang_attribute(words: str, interface: str) -> Markup:
    """` lang="…"` for the elements holding words in the language ``words`` when it is
    not the interface's (screen readers switch voice); nothing when it is."""
    if i18n.locale_of(words).language == i18n.locale_of(interface).language:
        return Markup("")
    return Markup(' lang="{}"').format(i18n.language_tag(words))
