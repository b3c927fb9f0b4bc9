"""Permission-matrix entries for the right of access (data held about a person); see tests/test_permission_matrix.py.

The same rule as editing the person: administrators, and coordinators for their antennas' people (another antenna's
person is 404, as if absent); officers, researchers and viewers get 403. A download is an export, and every export
leaves an entry in the audit trail, which the matrix forbids: the downloads are walked here only where nothing is
exported (no such person; asked by POST), and tests/test_subject_export.py downloads them for real, 404 included.
"""

from tests.matrix_levels import FOREIGN_WRITE, PEOPLE_WRITE, expect

MISSING = expect(302, 404, 404, 403, 403, 403)
NOT_GET = expect(302, 405, 405, 403, 403, 403)

OWN = lambda o: {"pk": o["own"].mentee.person_id}  # noqa: E731
FOREIGN = lambda o: {"pk": o["foreign"].mentee.person_id}  # noqa: E731
NOBODY = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "subject:data": [
        ("own antenna", "get", OWN, PEOPLE_WRITE),
        ("other antenna", "get", FOREIGN, FOREIGN_WRITE),
        ("no such person", "get", NOBODY, MISSING),
        ("asked by POST", "post", OWN, NOT_GET),
    ],
    "subject:json": [
        ("no such person", "get", NOBODY, MISSING),
        ("asked by POST: nothing exported", "post", OWN, NOT_GET),
    ],
    "subject:pdf": [
        ("no such person", "get", NOBODY, MISSING),
        ("asked by POST: nothing exported", "post", OWN, NOT_GET),
    ],
}


def objects(base):
    return {}
