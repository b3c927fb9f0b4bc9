"""Permission-matrix entries for the records pages; see tests/test_permission_matrix.py."""

from tests.matrix_levels import PEOPLE_READ, PEOPLE_WRITE, expect

ENTRIES: dict = {
    "records:import": [
        ("import form", "get", None, PEOPLE_WRITE),
        # Nothing uploaded: the form again with its error; nothing is read or written.
        ("import posted empty", "post", None, PEOPLE_WRITE),
    ],
    "records:template": [
        ("mentee template", "get", lambda o: {"kind": "mentees"}, PEOPLE_WRITE),
        ("duo template", "get", lambda o: {"kind": "duos"}, PEOPLE_WRITE),
        ("no such kind", "get", lambda o: {"kind": "cats"}, expect(302, 404, 404, 403, 403, 403)),
    ],
    # Viewers export what they may read; their files carry no special-category column.
    "people:export": [("people list export", "get", None, PEOPLE_READ)],
    "journeys:export": [("duo list export", "get", None, PEOPLE_READ)],
}


def objects(base: dict) -> dict:
    """Extra records the entries above need, built once per test from the base fixtures."""
    return {}
