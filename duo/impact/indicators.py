"""The indicators, defined in code: what each counts, among whom, at which horizon, and in which area of action.

Each reads only a snapshot's columns (duo.impact.snapshot). Kinds:
- "proportion": a share of people; `value` is a yes/no per row; Wilson interval.
- "mean": an average per person (days, meetings); t interval.
- "change": the mean of after − before on paired answers of the same person; t interval and an effect size.
- "ratio": a sum over a sum (survey answers over invitations); Wilson interval on the counts.
Survey-based indicators name the columns of "answered" and "asked" so that a low response rate flags the figure.
"""

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from duo.barrier.models import BarrierKind
from duo.journeys import choices as jc
from duo.testimony.models import Area

PROPORTION, MEAN, CHANGE, RATIO = "proportion", "mean", "change", "ratio"
EQUAL, INCLUSION, AGEING, COHESION = (Area.EQUAL_OPPORTUNITIES.value, Area.INCLUSION_DIVERSITY.value,
                                      Area.ACTIVE_AGEING.value, Area.SOCIAL_COHESION.value)
AGREE = 4  # "agree" or "strongly agree" on the 1–5 scale


@dataclass(frozen=True)
class Indicator:
    id: str
    title: object
    definition: object
    kind: str
    population: object
    numerator: object
    denominator: object
    horizon: object
    areas: tuple
    where: Callable[[], pl.Expr]
    value: Callable[[], pl.Expr]
    # (answered column, asked column) for survey-based figures; their ratio is the response rate.
    survey: tuple | None = None
    unit: object = ""
    # For a "ratio": the column summed as the denominator (`value` is then the numerator's column).
    weight: str = ""

    @property
    def is_share(self) -> bool:
        return self.kind in (PROPORTION, RATIO)

    @property
    def source(self):
        return _("Surveys") if self.survey else _("Journeys (coordinators' records)")


col = pl.col
H_12M, H_END, H_MATCH, H_DURING, H_SNAPSHOT = (
    _("12 months after the end of the mentoring"), _("At the end of the mentoring"),
    _("From readiness for matching to the match"), _("During the mentoring"), _("On the snapshot date"))
POP_12M = _("Duos that ended at least 12 months before the snapshot and whose 12-month outcome is known")
POP_ENDED = _("Duos that have ended (completed or ended early)")
DUOS = _("Duos")
MENTEE_END = ("answered_after", "invited_after")
PAIRED = ("answered_after", "invited_after")
MENTOR_END = ("answered_mentor", "invited_mentor")


def _known_12m() -> pl.Expr:
    return col("due_12m") & col("outcome_12m").is_not_null() & (col("outcome_12m") != jc.OutcomeCategory.UNKNOWN)


def _paired(name: str) -> Callable[[], pl.Expr]:
    return lambda: col(f"{name}_before").is_not_null() & col(f"{name}_after").is_not_null()


def _present(name: str) -> Callable[[], pl.Expr]:
    return lambda: col(name).is_not_null()


def _capital_change(scale: str, title, area_extra=()) -> "Indicator":
    return Indicator(
        id=f"{scale}_change", title=title, kind=CHANGE,
        definition=_("Average change, on the 1–5 agreement scale, between the mentee's answers at the start and at "
                     "the end of the mentoring to the same questions about this capital (after minus before)."),
        population=_("Mentees who answered both the starting and the end-of-mentoring survey"),
        numerator=_("Sum of the changes (points)"), denominator=_("Mentees with both answers"), horizon=H_END,
        areas=(EQUAL, INCLUSION, *area_extra), where=_paired(scale),
        value=lambda: col(f"{scale}_after") - col(f"{scale}_before"), survey=PAIRED, unit=_("points"))


