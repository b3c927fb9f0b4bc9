"""Permission-matrix entries for barriers; see tests/test_permission_matrix.py.

Every POST here changes nothing (an empty form, a barrier that does not exist), so walking the
matrix leaves no trace. Deleting a real barrier is tested in tests/test_barriers.py.
"""

from tests.matrix_levels import FOREIGN_WRITE, PEOPLE_WRITE, STAFF, expect

MISSING_WRITE = expect(302, 404, 404, 403, 403, 403)
POST_ONLY = expect(302, 405, 405, 403, 403, 403)
NO = 999999


def _person(side):
    return lambda o: {"person": o[side].mentee.person_id}


ENTRIES: dict = {
    "barrier:summary": [("counts by kind and year", "get", None, STAFF)],
    "barrier:add": [
        ("own antenna", "get", _person("own"), PEOPLE_WRITE),
        ("other antenna", "get", _person("foreign"), FOREIGN_WRITE),
        # An empty form posted: the form comes back with errors, nothing is saved.
        ("own antenna, posted", "post", _person("own"), PEOPLE_WRITE),
        ("other antenna, posted", "post", _person("foreign"), FOREIGN_WRITE),
        ("no such person", "get", lambda o: {"person": NO}, MISSING_WRITE),
    ],
    "barrier:delete": [
        ("no such barrier", "post", lambda o: {"pk": NO}, MISSING_WRITE),
        ("asked with GET", "get", lambda o: {"pk": o["own_barrier"].pk}, POST_ONLY),
    ],
}


def objects(base: dict) -> dict:
    """A barrier on each side, so that the person and duo pages of the matrix show the section filled."""
    from duo.barrier.models import Barrier

    found = {}
    for side in ("own", "foreign"):
        duo = base[side]
        Barrier.objects.create(person=duo.mentee.person, kind="language", stage="intake",
                               observed_on=duo.matched_on)
        found[f"{side}_barrier"] = Barrier.objects.create(
            person=duo.mentee.person, duo=duo, kind="no_network", stage="follow_up", observed_on=duo.matched_on)
    return found
