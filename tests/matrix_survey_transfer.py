"""Permission-matrix entries for moving survey answers in and out; see tests/test_permission_matrix.py.

The import (and its templates) is for the roles that change people's records: administrators, and
coordinators for the people of their antennas (checked row by row in the import itself). The
pseudonymised export is for administrators, officers and researchers, never coordinators or viewers.
Downloading an export is audited, so the matrix walks the export's form only (walking the matrix must
record nothing); tests/test_survey_export.py downloads as every role.
"""

from tests.matrix_levels import PEOPLE_WRITE, expect

EXPORTERS = expect(302, 200, 403, 200, 200, 403)
NOT_FOUND = expect(302, 404, 404, 403, 403, 403)

ENTRIES: dict = {
    "survey:import": [
        ("import form", "get", None, PEOPLE_WRITE),
        # Nothing uploaded: the form again with its errors; nothing is read or written.
        ("import posted empty", "post", None, PEOPLE_WRITE),
    ],
    "survey:import_template": [
        ("XLSX template", "get", lambda o: {"pk": o["transfer_version"].pk, "fmt": "xlsx"}, PEOPLE_WRITE),
        ("CSV template", "get", lambda o: {"pk": o["transfer_version"].pk, "fmt": "csv"}, PEOPLE_WRITE),
        ("no such version", "get", lambda o: {"pk": 999999, "fmt": "xlsx"}, NOT_FOUND),
        ("no such format", "get", lambda o: {"pk": o["transfer_version"].pk, "fmt": "pdf"}, NOT_FOUND),
    ],
    "survey:export": [("export form", "get", None, EXPORTERS)],
}


def objects(base: dict) -> dict:
    from duo.survey.defaults import INSTRUMENTS
    from duo.survey.models import Instrument
    from duo.survey.services import create_published

    spec = next(s for s in INSTRUMENTS if s["code"] == "mentee-end")
    instrument = Instrument.objects.filter(code=spec["code"]).first() or create_published(spec=spec)
    return {"transfer_version": instrument.versions.order_by("-number").first()}
