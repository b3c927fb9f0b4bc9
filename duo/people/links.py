"""The generation of a person's personal links: how a link signed with their id can still be switched off.

The applicant's portal link (duo.intake.links) and the testimony author's link (duo.testimony.links) carry the
person's id and their `Person.link_generation`, signed. Nothing about a link is stored, so one leaked link cannot be
revoked by itself; raising the generation (duo.people.services.links_revoke, and erasure) switches off every link
already sent, and the next email carries links of the new generation.

Links sent before generations existed carry none: they count as generation 0, so they keep working until the first
revocation. The consent link (duo.people.consent) deliberately carries no generation: see token_for there.
"""

from django.db import models
from django.db.models import F

CURRENT = "current"
REVOKED = "revoked"


def payload(person) -> dict:
    """What a generation-aware link signs."""
    return {"p": person.pk, "g": person.link_generation}


def check(data, people=None):
    """(person, CURRENT) for a link of the person's present generation, (person, REVOKED) for an older one,
    (None, None) for a payload naming nobody (or not made by Duo: only the key can sign a generation from the
    future, and such a link is treated like a forged one)."""
    from .models import Person

    if not isinstance(data, dict) or type(data.get("p")) is not int:
        return None, None
    generation = data.get("g", 0)
    if type(generation) is not int:
        return None, None
    person = (people if people is not None else Person.objects).filter(pk=data["p"]).first()
    if person is None or generation > person.link_generation:
        return None, None
    return person, (CURRENT if generation == person.link_generation else REVOKED)


def bump(person) -> int:
    """Raise the person's generation (one atomic UPDATE inside the caller's transaction); returns the new one.

    A plain update, so `updated_at` stays put (a colleague editing the person's file is not told that someone changed
    it) and the caller writes the audit event that says why."""
    from .models import Person

    models.QuerySet.update(Person.objects.filter(pk=person.pk), link_generation=F("link_generation") + 1)
    person.link_generation = Person.objects.filter(pk=person.pk).values_list("link_generation", flat=True).get()
    return person.link_generation

