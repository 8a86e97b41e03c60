"""Dates in order, and reviews not in the future."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.models import earliest_day, latest_day
from generator.rules.context import RuleContext


def date_order(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.content.innovations:
        started, ended = entry.fields.started, entry.fields.ended
        if started and ended and latest_day(ended) < earliest_day(started):
            yield ctx.error_at(
                entry,
                ("ended",),
                "date-order",
                f"'ended' ({ended}) is before 'started' ({started})",
                "Check the two dates; an innovation cannot end before it starts.",
            )


def not_in_future(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        for name in ("last_reviewed", "joined"):
            value = getattr(entry.fields, name, None)
            if value and earliest_day(value) > ctx.today:
                yield ctx.error_at(
                    entry,
                    (name,),
                    "future-date",
                    f"'{name}' ({value}) is in the future (today is {ctx.today})",
                    "Use the date it actually happened.",
                )
