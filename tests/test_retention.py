"""Retention: people past their period are anonymised, old technical logs deleted; --dry-run changes nothing."""

import datetime
import io
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from duo.api import services as api_services
from duo.api.models import TokenUse
from duo.intake.models import Application
from duo.people.models import Person
from duo.privacy import retention
from duo.privacy.models import AuditEvent, Erasure
from duo.webhooks import services as webhook_services
from duo.webhooks.models import Delivery

from .factories import DuoFactory, MenteeFactory, OutcomeFactory
from .factories_pipeline import ApplicationFactory

# Every record the factories write is dated around now; the runs below happen years later.
TODAY = timezone.localdate() + datetime.timedelta(days=365 * 10)


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def people(antenna):
    """One person per case, and what the default rules (2 years, 5 years) make of them on TODAY."""
    stale = MenteeFactory(person__antenna=antenna, person__first_name="Stale", stage="applied").person
    ApplicationFactory(person=stale)
    recent = MenteeFactory(person__antenna=antenna, person__first_name="Recent", stage="applied").person
    ApplicationFactory(person=recent, submitted_at=_aware(TODAY - datetime.timedelta(days=30)))
    ended = DuoFactory(antenna=antenna, status="completed", ended_on=timezone.localdate(),
                       mentee__person__first_name="Ended")
    followed = DuoFactory(antenna=antenna, status="completed", mentee__person__first_name="Followed")
    OutcomeFactory(duo=followed, observed_on=TODAY - datetime.timedelta(days=365 * 4))  # still within 5 years
    still_open = DuoFactory(antenna=antenna, status="active", mentee__person__first_name="Open")
    return {"stale": stale, "recent": recent, "ended": ended.mentee.person, "ended_mentor": ended.mentor.person,
            "followed": followed.mentee.person, "open": still_open.mentee.person}


@pytest.fixture
def logs(admin_user):
    subscription, _secret = webhook_services.subscription_create(
        by=admin_user, name="CRM", url="https://crm.example.org/hook", events=["duo.closed"])
    token, _raw = api_services.token_create(by=admin_user, name="Site", scopes=["indicators:read"],
                                            expires_on=timezone.localdate() + datetime.timedelta(days=300))

    def delivery(status, at):
        return Delivery.objects.create(subscription=subscription, event="duo.closed", event_id=uuid.uuid4(),
                                       status=status, payload={"id": "x"}, created_at=at)

    old = _aware(TODAY - datetime.timedelta(days=400))
    young = _aware(TODAY - datetime.timedelta(days=10))
    return {
        "old": [delivery(Delivery.Status.DELIVERED, old), TokenUse.objects.create(token=token, at=old, method="GET",
                                                                                path="/api/indicators/", status=200)],
        "kept": [delivery(Delivery.Status.DELIVERED, young), delivery(Delivery.Status.PENDING, old),
                 TokenUse.objects.create(token=token, at=young, method="GET", path="/api/indicators/", status=200)],
    }


def _erased(person) -> bool:
    return Erasure.objects.filter(person_id=person.pk).exists()


def test_who_is_due_under_each_rule(people):
    due = retention.due(TODAY)
    assert set(due[retention.NEVER_MATCHED]) == {people["stale"].pk}
    assert set(due[retention.AFTER_PROGRAMME]) == {people["ended"].pk, people["ended_mentor"].pk}


def test_a_dry_run_says_who_and_what_per_rule_and_changes_nothing(people, logs):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert f"never_matched: would anonymise 1 people (#{people['stale'].pk})" in text
    assert f"#{people['ended'].pk}" in text and f"#{people['ended_mentor'].pk}" in text
    assert "would delete 1 webhook deliveries, 1 API calls" in text
    assert not Erasure.objects.exists() and not AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).exists()
    assert Person.objects.get(pk=people["stale"].pk).first_name == "Stale"
    assert Delivery.objects.count() == 3 and TokenUse.objects.count() == 2


def test_the_run_anonymises_those_due_and_deletes_old_logs_only(people, logs):
    out = io.StringIO()
    call_command("apply_retention", "--today", TODAY.isoformat(), stdout=out)
    for key in ("stale", "ended", "ended_mentor"):
        person = Person.objects.get(pk=people[key].pk)
        assert _erased(person) and person.first_name == "", key
    for key in ("recent", "followed", "open"):
        assert not _erased(people[key]) and Person.objects.get(pk=people[key].pk).first_name, key
    assert Erasure.objects.get(person_id=people["stale"].pk).reason == "retention: never_matched"
    assert Erasure.objects.get(person_id=people["ended"].pk).reason == "retention: after_programme"
    assert {d.pk for d in Delivery.objects.all()} | {u.pk for u in TokenUse.objects.all()} == \
        {obj.pk for obj in logs["kept"]}
    # A second run finds nothing more to do.
    summary = retention.apply_retention(TODAY)
    assert summary.due == {retention.NEVER_MATCHED: [], retention.AFTER_PROGRAMME: []}


def test_the_periods_come_from_the_settings(people, settings):
    soon = timezone.localdate() + datetime.timedelta(days=400)  # more than a year, less than two
    assert retention.due(soon)[retention.NEVER_MATCHED] == []
    settings.RETENTION = {**django_settings.RETENTION, "never_matched_years": 1}
    assert people["stale"].pk in retention.due(soon)[retention.NEVER_MATCHED]


def test_an_application_counts_as_activity(people):
    Application.objects.filter(person=people["stale"]).update(submitted_at=_aware(TODAY - datetime.timedelta(days=5)))
    assert people["stale"].pk not in retention.due(TODAY)[retention.NEVER_MATCHED]


def test_a_bad_today_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("apply_retention", "--today", "31/12/2030")


def test_it_runs_daily():
    from celery import current_app

    import duo.privacy.tasks  # noqa: F401 (registers the task)

    entries = [e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "duo.privacy.apply_retention"]
    assert len(entries) == 1 and "duo.privacy.apply_retention" in current_app.tasks
