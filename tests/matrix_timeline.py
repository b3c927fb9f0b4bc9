"""Permission-matrix entries for the duo's full timeline; see tests/test_permission_matrix.py.

Read-only, for everyone who sees duos; another antenna's duo answers 404 as on the duo page. A
tampered filter shows its error, never a 500.
"""

from tests.matrix_levels import *  # noqa: F403  (PEOPLE_READ, FOREIGN_READ)

ENTRIES: dict = {
    "journeys:timeline": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk}, PEOPLE_READ),  # noqa: F405
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk}, FOREIGN_READ),  # noqa: F405
    ],
}


def objects(base: dict) -> dict:
    return {}
