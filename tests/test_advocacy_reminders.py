"""The morning email about advocacy follow-ups: to their owner, once they are due, once a day, in the owner's
language, until they are done."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from duo.accounts.roles import Role
from duo.advocacy import reminders, services
from duo.advocacy.models import InteractionKind
from duo.jobs.models import Job
from tests.factories import UserFactory
from tests.factories_advocacy import StakeholderFactory

pytestmark = pytest.mark.django_db
MET = datetime.date(2026, 3, 2)
DUE = datetime.date(2026, 3, 9)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def officer(users):
    officer = users[Role.OFFICER]
    officer.full_name, officer.language = "Inès Peeters", "nl"
    officer.save()
    return officer


def _promise(by, owner, what, due=DUE, subject="Meeting at the cabinet"):
    return services.interaction_save(
        by=by, kind=InteractionKind.MEETING, on=MET, subject=subject, stakeholders=[StakeholderFactory()],
        follow_up=what, follow_up_due=due, follow_up_owner=owner)


def test_the_owner_is_emailed_only_once_the_follow_up_is_due(officer):
    meeting = _promise(officer, officer, "Send the regional figures")
    assert reminders.send_reminders(DUE - DAY).sent == 0
    assert mail.outbox == []

    summary = reminders.send_reminders(DUE)
    assert summary.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert "Send the regional figures" in message.body and "Meeting at the cabinet" in message.body
    # In the owner's language: the links open the Dutch pages.
    assert f"{settings.SITE_URL}/nl/staff/advocacy/interactions/{meeting.pk}/" in message.body
    assert f"{settings.SITE_URL}/nl/staff/advocacy/follow-ups/" in message.body


def test_one_digest_per_owner_and_nobody_else(officer, users):
    colleague = UserFactory(role=Role.OFFICER, language="fr")
    _promise(officer, officer, "Send the regional figures")
    _promise(officer, officer, "Book the hearing", due=DUE - 4 * DAY, subject="Letter to the committee")
    _promise(officer, colleague, "Call the union back", due=DUE + DAY)
    reminders.send_reminders(DUE)
    assert [m.to for m in mail.outbox] == [[officer.email]]
    body = mail.outbox[0].body
    assert "Send the regional figures" in body and "Book the hearing" in body and "Call the union" not in body


def test_a_follow_up_done_or_without_owner_is_not_reminded(officer):
    done = _promise(officer, officer, "Already sent")
    services.follow_up_done(by=officer, interaction=done)
    _promise(officer, None, "Nobody's promise")
    assert reminders.send_reminders(DUE + DAY).sent == 0 and mail.outbox == []


def test_once_a_day_then_again_the_next_morning_until_done(officer):
    meeting = _promise(officer, officer, "Send the regional figures")
    assert reminders.send_reminders(DUE).sent == 1
    again = reminders.send_reminders(DUE)  # a retried beat, a manual run
    assert again.sent == 0 and again.skipped == 1 and len(mail.outbox) == 1
    # The day's run is on record for the administrators' jobs list.
    record = Job.objects.get(kind=reminders.KIND, params__day=DUE.isoformat())
    assert record.params["owners"] == [officer.pk] and record.result == {"sent": 1}

    assert reminders.send_reminders(DUE + DAY).sent == 1  # overdue: reminded again
    services.follow_up_done(by=officer, interaction=meeting)
    assert reminders.send_reminders(DUE + 2 * DAY).sent == 0 and len(mail.outbox) == 2


def test_a_new_owner_due_later_the_same_day_still_gets_theirs(officer):
    colleague = UserFactory(role=Role.OFFICER)
    _promise(officer, officer, "Send the regional figures")
    reminders.send_reminders(DUE)
    _promise(officer, colleague, "Write the thank-you letter")
    assert reminders.send_reminders(DUE).sent == 1
    assert [m.to for m in mail.outbox] == [[officer.email], [colleague.email]]
    assert Job.objects.filter(kind=reminders.KIND).count() == 1


def test_the_command_and_its_dry_run(officer):
    _promise(officer, officer, "Send the regional figures")
    call_command("send_advocacy_reminders", "--today", DUE.isoformat(), "--dry-run")
    assert mail.outbox == [] and not Job.objects.filter(kind=reminders.KIND).exists()
    call_command("send_advocacy_reminders", "--today", DUE.isoformat())
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("send_advocacy_reminders", "--today", "9 March")


def test_the_celery_task_is_scheduled_daily(officer):
    from config.celery import app
    from duo.advocacy.tasks import send_reminders_task

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == send_reminders_task.name]
    assert len(entries) == 1
    assert send_reminders_task.name in app.tasks
    _promise(officer, officer, "Due long ago", due=MET)  # overdue whatever today is
    assert "1 reminder(s) sent" in send_reminders_task()
    assert mail.outbox[0].to == [officer.email]
