"""The Django side of eligibility: gather an application's facts, check them, say why in words."""

from django.utils import timezone
from django.utils.translation import gettext as _

from duo.people.choices import LanguageLevel
from duo.reference.models import Place, PostalCode

from . import eligibility as e
from .models import EligibilityRules


def rules_for(antenna) -> e.Rules:
    r = EligibilityRules.objects.filter(antenna=antenna).first() or EligibilityRules(antenna=antenna)
    return e.Rules(
        mentee_min_age=r.mentee_min_age, mentee_max_age=r.mentee_max_age,
        mentor_min_age=r.mentor_min_age, mentor_max_age=r.mentor_max_age,
        residence=r.residence, max_distance_km=r.max_distance_km,
        mentee_backgrounds=frozenset(r.mentee_backgrounds or ()), require_right_to_work=r.require_right_to_work,
        languages=frozenset(r.languages or ()), min_language_level=r.min_language_level,
    )


def _region_of(postal_code: str) -> str | None:
    pc = PostalCode.objects.filter(code=postal_code).select_related("municipality__region").first()
    return pc.municipality.region.code if pc and pc.municipality.region_id else None


def _coordinates(postal_code: str):
    place = Place.objects.filter(postal_code=postal_code).order_by("pk").first()
    return (place.latitude, place.longitude) if place else None


def applicant_facts(application) -> e.Applicant:
    person, antenna = application.person, application.person.antenna
    distance = None
    home = _coordinates(person.postal_code) if person.postal_code else None
    office = (antenna.latitude, antenna.longitude) if antenna.latitude is not None else _coordinates(antenna.postal_code)
    if home and office and office[0] is not None:
        distance = e.distance_km(*home, *office)
    return e.Applicant(
        kind=application.kind,
        age=person.age_on(timezone.localtime(application.submitted_at).date()),
        region=_region_of(person.postal_code) if person.postal_code else None,
        antenna_region=antenna.region.code,
        distance_km=distance,
        background=person.nationality_background or None,
        right_to_work=application.right_to_work or None,
        languages=tuple(person.languages.values_list("language", "level")),
    )


def assess(application) -> tuple[str, list[dict]]:
    verdict, checks = e.assess(applicant_facts(application), rules_for(application.person.antenna))
    return verdict, [c.as_dict() for c in checks]


def describe(reason: dict) -> str:
    """One check in words, in the active language: what was asked and what we found."""
    code, outcome, p = reason["code"], reason["outcome"], reason.get("params", {})
    if code == "age":
        limits = (_("%(min)s to %(max)s years") % p) if p.get("max") else (_("%(min)s years or more") % p)
        if outcome == e.UNKNOWN:
            return _("Age: no date of birth given (expected %(limits)s).") % {"limits": limits}
        return _("Age: %(age)s (expected %(limits)s).") % {"age": p["age"], "limits": limits}
    if code == "residence":
        if "max_km" in p:
            if outcome == e.UNKNOWN:
                return _("Residence: distance unknown, postal code not found (limit %(max_km)s km).") % p
            return _("Residence: %(km)s km from the antenna (limit %(max_km)s km).") % p
        if outcome == e.UNKNOWN:
            return _("Residence: the postal code does not tell the region.")
        if outcome == e.PASS:
            return _("Residence: lives in the antenna's region.")
        return _("Residence: lives outside the antenna's region.")
    if code == "language":
        level = LanguageLevel(p["level"]).label if p.get("level") in LanguageLevel.values else p.get("level")
        if outcome == e.UNKNOWN:
            return _("Languages: none given.")
        if outcome == e.PASS:
            return _("Languages: speaks %(langs)s at level %(level)s or better.") % {
                "langs": ", ".join(p["spoken"]).upper(), "level": level}
        return _("Languages: none of %(langs)s at level %(level)s or better.") % {
            "langs": ", ".join(p["required"]).upper(), "level": level}
    if code == "background":
        return {e.PASS: _("Background: within the programme's target group."),
                e.FAIL: _("Background: outside the programme's target group."),
                e.UNKNOWN: _("Background: prefers not to say; to discuss at the intake interview.")}[outcome]
    if code == "right_to_work":
        return {e.PASS: _("Right to work: yes."), e.FAIL: _("Right to work: no."),
                e.UNKNOWN: _("Right to work: not sure; to check at the intake interview.")}[outcome]
    return code
