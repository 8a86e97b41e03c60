"""Dates in order, and reviews not in the future."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.i18n import _
from generator.rules.context import RuleContext
from generator.scalars import earliest_day, latest_day


def date_order(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations:
        started, ended = entry.fields.started, entry.fields.ended
        if started and ended and latest_day(ended) < earliest_day(started):
            yield ctx.error_at(
                entry,
                ("ended",),
                "date-order",
                _(
                    "'ended' ({ended}) is before 'started' ({started})",
                    ended=ended,
                    started=started,
                ),
                _("Check the two dates; an innovation cannot end before it starts."),
            )


#: The dates that record something already done (a case study's ``adopted`` may be planned).
_DATES_NOT_IN_FUTURE = {
    "innovation": ("last_reviewed",),
    "case-study": ("last_reviewed",),
    "scout": ("joined",),
}


def not_in_future(ctx: RuleContext) -> Iterator[Diagnostic]:
    this_year = ctx.today.year
    for entry in ctx.entries:
        for name in _DATES_NOT_IN_FUTURE[entry.kind]:
            value = getattr(entry.fields, name)
            # A valid date starts with its year: only this year's or later need a closer look.
            if value and int(value[:4]) >= this_year and earliest_day(value) > ctx.today:
                yield ctx.error_at(
                    entry,
                    (name,),
                    "future-date",
                    _(
                        "'{name}' ({date}) is in the future (today is {today})",
                        name=name,
                        date=value,
                        today=ctx.today,
                    ),
                    _("Use the date it actually happened."),
                )
