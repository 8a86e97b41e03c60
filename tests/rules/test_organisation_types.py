"""Social care organisations have their own types: care homes, home care and hospices,
in the sample exchange and in the vocabularies ``exchange init`` starts an exchange with."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.init.vocabularies import STARTER
from generator.models import Vocabulary

SOCIAL_CARE = {"care-home": "Care home", "home-care": "Home care provider", "hospice": "Hospice"}
SAMPLE = Path(__file__).parents[2] / "content" / "vocabularies" / "organisation-types.yml"


def test_the_sample_exchange_has_them() -> None:
    vocabulary = Vocabulary.model_validate(yaml.safe_load(SAMPLE.read_text("utf-8")))
    labels = {term.id: term.label for term in vocabulary.terms}
    assert {key: labels.get(key) for key in SOCIAL_CARE} == SOCIAL_CARE
    assert all(term.description for term in vocabulary.terms if term.id in SOCIAL_CARE)


def test_a_new_exchange_starts_with_them_under_the_same_ids() -> None:
    _label, terms = STARTER["organisation-types"]
    labels = {term_id: label for term_id, label, _description in terms}
    assert {key: labels.get(key) for key in SOCIAL_CARE} == SOCIAL_CARE
    # One type for each, not also a catch-all "social care provider" beside them.
    assert "social-care-provider" not in labels
    ids = [term_id for term_id, *_ in terms]
    assert ids.index("provider") < ids.index("care-home") < ids.index("university")
