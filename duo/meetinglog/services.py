"""The meeting log's changes. Each function is one transaction, checks who is acting, and raises
MeetingLogError (a message for the user, nothing changed) for a request that cannot be done."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.journeys.choices import OPEN_DUO_STATUSES, LoggedBy
from duo.journeys.models import Meeting

from . import emails, tokens
from .models import AccessLink


class MeetingLogError(Exception):
    pass


def side_of(duo, person) -> str | None:
    """"mentor" or "mentee" if the person is one of the duo, else None."""
    if person.pk == duo.mentor.person_id:
        return LoggedBy.MENTOR
    if person.pk == duo.mentee.person_id:
        return LoggedBy.MENTEE
    return None


def link_url(token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("meetinglog:log", kwargs={"token": token})
    return settings.SITE_URL + path


@transaction.atomic
def link_issue(*, duo, person, by) -> str:
    """A new link for `person` in `duo`, emailed to them after commit; returns its absolute URL.

    Their earlier links for this duo are revoked: the newest email is the only key that works."""
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    if side_of(duo, person) is None:
        raise MeetingLogError(_("This person is not part of the duo."))
    if duo.status not in OPEN_DUO_STATUSES:
        raise MeetingLogError(_("This duo is no longer running: no meeting-log link can be sent."))
    now = timezone.now()
    AccessLink.objects.active(now).filter(duo=duo, person=person).update(revoked_at=now)
    token, digest = tokens.new_token()
    link = AccessLink.objects.create(duo=duo, person=person, token_hash=digest, created_by=by, created_at=now)
    url = link_url(token, person.preferred_language or "fr")
    emails.send_link(link=link, url=url)
    return url


@transaction.atomic
def link_revoke(*, link, by) -> AccessLink:
    if not scoping.can_change(by, link.duo):
        raise scoping.NotAllowed
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def check_day(duo, day):
    """The date rule of every meeting: not in the future, not before the duo was matched."""
    if day > timezone.localdate():
        raise MeetingLogError(_("A meeting cannot be in the future."))
    first = min(d for d in (duo.matched_on, duo.started_on) if d)
    if day < first:
        raise MeetingLogError(_("This date is before the duo was formed."))


def _create(*, duo, held_on, duration_minutes, mode, topics, note, logged_by) -> Meeting:
    check_day(duo, held_on)
    return Meeting.objects.create(duo=duo, held_on=held_on, duration_minutes=duration_minutes, mode=mode,
                                  topics=sorted(set(topics)), note=note, logged_by=logged_by)


@transaction.atomic
def meeting_log(*, link, held_on, duration_minutes, mode, topics, note="") -> Meeting:
    """A meeting logged from a personal link, by the mentor or mentee it was sent to."""
    link = AccessLink.objects.select_for_update().select_related("duo__mentor", "duo__mentee").get(pk=link.pk)
    if not link.is_active:
        raise MeetingLogError(_("This link no longer works."))
    side = side_of(link.duo, link.person)
    if side is None:  # the duo's people cannot change, but a link must never outlive that rule
        raise MeetingLogError(_("This link no longer works."))
    return _create(duo=link.duo, held_on=held_on, duration_minutes=duration_minutes, mode=mode, topics=topics,
                   note=note, logged_by=side)


@transaction.atomic
def meeting_enter(*, duo, by, held_on, duration_minutes, mode, topics, note="") -> Meeting:
    """A meeting a coordinator enters (told by phone, say)."""
    if not scoping.can_change(by, duo):
        raise scoping.NotAllowed
    return _create(duo=duo, held_on=held_on, duration_minutes=duration_minutes, mode=mode, topics=topics,
                   note=note, logged_by=LoggedBy.COORDINATOR)


def touch(link) -> None:
    """Remember when the link was last opened (a plain update: no audit event, no signal)."""
    AccessLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
