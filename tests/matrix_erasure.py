"""Permission-matrix entries for erasing a person; see tests/test_permission_matrix.py.

Administrators only (people.erase): every other role gets 403, whatever the person, since the capability is checked
before the person is looked up. The matrix never erases anyone: its POSTs are empty (the form comes back with its
errors) or go to a person that does not exist; tests/test_erasure.py erases for real.
"""

from tests.matrix_levels import expect

ADMINISTRATORS = expect(302, 200, 403, 403, 403, 403)
ADMINISTRATORS_MISSING = expect(302, 404, 403, 403, 403, 403)

OWN = lambda o: {"pk": o["own"].mentee.person_id}  # noqa: E731
FOREIGN = lambda o: {"pk": o["foreign"].mentee.person_id}  # noqa: E731
NOBODY = lambda o: {"pk": 999999}  # noqa: E731

ENTRIES: dict = {
    "erasure:confirm": [
        ("own antenna", "get", OWN, ADMINISTRATORS),
        ("other antenna", "get", FOREIGN, ADMINISTRATORS),
        ("no such person", "get", NOBODY, ADMINISTRATORS_MISSING),
        ("posted empty: errors, nothing erased", "post", OWN, ADMINISTRATORS),
        ("no such person, posted", "post", NOBODY, ADMINISTRATORS_MISSING),
    ],
}


def objects(base):
    return {}
