"""Permission-matrix entries for revoking a person's personal links; see tests/test_permission_matrix.py.

The same rule as editing the person: administrators, and coordinators for their antennas' people (another antenna's
person is 404, as if absent); officers, researchers and viewers get 403. The matrix never revokes anything: its POSTs
are empty (the page comes back with its error); tests/test_personal_links_revoke.py revokes for real.
"""

from tests.matrix_levels import FOREIGN_WRITE, PEOPLE_WRITE, expect

MISSING = expect(302, 404, 404, 403, 403, 403)

OWN = lambda o: {"pk": o["own"].mentee.person_id}  # noqa: E731
FOREIGN = lambda o: {"pk": o["foreign"].mentee.person_id}  # noqa: E731
NOBODY = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "people:links_revoke": [
        ("own antenna", "get", OWN, PEOPLE_WRITE),
        ("other antenna", "get", FOREIGN, FOREIGN_WRITE),
        ("no such person", "get", NOBODY, MISSING),
        ("own antenna, posted empty: nothing revoked", "post", OWN, PEOPLE_WRITE),
        ("other antenna, posted", "post", FOREIGN, FOREIGN_WRITE),
    ],
}


def objects(base):
    return {}
