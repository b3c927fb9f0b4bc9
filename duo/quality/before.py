"""The measures of the first four standards — recruitment, screening, training, matching and
initiating — each group counted in one grouped query, for the antennas the caller scoped (None: the
whole organisation) and a period."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from duo.infosession.models import Registration
from duo.intake.models import IntakeInterview, StageChange
from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo, DuoTransition
from duo.people.models import MenteeProfile, MentorProfile

from .base import AGREEMENT_DAYS, INTAKE_TO_MATCH, Measure, scoped, share
from .sql import DaysBetween, days_histogram, grouped, median_from_counts

PROFILES = {"mentee": MenteeProfile, "mentor": MentorProfile}


def _applicants(kind, antenna_ids, period):
    """People who applied on this side in the period, each with whether they attended an information
    session and the days from their application to their intake interview (None: not yet).

    The interview is the first recorded on or after the application; when none was recorded (older
    and imported records, the demo), the day the pipeline marked "intake interview done"."""
    person = OuterRef("person_id")
    interview = (IntakeInterview.objects.filter(person=person, kind=kind, held_on__gte=OuterRef("applied_on"))
                 .order_by("held_on").values("held_on")[:1])
    step = (StageChange.objects.filter(person=person, kind=kind, to_stage="intake_done",
                                       at__gte=OuterRef("applied_on"))
            .order_by("at").annotate(day=TruncDate("at")).values("day")[:1])
    attended = (Exists(Registration.objects.filter(person=person, attended=True))
                | Exists(StageChange.objects.filter(person=person, kind=kind, to_stage="info_session")))
    qs = scoped(PROFILES[kind].objects.filter(applied_on__range=(period.start, period.end)), "person__antenna_id",
                antenna_ids)
    return grouped(qs, info=ExpressionWrapper(attended, output_field=BooleanField()),
                   days=DaysBetween(Coalesce(Subquery(interview), Subquery(step)), F("applied_on")))


def recruitment_and_screening(antenna_ids, period, today) -> list[Measure]:
    rows = {kind: _applicants(kind, antenna_ids, period) for kind in PROFILES}
    every = rows["mentee"] + rows["mentor"]
    n = sum(r["n"] for r in every)
    waits = days_histogram(every)
    interviewed = sum(waits.values())
    counted = [
        Measure(f"applications_{kind}", label, _("People who applied on this side in the period (the application date "
                                                 "of their file); someone who applies as mentor and mentee counts on "
                                                 "each side."), "count", sum(r["n"] for r in rows[kind]),
                sum(r["n"] for r in rows[kind]))
        for kind, label in (("mentee", _("Mentees who applied")), ("mentor", _("Mentors who applied")))]
    return [
        *counted,
        share("info_session", _("Applicants who attended an information session"),
              _("People who applied in the period whose attendance at an information session was taken, or whose "
                "pipeline recorded the step “info session attended”."), sum(r["n"] for r in every if r["info"]), n),
        Measure("application_to_interview", _("Median days from application to intake interview"),
                _("People who applied in the period and have had an intake interview: days from the application to "
                  "the first interview recorded after it (or, when none was recorded, to the day the pipeline marked "
                  "“intake interview done”)."), "days", median_from_counts(waits), interviewed),
        share("applicants_interviewed", _("Applicants interviewed"),
              _("People who applied in the period who have had an intake interview since, as for the median above."),
              interviewed, n),
    ]


def training(antenna_ids, period, today) -> list[Measure]:
    matched = scoped(Duo.objects.filter(matched_on__range=(period.start, period.end)), "antenna_id", antenna_ids)
    first = Duo.objects.filter(mentor=OuterRef("pk")).order_by("matched_on").values("matched_on")[:1]
    totals = (MentorProfile.objects.filter(pk__in=matched.values("mentor_id")).annotate(first=Subquery(first))
              .aggregate(n=Count("pk"), yes=Count("pk", filter=Q(training_completed_on__lte=F("first")))))
    return [share("trained_before_match", _("Mentors trained before their first duo"),
                  _("Mentors with a duo matched in the period whose training was completed on or before the day of "
                    "their first match ever."), totals["yes"], totals["n"])]


def _intake_on():
    """The mentee's intake: their latest intake interview on or before the match, or the day they
    became ready for matching when no interview was recorded (the demo data records none)."""
    interview = (IntakeInterview.objects.filter(person=OuterRef("mentee__person_id"), kind="mentee",
                                                held_on__lte=OuterRef("matched_on"))
                 .order_by("-held_on").values("held_on")[:1])
    return Coalesce(Subquery(interview), F("mentee__ready_on"))


def matching(antenna_ids, period, today) -> list[Measure]:
    duos = scoped(Duo.objects.filter(matched_on__range=(period.start, period.end)), "antenna_id", antenna_ids)
    waits = days_histogram(grouped(duos, days=DaysBetween(F("matched_on"), _intake_on())),
                           where=lambda row: row["days"] >= 0)
    # Introductions in the period, one row per duo and step. Only "introduced", "agreement_signed" and
    # "refused" are read, so a step added between them changes nothing here.
    later = DuoTransition.objects.filter(duo=OuterRef("duo_id"))
    signed = later.filter(to_status=DuoStatus.AGREEMENT_SIGNED).order_by("on").values("on")[:1]
    introduced = scoped(DuoTransition.objects.filter(to_status=DuoStatus.INTRODUCED,
                                                     on__range=(period.start, period.end)), "duo__antenna_id",
                        antenna_ids)
    judged_by = today - datetime.timedelta(days=AGREEMENT_DAYS)
    rows = grouped(introduced, refused=Exists(later.filter(to_status=DuoStatus.REFUSED)),
                   judged=ExpressionWrapper(Q(on__lte=judged_by), output_field=BooleanField()),
                   wait=DaysBetween(Subquery(signed), F("on")))
    judged = [r for r in rows if r["judged"] and not r["refused"]]
    return [
        Measure("intake_to_match", _("Median days from intake to match"),
                _("Duos matched in the period: days from the mentee's intake interview (the latest before the match; "
                  "when none is recorded, the day the mentee became ready for matching) to the match."),
                "days", median_from_counts(waits), sum(waits.values()), target=INTAKE_TO_MATCH),
        share("agreement_14_days", _("Agreements signed within 14 days of the introduction"),
              _("Duos introduced in the period, at least 14 days ago, and not refused: those whose agreement was "
                "signed at most 14 days after the introduction."),
              sum(r["n"] for r in judged if r["wait"] is not None and r["wait"] <= AGREEMENT_DAYS),
              sum(r["n"] for r in judged)),
        share("refusals", _("Refusals after the introduction"),
              _("Duos introduced in the period that the mentor or the mentee refused afterwards."),
              sum(r["n"] for r in rows if r["refused"]), sum(r["n"] for r in rows)),
    ]
