"""What a scout probably meant by a term or scout id that is not one.

Scouts write what they see on the site: ``regions: [South West]``, ``stage:
Spreading``, a scout's name. Each of those is one step from the id the field
needs, so the hint names that id: a label becomes its term's id, a name its
profile's id, a near-miss spelling the closest id. The loader (an id written
with capitals or spaces) and the reference rules (a well-formed id that does
not exist) both ask here, so the two say the same thing.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

from generator.i18n import _
from generator.i18n.formatting import listing
from generator.models import Vocabulary
from generator.scalars import shown, slugify

#: Above this many terms the hint points at the field reference instead of listing them.
_LISTED = 15
#: Near-miss searches per entry (or file); the entry's other misses get the plain hint.
NEAR_PER_ENTRY = 20


def _key(text: str) -> str:
    """Labels compared as a person reads them: case, spacing and accents aside."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class Suggestions:
    """Hints for the terms of an exchange's vocabularies and for its scout ids."""

    def __init__(
        self, vocabularies: Mapping[str, Vocabulary], scout_ids: Iterable[str] = ()
    ) -> None:
        self.vocabularies = vocabularies
        self._scout_ids = scout_ids
        self._sorted_scouts: list[str] | None = None
        self._near_left = NEAR_PER_ENTRY
        self._terms: dict[str, tuple[list[str], dict[str, str]]] = {}

    def entry(self) -> Suggestions:
        """Start on the next entry: it gets its own :data:`NEAR_PER_ENTRY` searches."""
        self._near_left = NEAR_PER_ENTRY
        return self

    def _close(self, word: str, candidates: list[str], cutoff: float) -> list[str]:
        """The closest of ``candidates``, while the entry has searches left: each compares
        ``word`` with every candidate, and a hostile entry may list hundreds of misses."""
        if self._near_left <= 0:
            return []
        self._near_left -= 1
        return difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)

    def _terms_of(self, spec: str) -> tuple[list[str], dict[str, str]] | None:
        """The term ids of ``spec`` (one vocabulary name, or several separated by
        spaces) in order, and label key -> id; None when a vocabulary is missing."""
        if spec not in self._terms:
            names = spec.split()
            if not all(n in self.vocabularies for n in names):
                return None
            terms = [t for n in names for t in self.vocabularies[n].terms]
            self._terms[spec] = ([t.id for t in terms], {_key(t.label): t.id for t in terms})
        return self._terms[spec]

    def term(self, spec: str, value: str) -> str:
        """The hint for ``value``, which is not a term id of the vocabulary ``spec``."""
        found = self._terms_of(spec)
        if found is None:
            return ""
        ids, by_label = found
        if _key(value) in by_label:
            return _(
                "'{value}' is the label shown on the site: write its id, '{id}'.",
                value=shown(value),
                id=by_label[_key(value)],
            )
        written = slugify(value)
        if written in ids:
            return _("Write the id '{id}': lower-case letters and hyphens, no spaces.", id=written)
        near = self._close(written, ids, 0.6)
        if not near:  # a near-miss of a label ("Cardiovasculr disease")
            labels = self._close(_key(value), list(by_label), 0.7)
            near = [by_label[labels[0]]] if labels else []
        if near:
            return _("Did you mean '{term}'?", term=near[0])
        if len(ids) <= _LISTED:
            return _("Choose from: {terms}.", terms=listing(ids, "standard-narrow"))
        return _("See the list of terms in the field reference.")

    @property
    def scout_ids(self) -> list[str]:
        """The scout ids, sorted (only when a hint needs them: most files have none)."""
        if self._sorted_scouts is None:
            self._sorted_scouts = sorted(self._scout_ids)
        return self._sorted_scouts

    def near_scout(self, value: str) -> str | None:
        """The scout id ``value`` is closest to (a name, a slip), if any is close."""
        near = self._close(slugify(value), self.scout_ids, 0.6)
        return near[0] if near else None

    def scout(self, value: str) -> str:
        """The hint for ``value``, which is not the id of a scout profile."""
        written = slugify(value)
        if written != value and written in self.scout_ids:
            return _(
                "Write the scout's id, '{id}' (the name of their file in content/scouts/), "
                "not their name.",
                id=written,
            )
        near = self.near_scout(value)
        if near:
            return _("Did you mean '{id}'?", id=near)
        if not self.scout_ids:
            return _("Add the scout's profile first.")
        if len(self.scout_ids) <= _LISTED:
            return _("Choose from: {terms}.", terms=listing(self.scout_ids, "standard-narrow"))
        return _(
            "A scout is named by the name of their file in content/scouts/, without '.yml'; "
            "add their profile first if there is none."
        )
