"""A stand-in language for tests: every message of ours starts with '»', so a test
sees which words went through the catalogues (and were translated when shown)."""

from __future__ import annotations

import gettext


class Marked(gettext.NullTranslations):
    def gettext(self, message):
        return "»" + message

    def ngettext(self, singular, plural, n):
        return "»" + (singular if n == 1 else plural)

    def pgettext(self, context, message):
        return "»" + message

    def npgettext(self, context, singular, plural, n):
        return "»" + (singular if n == 1 else plural)


def speak_marked(monkeypatch) -> None:
    from generator import i18n

    monkeypatch.setattr(i18n._Active, "translations", Marked())
