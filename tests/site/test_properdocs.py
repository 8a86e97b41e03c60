"""The site built by ProperDocs is the site built by MkDocs.

ProperDocs (https://properdocs.org/) continues MkDocs 1.6 under another name: it is the
exchange's way out if MkDocs 2, which drops plugins, ever replaces 1.x (MAINTAINING.md). It
reads ``mkdocs.yml``, loads the ``mkdocs.plugins`` and ``mkdocs.themes`` entry points (our
plugin, Material) and answers their ``mkdocs.*`` imports with its own modules. That redirection
lasts for the rest of the process that imports it, so ProperDocs is only ever run here as a
command, never imported: the other tests' in-process MkDocs builds must stay MkDocs'.

Both engines build the same folder, each in its own process, and every file they write must be
byte-identical, but for one legitimate difference: the ``<meta name="generator">`` tag of each
theme-rendered page names the engine. That tag is also the proof that the second build really
was ProperDocs'. The browser tests of the ProperDocs-built site are in
tests/browser/test_engines.py; ``python3 dev.py serve|build`` runs the engine chosen by
``$EXCHANGE_ENGINE`` (tested at the end).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.conftest import write_site

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
#: The command that runs each engine with this interpreter (so: from this virtualenv).
ENGINES: dict[str, tuple[str, ...]] = {
    "mkdocs": (sys.executable, "-m", "mkdocs"),
    "properdocs": (sys.executable, "-m", "properdocs"),
}
#: 2026-06-01: sitemaps and feeds carry the build date, which must not differ across midnight.
SOURCE_DATE_EPOCH = "1780272000"
#: Seconds any one build may take before the test fails (the real site builds in about 2).
BUILD_TIMEOUT = 300
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')


def require(engine: str) -> None:
    """Skip loudly where the engine is not installed; fail in CI, where it is mandatory."""
    if importlib.util.find_spec(engine) is not None:
        return
    message = f"{engine} is not installed (pip install -e '.[test]'): the second engine is unproved"
    if os.environ.get("CI"):
        pytest.fail(message + " (mandatory because $CI is set)", pytrace=False)
    pytest.skip(message)


def engine_env(**extra: str) -> dict[str, str]:
    """The environment of a build in the tests: no end-of-life notices, a fixed build date."""
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        **extra,
    }


def build_with(engine: str, config: Path, out: Path, **env: str) -> Path:
    """``ENGINE build --strict`` of the site configured by ``config`` into ``out``, in a
    process of its own; the test fails, with the engine's output, if the build does."""
    require(engine)
    command = [*ENGINES[engine], "build", "--strict", "-f", str(config), "-d", str(out)]
    try:
        done = subprocess.run(
            command,
            cwd=config.parent,
            env=engine_env(**env),
            capture_output=True,
            text=True,
            check=False,
            timeout=BUILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{engine} build took over {BUILD_TIMEOUT} s", pytrace=False)
    if done.returncode != 0:
        pytest.fail(f"{engine} build --strict failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return out


def generator_of(html: bytes) -> str | None:
    """The content of the page's one generator tag (None if it has none)."""
    found = GENERATOR_TAG.findall(html)
    assert len(found) <= 1, f"{len(found)} generator tags"
    return found[0].decode() if found else None


def differences(mkdocs_site: Path, properdocs_site: Path) -> tuple[list[str], int]:
    """What differs between the two builds beyond the generator tag, and how many pages
    name ProperDocs as their generator."""
    mkdocs_tag = f"mkdocs-{importlib.metadata.version('mkdocs')}, "
    properdocs_tag = f"mkdocs-ProperDocs {importlib.metadata.version('properdocs')}, "
    files = {p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*") if p.is_file()}
    other = {p.relative_to(properdocs_site) for p in properdocs_site.rglob("*") if p.is_file()}
    found = [f"only in the MkDocs build: {p}" for p in sorted(files - other)]
    found += [f"only in the ProperDocs build: {p}" for p in sorted(other - files)]
    named = 0
    for path in sorted(files & other):
        ours, theirs = (mkdocs_site / path).read_bytes(), (properdocs_site / path).read_bytes()
        if ours == theirs:
            continue
        if path.suffix == ".html":
            tags = generator_of(ours), generator_of(theirs)
            if tags[0] and tags[1] and tags[0].startswith(mkdocs_tag):
                if not tags[1].startswith(properdocs_tag):
                    found.append(f"{path}: generator {tags[1]!r} is not ProperDocs'")
                    continue
                named += 1
                same = GENERATOR_TAG.sub(b"", ours) == GENERATOR_TAG.sub(b"", theirs)
                if same:
                    continue
        found.append(f"{path}: differs")
    return found, named


def html_pages(site: Path) -> int:
    """How many pages carry a generator tag (those rendered through the theme)."""
    return sum(1 for p in site.rglob("*.html") if generator_of(p.read_bytes()))


def assert_same_site(mkdocs_site: Path, properdocs_site: Path) -> None:
    found, named = differences(mkdocs_site, properdocs_site)
    assert not found, "\n".join(found[:40])
    # Every theme-rendered page came from ProperDocs, and there are pages to compare.
    assert named == html_pages(mkdocs_site) > 0


# --- the real site and the tiny test exchange ------------------------------------------------


@pytest.fixture(scope="module")
def real_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The repository's own site, built by each engine."""
    root = tmp_path_factory.mktemp("engines-real")
    return {e: build_with(e, REPO / "mkdocs.yml", root / e) for e in ("properdocs", "mkdocs")}


@pytest.fixture(scope="module")
def tiny_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """tests/site/conftest.py's tiny exchange (hostile body included), built by each engine."""
    root = write_site(tmp_path_factory.mktemp("engines-tiny"))
    return {e: build_with(e, root / "mkdocs.yml", root / f"site-{e}") for e in ENGINES}


def test_properdocs_builds_the_real_site_as_mkdocs_does(real_sites: dict[str, Path]) -> None:
    assert_same_site(real_sites["mkdocs"], real_sites["properdocs"])
    # the generated pages, the search bundle and the open data are all there
    for path in ("innovations/remote-copd-monitoring/index.html", "pagefind/pagefind.js"):
        assert (real_sites["properdocs"] / path).is_file(), path
    assert list((real_sites["properdocs"] / "api").rglob("*.json"))


def test_properdocs_builds_the_tiny_exchange_as_mkdocs_does(tiny_sites: dict[str, Path]) -> None:
    assert_same_site(tiny_sites["mkdocs"], tiny_sites["properdocs"])
    page = (tiny_sites["properdocs"] / "innovations/remote-monitoring/index.html").read_text()
    assert "zanzibarquux" in page and "<script>alert" not in page


def test_the_comparison_sees_a_difference(tmp_path: Path, tiny_sites: dict[str, Path]) -> None:
    """The comparison can fail: a changed byte, a changed generator tag, a missing file."""
    copy = tmp_path / "copy"
    shutil.copytree(tiny_sites["properdocs"], copy)
    page = copy / "about" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"About this test", b"About that test"))
    home = copy / "index.html"
    home.write_bytes(
        GENERATOR_TAG.sub(b'<meta name="generator" content="other-1.0">', home.read_bytes())
    )
    (copy / "sitemap.xml").unlink()
    found, _ = differences(tiny_sites["mkdocs"], copy)
    assert found == [
        "only in the MkDocs build: sitemap.xml",
        "about/index.html: differs",
        "index.html: generator 'other-1.0' is not ProperDocs'",
    ]


# --- `properdocs serve`, as `EXCHANGE_ENGINE=properdocs python3 dev.py serve` runs it -------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float, until: str) -> str:
    """The page at ``url`` once it contains ``until``, polling until ``deadline``."""
    last = ""
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, urllib.error.URLError):
            with urllib.request.urlopen(url, timeout=5) as answer:
                last = answer.read().decode("utf-8")
            if until in last:
                return last
        time.sleep(0.25)
    pytest.fail(f"{url} never showed {until!r} (last answer: {last[:300]!r})", pytrace=False)


