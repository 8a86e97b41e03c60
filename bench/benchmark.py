#!/usr/bin/env python3
"""The build benchmark: the exchange's build against MkDocs' own floor.

    python bench/benchmark.py                      # sizes 1000 2000 8000
    python bench/benchmark.py --sizes 500 1000 --naive-up-to 500 --serve 500

For each size N it writes N synthetic innovations with N case studies and N/10
scouts (``exchange synthetic``, seed 0) and measures, each in its own process:

- ``exchange validate``;
- the full ``mkdocs build`` of the exchange (validation, pages, Pagefind),
  with Pagefind's share read from the plugin's log, peak memory, output size;
- the floor: the same Markdown bodies as plain pages kept out of the
  navigation, built by bare MkDocs + Material, then indexed by Pagefind;
- the naive build (sizes up to --naive-up-to): the same pages with every page
  in the navigation, as a team would get by hand, then Pagefind;
- at the sizes given to --serve, seconds from saving an entry to ``mkdocs
  serve`` serving the changed page;
- at the sizes given to --payload, what the first header search downloads in
  Chromium for each of --queries (``bench/search_payload.py``), and the largest
  innovation page.

Absolute times drift on shared machines, so it reports ratios measured in the
same run. Results go to stdout and to bench/results/<timestamp>.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# Runs a command and prints its wall time, the peak memory of its largest process
# and the peak of all its processes together (their proportional set sizes summed,
# sampled from /proc every 0.2 s: Linux only).
_MEASURE = """
import json, os, resource, subprocess, sys, threading, time
def tree_rss(root):
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(pid))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:  # proportional set size: pages shared by forked workers counted once
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:")) * 1024
        except (OSError, IndexError, ValueError):
            pass
    return total
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
peak = [0]
def sample():
    while process.poll() is None:
        peak[0] = max(peak[0], tree_rss(process.pid))
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()
log = process.communicate()[0]
print(json.dumps({"seconds": time.perf_counter() - start, "code": process.returncode,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "tree_peak_mb": peak[0] / 2**20, "log": log[-20000:]}))
"""

_INDEX = """
import asyncio, sys
from pagefind.index import IndexConfig, PagefindIndex
async def main(site):
    async with PagefindIndex(config=IndexConfig(output_path=site + "/pagefind",
                                                force_language="en")) as index:
        await index.add_directory(site)
asyncio.run(main(sys.argv[1]))
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest single process
    tree_peak_mb: float = 0.0  # all the command's processes together
    log: str = ""
    size_mb: float = 0.0


@dataclass
class Row:
    n: int
    validate: Run | None = None
    full: Run | None = None
    pagefind_s: float = 0.0
    floor: Run | None = None
    naive: Run | None = None
    extra: dict = field(default_factory=dict)


def measure(*command: str | Path, cwd: Path | None = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *map(str, command)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        check=True,
    )
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result['log']}")
    return Run(result["seconds"], result["peak_mb"], result["tree_peak_mb"], result["log"])


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def exchange_site(work: Path, content: Path) -> Path:
    site = work / "exchange"
    site.mkdir()
    shutil.copytree(REPO / "docs", site / "docs")
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    (site / "content").symlink_to(content)  # the bench's own files, outside any repository
    return site


def plain_pages(content: Path, docs: Path) -> int:
    """The same Markdown bodies as plain pages: innovations, case studies, scouts."""
    from generator.loader.content import load_content

    loaded = load_content(content)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    count = 0
    for entry in loaded.innovations + loaded.case_studies:
        target = docs / entry.path.with_suffix("").as_posix().replace("/index", "")
        target = target.with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {entry.fields.title}\n\n{entry.body}")
        count += 1
    for scout in loaded.scouts:
        target = docs / "scouts" / f"{scout.id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {scout.fields.name}\n\n{scout.fields.bio or ''}\n")
        count += 1
    return count


def plain_site(work: Path, name: str, docs: Path, in_nav: bool) -> Path:
    site = work / name
    site.mkdir()
    (site / "docs").symlink_to(docs)
    nav = "" if in_nav else "nav:\n  - index.md\nnot_in_nav: |\n  /*/**\n"
    (site / "mkdocs.yml").write_text(
        "site_name: Floor\ntheme:\n  name: material\n  font: false\nplugins: []\n"
        "markdown_extensions: [admonition, attr_list, tables, toc]\n"
        + nav
        + "validation:\n  omitted_files: ignore\n"
    )
    return site


def build_then_index(site: Path) -> Run:
    built = measure(BIN / "mkdocs", "build", "-q", "-d", "site", cwd=site)
    indexed = measure(sys.executable, "-c", _INDEX, "site", cwd=site)
    return Run(
        built.seconds + indexed.seconds,
        max(built.peak_mb, indexed.peak_mb),
        size_mb=size_mb(site / "site"),
    )


