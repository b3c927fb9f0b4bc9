"""The author's link to their testimonies: a signed token that opens their page without a password.

The token carries only the person's id and link generation (duo.people.links), signed with the secret key and a
salt of its own. It does not expire: consent may be withdrawn at any time, so the link in an old email must keep
working — until staff switch the person's links off (a new generation), when it opens a page that says so.
A forged or altered token opens nothing (the view answers 404).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from duo.people import links as generations

SALT = "duo.testimony.author-link"


def token_for(person) -> str:
    return signing.dumps(generations.payload(person), salt=SALT, compress=True)


def url_for(person, language: str | None = None) -> str:
    """The absolute URL of the person's testimony page, in their preferred language."""
    with translation.override(language or person.preferred_language or "fr"):
        path = reverse("testimony:voice", kwargs={"token": token_for(person)})
    return settings.SITE_URL + path


def _genuine(token: str):
    try:
        return signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError):
        # ValueError: a value signed with this salt but without a timestamp (only the key can make one): refused
        # like a forged link rather than a server error.
        return None


def person_from_token(token: str):
    """The person the token was made for, or None if it is forged, revoked (an older generation) or the person is
    gone."""
    person, state = generations.check(_genuine(token))
    return person if state == generations.CURRENT else None


def revoked_link_person(token: str):
    """The person of a genuine link of an older generation (the page then says it no longer works), or None."""
    person, state = generations.check(_genuine(token))
    return person if state == generations.REVOKED else None
