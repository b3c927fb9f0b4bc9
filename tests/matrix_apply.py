"""Permission-matrix entries for the apply pages; see tests/test_permission_matrix.py."""

from tests.matrix_levels import *  # noqa: F403  (ALL_OK, STAFF, PEOPLE_READ, ..., expect)

ENTRIES: dict = {}


def objects(base: dict) -> dict:
    """Extra records the entries above need, built once per test from the base fixtures."""
    return {}
