"""Disclosure control (duo.impact.disclosure): suppressed tables must resist an attacker who knows the published cells.

The attacks here are written independently of the module: their own equations from the keys, their own linear
programs (den and num as variables, num ≤ den as an inequality), and brute-force integer enumeration for a tiny table.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from duo.impact.disclosure import PRIMARY, PUBLISHED, SECONDARY, Cell, audit, exposed, flags, protect

WIDE = 1 - 1e-6


def build(interior, axes):
    """The complete grid with margins from interior {key: (numerator, denominator)}; axes: each dimension's values."""
    cells = {}
    for key in itertools.product(*[[*values, "*"] for values in axes]):
        members = [k for k in interior if all(a in ("*", b) for a, b in zip(key, k))]
        cells[key] = Cell(numerator=sum(interior[k][0] for k in members),
                          denominator=sum(interior[k][1] for k in members))
    return cells


def lines(cells):
    """Every additivity equation as (margin, [its parts])."""
    for key in cells:
        for pos, value in enumerate(key):
            if value == "*":
                parts = [k for k in cells if k[pos] != "*" and k[:pos] == key[:pos] and k[pos + 1:] == key[pos + 1:]]
                yield key, parts


def attack(cells, status, *, bounded=True):
    """For each PRIMARY cell, the attacker's (min, max) of people, numerator and people − numerator, by LP."""
    hidden = [k for k in cells if status[k]]
    var = {k: i for i, k in enumerate(hidden)}
    h = len(hidden)
    rows, rhs = [], []
    for total, parts in lines(cells):
        for offset, attr in ((0, "denominator"), (h, "numerator")):
            row, const = np.zeros(2 * h), 0.0
            for key, coef in [(total, 1.0)] + [(p, -1.0) for p in parts]:
                if key in var:
                    row[offset + var[key]] += coef
                else:
                    const -= coef * getattr(cells[key], attr)
            if row.any():
                rows.append(row)
                rhs.append(const)
    a_ub = np.hstack([-np.eye(h), np.eye(h)]) if bounded else None  # num - den <= 0
    b_ub = np.zeros(h) if bounded else None
    result = {}
    for key in hidden:
        if status[key] != PRIMARY:
            continue
        i = var[key]
        objectives = {"den": np.eye(2 * h)[i], "num": np.eye(2 * h)[h + i]}
        objectives["rest"] = objectives["den"] - objectives["num"]
        found = {}
        for name, c in objectives.items():
            ends = []
            for sign in (1, -1):
                res = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, A_eq=np.array(rows) if rows else None,
                              b_eq=np.array(rhs) if rows else None, bounds=(0, None), method="highs")
                assert res.status in (0, 3), res.message
                ends.append(math.inf if res.status == 3 else sign * res.fun)
            found[name] = tuple(ends)
        result[key] = found
    return result


def assert_safe(cells, status, *, bounded=True, threshold=10):
    assert set(status) == set(cells)
    for key, cell in cells.items():
        small = 0 < cell.denominator < threshold
        assert (status[key] == PRIMARY) == small, key
    for total, parts in lines(cells):  # the one-unknown attack: total minus the published cells
        assert sum(bool(status[k]) for k in [total, *parts]) != 1, (total, parts)
    for key, found in attack(cells, status, bounded=bounded).items():
        names = ("den", "num", "rest") if bounded else ("den", "num")
        for name in names:
            low, high = found[name]
            assert high - low >= WIDE, (key, name, low, high)


def suppressed(status, kind=SECONDARY):
    return {k for k, s in status.items() if s == kind}


# A hand-built table: five antennas and their total; Namur has 3 people.
ONE_D = build({("Bruxelles",): (8, 20), ("Liège",): (6, 15), ("Mons",): (5, 12), ("Namur",): (1, 3),
               ("Wavre",): (10, 30)}, [["Bruxelles", "Liège", "Mons", "Namur", "Wavre"]])


def test_one_dimension_hides_the_smallest_other_cell():
    status = protect(ONE_D)
    assert suppressed(status, PRIMARY) == {("Namur",)}
    assert suppressed(status) == {("Mons",)}  # the fewest people among the cells that protect Namur
    total = ONE_D[("*",)].denominator
    published = sum(c.denominator for k, c in ONE_D.items() if k != ("*",) and not status[k])
    assert total - published != ONE_D[("Namur",)].denominator  # "total minus the rest" no longer works
    bounds = audit(ONE_D, status)[("Namur",)]
    assert bounds.den_high - bounds.den_low >= 1 and bounds.num_high - bounds.num_low >= 1
    assert (bounds.den_low, bounds.den_high, bounds.num_low, bounds.num_high) == pytest.approx((0, 15, 0, 6))
    assert exposed(ONE_D, status) == []
    assert_safe(ONE_D, status)


