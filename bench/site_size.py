#!/usr/bin/env python3
"""The site-size benchmark: how many bytes a large exchange publishes, and where they go.

    python bench/site_size.py --innovations 10000 --body-scale 2
    python bench/site_size.py --site /tmp/size-10k/exchange/site      # analyse a built site only
    PYTHONPATH=/tmp/size-work python /tmp/size-work/bench/site_size.py ...   # a copy's generator

GitHub Pages publishes at most 1 GB, so the built site must stay well under it as exchanges
grow. This writes N synthetic innovations (``exchange synthetic``, with N case studies and N/10
scouts), optionally with every section of every innovation's and case study's body written
``--body-scale`` times (the headings once: longer real-world entries, not more of them), checks
that the content still validates, builds it with ``mkdocs build`` (timed), and reports:

- the total: the sum of file sizes, ``du -sb`` and the size of the tar GitHub's
  ``upload-pages-artifact`` makes, which is what GitHub compares with its 1 GB (as the
  build's own size check measures it: ``generator/site_size.py``);
- bytes per innovation, and a breakdown by category (entry pages, listing and term pages,
  Pagefind, the open-data outputs, assets, the rest);
- for each kind of HTML page, how much is the entry's own content (inside ``<article>``) and
  how much the theme's chrome (``<head>``, header, navigation, footer, scripts) repeated on
  every page;
- the gzip size of ``api/v1/index.json`` (fetched on phones: at most 1.5 MB at 10,000).

Everything is printed as Markdown tables. Without ``--keep`` the generated folder is removed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator import site_size

REPO = Path(__file__).resolve().parents[1]
#: The categories of the breakdown, in the order they are printed.
CATEGORIES = (
    "innovation pages",
    "case-study pages",
    "adoption packs",
    "scout pages",
    "listing/term pages",
    "other pages",
    "entry images",
    "pagefind/",
    "api/ JSON",
    "api/ CSV",
    "api/ other (DCAT, ...)",
    "feeds/",
    "embed/",
    "assets/",
    "other",
)
#: The HTML page kinds whose content and chrome are measured apart (the theme's pages; an
#: adoption pack is a lean page of its own, without the theme's chrome).
PAGE_KINDS = (
    "innovation pages",
    "case-study pages",
    "scout pages",
    "listing/term pages",
    "other pages",
)
INDEX_JSON = "api/v1/index.json"
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)


def environment(repo: Path) -> dict[str, str]:
    """Subprocesses import ``repo``'s generator (a scratch copy's, when experimenting)."""
    path = os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}


# --- making the content ------------------------------------------------------


def scale_body(text: str, scale: int) -> str:
    """A Markdown file with the text of each body section written ``scale`` times.

    The front matter and the headings stay as they are; the text between two headings
    (paragraphs and lists) is repeated, separated by a blank line, so each section is
    ``scale`` times as long and the entry has the same sections.
    """
    if scale == 1 or not text.startswith("---\n"):
        return text
    end = text.index("\n---\n", 4) + 5
    front, body = text[:end], text[end:]
    out: list[str] = []
    starts = [m.start() for m in _HEADING.finditer(body)]
    pieces = [body[: starts[0]] if starts else body]
    pieces += [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    for piece in pieces:
        heading, newline, rest = piece.partition("\n") if _HEADING.match(piece) else ("", "", piece)
        section = rest.strip("\n")
        if section:
            rest = "\n" + "\n\n".join([section] * scale) + "\n\n"
        out.append(heading + newline + rest)
    return front + "".join(out).rstrip("\n") + "\n"


def make_content(content: Path, innovations: int, seed: int, scale: int, repo: Path) -> float:
    """Write the synthetic exchange (seconds taken), its bodies scaled, and validate it."""
    started = time.perf_counter()
    env = environment(repo)
    python = sys.executable
    synthetic = ["synthetic", content, "--innovations", str(innovations), "--seed", str(seed)]
    subprocess.run(
        [python, "-m", "generator", *synthetic],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    if scale != 1:
        for path in sorted((content / "innovations").rglob("*.md")):
            path.write_text(scale_body(path.read_text("utf-8"), scale), "utf-8")
    checked = subprocess.run(
        [python, "-m", "generator", "validate", content, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    report = json.loads(checked.stdout)
    if report["errors"]:
        first = report["diagnostics"][:5]
        raise SystemExit(f"the scaled content does not validate: {json.dumps(first, indent=1)}")
    return time.perf_counter() - started


def build(work: Path, content: Path, repo: Path) -> tuple[Path, float, list[str]]:
    """Build the exchange of ``content`` with ``repo``'s docs and settings; (site, seconds, log)."""
    project = work / "exchange"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    shutil.copytree(repo / "docs", project / "docs")
    shutil.copy(repo / "mkdocs.yml", project / "mkdocs.yml")
    (project / "content").symlink_to(content.resolve())
    env = environment(repo)
    which = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=project,  # as the build runs: not this folder's generator
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    print(f"… building with {which}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", "site"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"mkdocs build failed:\n{done.stderr[-5000:]}")
    notes = [
        line.split("generator: ", 1)[1]
        for line in done.stderr.splitlines()
        if line.startswith("INFO") and "generator: " in line and "warning[" not in line
    ]
    return project / "site", seconds, notes