@contextlib.contextmanager
def serving(engine: str, root: Path, port: int) -> Iterator[subprocess.Popen]:
    """``ENGINE serve`` with dev.py's options, stopped (by its process id) when the block
    ends; its log goes to a file (a pipe nobody reads could fill and stall the server)."""
    require(engine)
    command = [*ENGINES[engine], "serve", "--livereload", "--dirty", "-f", "mkdocs.yml"]
    log = root / f"{engine}-serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=engine_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    assert "Traceback" not in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")


def test_properdocs_serve_rebuilds_an_edited_entry(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/innovations/second-thing/"
    with serving("properdocs", root, port):
        deadline = time.monotonic() + 120
        first = fetch(url, deadline, "A different problem.")
        assert "ProperDocs" in (generator_of(first.encode()) or "")
        entry = root / "content" / "innovations" / "second-thing" / "index.md"
        entry.write_text(entry.read_text().replace("A different problem.", "An edited problem."))
        fetch(url, deadline, "An edited problem.")


# --- dev.py: which engine, and Material's end-of-life notice ------------------------------------


def run_dev_build(root: Path, **env: str) -> subprocess.CompletedProcess:
    """dev.py's ``build`` step alone (the install step is this virtualenv), on ``root``."""
    code = (
        "import runpy, sys; dev = runpy.run_path(sys.argv[1]); "
        "sys.exit(dev['build_site'](sys.argv[2:]))"
    )
    clean = {k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k}
    return subprocess.run(
        [sys.executable, "-c", code, str(REPO / "dev.py"), "-f", str(root / "mkdocs.yml"), "-q"],
        cwd=root,
        env={**clean, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=BUILD_TIMEOUT,
    )


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_dev_py_builds_with_the_chosen_engine_and_shows_the_notice_once(
    tmp_path: Path, engine: str
) -> None:
    require(engine)
    root = write_site(tmp_path)
    done = run_dev_build(root, EXCHANGE_ENGINE=engine)
    assert done.returncode == 0, done.stdout + done.stderr
    tag = generator_of((root / "site" / "index.html").read_bytes()) or ""
    assert ("ProperDocs" in tag) == (engine == "properdocs"), tag
    assert done.stderr.count("end of life on May 5, 2027") == 1, done.stderr
    assert "MAINTAINING.md" in done.stderr


def test_dev_py_refuses_an_unknown_engine(tmp_path: Path) -> None:
    done = run_dev_build(write_site(tmp_path), EXCHANGE_ENGINE="zensical")
    assert done.returncode == 2
    assert "EXCHANGE_ENGINE" in done.stderr and "Traceback" not in done.stderr


def test_the_test_builds_never_print_the_notice(tiny_sites: dict[str, Path]) -> None:
    """The tests' own builds (engine_env, and conftest's NO_MKDOCS_2_WARNING) stay quiet."""
    root = tiny_sites["mkdocs"].parent
    done = subprocess.run(
        [*ENGINES["mkdocs"], "build", "-q", "-f", "mkdocs.yml", "-d", str(root / "again")],
        cwd=root,
        env=engine_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=BUILD_TIMEOUT,
    )
    assert done.returncode == 0 and "end of life" not in done.stderr, done.stderr