def test_one_dimension_integer_enumeration_finds_several_answers():
    status = protect(ONE_D)
    hidden = sorted(k for k in ONE_D if status[k])
    known = {k: c for k, c in ONE_D.items() if not status[k]}
    total = ONE_D[("*",)]
    assert ("*",) in known
    left_den = total.denominator - sum(c.denominator for k, c in known.items() if k != ("*",))
    left_num = total.numerator - sum(c.numerator for k, c in known.items() if k != ("*",))
    answers = [(dens, nums)
               for dens in itertools.product(range(left_den + 1), repeat=len(hidden)) if sum(dens) == left_den
               for nums in itertools.product(range(left_num + 1), repeat=len(hidden)) if sum(nums) == left_num
               if all(n <= d for n, d in zip(nums, dens))]
    namur = hidden.index(("Namur",))
    assert len({dens[namur] for dens, _ in answers}) >= 2
    assert len({nums[namur] for _, nums in answers}) >= 2


def test_suppressing_only_the_small_cell_is_exposed():
    naive = {k: PRIMARY if k == ("Namur",) else PUBLISHED for k in ONE_D}
    assert exposed(ONE_D, naive) == [("Namur",)]
    bounds = audit(ONE_D, naive)[("Namur",)]
    assert bounds.den_low == pytest.approx(3) and bounds.den_high == pytest.approx(3)


def test_audit_reports_unbounded_intervals_as_infinite():
    status = {k: PRIMARY if k == ("Namur",) else SECONDARY if k == ("*",) else PUBLISHED for k in ONE_D}
    bounds = audit(ONE_D, status)
    assert bounds[("Namur",)].den_low == pytest.approx(0) and bounds[("Namur",)].den_high == math.inf
    assert bounds[("*",)].den_low == pytest.approx(77) and exposed(ONE_D, status) == []


ANTENNAS, GENDERS = ["Bruxelles", "Liège", "Mons", "Namur"], ["F", "M", "X"]
TWO_D = build({
    ("Bruxelles", "F"): (12, 30), ("Bruxelles", "M"): (9, 25), ("Bruxelles", "X"): (6, 14),
    ("Liège", "F"): (10, 22), ("Liège", "M"): (7, 18), ("Liège", "X"): (5, 11),
    ("Mons", "F"): (8, 16), ("Mons", "M"): (6, 15), ("Mons", "X"): (2, 4),
    ("Namur", "F"): (11, 24), ("Namur", "M"): (9, 21), ("Namur", "X"): (7, 13),
}, [ANTENNAS, GENDERS])


def test_two_dimensions_row_and_column_each_get_a_second_suppression():
    status = protect(TWO_D)
    assert suppressed(status, PRIMARY) == {("Mons", "X")}
    hidden = {k for k, s in status.items() if s}
    assert len({k for k in hidden if k[0] == "Mons"}) >= 2
    assert len({k for k in hidden if k[1] == "X"}) >= 2
    assert all("*" not in k for k in hidden)  # cells inside the table protect it: margins stay published
    assert_safe(TWO_D, status)


def test_audit_agrees_with_an_independent_attack():
    status = protect(TWO_D)
    mine = attack(TWO_D, status)[("Mons", "X")]
    bounds = audit(TWO_D, status)[("Mons", "X")]
    assert (bounds.den_low, bounds.den_high) == pytest.approx(mine["den"], abs=1e-6)
    assert (bounds.num_low, bounds.num_high) == pytest.approx(mine["num"], abs=1e-6)
    assert (bounds.rest_low, bounds.rest_high) == pytest.approx(mine["rest"], abs=1e-6)


def test_numerator_zero_is_not_given_away():
    # Two small cells in the same row, nobody in either found a job: hiding just those two tells the attacker 0.
    cells = build({("Mons", "F"): (0, 3), ("Mons", "M"): (0, 4), ("Mons", "X"): (0, 12),
                   ("Namur", "F"): (6, 20), ("Namur", "M"): (5, 18), ("Namur", "X"): (4, 15),
                   ("Wavre", "F"): (9, 25), ("Wavre", "M"): (0, 11), ("Wavre", "X"): (7, 19)},
                  [["Mons", "Namur", "Wavre"], GENDERS])
    naive = {k: PRIMARY if 0 < c.denominator < 10 else PUBLISHED for k, c in cells.items()}
    naive.update({("Namur", "F"): SECONDARY, ("Namur", "M"): SECONDARY})  # the counts are covered, not the zeros
    assert sorted(exposed(cells, naive)) == [("Mons", "F"), ("Mons", "M")]
    status = protect(cells)
    assert_safe(cells, status)
    for found in attack(cells, status).values():
        assert found["num"][1] >= 1  # "nobody succeeded" cannot be concluded