# --- measuring the site ------------------------------------------------------


def category(parts: tuple[str, ...]) -> str:
    """The breakdown's category of a file, from its path inside the site."""
    top, name = parts[0], parts[-1]
    html = name.endswith(".html")
    if top == "innovations" and len(parts) > 2:
        if not html:
            return "entry images"
        if "adopt" in parts[2:-1]:
            return "adoption packs"
        return "case-study pages" if "case-studies" in parts[2:-1] else "innovation pages"
    if top == "scouts" and len(parts) == 3 and html:
        return "scout pages"
    if top in {"pagefind", "feeds", "assets"}:
        return f"{top}/"
    if top in {"embed", "embeds"}:
        return "embed/"
    if top == "api":
        if name.endswith(".json"):
            return "api/ JSON"
        return "api/ CSV" if name.endswith(".csv") else "api/ other (DCAT, ...)"
    if html:
        listing = top in {"browse", "scouts", "innovations"} or "page" in parts[:-1]
        return "listing/term pages" if listing else "other pages"
    return "other"


@dataclass
class Split:
    """Bytes of HTML pages of one kind: ``<head>``, the ``<article>``, the rest of the body."""

    pages: int = 0
    head: int = 0
    article: int = 0
    scripts: int = 0  # inline and linked <script> elements outside <head> and <article>
    largest: int = 0

    def add(self, page: bytes) -> None:
        self.pages += 1
        self.largest = max(self.largest, len(page))
        head_end = page.find(b"</head>")
        self.head += head_end + 7 if head_end >= 0 else 0
        start, end = page.find(b"<article"), page.rfind(b"</article>")
        if start >= 0 and end > start:
            self.article += end + 10 - start
        outside = page[head_end + 7 :] if head_end >= 0 else page
        if start >= 0 and end > start:
            outside = page[head_end + 7 : start] + page[end + 10 :]
        for script in re.finditer(rb"<script\b.*?</script>", outside, re.DOTALL):
            self.scripts += len(script[0])


@dataclass
class Measured:
    files: int = 0
    total: int = 0
    tar: int = 0
    du: int = 0
    by_category: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    splits: dict[str, Split] = field(default_factory=lambda: defaultdict(Split))
    index_json: int = 0
    index_json_gz: int = 0


