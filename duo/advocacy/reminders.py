"""Follow-ups promised in interactions: which are open, which are due, and the daily reminder email.

Every morning (Celery beat, or `manage.py send_advocacy_reminders`) each owner of a follow-up due today or
overdue, and not done, gets one email listing all of theirs, in their own language, with links. Until it is
marked done a follow-up comes back in the next morning's email: a promise to a minister's office is not forgotten
because one email was.

Once per day per owner: each run is recorded as a `duo.jobs` Job of kind KIND with the day and the owners
emailed in its parameters (administrators see it in the jobs list), so a second run the same day — a retried
beat, a manual run — emails only owners who were not reminded yet that day.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from duo.accounts import roles, scoping
from duo.jobs.models import Job
from duo.jobs.registry import TITLES

from .models import Interaction

log = logging.getLogger(__name__)

KIND = "advocacy.follow_up_reminders"
TITLES.setdefault(KIND, _("Advocacy follow-up reminders"))
# The staff home shows what falls due within this many days.
SOON_DAYS = 7


def open_follow_ups():
    """Follow-ups promised and not done, soonest (so the overdue) first."""
    return (Interaction.objects.filter(follow_up_due__isnull=False, follow_up_done_at__isnull=True)
            .select_related("follow_up_owner", "campaign")
            .prefetch_related(Prefetch("stakeholders"))
            .order_by("follow_up_due", "on", "id"))


def due_follow_ups(today: datetime.date | None = None):
    """Open follow-ups due today or before, that have an owner to remind."""
    today = today or timezone.localdate()
    return open_follow_ups().filter(follow_up_due__lte=today, follow_up_owner__isnull=False)


def follow_ups_for_home(user, today: datetime.date | None = None) -> list:
    """The user's open follow-ups overdue or due within SOON_DAYS days, for the staff home."""
    if not scoping.has(user, roles.ADVOCACY_VIEW):
        return []
    today = today or timezone.localdate()
    return list(open_follow_ups().filter(follow_up_owner=user,
                                         follow_up_due__lte=today + datetime.timedelta(days=SOON_DAYS)))


def _absolute(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def digest_message(owner, follow_ups, today: datetime.date) -> EmailMessage:
    """One email listing `follow_ups` (all the owner's, due or overdue) in the owner's language."""
    lang = owner.language or settings.LANGUAGE_CODE
    with translation.override(lang):
        items = [{
            "interaction": i, "kind": i.get_kind_display(),
            "on": formats.date_format(i.on, "DATE_FORMAT"),
            "due": formats.date_format(i.follow_up_due, "DATE_FORMAT"),
            "days_late": (today - i.follow_up_due).days,
            "stakeholders": ", ".join(s.name for s in i.stakeholders.all()),
            "url": _absolute("advocacy:interaction", lang, pk=i.pk),
        } for i in follow_ups]
        context = {"owner": owner, "items": items, "count": len(items),
                   "follow_ups_url": _absolute("advocacy:follow_ups", lang)}
        subject = " ".join(render_to_string("email/advocacy/follow_ups_subject.txt", context).split())
        body = render_to_string("email/advocacy/follow_ups.txt", context)
    return EmailMessage(subject=subject, body=body, to=[owner.email])


@dataclass
class Summary:
    day: datetime.date
    sent: int = 0
    skipped: int = 0  # owners already reminded that day
    failed: int = 0
    owners: list = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.day.isoformat()}: {self.sent} reminder(s) sent, {self.skipped} owner(s) already reminded "
                f"today, {self.failed} failed")


def _groups(today):
    by_owner: dict = {}
    for interaction in due_follow_ups(today):
        owner = interaction.follow_up_owner
        if owner.is_active and owner.email:
            by_owner.setdefault(owner.pk, (owner, []))[1].append(interaction)
    return by_owner.values()


def send_reminders(today: datetime.date | None = None, *, dry_run: bool = False) -> Summary:
    """Email each owner the digest of their follow-ups due today or overdue; once per owner and day."""
    today = today or timezone.localdate()
    summary = Summary(day=today)
    with transaction.atomic():
        record = (Job.objects.select_for_update().filter(kind=KIND, params__day=today.isoformat())
                  .order_by("created_at").first())
        already = set(record.params.get("owners", [])) if record else set()
        for owner, follow_ups in _groups(today):
            if owner.pk in already:
                summary.skipped += 1
                continue
            if dry_run:
                summary.sent += 1
                continue
            try:
                digest_message(owner, follow_ups, today).send()
            except Exception:  # one unreachable address must not keep the others from their reminder
                log.exception("Could not send the follow-up reminder to user %s", owner.pk)
                summary.failed += 1
                continue
            summary.sent += 1
            summary.owners.append(owner.pk)
        if summary.owners:
            _record(record, today, summary)
    return summary


def _record(record, today, summary):
    now = timezone.now()
    if record is None:
        Job.objects.create(kind=KIND, params={"day": today.isoformat(), "owners": summary.owners},
                           state=Job.State.SUCCEEDED, progress=100, result={"sent": summary.sent},
                           started_at=now, finished_at=now)
        return
    record.params["owners"] = sorted(set(record.params.get("owners", [])) | set(summary.owners))
    record.result = {"sent": record.result.get("sent", 0) + summary.sent}
    record.finished_at = now
    record.save(update_fields=["params", "result", "finished_at"])
