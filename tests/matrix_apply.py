"""Permission-matrix entries for the apply pages; see tests/test_permission_matrix.py.

The application forms are public: everyone, signed in or not, gets the page. An empty form posted
comes back with its errors (200) and stores nothing.
"""

from tests.matrix_levels import *  # noqa: F403  (ALL_OK, STAFF, PEOPLE_READ, ..., expect)

ENTRIES: dict = {
    "apply:start": [("choose a side", "get", None, ALL_OK)],  # noqa: F405
    "apply:mentee": [
        ("mentee form", "get", None, ALL_OK),  # noqa: F405
        ("mentee form, posted empty", "post", None, ALL_OK),  # noqa: F405
    ],
    "apply:mentor": [
        ("mentor form", "get", None, ALL_OK),  # noqa: F405
        ("mentor form, posted empty", "post", None, ALL_OK),  # noqa: F405
    ],
    "apply:done": [("thanks", "get", None, ALL_OK)],  # noqa: F405
}


def objects(base: dict) -> dict:
    """Extra records the entries above need, built once per test from the base fixtures."""
    return {}
