"""The quality report: the measures in the order of the six standards, for some antennas and a period,
and beside it the organisation as a whole for staff who may see every antenna."""

from __future__ import annotations

from .measures import Standard, standards
from .periods import Period


def report(*, antenna_ids: list[int] | None, period: Period, today) -> list[Standard]:
    return standards(antenna_ids, period, today)


def with_comparison(mine: list[Standard], organisation: list[Standard] | None) -> list[dict]:
    """The report's sections, each measure paired with the organisation's figure (or None)."""
    sections = []
    for k, standard in enumerate(mine):
        others = organisation[k].measures if organisation else [None] * len(standard.measures)
        sections.append({"standard": standard, "rows": list(zip(standard.measures, others))})
    return sections