def test_everyone_succeeding_is_not_given_away():
    cells = build({("a", "F"): (3, 3), ("a", "M"): (4, 4), ("a", "X"): (12, 12),
                   ("b", "F"): (6, 20), ("b", "M"): (5, 18), ("b", "X"): (4, 15)}, [["a", "b"], GENDERS])
    naive = {k: PRIMARY if 0 < c.denominator < 10 else PUBLISHED for k, c in cells.items()}
    naive.update({("b", "F"): SECONDARY, ("b", "M"): SECONDARY})
    assert sorted(exposed(cells, naive)) == [("a", "F"), ("a", "M")]
    status = protect(cells)
    assert_safe(cells, status)
    for found in attack(cells, status).values():
        assert found["rest"][1] >= 1  # "everyone succeeded" cannot be concluded


def test_unbounded_sums_such_as_meetings():
    cells = build({("a",): (41, 12), ("b",): (17, 2), ("c",): (60, 15), ("d",): (38, 11), ("e",): (0, 0)},
                  [list("abcde")])
    with pytest.raises(ValueError):
        protect(cells)  # meetings exceed people: not a proportion
    status = protect(cells, bounded=False)
    assert suppressed(status, PRIMARY) == {("b",)}
    assert status[("e",)] == PUBLISHED  # an empty cell is a poor cover: whoever knows it is empty learns b
    assert_safe(cells, status, bounded=False)
    assert exposed(cells, status, bounded=False) == []


def test_threshold_is_respected_and_empty_cells_stay_published():
    status = protect(TWO_D, threshold=15)
    assert suppressed(status, PRIMARY) == {k for k, c in TWO_D.items() if 0 < c.denominator < 15}
    assert_safe(TWO_D, status, threshold=15)
    assert set(protect(TWO_D, threshold=1).values()) == {PUBLISHED}


def test_a_table_without_dimensions():
    assert protect({(): Cell(1, 4)}) == {(): PRIMARY}
    assert protect({(): Cell(10, 40)}) == {(): PUBLISHED}


def test_bad_tables_are_refused():
    incomplete = dict(TWO_D)
    del incomplete[("Mons", "X")]
    with pytest.raises(ValueError, match="incomplete"):
        protect(incomplete)
    wrong = dict(ONE_D)
    wrong[("*",)] = Cell(30, 81)
    with pytest.raises(ValueError, match="sums"):
        protect(wrong)


def test_flags():
    status = {("a",): PRIMARY, ("b",): SECONDARY, ("c",): PUBLISHED, ("d",): PUBLISHED}
    assert flags(status, unreliable=[("a",), ("c",)]) == {("a",): ":c", ("b",): ":c", ("c",): ":u", ("d",): ""}


@st.composite
def tables(draw, *, small=True, bounded=True):
    d = draw(st.sampled_from([1, 2, 3]))
    sizes = draw(st.lists(st.integers(1, 5 if d == 1 else 4 if d == 2 else 3), min_size=d, max_size=d))
    axes = [[f"{'xyz'[k]}{i}" for i in range(n)] for k, n in enumerate(sizes)]
    interior = {}
    for key in itertools.product(*axes):
        people = draw(st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 40)) if small
                      else st.one_of(st.just(0), st.integers(10, 40)))
        interior[key] = (draw(st.integers(0, people if bounded else 3 * people)), people)
    return build(interior, axes)


@settings(max_examples=60)
@given(tables())
def test_random_tables_resist_the_attack(cells):
    status = protect(cells)
    assert_safe(cells, status)
    assert protect(dict(reversed(list(cells.items())))) == status  # deterministic, whatever the order given


@settings(max_examples=25)
@given(tables(bounded=False))
def test_random_unbounded_tables_resist_the_attack(cells):
    assert_safe(cells, protect(cells, bounded=False), bounded=False)


@settings(max_examples=30)
@given(tables(small=False))
def test_without_small_cells_nothing_is_suppressed(cells):
    assert set(protect(cells).values()) == {PUBLISHED}
