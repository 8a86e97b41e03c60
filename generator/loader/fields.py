"""Turn pydantic's errors on one file into positioned, friendly diagnostics.

Pydantic's own messages are English and never shown: each error type we can
meet has a message of ours, filled in from the error's context, and any other
type gets a general one. (Our own error types, those with a hyphen, carry a
message already translated where it was raised.)
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, either, error
from generator.did_you_mean import Suggestions
from generator.i18n import N_, _, ngettext
from generator.i18n.formatting import listing
from generator.loader.strict_yaml import Positions
from generator.safety.limits import DIAGNOSTICS_PER_FILE
from generator.scalars import shown

_TYPE_NAMES = {
    dict: N_("a group of fields"),
    list: N_("a list"),
    str: N_("text"),
    bool: N_("true or false"),
}
#: What a value of the wrong type should have been, by pydantic's error type.
_EXPECTED = {
    "string_type": N_("text"),
    "list_type": N_("a list, e.g. [first, second]"),
    "model_type": N_("a group of fields (indented 'name: value' lines)"),
    "model_attributes_type": N_("a group of fields (indented 'name: value' lines)"),
    "dict_type": N_("a group of fields (indented 'name: value' lines)"),
    "bool_type": N_("true or false"),
    "int_parsing": N_("a whole number"),
    "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "float_parsing": N_("a number (digits only, no currency sign or commas)"),
    "float_type": N_("a number"),
}
#: Our words for pydantic's other error types that content can meet: ``{name}``
#: is the field, the other placeholders are the error's context.
_MESSAGES = {
    "greater_than_equal": N_("'{name}': input should be greater than or equal to {ge}"),
    "less_than_equal": N_("'{name}': input should be less than or equal to {le}"),
    "greater_than": N_("'{name}': input should be greater than {gt}"),
    "less_than": N_("'{name}': input should be less than {lt}"),
    "multiple_of": N_("'{name}': input should be a multiple of {multiple_of}"),
    "finite_number": N_("'{name}' should be a finite number"),
    "int_parsing_size": N_("'{name}' is too large a number"),
    "bool_parsing": N_("'{name}' should be true or false"),
    "none_required": N_("'{name}' should be left empty"),
    "string_unicode": N_("'{name}' should be text"),
    "string_not_ascii": N_("'{name}' should use only ASCII characters"),
    "mapping_type": N_("'{name}' should be a group of fields (indented 'name: value' lines)"),
    "iterable_type": N_("'{name}' should be a list, e.g. [first, second]"),
    "tuple_type": N_("'{name}' should be a list, e.g. [first, second]"),
    "set_type": N_("'{name}' should be a list, e.g. [first, second]"),
    "frozen_set_type": N_("'{name}' should be a list, e.g. [first, second]"),
    "decimal_type": N_("'{name}' should be a number"),
    "decimal_parsing": N_("'{name}' should be a number"),
    "date_type": N_("'{name}' should be a date, e.g. 2024-05-01"),
    "date_parsing": N_("'{name}' should be a date, e.g. 2024-05-01"),
    "datetime_type": N_("'{name}' should be a date and time, e.g. 2024-05-01T09:30"),
    "datetime_parsing": N_("'{name}' should be a date and time, e.g. 2024-05-01T09:30"),
    "url_type": N_("'{name}' should be a web address"),
    "url_parsing": N_("'{name}' should be a web address"),
    "url_syntax_violation": N_("'{name}' should be a web address"),
    "url_too_long": N_("'{name}' is too long for a web address: at most {max_length} characters"),
    "url_scheme": N_("'{name}' should be a web address starting with {expected_schemes}"),
    "enum": N_("'{name}' must be one of {expected}"),
    "literal_error": N_("'{name}' must be one of {expected}"),
    # Translators: {error} is already a whole sentence, said by a check of ours.
    "value_error": N_("'{name}': {error}"),
    "assertion_error": N_("'{name}': {error}"),
}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def check_fields(
    model: type[BaseModel],
    data: Any,
    positions: Positions,
    file: str,
    suggestions: Suggestions | None = None,
) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The validated model and no problems, or None and every problem found.

    ``suggestions`` turns a label or a name written where a term or scout id
    belongs into a hint naming the id (see :mod:`generator.did_you_mean`)."""
    instance, problems, _partial = check_fields_partly(model, data, positions, file, suggestions)
    return (None if problems else instance), problems


