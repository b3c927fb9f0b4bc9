"""Permission-matrix entries for answering a survey and for staff entry on someone's behalf; see
tests/test_permission_matrix.py.

The participant's pages need no login: the token is the key, so every role gets the same answer — 200
for a working link and for a closed one (a kind page), 404 for a forged one. Autosave takes POST only,
and sends a browser without JavaScript back to the questionnaire. Staff entry follows the people pages'
write rule: coordinators and administrators, in their antennas (404 outside them), 403 for the roles
that may not change a person's records.
"""

import datetime

from tests.matrix_levels import *  # noqa: F403  (ALL_OK, PEOPLE_WRITE, FOREIGN_WRITE, expect)

NOT_FOUND = expect(404, 404, 404, 404, 404, 404)  # noqa: F405
REDIRECTED = expect(302, 302, 302, 302, 302, 302)  # noqa: F405
NOT_ALLOWED = expect(405, 405, 405, 405, 405, 405)  # noqa: F405
FORGED = lambda o: {"token": "made-up:signature"}  # noqa: E731


def _token(key):
    return lambda o: {"token": o[key]}


def _invitation(key):
    return lambda o: {"pk": o[key].pk}


ENTRIES: dict = {
    "survey_answer:answer": [
        ("valid link", "get", _token("survey_answer_token"), ALL_OK),  # noqa: F405
        # Sent empty: the questionnaire again with what is missing, nothing stored.
        ("valid link, posted empty", "post", _token("survey_answer_token"), ALL_OK),  # noqa: F405
        ("answered link", "get", _token("survey_answer_answered"), ALL_OK),  # noqa: F405
        ("expired link, posted", "post", _token("survey_answer_expired"), ALL_OK),  # noqa: F405
        ("forged link", "get", FORGED, NOT_FOUND),
        ("forged link, posted", "post", FORGED, NOT_FOUND),
    ],
    "survey_answer:save": [
        ("valid link, asked with GET", "get", _token("survey_answer_token"), NOT_ALLOWED),
        ("expired link, posted", "post", _token("survey_answer_expired"), ALL_OK),  # noqa: F405
        ("forged link, posted", "post", FORGED, NOT_FOUND),
    ],
    "survey:enter": [
        ("own antenna", "get", _invitation("survey_answer_own"), PEOPLE_WRITE),  # noqa: F405
        ("other antenna", "get", _invitation("survey_answer_foreign"), FOREIGN_WRITE),  # noqa: F405
        # Posted empty: the form again with its errors, nothing stored.
        ("own antenna, posted empty", "post", _invitation("survey_answer_own"), PEOPLE_WRITE),  # noqa: F405
        ("other antenna, posted", "post", _invitation("survey_answer_foreign"), FOREIGN_WRITE),  # noqa: F405
        ("no such invitation", "get", lambda o: {"pk": 999999}, expect(302, 404, 404, 403, 403, 403)),  # noqa: F405
    ],
}


def objects(base: dict) -> dict:
    from django.utils import timezone

    from duo.survey import responses
    from duo.survey.loading import load_missing
    from duo.survey.models import Instrument, Invitation, InvitationStatus

    load_missing()
    instrument = Instrument.objects.get(code="mentee-end")
    today = timezone.localdate()

    def invite(duo, **changes):
        invitation, token = responses.invitation_create(instrument=instrument, person=duo.mentee.person, duo=duo,
                                                        due_on=today)
        if changes:
            Invitation.objects.filter(pk=invitation.pk).update(**changes)
        return invitation, token

    own, token = invite(base["own"])
    _, answered = invite(base["own"], status=InvitationStatus.COMPLETED, completed_at=timezone.now())
    _, expired = invite(base["own"], expires_at=timezone.now() - datetime.timedelta(days=1))
    foreign, _ = invite(base["foreign"])
    return {"survey_answer_token": token, "survey_answer_answered": answered, "survey_answer_expired": expired,
            "survey_answer_own": own, "survey_answer_foreign": foreign}