def measure(site: Path) -> Measured:
    """Walk the built site once: sizes by category, pages split into content and chrome."""
    m = Measured()
    m.tar = site_size.measure(site).artifact
    for root, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            size = path.stat().st_size
            parts = path.relative_to(site).parts
            kind = category(parts)
            m.files += 1
            m.total += size
            m.by_category[kind][0] += 1
            m.by_category[kind][1] += size
            if kind in PAGE_KINDS:
                m.splits[kind].add(path.read_bytes())
    index = site / INDEX_JSON
    if index.exists():
        data = index.read_bytes()
        m.index_json = len(data)
        m.index_json_gz = len(gzip.compress(data, 9, mtime=0))
    du = subprocess.run(["du", "-sb", site], capture_output=True, text=True)
    m.du = int(du.stdout.split()[0]) if du.returncode == 0 else 0
    return m


# --- reporting ---------------------------------------------------------------


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f}"


def report(m: Measured, innovations: int, facts: dict[str, str]) -> str:
    per = max(1, innovations)
    lines = [f"- {key}: {value}" for key, value in facts.items()]
    lines += [
        "",
        "| total | files | MB (sum of sizes) | MB (du -sb) | MB (Pages tar) "
        "| bytes per innovation |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| site | {m.files:,} | {mb(m.total)} | {mb(m.du)} | {mb(m.tar)} | {m.total / per:,.0f} |",
        "",
        "| category | files | MB | share | bytes per innovation |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in CATEGORIES:
        files, size = m.by_category.get(name, [0, 0])
        share = size / m.total if m.total else 0
        lines.append(f"| {name} | {files:,} | {mb(size)} | {share:.1%} | {size / per:,.0f} |")
    lines += [
        "",
        "| HTML pages | pages | MB | avg KB | largest KB | <article> (content) | <head> "
        "| other chrome | of which scripts |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in PAGE_KINDS:
        s = m.splits.get(name)
        if not s or not s.pages:
            continue
        size = m.by_category[name][1]
        chrome = size - s.head - s.article

        def part(n: int, size: int = size) -> str:
            return f"{mb(n)} MB ({n / size:.0%})"

        lines.append(
            f"| {name} | {s.pages:,} | {mb(size)} | {size / s.pages / 1000:.1f} | "
            f"{s.largest / 1000:.1f} | {part(s.article)} | {part(s.head)} | {part(chrome)} | "
            f"{part(s.scripts)} |"
        )
    if m.index_json:
        lines += [
            "",
            f"`{INDEX_JSON}`: {m.index_json / 1e6:.2f} MB, "
            f"{m.index_json_gz / 1e6:.3f} MB gzip -9 (target: at most 1.5 MB at 10,000).",
        ]
    else:
        lines += ["", f"`{INDEX_JSON}`: not written by this build."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--innovations", type=int, default=10_000)
    parser.add_argument("--body-scale", type=int, default=1, help="write each body section N times")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repo", type=Path, default=REPO, help="the generator tree to build with")
    parser.add_argument("--work", type=Path, help="folder for content and site (default: temp)")
    parser.add_argument("--site", type=Path, help="only measure this already-built site")
    parser.add_argument("--keep", action="store_true", help="keep the generated content and site")
    args = parser.parse_args()
    if args.body_scale < 1:
        parser.error("--body-scale must be 1 or more")
    if args.site:
        innovations = sum(1 for _ in (args.site / "innovations").glob("*/index.html"))
        facts = {"site": str(args.site), "innovations": f"{innovations:,}"}
        print(report(measure(args.site), innovations, facts))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix=f"size-{args.innovations}-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        content = work / "content"
        print(f"… {args.innovations} innovations in {work}", file=sys.stderr, flush=True)
        made = make_content(content, args.innovations, args.seed, args.body_scale, args.repo)
        site, seconds, notes = build(work, content, args.repo)
        facts = {
            "command": "python bench/site_size.py " + " ".join(sys.argv[1:]),
            "innovations": f"{args.innovations:,} (body scale {args.body_scale})",
            "content written and validated": f"{made:.1f} s",
            "mkdocs build": f"{seconds:.1f} s on {os.cpu_count()} cores",
            **{f"build log {i + 1}": note for i, note in enumerate(notes)},
        }
        print(report(measure(site), args.innovations, facts))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"… kept {work}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
