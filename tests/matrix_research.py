"""Permission-matrix entries for the research exports; see tests/test_permission_matrix.py.

Administrators and officers (research.export) make, read and download exports; coordinators, researchers and
viewers get 403 everywhere (researcher accounts receive nothing from here: the file goes to the recipient named in
the data-use agreement). The capability is checked before the export is looked up, so an unknown one is 404 only
for those who have it. The empty form posted comes back with its errors and makes nothing. A download is audited
(walking the matrix must record nothing), so the matrix asks for a missing export's file and posts to a real one;
tests/test_research_export.py downloads for real, as every role.
"""

from tests.matrix_levels import expect

EXPORTERS = expect(302, 200, 403, 200, 403, 403)
EXPORTERS_MISSING = expect(302, 404, 403, 404, 403, 403)
EXPORTERS_NOT_POST = expect(302, 405, 403, 405, 403, 403)

MISSING = lambda o: {"pk": 999999}  # noqa: E731
EXPORT = lambda o: {"pk": o["research_export"].pk}  # noqa: E731

ENTRIES: dict = {
    "research:list": [("the register of exports", "get", None, EXPORTERS)],
    "research:add": [
        ("the form", "get", None, EXPORTERS),
        ("posted empty: errors, nothing made", "post", None, EXPORTERS),
    ],
    "research:detail": [
        ("an export and its report", "get", EXPORT, EXPORTERS),
        ("no such export", "get", MISSING, EXPORTERS_MISSING),
    ],
    "research:download": [
        ("asked by POST: nothing handed over", "post", EXPORT, EXPORTERS_NOT_POST),
        ("no such export", "get", MISSING, EXPORTERS_MISSING),
    ],
}


def objects(base):
    from duo.impact.snapshot import snapshot_take
    from duo.people import consent
    from duo.people.choices import Channel, ConsentPurpose
    from duo.research import services
    from tests.factories import DuoFactory

    # An export with no row is refused: five people who agreed to research, enough for k = 5.
    for _ in range(5):
        duo = DuoFactory(antenna=base["foreign"].antenna)
        consent.consent_give(person=duo.mentee.person, purpose=ConsentPurpose.RESEARCH, channel=Channel.WEB)
    export = services.export_create(by=None, snapshot=snapshot_take(note="permission matrix"),
                                    dua_reference="DUA-MATRIX", recipient="Matrix university")
    return {"research_export": export}
