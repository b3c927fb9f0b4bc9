"""Receiving an application from the public form: one person, their profile, the verdict, consent.

Anyone may apply, so there is no permission to check; what protects the intake instead is the
spam trap (in the form) and a limit on submissions per address (here, in the cache). The public
form never tells whether an email address is already known: every application creates a new
person, and the pipeline finds the duplicates afterwards.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from duo.core import security
from duo.organisation.models import Antenna
from duo.people.choices import Channel, ConsentPurpose
from duo.people.models import MenteeProfile, MentorProfile, Person, PersonLanguage
from duo.reference.models import Place, PostalCode
from duo.webhooks.events import emit

from . import eligibility, links, verdicts
from .choices import Kind
from .consent import consent_records
from .models import Application, StageChange

log = logging.getLogger(__name__)

RATE_WINDOW = security.RATE_WINDOW  # seconds: settings.APPLY_RATE_LIMIT is "per hour"

PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth", "gender", "gender_self_described",
                 "postal_code", "antenna", "preferred_language")
SENSITIVE_FIELDS = ("nationality_background", "origin_region", "residence_route")
PROFILE_FIELDS = {
    Kind.MENTEE: ("education_level", "diploma_recognition", "target_occupation", "no_precise_plan",
                  "employment_service", "unemployment_duration", "availability", "goals", "interests",
                  "working_style"),
    Kind.MENTOR: ("career_occupation", "status", "max_duos", "availability", "strength_areas", "interests",
                  "working_style"),
}


class RateLimited(Exception):
    """Too many applications from one address within the hour."""


# --- rate limit ---------------------------------------------------------------------------------

# The helpers live in duo.core.security, shared with the other public forms and personal links.
client_ip = security.client_ip


def rate_limited(ip: str | None) -> bool:
    return security.over_limit("apply", ip, settings.APPLY_RATE_LIMIT)


def count_submission(ip: str | None) -> None:
    """One more submission from this address; the window starts with the first one."""
    security.count("apply", ip)


# --- where the applicant lives --------------------------------------------------------------------

def _country(postal_code: str) -> str:
    return "FR" if len(postal_code) == 5 else "BE"


def nearest_antenna(postal_code: str):
    """The active antenna nearest to a postal code, or None when it cannot be told.

    Distances use the imported places' coordinates (reference.Place); without them, a country with
    a single active antenna still has an answer.
    """
    candidates = [a for a in Antenna.objects.filter(is_active=True).select_related("region")
                  if a.region.country == _country(postal_code)]
    codes = {postal_code} | {a.postal_code for a in candidates if a.latitude is None or a.longitude is None}
    where = {}
    for code, lat, lon in Place.objects.filter(postal_code__in=codes).order_by("pk").values_list(
            "postal_code", "latitude", "longitude"):
        where.setdefault(code, (lat, lon))
    home = where.get(postal_code)
    if home:
        located = []
        for antenna in candidates:
            office = ((antenna.latitude, antenna.longitude) if antenna.latitude is not None
                      and antenna.longitude is not None else where.get(antenna.postal_code))
            if office:
                located.append((eligibility.distance_km(*home, *office), antenna.pk, antenna))
        if located:
            return min(located)[2]
    return candidates[0] if len(candidates) == 1 else None


# --- the use case ---------------------------------------------------------------------------------

@transaction.atomic
def application_receive(*, kind: str, data: dict, language: str, channel: str = Channel.WEB,
                        ip: str | None = None) -> Application:
    """Store one application from the cleaned form `data` and send its confirmation after commit.

    `data` holds the person's fields (PERSON_FIELDS, with `antenna` an Antenna), `languages` as
    (code, level) pairs, the profile's fields (PROFILE_FIELDS[kind]), `right_to_work`, `motivation`,
    `how_heard`, the consent answers `consent_programme`, `consent_surveys` and, for mentees,
    `consent_special` with the sensitive answers. `language` is the page's: the consent texts were
    read in it. Raises RateLimited when the address has sent too many applications this hour.
    """
    if kind not in PROFILE_FIELDS:
        raise ValueError(kind)
    if ip is not None:
        if rate_limited(ip):
            raise RateLimited
        count_submission(ip)
    if not data.get("consent_programme"):
        raise ValueError("an application needs consent to run the programme")
    now = timezone.now()
    today = timezone.localdate(now)

    person = Person(**{name: data.get(name) or "" for name in PERSON_FIELDS if name != "antenna"})
    person.antenna = data["antenna"]
    person.date_of_birth = data.get("date_of_birth")
    person.preferred_language = data.get("preferred_language") or language
    person.municipality = _municipality(person.postal_code)
    special = kind == Kind.MENTEE and bool(data.get("consent_special"))
    # Without consent for special-category data the answers are dropped here, whatever was typed.
    for name in SENSITIVE_FIELDS:
        setattr(person, name, (data.get(name) or None) if special else None)
    person.created_at = now
    person.save()

    for code, level in data.get("languages", []):
        PersonLanguage.objects.create(person=person, language=code, level=level)

    profile_class = MenteeProfile if kind == Kind.MENTEE else MentorProfile
    profile = profile_class(person=person, stage="applied", applied_on=today, stage_changed_on=today)
    for name in PROFILE_FIELDS[kind]:
        value = data.get(name)
        if value is not None and value != "":
            setattr(profile, name, value)
    profile.save()

    application = Application(
        person=person, kind=kind, submitted_at=now, channel=channel, language=language,
        right_to_work=data.get("right_to_work") or "", motivation=(data.get("motivation") or "").strip(),
        how_heard=data.get("how_heard") or "",
    )
    application.verdict, application.reasons = verdicts.assess(application)
    application.save()
    StageChange.objects.create(person=person, kind=kind, from_stage="", to_stage="applied", at=now, by=None)
    emit("application.received", {"application_id": application.pk, "kind": kind, "antenna": person.antenna.code})

    answers = {ConsentPurpose.PROGRAMME: True}
    if kind == Kind.MENTEE:
        answers[ConsentPurpose.SPECIAL_CATEGORY] = special
    answers[ConsentPurpose.SURVEYS] = bool(data.get("consent_surveys"))
    for record in consent_records(person=person, answers=answers, language=language, channel=channel, at=now):
        record.save()

    message = confirmation_message(person=person, kind=kind)
    transaction.on_commit(lambda: _send(message))
    return application


def _municipality(postal_code: str):
    match = PostalCode.objects.filter(code=postal_code).select_related("municipality").first()
    return match.municipality if match else None


# --- the confirmation email -----------------------------------------------------------------------

def confirmation_message(*, person, kind: str) -> EmailMessage:
    """What we tell the applicant, in the language they chose for our messages (never the verdict)."""
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"person": person, "kind": kind, "antenna": person.antenna,
                   "link": links.applicant_url(person, language)}
        subject = " ".join(render_to_string("intake/email/confirmation_subject.txt", context).split())
        body = render_to_string("intake/email/confirmation.txt", context)
    return EmailMessage(subject=subject, body=body, to=[person.email], headers={"Content-Language": language})


def _send(message: EmailMessage) -> None:
    # The application is saved whatever the mail server says: a failure is logged for staff to
    # follow up (the pipeline shows the applicant), never turned into an error page for them.
    try:
        message.send()
    except Exception:
        log.exception("Could not send the confirmation of an application")
