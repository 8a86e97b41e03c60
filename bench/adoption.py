#!/usr/bin/env python3
"""What the road from finding to adopting costs (issue 15): adoption packs, pictures of
spread, Compare and Insights, against the code before them.

    python bench/adoption.py --innovations 2000 --pairs 3 --reference /tmp/base/.venv

The reference is another checkout's virtualenv (the code before the change). Each
variant writes its own synthetic exchange with its own ``exchange synthetic`` (seed 0:
the same entries; this code's copy also has the regions' map positions and the
adoption pathway, which the reference cannot read), then each is built in turn as in
``languages.py`` (a fresh process, the page cache dropped, each variant taking each
place in the series). Reported: medians of wall and CPU time, the site's bytes, and
the largest adoption pack and innovation page.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from languages import HERE, REPO, report, rounds


def make(root: Path, venv: Path, name: str, innovations: int) -> Path:
    site = root / name
    shutil.copytree(REPO / "docs", site / "docs")
    (site / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text("utf-8"), "utf-8")
    subprocess.run(
        [
            venv / "bin" / "exchange",
            "synthetic",
            site / "content",
            "--innovations",
            str(innovations),
        ],
        check=True,
        capture_output=True,
        cwd=site,
    )
    return site


def largest(out: Path, pattern: str) -> tuple[int, str]:
    """The biggest file matching ``pattern`` in the built site: (bytes, path)."""
    found = [(p.stat().st_size, str(p.relative_to(out))) for p in out.glob(pattern)]
    return max(found) if found else (0, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--innovations", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--reference", type=Path, required=True, help="the other code's venv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-adoption-") as folder:
        root = Path(folder)
        variants = [
            ("before", args.reference, make(root, args.reference, "before", args.innovations)),
            ("now", HERE.parent, make(root, HERE.parent, "now", args.innovations)),
        ]
        results = rounds(variants, args.pairs, lambda name: root / f"out-{name}")
        print(f"{args.innovations} innovations, median of {args.pairs} rounds:")
        report(results)
        # Builds next to each other in time drift together: the ratio within each round
        # is steadier than the ratio of the medians.
        pairs = zip(results["before"], results["now"], strict=True)
        ratios = [now[0] / before[0] for before, now in pairs]
        shown = ", ".join(f"{r:.3f}" for r in ratios)
        median = statistics.median(ratios)
        print(f"  wall, now ÷ before in each round: {shown}; median {median:.3f}")
        out = root / "out-now"
        for label, pattern in (
            ("largest adoption pack", "innovations/*/adopt/index.html"),
            ("largest innovation page", "innovations/*/index.html"),
            ("insights page", "insights/index.html"),
        ):
            size, path = largest(out, pattern)
            print(f"  {label}: {size / 1000:.1f} KB ({path})")
        before_page = largest(root / "out-before", "innovations/*/index.html")
        print(
            f"  largest innovation page before: {before_page[0] / 1000:.1f} KB ({before_page[1]})"
        )


if __name__ == "__main__":
    main()
