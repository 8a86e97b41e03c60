"""Site paths and page-relative links (the site may be served from a sub-path)."""

from __future__ import annotations

from urllib.parse import urlencode


def innovation(entry_id: str) -> str:
    return f"innovations/{entry_id}/"


def case_study(innovation_id: str, entry_id: str) -> str:
    return f"innovations/{innovation_id}/case-studies/{entry_id}/"


def adoption_pack(entry_id: str) -> str:
    """An innovation's adoption pack (generator/pages/adoption.py), beside its page."""
    return f"innovations/{entry_id}/adopt/"


def scout(entry_id: str) -> str:
    return f"scouts/{entry_id}/"


def vocabulary(name: str) -> str:
    return f"browse/{name}/"


def term(vocabulary_name: str, term_id: str) -> str:
    return f"browse/{vocabulary_name}/{term_id}/"


#: The embeddable views for partner sites (generator/exports/embeds.py): the list here,
#: an innovation's card under it.
EMBED = "embed/"


#: The comparison of two to four innovations (generator/pages/compare.py); the chosen
#: ids are in its query string: ``compare/?ids=a,b``.
COMPARE = "compare/"

#: The whole exchange in charts (generator/pages/insights.py).
INSIGHTS = "insights/"

#: The browse page; a filtered view adds its filters as a query (``?stages=spreading``).
BROWSE = "browse/"

#: The exchange's readiness checklist (content/pathway.yml), one page every adoption pack
#: links to and, with JavaScript, shows in place (generator/pages/checklist.py).
CHECKLIST = "checklist/"


def browse_filtered(name: str, value: str) -> str:
    """Browse filtered to one facet's value: ``browse/?stages=spreading`` (browse.js
    reads its filters from the query string)."""
    return f"{BROWSE}?{urlencode({name: value})}"


def embed_card(entry_id: str) -> str:
    return f"{EMBED}innovations/{entry_id}/"


def paged(base: str, number: int) -> str:
    """Page ``number`` (1-based) of a listing at ``base``."""
    return base if number == 1 else f"{base}page/{number}/"


def source_uri(url: str) -> str:
    """The MkDocs ``src_uri`` that produces ``url`` with directory URLs."""
    return "index.md" if url == "" else f"{url}index.md"


class Linker:
    """Relative links from the page at ``here`` (a site path like ``innovations/x/``).

    Pages link to each other a lot (term chips, cards), so this is plain string work
    rather than ``posixpath.relpath``: the shortest relative path, with the trailing
    slash of directory URLs kept.
    """

    def __init__(self, here: str):
        self.here = here
        self._parts = [p for p in here.split("/") if p]

    def __call__(self, target: str) -> str:
        if "://" in target or target.startswith(("#", "mailto:")):
            return target
        path, hash_, fragment = target.partition("#")
        parts = [p for p in path.split("/") if p]
        common = 0
        for mine, theirs in zip(self._parts, parts, strict=False):
            if mine != theirs:
                break
            common += 1
        rel = "../" * (len(self._parts) - common) + "/".join(parts[common:])
        if parts[common:] and path.endswith("/"):
            rel += "/"
        return (rel or "./") + hash_ + fragment
