"""The pairing-fit alert of the coordinator's week (an alert source of duo.followup.queries).

A mentee who, one month in, answers the pairing-fit question with 1 or 2 out of 5, or asks to be
called, raises "Poor pairing fit reported on <date>". Like every alert it is computed, not stored, and
it clears by itself:
- as soon as a staff note on the duo is written after the answer (the coordinator called and wrote
  down what was said: the note is the trace of that follow-up), or
- ALERT_DAYS after the answer: by then the duo has been handled one way or another, and the next
  surveys and check-ins take over.
Only the duo's latest pairing-fit answer counts: a later good answer clears an earlier bad one.
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from duo.followup.models import StaffNote
from duo.followup.queries import Alert

from .models import Answer, InstrumentKind, Response

ALERT_DAYS = 30
POOR = 2  # at most this on the 1–5 scale
FIT_CODE, CALL_CODE = "pairing_fit", "call_me"


def poor_fit(answers: dict) -> bool:
    """Whether a pairing-fit response's answers ({code: Answer}) call for the coordinator."""
    fit = answers.get(FIT_CODE)
    call = answers.get(CALL_CODE)
    return (fit is not None and fit.number is not None and fit.number <= POOR) or (
        call is not None and call.value == "yes")


def pairing_fit_alerts(duos, today: datetime.date) -> list[Alert]:
    since = today - datetime.timedelta(days=ALERT_DAYS)
    recent = (Response.objects.filter(duo__in=duos.values("pk"), version__instrument__kind=InstrumentKind.PAIRING_FIT,
                                      answered_on__gt=since, answered_on__lte=today)
              .order_by("duo_id", "-answered_on", "-submitted_at", "-id")
              .values_list("id", "duo_id", "answered_on", "submitted_at"))
    latest = {}
    for response_id, duo_id, answered_on, submitted_at in recent:
        latest.setdefault(duo_id, (response_id, answered_on, submitted_at))
    if not latest:
        return []
    # Only the latest answers' two questions are read: a few rows per duo with a recent answer.
    answers = {}
    for answer in (Answer.objects.filter(response_id__in=[r for r, _d, _s in latest.values()],
                                         question__code__in=[FIT_CODE, CALL_CODE]).select_related("question")):
        answers.setdefault(answer.response_id, {})[answer.question.code] = answer
    poor = {duo_id: (answered_on, submitted_at) for duo_id, (rid, answered_on, submitted_at) in latest.items()
            if poor_fit(answers.get(rid, {}))}
    if not poor:
        return []
    found = []
    for duo in duos.filter(pk__in=list(poor)):
        answered_on, submitted_at = poor[duo.pk]
        noted = StaffNote.objects.filter(duo=duo, at__gt=submitted_at).exists()
        if noted:
            continue
        found.append(Alert(duo, "pairing_fit", _("Poor pairing fit reported on %(day)s.") % {
            "day": formats.date_format(answered_on, "SHORT_DATE_FORMAT")}, answered_on))
    return found
