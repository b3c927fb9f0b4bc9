"""The statistics behind the impact figures, checked against textbook formulas and published worked examples."""

import math
import statistics
import warnings

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from duo.impact.stats import (
    Difference,
    difference_from_reference,
    difference_of_proportions,
    dose_response,
    mean_interval,
    paired_change,
    reliable,
    standardized_difference,
    wilson,
)

Z95 = 1.959963984540054
likert = st.integers(min_value=1, max_value=5)


def textbook_wilson(k, n, z=Z95):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- wilson ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("k", "n"), [(0, 10), (10, 10), (5, 10), (81, 263), (1, 29), (3, 1000)])
def test_wilson_matches_the_textbook_formula(k, n):
    low, high = wilson(k, n)
    expected_low, expected_high = textbook_wilson(k, n)
    assert low == pytest.approx(expected_low, abs=1e-12)
    assert high == pytest.approx(expected_high, abs=1e-12)
    assert isinstance(low, float) and isinstance(high, float)


@pytest.mark.parametrize(
    ("k", "n", "published"),
    # Newcombe (1998), Statistics in Medicine 17:857, Table I, score method without continuity correction.
    [(81, 263, (0.2553, 0.3662)), (15, 148, (0.0624, 0.1605)), (0, 20, (0.0, 0.1611)), (1, 29, (0.0061, 0.1718))],
)
def test_wilson_reproduces_newcombes_worked_examples(k, n, published):
    assert tuple(round(bound, 4) for bound in wilson(k, n)) == published


def test_wilson_is_exact_at_the_boundaries_and_other_levels():
    assert wilson(0, 7)[0] == 0.0
    assert wilson(7, 7)[1] == 1.0
    z99 = sps.norm.ppf(0.995)
    assert wilson(5, 10, level=0.99) == pytest.approx(textbook_wilson(5, 10, z=z99))
    assert wilson(0, 0) == (None, None)


@pytest.mark.parametrize(("k", "n"), [(11, 10), (-1, 10), (0, -1)])
def test_wilson_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError):
        wilson(k, n)


def test_level_must_be_a_probability():
    with pytest.raises(ValueError):
        wilson(1, 2, level=95)


@settings(max_examples=60)
@given(n=st.integers(1, 2000), data=st.data())
def test_wilson_contains_the_estimate_within_0_1(n, data):
    k = data.draw(st.integers(0, n))
    low, high = wilson(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


@settings(max_examples=60)
@given(n=st.integers(1, 500), factor=st.integers(2, 20), data=st.data())
def test_wilson_narrows_with_more_people_at_the_same_rate(n, factor, data):
    k = data.draw(st.integers(0, n))
    small_low, small_high = wilson(k, n)
    big_low, big_high = wilson(k * factor, n * factor)
    assert big_high - big_low < small_high - small_low


# --- mean_interval ---------------------------------------------------------------------------------------------------


def test_mean_interval_by_hand():
    values = [2, 4, 4, None, 4, 5, 5, float("nan"), 7, 9]
    result = mean_interval(values)
    # 8 present values, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32.
    sd = math.sqrt(32 / 7)
    half = sps.t.ppf(0.975, 7) * sd / math.sqrt(8)
    assert result.n == 8
    assert result.mean == pytest.approx(5.0)
    assert result.sd == pytest.approx(sd)
    assert (result.low, result.high) == pytest.approx((5 - half, 5 + half))


def test_mean_interval_with_too_few_values():
    one = mean_interval([None, 3])
    assert (one.n, one.mean, one.low, one.high, one.sd) == (1, 3.0, None, None, None)
    none = mean_interval([None, float("nan")])
    assert (none.n, none.mean, none.low) == (0, None, None)


# --- paired_change ---------------------------------------------------------------------------------------------------


def test_paired_change_by_hand(no_warnings):
    before = [1, 2, 3, 3, 3, 4, None, 2]
    after = [2, 2, 4, 3, 5, 4, 5, float("nan")]
    result = paired_change(before, after)
    diffs = [1, 0, 1, 0, 2, 0]  # the last two pairs are incomplete
    mean = sum(diffs) / 6
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / 5)
    half = sps.t.ppf(0.975, 5) * sd / math.sqrt(6)
    assert result.n == 6
    assert result.before_mean == pytest.approx(16 / 6)
    assert result.after_mean == pytest.approx(20 / 6)
    assert result.mean_change == pytest.approx(mean)
    assert (result.low, result.high) == pytest.approx((mean - half, mean + half))
    assert result.effect_size == pytest.approx(mean / sd)
    assert result.effect_low < result.effect_size < result.effect_high
    assert 0 < result.p_value <= 1