def check_fields_partly(
    model: type[BaseModel],
    data: Any,
    positions: Positions,
    file: str,
    suggestions: Suggestions | None = None,
) -> tuple[BaseModel | None, list[Diagnostic], frozenset[str]]:
    """Like :func:`check_fields`, but a file with problems still gives a model:
    its valid fields, and the others empty (their names are returned), so that
    the cross-file rules check the rest of the file in the same run. A scout
    sees every problem at once instead of one round at a time. That model is
    only for the rules: it must never be published."""
    if not isinstance(data, dict):
        line, col = positions.of(())
        what = _("nothing") if data is None else _type_name(data)
        return (
            None,
            [
                error(
                    file,
                    line,
                    col,
                    "wrong-type",
                    _("expected fields written as 'name: value' lines, found {what}", what=what),
                )
            ],
            frozenset(),
        )
    try:
        return model.model_validate(data), [], frozenset()
    except ValidationError as exc:
        # Only as many as can be shown: a file of 100,000 unknown fields is a few lines.
        errors = exc.errors()[:DIAGNOSTICS_PER_FILE]
        problems = [_diagnostic(model, err, positions, file, suggestions) for err in errors]
        bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        instance, left_out = _partial(model, data, bad)
        return instance, problems, left_out


def _partial(
    model: type[BaseModel], data: dict, bad: set[str]
) -> tuple[BaseModel | None, frozenset[str]]:
    """``model`` with the fields of ``data`` that are valid on their own, each
    checked as pydantic checks an assignment; a field with a problem keeps its
    default, or is None when it has none (the rules skip empty fields)."""
    instance = model.model_construct()
    validator = model.__pydantic_validator__
    for name in model.model_fields:
        if name in bad or name not in data:
            continue
        try:
            validator.validate_assignment(instance, name, data[name])
        except Exception:
            bad.add(name)
    for name in model.model_fields:
        if name not in instance.__dict__:
            instance.__dict__[name] = None
    return instance, frozenset(bad)


