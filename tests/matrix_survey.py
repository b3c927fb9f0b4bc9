"""Permission-matrix entries for the survey instruments; see tests/test_permission_matrix.py.

Questionnaires are not personal data: every staff role reads them (editing is in the admin site,
for administrators); a version that does not exist answers 404.
"""

from tests.matrix_levels import STAFF, expect

ENTRIES: dict = {
    "survey:list": [("the instruments", "get", None, STAFF)],
    "survey:preview": [
        ("a published version", "get", lambda o: {"pk": o["survey_version"].pk}, STAFF),
        ("no such version", "get", lambda o: {"pk": 999999}, expect(302, 404, 404, 404, 404, 404)),
    ],
}


def objects(base: dict) -> dict:
    from duo.survey.defaults import INSTRUMENTS
    from duo.survey.services import create_published

    instrument = create_published(spec=INSTRUMENTS[0])
    return {"survey_version": instrument.versions.get()}