def test_effect_size_interval_inverts_the_noncentral_t():
    result = paired_change([3, 2, 4, 3, 2, 3, 1, 2, 3, 4], [4, 4, 4, 5, 3, 3, 3, 2, 4, 5])
    n = 10
    t_obs = result.effect_size * math.sqrt(n)
    # At the lower bound the observed t is the upper 2.5 % point, at the upper bound the lower 2.5 % point.
    assert sps.nct.sf(t_obs, n - 1, result.effect_low * math.sqrt(n)) == pytest.approx(0.025, abs=1e-6)
    assert sps.nct.cdf(t_obs, n - 1, result.effect_high * math.sqrt(n)) == pytest.approx(0.025, abs=1e-6)


def test_a_clear_improvement_is_significant():
    before = [2, 1, 2, 3, 2, 2, 1, 3, 2, 2, 1, 2]
    after = [4, 3, 4, 4, 3, 4, 3, 5, 4, 3, 3, 4]
    result = paired_change(before, after)
    assert result.p_value < 0.01
    assert result.low > 0
    assert result.effect_low > 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([3, 3, 2, 4, 1, 3, 2, 5, 3, 2, 4], [4, 3, 4, 4, 2, 5, 2, 5, 4, 3, 3]),  # zeros and ties, n = 11
        ([1, 2, 3, 4, 5, 2], [3, 2, 2, 5, 5, 5]),
    ],
)
def test_signed_rank_p_matches_scipys_exact_permutation_test(before, after):
    # For n <= 13 with zeros or ties scipy enumerates every sign flip (slowly), the exact answer to compare with.
    expected = sps.wilcoxon([a - b for b, a in zip(before, after)], zero_method="pratt").pvalue
    assert paired_change(before, after).p_value == pytest.approx(expected, rel=1e-12)


@settings(max_examples=20)
@given(st.permutations(range(1, 31)), st.lists(st.booleans(), min_size=30, max_size=30))
def test_signed_rank_p_matches_scipys_exact_test_without_ties(magnitudes, negative):
    diffs = [-m if neg else m for m, neg in zip(magnitudes, negative)]
    expected = sps.wilcoxon(diffs).pvalue
    assert paired_change([0] * 30, diffs).p_value == pytest.approx(expected, rel=1e-9)


def test_large_samples_use_the_normal_approximation():
    before = [3, 2, 4, 3, 2, 3, 1, 2, 3, 4] * 8
    after = [4, 4, 4, 5, 3, 3, 3, 2, 4, 5] * 8
    expected = sps.wilcoxon([a - b for b, a in zip(before, after)], zero_method="pratt", method="asymptotic").pvalue
    assert paired_change(before, after).p_value == pytest.approx(expected)


def test_all_equal_pairs_give_no_change_and_no_effect(no_warnings):
    result = paired_change([3, 4, 2, 5], [3, 4, 2, 5])
    assert result.mean_change == 0
    assert (result.low, result.high) == (0.0, 0.0)
    assert (result.effect_size, result.effect_low, result.effect_high, result.p_value) == (None, None, None, None)


def test_paired_change_edge_sizes(no_warnings):
    assert paired_change([None], [3]).n == 0
    single = paired_change([2], [4])
    assert (single.n, single.mean_change, single.low, single.p_value) == (1, 2.0, None, None)
    with pytest.raises(ValueError):
        paired_change([1, 2], [1])


pairs = st.lists(st.tuples(likert, likert), min_size=2, max_size=40)


@settings(max_examples=50)
@given(pairs=pairs, gaps=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["before", "after", "both"]))))
def test_incomplete_pairs_are_ignored(pairs, gaps):
    before, after = [b for b, _ in pairs], [a for _, a in pairs]
    holed_before, holed_after = list(before), list(after)
    for position, side in gaps:
        position = min(position, len(holed_before))
        holed_before.insert(position, None if side in ("before", "both") else 3)
        holed_after.insert(position, None if side in ("after", "both") else 3)
    assert paired_change(holed_before, holed_after) == paired_change(before, after)


