"""k-anonymity (duo.research.kanon): whatever the rows, what leaves has every combination of quasi-identifiers at
least k times, invents nothing, leaves the other columns alone, and says what it did. Pure: no database."""

import itertools
import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.research.kanon import WITHHELD, Hierarchy, Level, anonymise


def band(width):
    return lambda age: None if age is None else f"{age // width * width}-{age // width * width + width - 1}"


AGE = Hierarchy("age", "age", (Level("5-year bands", band(5)), Level("10-year bands", band(10))))
GENDER = Hierarchy("gender", "gender")
PLACES = {"bxl-n": "brussels", "bxl-s": "brussels", "liege": "wallonia", "paris": "ile-de-france"}
COUNTRY = {"brussels": "BE", "wallonia": "BE", "ile-de-france": "FR"}
PLACE = Hierarchy("place", "antenna", (Level("region", lambda a: PLACES.get(a, "unknown")),
                                       Level("country", lambda a: COUNTRY.get(PLACES.get(a), "unknown"))))
HIERARCHIES = [AGE, GENDER, PLACE]
QIS = [h.column for h in HIERARCHIES]

rows = st.lists(st.fixed_dictionaries({
    "age": st.one_of(st.none(), st.integers(16, 80)),
    "gender": st.sampled_from(["female", "male", "other", "unknown"]),
    "place": st.sampled_from(sorted(PLACES)),
    "outcome": st.sampled_from(["job", "training", "none", None]),
    "hours": st.floats(0, 100, allow_nan=False),
}), max_size=150)


def frame(data):
    return pl.DataFrame(data, schema={"age": pl.Int64, "gender": pl.Utf8, "place": pl.Utf8, "outcome": pl.Utf8,
                                      "hours": pl.Float64}).with_row_index("row")


def classes(out):
    return out.group_by(QIS).len()["len"]


@settings(max_examples=80, deadline=None)
@given(rows, st.integers(1, 12), st.sampled_from([0.0, 0.05, 0.2]))
def test_every_combination_has_k_rows_and_nothing_is_invented(data, k, share):
    source = frame(data)
    out, report = anonymise(source, HIERARCHIES, k=k, max_suppression=share)
    if out.height:
        assert classes(out).min() >= k
    # Every row that leaves is a row that came in, once, with its other columns untouched...
    assert out["row"].n_unique() == out.height
    joined = out.join(source, on="row", how="left", suffix="_in")
    assert joined["outcome"].equals(joined["outcome_in"]) and joined["hours"].equals(joined["hours_in"])
    # ...and its quasi-identifiers are its own, generalised to the level reported.
    for h in HIERARCHIES:
        level = report.levels[h.column]
        assert joined[h.column].to_list() == [h.value(level, v) for v in joined[f"{h.column}_in"].to_list()]
    # The counts add up, and the suppression stays within its share unless nothing could be released.
    assert report.rows_in == len(data) == report.rows_out + report.suppressed
    assert report.rows_out == out.height
    if report.feasible:
        assert report.suppressed <= math.floor(share * len(data) + 1e-9)
    else:
        assert out.height == 0 and report.suppressed == len(data)
    assert report.smallest_class == (classes(out).min() if out.height else None)


@settings(max_examples=40, deadline=None)
@given(rows, st.integers(2, 8))
def test_no_lower_generalisation_would_have_done(data, k):
    """The chosen levels have the smallest total: every vector below it suppresses too much (brute force)."""
    source = frame(data)
    out, report = anonymise(source, HIERARCHIES, k=k, max_suppression=0.05)
    if not report.feasible:
        return
    chosen = sum(report.levels.values())
    allowed = math.floor(0.05 * len(data) + 1e-9)
    for vector in itertools.product(*(range(h.height + 1) for h in HIERARCHIES)):
        if sum(vector) >= chosen:
            continue
        generalised = source.with_columns(
            pl.Series(h.column, [h.value(level, v) for v in source[h.column].to_list()], dtype=pl.Utf8)
            for h, level in zip(HIERARCHIES, vector))
        sizes = generalised.group_by(QIS).len()["len"] if len(data) else pl.Series([], dtype=pl.UInt32)
        assert sizes.filter(sizes < k).sum() > allowed, vector


@given(st.integers(0, 20))
def test_k_larger_than_the_rows_suppresses_everything_and_says_so(n):
    source = frame([{"age": 30, "gender": "female", "place": "liege", "outcome": "job", "hours": 1.0}] * n)
    out, report = anonymise(source, HIERARCHIES, k=n + 1)
    assert out.height == 0
    assert report.suppressed == n and report.rows_out == 0
    assert report.smallest_class is None
    assert report.feasible is (n == 0)


def test_a_uniform_population_needs_no_generalisation():
    source = frame([{"age": 30, "gender": "female", "place": "liege", "outcome": "job", "hours": 1.0}] * 6)
    out, report = anonymise(source, HIERARCHIES, k=5)
    assert report.levels == {"age": 0, "gender": 0, "place": 0}
    assert report.described == {"age": "as recorded", "gender": "as recorded", "place": "as recorded"}
    assert out["age"].to_list() == ["30"] * 6 and report.smallest_class == 6


def test_ages_are_banded_before_anything_else_is_withheld():
    """Eight women and eight men in one antenna, aged 32 to 39: three of each in the 30-34 band, so 5-year bands
    are not enough, 10-year bands are, and gender and place stay as recorded."""
    data = [{"age": 32 + i, "gender": g, "place": "liege", "outcome": None, "hours": 0.0}
            for g in ("female", "male") for i in range(8)]
    out, report = anonymise(frame(data), HIERARCHIES, k=5, max_suppression=0)
    assert report.levels == {"age": 2, "gender": 0, "place": 0}
    assert report.described["age"] == "10-year bands"
    assert set(out["age"]) == {"30-39"} and report.suppressed == 0


def test_a_lone_row_is_suppressed_within_the_allowed_share():
    data = [{"age": 40, "gender": "female", "place": "liege", "outcome": "job", "hours": 2.0}] * 40
    data.append({"age": 79, "gender": "other", "place": "paris", "outcome": "none", "hours": 9.0})
    out, report = anonymise(frame(data), HIERARCHIES, k=5, max_suppression=0.05)
    assert report.levels == {"age": 0, "gender": 0, "place": 0}
    assert report.suppressed == 1 and out.height == 40 and WITHHELD not in out["gender"].to_list()


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        anonymise(frame([]), HIERARCHIES, k=0)
    with pytest.raises(ValueError):
        anonymise(frame([]), HIERARCHIES, k=5, max_suppression=1.5)


@settings(max_examples=60, deadline=None)
@given(rows, st.lists(st.integers(0, 30), min_size=150, max_size=150), st.integers(1, 6))
def test_counted_in_people_every_combination_has_k_people(data, owners, k):
    """A row is a duo and one person may have several: a class of five duos of two people is not five people."""
    source = frame(data).with_columns(pl.Series("person", owners[:len(data)], dtype=pl.Int64))
    out, report = anonymise(source, HIERARCHIES, k=k, entity="person")
    if out.height:
        people = out.group_by(QIS).agg(pl.col("person").n_unique())["person"]
        assert people.min() >= k and report.smallest_class == people.min()
    assert report.rows_out + report.suppressed == len(data)
    assert set(out["row"]) <= set(source["row"])
