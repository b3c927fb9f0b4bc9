"""The author's link to their testimonies: a signed token that opens their page without a password.

The token carries only the person's id, signed with the secret key and a salt of its own. It does
not expire: consent may be withdrawn at any time, so the link in an old email must keep working.
A forged or altered token opens nothing (the view answers 404).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "duo.testimony.author-link"


def token_for(person) -> str:
    return signing.dumps({"p": person.pk}, salt=SALT, compress=True)


def url_for(person, language: str | None = None) -> str:
    """The absolute URL of the person's testimony page, in their preferred language."""
    with translation.override(language or person.preferred_language or "fr"):
        path = reverse("testimony:voice", kwargs={"token": token_for(person)})
    return settings.SITE_URL + path


def person_from_token(token: str):
    """The person the token was made for, or None if it is forged or the person is gone."""
    from duo.people.models import Person

    try:
        data = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError):
        # ValueError: a value signed with this salt but without a timestamp (only the key can make one): refused
        # like a forged link rather than a server error.
        return None
    if not isinstance(data, dict):
        return None
    return Person.objects.filter(pk=data.get("p")).first()
