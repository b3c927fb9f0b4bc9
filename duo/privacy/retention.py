"""Retention: personal data is kept as long as its purpose needs it, then anonymised (duo.privacy.erasure).

Rules (settings.RETENTION, from the environment):
- never_matched: someone never in a duo (an applicant, mentee or mentor) is erased `never_matched_years` after
  their last activity: application, step in the pipeline, intake interview, information or training session.
- after_programme: someone who was in a duo, none of them still open, is erased `after_programme_years` after their
  last activity, the end of their last duo and their last outcome included (outcomes are followed up to a year on).
- contacts: an advocacy contact with no position open and neither an interaction nor a position (started or ended)
  for `contact_years` since they were recorded is erased (duo.advocacy.erasure; their interactions stay).
- logs: webhook deliveries already sent or given up, API calls and sign-in attempts older than `logs_days` are
  deleted (ids, paths and staff user names only; nothing anyone needs after a year).

Run daily by Celery beat (settings.CELERY_BEAT_SCHEDULE) or `manage.py apply_retention [--dry-run] [--today]`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from duo.people.models import Person

from .context import Actor, acting_as
from .erasure import ErasureError, person_erase
from .models import Erasure

NEVER_MATCHED, AFTER_PROGRAMME = "never_matched", "after_programme"
RULES = (NEVER_MATCHED, AFTER_PROGRAMME)


@dataclass
class Summary:
    today: datetime.date
    dry_run: bool
    due: dict[str, list[int]] = field(default_factory=lambda: {rule: [] for rule in RULES})
    refused: dict[int, str] = field(default_factory=dict)
    contacts: list[int] = field(default_factory=list)
    contacts_refused: dict[int, str] = field(default_factory=dict)
    logs: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        verb = "would anonymise" if self.dry_run else "anonymised"
        out = []
        for rule in RULES:
            ids = [pk for pk in self.due[rule] if pk not in self.refused]
            shown = ", ".join(f"#{pk}" for pk in ids[:50]) + (" …" if len(ids) > 50 else "")
            out.append(f"{rule}: {verb} {len(ids)} people" + (f" ({shown})" if ids else ""))
        for pk, why in self.refused.items():
            out.append(f"refused #{pk}: {why}")
        ids = [pk for pk in self.contacts if pk not in self.contacts_refused]
        shown = ", ".join(f"#{pk}" for pk in ids[:50]) + (" …" if len(ids) > 50 else "")
        out.append(f"contacts: {'would erase' if self.dry_run else 'erased'} {len(ids)} advocacy contacts"
                   + (f" ({shown})" if ids else ""))
        for pk, why in self.contacts_refused.items():
            out.append(f"refused contact #{pk}: {why}")
        verb = "would delete" if self.dry_run else "deleted"
        out.append(f"logs: {verb} " + ", ".join(f"{n} {label}" for label, n in self.logs.items()))
        return out

    def line(self) -> str:
        return f"retention {self.today:%Y-%m-%d}: " + "; ".join(self.lines())


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _latest(last: dict[int, datetime.date], rows: Iterable[tuple]):
    for person_id, value in rows:
        day = _as_date(value)
        if person_id is not None and day is not None and (person_id not in last or day > last[person_id]):
            last[person_id] = day


# (model, person lookup, date field): every dated trace of activity that belongs to a person.
ACTIVITY = [
    ("people.MenteeProfile", "person_id", "applied_on"), ("people.MenteeProfile", "person_id", "stage_changed_on"),
    ("people.MentorProfile", "person_id", "applied_on"), ("people.MentorProfile", "person_id", "stage_changed_on"),
    ("intake.Application", "person_id", "submitted_at"), ("intake.StageChange", "person_id", "at"),
    ("intake.IntakeInterview", "person_id", "held_on"), ("infosession.Registration", "person_id", "registered_at"),
    ("training.Attendance", "person_id", "registered_at"),
    ("journeys.Outcome", "duo__mentee__person_id", "observed_on"),
    ("journeys.Outcome", "duo__mentor__person_id", "observed_on"),
    ("journeys.Meeting", "duo__mentee__person_id", "held_on"), ("journeys.Meeting", "duo__mentor__person_id", "held_on"),
]


def last_activity() -> dict[int, datetime.date]:
    """Each person's latest dated trace (grouped in the database: one query per source)."""
    last: dict[int, datetime.date] = {}
    _latest(last, Person.objects.values_list("pk", "created_at"))
    for label, lookup, date_field in ACTIVITY:
        rows = apps.get_model(label).objects.order_by().values(lookup).annotate(day=Max(date_field))
        _latest(last, ((row[lookup], row["day"]) for row in rows))
    Duo = apps.get_model("journeys.Duo")
    for mentee, mentor, *days in Duo.objects.values_list("mentee__person_id", "mentor__person_id", "matched_on",
                                                         "started_on", "planned_end_on", "ended_on"):
        day = max(d for d in days if d is not None)
        _latest(last, [(mentee, day), (mentor, day)])
    return last


