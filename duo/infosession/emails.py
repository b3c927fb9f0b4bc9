"""Emails about sessions, each in the language of the person who receives it, sent after commit.

Messages are built inside the transaction (so they describe what was saved) and handed to the
mail server only once it has committed: nobody is told about a seat that was rolled back.
"""

import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from duo.intake.links import applicant_url
from duo.people import consent
from duo.people.choices import ConsentPurpose

from . import calendar
from .choices import Mode

log = logging.getLogger(__name__)

# What each email says, by name: its templates are email/sessions/<name>_subject.txt and <name>.txt.
NAMES = ("invited", "registered", "changed", "cancelled")


def when(session) -> str:
    local = timezone.localtime(session.starts_at, calendar.TZ)
    return "%s, %s" % (formats.date_format(local, "l j F Y"), formats.time_format(local, "H:i"))


def session_message(*, session, person, name: str) -> EmailMessage | None:
    """The email `name` about `session` for `person`, or None if they have no address."""
    assert name in NAMES, name
    if not person.email or not programme_consent(person):
        return None
    language = person.preferred_language or "fr"
    link = applicant_url(person, language)
    with translation.override(language):
        context = {
            "person": person, "session": session, "title": session.title(), "summary": session.summary_text(),
            "when": when(session), "where": session.where(), "online": session.mode == Mode.ONLINE,
            "link": link,
        }
        subject = " ".join(render_to_string(f"email/sessions/{name}_subject.txt", context).split())
        body = render_to_string(f"email/sessions/{name}.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[person.email])
        if name != "cancelled":
            message.attach(calendar.filename(session, language),
                           calendar.session_calendar(session, language=language, personal_url=link),
                           "text/calendar")
    return message


def send_after_commit(messages) -> int:
    """Send once the change is committed; returns how many messages will go (people without email get none)."""
    messages = [m for m in messages if m is not None]
    if messages:
        transaction.on_commit(lambda: _send(messages))
    return len(messages)


def tell(*, session, people, name: str) -> int:
    """The same message (invited, registered, changed, cancelled) to each person, after commit."""
    return send_after_commit(session_message(session=session, person=p, name=name) for p in people)


def _send(messages) -> None:
    # The seats are saved whatever the mail server says: a failure is logged for the staff to follow up,
    # never turned into an error page after the change was made.
    try:
        get_connection().send_messages(messages)
    except Exception:
        log.exception("Could not send %d session emails", len(messages))


def programme_consent(person) -> bool:
    """Programme emails (sessions, matching, meeting-log links) stop once the person withdraws that consent."""
    return consent.granted(person, ConsentPurpose.PROGRAMME)