@settings(max_examples=50)
@given(pairs=pairs, shift=st.integers(-4, 4))
def test_shifting_after_shifts_the_change_only(pairs, shift):
    before, after = [b for b, _ in pairs], [a for _, a in pairs]
    base = paired_change(before, after)
    shifted = paired_change(before, [a + shift for a in after])
    assert shifted.mean_change == pytest.approx(base.mean_change + shift)
    assert shifted.before_mean == base.before_mean
    # Same spread of differences: the interval moves without changing width.
    assert shifted.high - shifted.low == pytest.approx(base.high - base.low, abs=1e-9)
    assert shifted.low == pytest.approx(base.low + shift, abs=1e-9)


@settings(max_examples=60)
@given(pairs=pairs)
def test_likert_data_never_warns_and_intervals_are_coherent(pairs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = paired_change([b for b, _ in pairs], [a for _, a in pairs])
    assert result.low <= result.mean_change <= result.high
    diffs = [a - b for b, a in pairs]
    if statistics.pstdev(diffs) > 0:
        assert result.effect_size == pytest.approx(statistics.mean(diffs) / statistics.stdev(diffs))
        assert result.effect_low <= result.effect_size <= result.effect_high
    else:
        assert result.effect_size is None
    if all(d == 0 for d in diffs):
        assert result.p_value is None
    else:
        assert 0 < result.p_value <= 1


# --- differences of rates --------------------------------------------------------------------------------------------


def test_fixed_reference_shifts_the_wilson_interval():
    result = difference_from_reference(81, 263, reference=0.25)
    low, high = textbook_wilson(81, 263)
    assert result.method == "wilson"
    assert result.estimate == pytest.approx(81 / 263)
    assert result.difference == pytest.approx(81 / 263 - 0.25)
    assert (result.low, result.high) == pytest.approx((low - 0.25, high - 0.25))
    # Score test against p0 = 0.25, written out.
    z = (81 / 263 - 0.25) / math.sqrt(0.25 * 0.75 / 263)
    assert result.p_value == pytest.approx(2 * sps.norm.sf(abs(z)))


@settings(max_examples=60)
@given(n=st.integers(1, 300), reference=st.floats(0.01, 0.99), data=st.data())
def test_fixed_reference_p_value_agrees_with_the_interval(n, reference, data):
    k = data.draw(st.integers(0, n))
    result = difference_from_reference(k, n, reference=reference)
    # The Wilson interval is the inversion of this score test; stay clear of the exact boundary.
    assume(min(abs(result.low), abs(result.high)) > 1e-6)
    excludes_reference = result.low > 0 or result.high < 0
    assert (result.p_value < 0.05) == excludes_reference


def test_reference_at_the_boundary_uses_the_exact_test():
    assert difference_from_reference(0, 20, reference=0.0).p_value == 1.0
    assert difference_from_reference(1, 20, reference=0.0).p_value == 0.0


@settings(max_examples=50)
@given(n=st.integers(1, 300), reference_n=st.integers(1, 5000), reference=st.floats(0, 1), data=st.data())
def test_estimated_reference_interval_contains_the_difference(n, reference_n, reference, data):
    k = data.draw(st.integers(0, n))
    result = difference_from_reference(k, n, reference=reference, reference_n=reference_n)
    assert result.method == "newcombe"
    assert result.reference == reference
    assert result.low <= result.difference <= result.high
    assert -1 <= result.low and result.high <= 1


@pytest.mark.parametrize(("k", "n", "reference"), [(81, 263, 0.25), (3, 40, 0.3), (0, 15, 0.1), (30, 30, 0.6)])
def test_a_huge_reference_sample_behaves_like_a_fixed_reference(k, n, reference):
    fixed = difference_from_reference(k, n, reference=reference)
    estimated = difference_from_reference(k, n, reference=reference, reference_n=10**9)
    assert estimated.low == pytest.approx(fixed.low, abs=0.01)
    assert estimated.high == pytest.approx(fixed.high, abs=0.01)


@pytest.mark.parametrize(
    ("counts", "published"),
    # Newcombe (1998), Statistics in Medicine 17:873, Table II, method 10 (hybrid score).
    [
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((6, 7, 2, 7), (0.0582, 0.8062)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0)),
    ],
)
def test_difference_of_proportions_reproduces_newcombes_examples(counts, published, no_warnings):
    result = difference_of_proportions(*counts)
    s1, n1, s2, n2 = counts
    assert result.reference == pytest.approx(s2 / n2)
    assert result.difference == pytest.approx(s1 / n1 - s2 / n2)
    assert (round(result.low, 4), round(result.high, 4)) == published


