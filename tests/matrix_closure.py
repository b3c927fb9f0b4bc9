"""Permission-matrix entries for closure and the calendar feed; see tests/test_permission_matrix.py.

The base duos are active, so the closing interview page explains they cannot be closed yet, and a
POST changes nothing. Closing for real is tested in tests/test_closure.py.
"""

from tests.matrix_levels import FOREIGN_WRITE, PEOPLE_READ, PEOPLE_WRITE, expect

MISSING_WRITE = expect(302, 404, 404, 403, 403, 403)

ENTRIES: dict = {
    "journeys:close": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk}, FOREIGN_WRITE),
        ("own antenna, posted while active", "post", lambda o: {"pk": o["own"].pk}, PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"pk": o["foreign"].pk}, FOREIGN_WRITE),
        ("no such duo", "get", lambda o: {"pk": 999999}, MISSING_WRITE),
    ],
    "journeys:ics": [("my antennas' calendar", "get", None, PEOPLE_READ)],
}


def objects(base: dict) -> dict:
    """Nothing beyond the base duos."""
    return {}
