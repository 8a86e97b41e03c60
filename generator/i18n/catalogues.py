"""Keep the catalogues in step with the code: extract, update, check.

``python -m generator.i18n update`` extracts every marked string (Python,
templates, the browser's JavaScript) into ``messages.pot`` and merges it into
each language's ``messages.po``; English, the source language, is filled in
with the source text. ``python -m generator.i18n check`` fails when the template
is out of date or a catalogue has a message missing or fuzzy (the tests run it).
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE, compile_po, shipped

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
METHODS = [
    ("**/i18n/__init__.py", "ignore"),  # these only say how to translate
    ("**/i18n/catalogues.py", "ignore"),
    ("**/i18n/jinja.py", "ignore"),
    ("**/synthetic.py", "ignore"),  # benchmark content, never shown to a person
    ("**.py", "python"),
    ("**/templates/**.j2", "jinja2"),
    ("**/theme/**.html", "jinja2"),
    ("**/theme/assets/**.js", "javascript"),
]
OPTIONS = {
    "**/templates/**.j2": {"extensions": "jinja2.ext.do", "trimmed": "true"},
    "**/theme/**.html": {"extensions": "jinja2.ext.do", "trimmed": "true"},
}
#: The browser's functions: t(message, values) and tn(singular, plural, n, values).
KEYWORDS = {**DEFAULT_KEYWORDS, "t": None, "tn": (1, 2), "in_language": (2,)}
HEADER = "Translations of the Innovation Exchange's interface"


def extracted() -> Catalog:
    """Every marked message in the package, with where it is used."""
    template = Catalog(project="innovation-exchange", header_comment=f"# {HEADER}.", fuzzy=False)
    found = extract_from_dir(
        PACKAGE,
        method_map=METHODS,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for path, line, message, comments, context in found:
        template.add(
            message, None, [(f"generator/{path}", line)], auto_comments=comments, context=context
        )
    return template


def _text(catalog: Catalog) -> str:
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=100,
        omit_header=False,
        sort_by_file=False,
        no_location=False,
        include_lineno=False,
    )
    return out.getvalue().decode("utf-8")


def _without_dates(text: str) -> str:
    return "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith(('"POT-Creation-Date', '"PO-Revision-Date'))
    )


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def update() -> list[Path]:
    """Write the template and merge it into every catalogue; returns what changed."""
    written = []
    template = extracted()
    if not TEMPLATE.exists() or _without_dates(TEMPLATE.read_text("utf-8")) != _without_dates(
        _text(template)
    ):
        TEMPLATE.write_text(_text(template), "utf-8")
        written.append(TEMPLATE)
    for language in sorted({*shipped(), SOURCE_LANGUAGE}):
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = _read(path, language) if path.exists() else Catalog(locale=language)
        before = _text(catalog) if path.exists() else ""
        # A copy: Babel adds the template's own Message objects to the catalogue, and
        # English's are then filled in with the source text.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        if language == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id:
                    message.string = message.id
        if _without_dates(_text(catalog)) != _without_dates(before):
            path.write_text(_text(catalog), "utf-8")
            written.append(path)
        if language != SOURCE_LANGUAGE:  # English is read from the code itself
            mo = path.with_suffix(".mo")
            compiled = compile_po(path, language)
            if not mo.is_file() or mo.read_bytes() != compiled:
                mo.write_bytes(compiled)
                written.append(mo)
    return written


def problems() -> Iterator[str]:
    """What makes the catalogues incomplete or stale, one line each."""
    if not TEMPLATE.exists():
        yield f"{TEMPLATE}: missing; run python -m generator.i18n update"
        return
    current = {_key(m) for m in extracted() if m.id}
    stored = {_key(m) for m in _read(TEMPLATE) if m.id}
    for key in sorted(current - stored, key=str):
        yield f"{TEMPLATE.name}: new message not extracted yet: {key!r}"
    for key in sorted(stored - current, key=str):
        yield f"{TEMPLATE.name}: message no longer used: {key!r}"
    for language in shipped():
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        catalog = _read(path, language)
        have = {_key(m): m for m in catalog if m.id}
        for key in sorted(current, key=str):
            message = have.get(key)
            if message is None:
                yield f"{language}: missing {key!r}"
            elif message.fuzzy or not _translated(message):
                yield f"{language}: untranslated {key!r}"
        mo = path.with_suffix(".mo")
        if language != SOURCE_LANGUAGE and (
            not mo.is_file() or mo.read_bytes() != compile_po(path, language)
        ):
            yield f"{language}: {mo.name} is not the compiled {path.name}; run update"


def _key(message: Message) -> tuple:
    return (message.context or "", message.id if isinstance(message.id, str) else tuple(message.id))


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, list | tuple) else [message.string]
    return bool(strings) and all(strings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.i18n")
    parser.add_argument("command", choices=["update", "check"])
    args = parser.parse_args(argv)
    if args.command == "update":
        for path in update():
            print(f"wrote {path.relative_to(PACKAGE.parent)}")
        return 0
    found = list(problems())
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
