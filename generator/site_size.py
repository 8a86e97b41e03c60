"""The built site's size against what its host publishes (GitHub Pages: at most 1 GB).

An exchange grows an entry at a time, and GitHub Pages refuses a site over 1 GB only
when it is deployed. So every build measures what it wrote, says how big it is and
where the bytes are, and near or over the limit says what an exchange can turn off.
Over the limit that is a warning, so that ``mkdocs build --strict`` (the publish
workflow's) fails before the deploy does; near it (:data:`NEAR`), a note in the log,
since that site still publishes.

One walk of the output, sizes from the directory entries: linear in the number of
files, about half a second for the 76,000 files of 10,000 innovations (as long as
``du -sb``). Sizes are in MB of a million bytes. The limit is compared with what GitHub
checks: the artifact ``actions/upload-pages-artifact`` uploads, a tar of the site (GNU
format, as its ``tar -cf … .`` writes it), which is larger than the files' bytes: a
512-byte header for each file and folder, contents padded to 512 bytes, and another
header and block for each name longer than 100 bytes (most of an exchange's, whose
ids are long). At 10,000 innovations that is 1,126 MB for 988 MB of files.
``mkdocs serve`` is not measured: it publishes nothing.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.i18n import N_, _, ngettext
from generator.i18n.formatting import file_size, listing
from generator.pages import urls

#: What GitHub Pages publishes at most, in MB: the default limit.
GITHUB_PAGES_MB = 1000
#: Above this share of the limit, the build warns before it is too late.
NEAR = 0.9
MB = 1_000_000
#: GNU tar: blocks of 512 bytes, a name field of 100 bytes, records of 20 blocks.
TAR_BLOCK, TAR_NAME, TAR_RECORD = 512, 100, 10_240
#: How many of the largest parts the messages name.
SHOWN_PARTS = 4

# innovations/ is most of a large site: its files are told apart by their path
# (generator/pages/urls.py): innovations/<id>/index.html, .../adopt/, .../case-studies/.
_INNOVATIONS, _PACKS = urls.adoption_pack("id").split("/")[0:3:2]
_CASE_STUDIES = urls.case_study("id", "case").split("/")[2]
INNOVATION_PAGES = N_("innovation pages")
CASE_STUDY_PAGES = N_("case-study pages")
ADOPTION_PACKS = N_("adoption packs")
#: The rest of innovations/: the entries' images and pictures.
INNOVATION_FILES = N_("other files in innovations/")
#: Files beside the home page (404.html, sitemap.xml).
TOP_LEVEL_FILES = N_("files at the top level")
_NAMED = {INNOVATION_PAGES, CASE_STUDY_PAGES, ADOPTION_PACKS, INNOVATION_FILES, TOP_LEVEL_FILES}


@dataclass(frozen=True)
class SiteSize:
    """What a built site weighs: in all, and by part (a top-level folder such as
    ``pagefind/``, or one of the named kinds of innovations/ files)."""

    total: int  # the files' bytes
    files: int
    parts: dict[str, int]
    seconds: float  # what measuring took
    #: The bytes of the site as GitHub Pages' artifact (see :func:`tar_member`), in all
    #: and by part (its files' members, without the folders').
    artifact: int = 0
    artifact_parts: dict[str, int] = field(default_factory=dict)

    def largest(self, count: int = SHOWN_PARTS) -> list[tuple[str, int]]:
        return sorted(self.parts.items(), key=lambda part: (-part[1], part[0]))[:count]


def measure(site: Path) -> SiteSize:
    """Every regular file's size under ``site``, by part, and the site's size as a tar.
    Links are not followed: the build writes none (MkDocs copies files, and the content
    folders may hold no link: safety/tree.py), though the artifact's ``tar
    --dereference`` would count what one points at."""
    started = time.perf_counter()
    parts: Counter[str] = Counter()
    in_artifact: Counter[str] = Counter()
    files = 0
    artifact = tar_member("./", 0)
    folders: list[tuple[str, tuple[str, ...]]] = [(str(site), ())]
    while folders:
        folder, inside = folders.pop()
        prefix = "./" + "".join(f"{name}/" for name in inside)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, (*inside, entry.name)))
                    artifact += tar_member(f"{prefix}{entry.name}/", 0)
                elif entry.is_file(follow_symlinks=False):
                    files += 1
                    size = entry.stat(follow_symlinks=False).st_size
                    part = _part(inside, entry.name)
                    parts[part] += size
                    in_artifact[part] += tar_member(prefix + entry.name, size)
    artifact += sum(in_artifact.values())
    artifact = -(-(artifact + 2 * TAR_BLOCK) // TAR_RECORD) * TAR_RECORD  # the end, padded
    seconds = time.perf_counter() - started
    return SiteSize(sum(parts.values()), files, dict(parts), seconds, artifact, dict(in_artifact))


def tar_member(name: str, size: int) -> int:
    """The bytes one file or folder (``name`` as tar writes it: ``./a/b.html``, ``./a/``)
    of ``size`` bytes takes in a GNU tar: a header block, the content padded to whole
    blocks, and first a long-name header and the name's blocks when it passes 100 bytes."""
    blocks = 1 + -(-size // TAR_BLOCK)
    length = len(name.encode("utf-8"))
    if length > TAR_NAME:
        blocks += 1 + -(-(length + 1) // TAR_BLOCK)
    return blocks * TAR_BLOCK


def _part(inside: tuple[str, ...], name: str) -> str:
    """The part of a file ``name`` in the folder ``inside`` (its path in the site)."""
    if not inside:
        return TOP_LEVEL_FILES
    if inside[0] != _INNOVATIONS:
        return f"{inside[0]}/"
    if len(inside) > 2 and inside[2] == _PACKS:
        return ADOPTION_PACKS
    if len(inside) > 2 and inside[2] == _CASE_STUDIES:
        return CASE_STUDY_PAGES
    if len(inside) == 2 and name.endswith(".html"):
        return INNOVATION_PAGES
    return INNOVATION_FILES


def summary(size: SiteSize, limit_mb: float) -> str:
    """The build's line about its size, whatever it is."""
    return ngettext(
        "Site size: {size} in {n} file, {artifact} as GitHub Pages' artifact (limit: "
        "{limit}); largest parts: {parts}; measured in {seconds} s",
        "Site size: {size} in {n} files, {artifact} as GitHub Pages' artifact (limit: "
        "{limit}); largest parts: {parts}; measured in {seconds} s",
        size.files,
        size=file_size(size.total),
        artifact=file_size(size.artifact),
        limit=file_size(limit_mb * MB),
        parts=_largest(size),
        seconds=format(size.seconds, ".2f"),
    )


def over(size: SiteSize, limit_mb: float) -> bool:
    """Whether the site, as GitHub Pages' artifact, is over its limit (its host would
    refuse it)."""
    return size.artifact > limit_mb * MB


def warning(size: SiteSize, limit_mb: float) -> str | None:
    """What to tell an exchange whose site (as GitHub Pages' artifact) is near (above
    :data:`NEAR`) or over its limit, with what it can do; ``None`` below."""
    limit = limit_mb * MB
    if size.artifact <= NEAR * limit:
        return None
    values = {
        "artifact": file_size(size.artifact),
        "limit": file_size(limit),
        "parts": _largest(size),
        "advice": _advice(size),
    }
    if over(size, limit_mb):
        return _(
            "As GitHub Pages' artifact the site is {artifact}, over its limit of {limit}: "
            "GitHub Pages would refuse to publish it (at most 1 GB; the plugin's "
            "size_limit_mb option sets the limit). Largest parts: {parts}. {advice}",
            **values,
        )
    return _(
        "As GitHub Pages' artifact the site is {artifact}, close to its limit of {limit} "
        "(GitHub Pages publishes at most 1 GB; the plugin's size_limit_mb option sets the "
        "limit). Largest parts: {parts}. {advice}",
        **values,
    )


def _advice(size: SiteSize) -> str:
    packs = size.artifact_parts.get(ADOPTION_PACKS, 0)
    if packs:
        return _(
            "Leaving out the adoption packs (adoption_packs: false in the plugin's options "
            "in mkdocs.yml) would make the artifact about {size} smaller.",
            size=file_size(packs),
        )
    return _(
        "Make the content's largest images smaller, or publish where a larger site is "
        "allowed and raise the limit."
    )


def _largest(size: SiteSize) -> str:
    return listing(
        _("{part} ({size})", part=_(part) if part in _NAMED else part, size=file_size(bytes_))
        for part, bytes_ in size.largest()
    )
