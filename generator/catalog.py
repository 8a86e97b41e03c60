"""The catalogue: every valid entry with its lookups and back-references.

Built once per build from a :class:`~generator.loader.content.ContentSet`;
everything computed about the whole catalogue (term listings, counts, related
innovations, a scout's innovations) is computed here, so page templates never
walk the catalogue. Unpublished scouts are dropped at the door: nothing that
reads the catalogue can publish them by mistake.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.exchange import Exchange
from generator.loader.content import ContentSet, Entry
from generator.models import REVIEW_MONTHS, Vocabulary
from generator.pathway import Pathway
from generator.rules.quality import is_overdue, review_due

#: The facets, in the order the site shows them: (vocabulary, innovation field).
FACETS = (
    ("stages", "stage"),
    ("evidence-levels", "evidence.level"),
    ("innovation-types", "types"),
    ("clinical-areas", "clinical_areas"),
    ("care-settings", "care_settings"),
    ("regions", "regions"),
    ("organisation-types", "organisation.type"),
)
#: Vocabularies whose terms relate innovations to each other, with their weight.
_RELATEDNESS = {
    "clinical-areas": 3.0,
    "innovation-types": 1.0,
    "care-settings": 1.5,
    "benefits": 0.5,
    "regions": 0.5,
}
_RELATED_WINDOW = 25  # neighbours looked at per shared term: keeps related() linear
RELATED_COUNT = 4


def facet_values(entry: Entry, vocabulary: str) -> list[str]:
    """The term ids an innovation has in a vocabulary (organisation types of lead and partners)."""
    f = entry.fields
    match vocabulary:
        case "stages":
            return [f.stage]
        case "evidence-levels":
            return [f.evidence.level]
        case "innovation-types":
            return list(f.types)
        case "clinical-areas":
            return list(f.clinical_areas)
        case "care-settings":
            return list(f.care_settings)
        case "regions":
            return list(f.regions)
        case "organisation-types":
            return list(dict.fromkeys([f.organisation.type, *(p.type for p in f.partners)]))
        case "benefits":
            return list(f.benefits)
    return []


@dataclass(eq=False)
class Term:
    vocabulary: str
    id: str
    label: str
    description: str | None
    innovations: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Catalog:
    vocabularies: dict[str, Vocabulary]
    innovations: list[Entry]
    case_studies: list[Entry]
    scouts: list[Entry]  # published ones only
    today: date
    root: Path = Path("content")
    #: What the exchange is: its content language, currency, sections.
    exchange: Exchange = field(default_factory=Exchange.of)
    #: The readiness checklist's stages and questions (content/pathway.yml), if any.
    pathway: Pathway | None = None
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    innovation_by_id: dict[str, Entry] = field(default_factory=dict)
    scout_by_id: dict[str, Entry] = field(default_factory=dict)
    case_studies_of: dict[str, list[Entry]] = field(default_factory=dict)
    innovations_of_scout: dict[str, list[Entry]] = field(default_factory=dict)
    case_studies_of_scout: dict[str, list[Entry]] = field(default_factory=dict)
    related: dict[str, list[Entry]] = field(default_factory=dict)
    organisations: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, content: ContentSet, today: date | None = None) -> Catalog:
        published = [s for s in content.scouts if s.fields.publish]
        catalog = cls(
            vocabularies=content.vocabularies,
            innovations=sorted(content.innovations, key=lambda e: e.id),
            case_studies=sorted(content.case_studies, key=lambda e: (e.innovation_id, e.id)),
            scouts=sorted(published, key=lambda e: e.id),
            today=today or date.today(),
            root=content.root,
            exchange=content.exchange,
            pathway=content.pathway,
        )
        catalog._index()
        return catalog

    # --- built once -----------------------------------------------------------------

    def _index(self) -> None:
        self.innovation_by_id = {e.id: e for e in self.innovations}
        self.scout_by_id = {e.id: e for e in self.scouts}
        for name, vocab in self.vocabularies.items():
            self.terms[name] = {t.id: Term(name, t.id, t.label, t.description) for t in vocab.terms}
        self.case_studies_of = {e.id: [] for e in self.innovations}
        for cs in self.case_studies:
            self.case_studies_of.setdefault(cs.innovation_id, []).append(cs)
        self.innovations_of_scout = {s.id: [] for s in self.scouts}
        self.case_studies_of_scout = {s.id: [] for s in self.scouts}
        for entry in self.innovations:
            for name in self.vocabularies:
                for term_id in facet_values(entry, name):
                    term = self.terms[name].get(term_id)
                    if term is not None:
                        term.innovations.append(entry)
            for scout in entry.fields.scouts:
                if scout in self.innovations_of_scout:
                    self.innovations_of_scout[scout].append(entry)
            self.organisations.add(_org_key(entry.fields.organisation.name))
            self.organisations.update(_org_key(p.name) for p in entry.fields.partners)
        for cs in self.case_studies:
            self.organisations.add(_org_key(cs.fields.organisation.name))
            for scout in cs.fields.scouts:
                if scout in self.case_studies_of_scout:
                    self.case_studies_of_scout[scout].append(cs)
        self._relate()

    def _relate(self) -> None:
        """Related innovations: most shared terms, weighted by rarity.

        For each term only the innovations nearest in id order within its
        listing are considered, so the cost is linear in the catalogue size
        even for terms that nearly every innovation shares.
        """
        position = {e.id: i for i, e in enumerate(self.innovations)}
        listings = {
            (name, term.id): [position[e.id] for e in term.innovations]
            for name in _RELATEDNESS
            if name in self.terms
            for term in self.terms[name].values()
        }
        total = max(len(self.innovations), 1)
        for index, entry in enumerate(self.innovations):
            scores: dict[int, float] = defaultdict(float)
            for name, weight in _RELATEDNESS.items():
                for term_id in facet_values(entry, name):
                    listing = listings.get((name, term_id))
                    if not listing or len(listing) < 2:
                        continue
                    idf = weight * math.log(1 + total / len(listing))
                    at = bisect.bisect_left(listing, index)
                    lo, hi = max(0, at - _RELATED_WINDOW), at + _RELATED_WINDOW + 1
                    for other in listing[lo:hi]:
                        if other != index:
                            scores[other] += idf
            best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:RELATED_COUNT]
            self.related[entry.id] = [self.innovations[i] for i, _ in best]

    # --- questions templates ask ----------------------------------------------------

    def label(self, vocabulary: str, term_id: str) -> str:
        term = self.terms.get(vocabulary, {}).get(term_id)
        return term.label if term else term_id

    def term(self, vocabulary: str, term_id: str) -> Term | None:
        return self.terms.get(vocabulary, {}).get(term_id)

    def popular_terms(self, vocabulary: str, count: int) -> list[Term]:
        """Terms in use, in vocabulary order; the ``count`` most used when there are more."""
        used = [t for t in self.terms.get(vocabulary, {}).values() if t.innovations]
        if len(used) <= count:
            return used
        top = set(map(id, sorted(used, key=lambda t: -len(t.innovations))[:count]))
        return [t for t in used if id(t) in top]

    def scouts_of(self, entry: Entry) -> list[Entry]:
        """The published scouts an entry names (unpublished ones are never shown)."""
        return [self.scout_by_id[s] for s in entry.fields.scouts if s in self.scout_by_id]

    def adoptions(self, entry: Entry) -> int:
        return len(self.case_studies_of.get(entry.id, ()))

    def overdue(self, entry: Entry) -> bool:
        return is_overdue(entry.fields.last_reviewed, self.today)

    def review_due(self, entry: Entry) -> date:
        return review_due(entry.fields.last_reviewed)

    def freshness(self, entry: Entry) -> str:
        """How fresh an entry's review is: "recent" (in the first half of the review
        period), "due" (in the second half) or "overdue" (the Insights page and browse)."""
        last = entry.fields.last_reviewed
        if self.overdue(entry):
            return "overdue"
        return "recent" if review_due(last, REVIEW_MONTHS // 2) >= self.today else "due"

    @functools.cached_property
    def adoptions_by_year(self) -> dict[int | None, int]:
        """Case studies per year adopted (None: no date given), newest year first."""
        counts: dict[int | None, int] = defaultdict(int)
        for cs in self.case_studies:
            counts[adoption_year(cs)] += 1
        return dict(sorted(counts.items(), key=lambda kv: -1 if kv[0] is None else -kv[0]))

    def recent(self, count: int) -> list[Entry]:
        return sorted(self.innovations, key=lambda e: (e.fields.last_reviewed, e.id), reverse=True)[
            :count
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "innovations": len(self.innovations),
            "adoptions": len(self.case_studies),
            "organisations": len(self.organisations),
            "scouts": len(self.scouts),
        }


def adoption_year(case_study: Entry) -> int | None:
    """The year a case study's adoption began, or None when it gives no date."""
    adopted = case_study.fields.adopted
    return int(adopted[:4]) if adopted else None


def _org_key(name: str) -> str:
    return " ".join(name.lower().split())
