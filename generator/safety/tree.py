"""Folders the build reads from a pull request hold plain files and folders only.

MkDocs follows symbolic links when it collects ``docs/`` and theme overrides, so
a link to ``/etc/passwd`` or ``/proc/self/environ`` committed there would be
published in the site and in the pull request's preview. The content folder's
walk refuses links itself (:mod:`generator.loader.content`); this does the same
for every other folder the build reads, before MkDocs sees it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.i18n import _


def not_plain(root: Path) -> list[tuple[str, str]]:
    """Every symbolic link, and every entry that is neither a regular file nor a
    folder (a pipe, socket or device), under ``root``: (path relative to the
    working directory where possible, what it is). Links are not followed."""
    found: list[tuple[str, str]] = []
    if root.is_symlink():
        return [(_shown(root), _("a symbolic link"))]
    for folder, names, files in os.walk(root, followlinks=False):
        for name in sorted(names + files):
            path = Path(folder) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found.append((_shown(path), _("a symbolic link")))
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append((_shown(path), _("not a regular file")))
    return sorted(found)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
