"""Fields and list items indented unlike the lines they belong with.

YAML nests by indentation alone: a line must line up with a field or item above
it that is still open (the last line's, or that of a less indented line above
that). The parser says "did not find expected key" where it gave up; here the
line is compared with those it could line up with, by the same rule, and the
message names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n import _, ngettext
from generator.loader.yaml_mistakes.lines import Mistake, Shape, spaces, structure


@dataclass(frozen=True)
class _Level:
    """An indentation a line may take: that of a field or a list item, named as
    a message names it, and the line it is written on."""

    indent: int
    item: bool
    label: str
    number: int


def _levels(before: list[Shape]) -> list[_Level]:
    """The indentations still open after the lines ``before``: the last line's,
    then each less indented line's going up, the way YAML closes nested fields."""
    levels: list[_Level] = []
    bound = None
    for line in reversed(before):
        own = [_Level(line.indent, line.item, line.key or "", line.number)]
        if line.item:
            own = [_Level(line.indent, True, line.written, line.number)]
            if line.key is not None:  # '- title: x' opens fields at 'title'
                own.insert(0, _Level(line.key_column, False, line.key, line.number))
        for level in own:
            if bound is None or level.indent < bound:
                levels.append(level)
                bound = level.indent
        if bound == 0:
            break
    return levels


def _line_up(levels: list[_Level], indent: int) -> str:
    """ "Indent it like …", naming the nearest indentations below and above ``indent``."""
    below = max((lv for lv in levels if lv.indent < indent), key=lambda lv: lv.indent, default=None)
    above = min((lv for lv in levels if lv.indent > indent), key=lambda lv: lv.indent, default=None)
    near = [lv for lv in (below, above) if lv is not None]
    if len(near) == 1:
        return _(
            "Indent it like '{name}' on line {line}: {spaces}.",
            name=near[0].label,
            line=near[0].number + 1,
            spaces=spaces(near[0].indent),
        )
    # Translators: {first} and {second} name fields ('title') or list items ('- x'),
    # {first_spaces} and {second_spaces} are e.g. "2 spaces".
    return _(
        "Indent it like '{first}' on line {first_line} ({first_spaces}), or like "
        "'{second}' on line {second_line} ({second_spaces}).",
        first=near[0].label,
        first_line=near[0].number + 1,
        first_spaces=spaces(near[0].indent),
        second=near[1].label,
        second_line=near[1].number + 1,
        second_spaces=spaces(near[1].indent),
    )


def indentation(lines: list[str], line: Shape) -> Mistake | None:
    """The indentation mistake of ``line``, a field or list item where the parser
    did not expect it; None if its indentation is not the mistake."""
    if not line.structural:
        return None
    before = structure(lines, line.number)
    if not before:
        return None
    last = before[-1]
    at = (line.number + 1, line.indent + 1)
    opens = last.key_column if last.key is not None else last.indent
    if last.has_value and line.indent > opens:
        return _under_value(line, last, opens, at)
    if not last.has_value and (
        line.indent > opens or (line.item and line.indent == last.indent and not last.item)
    ):
        return None  # a new level under an empty field or item is where it may be
    levels = _levels(before)
    same_kind = [level for level in levels if level.item == line.item]
    sibling = next((level for level in levels if level.indent == line.indent), None)
    if sibling is None or (
        line.item and not sibling.item and any(lv.indent > line.indent for lv in same_kind)
    ):
        message = ngettext(
            "this line is indented by {n} space, unlike the lines it belongs with",
            "this line is indented by {n} spaces, unlike the lines it belongs with",
            line.indent,
        )
        return Mistake("yaml-indentation", message, *at, _line_up(same_kind or levels, line.indent))
    if line.item and not sibling.item:
        return Mistake(
            "yaml-indentation",
            _(
                "a list item where a field is expected: '{name}' on line {line} is a field "
                "at this indentation",
                name=sibling.label,
                line=sibling.number + 1,
            ),
            *at,
            _(
                "To give a field a list, leave nothing after its colon and start each item "
                "on a line of its own below it with '- ', indented more than the field."
            ),
        )
    if not line.item and sibling.item:
        fields = [level for level in levels if not level.item]
        hint = _("Start it with '- ' if it is another item of the list.")
        if fields:
            hint = _line_up(fields, line.indent) + " " + hint
        return Mistake(
            "yaml-indentation",
            _("a field among the items of the list on line {line}", line=sibling.number + 1),
            *at,
            hint,
        )
    return None


def _under_value(line: Shape, last: Shape, opens: int, at: tuple[int, int]) -> Mistake:
    """``line`` indented under ``last``, which has a value on its own line."""
    name = last.key if last.key is not None else last.written
    parent = _Level(opens, last.key is None, name, last.number)
    if line.item:
        message = _(
            "a list item is indented under '{parent}' on line {line}, which already has a value",
            parent=name,
            line=last.number + 1,
        )
        if last.key is None:
            return Mistake("yaml-indentation", message, *at, _line_up([parent], line.indent))
        return Mistake("yaml-indentation", message, *at, give_list(name))
    message = _(
        "'{name}' is indented under '{parent}' on line {line}, which already has a value",
        name=line.key or line.written,
        parent=name,
        line=last.number + 1,
    )
    if last.key is None:  # '- text' then a field under it
        hint = _(
            "A list item holds either text or fields, not both: give its text a field name "
            "too ('- name: text'), or start a new item with '- '."
        )
    else:
        hint = _line_up([parent], line.indent) + " "
        hint += _(
            "If it is part of the text of '{parent}', put that whole text in quotes.",
            parent=name,
        )
    return Mistake("yaml-indentation", message, *at, hint)


def give_list(parent: str) -> str:
    """The hint for a list written under a field that already has a value."""
    return _(
        "To give '{parent}' a list, leave nothing after '{parent}:' and start each item "
        "on a line of its own below it with '- '; to keep it as text, put the whole text "
        "in quotes.",
        parent=parent,
    )
