"""Permission-matrix entries for the peer-exchange pages and the calendar subscription; see
tests/test_permission_matrix.py.

Sessions and the rule per mentor are read by who reads people (the viewer without the forms) and
changed by who changes them, 404 outside the antenna. Empty POSTs change nothing: every form asks
for its button's confirmation. The subscription page is for who sees duos; the feed itself needs no
login (the token is the key), so every role gets the same answer: 404 for a made-up token.
"""

import datetime

from tests.matrix_levels import *  # noqa: F403  (PEOPLE_READ, PEOPLE_WRITE, FOREIGN_READ, FOREIGN_WRITE, expect)

_own = lambda o: {"pk": o["peer_session_own"].pk}  # noqa: E731
_foreign = lambda o: {"pk": o["peer_session_foreign"].pk}  # noqa: E731
BACK = expect(302, 302, 302, 403, 403, 403)  # noqa: F405  (a GET on a POST-only address goes back)
BACK_FOREIGN = expect(302, 302, 404, 403, 403, 403)  # noqa: F405

ENTRIES: dict = {
    "peerexchange:list": [("the sessions", "get", None, PEOPLE_READ)],  # noqa: F405
    "peerexchange:mentors": [("the rule per mentor", "get", None, PEOPLE_READ)],  # noqa: F405
    "peerexchange:new": [
        ("the form", "get", None, PEOPLE_WRITE),  # noqa: F405
        ("posted empty", "post", None, PEOPLE_WRITE),  # noqa: F405
    ],
    "peerexchange:detail": [
        ("own antenna", "get", _own, PEOPLE_READ),  # noqa: F405
        ("other antenna", "get", _foreign, FOREIGN_READ),  # noqa: F405
    ],
    "peerexchange:attendance": [
        ("own antenna", "get", _own, BACK),
        ("other antenna", "get", _foreign, BACK_FOREIGN),
        ("own antenna, posted empty", "post", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", _foreign, FOREIGN_WRITE),  # noqa: F405
    ],
    "peerexchange:invite": [
        ("own antenna", "get", _own, BACK),
        ("other antenna", "get", _foreign, BACK_FOREIGN),
        ("own antenna, posted empty", "post", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", _foreign, FOREIGN_WRITE),  # noqa: F405
    ],
    "peerexchange:cancel": [
        ("own antenna", "get", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna", "get", _foreign, FOREIGN_WRITE),  # noqa: F405
        ("own antenna, posted empty", "post", _own, PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted empty", "post", _foreign, FOREIGN_WRITE),  # noqa: F405
    ],
    "calendarfeed:subscribe": [
        ("my subscription", "get", None, PEOPLE_READ),  # noqa: F405
        ("posted empty", "post", None, PEOPLE_READ),  # noqa: F405
    ],
    "calendarfeed:revoke": [
        ("a GET goes back", "get", None, expect(302, 302, 302, 403, 403, 302)),  # noqa: F405
    ],
    "calendar_feed": [
        ("a made-up token", "get", lambda o: {"token": "made-up:token"},
         expect(404, 404, 404, 404, 404, 404)),  # noqa: F405
        ("the coordinator's token, whoever asks", "get", lambda o: {"token": o["calendar_token"]},
         expect(200, 200, 200, 200, 200, 200)),  # noqa: F405
    ],
}


def objects(base: dict) -> dict:
    from duo.accounts.roles import Role
    from duo.calendarfeed.services import subscription_create
    from duo.peerexchange.models import Attendance, PeerSession

    held_on = datetime.date.today() - datetime.timedelta(days=3)
    own = PeerSession.objects.create(antenna=base["own"].antenna, held_on=held_on)
    foreign = PeerSession.objects.create(antenna=base["foreign"].antenna, held_on=held_on)
    Attendance.objects.create(session=own, mentor=base["own"].mentor)
    Attendance.objects.create(session=foreign, mentor=base["foreign"].mentor)
    token = subscription_create(user=base["users"][Role.COORDINATOR], language="fr")
    return {"peer_session_own": own, "peer_session_foreign": foreign, "calendar_token": token}
