#!/usr/bin/env python3
"""How fast a scout hears about their own change: ``exchange validate --changed``.

    python bench/validate_changed.py --innovations 10000 --runs 5

Writes N synthetic innovations (``exchange synthetic``, seed 0) into a fresh git
repository, commits them on ``main``, then on a branch changes one innovation
(its stage written as its label, "Proven": a mistake to find) and times, each in
its own process and alternately:

- ``exchange validate --changed`` (the answer the scout waits for);
- ``exchange validate content`` (the whole catalogue: the reference).

It prints the median of each, their ratio, and checks that both find the
mistake. Target at 10,000 innovations: ``--changed`` in at most 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXCHANGE = [sys.executable, "-m", "generator"]


def git(work: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=bench@example.org", "-c", "user.name=Bench", *arguments],
        cwd=work,
        check=True,
        capture_output=True,
    )


def timed(work: Path, *arguments: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [*EXCHANGE, "validate", *arguments],
        cwd=work,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    return time.perf_counter() - start, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--innovations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="validate-changed-") as folder:
        work = Path(folder)
        subprocess.run(
            [*EXCHANGE, "synthetic", "content", "--innovations", str(args.innovations)],
            cwd=work,
            check=True,
            capture_output=True,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )
        git(work, "init", "-q", "-b", "main")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "catalogue")
        git(work, "checkout", "-q", "-b", "my-entry")
        entry = sorted((work / "content" / "innovations").iterdir())[args.innovations // 2]
        index = entry / "index.md"
        text = index.read_text(encoding="utf-8")
        stage = next(line for line in text.splitlines() if line.startswith("stage: "))
        index.write_text(text.replace(stage, "stage: Proven", 1), encoding="utf-8")
        changed, whole = [], []
        for _ in range(args.runs):
            seconds, out = timed(work, "--changed")
            assert "'Proven' is the label" in out, out
            changed.append(seconds)
            seconds, out = timed(work, "content")
            assert "'Proven' is the label" in out, out
            whole.append(seconds)
    fast, slow = statistics.median(changed), statistics.median(whole)
    print(f"| innovations | --changed (median of {args.runs}) | whole catalogue | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| {args.innovations:,} | {fast:.2f} s | {slow:.2f} s | {fast / slow:.2f} |")
    return 0 if fast <= 3.0 or args.innovations != 10_000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
