"""The built site's size: measured by part, and warned about near and over the limit."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import i18n
from generator.i18n.formatting import file_size
from generator.site_size import (
    ADOPTION_PACKS,
    CASE_STUDY_PAGES,
    INNOVATION_FILES,
    INNOVATION_PAGES,
    MB,
    TOP_LEVEL_FILES,
    SiteSize,
    measure,
    over,
    summary,
    tar_member,
    warning,
)

#: A built site's files (path inside the site: bytes), one of each kind of part.
FILES = {
    "index.html": 100,
    "sitemap.xml": 20,
    "pagefind/pagefind-entry.json": 1_000,
    "pagefind/fragment/en_1.pf_fragment": 600,
    "api/v1/index.json": 400,
    "innovations/remote-monitoring/index.html": 3_000,
    "innovations/remote-monitoring/photo.png": 70,
    "innovations/remote-monitoring/adopt/index.html": 2_000,
    "innovations/remote-monitoring/case-studies/leeds/index.html": 1_500,
    "innovations/second-thing/index.html": 3_100,
    "innovations/second-thing/adopt/index.html": 2_100,
}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with i18n.kept():
        i18n.activate("en", "GB")
        yield


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name, size in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return root


def _sized(total: int, packs: int = 0) -> SiteSize:
    """A site ``total`` bytes big as an artifact (the limit's measure; its files' bytes
    are something else, which the messages must not use)."""
    parts = {INNOVATION_PAGES: total - packs, ADOPTION_PACKS: packs}
    kept = {k: v for k, v in parts.items() if v}
    return SiteSize(3 * total, 3, kept, 0.1, artifact=total, artifact_parts=kept)


def _tar_of(site: Path) -> int:
    """The bytes of a GNU tar of ``site`` made as upload-pages-artifact makes it (members
    ``./``, ``./a/``, ``./a/b.html``), by Python's tarfile."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
        tar.add(site, arcname=".")
    return len(out.getvalue())


def test_the_artifact_is_as_big_as_a_gnu_tar_of_the_site(site: Path) -> None:
    """Headers, padding and long names: a name of more than 100 bytes costs a header and
    its own blocks more (an exchange's long ids make most names that long)."""
    deep = site / "innovations" / ("a-very-long-innovation-identifier-" * 3) / "case-studies"
    deep.mkdir(parents=True)
    (deep / "index.html").write_bytes(b"y" * 513)
    (site / ("x" * 200 + ".json")).write_bytes(b"{}")
    measured = measure(site)
    assert measured.artifact == _tar_of(site)
    assert measured.artifact > measured.total + 512 * (measured.files + 8)
    if shutil.which("tar"):  # GNU tar itself, with upload-pages-artifact's options
        made = subprocess.run(
            ["tar", "--dereference", "--hard-dereference", "-cf", "-", "-C", site, "."],
            capture_output=True,
            check=True,
        ).stdout
        assert measured.artifact == len(made)


def test_a_tar_member_is_a_header_its_blocks_and_a_long_name_record() -> None:
    assert tar_member("./a.html", 0) == 512
    assert tar_member("./a.html", 1) == 1024
    assert tar_member("./a.html", 512) == 1024
    assert tar_member("./" + "n" * 98, 10) == 1024  # 100 bytes: the header holds it
    assert tar_member("./" + "n" * 99, 10) == 2048  # 101: a long-name header and block


def test_every_file_is_counted_once_in_its_part(site: Path) -> None:
    measured = measure(site)
    assert measured.files == len(FILES)
    assert measured.total == sum(FILES.values())
    assert measured.parts == {
        TOP_LEVEL_FILES: 120,
        "pagefind/": 1_600,
        "api/": 400,
        INNOVATION_PAGES: 6_100,
        INNOVATION_FILES: 70,
        ADOPTION_PACKS: 4_100,
        CASE_STUDY_PAGES: 1_500,
    }
    assert measured.largest(2) == [(INNOVATION_PAGES, 6_100), (ADOPTION_PACKS, 4_100)]
    assert measured.artifact == _tar_of(site)


def test_links_are_not_followed(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "big.bin").write_bytes(b"x" * 50_000)
    os.symlink(outside, site / "linked-folder")
    os.symlink(outside / "big.bin", site / "linked-file.bin")
    measured = measure(site)
    assert (measured.files, measured.total) == (len(FILES), sum(FILES.values()))


def test_the_summary_names_size_files_limit_and_largest_parts(site: Path) -> None:
    line = summary(measure(site), 1000)
    artifact = file_size(_tar_of(site))
    assert line.startswith(
        f"Site size: 14 KB in 11 files, {artifact} as GitHub Pages' artifact "
        "(limit: 1,000 MB); largest parts: "
    )
    assert (
        "largest parts: innovation pages (7 KB), adoption packs (5 KB), pagefind/ "
        "(2 KB) and case-study pages (2 KB); measured in " in line
    )
    assert "api/" not in line  # the fifth largest


@pytest.mark.parametrize("total", [0, 899 * MB, 900 * MB])
def test_no_warning_up_to_ninety_percent(total: int) -> None:
    assert warning(_sized(total, packs=total // 4), 1000) is None


def test_above_ninety_percent_the_warning_says_what_to_turn_off() -> None:
    message = warning(_sized(900 * MB + 1, packs=220 * MB), 1000)
    assert message is not None
    assert message.startswith(
        "As GitHub Pages' artifact the site is 900.1 MB, close to its limit of 1,000 MB"
    )
    assert "Largest parts: innovation pages (680.1 MB) and adoption packs (220 MB)." in message
    assert "adoption_packs: false" in message
    assert "would make the artifact about 220 MB smaller" in message


def test_only_a_site_over_its_limit_is_over_it() -> None:
    """Near the limit the build notes it (the site still publishes); only over it does
    the plugin warn, which fails a strict build."""
    assert not over(_sized(1000 * MB), 1000)
    assert over(_sized(1000 * MB + 1), 1000)


def test_over_the_limit_the_warning_says_github_pages_would_refuse_it() -> None:
    message = warning(_sized(1_183_600_000, packs=226_200_000), 1000)
    assert message is not None
    assert message.startswith(
        "As GitHub Pages' artifact the site is 1,183.6 MB, over its limit of 1,000 MB: GitHub"
    )
    assert "would make the artifact about 226.2 MB smaller" in message


def test_a_tiny_limit_warns_about_a_small_site(site: Path) -> None:
    message = warning(measure(site), 0.01)
    assert message is not None
    assert "over its limit of 10 KB" in message
    packs = sum(tar_member(f"./{name}", size) for name, size in FILES.items() if "/adopt/" in name)
    assert packs == 5_632  # 4,100 bytes of files, as the artifact holds them
    assert f"would make the artifact about {file_size(packs)} smaller" in message


def test_without_adoption_packs_the_advice_is_about_images() -> None:
    message = warning(_sized(950 * MB), 1000)
    assert message is not None
    assert "adoption_packs" not in message
    assert "images smaller" in message


def test_sizes_are_written_the_sites_language_way() -> None:
    assert file_size(1_234_560_000) == "1,234.6 MB"
    assert file_size(12_345) == "13 KB"
    i18n.activate("it", "IT")
    assert file_size(1_234_560_000) == "1.234,6 MB"
    message = warning(_sized(1_183_600_000, packs=226_200_000), 1000)
    assert message is not None
    assert "1.183,6 MB" in message
    assert "1.000 MB" in message
