"""Everything generated from the models: JSON Schema files and the field reference.

``exchange schema`` writes ``schema/*.schema.json``; a test fails when the
committed files differ from what the models produce. The site's field
reference page is built from :func:`field_rows`, so it cannot drift either.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.diagnostics import either
from generator.exchange import ExchangeSettings
from generator.i18n import N_, _, ngettext
from generator.models import CaseStudy, Innovation, Scout, Vocabulary
from generator.pathway import Pathway

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
MODELS: dict[str, type[BaseModel]] = {
    "innovation": Innovation,
    "case-study": CaseStudy,
    "scout": Scout,
    "vocabulary": Vocabulary,
    "exchange": ExchangeSettings,
    "pathway": Pathway,
}
FILE_PATTERNS = {
    "innovation": "content/innovations/<id>/index.md (front matter)",
    "case-study": "content/innovations/<id>/case-studies/<id>.md (front matter)",
    "scout": "content/scouts/<id>.yml",
    "vocabulary": "content/vocabularies/<name>.yml",
    "exchange": "content/exchange.yml",
    "pathway": "content/pathway.yml",
}


def json_schema(name: str) -> dict[str, Any]:
    schema = MODELS[name].model_json_schema()
    return {"$schema": SCHEMA_DRAFT, "$id": f"{name}.schema.json", **schema}


def rendered() -> dict[str, str]:
    return {
        f"{name}.schema.json": json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"
        for name in MODELS
    }


def write(out: Path, check: bool = False) -> list[str]:
    """Write the schema files; with ``check``, write nothing and return stale names."""
    stale = []
    for filename, text in rendered().items():
        target = out / filename
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(filename)
            if not check:
                out.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return stale


# --- the field reference ----------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    name: str  # dotted, e.g. "evidence.outcomes[].measure"
    required: bool
    kind: str  # "text", "list of terms", "date", ... (in the active language, as all but
    description: str  # the name and the vocabulary)
    vocabulary: str | None
    limit: str | None


def field_rows(model: type[BaseModel], prefix: str = "") -> list[FieldRow]:
    rows: list[FieldRow] = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        inner, is_list = unwrap(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        vocab = extra.get("x-vocabulary")
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            kind = _("list of groups") if is_list else _("group")
            rows.append(
                FieldRow(dotted, info.is_required(), kind, _description(info), None, _limit(info))
            )
            rows.extend(field_rows(inner, f"{dotted}{'[]' if is_list else ''}."))
            continue
        rows.append(
            FieldRow(
                dotted,
                info.is_required(),
                _kind(inner, is_list, vocab, name),
                _description(info),
                str(vocab) if vocab else None,
                _limit(info),
            )
        )
    return rows


def unwrap(annotation: Any) -> tuple[Any, bool]:
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (types.UnionType, typing.Union):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is list:
            is_list, annotation = True, typing.get_args(annotation)[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, is_list


#: The kinds of value a field holds: (one, a list of them).
_KINDS = {
    "term": (N_("term"), N_("list of terms")),
    "bool": (N_("true or false"), N_("list of true or false")),
    "number": (N_("number"), N_("list of numbers")),
    "date": (N_("date"), N_("list of dates")),
    "url": (N_("https address"), N_("list of https addresses")),
    "scout": (N_("scout id"), N_("list of scout ids")),
    "email": (N_("email address"), N_("list of email addresses")),
    "text": (N_("text"), N_("list of texts")),
}


def _description(info: FieldInfo) -> str:
    """The field's description (marked for translation in the models), translated."""
    return _(info.description) if info.description else ""


def _kind(inner: Any, is_list: bool, vocab: Any, name: str) -> str:
    if typing.get_origin(inner) is typing.Literal and not vocab:
        # The values themselves, as written in a file.
        choices = either(str(a) for a in typing.get_args(inner))
        return _("list of {choices}", choices=choices) if is_list else choices
    if vocab:
        base = "term"
    elif inner is bool:
        base = "bool"
    elif inner in (int, float):
        base = "number"
    elif name in ("started", "ended", "last_reviewed", "adopted", "joined"):
        base = "date"
    elif name in ("url", "website", "source"):
        base = "url"
    elif name in ("scouts", "interests") and not vocab:
        base = "scout"
    elif name == "email":
        base = "email"
    else:
        base = "text"
    one, many = _KINDS[base]
    return _(many) if is_list else _(one)


def _limit(info: FieldInfo) -> str | None:
    if unwrap(info.annotation)[1]:
        return _list_limit(info)
    for meta in info.metadata:
        if getattr(meta, "max_length", None):
            # Numbers as a file writes them: no thousands separator.
            return ngettext(
                "at most {count} character",
                "at most {count} characters",
                meta.max_length,
                count=meta.max_length,
            )
        if getattr(meta, "min_length", None):
            return _("at least {count}", count=meta.min_length)
    return None


def _list_limit(info: FieldInfo) -> str | None:
    """A list's bounds in items: "at least 1", "at most 500 items", "1 to 12 items"."""
    low = next((m.min_length for m in info.metadata if getattr(m, "min_length", None)), None)
    high = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
    if high is None:
        return _("at least {count}", count=low) if low else None
    if low:
        # Translators: how many items a list field holds, e.g. "1 to 12 items".
        return ngettext(
            "{low} to {count} item", "{low} to {count} items", high, low=low, count=high
        )
    return ngettext("at most {count} item", "at most {count} items", high, count=high)