def serve_edit_latency(site: Path, content: Path) -> float:
    """Seconds from saving an entry to `mkdocs serve` serving the changed page."""
    port = 8765 + os.getpid() % 1000
    server = subprocess.Popen(
        [BIN / "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # never an undrained pipe: serve logs a lot
    )
    try:
        entry = sorted((content / "innovations").iterdir())[0]
        url = f"http://127.0.0.1:{port}/innovations/{entry.name}/"
        deadline = time.time() + 900
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(3)  # let the first build's watchers settle
        marker = f"benchmarkedit{int(time.time())}"
        index = entry / "index.md"
        index.write_text(
            index.read_text().replace("## The solution", f"{marker}\n\n## The solution", 1)
        )
        saved = time.perf_counter()
        while time.perf_counter() - saved < 120:
            try:
                if marker in urllib.request.urlopen(url, timeout=5).read().decode():
                    return time.perf_counter() - saved
            except OSError:
                pass
            time.sleep(0.05)
        return float("inf")
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_size(n: int, work: Path, naive_up_to: int, serve: bool, queries: list[str]) -> Row:
    from generator.synthetic import generate

    row = Row(n)
    content = work / "content"
    generate(content, n, seed=0)
    row.validate = measure(BIN / "exchange", "validate", content)
    site = exchange_site(work, content)
    row.full = measure(BIN / "mkdocs", "build", "-d", "site", cwd=site)
    row.full.size_mb = size_mb(site / "site")
    pagefind = re.search(r"Pagefind indexed .*?: ([\d.]+) s,", row.full.log)
    row.pagefind_s = float(pagefind[1]) if pagefind else float("nan")
    # Each open-data output's seconds, and the megabytes of its folders.
    exported = re.search(r"Open data written \((.*?)\)", row.full.log)
    row.extra["exports"] = exported[1] if exported else "–"
    row.extra["exports_mb"] = {
        folder: size_mb(site / "site" / folder) for folder in ("api", "feeds", "embed")
    }
    docs = work / "plain-docs"
    row.extra["pages"] = plain_pages(content, docs)
    row.floor = build_then_index(plain_site(work, "floor", docs, in_nav=False))
    if n <= naive_up_to:
        row.naive = build_then_index(plain_site(work, "naive", docs, in_nav=True))
    if serve:
        row.extra["serve_edit_s"] = serve_edit_latency(site, content)
    if queries:
        import search_payload  # bench/search_payload.py, beside this script

        row.extra["payloads"] = search_payload.measure(site / "site", queries)
        row.extra["largest_page_kb"] = search_payload.page_sizes(site / "site")[0]
    return row


def report(rows: list[Row]) -> str:
    lines = [
        f"Benchmark of {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores "
        f"(python bench/benchmark.py {' '.join(sys.argv[1:])})",
        "",
        "| innovations | pages | validate s | full build s | Pagefind s | peak MB, largest process "
        "| peak MB, all processes | output MB | floor s | full ÷ floor | naive s | full ÷ naive "
        "| serve edit s | first search KB | largest innovation page KB |",
        "|" + " --- |" * 15,
    ]
    for r in rows:
        assert r.validate and r.full and r.floor
        naive = f"{r.naive.seconds:.1f}" if r.naive else "–"
        vs_naive = f"{r.full.seconds / r.naive.seconds:.2f}" if r.naive else "–"
        serve = f"{r.extra['serve_edit_s']:.2f}" if "serve_edit_s" in r.extra else "–"
        first = r.extra.get("payloads")
        search = " / ".join(f"{p.gzipped_kb:.0f}" for p in first) if first else "–"
        page = f"{r.extra['largest_page_kb']:.1f}" if "largest_page_kb" in r.extra else "–"
        lines.append(
            f"| {r.n} | {r.extra['pages']} | {r.validate.seconds:.2f} | {r.full.seconds:.1f} | "
            f"{r.pagefind_s:.1f} | {r.full.peak_mb:.0f} | {r.full.tree_peak_mb:.0f} | "
            f"{r.full.size_mb:.0f} | {r.floor.seconds:.1f} | "
            f"{r.full.seconds / r.floor.seconds:.2f} | {naive} | {vs_naive} | {serve} | "
            f"{search} | {page} |"
        )
    measured = next((r.extra["payloads"] for r in rows if "payloads" in r.extra), None)
    if measured:
        lines.append(
            "\nFirst search KB: Pagefind's files as GitHub Pages sends them (JavaScript gzipped), "
            "for " + " / ".join(f'"{p.query}"' for p in measured) + "."
        )
    for r in rows:
        if "exports" in r.extra:
            sizes = ", ".join(f"{k}/ {v:.1f} MB" for k, v in r.extra["exports_mb"].items())
            lines.append(
                f"\nOpen data at {r.n} innovations (written while Pagefind indexes): "
                f"{r.extra['exports']}; {sizes}."
            )
    by_n = {r.n: r for r in rows}
    for small in sorted(by_n):
        big = small * 4
        if big in by_n:
            f = by_n[big].full.seconds / by_n[small].full.seconds  # type: ignore[union-attr]
            v = by_n[big].validate.seconds / by_n[small].validate.seconds  # type: ignore[union-attr]
            lines.append(
                f"\nScaling {small} → {big} innovations: full build × {f:.2f}, "
                f"validate × {v:.2f} (linear would be × 4)"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 8000])
    parser.add_argument(
        "--naive-up-to",
        type=int,
        default=1000,
        help="build the naive everything-in-navigation site up to this size",
    )
    parser.add_argument(
        "--serve",
        type=int,
        nargs="*",
        default=[1000],
        metavar="N",
        help="sizes at which to time a one-entry edit under mkdocs serve",
    )
    parser.add_argument(
        "--payload",
        type=int,
        nargs="*",
        default=[],
        metavar="N",
        help="sizes at which to measure the first header search's download in Chromium "
        "(bench/search_payload.py)",
    )
    parser.add_argument("--queries", nargs="+", default=["asthma", "virtual ward"])
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"exchange-bench-{n}-"))
        try:
            print(f"… {n} innovations in {work}", file=sys.stderr, flush=True)
            queries = args.queries if n in args.payload else []
            rows.append(run_size(n, work, args.naive_up_to, n in args.serve, queries))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    table = report(rows)
    print(table)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / time.strftime("%Y%m%d-%H%M%S.md")).write_text(table)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
