"""The programme-quality measures, grouped under the six standards of the *Elements of Effective
Practice for Mentoring*: recruitment, screening, training, matching and initiating, monitoring and
support, closure.

Measures are computed in groups (before.py, after.py), each a function (antenna_ids, period, today)
-> [Measure] over the antennas the caller has already scoped (None: the whole organisation).
Measures over the same population share one grouped query, and every figure is counted by the
database (aggregates, or a histogram of whole days for a median): the page stays fast at 100,000 duos.
"""

from django.utils.translation import gettext_lazy as _

from . import after, before
from .base import FEW, Measure, Standard  # noqa: F401  (the names callers use)

GROUPS = [before.recruitment_and_screening, before.training, before.matching, after.monitoring, after.closure]

STANDARDS = [
    ("recruitment", _("Recruitment"), ["applications_mentee", "applications_mentor", "info_session"]),
    ("screening", _("Screening"), ["application_to_interview", "applicants_interviewed"]),
    ("training", _("Training"), ["trained_before_match"]),
    ("matching", _("Matching and initiating"), ["intake_to_match", "agreement_14_days", "refusals"]),
    ("monitoring", _("Monitoring and support"), ["meetings_per_month", "hours_volunteered", "checkins_on_time",
                                                 "peer_exchange", "silent_now"]),
    ("closure", _("Closure"), ["reaching_term", "ended_early_for_work", "closing_interviews", "re_enrolment",
                               "outcomes_12m_recorded", "positive_exits", "stable_jobs", "barriers"]),
]


def all_measures(antenna_ids, period, today) -> dict[str, Measure]:
    return {measure.code: measure for group in GROUPS for measure in group(antenna_ids, period, today)}


def one(code: str, antenna_ids, period, today) -> Measure:
    """A single measure (its group is computed, the others not)."""
    for group in GROUPS:
        found = {measure.code: measure for measure in group(antenna_ids, period, today)}
        if code in found:
            return found[code]
    raise KeyError(code)


def standards(antenna_ids, period, today) -> list[Standard]:
    found = all_measures(antenna_ids, period, today)
    return [Standard(code, label, [found[c] for c in codes]) for code, label, codes in STANDARDS]
