"""A duo that stops (refused, ended early, closed) switches its meeting-log links off: a key should
not outlive the relationship it opens. A completed duo keeps them until closure, for the last meetings."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo

from .models import AccessLink

STOPPED = (DuoStatus.REFUSED, DuoStatus.ENDED_EARLY, DuoStatus.CLOSED)


@receiver(post_save, sender=Duo, dispatch_uid="meetinglog.revoke_links_of_stopped_duos")
def revoke_links_of_stopped_duos(sender, instance, **kwargs):
    if instance.status in STOPPED:
        AccessLink.objects.active().filter(duo=instance).update(revoked_at=timezone.now())