def test_difference_edge_cases(no_warnings):
    assert difference_of_proportions(0, 0, 3, 10) == Difference(None, 0.3, None, None, None, None, "newcombe")
    assert difference_of_proportions(0, 10, 0, 20).p_value is None  # no events anywhere: the test is undefined
    with pytest.raises(ValueError):
        difference_of_proportions(1, 10, 0, 0)
    with pytest.raises(ValueError):
        difference_from_reference(1, 10, reference=1.5)
    empty = difference_from_reference(0, 0, reference=0.4)
    assert (empty.estimate, empty.difference, empty.low, empty.reference) == (None, None, None, 0.4)


# --- dose response ---------------------------------------------------------------------------------------------------


def rising_dataset():
    """Ten people at each number of meetings 0..14; the share finding work rises from 10 % to 80 %."""
    dose, success = [], []
    for meetings in range(15):
        hits = round(1 + 7 * meetings / 14)
        dose += [meetings] * 10
        success += [True] * hits + [False] * (10 - hits)
    return dose, success


def test_dose_response_on_a_rising_dataset(no_warnings):
    dose, success = rising_dataset()
    result = dose_response(dose + [None, 4], success + [True, None])
    assert result.n == 150
    assert [b.label for b in result.bins] == ["0–2", "3–5", "6–9", "10+"]
    assert [b.n for b in result.bins] == [30, 30, 40, 50]
    assert sum(b.n for b in result.bins) == result.n
    assert sum(b.successes for b in result.bins) == sum(success)
    assert [b.high for b in result.bins][-1] is None
    rates = [b.rate for b in result.bins]
    assert rates == sorted(rates)
    for b in result.bins:
        assert (b.ci_low, b.ci_high) == pytest.approx(textbook_wilson(b.successes, b.n))
    assert result.odds_ratio > 1
    assert 1 < result.or_low < result.odds_ratio < result.or_high
    assert result.p_value < 0.001


def test_dose_response_custom_edges_and_empty_bins():
    result = dose_response([0, 1, 1, 7], [False, True, True, True], edges=(0, 1, 2, 5))
    assert [b.label for b in result.bins] == ["0", "1", "2–4", "5+"]
    assert [b.n for b in result.bins] == [1, 2, 0, 1]
    assert result.bins[2].rate is None and result.bins[2].ci_low is None
    with pytest.raises(ValueError):
        dose_response([-1], [True])


@pytest.mark.parametrize(
    ("dose", "success"),
    [
        ([1, 4, 8], [True, True, True]),  # n = 3
        ([i % 12 for i in range(40)], [True] * 40),  # one outcome only
        ([i % 12 for i in range(40)], [i % 12 > 5 for i in range(40)]),  # perfect separation
        ([5] * 20, [i % 2 == 0 for i in range(20)]),  # no variation in dose
    ],
)
def test_dose_response_degenerate_data_gives_no_odds_ratio_and_no_warning(dose, success, no_warnings):
    result = dose_response(dose, success)
    assert (result.odds_ratio, result.or_low, result.or_high, result.p_value) == (None, None, None, None)
    assert sum(b.n for b in result.bins) == len(dose)


@settings(max_examples=30)
@given(st.lists(st.tuples(st.integers(0, 20), st.booleans()), max_size=60))
def test_dose_response_never_raises_nor_warns(rows):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = dose_response([d for d, _ in rows], [s for _, s in rows])
    assert sum(b.n for b in result.bins) == result.n == len(rows)
    if result.odds_ratio is not None:
        assert result.or_low <= result.odds_ratio <= result.or_high


# --- balance and reliability -----------------------------------------------------------------------------------------


def test_standardized_difference_known_values():
    assert standardized_difference([1, 2, 3], [2, 3, 4]) == pytest.approx(-1.0)
    # 0/1 covariate: proportions 0.5 and 0.25, sample variances 1/3 and 1/4.
    expected = 0.25 / math.sqrt((1 / 3 + 1 / 4) / 2)
    assert standardized_difference([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(expected)
    assert standardized_difference([2, 2, None], [2, 2]) == 0.0
    assert standardized_difference([2, 2], [3, 3]) is None
    assert standardized_difference([2], [3, 4]) is None


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"n": 29}, False),
        ({"n": 30}, True),
        ({"n": 30, "response_rate": 0.49}, False),
        ({"n": 30, "response_rate": 0.5}, True),
        ({"n": 100, "response_rate": None}, True),
        ({"n": 12, "min_n": 10}, True),
        ({"n": 50, "response_rate": 0.6, "min_response_rate": 0.7}, False),
    ],
)
def test_reliable_thresholds(kwargs, expected):
    assert reliable(**kwargs) is expected
