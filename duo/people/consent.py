"""Consent by purpose: the one place that answers "may we use this person's data for purpose P now?", and the
services that record a change of mind and carry it out everywhere at once.

ConsentRecord is append-only; a person's position on a purpose is their latest record for it. No record at all
is not a refusal: people imported from earlier records were asked on paper, never on the platform, and the
survey schedule has always treated them so. What stops a use is a refusal or a withdrawal, so every reader asks
`withdrawn_ids(purpose)` (one query, usable as a subquery for any number of people) or `granted(person, purpose)`.

What a withdrawal does, per purpose (consent_withdraw):
- surveys: the person's open invitations are declined (no reminder goes), and the schedule invites them no more;
- testimony: each of their testimonies is withdrawn through the testimony app's own service (erased, taken out
  of every quote set), and no new one can be recorded until they give consent again;
- special_category: the encrypted origin and residence fields are cleared and the edit form stops offering them;
- research: they are left out of the pseudonymised survey export and of researcher exports (which read it);
- programme: no more programme emails (sessions, matching, meeting-log links); the person page shows a banner
  telling coordinators to contact them only to close the file. Nothing is erased: that is a separate right
  (erase_person), asked for explicitly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from duo.accounts import scoping
from duo.intake.consent import CONSENT_TEXTS, ConsentText
from duo.privacy.audit import record
from duo.privacy.models import AuditEvent

from .choices import Channel, ConsentPurpose
from .models import SPECIAL_CATEGORY_FIELDS, ConsentRecord, Person

# The purposes the intake form does not ask about: asked later (a testimony, a research wave) and shown on the
# person's consent page. Same rule as duo/intake/consent.py: a new wording takes a new version
# (tests/test_consent.py pins each text's fingerprint to its version).
MORE_TEXTS: dict[str, ConsentText] = {
    ConsentPurpose.RESEARCH: ConsentText(
        "2026-11",
        gettext_noop(
            "I agree that my survey answers, without my name, my email or anything else that identifies me "
            "directly, may be used by researchers who study what the programme changes, under a written "
            "agreement with Duo."
        ),
    ),
    ConsentPurpose.TESTIMONY: ConsentText(
        "2026-11",
        gettext_noop(
            "I agree that Duo uses the testimonies I give, as I agreed for each one (with my name, my first "
            "name only, or anonymously), in its reports, on its website and in its advocacy."
        ),
    ),
}
TEXTS: dict[str, ConsentText] = {**CONSENT_TEXTS, **MORE_TEXTS}
PURPOSES = tuple(ConsentPurpose.values)


def text_of(purpose: str) -> ConsentText:
    return TEXTS[_known(purpose)]


def _known(purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"not a consent purpose: {purpose!r}")
    return purpose


# --- queries ----------------------------------------------------------------------------------------------------


def _latest_id(purpose: str):
    return Subquery(ConsentRecord.objects.filter(person_id=OuterRef("person_id"), purpose=purpose)
                    .order_by("-recorded_at", "-id").values("id")[:1])


def withdrawn_ids(purpose: str, among=None) -> QuerySet:
    """The ids of the people whose latest record for `purpose` is a refusal or a withdrawal, as a queryset of
    ids: `pk__in=withdrawn_ids(p)` stays one query however many people there are. `among` narrows it to some
    people (ids)."""
    _known(purpose)
    qs = ConsentRecord.objects.filter(purpose=purpose, granted=False)
    if among is not None:
        qs = qs.filter(person_id__in=among)
    return qs.filter(id=_latest_id(purpose)).values_list("person_id", flat=True)


def consenting(people: QuerySet, purpose: str, *, field: str = "pk") -> QuerySet:
    """`people` (Person, or any queryset reaching a person through `field`, e.g. "person_id") without those
    who refused or withdrew `purpose`."""
    return people.exclude(**{f"{field}__in": withdrawn_ids(purpose)})


def granted(person, purpose: str) -> bool:
    """May we use this person's data for `purpose` now? Yes unless their latest decision on it is "no"."""
    _known(purpose)
    latest = (ConsentRecord.objects.filter(person_id=getattr(person, "pk", person), purpose=purpose)
              .order_by("-recorded_at", "-id").values_list("granted", flat=True).first())
    return latest is not False


def latest_records(person) -> dict[str, ConsentRecord]:
    latest: dict[str, ConsentRecord] = {}
    for rec in person.consents.order_by("purpose", "-recorded_at", "-id"):
        latest.setdefault(rec.purpose, rec)
    return latest


@dataclass(frozen=True)
class Position:
    purpose: str
    label: str
    text: str
    version: str
    record: ConsentRecord | None  # None: never asked on the platform

    @property
    def granted(self) -> bool:
        return self.record is None or self.record.granted


def positions(person) -> list[Position]:
    """The person's current position on each purpose, in a fixed order, with the text in the active language."""
    latest = latest_records(person)
    labels = dict(ConsentPurpose.choices)
    return [Position(p, str(labels[p]), str(TEXTS[p].text), TEXTS[p].version, latest.get(p)) for p in PURPOSES]


def history(person) -> QuerySet:
    return person.consents.order_by("-recorded_at", "-id")


def is_erased(person) -> bool:
    """An erased person keeps their row (ids for statistics) and loses their names: nothing is held any more."""
    try:
        erasure = apps.get_model("privacy", "Erasure")
    except LookupError:
        erasure = None
    # Built by duo.privacy's erasure (a plain person_id); looked up by name so that this app does not import it.
    if erasure is not None and {"person", "person_id"} & {f.name for f in erasure._meta.fields}:
        if erasure.objects.filter(person_id=person.pk).exists():
            return True
    return not (person.first_name or person.last_name)


