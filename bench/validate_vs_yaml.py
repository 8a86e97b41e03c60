#!/usr/bin/env python3
"""``exchange validate`` against a bare YAML parse of the same files.

    python bench/validate_vs_yaml.py ../shared/corpora/dpg-registry/content

Validation parses every file's YAML and then checks it, so a bare parse of the
same text is its natural floor. Both run as fresh processes (start-up included),
best of --runs; the bare parse is PyYAML's ``yaml.safe_load`` (the pure-Python
loader, what ``import yaml; yaml.safe_load(text)`` gives) and, for reference,
its LibYAML loader. Ratios under 1 mean validation is the faster of the two.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent

_BARE = """
import sys, yaml
from pathlib import Path
loader = getattr(yaml, sys.argv[2])
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.suffix not in (".md", ".yml"):
        continue
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("\\n---", 1)[0].removeprefix("---\\n")
    yaml.load(text, Loader=loader)
"""


def best(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = sum(1 for p in args.content.rglob("*") if p.suffix in (".md", ".yml"))
    validate = best([str(BIN / "exchange"), "validate", str(args.content)], args.runs)
    safe = best([sys.executable, "-c", _BARE, str(args.content), "SafeLoader"], args.runs)
    c_safe = best([sys.executable, "-c", _BARE, str(args.content), "CSafeLoader"], args.runs)
    print(f"{files} files in {args.content}, best of {args.runs} runs, each a fresh process")
    print("| | seconds | validate ÷ it |")
    print("| --- | --- | --- |")
    print(f"| exchange validate | {validate:.2f} | 1.00 |")
    print(f"| yaml.safe_load (pure Python) | {safe:.2f} | {validate / safe:.2f} |")
    print(f"| yaml.load, CSafeLoader (LibYAML) | {c_safe:.2f} | {validate / c_safe:.2f} |")


if __name__ == "__main__":
    main()
