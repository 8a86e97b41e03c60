"""Walk a content folder and read every file into typed entries.

Layout (the contract)::

    vocabularies/<name>.yml
    innovations/<id>/index.md
    innovations/<id>/case-studies/<id>.md
    innovations/<id>/<image>.png|jpg|jpeg|webp|svg
    scouts/<id>.yml
    exchange.yml, pathway.yml (optional)

Anything else, and any symlink, is reported: a pull request must not be able to
publish a file from outside the repository or hide a misplaced entry.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, error
from generator.did_you_mean import Suggestions
from generator.exchange import FILE as EXCHANGE_FILE
from generator.exchange import Exchange, ExchangeSettings
from generator.i18n import _
from generator.i18n.formatting import listing, number
from generator.loader.fields import check_fields_partly
from generator.loader.files import FileProblem, read_text, split_front_matter
from generator.loader.strict_yaml import Positions, YamlError, parse
from generator.models import IMAGE_SUFFIXES, VOCABULARIES, CaseStudy, Innovation, Scout, Vocabulary
from generator.pathway import FILE as PATHWAY_FILE
from generator.pathway import Pathway, repeated_ids
from generator.safety.limits import IMAGE_BYTES, PATHWAY_BYTES
from generator.scalars import SLUG_MAX, SLUG_PATTERN, shown

_SLUG = re.compile(SLUG_PATTERN, re.ASCII)  # always fullmatch: "$" matches before a final "\n"
_ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
_IGNORED = {"README.md", ".gitkeep"}


@dataclass(eq=False)
class Entry:
    """One innovation, case study or scout, with where it came from."""

    kind: str  # "innovation", "case-study" or "scout"
    id: str
    file: str  # the path shown to people, relative to the working directory
    source: str  # the path inside the content folder, e.g. ``innovations/x/index.md``
    fields: Any  # the validated model: Innovation, CaseStudy or Scout
    positions: Positions
    body: str = ""
    body_line: int = 1
    innovation_id: str | None = None  # for a case study: the innovation it adopts
    assets: tuple[str, ...] = ()  # for an innovation: image files in its folder
    case_study_files: int = 0  # for an innovation: *.md files in case-studies/, valid or not
    front: str = ""  # the YAML text, for rules that scan it whole (personal data)
    front_line: int = 1  # the file line the YAML starts on
    #: Fields left out because they have problems: the entry is checked by the rules
    #: (so one run reports everything) but never published. Empty for a valid entry.
    invalid_fields: frozenset[str] = frozenset()
    #: The file lines of those fields (first, last): what the rules find there is
    #: about a stand-in, not the file, and is not reported.
    invalid_lines: tuple[tuple[int, int], ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.invalid_fields)

    @functools.cached_property
    def path(self) -> Path:
        """:attr:`source` as a path (made when asked for: most entries never are)."""
        return Path(self.source)


@dataclass
class ContentSet:
    root: Path
    display_root: str
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    vocabulary_files: dict[str, tuple[str, Positions]] = field(default_factory=dict)
    #: content/exchange.yml, resolved (the defaults when there is none)
    exchange: Exchange = field(default_factory=Exchange.of)
    #: content/pathway.yml, the readiness checklist's (None: no file, or one with errors)
    pathway: Pathway | None = None
    innovations: list[Entry] = field(default_factory=list)
    case_studies: list[Entry] = field(default_factory=list)
    scouts: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_read: int = 0
    #: The scout ids there are, for the hints on ids that are not (None: not known).
    scout_ids: frozenset[str] | None = None
    #: rel path -> ((mtime_ns, size), reading, its diagnostics): kept across builds
    #: by ``mkdocs serve`` so unchanged files are not parsed again
    cache: dict | None = None
    cache_updates: dict = field(default_factory=dict)

    def display(self, relative: str) -> str:
        return f"{self.display_root}/{relative}" if self.display_root else relative

    def drop_partial(self) -> None:
        """Forget the entries kept only so the rules could check them: whatever
        uses the content after validation sees valid entries only."""
        self.innovations = [e for e in self.innovations if not e.partial]
        self.case_studies = [e for e in self.case_studies if not e.partial]
        self.scouts = [e for e in self.scouts if not e.partial]


def display_root_for(root: Path) -> str:
    """How to show ``root`` in messages: relative to the working directory when inside it."""
    resolved = root.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix().removeprefix(".")
    except ValueError:
        return resolved.as_posix()


def load_content(root: Path) -> ContentSet:
    """Read and check every file under ``root``; never raises for bad content."""
    content = ContentSet(root=root, display_root=display_root_for(root))
    if not root.is_dir():
        message = (
            _("the content folder '{folder}' is a file, not a folder", folder=root)
            if root.exists()
            else _("the content folder '{folder}' does not exist", folder=root)
        )
        content.diagnostics.append(
            error(
                content.display_root or str(root),
                1,
                1,
                "no-content",
                message,
                _(
                    "Give the folder that holds vocabularies/, innovations/ and scouts/, "
                    "e.g. 'exchange validate content'."
                ),
            )
        )
        return content
    walker = _Walker(content)
    for name in walker.walk_top():
        walker.innovation(name, f"innovations/{name}")
    content.drop_partial()  # no rules run here: nothing needs the partial entries
    return content


def load_top(root: Path, cache: dict | None = None) -> tuple[ContentSet, list[str]]:
    """The vocabularies and the layout of the content folder, and the names of
    the innovation folders. Scouts and innovations are read by :func:`load_scouts`
    and :func:`load_innovations`, which the validator runs in parallel."""
    content = ContentSet(root=root, display_root=display_root_for(root), cache=cache)
    if not root.is_dir():
        return load_content(root), []
    return content, _Walker(content).walk_top(read_scouts=False)


def load_scouts(
    root: Path, vocabularies: dict[str, Vocabulary], cache: dict | None = None
) -> ContentSet:
    """Read the scout profiles only."""
    content = ContentSet(root=root, display_root=display_root_for(root), cache=cache)
    content.vocabularies = vocabularies
    if (root / "scouts").is_dir():
        _Walker(content).scouts()
    return content


def scout_ids(root: Path) -> frozenset[str]:
    """The ids of the scout files there are, read or not (whether an id that
    something refers to exists does not depend on the profile being valid)."""
    folder = root / "scouts"
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        name.removesuffix(".yml")
        for name in os.listdir(folder)
        if name.endswith(".yml") and _SLUG.fullmatch(name.removesuffix(".yml"))
    )


def load_innovations(
    root: Path,
    names: list[str],
    vocabularies: dict[str, Vocabulary],
    cache: dict | None = None,
    scout_ids: frozenset[str] | None = None,
) -> ContentSet:
    """Read the named innovation folders (and their case studies) only."""
    content = ContentSet(root=root, display_root=display_root_for(root), cache=cache)
    content.vocabularies = vocabularies
    content.scout_ids = scout_ids
    walker = _Walker(content)
    for name in names:
        walker.innovation(name, f"innovations/{name}")
    return content


class _Walker:
    def __init__(self, content: ContentSet):
        self.content = content
        self.report = content.diagnostics.append

    # --- problems ------------------------------------------------------------

    def problem(
        self, rel: str, code: str, message: str, hint: str = "", line: int = 1, col: int = 1
    ):
        self.report(error(self.content.display(rel), line, col, code, message, hint))

    def scan(self, rel: str) -> list[os.DirEntry]:
        """Directory entries, sorted, with symlinks and hidden files reported or skipped."""
        entries = []
        with os.scandir(os.path.join(self.content.root, rel)) as it:
            for entry in it:
                child = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    self.problem(
                        child,
                        "symlink",
                        _("symbolic links are not allowed in the content folder"),
                        _(
                            "Replace the link with a real file; links could publish files "
                            "from outside the repository."
                        ),
                    )
                elif not entry.name.startswith("."):
                    entries.append(entry)
        return sorted(entries, key=lambda e: e.name)

    def unexpected(self, rel: str, where: str) -> None:
        name = rel.rsplit("/", 1)[-1]
        self.problem(
            rel, "unexpected-file", _("'{name}' does not belong here", name=shown(name)), where
        )

    # --- the walk --------------------------------------------------------------

    def walk_top(self, read_scouts: bool = True) -> list[str]:
        """Read all but the innovation folders (and, unless told not to, the
        scouts); return the innovation folders' names."""
        innovations: list[str] = []
        for entry in self.scan(""):
            if entry.is_dir() and entry.name == "vocabularies":
                self.vocabularies()
            elif entry.is_dir() and entry.name == "innovations":
                innovations = self.innovation_folders()
            elif entry.is_file() and entry.name == EXCHANGE_FILE:
                parsed = self.read_yaml(entry.name, entry, ExchangeSettings)
                if parsed and "invalid_fields" not in parsed:
                    self.content.exchange = Exchange.of(parsed["fields"])
            elif entry.is_file() and entry.name == PATHWAY_FILE:
                self.pathway(entry)
            elif entry.is_dir() and entry.name == "scouts":
                if read_scouts:
                    self.scouts()
            elif entry.name not in _IGNORED:
                self.unexpected(
                    entry.name,
                    _(
                        "The content folder holds only vocabularies/, innovations/, scouts/, "
                        "exchange.yml and pathway.yml."
                    ),
                )
        for name in VOCABULARIES:
            if name not in self.content.vocabularies and not any(
                d.file.endswith(f"vocabularies/{name}.yml") for d in self.content.diagnostics
            ):
                self.problem(
                    f"vocabularies/{name}.yml",
                    "missing-vocabulary",
                    _(
                        "the vocabulary file {file} is missing",
                        file="vocabularies/" + name + ".yml",
                    ),
                    _("Every exchange provides all nine vocabularies; copy the default one."),
                )
        return innovations

    def pathway(self, entry: os.DirEntry) -> None:
        """content/pathway.yml: kept only when valid, small, with every id its own."""
        size = entry.stat().st_size
        if size > PATHWAY_BYTES:
            message = _(
                "the pathway is {size} bytes; at most {limit} (its checklist is printed on "
                "every adoption pack)",
                size=size,
                limit=PATHWAY_BYTES,
            )
            hint = _("Keep the questions a team must answer; link to longer guidance.")
            self.problem(entry.name, "pathway-too-large", message, hint, 1, 1)
            return
        parsed = self.read_yaml(entry.name, entry, Pathway)
        if not parsed or "invalid_fields" in parsed:
            return
        repeated = list(repeated_ids(parsed["fields"]))
        for where, kind, repeated_id in repeated:
            line, col = parsed["positions"].of(where)
            if kind == "stage":
                message = _("the stage id '{id}' is used twice in the pathway", id=repeated_id)
                hint = _("Give each stage its own id.")
            else:
                message = _("the question id '{id}' is used twice in the pathway", id=repeated_id)
                hint = _("Give each question its own id: a visitor's answers are kept by it.")
            self.problem(entry.name, "duplicate-id", message, hint, line, col)
        if not repeated:
            self.content.pathway = parsed["fields"]

    def check_slug(self, rel: str, slug: str) -> bool:
        if _SLUG.fullmatch(slug) and len(slug) <= SLUG_MAX:
            return True
        self.problem(
            rel,
            "invalid-id",
            _(
                "'{id}' is not a valid id: use 1-{limit} lower-case letters, digits and "
                "single hyphens",
                id=shown(slug),
                limit=SLUG_MAX,
            ),
            _("Rename it, e.g. to '{id}'.", id=shown(_suggest_slug(slug))),
        )
        return False

    def vocabularies(self) -> None:
        for entry in self.scan("vocabularies"):
            rel = f"vocabularies/{entry.name}"
            name = entry.name.removesuffix(".yml")
            if not entry.is_file() or not entry.name.endswith(".yml"):
                self.unexpected(rel, _("vocabularies/ holds only <name>.yml files."))
            elif name not in VOCABULARIES:
                self.unexpected(
                    rel,
                    _(
                        "The vocabularies are: {names}.",
                        names=listing(VOCABULARIES, "standard-narrow"),
                    ),
                )
            else:
                parsed = self.read_yaml(rel, entry, Vocabulary)
                if (
                    parsed
                    and "invalid_fields" not in parsed
                    and self.positions_fit(rel, name, parsed)
                ):
                    self.content.vocabularies[name] = parsed["fields"]
                    self.content.vocabulary_files[name] = (
                        self.content.display(rel),
                        parsed["positions"],
                    )

    def positions_fit(self, rel: str, name: str, parsed: dict[str, Any]) -> bool:
        """A map position only in the regions vocabulary, and one region per tile;
        each problem reported at its line. True when there is none."""
        vocabulary: Vocabulary = parsed["fields"]
        fine = True
        if name != "regions":
            for i, field_name in vocabulary.misplaced_positions():
                line, col = parsed["positions"].of(("terms", i, field_name))
                self.problem(
                    rel,
                    "regions-only",
                    _(
                        "'{term}' has '{field}', which only regions have",
                        term=vocabulary.terms[i].id,
                        field=field_name,
                    ),
                    _("Remove it: only vocabularies/regions.yml is drawn as a map."),
                    line,
                    col,
                )
                fine = False
            return fine
        for i, term, other in vocabulary.shared_tiles():
            line, col = parsed["positions"].of(("terms", i))
            self.problem(
                rel,
                "same-tile",
                _("'{term}' is on the same tile as '{other}'", term=term, other=other),
                _("Give each region its own square: change the column or row of one."),
                line,
                col,
            )
            fine = False
        return fine

    def innovation_folders(self) -> list[str]:
        names = []
        for folder in self.scan("innovations"):
            rel = f"innovations/{folder.name}"
            if not folder.is_dir():
                self.unexpected(rel, _("Each innovation is a folder: innovations/<id>/index.md."))
            elif self.check_slug(rel, folder.name):
                names.append(folder.name)
        return names

    def innovation(self, slug: str, rel: str) -> None:
        assets: list[str] = []
        index = None
        case_studies = None
        for entry in self.scan(rel):
            child = f"{rel}/{entry.name}"
            if entry.name == "index.md" and entry.is_file():
                index = entry
            elif entry.name == "case-studies" and entry.is_dir():
                case_studies = entry
            elif entry.is_file() and entry.name.lower().endswith(IMAGE_SUFFIXES):
                size = entry.stat().st_size
                if size > IMAGE_BYTES:
                    self.problem(
                        child,
                        "image-too-large",
                        _(
                            "the image is {size} bytes; images may be at most {limit}",
                            size=number(size),
                            limit=number(IMAGE_BYTES),
                        ),
                        _(
                            "Make it smaller: export it at the size it is shown (about {width} "
                            "pixels wide) as JPEG or WebP.",
                            width=number(1200),
                        ),
                    )
                elif _ASSET_NAME.fullmatch(entry.name):
                    assets.append(entry.name)
                else:
                    self.problem(
                        child,
                        "invalid-file-name",
                        _(
                            "'{name}' has characters that do not work in web addresses",
                            name=entry.name,
                        ),
                        _("Use letters, digits, '.', '-' and '_' only."),
                    )
            else:
                self.unexpected(
                    child,
                    _(
                        "An innovation folder holds index.md, a case-studies/ folder and images "
                        "({suffixes}).",
                        suffixes=listing(IMAGE_SUFFIXES, "standard-narrow"),
                    ),
                )
        if index is None:
            self.problem(
                rel,
                "missing-index",
                _("the innovation folder '{folder}' has no index.md", folder=rel),
                _("Run 'exchange new innovation \"Title\"' to create one."),
            )
            return
        studies = self.scan(f"{rel}/case-studies") if case_studies is not None else []
        parsed = self.read_markdown(f"{rel}/index.md", index, Innovation)
        if parsed:
            self.content.innovations.append(
                Entry(
                    "innovation",
                    slug,
                    self.content.display(f"{rel}/index.md"),
                    f"{rel}/index.md",
                    **parsed,
                    assets=tuple(assets),
                    case_study_files=sum(e.name.endswith(".md") for e in studies),
                )
            )
        if studies:
            for entry in studies:
                child = f"{rel}/case-studies/{entry.name}"
                if not entry.is_file() or not entry.name.endswith(".md"):
                    self.unexpected(child, _("case-studies/ holds only <id>.md files."))
                    continue
                cs_slug = entry.name.removesuffix(".md")
                if not self.check_slug(child, cs_slug):
                    continue
                parsed = self.read_markdown(child, entry, CaseStudy)
                if parsed:
                    self.content.case_studies.append(
                        Entry(
                            "case-study",
                            cs_slug,
                            self.content.display(child),
                            child,
                            **parsed,
                            innovation_id=slug,
                        )
                    )

    def scouts(self) -> None:
        for entry in self.scan("scouts"):
            rel = f"scouts/{entry.name}"
            if not entry.is_file() or not entry.name.endswith(".yml"):
                hint = (
                    _("Rename it to end in .yml.")
                    if entry.name.endswith(".yaml")
                    else _("scouts/ holds only <id>.yml files.")
                )
                self.unexpected(rel, hint)
                continue
            slug = entry.name.removesuffix(".yml")
            if not self.check_slug(rel, slug):
                continue
            parsed = self.read_yaml(rel, entry, Scout)
            if parsed:
                self.content.scouts.append(
                    Entry("scout", slug, self.content.display(rel), rel, **parsed)
                )

    # --- reading one file ----------------------------------------------------------

    def read(self, rel: str, entry: os.DirEntry) -> str | None:
        self.content.files_read += 1
        try:
            return read_text(entry.path)
        except FileProblem as p:
            self.problem(rel, p.code, p.message, p.hint, p.line, p.column)
        except OSError as exc:
            self.problem(
                rel, "unreadable", _("the file cannot be read: {reason}", reason=exc.strerror)
            )
        return None

    def parse_yaml(self, rel: str, text: str, first_line: int) -> tuple[Any, Positions] | None:
        try:
            return parse(text, first_line)
        except YamlError as e:
            self.problem(rel, e.code, e.message, e.hint, e.line, e.column)
            return None

    def validated(
        self, rel: str, model: type[BaseModel], data: Any, positions: Positions, last_line: int
    ) -> tuple[Any, dict]:
        """The model (partial when the file has problems) and, for a partial one,
        the fields left out and their lines (``last_line``: the YAML's last)."""
        suggestions = Suggestions(self.content.vocabularies, self.content.scout_ids or ())
        instance, problems, left_out = check_fields_partly(
            model, data, positions, self.content.display(rel), suggestions
        )
        self.content.diagnostics.extend(problems)
        if not left_out:
            return instance, {}
        return instance, {
            "invalid_fields": left_out,
            "invalid_lines": _lines_of(data, positions, left_out, last_line),
        }

    def remembered(self, rel: str, entry: os.DirEntry, model: type[BaseModel], read) -> dict | None:
        """``read`` the file, or reuse the last reading if the file has not changed."""
        cache = self.content.cache
        if cache is None:
            return read(rel, entry, model)
        stat = entry.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        hit = cache.get(rel)
        if hit is not None and hit[0] == stamp:
            self.content.diagnostics.extend(hit[2])
            return hit[1]
        before = len(self.content.diagnostics)
        result = read(rel, entry, model)
        cache[rel] = (stamp, result, self.content.diagnostics[before:])
        self.content.cache_updates[rel] = cache[rel]
        return result

    def read_yaml(self, rel: str, entry: os.DirEntry, model: type[BaseModel]) -> dict | None:
        return self.remembered(rel, entry, model, self._read_yaml)

    def read_markdown(self, rel: str, entry: os.DirEntry, model: type[BaseModel]) -> dict | None:
        return self.remembered(rel, entry, model, self._read_markdown)

    def _read_yaml(self, rel: str, entry: os.DirEntry, model: type[BaseModel]) -> dict | None:
        text = self.read(rel, entry)
        if text is None:
            return None
        parsed = self.parse_yaml(rel, text, 1)
        if parsed is None:
            return None
        data, positions = parsed
        instance, invalid = self.validated(rel, model, data, positions, text.count("\n") + 1)
        if instance is None:
            return None
        return {"fields": instance, "positions": positions, "front": text, **invalid}

    def _read_markdown(self, rel: str, entry: os.DirEntry, model: type[BaseModel]) -> dict | None:
        text = self.read(rel, entry)
        if text is None:
            return None
        try:
            front = split_front_matter(text)
        except FileProblem as p:
            self.problem(rel, p.code, p.message, p.hint, p.line, p.column)
            return None
        parsed = self.parse_yaml(rel, front.yaml, front.yaml_line)
        if parsed is None:
            return None
        data, positions = parsed
        last_line = front.yaml_line + front.yaml.count("\n")
        instance, invalid = self.validated(rel, model, data, positions, last_line)
        if instance is None:
            return None
        return {
            "fields": instance,
            "positions": positions,
            "body": front.body,
            "body_line": front.body_line,
            "front": front.yaml,
            "front_line": front.yaml_line,
            **invalid,
        }


def _lines_of(
    data: dict, positions: Positions, fields: frozenset[str], last_line: int
) -> tuple[tuple[int, int], ...]:
    """The lines of each of ``fields``: from its key to the line before the next key."""
    starts = sorted((positions.key_of((key,))[0], str(key)) for key in data)
    spans = []
    for i, (line, key) in enumerate(starts):
        if key in fields:
            end = starts[i + 1][0] - 1 if i + 1 < len(starts) else last_line
            spans.append((line, max(line, end)))
    return tuple(spans)


def _suggest_slug(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return (slug or "entry")[:SLUG_MAX].rstrip("-")