# --- the person's link ---------------------------------------------------------------------------------------

SALT = "duo.people.consent-link"
# Two years: consent can be withdrawn at any time, so an old email's link must keep working for long; past
# that, the page says how to reach the team rather than opening anything.
MAX_AGE = 60 * 60 * 24 * 365 * 2


def token_for(person) -> str:
    # No link generation here, on purpose: revoking a person's personal links (duo.people.links) leaves this one
    # working, because a person must always be able to withdraw consent, even from a months-old email. It only
    # shows and changes consent decisions, never the person's file.
    return signing.dumps({"p": person.pk}, salt=SALT, compress=True)


EXPIRED = object()


def person_from_token(token: str):
    """The person, None for a forged token or an unknown person, EXPIRED for a genuine but too old one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return EXPIRED
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    return Person.objects.filter(pk=data["p"]).select_related("antenna").first()


def url_for(person, language: str | None = None) -> str:
    """The absolute link of the person's consent page, for emails, in their language unless told otherwise."""
    with translation.override(language or person.preferred_language or settings.LANGUAGE_CODE):
        path = reverse("consent:manage", kwargs={"token": token_for(person)})
    return settings.SITE_URL + path


# --- services ------------------------------------------------------------------------------------------------


def _append(*, person, purpose, granted_: bool, channel, language) -> ConsentRecord:
    text = TEXTS[purpose]
    rec = ConsentRecord.objects.create(person=person, purpose=purpose, granted=granted_, text_version=text.version,
                                       language=language or person.preferred_language or settings.LANGUAGE_CODE,
                                       channel=channel)
    # ConsentRecord is evidence, not an audited model; the decision itself still leaves an audit event.
    record(action=AuditEvent.Action.CREATE, model=ConsentRecord, object_id=rec.pk, fields=["purpose", "granted"],
           note=f"consent {'given' if granted_ else 'withdrawn'}: {purpose} ({channel}), person {person.pk}")
    return rec


def _check(person, purpose, channel, by):
    _known(purpose)
    if channel not in Channel.values:
        raise ValueError(f"not a channel: {channel!r}")
    if by is not None and not scoping.can_change(by, person):
        raise scoping.NotAllowed


@transaction.atomic
def consent_withdraw(*, person, purpose, channel, by=None, language=None) -> ConsentRecord:
    """The person withdraws (or refuses) `purpose`: a new record, and the use stops everywhere now.
    `by`: the staff member recording a request received by phone or letter; None from the person's link.
    Withdrawing what is already withdrawn adds no record but still makes sure every effect holds."""
    _check(person, purpose, channel, by)
    person = Person.objects.select_for_update().get(pk=person.pk)
    latest = person.consents.filter(purpose=purpose).order_by("-recorded_at", "-id").first()
    rec = latest if latest is not None and not latest.granted else _append(
        person=person, purpose=purpose, granted_=False, channel=channel, language=language)
    EFFECTS[purpose](person, by)
    return rec


@transaction.atomic
def consent_give(*, person, purpose, channel, by=None, language=None) -> ConsentRecord:
    """The person gives `purpose` (again): a new record with today's text version. What a withdrawal erased
    stays erased; what it stopped (surveys, emails, exports) resumes from now on."""
    _check(person, purpose, channel, by)
    person = Person.objects.select_for_update().get(pk=person.pk)
    latest = person.consents.filter(purpose=purpose).order_by("-recorded_at", "-id").first()
    if latest is not None and latest.granted and latest.text_version == TEXTS[purpose].version:
        return latest
    return _append(person=person, purpose=purpose, granted_=True, channel=channel, language=language)


def _stop_surveys(person, by):
    from duo.survey.models import Invitation, InvitationStatus
    from duo.survey.responses import invitation_decline

    for invitation in Invitation.objects.filter(person=person, status__in=[InvitationStatus.PENDING,
                                                                           InvitationStatus.STARTED]):
        invitation_decline(invitation=invitation)


def _withdraw_testimonies(person, by):
    from duo.testimony import services
    from duo.testimony.models import Testimony, WithdrawalChannel

    channel = WithdrawalChannel.STAFF if by is not None else WithdrawalChannel.LINK
    for testimony in Testimony.objects.filter(person=person, withdrawn_at__isnull=True):
        services.withdraw(testimony=testimony, channel=channel, by=by)


def _clear_special_category(person, by):
    if any(getattr(person, name) is not None for name in SPECIAL_CATEGORY_FIELDS):
        for name in SPECIAL_CATEGORY_FIELDS:
            setattr(person, name, None)
        person.save(update_fields=list(SPECIAL_CATEGORY_FIELDS))


def _nothing_now(person, by):
    """Research and programme: nothing to undo at once; every export and email asks `granted` when it runs."""


EFFECTS = {
    ConsentPurpose.SURVEYS: _stop_surveys,
    ConsentPurpose.TESTIMONY: _withdraw_testimonies,
    ConsentPurpose.SPECIAL_CATEGORY: _clear_special_category,
    ConsentPurpose.RESEARCH: _nothing_now,
    ConsentPurpose.PROGRAMME: _nothing_now,
}


def programme_withdrawn_on(person) -> datetime.date | None:
    """The day the person withdrew consent to the programme, if that is their current position."""
    latest = person.consents.filter(purpose=ConsentPurpose.PROGRAMME).order_by("-recorded_at", "-id").first()
    if latest is None or latest.granted:
        return None
    return timezone.localdate(latest.recorded_at)
