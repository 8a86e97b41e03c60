"""Which content files a check is about: the ones named, or the ones changed.

A scout checks their own entry (``exchange validate content/innovations/<id>``)
or what they changed (``exchange validate --changed``). Either way the files are
checked against the whole catalogue (its vocabularies, its scouts), so a
reference to an existing scout is never a false error; only the named files'
problems are reported.

A change to the top of the content folder (a vocabulary, the exchange's
settings) or a scout's profile removed can break any other file: such a
selection is *wide*, and the whole content is checked.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.i18n import _
from generator.scalars import shown

#: The branches a change is compared with when no base is given, first found first.
DEFAULT_BASES = ("origin/main", "main", "origin/master", "master")
#: A git command that takes longer than this is stuck (a lock, a network filesystem).
GIT_SECONDS = 60


class SelectionError(Exception):
    """A path or a git base that cannot be used: a usage error, not a content error."""


@dataclass
class Selection:
    """Content files chosen for a check, as paths inside the content folder."""

    root: Path
    #: Innovation folders to read (their index.md and case studies).
    innovations: set[str] = field(default_factory=set)
    #: Whether scout profiles are among the files.
    scouts: bool = False
    #: The files and folders to report on (``innovations/x``, ``scouts/y.yml``, ...).
    paths: set[str] = field(default_factory=set)
    #: Whether the change can break other files, so that all must be checked.
    wide: bool = False

    @property
    def everything(self) -> bool:
        return "" in self.paths

    def covers(self, relative: str) -> bool:
        """Whether ``relative`` (a path inside the content folder) was chosen: it is
        a chosen path, or inside one, or the folder of a chosen innovation (its
        name may be what is wrong)."""
        if self.everything:
            return True
        if any(relative == p or relative.startswith(p + "/") for p in self.paths):
            return True
        parts = relative.split("/")
        return len(parts) == 2 and parts[0] == "innovations" and parts[1] in self.innovations

    def add(self, relative: str, *, deleted: bool = False) -> None:
        """Choose one path inside the content folder ("" for all of it)."""
        parts = relative.split("/") if relative else []
        self.paths.add(relative)
        if not parts:
            self.wide = True
        elif parts[0] == "innovations" and len(parts) >= 2:
            self.innovations.add(parts[1])
        elif parts[0] == "innovations":
            self.wide = True  # the whole folder of innovations
        elif parts[0] == "scouts":
            self.scouts = True
            # A profile removed (or the whole folder named) can break the entries naming it.
            self.wide = self.wide or deleted or len(parts) == 1
        else:  # vocabularies, exchange.yml, anything else at the top
            self.wide = True


def content_root_of(path: Path) -> Path | None:
    """The content folder ``path`` is in (or is): the nearest folder holding
    vocabularies/."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / "vocabularies").is_dir():
            return folder
    return None


def select(paths: list[Path], root: Path | None = None) -> Selection:
    """The selection of ``paths`` (files or folders of one content folder)."""
    if not paths:
        raise SelectionError(_("name at least one file or folder"))
    root = root or content_root_of(paths[0] if paths[0].exists() else paths[0].parent)
    if root is None:
        raise SelectionError(
            _(
                "'{path}' is not in a content folder (a folder holding vocabularies/, "
                "innovations/ and scouts/)",
                path=paths[0],
            )
        )
    selection = Selection(root)
    resolved_root = root.resolve()
    for path in paths:
        if not path.exists():
            raise SelectionError(_("'{path}' does not exist", path=path))
        try:
            relative = path.resolve().relative_to(resolved_root).as_posix()
        except ValueError:
            raise SelectionError(
                _("'{path}' is not inside the content folder '{root}'", path=path, root=root)
            ) from None
        selection.add("" if relative == "." else relative)
    return selection


def changed_since(root: Path, base: str | None) -> tuple[Selection, str]:
    """The content files changed since the git revision ``base`` (committed or
    not, and new files not yet added), and the base used."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    if base is None:
        base = next((b for b in DEFAULT_BASES if _exists(root, b)), None)
        if base is None:
            raise SelectionError(
                _("no branch main or origin/main to compare with: give one, e.g. --changed HEAD~1")
            )
        base = _git(root, "merge-base", "HEAD", base).strip() or base
    elif not _exists(root, base):
        raise SelectionError(_("'{base}' is not a git revision here", base=base))
    selection = Selection(root)
    try:
        inside = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise SelectionError(_("the content folder is not in this git repository")) from None
    prefix = "" if inside == "." else inside + "/"
    # -z: names as they are (no quoting), separated by NUL; renames as a delete and an add.
    status = _git(root, "diff", "--name-status", "-z", "--no-renames", base, "--", ".")
    fields = status.split("\0")
    for kind, name in zip(fields[0::2], fields[1::2], strict=False):
        if name.startswith(prefix):
            selection.add(name[len(prefix) :], deleted=kind.startswith("D"))
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name")
    for name in filter(None, untracked.split("\0")):
        if name.startswith(prefix):
            selection.add(name[len(prefix) :])
    return selection, base


def _exists(root: Path, revision: str) -> bool:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", revision + "^{commit}")
    except SelectionError:
        return False
    return True


def _git(root: Path, *arguments: str) -> str:
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=root,
            capture_output=True,  # bytes: text mode would turn a CR in a file name into LF
            timeout=GIT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise SelectionError(_("git is not installed: --changed needs it")) from None
    except subprocess.TimeoutExpired:
        raise SelectionError(_("git did not answer in {seconds} s", seconds=GIT_SECONDS)) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise SelectionError(_("git: {message}", message=shown(message[0])))
    return done.stdout.decode("utf-8", "surrogateescape")  # as os.fsdecode reads names
