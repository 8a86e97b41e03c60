#!/usr/bin/env python3
"""What a language costs: the same synthetic exchange built with an English and an
Italian interface (and, with --reference, with another checkout's code).

    python bench/languages.py --innovations 2000 --pairs 3
    python bench/languages.py --innovations 2000 --pairs 3 --reference /tmp/base/.venv

Each build is a fresh ``mkdocs build`` process after the page cache is dropped
(when run as root), each variant taking each place in the series in turn, so slow
phases of a noisy machine fall on every variant alike; the median is reported, with the site's
bytes and HTML page count. The Italian build keeps the content in English
(``content/exchange.yml``: language en, country IT): what changes is every word
the interface writes, the browser's catalogue and Pagefind's stemming.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(sys.executable).parent


def make(root: Path, innovations: int, language: str) -> Path:
    site = root / language
    shutil.copytree(REPO / "docs", site / "docs")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    (site / "mkdocs.yml").write_text(
        config.replace("  language: en\n", f"  language: {language}\n")
    )
    subprocess.run(
        [HERE / "exchange", "synthetic", site / "content", "--innovations", str(innovations)],
        check=True,
        capture_output=True,
    )
    if language != "en":
        (site / "content" / "exchange.yml").write_text("country: IT\nlanguage: en\n")
    return site


def build(venv: Path, site: Path, out: Path) -> tuple[float, float, int, int]:
    if os.geteuid() == 0:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    shutil.rmtree(out, ignore_errors=True)
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [venv / "bin" / "mkdocs", "build", "-q", "-f", site / "mkdocs.yml", "-d", out],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if done.returncode:
        sys.exit(f"{site.name} did not build:\n{done.stderr[-2000:]}")
    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    return seconds, cpu, size, sum(p.suffix == ".html" for p in files)


def _children_cpu() -> float:
    """CPU seconds of every finished child process (the build, its workers, Pagefind):
    steadier than the wall clock on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Run = tuple[float, float, int, int]  # wall s, CPU s, site bytes, HTML pages


def rounds(
    variants: list[tuple[str, Path, Path]], pairs: int, out: Callable[[str], Path]
) -> dict[str, list[Run]]:
    """Each (name, venv, site) built ``pairs`` times into ``out(name)``, each variant
    taking each place in the series in turn: on this machine a build runs slower the
    later it comes in a series, which would favour whichever came first."""
    results: dict[str, list[Run]] = {name: [] for name, *_ in variants}
    for pair in range(pairs):
        turn = pair % len(variants)
        for name, venv, site in variants[turn:] + variants[:turn]:
            results[name].append(build(venv, site, out(name)))
    return results


def report(results: dict[str, list[Run]]) -> None:
    """Medians of each variant, and their ratios to the first's."""
    first = next(iter(results.values()))
    wall0 = statistics.median(r[0] for r in first)
    cpu0 = statistics.median(r[1] for r in first)
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        _w, _c, size, pages = runs[-1]
        print(
            f"  {name:14} wall {wall:6.2f} s ({wall / wall0:.3f}×)  "
            f"CPU {cpu:6.2f} s ({cpu / cpu0:.3f}×)  "
            f"{size / 1e6:8.2f} MB ({size / first[-1][2]:.4f}×)  {pages} pages  "
            f"{size / pages / 1024:.1f} KiB/page"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--innovations", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--reference", type=Path, help="another venv, to build the English site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as folder:
        root = Path(folder)
        sites = {language: make(root, args.innovations, language) for language in ("en", "it")}
        variants = [("en", HERE.parent, sites["en"]), ("it", HERE.parent, sites["it"])]
        if args.reference:
            variants.insert(0, ("en, reference", args.reference, sites["en"]))
        results = rounds(variants, args.pairs, lambda _name: root / "out")
        print(f"{args.innovations} innovations, median of {args.pairs} rounds:")
        report(results)


if __name__ == "__main__":
    main()
