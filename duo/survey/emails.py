"""The survey invitation and its reminders, in the invitation's language, each with a fresh personal link.

Built inside the transaction that records the sending, handed to the mail server after commit
(duo.infosession.emails.send_after_commit): nobody gets a link whose token was rolled back.
"""

import math

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from duo.infosession.emails import send_after_commit

# Reading and answering one question on a phone, on average: how long the email says the survey takes.
SECONDS_PER_QUESTION = 20
NAMES = ("invitation", "reminder")


def _url(name: str, token: str, lang: str) -> str:
    with translation.override(lang):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def answer_url(token: str, lang: str) -> str:
    """The absolute link that opens the questionnaire (no login), in `lang`."""
    return _url("survey_answer:answer", token, lang)


def decline_url(token: str, lang: str) -> str:
    return _url("survey_answer:decline", token, lang)


def minutes(version) -> int:
    """About how many minutes the questionnaire takes, counting every question (some may be skipped)."""
    return max(2, math.ceil(version.questions.count() * SECONDS_PER_QUESTION / 60))


def testimony_url(person) -> str:
    """The author's link to their testimonies: every survey email carries it, so consent to a quote can be
    withdrawn from any of them."""
    from duo.testimony.links import url_for  # late: the testimony app imports survey models

    return url_for(person)


def survey_message(*, invitation, token: str, name: str) -> EmailMessage | None:
    """The email `name` (invitation or reminder) for `invitation`, or None if the person has no address."""
    assert name in NAMES, name
    person = invitation.person
    if not person.email:
        return None
    language = invitation.language or person.preferred_language or "fr"
    instrument = invitation.version.instrument
    with translation.override(language):
        context = {
            "person": person, "title": instrument.title, "description": instrument.description,
            "url": answer_url(token, language), "decline_url": decline_url(token, language),
            "minutes": minutes(invitation.version),
            "expires": formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
            "antenna": invitation.antenna.name, "testimony_url": testimony_url(person),
            "reminder": invitation.reminders_sent,
        }
        subject = " ".join(render_to_string(f"email/survey/{name}_subject.txt", context).split())
        body = render_to_string(f"email/survey/{name}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[person.email])


def send(*, invitation, token: str, name: str) -> int:
    """Queue the email for after commit; returns 1 if it will go, 0 if the person has no address."""
    return send_after_commit([survey_message(invitation=invitation, token=token, name=name)])
