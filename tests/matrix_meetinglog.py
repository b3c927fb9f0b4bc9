"""Permission-matrix entries for the meeting log; see tests/test_permission_matrix.py.

The phone page needs no login: its token is the key, so every role gets the same answer — 200 with
a valid, an expired or a revoked link (the last two say so kindly), 404 with a forged one. The
coordinator's pages follow the duo pages: coordinators and administrators, in their antennas.
"""

import datetime

from tests.matrix_levels import *  # noqa: F403  (ALL_OK, PEOPLE_WRITE, FOREIGN_WRITE, expect)

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)  # noqa: F405


def _token(key):
    return lambda o: {"token": o[key]}


def _own(o):
    return {"pk": o["own"].pk}


def _foreign(o):
    return {"pk": o["foreign"].pk}


ENTRIES: dict = {
    "meetinglog:log": [
        ("valid link", "get", _token("meetinglog_token"), ALL_OK),  # noqa: F405
        # Posted empty: the form comes back with its errors, nothing is saved.
        ("valid link, posted empty", "post", _token("meetinglog_token"), ALL_OK),  # noqa: F405
        ("expired link", "get", _token("meetinglog_expired"), ALL_OK),  # noqa: F405
        ("revoked link, posted", "post", _token("meetinglog_revoked"), ALL_OK),  # noqa: F405
        ("forged link", "get", lambda o: {"token": "made-up:signature"}, NOT_FOUND),
        ("forged link, posted", "post", lambda o: {"token": "made-up:signature"}, NOT_FOUND),
    ],
    "meetinglog:link_send": [
        ("own antenna", "get", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna", "get", _foreign, FOREIGN_WRITE),  # noqa: F405
        ("own antenna, posted empty", "post", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", _foreign, FOREIGN_WRITE),  # noqa: F405
    ],
    "meetinglog:link_revoke": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk, "link_pk": o["meetinglog_link_own"].pk},
         PEOPLE_WRITE),  # noqa: F405
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk, "link_pk": o["meetinglog_link_foreign"].pk},
         FOREIGN_WRITE),  # noqa: F405
        ("own antenna, posted without confirming", "post",
         lambda o: {"pk": o["own"].pk, "link_pk": o["meetinglog_link_own"].pk}, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted", "post",
         lambda o: {"pk": o["foreign"].pk, "link_pk": o["meetinglog_link_foreign"].pk}, FOREIGN_WRITE),  # noqa: F405
        # Another duo's link under this duo's URL is not found.
        ("link of another duo", "get", lambda o: {"pk": o["own"].pk, "link_pk": o["meetinglog_link_foreign"].pk},
         expect(302, 404, 404, 403, 403, 403)),  # noqa: F405
    ],
    "meetinglog:meeting_add": [
        ("own antenna", "get", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna", "get", _foreign, FOREIGN_WRITE),  # noqa: F405
        ("own antenna, posted empty", "post", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", _foreign, FOREIGN_WRITE),  # noqa: F405
    ],
}


def objects(base: dict) -> dict:
    from django.utils import timezone

    from duo.meetinglog import tokens
    from duo.meetinglog.models import AccessLink

    def link(duo, **extra):
        token, digest = tokens.new_token()
        return token, AccessLink.objects.create(duo=duo, person=duo.mentor.person, token_hash=digest, **extra)

    now = timezone.now()
    token, own_link = link(base["own"])
    expired, _ = link(base["own"], expires_at=now - datetime.timedelta(days=1))
    revoked, _ = link(base["own"], revoked_at=now)
    _, foreign_link = link(base["foreign"])
    return {"meetinglog_token": token, "meetinglog_expired": expired, "meetinglog_revoked": revoked,
            "meetinglog_link_own": own_link, "meetinglog_link_foreign": foreign_link}
