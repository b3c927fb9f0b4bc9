"""What a research export holds, column by column: the pseudonyms, the quasi-identifiers with their
generalisation hierarchies, and the payload (how the mentoring went and what came of it).

The payload is an allow-list: a column added to the impact snapshot does not reach researchers until it is
listed here with its meaning. Left out on purpose: names, contact data, free text, exact dates (a start month is
a quasi-identifier; the rest are durations), and everything about the mentor (gender, age, status, the mentor's
own survey answers, re-enrolment): the mentor is a person too, and the research consent filtered on is the
mentee's. Columns that would undo a generalisation (the snapshot's age band, cohort year, antenna, region) are
not payload either.
"""

from django.utils.translation import gettext as _

from duo.barrier.models import BarrierKind
from duo.impact import snapshot as facts
from duo.journeys import choices as jc
from duo.people import choices as pc

from .kanon import Hierarchy, Level

# Low, medium and high education, as ISCED 0-2, 3-4 and 5-8 group them.
EDUCATION_GROUP = {
    pc.EducationLevel.NONE: "low", pc.EducationLevel.PRIMARY: "low", pc.EducationLevel.LOWER_SECONDARY: "low",
    pc.EducationLevel.UPPER_SECONDARY: "medium",
    pc.EducationLevel.SHORT_HIGHER: "high", pc.EducationLevel.BACHELOR: "high", pc.EducationLevel.MASTER: "high",
}
# Regions of birth grouped into continents, with "here" (Belgium or France) kept apart from the rest of the EU
# only at the finest level: the comparison researchers most need survives one step of generalisation.
ORIGIN_GROUP = {
    pc.OriginRegion.BELGIUM_FRANCE: "europe_eu", pc.OriginRegion.EU: "europe_eu",
    pc.OriginRegion.EUROPE_NON_EU: "europe_other",
    pc.OriginRegion.NORTH_AFRICA: "africa", pc.OriginRegion.SUB_SAHARAN_AFRICA: "africa",
    pc.OriginRegion.MIDDLE_EAST: "asia", pc.OriginRegion.ASIA: "asia",
    pc.OriginRegion.LATIN_AMERICA: "americas",
}
UNKNOWN = facts.UNKNOWN


def _band(width: int):
    def band(age):
        if age is None:
            return None
        low = int(age) // width * width
        return f"{low}-{low + width - 1}"
    return band


def _lookup(mapping: dict):
    return lambda value: None if value is None else mapping.get(value, UNKNOWN)


def hierarchies(*, region_of: dict, country_of: dict) -> list[Hierarchy]:
    """The quasi-identifiers, finest level first; labels in the active language. `region_of` maps antenna codes
    to region codes, `country_of` region codes to ISO country codes."""
    exact, withheld = _("as recorded"), _("withheld (*)")

    def hierarchy(column, label, *levels):
        return Hierarchy(column, label, tuple(levels), exact_label=exact, withheld_label=withheld)

    return [
        hierarchy("age", _("age at the match"), Level(_("5-year bands"), _band(5)),
                  Level(_("10-year bands"), _band(10))),
        hierarchy("gender", _("gender")),
        hierarchy("place", _("antenna"), Level(_("region"), _lookup(region_of)),
                  Level(_("country"), _lookup({a: country_of.get(r, UNKNOWN) for a, r in region_of.items()}))),
        hierarchy("origin", _("region of birth"), Level(_("continent"), _lookup(ORIGIN_GROUP))),
        hierarchy("education", _("education level"), Level(_("low / medium / high"), _lookup(EDUCATION_GROUP))),
        hierarchy("start_month", _("month the duo started"),
                  Level(_("year"), lambda month: None if month is None else month[:4])),
    ]


def _scales() -> list[tuple[str, str]]:
    columns = []
    for name in (*[s.value for s in facts.SCALES], *facts.ITEMS):
        for when in ("before", "after"):
            columns.append((f"{name}_{when}", _("Mentee's mean answer on the “%(scale)s” scale (1-5), %(when)s the "
                                                "mentoring; empty: not answered")
                            % {"scale": name, "when": _("before") if when == "before" else _("at the end of")}))
    return columns


def payload() -> list[tuple[str, str, dict | None]]:
    """(column, meaning, codes) of every payload column, in the file's order."""
    outcome_codes = dict(jc.OutcomeCategory.choices)
    columns = [
        ("status", _("The duo's status when the snapshot was taken"), dict(jc.DuoStatus.choices)),
        ("end_reason", _("Why the duo ended early; empty if it did not"), dict(jc.EndReason.choices)),
        ("ended", _("The duo has ended"), None),
        ("reached_term", _("The duo ended at its planned term"), None),
        ("ended_early", _("The duo ended early"), None),
        ("first_of_mentee", _("This is the mentee's first duo (count people once with it)"), None),
        ("days_to_match", _("Days from the application (or readiness) to the match"), None),
        ("meetings", _("Meetings logged"), None),
        ("meeting_hours", _("Hours of meetings logged"), None),
        ("meetings_per_month", _("Meetings per month of mentoring (duos of 15 days or more)"), None),
        ("duration_days", _("Days from the start to the end (or to the snapshot date if still running)"), None),
        *[(f"outcome_{h.value}", _("Outcome %(horizon)s (latest report)") % {"horizon": h.label}, outcome_codes)
          for h in (jc.OutcomeHorizon.END, jc.OutcomeHorizon.MONTHS_6, jc.OutcomeHorizon.MONTHS_12)],
        ("due_12m", _("Twelve months have passed since the end: the 12-month outcome is due"), None),
        ("diploma_recognised", _("Recognition of a foreign diploma"), dict(pc.DiplomaRecognition.choices)),
        ("time_unemployed", _("Time without work at the application"), dict(pc.UnemploymentDuration.choices)),
        ("target_sector", _("ISCO major group (first digit) of the occupation sought"), None),
        *[(name, meaning, None) for name, meaning in _scales()],
        ("invited_before", _("Baseline questionnaires sent to the mentee"), None),
        ("answered_before", _("Baseline questionnaires answered"), None),
        ("invited_after", _("End questionnaires sent to the mentee"), None),
        ("answered_after", _("End questionnaires answered"), None),
        ("barriers", _("Barriers to employment recorded for the mentee"), None),
        *[(f"barrier_{kind}", _("A barrier “%(kind)s” was recorded") % {"kind": label}, None)
          for kind, label in BarrierKind.choices],
    ]
    return columns


def qi_codes() -> dict[str, dict]:
    """The codes a quasi-identifier may hold at its finest level, with their meaning."""
    return {"gender": dict(pc.Gender.choices), "origin": dict(pc.OriginRegion.choices),
            "education": dict(pc.EducationLevel.choices)}
