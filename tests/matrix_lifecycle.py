"""Permission-matrix entries for the duo lifecycle; see tests/test_permission_matrix.py.

The POSTs carry no step, so they change nothing: the duo page again with a message.
"""

from tests.matrix_levels import expect

# Refused with a message and sent back to the duo page, for those allowed to change duos.
POSTED = expect(302, 302, 302, 403, 403, 403)
# The same in another antenna: the administrator is redirected, the coordinator gets 404.
FOREIGN_POSTED = expect(302, 302, 404, 403, 403, 403)
POST_ONLY = expect(302, 405, 405, 403, 403, 403)
MISSING_WRITE = expect(302, 404, 404, 403, 403, 403)

ENTRIES: dict = {
    "journeys:transition": [
        ("own antenna, no step chosen", "post", lambda o: {"pk": o["own"].pk}, POSTED),
        ("other antenna, no step chosen", "post", lambda o: {"pk": o["foreign"].pk}, FOREIGN_POSTED),
        ("no such duo", "post", lambda o: {"pk": 999999}, MISSING_WRITE),
        ("asked with GET", "get", lambda o: {"pk": o["own"].pk}, POST_ONLY),
    ],
}


def objects(base: dict) -> dict:
    """Nothing beyond the base duos."""
    return {}
