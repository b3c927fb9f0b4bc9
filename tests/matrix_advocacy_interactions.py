"""Permission-matrix entries for advocacy's interactions pages; see tests/test_permission_matrix.py."""

from tests.matrix_levels import expect

# Administrators and officers (advocacy.view / advocacy.change); coordinators, researchers and viewers get 403.
ADVOCACY = expect(302, 200, 403, 200, 403, 403)

ENTRIES: dict = {}


def objects(base):
    return {}
