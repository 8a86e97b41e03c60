"""Every id a file refers to must exist: vocabulary terms and scouts."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, either, error
from generator.did_you_mean import Suggestions
from generator.i18n import _
from generator.i18n.formatting import in_sentence
from generator.loader.content import Entry
from generator.rules.context import RuleContext
from generator.schema_export import unwrap

_SCOUT_INTERESTS = ("clinical-areas", "innovation-types")


@functools.cache
def _plan(model_class: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """The fields worth visiting: (name, vocabulary) or (name, None) for nested models."""
    plan = []
    for name, info in model_class.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        inner, _is_list = unwrap(info.annotation)
        if extra.get("x-vocabulary"):
            plan.append((name, str(extra["x-vocabulary"])))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            plan.append((name, None))
    return tuple(plan)


def _vocabulary_fields(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, str, Any]]:
    """(path, vocabulary name, value) for every vocabulary-backed field in ``model``;
    the value is one term or a list of terms."""
    for name, vocab in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if vocab:
            yield (*path, name), vocab, value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from _vocabulary_fields(item, (*path, name, i))
        else:
            yield from _vocabulary_fields(value, (*path, name))


def vocabulary_terms(ctx: RuleContext) -> Iterator[Diagnostic]:
    vocabularies = ctx.content.vocabularies
    # vocab spec -> its term ids, or None when a vocabulary file is missing (reported
    # once, elsewhere). Scout interests draw on two vocabularies.
    allowed: dict[str, frozenset[str] | None] = {}
    suggestions = Suggestions(vocabularies)
    for entry in ctx.entries:
        suggestions.entry()
        for path, vocab, value in _vocabulary_fields(entry.fields):
            if vocab not in allowed:
                names = vocab.split()
                allowed[vocab] = (
                    frozenset(t.id for n in names for t in vocabularies[n].terms)
                    if all(n in vocabularies for n in names)
                    else None
                )
            terms = allowed[vocab]
            if terms is None:
                continue
            if isinstance(value, list):
                if terms.issuperset(value):  # nearly always: one set operation per field
                    continue
                unknown = [((*path, i), v) for i, v in enumerate(value) if v not in terms]
            elif value in terms:
                continue
            else:
                unknown = [(path, value)]
            for where, term in unknown:
                names = vocab.split()
                yield ctx.error_at(
                    entry,
                    where,
                    "unknown-term",
                    # Translators: {vocabulary} is a vocabulary's name from its file, in
                    # lower case (e.g. "clinical area"); {files} the files it is in.
                    _(
                        "'{term}' is not a known {vocabulary} ({files})",
                        term=term,
                        vocabulary=either(in_sentence(vocabularies[n].label) for n in names),
                        files=either("vocabularies/" + n + ".yml" for n in names),
                    ),
                    suggestions.term(vocab, term),
                )


def duplicate_terms(ctx: RuleContext) -> Iterator[Diagnostic]:
    for name, (file, positions) in ctx.content.vocabulary_files.items():
        vocab = ctx.content.vocabularies[name]
        seen: set[str] = set()
        for i, term in enumerate(vocab.terms):
            if term.id in seen:
                line, col = positions.of(("terms", i, "id"))
                yield error(
                    file,
                    line,
                    col,
                    "duplicate-id",
                    _("the term id '{id}' is used twice in this vocabulary", id=term.id),
                )
            seen.add(term.id)


def scouts_exist(ctx: RuleContext) -> Iterator[Diagnostic]:
    known = ctx.scout_ids or frozenset()
    suggestions = Suggestions(ctx.content.vocabularies, known)
    entries: list[Entry] = ctx.content.innovations + ctx.content.case_studies
    for entry in entries:
        suggestions.entry()
        for i, scout in enumerate(entry.fields.scouts):
            if scout not in known and not (ctx.content.root / "scouts" / f"{scout}.yml").exists():
                # (A scout file that exists but has errors is reported on its own.)
                yield ctx.error_at(
                    entry,
                    ("scouts", i),
                    "unknown-scout",
                    _(
                        "no scout has the id '{id}' (there is no {file})",
                        id=scout,
                        file="content/scouts/" + scout + ".yml",
                    ),
                    suggestions.scout(scout),
                )


@functools.cache
def _text_lists(model_class: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model_class`` that hold a list of texts or terms."""
    found = []
    for name, info in model_class.model_fields.items():
        inner, is_list = unwrap(info.annotation)
        if is_list and inner is str:
            found.append(name)
    return tuple(found)


def duplicate_values(ctx: RuleContext) -> Iterator[Diagnostic]:
    """The same term twice in a list is a slip, and would double-count facets."""
    for entry in ctx.entries:
        for name in _text_lists(type(entry.fields)):
            value = getattr(entry.fields, name)
            if not value or len(set(value)) == len(value):
                continue
            seen: set[str] = set()
            for i, item in enumerate(value):
                if item in seen:
                    yield ctx.error_at(
                        entry,
                        (name, i),
                        "duplicate-value",
                        _("'{value}' is listed twice in '{name}'", value=item, name=name),
                    )
                seen.add(item)
