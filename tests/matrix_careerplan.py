"""Permission-matrix entries for the career action plan; see tests/test_permission_matrix.py.

The participant's forms hang under their meeting-log token: every role gets the same answer (200
with a valid, expired or revoked link, the last two the log's kind page; 404 for a forged token or
another duo's goal). The coordinator's forms follow the duo pages' write rules. Every POST here is
empty, so it changes nothing.
"""

import datetime

from tests.matrix_levels import ALL_OK, FOREIGN_WRITE, PEOPLE_WRITE, expect

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)
MISSING_WRITE = expect(302, 404, 404, 403, 403, 403)
FORGED = "made-up:signature"


def _link(key):
    return lambda o: {"token": o[key]}


def _status(token_key, goal_key):
    return lambda o: {"token": o[token_key], "goal_pk": o[goal_key].pk}


def _staff(duo_key, goal_key=None):
    if goal_key is None:
        return lambda o: {"pk": o[duo_key].pk}
    return lambda o: {"pk": o[duo_key].pk, "goal_pk": o[goal_key].pk}


ENTRIES: dict = {
    "meetinglog:plan_add": [
        ("valid link", "get", _link("plan_token"), ALL_OK),
        ("valid link, posted empty", "post", _link("plan_token"), ALL_OK),
        ("expired link, posted", "post", _link("plan_expired"), ALL_OK),
        ("forged link", "post", lambda o: {"token": FORGED}, NOT_FOUND),
    ],
    "meetinglog:plan_status": [
        ("own goal", "get", _status("plan_token", "plan_goal_own"), ALL_OK),
        ("own goal, posted empty", "post", _status("plan_token", "plan_goal_own"), ALL_OK),
        ("revoked link, posted", "post", _status("plan_revoked", "plan_goal_own"), ALL_OK),
        # Another duo's goal under this link: not found, whatever the role.
        ("another duo's goal, posted", "post", _status("plan_token", "plan_goal_foreign"), NOT_FOUND),
        ("forged link", "get", lambda o: {"token": FORGED, "goal_pk": o["plan_goal_own"].pk}, NOT_FOUND),
    ],
    "meetinglog:plan_goal_add": [
        ("own antenna", "get", _staff("own"), PEOPLE_WRITE),
        ("other antenna", "get", _staff("foreign"), FOREIGN_WRITE),
        ("own antenna, posted empty", "post", _staff("own"), PEOPLE_WRITE),
        ("other antenna, posted empty", "post", _staff("foreign"), FOREIGN_WRITE),
    ],
    "meetinglog:plan_goal_edit": [
        ("own antenna", "get", _staff("own", "plan_goal_own"), PEOPLE_WRITE),
        ("other antenna", "get", _staff("foreign", "plan_goal_foreign"), FOREIGN_WRITE),
        ("own antenna, posted empty", "post", _staff("own", "plan_goal_own"), PEOPLE_WRITE),
        ("other antenna, posted empty", "post", _staff("foreign", "plan_goal_foreign"), FOREIGN_WRITE),
        ("goal of another duo", "get", _staff("own", "plan_goal_foreign"), MISSING_WRITE),
    ],
    "meetinglog:plan_goal_remove": [
        ("own antenna", "get", _staff("own", "plan_goal_own"), PEOPLE_WRITE),
        ("own antenna, posted without confirming", "post", _staff("own", "plan_goal_own"), PEOPLE_WRITE),
        ("other antenna, posted", "post", _staff("foreign", "plan_goal_foreign"), FOREIGN_WRITE),
        ("goal of another duo, posted", "post", _staff("own", "plan_goal_foreign"), MISSING_WRITE),
    ],
}


def objects(base: dict) -> dict:
    from django.utils import timezone

    from duo.careerplan.models import Goal
    from duo.meetinglog import tokens
    from duo.meetinglog.models import AccessLink

    def link(duo, **extra):
        token, digest = tokens.new_token()
        AccessLink.objects.create(duo=duo, person=duo.mentee.person, token_hash=digest, **extra)
        return token

    def goal(duo):
        return Goal.objects.create(duo=duo, title="Finish a CV in Dutch", target_on=duo.started_on
                                   + datetime.timedelta(days=30))

    now = timezone.now()
    return {"plan_token": link(base["own"]),
            "plan_expired": link(base["own"], expires_at=now - datetime.timedelta(days=1)),
            "plan_revoked": link(base["own"], revoked_at=now),
            "plan_goal_own": goal(base["own"]), "plan_goal_foreign": goal(base["foreign"])}
