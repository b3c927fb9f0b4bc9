"""The applicant's personal link: a signed token that opens their page without a password.

The token carries only the person's id and link generation (duo.people.links) and is signed with the secret key
and a salt of its own; it expires after six months, and a new generation switches it off at once; people who left
the pipeline see a neutral page (the portal decides).
"""

from django.conf import settings
from django.core import signing
from django.utils import translation
from django.urls import reverse

from duo.people import links as generations

SALT = "duo.intake.applicant-link"
MAX_AGE = 60 * 60 * 24 * 180  # six months: the time from application to the first match, with margin


def applicant_token(person) -> str:
    return signing.dumps(generations.payload(person), salt=SALT, compress=True)


def applicant_url(person, language: str | None = None) -> str:
    """The absolute link for emails, in the person's language unless another is asked for."""
    with translation.override(language or person.preferred_language):
        path = reverse("portal:home", kwargs={"token": applicant_token(person)})
    return settings.SITE_URL + path


def _unexpired(token: str):
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):
        # ValueError: a value signed with this salt but without a timestamp (only the key can make one): refused
        # like a forged link rather than a server error.
        return None


def person_from_token(token: str):
    """The person the token was made for, or None if it is forged, expired or revoked (an older generation)."""
    from duo.people.models import Person

    person, state = generations.check(_unexpired(token), Person.objects.select_related("antenna"))
    return person if state == generations.CURRENT else None


def revoked_link_person(token: str):
    """The person of a genuine, unexpired link of an older generation (their page then says it no longer works),
    or None."""
    person, state = generations.check(_unexpired(token))
    return person if state == generations.REVOKED else None


def expired_link_person(token: str):
    """The person of a genuine link that has outlived MAX_AGE (their page then says so), or None: forged, altered,
    still valid, or the person is gone."""
    from duo.people.models import Person

    try:
        signing.loads(token, salt=SALT, max_age=MAX_AGE)
        return None
    except signing.SignatureExpired:
        data = signing.loads(token, salt=SALT)  # the signature is good: only its age was refused
    except (signing.BadSignature, ValueError):
        return None
    return Person.objects.filter(pk=data.get("p")).first() if isinstance(data, dict) else None
