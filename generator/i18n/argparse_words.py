"""argparse's own words (``usage:``, ``options``, its error messages), so that the
``exchange`` command speaks the exchange's language throughout, not only in the
texts we wrote. argparse looks its words up through the module's ``_`` and
``ngettext`` when it shows them: :func:`translate_argparse` points those at the
active catalogue. (Words a later Python adds stay English until listed here.)
"""

from __future__ import annotations

import argparse

from generator import i18n
from generator.i18n import N_

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
)


def translate_argparse() -> None:
    """argparse's words from the active catalogue from now on (it fills in their
    %-placeholders itself)."""
    argparse._ = lambda message: i18n._Active.translations.gettext(message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda s, p, n: i18n._Active.translations.ngettext(s, p, n)  # type: ignore[attr-defined]
