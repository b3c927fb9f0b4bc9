"""The testimonies' changes. Each function is one transaction, checks who is acting through
duo.accounts.scoping, and raises TestimonyError ({field: message}, nothing changed) for a request
that cannot be done, scoping.NotAllowed for one the user may not make."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.people import consent as person_consent
from duo.people.choices import ConsentPurpose
from duo.people.models import Person

from . import deidentify, emails, queries
from .models import CONSENT_RANK, Consent, QuoteSet, QuoteSetItem, QuoteSetNotice, Side, Source, Testimony, Translation, \
    WithdrawalChannel

MAX_TEXT = 4000
STAFF_FIELDS = frozenset({"text", "language", "consent", "consent_on", "purpose", "collected_on", "collected_how",
                          "areas", "themes", "photo", "side"})


class TestimonyError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(str(v) for v in errors.values()))


def _require_change(user, obj_or_model):
    if not scoping.can_change(user, obj_or_model):
        raise scoping.NotAllowed


def _check(*, text=None, consent=None, photo=None, purpose=None) -> dict[str, str]:
    errors = {}
    if text is not None:
        if not text.strip():
            errors["text"] = _("Write the quote.")
        elif len(text) > MAX_TEXT:
            errors["text"] = _("The quote is too long: %(n)s characters at most.") % {"n": MAX_TEXT}
    if purpose is not None and not purpose.strip():
        errors["purpose"] = _("Say what the author agreed to, e.g. “experience report 2027”.")
    if photo and consent is not None and consent != Consent.FULL_NAME:
        errors["photo"] = _("A photo can be kept only when the author agreed to their full name and photo.")
    return errors


def _raise(errors):
    if errors:
        raise TestimonyError(errors)


def side_of(person, duo=None, answer=None) -> str:
    """Mentor or mentee: from the duo or the questionnaire when there is one, else from the profile."""
    if duo is not None:
        return Side.MENTOR if duo.mentor.person_id == person.pk else Side.MENTEE
    if answer is not None:
        return answer.response.version.instrument.audience
    return Side.MENTEE if hasattr(person, "mentee") else Side.MENTOR


@transaction.atomic
def testimony_create(*, by, person, text, language, consent, purpose, consent_on=None, collected_on=None,
                     collected_how="", themes=(), areas=(), duo=None, answer=None, photo=None) -> Testimony:
    """A testimony collected by staff, or made from a survey answer (`answer`)."""
    _require_change(by, Testimony)
    # The author is chosen among the people the user may change: their antennas' files.
    if not (scoping.has(by, roles.PEOPLE_CHANGE) and scoping.scope(by, Person.objects.filter(pk=person.pk)).exists()):
        raise scoping.NotAllowed
    if answer is not None:
        from duo.survey.models import Answer

        if not scoping.scope(by, Answer.objects.filter(pk=answer.pk)).exists():
            raise scoping.NotAllowed
        if answer.response.person_id != person.pk:
            raise TestimonyError({"__all__": _("This answer was given by someone else.")})
        duo = duo or answer.response.duo
    if duo is not None and person.pk not in (duo.mentor.person_id, duo.mentee.person_id):
        raise TestimonyError({"duo": _("The author is not part of this duo.")})
    if not person_consent.granted(person, ConsentPurpose.TESTIMONY):
        raise TestimonyError({"__all__": _(
            "This person withdrew their consent to testimonies: record their consent again on their page first.")})
    text = (text or "").strip()
    _raise(_check(text=text, consent=consent, photo=photo, purpose=purpose or ""))
    today = timezone.localdate()
    testimony = Testimony.objects.create(
        person=person, side=side_of(person, duo, answer), duo=duo, text=text, language=language,
        source=Source.SURVEY if answer is not None else Source.STAFF, answer=answer,
        collected_by=by, collected_how="" if answer is not None else collected_how,
        collected_on=collected_on or today, consent=consent, consent_on=consent_on or today,
        purpose=purpose.strip(), photo=photo or "", areas=Testimony.areas_value(areas), created_by=by)
    testimony.themes.set(themes or ())
    emails.send_recorded(testimony)
    return testimony


@transaction.atomic
def testimony_update(*, testimony, by, **changes) -> Testimony:
    """Change some fields. A changed text must be checked again before anonymous use."""
    _require_change(by, testimony)
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.is_withdrawn:
        raise TestimonyError({"__all__": _("This testimony was withdrawn: it can no longer change.")})
    unknown = set(changes) - STAFF_FIELDS
    if unknown:
        raise ValueError(f"not a testimony field: {sorted(unknown)}")
    if "text" in changes:
        changes["text"] = (changes["text"] or "").strip()
    photo = changes.pop("photo", None)  # None: keep the one there is; False: remove it
    themes = changes.pop("themes", None)
    consent = changes.get("consent", testimony.consent)
    _raise(_check(text=changes.get("text"), consent=consent, photo=photo, purpose=changes.get("purpose")))
    if "areas" in changes:
        changes["areas"] = Testimony.areas_value(changes["areas"])
    if "text" in changes and changes["text"] != testimony.text:
        testimony.checked_at, testimony.checked_by = None, None
    if photo:
        testimony.photo = photo
    elif testimony.photo and (photo is False or consent != Consent.FULL_NAME):
        # Cleared, or a narrower consent: the photo has no use any more.
        testimony.photo.delete(save=False)
        testimony.photo = ""
    for name, value in changes.items():
        setattr(testimony, name, value)
    testimony.save()
    if themes is not None:
        testimony.themes.set(themes)
    return testimony


def place_names() -> list[str]:
    """Belgian municipalities and places, in French and Dutch, as imported into duo.reference."""
    from duo.reference.models import Municipality, Place

    names = set(Place.objects.values_list("name", flat=True))
    for fr, nl in Municipality.objects.values_list("name_fr", "name_nl"):
        names.update((fr, nl))
    return sorted(n for n in names if n)


def people_names(testimony) -> list[str]:
    """The author's names and those of everyone they were in a duo with."""
    from django.db.models import Q

    from duo.journeys.models import Duo

    person = testimony.person
    names = [person.first_name, person.last_name]
    duos = Duo.objects.filter(Q(mentor__person=person) | Q(mentee__person=person)).select_related(
        "mentor__person", "mentee__person")
    for duo in duos:
        for other in (duo.mentor.person, duo.mentee.person):
            if other.pk != person.pk:
                names += [other.first_name, other.last_name]
    return [n for n in names if n]


