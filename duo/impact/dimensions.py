"""The dimensions a figure can be broken down by: their column in the snapshot, their name and their values' names.

Values are stored as codes; names come from the choices (gettext) or from reference tables, in the reader's
language. "unknown" stands for "not recorded" everywhere. The origin group is special-category data: only the
roles allowed to see it in aggregate may break a figure down by it (duo.accounts.roles.ORIGIN_AGGREGATES).
"""

import time
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from duo.accounts import roles, scoping
from duo.people import choices as pc

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Dimension:
    id: str
    title: object
    column: str
    choices: dict = field(default_factory=dict)
    # Values in this order first (bands, levels); the others alphabetically.
    order: tuple = ()
    restricted: bool = False
    # Also in the applicants' frame (for the comparison with applicants never matched).
    applicants: bool = True

    def label(self, code) -> str:
        if code == "*":
            return str(_("All"))
        if code in (None, "", UNKNOWN):
            return str(_("Not recorded"))
        names = _dynamic_names(self.id)
        if names is not None:
            if code not in names:  # created since the names were read
                names = _dynamic_names(self.id, fresh=True)
            return names.get(code, code)
        return str(self.choices.get(code, code))

    def sort_key(self, code):
        if code == UNKNOWN:
            return (2, 0, "")
        if code in self.order:
            return (0, self.order.index(code), "")
        return (1, 0, str(code))


def _choices(text_choices) -> dict:
    return dict(text_choices.choices)


_NAMES_TTL = 60  # seconds: a renamed antenna shows under its new name within a minute
_names: dict = {}


def _dynamic_names(dimension_id: str, fresh: bool = False) -> dict | None:
    """Names from reference tables, read once per minute and language, not once per table row (a breakdown by
    antenna labels every row; the evidence page labels hundreds)."""
    if dimension_id not in ("antenna", "region", "target_sector"):
        return None
    key = (dimension_id, get_language())
    cached = _names.get(key)
    if cached and cached[0] > time.monotonic() and not fresh:
        return cached[1]
    names = _read_names(dimension_id)
    _names[key] = (time.monotonic() + _NAMES_TTL, names)
    return names


def _read_names(dimension_id: str) -> dict:
    from duo.core.i18n import pick

    if dimension_id == "antenna":
        from duo.organisation.models import Antenna

        return {a.code: a.name for a in Antenna.objects.all()}
    if dimension_id == "region":
        from duo.organisation.models import Region

        return {r.code: pick(r, "name") for r in Region.objects.all()}
    if dimension_id == "target_sector":
        from duo.reference.models import Occupation

        return {o.code: pick(o, "label") for o in Occupation.objects.filter(level=Occupation.Level.MAJOR)}
    return {}


_EDUCATION = tuple(pc.EducationLevel.values)
_UNEMPLOYED = tuple(pc.UnemploymentDuration.values)

DIMENSIONS: dict[str, Dimension] = {d.id: d for d in (
    Dimension("region", _("Region"), "region"),
    Dimension("antenna", _("Antenna"), "antenna"),
    Dimension("cohort_year", _("Cohort year"), "cohort"),
    Dimension("gender", _("Gender"), "gender", _choices(pc.Gender), order=tuple(pc.Gender.values)),
    Dimension("age_band", _("Age band"), "age_band", {b: b for b in ("18–24", "25–29", "30+")},
              order=("18–24", "25–29", "30+")),
    Dimension("education_level", _("Education level"), "education_level", _choices(pc.EducationLevel),
              order=_EDUCATION),
    Dimension("diploma_recognised", _("Foreign diploma recognised"), "diploma_recognised",
              _choices(pc.DiplomaRecognition), order=tuple(pc.DiplomaRecognition.values)),
    Dimension("time_unemployed", _("Time without work"), "time_unemployed", _choices(pc.UnemploymentDuration),
              order=_UNEMPLOYED),
    Dimension("target_sector", _("Target occupation group"), "target_sector"),
    Dimension("mentor_status", _("Mentor retired or working"), "mentor_status", _choices(pc.MentorStatus),
              order=tuple(pc.MentorStatus.values), applicants=False),
    Dimension("origin_group", _("Origin group"), "origin_group", _choices(pc.OriginRegion),
              order=tuple(pc.OriginRegion.values), restricted=True),
)}


def allowed(user) -> dict[str, Dimension]:
    """The dimensions this user may break figures down by."""
    may_origin = user is None or scoping.has(user, roles.ORIGIN_AGGREGATES)
    return {k: d for k, d in DIMENSIONS.items() if may_origin or not d.restricted}
