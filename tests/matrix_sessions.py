"""Permission-matrix entries for the sessions pages; see tests/test_permission_matrix.py.

Staff pages follow the people pages: viewers read, coordinators change, both only in their
antennas (another antenna's session answers 404). The applicant portal needs no login: its
signed token is the key, so every role gets the same answer, 200 with a valid token and 404
with a forged one.
"""

from tests.matrix_levels import *  # noqa: F403  (ALL_OK, STAFF, PEOPLE_READ, ..., expect)

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)  # noqa: F405


def _staff(namespace, seat_name):
    def own(key):
        return lambda o: {"pk": o[key].pk}

    entries = {
        f"{namespace}:list": [("session list", "get", None, PEOPLE_READ)],  # noqa: F405
        f"{namespace}:create": [
            ("new session form", "get", None, PEOPLE_WRITE),  # noqa: F405
            # An empty form posted comes back with its errors; nothing is saved.
            ("new session, posted empty", "post", None, PEOPLE_WRITE),  # noqa: F405
        ],
        f"{namespace}:detail": [
            ("own antenna", "get", own(f"{namespace}_own"), PEOPLE_READ),  # noqa: F405
            ("other antenna", "get", own(f"{namespace}_foreign"), FOREIGN_READ),  # noqa: F405
            ("no such session", "get", lambda o: {"pk": 999999}, expect(302, 404, 404, 403, 403, 404)),  # noqa: F405
        ],
        f"{namespace}:ics": [
            ("own antenna", "get", own(f"{namespace}_own"), PEOPLE_READ),  # noqa: F405
            ("other antenna", "get", own(f"{namespace}_foreign"), FOREIGN_READ),  # noqa: F405
        ],
        f"{namespace}:{seat_name}": [
            ("own antenna", "get", own(f"{namespace}_seat_own"), PEOPLE_WRITE),  # noqa: F405
            ("other antenna", "get", own(f"{namespace}_seat_foreign"), FOREIGN_WRITE),  # noqa: F405
            ("own antenna, posted without confirming", "post", own(f"{namespace}_seat_own"), PEOPLE_WRITE),  # noqa: F405
            ("other antenna, posted", "post", own(f"{namespace}_seat_foreign"), FOREIGN_WRITE),  # noqa: F405
        ],
    }
    for page in ("edit", "cancel", "invite", "attendance"):
        entries[f"{namespace}:{page}"] = [
            ("own antenna", "get", own(f"{namespace}_own"), PEOPLE_WRITE),  # noqa: F405
            ("other antenna", "get", own(f"{namespace}_foreign"), FOREIGN_WRITE),  # noqa: F405
            ("own antenna, posted empty", "post", own(f"{namespace}_own"), PEOPLE_WRITE),  # noqa: F405
            ("other antenna, posted empty", "post", own(f"{namespace}_foreign"), FOREIGN_WRITE),  # noqa: F405
        ]
    return entries


def _portal(name, extra=None, post=True):
    def good(o):
        return {"token": o["portal_token"], **(extra(o) if extra else {})}

    def bad(o):
        return {"token": "eyJwIjoxfQ:forged:signature", **(extra(o) if extra else {})}

    entries = [("valid link", "get", good, ALL_OK), ("forged link", "get", bad, NOT_FOUND)]  # noqa: F405
    if post:
        # Posted without the confirmation the page's own form sends: the page comes back, nothing changes.
        entries += [("valid link, posted empty", "post", good, ALL_OK),  # noqa: F405
                    ("forged link, posted", "post", bad, NOT_FOUND)]
    return {f"portal:{name}": entries}


ENTRIES: dict = {
    **_staff("infosession", "registration_remove"),
    **_staff("training", "attendance_remove"),
    "training:progress": [("mentors' progress", "get", None, PEOPLE_READ)],  # noqa: F405
    **_portal("home", post=False),
    **_portal("info_register", lambda o: {"pk": o["infosession_own"].pk}),
    **_portal("info_unregister", lambda o: {"pk": o["infosession_own"].pk}),
    **_portal("training_register", lambda o: {"pk": o["training_own"].pk}),
    **_portal("training_unregister", lambda o: {"pk": o["training_own"].pk}),
    **_portal("evaluate", lambda o: {"pk": o["training_past"].pk}),
    **_portal("ics", lambda o: {"kind": "training", "pk": o["training_own"].pk}, post=False),
}


def objects(base: dict) -> dict:
    """Extra records the entries above need, built once per test from the base fixtures."""
    from duo.intake.links import applicant_token
    from tests.factories import MenteeFactory, MentorFactory
    from tests.factories_sessions import (
        AttendanceFactory, InfoSessionFactory, RegistrationFactory, TrainingSessionFactory, in_days,
    )

    own, foreign = base["own"].antenna, base["foreign"].antenna
    out = {}
    for key, antenna in (("own", own), ("foreign", foreign)):
        out[f"infosession_{key}"] = info = InfoSessionFactory(antenna=antenna)
        applicant = MenteeFactory(person__antenna=antenna, stage="applied").person
        out[f"infosession_seat_{key}"] = RegistrationFactory(session=info, person=applicant)
        out[f"training_{key}"] = training = TrainingSessionFactory(antenna=antenna)
        mentor = MentorFactory(person__antenna=antenna, stage="intake_done").person
        out[f"training_seat_{key}"] = AttendanceFactory(session=training, person=mentor)
    portal_mentor = MentorFactory(person__antenna=own, stage="intake_done").person
    out["training_past"] = past = TrainingSessionFactory(antenna=own, starts_at=in_days(-7))
    AttendanceFactory(session=past, person=portal_mentor, attended=True)
    out["portal_token"] = applicant_token(portal_mentor)
    return out
