"""The figures beside the tables: before/after detail, reference rates, the comparison with applicants never
matched (observational), dose–response, matching fairness and outcome gaps between groups.

All read a snapshot's frames. Groups smaller than the disclosure threshold keep their label and lose their
numbers (`small=True`): these pages stay in the staff area, but a figure about three people is no figure.
"""

from dataclasses import dataclass

import polars as pl
from django.conf import settings

from . import stats
from .dimensions import Dimension
from .indicators import CHANGE, INDICATORS, Indicator
from .models import ReferenceRate
from .tables import _filtered


def _threshold(threshold):
    return settings.IMPACT_MIN_CELL if threshold is None else threshold


def paired_detail(frames, indicator: Indicator, filters=None, user=None) -> stats.PairedChange | None:
    """Before/after on the same people, for a change indicator or a "went up" share."""
    names = {"network_widened": "capital_social", "confidence_increased": "confidence"}
    if indicator.kind == CHANGE:
        scale = indicator.id.removesuffix("_change")
    elif indicator.id in names:
        scale = names[indicator.id]
    else:
        return None
    frame = _filtered(frames.duos, filters or {}, user).filter(indicator.where())
    return stats.paired_change(frame[f"{scale}_before"].to_list(), frame[f"{scale}_after"].to_list())


@dataclass(frozen=True)
class Reference:
    rate: ReferenceRate
    difference: stats.Difference


def references(indicator: Indicator, successes: int | None, n: int | None) -> list[Reference]:
    """Each reference rate staff entered for this indicator, with the difference and its interval."""
    if not indicator.is_share or not n:
        return []
    out = []
    for rate in ReferenceRate.objects.filter(indicator=indicator.id).select_related("region"):
        difference = stats.difference_from_reference(int(successes), int(n), reference=rate.rate / 100,
                                                     reference_n=rate.population_size)
        out.append(Reference(rate=rate, difference=difference))
    return out


@dataclass(frozen=True)
class Group:
    label: str
    n: int
    successes: int | None
    rate: float | None
    low: float | None
    high: float | None
    small: bool


def _group(label, successes, n, threshold) -> Group:
    if n < threshold:
        return Group(label=label, n=n, successes=None, rate=None, low=None, high=None, small=True)
    low, high = stats.wilson(int(successes), int(n))
    return Group(label=label, n=n, successes=int(successes), rate=successes / n if n else None, low=low, high=high,
                 small=False)


@dataclass(frozen=True)
class Balance:
    dimension: Dimension
    value: str
    label: str
    share_matched: float | None
    share_others: float | None
    standardized: float | None


@dataclass(frozen=True)
class Comparison:
    matched: Group
    others: Group
    difference: stats.Difference | None
    balance: list


def comparison(frames, dimensions: list[Dimension], threshold=None) -> Comparison:
    """Mentees matched (a positive exit at 12 months) against comparable applicants never matched (who left the
    programme for a job or training). Observational: the groups chose differently and are measured differently."""
    threshold = _threshold(threshold)
    indicator = INDICATORS["positive_exit_12m"]
    duos = frames.duos.filter(indicator.where() & pl.col("first_of_mentee"))
    others = frames.applicants.filter(pl.col("comparable"))
    s1 = int(duos.select(indicator.value().sum()).item() or 0)
    s2 = int(others["left_for_job"].sum() or 0)
    matched, rest = _group("matched", s1, duos.height, threshold), _group("others", s2, others.height, threshold)
    difference = None
    if not matched.small and not rest.small:
        difference = stats.difference_of_proportions(s1, duos.height, s2, others.height)
    balance = []
    for dimension in dimensions:
        if not dimension.applicants:
            continue
        a, b = duos[dimension.column].to_list(), others[dimension.column].to_list()
        for value in sorted(set(a) | set(b), key=dimension.sort_key):
            ia, ib = [int(v == value) for v in a], [int(v == value) for v in b]
            small = 0 < sum(ia) < threshold or 0 < sum(ib) < threshold
            balance.append(Balance(
                dimension=dimension, value=value, label=dimension.label(value),
                share_matched=None if small or not a else sum(ia) / len(a),
                share_others=None if small or not b else sum(ib) / len(b),
                standardized=None if small else stats.standardized_difference(ia, ib)))
    return Comparison(matched=matched, others=rest, difference=difference, balance=balance)


def dose(frames, filters=None, user=None) -> stats.DoseResponse:
    """Meetings during the mentoring against a positive exit at 12 months."""
    indicator = INDICATORS["positive_exit_12m"]
    frame = _filtered(frames.duos, filters or {}, user).filter(indicator.where())
    return stats.dose_response(frame["meetings"].to_list(), frame.select(indicator.value()).to_series().to_list())


@dataclass(frozen=True)
class Gap:
    value: str
    label: str
    group: Group
    difference: stats.Difference | None


def gaps(frames, dimension: Dimension, indicator: Indicator, threshold=None) -> list[Gap]:
    """Each group's share against everyone else's, with the interval of the difference (shares only)."""
    threshold = _threshold(threshold)
    frame = frames.duos.filter(indicator.where()).select(
        pl.col(dimension.column).alias("g"), indicator.value().fill_null(False).cast(pl.Int64).alias("x"))
    total_s, total_n = int(frame["x"].sum() or 0), frame.height
    out = []
    for g, s, n in frame.group_by("g").agg(pl.col("x").sum(), pl.len()).rows():
        group = _group(g, s, n, threshold)
        rest_n = total_n - n
        difference = None
        if not group.small and rest_n >= threshold:
            difference = stats.difference_of_proportions(int(s), n, total_s - int(s), rest_n)
        out.append(Gap(value=g, label=dimension.label(g), group=group, difference=difference))
    out.sort(key=lambda gap: dimension.sort_key(gap.value))
    return out


@dataclass(frozen=True)
class Fairness:
    value: str
    label: str
    applicants: int
    matched: Group
    days_to_match: stats.MeanEstimate | None


def fairness(frames, dimension: Dimension, threshold=None) -> list[Fairness]:
    """Per group: of the mentees who applied (matched, or never matched and not found ineligible), the share
    matched, and the days they waited."""
    threshold = _threshold(threshold)
    if not dimension.applicants:
        return []
    mentees = frames.duos.filter(pl.col("first_of_mentee"))
    waiting = frames.applicants.filter(pl.col("stage") != "not_eligible")
    values = sorted(set(mentees[dimension.column].to_list()) | set(waiting[dimension.column].to_list()),
                    key=dimension.sort_key)
    out = []
    for value in values:
        group = mentees.filter(pl.col(dimension.column) == value)
        matched, never = group.height, waiting.filter(pl.col(dimension.column) == value).height
        days = group.filter(pl.col("days_to_match").is_not_null() & (pl.col("days_to_match") >= 0))["days_to_match"]
        small = days.len() < threshold
        out.append(Fairness(value=value, label=dimension.label(value), applicants=matched + never,
                            matched=_group(value, matched, matched + never, threshold),
                            days_to_match=None if small else stats.mean_interval(days.to_list())))
    return out
