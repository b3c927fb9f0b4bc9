"""The email an author receives when their testimony is recorded: the quote, the use they agreed to,
and their link to withdraw it at any time. In their language, sent after commit."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from duo.infosession.emails import send_after_commit

from . import links


def recorded_message(testimony) -> EmailMessage | None:
    person = testimony.person
    if not person.email:
        return None
    language = person.preferred_language or "fr"
    with translation.override(language):
        context = {"person": person, "testimony": testimony, "url": links.url_for(person, language),
                   "consent": testimony.get_consent_display()}
        subject = " ".join(render_to_string("email/testimony/recorded_subject.txt", context).split())
        body = render_to_string("email/testimony/recorded.txt", context)
    return EmailMessage(subject=subject, body=body, to=[person.email])


def send_recorded(testimony) -> int:
    return send_after_commit([recorded_message(testimony)])
