"""The email each person gets when the team accepts their duo, in their own language, after commit.

Each learns only the other's first name and that the coordinator will call to plan the introduction,
with a staff member present: nothing else about the other person travels by email.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from duo.infosession.emails import programme_consent, send_after_commit


def matched_message(*, person, other, side: str, duo) -> EmailMessage | None:
    """`side` is "mentee" or "mentor": whom the message is for. None without an address."""
    if not person.email or not programme_consent(person):
        return None
    language = person.preferred_language or "fr"
    with translation.override(language):
        context = {"person": person, "other_first_name": other.first_name, "antenna": duo.antenna.name}
        subject = " ".join(render_to_string(f"email/matching/matched_{side}_subject.txt", context).split())
        body = render_to_string(f"email/matching/matched_{side}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[person.email])


def tell_matched(*, duo) -> int:
    """Both people of a new duo, once the acceptance has committed; returns how many messages will go."""
    mentee, mentor = duo.mentee.person, duo.mentor.person
    return send_after_commit([
        matched_message(person=mentee, other=mentor, side="mentee", duo=duo),
        matched_message(person=mentor, other=mentee, side="mentor", duo=duo),
    ])
