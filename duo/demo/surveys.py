"""The demo's surveys: the last few months of invitations the journeys called for, answered at believable
rates (lower for the follow-ups long after the end, varying by antenna), some by phone with the
coordinator (entered on their behalf), some declined, the latest still open, the older unanswered ones
expired — so that the response-rate pages, the duo pages and the pairing-fit alert show something true.

Everything goes through duo.survey.responses (the same use cases as the answering pages), so the demo
also exercises what follows a submission (a follow-up's outcome status becoming the duo's outcome).
Invitations are capped (MAX_INVITATIONS, the latest kept) so that seed_demo stays fast at any size.
"""

from __future__ import annotations

import datetime
import random
import zlib

from django.db.models import Q
from django.utils import timezone

from duo.accounts.models import User
from duo.journeys.lifecycle import add_months
from duo.journeys.models import Duo, Outcome
from duo.organisation.models import Antenna
from duo.people.models import MentorProfile
from duo.survey import logic, outcome_feed, responses, schedule
from duo.survey.models import INVITATION_DAYS, REMINDERS, Invitation, InvitationStatus, Response
from duo.survey.queries import as_logic

MONTHS = 14  # how far back the demo's waves go: far enough for a baseline and an end of the same duo
MAX_INVITATIONS = 1500  # enough for 14 months of a 600-duo organisation
# The share answered, per kind of questionnaire, before each antenna's own tendency.
ANSWERED = {
    "mentee_baseline": .78, "pairing_fit": .72, "mentee_end": .66, "mentor_end": .74, "why_ended": .45,
    "mentee_followup_6m": .55, "mentee_followup_12m": .46, "training_evaluation": .8,
}
DECLINED = .06
ON_BEHALF = .15  # of the answers: a coordinator called and typed them in
POOR_FIT = .1  # of pairing-fit answers: a duo that does not work, which the coordinator's week flags
OUTCOMES = (("job_permanent", 18), ("job_fixed_3m", 16), ("job_short", 8), ("job_temp_agency", 6),
            ("self_employed", 2), ("training", 12), ("internship", 4), ("searching", 28), ("unknown", 6))


def _weighted(rng, pairs):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def _antenna_lean(code: str) -> float:
    """Each antenna's own tendency, stable from run to run: -0.12 to +0.06. From its code, not its id: on
    PostgreSQL a rolled-back seeding leaves the id sequences moved on, and the same seed must give the same data."""
    return (zlib.crc32(code.encode()) % 19 - 12) / 100


# The five capitals start low and, for most mentees, rise by the end: the demo's before/after has something to show.
CAPITAL_CODES = {"network_help", "network_ask", "work_culture", "market_knowledge", "services_knowledge",
                 "language_work", "confidence", "autonomy", "career_plan"}
_LIKERT = {("mentee_baseline", True): "1222333345", ("mentee_end", True): "2333444455",
           ("mentee_followup_6m", True): "2333444455", ("mentee_followup_12m", True): "2334444555"}


def _answers(rng, questions: list[logic.Q], kind: str, answered_on: datetime.date, outcome: str | None) -> dict:
    """A valid, plausible set of answers: questions taken in order, conditions respected."""
    poor = kind == "pairing_fit" and rng.random() < POOR_FIT
    answers = {}
    for q in questions:
        if q.show_if_question and str(answers.get(q.show_if_question)) not in q.show_if_values:
            continue
        if q.type == logic.LIKERT:
            value = rng.choice("12" if poor else _LIKERT.get((kind, q.code in CAPITAL_CODES), "3444555"))
            if poor and q.code != "pairing_fit":
                value = rng.choice("123")
        elif q.code == "outcome_status":
            value = outcome or _weighted(rng, OUTCOMES)
        elif q.code == "call_me":
            value = "yes" if poor and rng.random() < .6 else "no"
        elif q.type == logic.SINGLE:
            value = rng.choice(q.choices)
        elif q.type == logic.MULTIPLE:
            if not q.required and rng.random() < .7:
                continue
            value = [rng.choice(q.choices)]
        elif q.type == logic.NUMBER:
            low, high = int(q.minimum or 0), int(q.maximum or 10)
            value = str(rng.randint(max(low, 20), min(high, 38)) if q.code == "job_hours"
                        else rng.randint(max(low, 1), min(high, 6)))
        elif q.type == logic.DATE:
            value = (answered_on - datetime.timedelta(days=rng.randint(10, 150))).isoformat()
        else:
            continue  # free text is optional; the demo leaves it to real people
        answers[q.code] = value
    return answers


def _due(today: datetime.date, since: datetime.date, instruments: dict):
    """(instrument, person, duo or None, due_on) for every survey due in (since, today]."""
    reach = add_months(since, -schedule.LONGEST_AFTER_END)
    duos = (Duo.objects.filter(Q(started_on__gt=add_months(since, -schedule.LONGEST_AFTER_START),
                                 started_on__lte=today) | Q(ended_on__gt=reach, ended_on__lte=today))
            .select_related("mentee__person", "mentor__person").order_by("pk"))
    for duo in duos.iterator(chunk_size=2000):
        for due in schedule.due_dates(status=duo.status, started_on=duo.started_on, ended_on=duo.ended_on,
                                      end_reason=duo.end_reason):
            if due.kind in instruments and since < due.due_on <= today:
                person = duo.mentee.person if due.side == "mentee" else duo.mentor.person
                yield instruments[due.kind], person, duo, due.due_on
    mentors = (MentorProfile.objects.filter(training_completed_on__gt=since, training_completed_on__lte=today)
               .select_related("person").order_by("pk"))
    for mentor in mentors:
        for due in schedule.training_due(mentor.training_completed_on):
            if due.kind in instruments and since < due.due_on <= today:
                yield instruments[due.kind], mentor.person, None, due.due_on


