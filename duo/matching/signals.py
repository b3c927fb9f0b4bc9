"""Duos that end badly become pair blocks, so the two people are never proposed to each other again."""

from django.db.models.signals import post_save

from duo.journeys.choices import DuoStatus, EndReason
from duo.people.signals import person_merged

from .keys import block_pair, person_key
from .models import PairBlock


def ended_badly(duo) -> bool:
    """The relationship did not work, or one of them refused the other after the introduction."""
    return duo.status == DuoStatus.REFUSED or (
        duo.status in (DuoStatus.ENDED_EARLY, DuoStatus.CLOSED) and duo.end_reason == EndReason.RELATIONSHIP
    )


def _duo_saved(sender, instance, raw=False, **kwargs):
    if raw or not ended_badly(instance):
        return
    people = type(instance).objects.filter(pk=instance.pk).values_list(
        "mentee__person_id", "mentor__person_id").first()
    if people:
        block_pair(mentee_person_id=people[0], mentor_person_id=people[1], reason=PairBlock.Reason.ENDED_BADLY)


post_save.connect(_duo_saved, sender="journeys.Duo", dispatch_uid="duo.matching.duo_ended_badly")


def _person_merged(sender, keep, drop, **kwargs):
    # Blocks know people only by keyed hashes, which no foreign key moves: copy the dropped record's.
    old, new = person_key(drop.pk), person_key(keep.pk)
    for block in PairBlock.objects.filter(mentee_key=old):
        PairBlock.objects.get_or_create(mentee_key=new, mentor_key=block.mentor_key,
                                        defaults={"reason": block.reason, "created_by": block.created_by})
    for block in PairBlock.objects.filter(mentor_key=old):
        PairBlock.objects.get_or_create(mentee_key=block.mentee_key, mentor_key=new,
                                        defaults={"reason": block.reason, "created_by": block.created_by})


person_merged.connect(_person_merged, dispatch_uid="duo.matching.blocks_follow_merge")
