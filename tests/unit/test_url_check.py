"""The web-address check's fast path accepts only what the full check accepts."""

from __future__ import annotations

import re

import pytest
from pydantic_core import PydanticCustomError

from generator import scalars

URLS = [
    "https://example.org",
    "https://a.b.example.co.uk/x?y=1#z",
    "https://example.org/ü/ñ",
    "https://example.org?q",
    "https://example.org:8080/",
    "https://user@example.org/",
    "https://user:pw@example.org/",
    "http://example.org/",
    "https://localhost/",
    "https://exa mple.org",
    "https://-bad.org/",
    "https://example.o/",
    "HTTPS://example.org/",
    "https://example.org\\x",
    "https://" + "a" * 63 + "." + ("b" * 63 + ".") * 3 + "org/",
    "https://ex_ample.org/",
    "https://[::1]/",
    "https://1.2.3.4/",
    "javascript:alert(1)",
]


def _full_check(url: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    with monkeypatch.context() as patch:
        patch.setattr(scalars, "_PLAIN_HTTPS", re.compile(r"(?!)"))  # never matches
        try:
            scalars._check_url(url)
        except PydanticCustomError:
            return False
        return True


@pytest.mark.parametrize("url", URLS)
def test_fast_path_agrees_with_the_full_check(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if scalars._PLAIN_HTTPS.fullmatch(url):
        assert _full_check(url, monkeypatch)
    accepted = True
    try:
        scalars._check_url(url)
    except PydanticCustomError:
        accepted = False
    assert accepted == _full_check(url, monkeypatch)
