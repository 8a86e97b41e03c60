#!/usr/bin/env python3
"""Set up and run the Innovation Exchange on a machine with only Python 3.11+.

    python3 dev.py serve     install everything, build the site and serve it at http://127.0.0.1:8000
    python3 dev.py test      install everything (test tools too) and run the whole test suite
    python3 dev.py build     install, then build the site into site/
    python3 dev.py exchange ARGS   install, then run the exchange command (e.g. init, validate)

Everything is installed into .venv/ from pyproject.toml (the one place versions
are pinned), and the npm test tools from package-lock.json when npm is present.
A step is redone only when the file it installs from changes.

The site is built by MkDocs; EXCHANGE_ENGINE=properdocs builds and serves it with
ProperDocs, MkDocs 1.6's maintained fork, instead (see MAINTAINING.md).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*command: str | Path, **kwargs) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run([str(c) for c in command], cwd=ROOT, check=True, **kwargs)


def _digest(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()


def up_to_date(name: str, source: Path) -> bool:
    stamp = VENV / f".stamp-{name}"
    return stamp.exists() and stamp.read_text() == _digest(source)


def mark_done(name: str, source: Path) -> None:
    (VENV / f".stamp-{name}").write_text(_digest(source))


def install(extra: str = "", command: str = "mkdocs") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 is
        sys.exit("The Innovation Exchange needs Python 3.11 or newer.")
    if not (BIN / "python").exists():
        print(f"Creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    name = f"python{'-' + extra if extra else ''}"
    if not up_to_date(name, ROOT / "pyproject.toml") or not (BIN / command).exists():
        target = f".[{extra}]" if extra else "."
        run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", target)
        mark_done(name, ROOT / "pyproject.toml")


def install_npm_tools() -> None:
    npm = shutil.which("npm")
    if npm is None:
        print(
            "npm not found: the accessibility, HTML and workflow checks will be skipped "
            "(they are mandatory in CI, where .ci/run installs Node.js).",
            flush=True,
        )
        return
    if not up_to_date("npm", ROOT / "package-lock.json") or not (ROOT / "node_modules").exists():
        run(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
        mark_done("npm", ROOT / "package-lock.json")


#: The engines that build the same site from the same mkdocs.yml (MAINTAINING.md); the
#: first is the default. ProperDocs is pinned in the test extra, the one place pins live.
ENGINES = {"mkdocs": "", "properdocs": "test"}
#: Material's own words and date; it prints them itself only under the `mkdocs` command.
MATERIAL_END_OF_LIFE = "Material for MkDocs reaches end of life on May 5, 2027."


def env() -> dict[str, str]:
    """For the tests and the exchange command: no end-of-life notice (it would repeat in
    every build the tests run)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def site_env() -> dict[str, str]:
    """For serve and build, which maintainers watch: Material's end-of-life notice shows
    (MkDocs 1.6 prints no notice of its own, so nothing else is silenced), without its
    paragraph about ProperDocs notices from third-party plugins (none of ours prints one)."""
    return {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"}


def engine() -> str:
    """The engine chosen by $EXCHANGE_ENGINE, or exit 2 naming the ones there are."""
    chosen = os.environ.get("EXCHANGE_ENGINE", "").strip() or next(iter(ENGINES))
    if chosen not in ENGINES:
        print(
            f"EXCHANGE_ENGINE={chosen!r} is not an engine of this exchange: "
            f"use one of {', '.join(ENGINES)} (see MAINTAINING.md).",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return chosen


def end_of_life_notice(chosen: str) -> None:
    """Once per serve or build, unless NO_MKDOCS_2_WARNING is set (Material's documented way
    to hide its notice). Plain English: dev.py runs before the package, and so its
    translations, is installed; Material's own notice is English too."""
    if os.environ.get("NO_MKDOCS_2_WARNING"):
        return
    if chosen == "mkdocs":
        first = (
            "Material for MkDocs, the site's theme, is near its end of life (its notice follows)."
        )
    else:
        first = MATERIAL_END_OF_LIFE  # Material prints it itself only under `mkdocs`
    what = "What this exchange does about it, and the engines it builds with: MAINTAINING.md"
    print(f"\n  {first}\n  {what}\n", file=sys.stderr, flush=True)


def build_site(args: list[str]) -> int:
    """`ENGINE build --strict ARGS` (the tests call this without the install step)."""
    chosen = engine()
    end_of_life_notice(chosen)
    run(BIN / chosen, "build", "--strict", *args, env=site_env())
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "serve":
        chosen = engine()
        install(ENGINES[chosen], chosen)
        end_of_life_notice(chosen)
        # --dirty: after the first build only the pages whose HTML changed are rewritten
        run(
            BIN / chosen,
            "serve",
            "--livereload",
            "--dirty",
            "--dev-addr",
            "127.0.0.1:8000",
            *rest,
            env=site_env(),
        )
    elif command == "build":
        chosen = engine()
        install(ENGINES[chosen], chosen)
        return build_site(rest)
    elif command == "exchange":
        install()
        run(BIN / "exchange", *rest, env=env())
    elif command == "test":
        install("test")
        install_npm_tools()
        run(BIN / "python", "-m", "pytest", *rest, env=env())
    else:
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        raise SystemExit(exc.returncode) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
