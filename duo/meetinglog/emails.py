"""The email carrying a meeting-log link, in the language of the person it is for, sent after commit."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, translation

from duo.infosession.emails import programme_consent, send_after_commit


def link_message(*, link, url: str) -> EmailMessage | None:
    person = link.person
    if not person.email or not programme_consent(person):
        return None
    language = person.preferred_language or "fr"
    with translation.override(language):
        context = {"person": person, "url": url, "antenna": link.duo.antenna.name,
                   "expires": formats.date_format(link.expires_at, "DATE_FORMAT")}
        subject = " ".join(render_to_string("email/meetinglog/link_subject.txt", context).split())
        body = render_to_string("email/meetinglog/link.txt", context)
    return EmailMessage(subject=subject, body=body, to=[person.email])


def send_link(*, link, url: str) -> int:
    return send_after_commit([link_message(link=link, url=url)])
