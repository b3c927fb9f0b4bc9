"""Two records of one human: the same email, the same phone, or the same name and date of birth.

People apply twice (a new email, a typo in the name, a coordinator entering a phone call that
the web form already had). The rules here are deliberately simple and explainable; a coordinator
decides, and merges with duo.intake.services.person_merge.

Only records the user may see are compared: a duplicate in another antenna is not revealed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.people.models import Person

EMAIL, PHONE, NAME_BIRTH = "email", "phone", "name_birth"
REASONS = {
    EMAIL: _("same email address"),
    PHONE: _("same phone number"),
    NAME_BIRTH: _("same name and date of birth"),
}
# Shorter numbers are extensions or typing accidents, not a person.
MIN_PHONE_DIGITS = 6
_NOT_A_LETTER = re.compile(r"[\W_]+")


def normalise_name(text: str) -> str:
    """Case, accents, hyphens and spacing folded: "  Zoë-Anne  MÜLLER" -> "zoe anne muller"."""
    text = text or ""
    if not text.isascii():  # most names are plain ASCII: skip the decomposition for them
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_A_LETTER.sub(" ", text.casefold()).split())


def name_key(first_name: str, last_name: str) -> str:
    """The name as a set of words, so that first and last names typed the wrong way round still agree."""
    return " ".join(sorted(normalise_name(f"{first_name} {last_name}").split()))


def _keys(person) -> dict[str, str | tuple]:
    keys = {}
    if person.email:
        keys[EMAIL] = person.email.strip().lower()
    if len(person.phone_digits or "") >= MIN_PHONE_DIGITS:
        keys[PHONE] = person.phone_digits
    name = name_key(person.first_name, person.last_name)
    if person.date_of_birth and name:
        keys[NAME_BIRTH] = (person.date_of_birth, name)
    return keys


@dataclass
class Candidate:
    person: Person
    reasons: list[str] = field(default_factory=list)

    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]


def candidates(user, people) -> dict[int, list[Candidate]]:
    """For each of `people`, the other records the user may see that look like the same human.

    Three keys, one query: everyone sharing an email, a phone or a date of birth with any of them;
    names are compared in Python because accent folding is not portable across databases.
    """
    people = list(people)
    emails, phones, births = set(), set(), set()
    for p in people:
        keys = _keys(p)
        if EMAIL in keys:
            emails.add(keys[EMAIL])
        if PHONE in keys:
            phones.add(keys[PHONE])
        if NAME_BIRTH in keys:
            births.add(keys[NAME_BIRTH][0])
    if not (emails or phones or births):
        return {}
    condition = Q(pk__in=[])
    if emails:
        condition |= Q(email_lower__in=emails)
    if phones:
        condition |= Q(phone_digits__in=phones)
    if births:
        condition |= Q(date_of_birth__in=births)
    others = (
        scoping.scope(user, Person.objects.all())
        .annotate(email_lower=Lower("email"))
        .filter(condition)
        .select_related("antenna")
        .order_by("pk")
    )
    index: dict[tuple, list[Person]] = defaultdict(list)
    for other in others:
        for rule, key in _keys(other).items():
            index[(rule, key)].append(other)
    found: dict[int, list[Candidate]] = {}
    for p in people:
        matches: dict[int, Candidate] = {}
        for rule, key in _keys(p).items():
            for other in index.get((rule, key), ()):
                if other.pk != p.pk:
                    matches.setdefault(other.pk, Candidate(other)).reasons.append(rule)
        if matches:
            found[p.pk] = list(matches.values())
    return found


def _groups(user) -> list[tuple[str, list[int]]]:
    """Groups of ids (two or more) the user may see that share a key: (rule, ids)."""
    people = scoping.scope(user, Person.objects.all())
    groups: list[tuple[str, list[int]]] = []
    emails = (people.exclude(email="").annotate(key=Lower("email")).values("key")
              .annotate(n=Count("pk")).filter(n__gt=1).values_list("key", flat=True))
    by_email = defaultdict(list)
    for pk, key in people.annotate(key=Lower("email")).filter(key__in=list(emails)).values_list("pk", "key"):
        by_email[key].append(pk)
    groups += [(EMAIL, ids) for ids in by_email.values()]
    phones = (people.exclude(phone_digits="").values("phone_digits").annotate(n=Count("pk")).filter(n__gt=1)
              .values_list("phone_digits", flat=True))
    by_phone = defaultdict(list)
    for pk, key in people.filter(phone_digits__in=[p for p in phones if len(p) >= MIN_PHONE_DIGITS]).values_list(
            "pk", "phone_digits"):
        by_phone[key].append(pk)
    groups += [(PHONE, ids) for ids in by_phone.values()]
    # Only dates of birth shared by two records can hide a duplicate: read the names of those alone.
    births = (people.filter(date_of_birth__isnull=False).values("date_of_birth").annotate(n=Count("pk"))
              .filter(n__gt=1).values_list("date_of_birth", flat=True))
    by_name = defaultdict(list)
    for pk, first, last, born in people.filter(date_of_birth__in=births).values_list(
            "pk", "first_name", "last_name", "date_of_birth"):
        key = name_key(first, last)
        if key:
            by_name[(born, key)].append(pk)
    groups += [(NAME_BIRTH, ids) for ids in by_name.values() if len(ids) > 1]
    return groups


def pairs(user) -> list[tuple[int, int, list[str]]]:
    """Every pair of records the user may see that look like one person: (lower id, higher id, reasons),
    the most recent records first. Ids only; the page loads the people it shows."""
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for rule, ids in _groups(user):
        ids = sorted(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if rule not in found[(a, b)]:
                    found[(a, b)].append(rule)
    return sorted(((a, b, reasons) for (a, b), reasons in found.items()), key=lambda t: (-t[1], -t[0]))


def flagged(user) -> set[int]:
    """Everyone the user may see who has a possible duplicate (for exports: one pass, not one per row)."""
    return {pk for _rule, ids in _groups(user) for pk in ids}


def compare(a: Person, b: Person) -> list[tuple[str, str, str]]:
    """What a coordinator needs to decide which record to keep, fact by fact: (label, a's, b's)."""

    def sides(p):
        found = []
        for kind in ("mentee", "mentor"):
            profile = getattr(p, kind) if hasattr(p, kind) else None
            if profile is not None:
                found.append(f"{profile._meta.verbose_name}: {profile.get_stage_display()}")
        return ", ".join(str(s) for s in found) or "—"

    def facts(p):
        return [
            p.antenna.name, p.email or "—", p.phone or "—",
            date_format(p.date_of_birth, "SHORT_DATE_FORMAT") if p.date_of_birth else "—",
            p.postal_code or "—", sides(p),
            ", ".join(f"{pl.get_language_display()} ({pl.level})" for pl in p.languages.all()) or "—",
            str(p.applications.count()), str(p.consents.count()), str(p.stage_changes.count()),
            date_format(timezone.localtime(p.created_at), "SHORT_DATE_FORMAT"),
        ]

    labels = [_("Antenna"), _("Email address"), _("Phone"), _("Date of birth"), _("Postal code"), _("Sides"),
              _("Languages"), _("Applications"), _("Consent records"), _("Stage changes"), _("Created")]
    return [(str(label), x, y) for label, x, y in zip(labels, facts(a), facts(b))]
