"""Reads: a person's barriers, and the anonymous counts the advocacy work starts from."""

from django.db.models import Count
from django.db.models.functions import ExtractYear

from duo.accounts import scoping

from .models import DISCRIMINATION, Barrier, BarrierKind

# Counts under this are shown as "fewer than": a single "discrimination by religion" in a small
# antenna and year could point at someone the reader knows.
SMALL_CELL = 5


def for_person(user, person):
    return scoping.scope(user, Barrier.objects.filter(person=person)).select_related(
        "duo__mentor__person", "duo__mentee__person")


def summary(*, antenna_ids: list[int] | None) -> dict:
    """People meeting each kind of barrier, per year it was observed, in the given antennas (None: all).

    A person counts once per kind and year however often it was noted, and once in the year's total
    however many kinds they met.
    """
    qs = Barrier.objects.all()
    if antenna_ids is not None:
        qs = qs.filter(person__antenna_id__in=antenna_ids)
    qs = qs.annotate(year=ExtractYear("observed_on"))
    cells = {(r["kind"], r["year"]): r["n"]
             for r in qs.values("kind", "year").annotate(n=Count("person", distinct=True)).order_by()}
    def per_year(rows):
        return {r["year"]: r["n"] for r in rows.values("year").annotate(n=Count("person", distinct=True)).order_by()}

    totals = per_year(qs)
    # Discrimination on any ground, each person once: the figure advocacy quotes first.
    discrimination = per_year(qs.filter(kind__in=DISCRIMINATION))
    years = sorted(totals)
    rows = []
    for kind in BarrierKind:
        counts = [cells.get((kind.value, y), 0) for y in years]
        if any(counts):
            rows.append({"kind": kind.value, "label": kind.label, "counts": [_shown(n) for n in counts]})
    return {"years": years, "rows": rows, "totals": [_shown(totals[y]) for y in years],
            "discrimination": [_shown(discrimination.get(y, 0)) for y in years], "small": SMALL_CELL}


def _shown(n: int) -> dict:
    return {"n": n, "suppressed": 0 < n < SMALL_CELL}