def due(today: datetime.date) -> dict[str, list[int]]:
    """Who each rule makes due today: ids, oldest activity first."""
    from duo.journeys.choices import OPEN_DUO_STATUSES

    Duo = apps.get_model("journeys.Duo")
    rules = settings.RETENTION
    limits = {NEVER_MATCHED: _years_before(today, rules["never_matched_years"]),
              AFTER_PROGRAMME: _years_before(today, rules["after_programme_years"])}
    in_duo, in_open_duo = set(), set()
    for mentee, mentor, status in Duo.objects.values_list("mentee__person_id", "mentor__person_id", "status"):
        in_duo |= {mentee, mentor}
        if status in OPEN_DUO_STATUSES:
            in_open_duo |= {mentee, mentor}
    erased = set(Erasure.objects.values_list("person_id", flat=True))
    last = last_activity()
    out: dict[str, list[int]] = {rule: [] for rule in RULES}
    for person_id, day in sorted(last.items(), key=lambda item: (item[1], item[0])):
        if person_id in erased or person_id in in_open_duo:
            continue
        rule = AFTER_PROGRAMME if person_id in in_duo else NEVER_MATCHED
        if day < limits[rule]:
            out[rule].append(person_id)
    return out


def contacts_due(today: datetime.date) -> list[int]:
    """Advocacy contacts the `contact_years` rule makes due: ids, oldest first."""
    limit = _years_before(today, settings.RETENTION["contact_years"])
    recorded_before = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
    Contact = apps.get_model("advocacy.Contact")
    found = Contact.objects.filter(erased_at__isnull=True, created_at__lt=recorded_before).annotate(
        open_positions=Count("positions", filter=Q(positions__ended_on__isnull=True)), met=Max("interactions__on"),
        started=Max("positions__started_on"), ended=Max("positions__ended_on"))
    for name in ("met", "started", "ended"):
        found = found.filter(Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lt": limit}))
    return list(found.filter(open_positions=0).order_by("created_at", "pk").values_list("pk", flat=True))


def _old_logs(today: datetime.date) -> dict[str, object]:
    cutoff = timezone.make_aware(datetime.datetime.combine(
        today - datetime.timedelta(days=settings.RETENTION["logs_days"]), datetime.time.min))
    Delivery = apps.get_model("webhooks.Delivery")
    found = {
        "webhook deliveries": Delivery.objects.filter(created_at__lt=cutoff).exclude(status=Delivery.Status.PENDING),
        "API calls": apps.get_model("api.TokenUse").objects.filter(at__lt=cutoff),
    }
    for name, label in (("sign-ins", "axes.AccessLog"), ("failed sign-ins", "axes.AccessFailureLog"),
                        ("sign-in lockouts", "axes.AccessAttempt")):
        try:
            found[name] = apps.get_model(label).objects.filter(attempt_time__lt=cutoff)
        except LookupError:  # django-axes not installed
            continue
    return found


def apply_retention(today: datetime.date | None = None, *, dry_run: bool = False) -> Summary:
    """Anonymise everyone due and delete old logs; with dry_run, only say what would happen."""
    today = today or timezone.localdate()
    summary = Summary(today=today, dry_run=dry_run, due=due(today), contacts=contacts_due(today))
    for name, qs in _old_logs(today).items():
        summary.logs[name] = qs.count() if dry_run else qs.delete()[0]
    if dry_run:
        return summary
    with acting_as(Actor(label="apply_retention")):
        for rule, ids in summary.due.items():
            for person in Person.objects.filter(pk__in=ids).order_by("pk").iterator(chunk_size=500):
                try:
                    person_erase(person=person, reason=f"retention: {rule}")
                except ErasureError as error:  # e.g. a duo opened since due() looked: next run decides again
                    summary.refused[person.pk] = str(error)
        _erase_contacts(summary)
    return summary


def _erase_contacts(summary: Summary) -> None:
    from duo.advocacy.erasure import contact_erase  # advocacy builds on privacy: imported when used, not at load

    Contact = apps.get_model("advocacy.Contact")
    for contact in Contact.objects.filter(pk__in=summary.contacts).order_by("pk").iterator(chunk_size=500):
        try:
            contact_erase(contact=contact, reason="retention: contacts")
        except ErasureError as error:  # the reason names them (a contact called "Retention"): left to a person
            summary.contacts_refused[contact.pk] = str(error)