INDICATOR_LIST = [
    Indicator(
        id="positive_exit_12m", title=_("Positive exit 12 months after the mentoring"), kind=PROPORTION,
        definition=_("Share of mentees in work (any contract, self-employed), an internship or a qualifying training "
                     "12 months after the end of their mentoring."),
        population=POP_12M, numerator=_("Mentees in work, an internship or training at 12 months"),
        denominator=DUOS, horizon=H_12M, areas=(EQUAL, INCLUSION), where=_known_12m,
        value=lambda: col("outcome_12m").is_in([c.value for c in jc.POSITIVE_EXIT])),
    Indicator(
        id="stable_job_12m", title=_("Stable job 12 months after the mentoring"), kind=PROPORTION,
        definition=_("Share of mentees with a permanent contract or a fixed-term contract of 3 months or more, 12 "
                     "months after the end of their mentoring."),
        population=POP_12M, numerator=_("Mentees in a stable job at 12 months"), denominator=DUOS, horizon=H_12M,
        areas=(EQUAL, INCLUSION), where=_known_12m,
        value=lambda: col("outcome_12m").is_in([c.value for c in jc.STABLE_JOB])),
    Indicator(
        id="duo_reached_term", title=_("Duos that reached their term"), kind=PROPORTION,
        definition=_("Share of ended duos that went to the planned end of the mentoring."),
        population=POP_ENDED, numerator=_("Duos that reached their term"), denominator=DUOS, horizon=H_END,
        areas=(COHESION, AGEING), where=lambda: col("ended"), value=lambda: col("reached_term")),
    Indicator(
        id="ended_early", title=_("Duos that ended early"), kind=PROPORTION,
        definition=_("Share of ended duos that stopped before the planned end, whatever the reason (a job found "
                     "early included)."),
        population=POP_ENDED, numerator=_("Duos that ended early"), denominator=DUOS, horizon=H_END,
        areas=(COHESION,), where=lambda: col("ended"), value=lambda: col("ended_early")),
    Indicator(
        id="days_to_match", title=_("Days from readiness to match"), kind=MEAN,
        definition=_("Average number of days between the date a mentee was ready for matching (or applied, when "
                     "that date was not recorded) and the match."),
        population=_("Duos whose mentee's readiness or application date is known"),
        numerator=_("Sum of the waiting days"), denominator=DUOS, horizon=H_MATCH, areas=(EQUAL,),
        where=lambda: col("days_to_match").is_not_null() & (col("days_to_match") >= 0),
        value=lambda: col("days_to_match"), unit=_("days")),
    Indicator(
        id="meetings_per_month", title=_("Meetings per month"), kind=MEAN,
        definition=_("Average number of meetings logged per month of mentoring (from the start to the end, or to "
                     "the snapshot date for duos still under way)."),
        population=_("Duos that started at least 15 days before their end or the snapshot"),
        numerator=_("Sum of the monthly meeting rates"), denominator=DUOS, horizon=H_DURING,
        areas=(COHESION, AGEING), where=_present("meetings_per_month"), value=lambda: col("meetings_per_month"),
        unit=_("meetings")),
    Indicator(
        id="mentor_reenrolled", title=_("Mentors who mentor again"), kind=PROPORTION,
        definition=_("Share of duos whose mentor was matched again within 6 months after the end of the duo."),
        population=_("Duos that ended at least 6 months before the snapshot"),
        numerator=_("Duos whose mentor was matched again within 6 months"), denominator=DUOS, horizon=_(
            "6 months after the end of the mentoring"), areas=(AGEING,),
        where=_present("mentor_reenrolled"), value=lambda: col("mentor_reenrolled")),
    Indicator(
        id="mentor_feels_useful", title=_("Mentors who felt useful"), kind=PROPORTION,
        definition=_("Share of mentors who agree or strongly agree (4 or 5 of 5) that they felt useful, in the "
                     "end-of-mentoring survey."),
        population=_("Mentors who answered the end-of-mentoring survey"),
        numerator=_("Mentors who agree they felt useful"), denominator=_("Mentors who answered"), horizon=H_END,
        areas=(AGEING, COHESION), where=_present("useful_mentor"), value=lambda: col("useful_mentor") >= AGREE,
        survey=MENTOR_END),
    Indicator(
        id="career_plan_defined", title=_("Mentees with a concrete career plan"), kind=PROPORTION,
        definition=_("Share of mentees who agree or strongly agree that they have a concrete career plan with clear "
                     "steps, at the end of the mentoring."),
        population=_("Mentees who answered the end-of-mentoring survey"),
        numerator=_("Mentees who agree they have a concrete plan"), denominator=_("Mentees who answered"),
        horizon=H_END, areas=(EQUAL, INCLUSION), where=_present("career_plan_after"),
        value=lambda: col("career_plan_after") >= AGREE, survey=MENTEE_END),
    Indicator(
        id="network_widened", title=_("Mentees whose network widened"), kind=PROPORTION,
        definition=_("Share of mentees whose social-capital score (knowing people who can help, daring to ask "
                     "professionals) is higher at the end of the mentoring than at the start."),
        population=_("Mentees who answered both the starting and the end-of-mentoring survey"),
        numerator=_("Mentees with a higher score at the end"), denominator=_("Mentees with both answers"),
        horizon=H_END, areas=(INCLUSION, COHESION), where=_paired("capital_social"),
        value=lambda: col("capital_social_after") > col("capital_social_before"), survey=PAIRED),
    Indicator(
        id="confidence_increased", title=_("Mentees whose confidence increased"), kind=PROPORTION,
        definition=_("Share of mentees whose confidence in finding a job that suits them is higher at the end of the "
                     "mentoring than at the start (same question, 1–5)."),
        population=_("Mentees who answered both the starting and the end-of-mentoring survey"),
        numerator=_("Mentees more confident at the end"), denominator=_("Mentees with both answers"),
        horizon=H_END, areas=(EQUAL, INCLUSION), where=_paired("confidence"),
        value=lambda: col("confidence_after") > col("confidence_before"), survey=PAIRED),
    _capital_change("capital_social", _("Change in social capital (network)"), (COHESION,)),
    _capital_change("capital_cultural", _("Change in cultural capital")),
    _capital_change("capital_information", _("Change in information capital (labour market)")),
    _capital_change("capital_language", _("Change in language capital")),
    _capital_change("capital_psychological", _("Change in psychological capital (confidence, autonomy)")),
    Indicator(
        id="satisfaction", title=_("Satisfied mentees"), kind=PROPORTION,
        definition=_("Share of mentees who agree or strongly agree that they are satisfied with their mentoring, "
                     "in the end-of-mentoring survey."),
        population=_("Mentees who answered the end-of-mentoring survey"),
        numerator=_("Satisfied mentees"), denominator=_("Mentees who answered"), horizon=H_END,
        areas=(COHESION, INCLUSION), where=_present("satisfaction_after"),
        value=lambda: col("satisfaction_after") >= AGREE, survey=MENTEE_END),
    Indicator(
        id="survey_response_rate", title=_("Survey response rate"), kind=RATIO,
        definition=_("Share of the survey invitations sent to the duos' mentees and mentors that were answered."),
        population=_("Survey invitations linked to a duo"), numerator=_("Invitations answered"),
        denominator=_("Invitations sent"), horizon=H_SNAPSHOT, areas=(COHESION,),
        where=lambda: col("invited_all") > 0, value=lambda: col("answered_all"), weight="invited_all"),
]


def _barrier(kind) -> Indicator:
    return Indicator(
        id=f"barrier_{kind.value}", title=format_lazy(_("Barrier: {}"), kind.label), kind=PROPORTION,
        definition=format_lazy(_("Share of mentees in a duo for whom staff recorded the barrier “{}”, at intake or "
                                 "during the follow-up."), kind.label),
        population=_("Mentees of all duos"), numerator=_("Mentees with this barrier"), denominator=DUOS,
        horizon=H_SNAPSHOT, areas=(EQUAL, INCLUSION), where=lambda: pl.lit(True),
        value=lambda: col(f"barrier_{kind.value}"))


BARRIERS = [_barrier(kind) for kind in BarrierKind]
INDICATORS: dict[str, Indicator] = {i.id: i for i in INDICATOR_LIST + BARRIERS}
AREAS = {EQUAL: Area.EQUAL_OPPORTUNITIES.label, INCLUSION: Area.INCLUSION_DIVERSITY.label,
         AGEING: Area.ACTIVE_AGEING.label, COHESION: Area.SOCIAL_COHESION.label}


def in_area(area: str) -> list[Indicator]:
    return [i for i in INDICATOR_LIST if area in i.areas]
