#!/usr/bin/env python3
"""Lighthouse scores of the built site, as a phone sees it.

    python bench/lighthouse.py [--runs 3] [--engine mkdocs|properdocs] [--config mkdocs.yml]
                               [--page NAME=PATH ...] [--site SITE_DIR --port PORT]

Builds the repository's site, or the one ``--config`` names (``ENGINE build --strict``,
with ``SITE_URL`` set to where it is served), serves it on 127.0.0.1 as GitHub Pages would
(text gzipped, ``Cache-Control: max-age=600``, the site's 404 page for a missing file), and
runs the npm ``lighthouse`` package (``npm ci`` installs it from package-lock.json) in
Debian's Chromium ($CHROME_PATH, default /usr/bin/chromium) with Lighthouse's defaults: the
mobile form factor and simulated slow 4G on a mid-range phone's CPU. Each page is measured
``--runs`` times; the run with the median performance score is reported, as Lighthouse
advises. Prints a Markdown table of the four categories per page, then every audit that
kept a target from being met.

Targets: performance at least 0.95 and accessibility 1.0 on every page. The exit status is 1
when one is missed (2 when Lighthouse could not run), so this can gate a release by hand; it
is a benchmark, not a test: scores depend on the machine (the report's CPU benchmark index is
printed with them). The JSON reports are kept in bench/results/lighthouse/ (not committed).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
RESULTS = REPO / "bench" / "results" / "lighthouse"
#: The pages measured by default: one of each kind a reader lands on.
PAGES = {
    "home": "",
    "browse": "browse/",
    "innovation": "innovations/remote-copd-monitoring/",
    "scout": "scouts/ada-example/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions"
#: Seconds one Lighthouse run may take before it counts as failed.
RUN_TIMEOUT = 300
#: What GitHub Pages compresses: every text format the site has.
TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
)


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """A static server answering as GitHub Pages does, so Lighthouse judges what readers get."""

    gzipped: dict[Path, bytes] = {}  # noqa: RUF012 - a cache shared by the server's threads

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        compress = kind.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            if path not in self.gzipped:
                self.gzipped[path] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.gzipped[path]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(site: Path, port: int) -> Iterator[str]:
    handler = functools.partial(PagesHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(engine: str, config: Path, out: Path, site_url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    command = [sys.executable, "-m", engine, "build", "--strict", "-q", "-f", str(config)]
    done = subprocess.run(
        [*command, "-d", str(out)], cwd=config.parent, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{engine} build --strict failed:\n{done.stdout}\n{done.stderr}")


@dataclass(frozen=True)
class Run:
    scores: dict[str, float]
    report: dict


def lighthouse(url: str, chrome: str, out: Path) -> Run:
    """One Lighthouse run with its defaults (mobile); its JSON report is kept in ``out``."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    try:
        done = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"Lighthouse took over {RUN_TIMEOUT} s on {url}") from None
    if done.returncode != 0 or not out.is_file():
        print(f"Lighthouse failed on {url}:\n{done.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(2)
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        print(f"Lighthouse: {report['runtimeError']} on {url}", file=sys.stderr)
        raise SystemExit(2)
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    return Run(scores, report)


def median_run(runs: list[Run]) -> Run:
    """The run whose performance score is the median (the lower one of an even count)."""
    ordered = sorted(runs, key=lambda r: r.scores["performance"])
    return ordered[(len(ordered) - 1) // 2]


def shortfalls(run: Run) -> list[str]:
    """The audits of a missed target's category that did not score full marks, heaviest first."""
    lines = []
    for category, target in TARGETS.items():
        if run.scores[category] >= target:
            continue
        refs = run.report["categories"][category]["auditRefs"]
        for ref in sorted(refs, key=lambda r: -r["weight"]):
            audit = run.report["audits"][ref["id"]]
            score = audit.get("score")
            if score is None or score >= 1 or (ref["weight"] == 0 and score >= 0.9):
                continue
            value = f": {audit['displayValue']}" if audit.get("displayValue") else ""
            lines.append(
                f"- {category}, `{ref['id']}` (weight {ref['weight']}, score {score:.2f})"
                f" {audit['title']}{value}"
            )
    return lines


def page_option(text: str) -> tuple[str, str]:
    """``NAME=PATH`` (PATH relative to the site's root, e.g. ``innovations/x/``)."""
    name, sep, path = text.partition("=")
    if not sep or not name or path.startswith(("/", "http")) or ".." in path:
        raise argparse.ArgumentTypeError(f"{text!r}: give NAME=PATH, PATH relative to the site")
    return name, path


def table(results: dict[str, Run], pages: dict[str, str]) -> str:
    head = "| page | " + " | ".join(CATEGORIES) + " |"
    rows = [head, "| --- |" + " --- |" * len(CATEGORIES)]
    for name, run in results.items():
        cells = []
        for category in CATEGORIES:
            score = run.scores[category]
            missed = category in TARGETS and score < TARGETS[category]
            cells.append(
                f"**{score:.2f}** (target {TARGETS[category]:.2f})" if missed else f"{score:.2f}"
            )
        rows.append(f"| {name} (`/{pages[name]}`) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median reported)")
    parser.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs")
    parser.add_argument("--config", type=Path, default=REPO / "mkdocs.yml", help="the site's")
    parser.add_argument(
        "--page", type=page_option, action="append", help="NAME=PATH, instead of the default pages"
    )
    parser.add_argument("--site", type=Path, help="a site already built for --port")
    parser.add_argument("--port", type=int, default=0, help="where to serve (0: any free port)")
    args = parser.parse_args()
    if not 1 <= args.runs <= 15:
        parser.error("--runs must be between 1 and 15")
    if not LIGHTHOUSE.is_file():
        raise SystemExit("needs the npm lighthouse package: run `npm ci` in the repository root")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).is_file():
        raise SystemExit(
            f"needs Chromium at {chrome}: install Debian's `chromium` or set $CHROME_PATH"
        )

    pages = dict(args.page) if args.page else PAGES
    port = args.port or free_port()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build(args.engine, args.config.resolve(), site, f"http://127.0.0.1:{port}/")
        results: dict[str, Run] = {}
        with served(site, port) as root:
            for name, path in pages.items():
                runs = [
                    lighthouse(root + path, chrome, RESULTS / f"{name}-{i + 1}.json")
                    for i in range(args.runs)
                ]
                results[name] = median_run(runs)
                spread = [r.scores["performance"] for r in runs]
                print(
                    f"{name}: performance {', '.join(f'{s:.2f}' for s in spread)}",
                    file=sys.stderr,
                    flush=True,
                )

    first = next(iter(results.values())).report
    index = statistics.median(r.report["environment"]["benchmarkIndex"] for r in results.values())
    print(
        f"Lighthouse {first['lighthouseVersion']}, {first['configSettings']['formFactor']}, "
        f"{first['configSettings']['throttlingMethod']} throttling; "
        f"{first['environment']['hostUserAgent'].split(') ')[-1]}; "
        f"CPU benchmark index {index:.0f}; {args.runs} runs per page (median); "
        f"{args.engine} build; {platform.node()}, {os.cpu_count()} cores; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
    )
    print(table(results, pages))
    missed = {name: shortfalls(run) for name, run in results.items()}
    if any(missed.values()):
        print("\nTargets missed (the audits that did not score full marks):\n")
        for name, lines in missed.items():
            if lines:
                print(f"{name}:")
                print("\n".join(lines))
        return 1
    print("\nEvery target met: performance >= 0.95 and accessibility 1.0 on all pages.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
