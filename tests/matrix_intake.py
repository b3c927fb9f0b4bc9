"""Permission-matrix entries for the intake pages; see tests/test_permission_matrix.py."""

from tests.matrix_levels import FOREIGN_READ, FOREIGN_WRITE, PEOPLE_READ, PEOPLE_WRITE, expect

# An object that does not exist: 404 for those who may use the page, as if it were in another antenna.
MISSING_READ = expect(302, 404, 404, 403, 403, 404)
MISSING_WRITE = expect(302, 404, 404, 403, 403, 403)
# A POST that redirects (done, or nothing to do) for those allowed.
POSTED = expect(302, 302, 302, 403, 403, 403)
# A page that only takes POST, asked with GET.
POST_ONLY = expect(302, 405, 405, 403, 403, 403)
NO = 999999


def _own(o):
    return o["own"].mentee.person_id


def _foreign(o):
    return o["foreign"].mentee.person_id


ENTRIES: dict = {
    "intake:list": [
        ("pipeline", "get", None, PEOPLE_READ),
    ],
    "intake:bulk": [
        # Nothing ticked: the list again, with a message; nothing moves.
        ("bulk move, empty", "post", None, POSTED),
        ("bulk move asked with GET", "get", None, POST_ONLY),
    ],
    "intake:export": [("export of the pipeline", "get", None, PEOPLE_READ)],
    "intake:duplicates": [("possible duplicates", "get", None, PEOPLE_READ)],
    "intake:merge": [
        ("own antenna", "get", lambda o: {"a": _own(o), "b": o["own_twin"].pk}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"a": _foreign(o), "b": o["foreign_twin"].pk},
         FOREIGN_WRITE),
        ("own with another antenna's", "get", lambda o: {"a": _own(o), "b": o["foreign_twin"].pk},
         FOREIGN_WRITE),
        ("no such person", "get", lambda o: {"a": _own(o), "b": NO}, MISSING_WRITE),
        # An empty form posted: the comparison again with errors; nothing merged.
        ("own antenna, posted", "post", lambda o: {"a": _own(o), "b": o["own_twin"].pk},
         PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"a": _foreign(o), "b": o["foreign_twin"].pk},
         FOREIGN_WRITE),
    ],
    "intake:detail": [
        ("own antenna", "get", lambda o: {"pk": _own(o)}, PEOPLE_READ),
        ("other antenna", "get", lambda o: {"pk": _foreign(o)}, FOREIGN_READ),
        ("no such person", "get", lambda o: {"pk": NO}, MISSING_READ),
    ],
    "intake:stage": [
        ("own antenna", "get", lambda o: {"pk": _own(o), "kind": "mentee"}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": _foreign(o), "kind": "mentee"}, FOREIGN_WRITE),
        ("a side the person does not have", "get", lambda o: {"pk": _own(o), "kind": "mentor"}, MISSING_WRITE),
        ("no such person", "get", lambda o: {"pk": NO, "kind": "mentee"}, MISSING_WRITE),
        ("own antenna, posted", "post", lambda o: {"pk": _own(o), "kind": "mentee"}, PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"pk": _foreign(o), "kind": "mentee"},
         FOREIGN_WRITE),
    ],
    "intake:interview": [
        ("own antenna", "get", lambda o: {"pk": _own(o), "kind": "mentee"}, PEOPLE_WRITE),
        ("own antenna, mentor", "get", lambda o: {"pk": o["own"].mentor.person_id, "kind": "mentor"},
         PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": _foreign(o), "kind": "mentee"}, FOREIGN_WRITE),
        ("no such person", "get", lambda o: {"pk": NO, "kind": "mentee"}, MISSING_WRITE),
        ("own antenna, posted", "post", lambda o: {"pk": _own(o), "kind": "mentee"}, PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"pk": _foreign(o), "kind": "mentee"},
         FOREIGN_WRITE),
    ],
    "intake:override": [
        ("own antenna", "get", lambda o: {"pk": o["own_application"].pk}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": o["foreign_application"].pk}, FOREIGN_WRITE),
        ("no such application", "get", lambda o: {"pk": NO}, MISSING_WRITE),
        ("own antenna, posted", "post", lambda o: {"pk": o["own_application"].pk}, PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"pk": o["foreign_application"].pk},
         FOREIGN_WRITE),
    ],
    "intake:reassess": [
        # The rules did not change since the application was assessed: checked again, nothing written.
        ("own antenna", "post", lambda o: {"pk": o["own_application"].pk}, POSTED),
        ("other antenna", "post", lambda o: {"pk": o["foreign_application"].pk},
         expect(302, 302, 404, 403, 403, 403)),
        ("no such application", "post", lambda o: {"pk": NO}, MISSING_WRITE),
        ("asked with GET", "get", lambda o: {"pk": o["own_application"].pk}, POST_ONLY),
    ],
}


def objects(base: dict) -> dict:
    """Extra records the entries above need, built once per test from the base fixtures."""
    from duo.intake import verdicts
    from duo.intake.models import Application

    from tests.factories import PersonFactory

    found = {}
    for side in ("own", "foreign"):
        person = base[side].mentee.person
        application = Application(person=person, kind="mentee", right_to_work="yes")
        application.verdict, application.reasons = verdicts.assess(application)
        application.save()
        found[f"{side}_application"] = application
        found[f"{side}_twin"] = PersonFactory(antenna=person.antenna, email=person.email)
    return found
