"""Load a content folder and check it: the one entry point the CLI, the MkDocs
plugin and the issue-form bot share, so all three report the same problems.

The top of the content folder (vocabularies, layout) is read first; then the
scouts, and the innovation folders with their case studies and images, are read
and checked in batches. Every rule needs only a batch plus the vocabularies and
scout ids, so on a large exchange the batches run in parallel processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import rules
from generator.diagnostics import Diagnostic, Report, capped
from generator.exchange import Exchange
from generator.loader.content import (
    ContentSet,
    load_innovations,
    load_scouts,
    load_top,
    scout_ids,
)
from generator.models import Vocabulary
from generator.selection import Selection
from generator.workers import batches, cores, fork_map

#: Below this many innovations, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


@dataclass(frozen=True)
class _Batch:
    root: Path
    names: Sequence[str]  # innovation folders to read
    scouts: bool  # read the scouts instead
    vocabularies: dict[str, Vocabulary]
    exchange: Exchange
    scout_ids: frozenset[str]
    today: date
    keep_entries: bool
    cache: dict | None


def _check_batch(batch: _Batch) -> tuple[ContentSet, list[Diagnostic]]:
    if batch.scouts:
        part = load_scouts(batch.root, batch.vocabularies, batch.cache)
    else:
        part = load_innovations(
            batch.root, list(batch.names), batch.vocabularies, batch.cache, batch.scout_ids
        )
    part.exchange = batch.exchange
    found = part.diagnostics + rules.check(part, batch.today, batch.scout_ids)
    part.drop_partial()  # checked with the rest, so one run reports everything; never built
    if not batch.keep_entries:
        part.innovations, part.case_studies, part.scouts = [], [], []
    return part, found


def validate(
    content_dir: Path,
    today: date | None = None,
    *,
    keep_entries: bool = True,
    cache: dict | None = None,
) -> tuple[ContentSet, Report]:
    """Check everything under ``content_dir``.

    With ``keep_entries=False`` (the CLI) the entries are not kept, so parallel
    workers send back only problems. A ``cache`` dict kept between calls (as
    ``mkdocs serve`` does) lets unchanged files skip parsing on the next call.
    """
    return _check(content_dir, today or date.today(), keep_entries=keep_entries, cache=cache)


def _check(
    content_dir: Path,
    today: date,
    *,
    keep_entries: bool,
    cache: dict | None = None,
    selection: Selection | None = None,
) -> tuple[ContentSet, Report]:
    """Check the top of ``content_dir``, then its scouts and innovation folders in
    batches: all of them, or only the ``selection``'s."""
    content, names = load_top(content_dir, cache)
    ids = scout_ids(content_dir)
    found = content.diagnostics + rules.check(content, today, ids)
    shared = (content.vocabularies, content.exchange, ids, today, keep_entries, cache)
    if selection is None:
        read_scouts, chunks = True, batches(names, cores() * 4)  # a few per core, for balance
    else:
        chosen = sorted(selection.innovations.intersection(names))
        read_scouts, chunks = selection.scouts, [chosen] if chosen else []
    jobs = [_Batch(content_dir, (), True, *shared)] if read_scouts else []
    jobs += [_Batch(content_dir, chunk, False, *shared) for chunk in chunks]
    # Workers pay off for a cold read of a large exchange, not for re-reading a cache.
    parallel = (
        selection is None
        and len(names) >= PARALLEL_FROM
        and not (cache and len(cache) >= len(names))
    )
    for part, problems in fork_map(_check_batch, jobs, parallel=parallel):
        if cache is not None:
            cache.update(part.cache_updates)
        content.innovations.extend(part.innovations)
        content.case_studies.extend(part.case_studies)
        content.scouts.extend(part.scouts)
        content.files_read += part.files_read
        found.extend(problems)
    found = capped(found)
    content.diagnostics = found
    return content, Report(found)


def validate_selection(
    selection: Selection, today: date | None = None, *, all_errors: bool = False
) -> Report:
    """Check the selected files against the whole catalogue; report their problems.

    Only the selected innovation folders (and the scouts, if one is selected) are
    read: every rule needs just the files in front of it plus the vocabularies and
    the scout ids. A wide selection (a vocabulary, a profile removed) or
    ``all_errors`` checks everything, and reports every file's errors and the
    selected files' warnings (what a pull request's checks show).
    """
    today = today or date.today()
    root = selection.root
    if selection.wide or all_errors:
        content, report = validate(root, today, keep_entries=False)
        return Report(
            d
            for d in report.diagnostics
            if d.is_error or selection.covers(_relative(content, d.file))
        )
    content, report = _check(root, today, keep_entries=False, selection=selection)
    return Report(d for d in report.diagnostics if selection.covers(_relative(content, d.file)))


def _relative(content: ContentSet, shown: str) -> str:
    """A diagnostic's file as a path inside the content folder."""
    prefix = content.display_root + "/" if content.display_root else ""
    return shown[len(prefix) :] if prefix and shown.startswith(prefix) else shown
