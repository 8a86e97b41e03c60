#!/usr/bin/env python3
"""What a reader downloads for their first search, and how big entry pages are.

    python bench/search_payload.py SITE_DIR [--query asthma oxygen]

Serves a built site (``mkdocs build``'s output) on localhost, opens an
innovation page in Chromium (Debian's, or $EXCHANGE_CHROMIUM) with an empty
cache, types each query into the header search in a fresh browser context and
sums every ``pagefind/`` response until the results are shown. It reports the
bytes as served here (no compression) and as GitHub Pages would send them
(gzip for JavaScript; Pagefind's index, metadata and fragments are gzipped
files already), with the share of each kind of file. It also reports the
largest and the median innovation page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Payload:
    query: str
    results: str  # the search's status line, e.g. "612 results for asthma"
    served: dict[str, int] = field(default_factory=dict)  # kind of file -> bytes
    gzipped: dict[str, int] = field(default_factory=dict)

    @property
    def served_kb(self) -> float:
        return sum(self.served.values()) / 1000

    @property
    def gzipped_kb(self) -> float:
        return sum(self.gzipped.values()) / 1000


def _kind(url: str) -> str:
    name = url.rsplit("/", 1)[-1]
    for suffix, kind in (
        (".pf_meta", "metadata"),
        (".pf_index", "index chunks"),
        (".pf_fragment", "fragments"),
        (".pf_filter", "filters"),
        (".pagefind", "WebAssembly"),
        (".js", "JavaScript"),
    ):
        if name.endswith(suffix):
            return kind
    return "other"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium() -> str:
    path = os.environ.get("EXCHANGE_CHROMIUM") or shutil.which("chromium") or ""
    if not Path(path).is_file():
        raise SystemExit("needs Chromium: install Debian's `chromium` or set $EXCHANGE_CHROMIUM")
    return path


def measure(site: Path, queries: list[str]) -> list[Payload]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    page_path = next((site / "innovations").glob("*/index.html")).parent.name
    found = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium())
            for query in queries:
                context = browser.new_context()  # an empty cache for each query
                page = context.new_page()
                payload = Payload(query, "")
                found.append(payload)

                def record(response, payload=payload) -> None:
                    if "/pagefind/" not in response.url or response.status != 200:
                        return
                    body = response.body()
                    kind = _kind(response.url)
                    payload.served[kind] = payload.served.get(kind, 0) + len(body)
                    sent = len(gzip.compress(body, 6)) if kind == "JavaScript" else len(body)
                    payload.gzipped[kind] = payload.gzipped.get(kind, 0) + sent

                page.on("response", record)
                page.goto(f"{root}innovations/{page_path}/", wait_until="networkidle")
                page.fill(".ix-search__input", query)
                status = page.locator("[data-ix-search] [role=status]")
                status.filter(has_text=query).wait_for(timeout=120_000)
                page.wait_for_load_state("networkidle")
                payload.results = status.inner_text().split(".")[0]
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def page_sizes(site: Path) -> tuple[float, float]:
    """The largest and the median innovation page, in KB."""
    sizes = [p.stat().st_size / 1000 for p in (site / "innovations").glob("*/index.html")]
    return max(sizes), statistics.median(sizes)


def report(site: Path, payloads: list[Payload]) -> str:
    largest, median = page_sizes(site)
    lines = [
        "| query | results | first search KB (served here) | KB as GitHub Pages sends it "
        "| of which |",
        "| --- | --- | --- | --- | --- |",
    ]
    for p in payloads:
        parts = ", ".join(
            f"{kind} {size / 1000:.1f}"
            for kind, size in sorted(p.gzipped.items(), key=lambda kv: -kv[1])
        )
        lines.append(
            f"| {p.query} | {p.results} | {p.served_kb:.1f} | {p.gzipped_kb:.1f} | {parts} |"
        )
    lines.append(f"\nInnovation pages: largest {largest:.1f} KB, median {median:.1f} KB of HTML.")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--query", nargs="+", default=["asthma", "oxygen"])
    args = parser.parse_args()
    if not (args.site / "pagefind" / "pagefind.js").is_file():
        parser.error(f"{args.site} has no Pagefind bundle: build the site first")
    print(report(args.site, measure(args.site, args.query)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
