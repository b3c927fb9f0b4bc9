"""Permission-matrix entries for the follow-up pages; see tests/test_permission_matrix.py.

The week page is for everyone who sees duos (the viewer reads it without the forms); marking a
check-in done and writing a staff note follow the duo pages' write rules, 404 outside the antenna.
"""

from tests.matrix_levels import *  # noqa: F403  (PEOPLE_READ, PEOPLE_WRITE, FOREIGN_WRITE, expect)

ENTRIES: dict = {
    "followup:week": [
        ("the week", "get", None, PEOPLE_READ),  # noqa: F405
    ],
    "followup:checkin_done": [
        # A GET only goes back to the week.
        ("own antenna", "get", lambda o: {"pk": o["followup_checkin_own"].pk},
         expect(302, 302, 302, 403, 403, 403)),  # noqa: F405
        ("other antenna", "get", lambda o: {"pk": o["followup_checkin_foreign"].pk},
         expect(302, 302, 404, 403, 403, 403)),  # noqa: F405
        # Posted empty: the week again with the row's errors, nothing saved.
        ("own antenna, posted empty", "post", lambda o: {"pk": o["followup_checkin_own"].pk},
         PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", lambda o: {"pk": o["followup_checkin_foreign"].pk},
         FOREIGN_WRITE),  # noqa: F405
    ],
    "followup:note_add": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk}, PEOPLE_WRITE),  # noqa: F405
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk}, FOREIGN_WRITE),  # noqa: F405
        ("own antenna, posted empty", "post", lambda o: {"pk": o["own"].pk}, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", lambda o: {"pk": o["foreign"].pk}, FOREIGN_WRITE),  # noqa: F405
    ],
}


def objects(base: dict) -> dict:
    from duo.followup.models import CheckIn

    own = CheckIn.objects.create(duo=base["own"], kind="first_month", due_on=base["own"].started_on)
    foreign = CheckIn.objects.create(duo=base["foreign"], kind="first_month", due_on=base["foreign"].started_on)
    return {"followup_checkin_own": own, "followup_checkin_foreign": foreign}
