"""Turn pydantic's errors on one file into positioned, friendly diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, error
from generator.loader.strict_yaml import Positions
from generator.safety.limits import DIAGNOSTICS_PER_FILE

_TYPE_NAMES = {dict: "a group of fields", list: "a list", str: "text", bool: "true or false"}


def check_fields(
    model: type[BaseModel], data: Any, positions: Positions, file: str
) -> tuple[BaseModel | None, list[Diagnostic]]:
    if not isinstance(data, dict):
        line, col = positions.of(())
        what = "nothing" if data is None else _TYPE_NAMES.get(type(data), type(data).__name__)
        return None, [
            error(
                file,
                line,
                col,
                "wrong-type",
                f"expected fields written as 'name: value' lines, found {what}",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        # Only as many as can be shown: a file of 100,000 unknown fields is a few lines.
        errors = exc.errors()[:DIAGNOSTICS_PER_FILE]
        return None, [_diagnostic(model, err, positions, file) for err in errors]


def _diagnostic(model: type[BaseModel], err: Any, positions: Positions, file: str) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    name = _dotted(loc)
    ctx = err.get("ctx") or {}
    value = _value_at(err)
    if kind == "missing":
        line, col = positions.of(loc[:-1])
        return error(
            file,
            line,
            col,
            "missing-field",
            f"'{name}' is required",
            _field_help(model, loc) or "Add the field; see the field reference.",
        )
    if kind == "extra_forbidden":
        line, col = positions.key_of(loc)
        known = _field_names(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"Did you mean '{near[0]}'?" if near else f"Known fields here: {', '.join(known)}."
        group = positions.of(loc[:-1])
        in_braces = line == group[0] and col != group[1]  # not the first key of a {...} group
        if value is None and (" " in str(loc[-1]).strip() or in_braces):
            # Text cut off by a comma in {...} (no field name has a space).
            hint = (
                "It looks like the end of the value before it: inside { } a comma starts a "
                'new field. Put the whole value in quotes, e.g. notes: "Licences, tablets '
                'and training".'
            )
        return error(file, line, col, "unknown-field", f"'{name}' is not a known field", hint)
    line, col = positions.of(loc)
    if "-" in kind:  # one of our own PydanticCustomError codes
        return error(file, line, col, kind, f"{name}: {err['msg']}", _custom_hint(kind))
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        size = len(value) if isinstance(value, str | list) else None
        unit = "characters" if isinstance(value, str) else "items"
        got = f" ({size} {unit})" if size is not None else ""
        return error(
            file,
            line,
            col,
            "too-long",
            f"'{name}' is too long{got}: at most {limit} {unit}",
            "Shorten it; longer text belongs in the body below the fields.",
        )
    if kind in ("too_short", "string_too_short"):
        return error(
            file,
            line,
            col,
            "empty-list" if kind == "too_short" else "empty-text",
            f"'{name}' needs at least one value",
            _field_help(model, loc),
        )
    if kind == "literal_error":
        return error(
            file, line, col, "invalid-value", f"'{name}' must be one of {ctx.get('expected')}", ""
        )
    expected = {
        "string_type": "text",
        "list_type": "a list, e.g. [first, second]",
        "model_type": "a group of fields (indented 'name: value' lines)",
        "model_attributes_type": "a group of fields (indented 'name: value' lines)",
        "dict_type": "a group of fields (indented 'name: value' lines)",
        "bool_type": "true or false",
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "float_parsing": "a number (digits only, no currency sign or commas)",
        "float_type": "a number",
    }.get(kind)
    if expected:
        found = _describe(value)
        return error(
            file,
            line,
            col,
            "wrong-type",
            f"'{name}' should be {expected}, not {found}",
            _type_hint(kind, value),
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return error(file, line, col, "out-of-range", f"'{name}': {err['msg'].lower()}")
    if kind == "string_pattern_mismatch":
        return error(
            file,
            line,
            col,
            "invalid-value",
            f"'{name}' has the wrong form",
            f"It must match {ctx.get('pattern')}.",
        )
    return error(file, line, col, "invalid-value", f"'{name}': {err['msg']}")


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return _printable(out)


def _printable(text: str) -> str:
    """Text from the file as a message shows it: a key or value holding a line break
    or control character (a terminal escape, say) is written with escapes."""
    return text if text.isprintable() else repr(text)[1:-1]


def _value_at(err: Any) -> Any:
    return err.get("input")


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{_printable(short)}'"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _type_hint(kind: str, value: Any) -> str:
    if kind == "bool_type" and isinstance(value, str):
        return "Write true or false without quotes (yes/no/on/off are not accepted)."
    if kind == "list_type" and isinstance(value, str):
        return f"Put the value in square brackets: [{value}]."
    if kind == "string_type" and isinstance(value, list | dict):
        return "Quote the text if it contains ': ' or starts with '[' or '{'."
    return ""


def _custom_hint(kind: str) -> str:
    return {
        "insecure-url": "Use the https:// address of the page.",
        "invalid-url": "Copy the address from the browser's address bar; it starts with https://.",
        "invalid-date": "Write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-05-01.",
        "invalid-id": "Ids look like 'remote-copd-monitoring'.",
        "html-not-allowed": "Remove the tags; write plain sentences.",
        "image-outside-folder": "Put the image file next to index.md and give its file name.",
        "invalid-number": "Use digits and at most one decimal point: no commas, spaces, "
        "currency signs or exponents such as 1e3.",
        "out-of-range": "Check the number: costs are at most 1000000000000, years 1900 to 2100.",
        "control-character": "Retype the text without it: control characters and "
        "right-to-left overrides are invisible and can hide or reorder what readers see. "
        'Check for escapes such as "\\0", "\\x1b" or "\\u202e" in double quotes.',
    }.get(kind, "")


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


def _field_help(model: type[BaseModel], loc: tuple) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None or str(loc[-1]) not in parent.model_fields:
        return ""
    return parent.model_fields[str(loc[-1])].description or ""
