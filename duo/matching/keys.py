"""The no-re-pair guard's keys: a person is known to PairBlock only by a keyed hash of their id.

The Person row and its id survive anonymisation (only names and contact details are wiped), so the
hash still finds the pair afterwards; without PAIR_GUARD_KEY the table says nothing about who.
"""

import hashlib
import hmac

from django.conf import settings


def person_key(person_id) -> str:
    return hmac.new(settings.PAIR_GUARD_KEY.encode(), f"person:{int(person_id)}".encode(), hashlib.sha256).hexdigest()


def block_pair(*, mentee_person_id, mentor_person_id, reason, by=None):
    """Record that these two people are never to be proposed to each other again; idempotent."""
    from .models import PairBlock

    block, _ = PairBlock.objects.get_or_create(
        mentee_key=person_key(mentee_person_id), mentor_key=person_key(mentor_person_id),
        defaults={"reason": reason, "created_by": by if by is not None and by.is_authenticated else None},
    )
    return block
