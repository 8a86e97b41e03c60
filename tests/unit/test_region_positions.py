"""Region positions in the vocabulary model (generator/models.py ``Term``): a tile or
coordinates, never both, in range; and the shipped regions' tile grid."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from generator.models import Term, Vocabulary

REGIONS = Path(__file__).resolve().parents[2] / "content" / "vocabularies" / "regions.yml"


def codes(error: ValidationError) -> list[str]:
    return [e["type"] for e in error.errors()]


def test_a_term_may_have_a_tile_or_coordinates() -> None:
    tile = Term.model_validate({"id": "a", "label": "A", "tile": {"column": 0, "row": 30}})
    point = Term.model_validate(
        {"id": "b", "label": "B", "coordinates": {"latitude": -33.9, "longitude": 151.2}}
    )
    assert tile.tile is not None and tile.tile.row == 30 and tile.coordinates is None
    assert point.coordinates is not None and point.coordinates.longitude == 151.2


def test_a_term_with_both_is_refused_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        Term.model_validate(
            {
                "id": "a",
                "label": "A",
                "tile": {"column": 1, "row": 1},
                "coordinates": {"latitude": 1, "longitude": 1},
            }
        )
    assert codes(caught.value) == ["two-positions"]
    assert "'a' has a tile and coordinates" in str(caught.value)


@pytest.mark.parametrize(
    "position",
    [
        {"tile": {"column": 31, "row": 0}},
        {"tile": {"column": 0, "row": -1}},
        {"tile": {"column": "1e1", "row": 0}},
        {"tile": {"column": 1}},
        {"coordinates": {"latitude": 90.5, "longitude": 0}},
        {"coordinates": {"latitude": 0, "longitude": -180.1}},
        {"coordinates": {"latitude": float("nan"), "longitude": 0}},
        {"coordinates": {"latitude": 0, "longitude": 0, "altitude": 3}},
        {"short": "TOOLONG"},
    ],
)
def test_positions_out_of_range_or_misspelt_are_refused(position: dict) -> None:
    with pytest.raises(ValidationError):
        Term.model_validate({"id": "a", "label": "A", **position})


def test_the_shipped_regions_have_a_tile_each_but_national() -> None:
    regions = Vocabulary.model_validate(yaml.safe_load(REGIONS.read_text(encoding="utf-8")))
    without = [t.id for t in regions.terms if t.tile is None]
    assert without == ["national"]
    places = [(t.tile.column, t.tile.row) for t in regions.terms if t.tile]
    assert len(places) == len(set(places)) == 15
    where = {t.id: (t.tile.column, t.tile.row) for t in regions.terms if t.tile}
    # roughly geographic: north above south, west left of east
    assert where["north-east-north-cumbria"][1] < where["east-midlands"][1] < where["wessex"][1]
    assert where["south-west"][0] < where["south-london"][0] < where["kent-surrey-sussex"][0]


def test_shared_tiles_name_each_later_term_and_the_first_on_its_square() -> None:
    vocabulary = Vocabulary.model_validate(
        {
            "label": "Regions",
            "terms": [
                {"id": "a", "label": "A", "tile": {"column": 0, "row": 0}},
                {"id": "b", "label": "B", "tile": {"column": 1, "row": 0}},
                {"id": "c", "label": "C", "tile": {"column": 0, "row": 0}},
                {"id": "d", "label": "D", "coordinates": {"latitude": 0, "longitude": 0}},
                {"id": "e", "label": "E", "tile": {"column": 0, "row": 0}},
            ],
        }
    )
    assert list(vocabulary.shared_tiles()) == [(2, "c", "a"), (4, "e", "a")]
    assert list(vocabulary.misplaced_positions()) == [
        (0, "tile"),
        (1, "tile"),
        (2, "tile"),
        (3, "coordinates"),
        (4, "tile"),
    ]


def test_the_shipped_regions_each_have_their_own_tile() -> None:
    vocabulary = Vocabulary.model_validate(yaml.safe_load(REGIONS.read_text(encoding="utf-8")))
    assert list(vocabulary.shared_tiles()) == []
