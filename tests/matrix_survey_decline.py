"""Permission-matrix entries for declining a survey from its email; see tests/test_permission_matrix.py.

The page needs no login: its token is the key, so every role gets the same answer — 200 with a valid link,
and with the link of an answered or expired survey (a kind page says so), 404 with a forged one. Posting
declines and comes back to the page (302); the matrix posts only to a survey of its own.
"""

import datetime

from tests.matrix_levels import ALL_OK, expect

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)
BACK = expect(302, 302, 302, 302, 302, 302)


def _token(key):
    return lambda o: {"token": o[key]}


ENTRIES: dict = {
    "survey_answer:decline": [
        ("valid link", "get", _token("decline_token"), ALL_OK),
        ("answered survey", "get", _token("decline_answered"), ALL_OK),
        ("expired link", "get", _token("decline_expired"), ALL_OK),
        ("valid link, posted", "post", _token("decline_posted"), BACK),
        ("forged link", "get", lambda o: {"token": "made-up:signature"}, NOT_FOUND),
        ("forged link, posted", "post", lambda o: {"token": "made-up:signature"}, NOT_FOUND),
    ],
}


def objects(base: dict) -> dict:
    from django.utils import timezone

    from duo.survey import responses
    from duo.survey.defaults import INSTRUMENTS
    from duo.survey.models import Instrument, Invitation, InvitationStatus
    from duo.survey.services import create_published

    spec = next(s for s in INSTRUMENTS if s["kind"] == "pairing_fit")
    instrument = Instrument.objects.filter(code=spec["code"]).first() or create_published(spec=spec)
    duo = base["own"]

    def invite(**change):
        invitation, token = responses.invitation_create(instrument=instrument, person=duo.mentee.person, duo=duo,
                                                        due_on=datetime.date(2026, 2, 20))
        if change:
            Invitation.objects.filter(pk=invitation.pk).update(**change)
        return token

    now = timezone.now()
    return {
        "decline_token": invite(),
        "decline_answered": invite(status=InvitationStatus.COMPLETED, completed_at=now),
        "decline_expired": invite(expires_at=now - datetime.timedelta(days=1)),
        "decline_posted": invite(),
    }
