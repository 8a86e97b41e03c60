"""The small content folders of ``tests/test_rules.py``, for the rules' own test files."""

from tests.test_rules import ex  # noqa: F401 (a fixture, found by name)