def surveys(seeder) -> dict:
    started = timezone.now()  # only the outcomes this run records are re-dated
    # Its own generator, derived without drawing from the seeder's: the rest of the demo stays the same.
    rng, today = random.Random(repr(seeder.rng.getstate()[1][40:48])), seeder.today
    instruments = schedule.instruments_by_kind()
    since = add_months(today, -MONTHS)
    wanted = sorted(_due(today, since, instruments), key=lambda d: (d[3], d[1].pk, d[0].code), reverse=True)
    wanted = list(reversed(wanted[:MAX_INVITATIONS]))
    refused = schedule.refused_among({p.pk for _i, p, _d, _day in wanted})
    staff = User.objects.in_bulk([pk for pk in seeder.coordinators.values()])
    fallback = User.objects.filter(role="administrator").order_by("pk").first()
    by_antenna = {seeder.antennas[code].pk: staff.get(pk) for code, pk in seeder.coordinators.items()}
    known = {}  # the duo's recorded outcome, per horizon: the follow-up answers agree with it
    for duo_id, horizon, category in Outcome.objects.filter(
            duo_id__in={d.pk for _i, _p, d, _day in wanted if d is not None}).values_list("duo_id", "horizon",
                                                                                           "category"):
        known[(duo_id, horizon)] = category
    questions, counts, dates = {}, {"survey_invitations": 0, "survey_responses": 0}, []
    codes = dict(Antenna.objects.values_list("pk", "code"))
    for instrument, person, duo, due_on in wanted:
        if person.pk in refused:
            continue
        invitation, _token = responses.invitation_create(instrument=instrument, person=person, due_on=due_on,
                                                         duo=duo)
        counts["survey_invitations"] += 1
        age = (today - due_on).days
        share = max(.15, min(.95, ANSWERED.get(instrument.kind, .6) + _antenna_lean(codes[invitation.antenna_id])))
        # The latest invitations have had less time: part of their answers is still to come.
        chance = share * min(1, .35 + age / INVITATION_DAYS)
        draw = rng.random()
        waited = age  # days the invitation stayed open: the reminders went out weekly meanwhile
        if draw < chance:
            answered_on = min(today, due_on + datetime.timedelta(days=rng.randint(0, min(age, 25))))
            horizon = {"mentee_followup_6m": "6m", "mentee_followup_12m": "12m"}.get(instrument.kind)
            outcome = known.get((duo.pk, horizon)) if duo is not None and horizon else None
            if outcome is None and duo is not None and horizon:
                outcome = known.get((duo.pk, "6m")) or known.get((duo.pk, "end"))
            if invitation.version_id not in questions:
                questions[invitation.version_id] = as_logic(invitation.version)
            answers = _answers(rng, questions[invitation.version_id], instrument.kind, answered_on, outcome)
            by = by_antenna.get(invitation.antenna_id) or fallback
            if by is not None and rng.random() < ON_BEHALF:
                responses.response_enter(invitation=invitation, answers=answers, by=by, answered_on=answered_on)
            else:
                response = responses.response_submit(invitation=invitation, answers=answers)
                dates.append((response.pk, answered_on))
            counts["survey_responses"] += 1
            waited = (answered_on - due_on).days
        elif draw < chance + DECLINED:
            responses.invitation_decline(invitation=invitation)
            waited = min(age, rng.randint(0, 10))
        # Dated after answering: the use cases refuse an expired link, as they should.
        sent = timezone.make_aware(datetime.datetime.combine(due_on, datetime.time(9, 30)))
        reminders = min(REMINDERS, waited // 7)
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=sent, sent_at=sent, expires_at=sent + datetime.timedelta(days=INVITATION_DAYS),
            reminders_sent=reminders, last_sent_at=sent + datetime.timedelta(days=7 * reminders))
    _backdate(dates, started)
    return counts


def _backdate(dates, started):
    """Answers through the link are stamped today by the use case; the demo's were given on their own day
    (and so was the outcome a follow-up recorded from them). One update per day, not per answer."""
    by_day = {}
    for response_id, answered_on in dates:
        by_day.setdefault(answered_on, []).append(response_id)
    recorded_today = Outcome.objects.filter(source="mentee_survey", recorded_by__isnull=True,
                                            observed_on=timezone.localdate())
    for answered_on, ids in by_day.items():
        at = timezone.make_aware(datetime.datetime.combine(answered_on, datetime.time(19, 0)))
        Response.objects.filter(pk__in=ids).update(answered_on=answered_on, submitted_at=at)
        Invitation.objects.filter(response__pk__in=ids, status=InvitationStatus.COMPLETED).update(completed_at=at)
        followups = Response.objects.filter(pk__in=ids, version__instrument__kind__in=outcome_feed.HORIZONS)
        # The outcome at that response's horizon only: a duo answering its 6- and 12-month follow-ups on
        # different days has two outcomes recorded today, and each keeps its own day.
        for duo_id, kind in followups.values_list("duo_id", "version__instrument__kind"):
            recorded_today.filter(duo_id=duo_id, horizon=outcome_feed.HORIZONS[kind],
                                  created_at__gte=started).update(observed_on=answered_on)