def flags(testimony) -> list[deidentify.Span]:
    return deidentify.flag(testimony.text, names=people_names(testimony), places=place_names())


@transaction.atomic
def check_deidentification(*, testimony, by, confirmed=()) -> Testimony:
    """Mark the quote as checked for anonymous use. Every flagged span must be confirmed as harmless
    (its index in flags()); otherwise nothing changes and the unconfirmed ones are named."""
    _require_change(by, testimony)
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.is_withdrawn:
        raise TestimonyError({"__all__": _("This testimony was withdrawn: it can no longer change.")})
    confirmed = {int(i) for i in confirmed}
    left = [s for i, s in enumerate(flags(testimony)) if i not in confirmed]
    if left:
        raise TestimonyError({"__all__": _(
            "%(n)s passage(s) may still identify the author: %(list)s. Confirm each one is harmless, or edit the quote."
        ) % {"n": len(left), "list": ", ".join(f"“{s.text}”" for s in left)}})
    testimony.checked_at, testimony.checked_by = timezone.now(), by
    testimony.save(update_fields=["checked_at", "checked_by", "updated_at"])
    return testimony


@transaction.atomic
def translation_save(*, testimony, by, language, text, machine=False) -> Translation:
    """Add or replace the quote's translation into `language` (never the quote's own language)."""
    _require_change(by, testimony)
    if testimony.is_withdrawn:
        raise TestimonyError({"__all__": _("This testimony was withdrawn: it can no longer change.")})
    errors = _check(text=text)
    if language == testimony.language:
        errors["language"] = _("The quote is already in this language: choose another one.")
    _raise(errors)
    translation, _created = Translation.objects.update_or_create(
        testimony=testimony, language=language,
        defaults={"text": text.strip(), "machine": bool(machine), "translated_by": by})
    return translation