def _diagnostic(
    model: type[BaseModel],
    err: Any,
    positions: Positions,
    file: str,
    suggestions: Suggestions | None = None,
) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    name = dotted(loc)
    ctx = err.get("ctx") or {}
    value = _value_at(err)
    if kind == "missing":
        line, col = positions.of(loc[:-1])
        return error(
            file,
            line,
            col,
            "missing-field",
            _("'{name}' is required", name=name),
            _with_example(
                _field_help(model, loc) or _("Add the field; see the field reference."), model, loc
            ),
        )
    if kind == "extra_forbidden":
        line, col = positions.key_of(loc)
        known = _field_names(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = (
            _("Did you mean '{name}'?", name=near[0])
            if near
            else _("Known fields here: {names}.", names=listing(known, "standard-narrow"))
        )
        group = positions.of(loc[:-1])
        in_braces = line == group[0] and col != group[1]  # not the first key of a {...} group
        if value is None and (" " in str(loc[-1]).strip() or in_braces):
            # Text cut off by a comma in {...} (no field name has a space).
            hint = _(
                "It looks like the end of the value before it: inside { } a comma starts a "
                'new field. Put the whole value in quotes, e.g. notes: "Licences, tablets '
                'and training".'
            )
        return error(
            file, line, col, "unknown-field", _("'{name}' is not a known field", name=name), hint
        )
    line, col = positions.of(loc)
    if "-" in kind:  # one of our own PydanticCustomError codes: its message is ours
        # Translators: a field's name, then what is wrong with its value.
        message = _("{name}: {problem}", name=name, problem=err["msg"])
        hint = ""
        if kind == "invalid-id" and suggestions is not None and isinstance(value, str):
            hint = _reference_hint(model, loc, value, suggestions)
        return error(file, line, col, kind, message, hint or _custom_hint(kind))
    if kind in ("string_too_long", "too_long"):
        return error(
            file,
            line,
            col,
            "too-long",
            _too_long(name, value, ctx.get("max_length")),
            _("Keep the items that matter most, or split the list.")
            if isinstance(value, list)
            else _("Shorten it; longer text belongs in the body below the fields."),
        )
    if kind in ("too_short", "string_too_short"):
        return error(
            file,
            line,
            col,
            "empty-list" if kind == "too_short" else "empty-text",
            _("'{name}' needs at least one value", name=name),
            _with_example(_field_help(model, loc), model, loc),
        )
    expected = _EXPECTED.get(kind)
    if expected:
        return error(
            file,
            line,
            col,
            "wrong-type",
            _(
                "'{name}' should be {expected}, not {found}",
                name=name,
                expected=_(expected),
                found=_describe(value),
            ),
            _type_hint(kind, value) or (_example(model, loc) if value in (None, "") else ""),
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return error(file, line, col, "out-of-range", _message(kind, name, ctx))
    if kind == "string_pattern_mismatch":
        return error(
            file,
            line,
            col,
            "invalid-value",
            _("'{name}' has the wrong form", name=name),
            _("It must match {pattern}.", pattern=ctx.get("pattern")),
        )
    return error(file, line, col, "invalid-value", _message(kind, name, ctx))


def _reference_hint(
    model: type[BaseModel], loc: tuple, value: str, suggestions: Suggestions
) -> str:
    """The id a label, name or misspelling in a term or scout field stands for."""
    field_loc = loc[:-1] if loc and isinstance(loc[-1], int) else loc
    if field_loc == ("scouts",):
        return suggestions.scout(value)
    parent = _model_at(model, field_loc[:-1])
    info = parent.model_fields.get(str(field_loc[-1])) if parent and field_loc else None
    extra = info.json_schema_extra if info and isinstance(info.json_schema_extra, dict) else {}
    spec = extra.get("x-vocabulary")
    return suggestions.term(str(spec), value) if spec else ""


def _too_long(name: str, value: Any, limit: Any) -> str:
    """'title' is too long (120 characters): at most 100 characters."""
    counted = isinstance(value, str)
    size = len(value) if isinstance(value, str | list) else None
    # Numbers as they are written in a file: no thousands separator.
    at_most = (
        ngettext("{count} character", "{count} characters", limit or 0, count=limit)
        if counted
        else ngettext("{count} item", "{count} items", limit or 0, count=limit)
    )
    if size is None:
        return _("'{name}' is too long: at most {limit}", name=name, limit=at_most)
    got = (
        ngettext("{count} character", "{count} characters", size, count=size)
        if counted
        else ngettext("{count} item", "{count} items", size, count=size)
    )
    # Translators: e.g. "'title' is too long (120 characters): at most 100 characters".
    return _("'{name}' is too long ({size}): at most {limit}", name=name, size=got, limit=at_most)


def _message(kind: str, name: str, ctx: dict) -> str:
    """Our message for a pydantic error type (never pydantic's English)."""
    template = _MESSAGES.get(kind)
    if template is None:
        return _("'{name}': this value is not accepted here", name=name)
    values = {key: _shown(key, value) for key, value in ctx.items()}
    try:
        return _(template, **{**values, "name": name})
    except (KeyError, IndexError, ValueError):  # a context this pydantic does not give
        return _("'{name}': this value is not accepted here", name=name)


def _shown(key: str, value: Any) -> str:
    """A context value of a pydantic error, as our messages show it."""
    if key in ("expected", "expected_schemes") and isinstance(value, str):
        # Pydantic's English list ("'a', 'b' or 'c'"): the choices, listed our way.
        choices = [f"'{c}'" for c in _QUOTED.findall(value)]
        return either(choices) if choices else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 1000000000000, as the limit is written in the model
    return str(value)


def dotted(loc: tuple) -> str:
    """A field's path as messages name it: ``evidence.outcomes[0].measure``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return shown(out)


def _value_at(err: Any) -> Any:
    return err.get("input")


def _type_name(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value))
    return _(name) if name else type(value).__name__


def _describe(value: Any) -> str:
    if value is None:
        # Translators: what a field holds when nothing is written after "name:".
        return _("empty")
    if isinstance(value, bool):
        return str(value).lower()  # as YAML writes it: true, false
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown(short)}'"
    return _type_name(value)


def _type_hint(kind: str, value: Any) -> str:
    if kind == "bool_type" and isinstance(value, str):
        return _("Write true or false without quotes (yes/no/on/off are not accepted).")
    if kind == "list_type" and isinstance(value, str):
        return _("Put the value in square brackets: [{value}].", value=value)
    if kind == "string_type" and isinstance(value, list | dict):
        return _("Quote the text if it contains ': ' or starts with '[' or '{'.")
    return ""


_CUSTOM_HINTS = {
    "insecure-url": N_("Use the https:// address of the page."),
    "invalid-url": N_("Copy the address from the browser's address bar; it starts with https://."),
    "invalid-date": N_("Write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-05-01."),
    "invalid-id": N_("Ids look like 'remote-copd-monitoring'."),
    "html-not-allowed": N_("Remove the tags; write plain sentences."),
    "image-outside-folder": N_("Put the image file next to index.md and give its file name."),
    "invalid-number": N_(
        "Use digits and at most one decimal point: no commas, spaces, "
        "currency signs or exponents such as 1e3."
    ),
    "out-of-range": N_("Check the number: costs are at most 1000000000000, years 1900 to 2100."),
    "control-character": N_(
        "Retype the text without it: control characters and "
        "right-to-left overrides are invisible and can hide or reorder what readers see. "
        'Check for escapes such as "\\0", "\\x1b" or "\\u202e" in double quotes.'
    ),
}


def _custom_hint(kind: str) -> str:
    hint = _CUSTOM_HINTS.get(kind)
    return _(hint) if hint else ""


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The model inside ``list[X]``, ``X | None`` or ``Annotated[X, …]``, if any."""
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    for arg in typing.get_args(annotation):
        if arg is type(None):
            continue
        inner = _inner_model(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    if origin in (types.UnionType, typing.Union, list, typing.Annotated):
        return None
    return None


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    target = _model_at(model, loc)
    return list(target.model_fields) if target else []


def _example(model: type[BaseModel], loc: tuple) -> str:
    """ "For example: …", from the field's ``examples`` in the models (one source
    for these hints, the issue forms and the field reference), or ""."""
    field_loc = tuple(p for p in loc if not isinstance(p, int))
    parent = _model_at(model, field_loc[:-1]) if field_loc else None
    info = parent.model_fields.get(str(field_loc[-1])) if parent else None
    if info is None or not info.examples or not isinstance(info.examples[0], str):
        return ""
    return _("For example: {example}", example=_(info.examples[0]))


def _with_example(hint: str, model: type[BaseModel], loc: tuple) -> str:
    example = _example(model, loc)
    return f"{hint} {example}".strip() if example else hint


def _field_help(model: type[BaseModel], loc: tuple) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None or str(loc[-1]) not in parent.model_fields:
        return ""
    description = parent.model_fields[str(loc[-1])].description
    return _(description) if description else ""  # marked for translation in the models
