"""The fairness view: rates and mean scores per group, small groups suppressed."""

import json
import math

import numpy as np
import pytest

from duo.matching.fairness import age_band, fairness


def test_rates_and_mean_scores_per_group():
    genders = ["female"] * 6 + ["male"] * 5 + ["other"] * 2 + [None]
    proposed = np.array([1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0], dtype=bool)
    scores = np.where(proposed, np.arange(14, dtype=float) * 10, np.nan)
    view = fairness({"gender": genders}, proposed, scores)
    json.dumps(view)
    cells = {row["group"]: row for row in view["gender"]}
    assert cells["female"] == {"group": "female", "n": 6, "proposed": 4, "rate": pytest.approx(4 / 6, abs=1e-4),
                               "mean_score": pytest.approx((0 + 10 + 20 + 50) / 4), "suppressed": False}
    assert cells["male"]["proposed"] == 2 and cells["male"]["rate"] == 0.4
    assert cells["male"]["mean_score"] == pytest.approx((60 + 70) / 2)
    assert [row["group"] for row in view["gender"]][-1] == "unknown"


def test_groups_smaller_than_the_minimum_cell_show_no_figure():
    view = fairness({"origin": ["a"] * 5 + ["b"] * 4}, np.ones(9, dtype=bool), np.full(9, 50.0))
    cells = {row["group"]: row for row in view["origin"]}
    assert not cells["a"]["suppressed"] and cells["a"]["n"] == 5
    assert cells["b"] == {"group": "b", "n": None, "proposed": None, "rate": None, "mean_score": None,
                          "suppressed": True}
    # A larger threshold suppresses both.
    view = fairness({"origin": ["a"] * 5 + ["b"] * 4}, np.ones(9, dtype=bool), np.full(9, 50.0), min_cell=10)
    assert all(row["suppressed"] for row in view["origin"])


def test_a_group_nobody_in_which_was_proposed_has_no_mean_score():
    view = fairness({"g": ["x"] * 5}, np.zeros(5, dtype=bool), np.full(5, np.nan))
    assert view["g"][0]["rate"] == 0 and view["g"][0]["mean_score"] is None


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        fairness({"g": ["x"] * 4}, np.zeros(5, dtype=bool), np.zeros(5))
    with pytest.raises(ValueError):
        fairness({"g": ["x"] * 5}, np.zeros(5, dtype=bool), np.zeros(4))


@pytest.mark.parametrize("age, band", [
    (18, "18–24"), (24, "18–24"), (24.9, "18–24"), (25, "25–29"), (29, "25–29"), (30, "30+"), (52, "30+"),
    (None, "unknown"), (math.nan, "unknown"), ("", "unknown"), (16, "unknown"),
])
def test_age_bands(age, band):
    assert age_band(age) == band