@transaction.atomic
def withdraw(*, testimony, channel, by=None) -> Testimony:
    """The author withdraws consent: from now on the quote is shown nowhere.

    Its text, translations and photo are erased (nothing is left to leak, and no use remains for
    them); the record keeps when and how, as proof that the withdrawal was honoured. Every quote set
    that held it loses it and says so, without saying whose it was. Withdrawing twice changes nothing.
    `by`: the staff user recording the author's request; None when the author acts from their link."""
    if channel == WithdrawalChannel.STAFF:
        _require_change(by, testimony)
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.is_withdrawn:
        return testimony
    now = timezone.now()
    counts: dict[int, int] = {}
    for set_id in QuoteSetItem.objects.filter(testimony=testimony).values_list("quote_set_id", flat=True):
        counts[set_id] = counts.get(set_id, 0) + 1
    QuoteSetItem.objects.filter(testimony=testimony).delete()
    QuoteSetNotice.objects.bulk_create(
        QuoteSetNotice(quote_set_id=set_id, removed=n, withdrawn_on=timezone.localdate(now), created_at=now)
        for set_id, n in counts.items())
    testimony.translations.all().delete()
    if testimony.photo:
        testimony.photo.delete(save=False)
    testimony.withdrawn_at, testimony.withdrawal_channel = now, channel
    testimony.text, testimony.photo = "", ""
    testimony.save()
    return testimony


# --- quote sets ---------------------------------------------------------------------------------


@transaction.atomic
def set_create(*, by, name, notes="") -> QuoteSet:
    _require_change(by, QuoteSet)
    name = (name or "").strip()
    if not name:
        raise TestimonyError({"name": _("Give the set a name, e.g. “Memorandum 2027 — draft”.")})
    return QuoteSet.objects.create(name=name[:200], notes=(notes or "").strip(), created_by=by)


@transaction.atomic
def set_add(*, quote_set, testimony, by) -> QuoteSetItem:
    """Add a quote at the end of the set. Only quotes whose consent allows public use go in."""
    _require_change(by, quote_set)
    _require_change(by, testimony)
    if not queries.is_usable(testimony, queries.PUBLIC):
        raise TestimonyError({"__all__": _(
            "This quote cannot go into a draft: it is withdrawn, for internal use only, or anonymous and "
            "not yet checked for anything that identifies its author.")})
    if quote_set.items.filter(testimony=testimony).exists():
        raise TestimonyError({"__all__": _("This quote is already in the set.")})
    last = quote_set.items.aggregate(n=Max("position"))["n"]
    return QuoteSetItem.objects.create(quote_set=quote_set, testimony=testimony, added_by=by,
                                       position=0 if last is None else last + 1)


@transaction.atomic
def set_remove(*, item, by) -> None:
    _require_change(by, item.quote_set)
    _require_change(by, item)
    item.delete()


@transaction.atomic
def consent_lower(*, testimony, consent) -> Testimony:
    """The author narrows how their quote may be used, from their link (widening it is asked in person).
    A narrower consent takes effect everywhere at once: usable() reads it on every rendering."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.is_withdrawn:
        raise TestimonyError({"__all__": _("This testimony was withdrawn: it can no longer change.")})
    if consent not in CONSENT_RANK or CONSENT_RANK[consent] >= CONSENT_RANK[testimony.consent]:
        raise TestimonyError({"consent": _("Choose a narrower use than the one you agreed to.")})
    testimony.consent = consent
    if consent != Consent.FULL_NAME and testimony.photo:
        testimony.photo.delete(save=False)
        testimony.photo = ""
    testimony.save()
    return testimony
