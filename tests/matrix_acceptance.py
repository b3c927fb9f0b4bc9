"""Permission-matrix entries for the answers after the introduction and the agreement PDF; see
tests/test_permission_matrix.py.

On the duo page they follow the duo pages' rules (404 outside the antenna). The participant's URLs
sit under the meeting-log token: no login, every role gets the same answer, 404 for a forged token
and the kind "link no longer works" page for an expired one.
"""

import datetime

from tests.matrix_levels import *  # noqa: F403  (ALL_OK, PEOPLE_READ, PEOPLE_WRITE, FOREIGN_READ, ..., expect)

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)  # noqa: F405
BACK_TO_LOG = expect(302, 302, 302, 302, 302, 302)  # noqa: F405
# Refused with a message and sent back to the duo page (the duo is not awaiting answers).
POSTED = expect(302, 302, 302, 403, 403, 403)  # noqa: F405
FOREIGN_POSTED = expect(302, 302, 404, 403, 403, 403)  # noqa: F405


def _token(key):
    return lambda o: {"token": o[key]}


ENTRIES: dict = {
    "journeys:answer": [
        # An introduced duo, posted empty: the duo page again with the form's errors, nothing saved.
        ("own antenna, introduced, posted empty", "post", lambda o: {"pk": o["acceptance_introduced"].pk},
         PEOPLE_WRITE),  # noqa: F405
        ("own antenna, running duo, posted", "post", lambda o: {"pk": o["own"].pk}, POSTED),
        ("other antenna, posted", "post", lambda o: {"pk": o["foreign"].pk}, FOREIGN_POSTED),
        ("asked with GET", "get", lambda o: {"pk": o["acceptance_introduced"].pk},
         expect(302, 405, 405, 403, 403, 403)),  # noqa: F405
    ],
    "journeys:agreement": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk}, PEOPLE_READ),  # noqa: F405
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk}, FOREIGN_READ),  # noqa: F405
        ("no such duo", "get", lambda o: {"pk": 999999}, expect(302, 404, 404, 403, 403, 404)),  # noqa: F405
    ],
    "meetinglog:answer": [
        # Posted empty: the answer page with its error, nothing saved.
        ("valid link, posted empty", "post", _token("acceptance_token"), ALL_OK),  # noqa: F405
        ("valid link, asked with GET", "get", _token("acceptance_token"), BACK_TO_LOG),
        ("expired link, posted", "post", _token("acceptance_expired"), ALL_OK),  # noqa: F405
        ("forged link, posted", "post", lambda o: {"token": "made-up:signature"}, NOT_FOUND),
    ],
    "meetinglog:agreement": [
        ("valid link, running duo", "get", _token("acceptance_running"), ALL_OK),  # noqa: F405
        # Not both accepted yet: back to the log page with a word of explanation.
        ("valid link, duo still introduced", "get", _token("acceptance_token"), BACK_TO_LOG),
        ("expired link", "get", _token("acceptance_expired"), ALL_OK),  # noqa: F405
        ("forged link", "get", lambda o: {"token": "made-up:signature"}, NOT_FOUND),
    ],
}


def objects(base: dict) -> dict:
    from django.utils import timezone

    from duo.meetinglog import tokens
    from duo.meetinglog.models import AccessLink
    from tests.factories import DuoFactory

    introduced = DuoFactory(antenna=base["own"].antenna, status="introduced", started_on=None, planned_end_on=None)

    def link(duo, **extra):
        token, digest = tokens.new_token()
        AccessLink.objects.create(duo=duo, person=duo.mentee.person, token_hash=digest, **extra)
        return token

    return {
        "acceptance_introduced": introduced,
        "acceptance_token": link(introduced),
        "acceptance_expired": link(introduced, expires_at=timezone.now() - datetime.timedelta(days=1)),
        "acceptance_running": link(base["own"]),
    }
