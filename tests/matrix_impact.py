"""Permission-matrix entries for the impact dashboard; see tests/test_permission_matrix.py.

Every staff role reads the figures (after disclosure control) and the reference rates; taking a snapshot and
entering or deleting reference rates need IMPACT_CHANGE (administrators and officers).
"""

from tests.matrix_levels import STAFF, expect

NOT_FOUND = expect(302, 404, 404, 404, 404, 404)
IMPACT_CHANGE = expect(302, 200, 403, 200, 403, 403)

ENTRIES: dict = {
    "impact:home": [("the overview", "get", None, STAFF)],
    "impact:area": [
        ("an area of action", "get", lambda o: {"code": "equal_opportunities"}, STAFF),
        ("no such area", "get", lambda o: {"code": "no-such-area"}, NOT_FOUND),
    ],
    "impact:indicator": [
        ("an indicator", "get", lambda o: {"name": "positive_exit_12m"}, STAFF),
        ("a change indicator", "get", lambda o: {"name": "capital_social_change"}, STAFF),
        ("no such indicator", "get", lambda o: {"name": "no_such_indicator"}, NOT_FOUND),
    ],
    "impact:download": [
        ("CSV", "get", lambda o: {"name": "positive_exit_12m", "fmt": "csv"}, STAFF),
        ("XLSX", "get", lambda o: {"name": "duo_reached_term", "fmt": "xlsx"}, STAFF),
        ("SVG", "get", lambda o: {"name": "duo_reached_term", "fmt": "svg"}, STAFF),
        ("PNG", "get", lambda o: {"name": "duo_reached_term", "fmt": "png"}, STAFF),
        ("an unknown format", "get", lambda o: {"name": "positive_exit_12m", "fmt": "pdf"}, NOT_FOUND),
        ("no such indicator", "get", lambda o: {"name": "no_such_indicator", "fmt": "csv"}, NOT_FOUND),
    ],
    "impact:evidence": [("the comparison and dose", "get", None, STAFF)],
    "impact:fairness": [("fairness and gaps", "get", None, STAFF)],
    "impact:snapshots": [
        ("the list", "get", None, STAFF),
        # Posted: a job starts and its page opens; roles without IMPACT_CHANGE are refused.
        ("take a snapshot", "post", None, expect(302, 302, 403, 302, 403, 403)),
    ],
    "impact:references": [("the list", "get", None, STAFF)],
    "impact:reference_add": [
        ("the form", "get", None, IMPACT_CHANGE),
        # Posted empty: the form comes back with its errors, nothing is saved.
        ("posted empty", "post", None, IMPACT_CHANGE),
    ],
    "impact:reference_delete": [
        ("asked by GET", "get", lambda o: {"pk": o["impact_reference"].pk}, expect(302, 405, 403, 405, 403, 403)),
        ("no such rate", "post", lambda o: {"pk": 999999}, expect(302, 404, 403, 404, 403, 403)),
    ],
}


def objects(base: dict) -> dict:
    from duo.impact.models import ReferenceRate
    from duo.impact.snapshot import snapshot_take

    snapshot_take(note="permission matrix")
    reference = ReferenceRate.objects.create(indicator="positive_exit_12m", label="Public employment service",
                                             rate=45, year=2025, source="Statistics office")
    return {"impact_reference": reference}
