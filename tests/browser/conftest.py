"""Fixtures for the end-to-end browser tests.

The real site is built once per session with ``mkdocs build --strict`` into a
temporary folder and served over HTTP on 127.0.0.1 (Pagefind needs HTTP, not
``file://``). Chromium is the machine's own (Debian's ``chromium`` package or
``$EXCHANGE_CHROMIUM``), or Playwright's where a developer has installed one;
axe-core and the Nu Html Checker come from ``node_modules`` (``npm ci``).

When something the tests need is missing they are skipped with a loud reason on
a developer's machine, and they FAIL in CI (``$CI`` set), where they are mandatory.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.browser_support import AXE, REPO, VNU

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: Milliseconds to wait for anything in the page (search, facets) before failing.
TIMEOUT = 10_000


_NOT_RUN: set[str] = set()


def unavailable(what: str) -> None:
    """Fail in CI, where these tests are mandatory; skip loudly elsewhere."""
    message = (
        f"BROWSER TESTS NOT RUN: {what}. They check search, facets, keyboard use, "
        "WCAG 2.2 AA (axe-core) and valid HTML (Nu); install the missing tool to run them."
    )
    if os.environ.get("CI"):
        pytest.fail(f"{message} (mandatory because $CI is set)", pytrace=False)
    if message not in _NOT_RUN:
        _NOT_RUN.add(message)
        warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for message in sorted(_NOT_RUN):
        terminalreporter.write_sep("!", "browser tests skipped", red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)


def chromium_path() -> str | None:
    """The Chromium to drive: $EXCHANGE_CHROMIUM, Debian's, or None for Playwright's own."""
    explicit = os.environ.get("EXCHANGE_CHROMIUM")
    if explicit:
        if not Path(explicit).is_file():
            unavailable(f"$EXCHANGE_CHROMIUM={explicit} is not a file")
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def tools() -> None:
    """axe-core and the Nu checker are installed (``npm ci``), with Java for Nu."""
    missing = [str(p.relative_to(REPO)) for p in (AXE, VNU) if not p.is_file()]
    if missing:
        unavailable(f"missing {', '.join(missing)} (run `npm ci` in the repository root)")
    if not shutil.which("java"):
        unavailable("no `java` on PATH for the Nu Html Checker (Debian: default-jre-headless)")


@dataclass(frozen=True)
class Site:
    root: Path  # the built site's folder
    url: str  # where it is served, ending in "/"

    def __call__(self, path: str = "") -> str:
        """The absolute URL of a site path like ``browse/``."""
        return self.url + path.lstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # The built site does not change during the session: let the browser cache it.
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class LocalServer(http.server.ThreadingHTTPServer):
    """The built site on 127.0.0.1 (also the sub-path server of test_published.py)."""

    daemon_threads = True
    # socketserver's default backlog is 5: a burst of the browser's parallel requests
    # could overflow it, and a dropped connection is retried only after a second or more.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        # The browser drops connections when a test navigates away mid-download.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real site, built once with ``mkdocs build --strict``, served on localhost."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_real_site(out)
    with served(out) as served_site:
        yield served_site


def build_real_site(out: Path, **env: str) -> None:
    """``mkdocs build --strict`` of the repository's own site into ``out``, with these
    environment variables (``SITE_URL``, say); the test fails if the build does."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    if not (out / "pagefind" / "pagefind.js").is_file():
        pytest.fail("the build wrote no Pagefind bundle (site/pagefind/pagefind.js)", pytrace=False)


@contextlib.contextmanager
def served(folder: Path) -> Iterator[Site]:
    """A built site served over HTTP on 127.0.0.1 while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = LocalServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(folder, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(tools: None) -> Iterator[object]:
    """A headless Chromium shared by the session (each test gets its own context)."""
    try:
        from playwright.sync_api import Error, expect, sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    expect.set_options(timeout=TIMEOUT)
    executable = chromium_path()
    manager = sync_playwright().start()
    try:
        try:
            launched = manager.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
        except Error as error:
            unavailable(
                f"cannot start Chromium ({executable or 'Playwright download'}): "
                f"{str(error).splitlines()[0]}. Install Debian's `chromium` or set "
                "$EXCHANGE_CHROMIUM to a Chromium binary"
            )
        yield launched
        launched.close()
    finally:
        manager.stop()


@pytest.fixture
def context(browser, site: Site) -> Iterator[object]:
    """A fresh browser context (no stored palette or history) with a fixed timeout."""
    ctx = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator[object]:
    """A page that fails the test on any uncaught JavaScript error."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    assert not errors, f"JavaScript errors in the page: {errors}"
