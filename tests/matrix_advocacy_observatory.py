"""Permission-matrix entries for advocacy's overview, annual report and barrier observatory; see
tests/test_permission_matrix.py.

The overview and the annual report are the advocacy team's (administrators, officers); the observatory is read
by coordinators too. Every page only reads, so a POST is refused (405) to those who may read it. The matrix has no
snapshot: the observatory pages say so, and the export is its header row alone.
"""

from tests.matrix_levels import expect

# Administrators and officers (advocacy.view / advocacy.change); coordinators, researchers and viewers get 403.
ADVOCACY = expect(302, 200, 403, 200, 403, 403)
ADVOCACY_POST = expect(302, 405, 403, 405, 403, 403)
# The observatory (observatory.view): administrators, coordinators and officers.
OBSERVATORY = expect(302, 200, 200, 200, 403, 403)
OBSERVATORY_POST = expect(302, 405, 405, 405, 403, 403)
OBSERVATORY_MISSING = expect(302, 404, 404, 404, 403, 403)

ENTRIES: dict = {
    "advocacy:home": [
        ("the overview", "get", None, ADVOCACY),
        ("posted", "post", None, ADVOCACY_POST),
    ],
    "advocacy:annual_report": [
        ("this year's section", "get", None, ADVOCACY),
        ("posted", "post", None, ADVOCACY_POST),
    ],
    "advocacy:observatory": [
        ("every barrier", "get", None, OBSERVATORY),
        ("posted", "post", None, OBSERVATORY_POST),
    ],
    "advocacy:observatory_barrier": [
        ("one barrier", "get", lambda o: {"kind": "language"}, OBSERVATORY),
        ("no such barrier", "get", lambda o: {"kind": "no-such-barrier"}, OBSERVATORY_MISSING),
        ("posted", "post", lambda o: {"kind": "language"}, OBSERVATORY_POST),
    ],
    "advocacy:observatory_export": [
        ("the table as CSV", "get", None, OBSERVATORY),
        ("posted", "post", None, OBSERVATORY_POST),
    ],
}


def objects(base):
    return {}
