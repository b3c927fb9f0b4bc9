"""Permission-matrix entries for outcomes; see tests/test_permission_matrix.py.

The due list is for those who record outcomes; it only reads, and is scoped to the user's antennas
(tests/test_outcomes.py checks that a foreign duo never shows).
"""

from tests.matrix_levels import PEOPLE_WRITE

ENTRIES: dict = {
    "journeys:outcomes_due": [("outcomes coming due", "get", None, PEOPLE_WRITE)],
}


def objects(base: dict) -> dict:
    return {}
