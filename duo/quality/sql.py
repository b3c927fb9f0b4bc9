"""Database helpers the measures share: whole days between two dates, and counts grouped by a few
expressions, from which shares and medians are computed without a row per duo reaching Python."""

from django.db.models import Count, FloatField, Func


class DaysBetween(Func):
    """`later - earlier` in whole days, for two date expressions, on SQLite and PostgreSQL alike."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: date - date is already a number of days.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(julianday(%(expressions)s))",
                              arg_joiner=") - julianday(", **extra)


def grouped(queryset, **expressions) -> list[dict]:
    """One row per distinct combination of the expressions, with `n`, the rows it stands for: a few
    hundred rows however many duos, since days and flags take few values."""
    names = list(expressions)
    return list(queryset.annotate(**expressions).values(*names).annotate(n=Count("pk")).order_by())


def median_from_counts(counts: dict[float, int]) -> float | None:
    """The median of a multiset given as {value: how many}; the mean of the two middle values when
    the count is even, as statistics.median does."""
    total = sum(counts.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(counts):
        seen_next = seen + counts[value]
        found.extend(value for i in middle if seen <= i < seen_next)
        seen = seen_next
    return (found[0] + found[1]) / 2


def days_histogram(rows, key="days", where=lambda row: True) -> dict[int, int]:
    counts = {}
    for row in rows:
        if row[key] is not None and where(row):
            day = round(row[key])
            counts[day] = counts.get(day, 0) + row["n"]
    return counts
