"""Statistics behind the impact figures.

Pure functions over plain numbers: no Django, no database, so every figure shown to a funder or a university can be
recomputed from an export with the same code. Results are frozen dataclasses holding Python floats, or None where a
quantity is undefined (no data, zero variance, a model that cannot be fitted). Nothing here prints warnings: the
libraries' numerical warnings are captured and turned into None rather than leaking into logs next to a figure.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy import stats as sps
from statsmodels.stats import proportion as smp

__all__ = [
    "Difference",
    "DoseBin",
    "DoseResponse",
    "MeanEstimate",
    "PairedChange",
    "difference_from_reference",
    "difference_of_proportions",
    "dose_response",
    "mean_interval",
    "paired_change",
    "reliable",
    "standardized_difference",
    "wilson",
]


# --- helpers ---------------------------------------------------------------------------------------------------------


def _check_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be strictly between 0 and 1, got {level!r}")
    return 1 - level


def _check_counts(successes: int, n: int, *, name: str = "") -> None:
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n{name}, got successes={successes!r}, n={n!r}")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _clean(values: Iterable) -> np.ndarray:
    """Float array of the present values; None and NaN are treated as "no answer"."""
    return np.array([float(v) for v in values if not _missing(v) and not math.isnan(float(v))], dtype=float)


def _finite_or_none(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _clip01(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


# --- proportions -----------------------------------------------------------------------------------------------------


def wilson(successes: int, n: int, *, level: float = 0.95) -> tuple[float | None, float | None]:
    """Wilson score interval for successes / n; (None, None) when n == 0."""
    alpha = _check_level(level)
    _check_counts(successes, n)
    if n == 0:
        return None, None
    low, high = smp.proportion_confint(successes, n, alpha=alpha, method="wilson")
    # The formula gives exactly 0 at 0/n and 1 at n/n; floating point leaves dust such as 5e-17 there.
    low = 0.0 if successes == 0 else _clip01(low)
    high = 1.0 if successes == n else _clip01(high)
    return low, high


@dataclass(frozen=True)
class Difference:
    estimate: float | None
    reference: float
    difference: float | None
    low: float | None
    high: float | None
    p_value: float | None
    method: str


def _score_p_against_fixed(successes: int, n: int, p0: float) -> float | None:
    """Two-sided score test of H0: p = p0, the test the Wilson interval inverts (so p < alpha iff p0 is outside)."""
    if p0 in (0.0, 1.0):
        # The score statistic is 0/0 at the boundary; the exact test is trivial there: either the data are
        # impossible under H0 (p = 0) or exactly what H0 predicts (p = 1).
        return float(sps.binomtest(successes, n, p0).pvalue)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, p = smp.proportions_ztest(successes, n, value=p0, prop_var=p0)
    return _finite_or_none(p)


def _newcombe(s1: int, n1: int, s2: float, n2: int, *, alpha: float, reference: float) -> Difference:
    estimate = s1 / n1
    with warnings.catch_warnings():
        # statsmodels computes ratios and odds ratios alongside the difference and warns when they divide by zero.
        warnings.simplefilter("ignore")
        low, high = smp.confint_proportions_2indep(s1, n1, s2, n2, method="newcomb", compare="diff", alpha=alpha)
        # Miettinen–Nurminen score test; undefined (None) when both groups are all-0 or all-1.
        test = smp.test_proportions_2indep(s1, n1, s2, n2, method="score", compare="diff")
    return Difference(
        estimate=estimate,
        reference=float(reference),
        difference=estimate - reference,
        # Clipping removes floating-point dust such as 1.0000000000000002 at the extremes.
        low=max(-1.0, float(low)),
        high=min(1.0, float(high)),
        p_value=_finite_or_none(test.pvalue),
        method="newcombe",
    )


def difference_from_reference(
    successes: int, n: int, *, reference: float, reference_n: int | None = None, level: float = 0.95
) -> Difference:
    """The organisation's rate minus a reference rate (e.g. the public employment service's rate for a similar group).

    With ``reference_n`` the reference is itself an estimate from ``reference_n`` people: Newcombe's hybrid score
    interval for two independent proportions. Without it the reference is taken as a known constant: the Wilson
    interval shifted by the reference, with the score test against it.
    """
    alpha = _check_level(level)
    _check_counts(successes, n)
    if not 0.0 <= reference <= 1.0:
        raise ValueError(f"reference must be a rate in [0, 1], got {reference!r}")
    if reference_n is not None and reference_n <= 0:
        raise ValueError(f"reference_n must be positive, got {reference_n!r}")
    method = "wilson" if reference_n is None else "newcombe"
    if n == 0:
        return Difference(None, float(reference), None, None, None, None, method)
    if reference_n is not None:
        # The count is kept fractional so the reference stays exactly the rate staff entered.
        return _newcombe(successes, n, reference * reference_n, reference_n, alpha=alpha, reference=reference)
    estimate = successes / n
    low, high = wilson(successes, n, level=level)
    return Difference(
        estimate=estimate,
        reference=float(reference),
        difference=estimate - reference,
        low=low - reference,
        high=high - reference,
        p_value=_score_p_against_fixed(successes, n, float(reference)),
        method=method,
    )


def difference_of_proportions(s1: int, n1: int, s2: int, n2: int, *, level: float = 0.95) -> Difference:
    """Group 1's rate minus group 2's (Newcombe interval, score test); group 2's rate is the reference.

    Raises ValueError when n2 == 0, since there is then no reference rate to report.
    """
    alpha = _check_level(level)
    _check_counts(s1, n1, name=" for group 1")
    _check_counts(s2, n2, name=" for group 2")
    if n2 == 0:
        raise ValueError("group 2 is empty: there is no reference rate")
    reference = s2 / n2
    if n1 == 0:
        return Difference(None, reference, None, None, None, None, "newcombe")
    return _newcombe(s1, n1, s2, n2, alpha=alpha, reference=reference)


# --- means and paired change -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeanEstimate:
    n: int
    mean: float | None
    low: float | None
    high: float | None
    sd: float | None


def _t_interval(x: np.ndarray, alpha: float) -> tuple[float, float, float, float]:
    """mean, sd, low, high of a Student t interval; requires len(x) >= 2."""
    n = len(x)
    mean = float(np.mean(x))
    sd = float(np.std(x, ddof=1))
    half = float(sps.t.ppf(1 - alpha / 2, n - 1)) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half


def mean_interval(values: Iterable, *, level: float = 0.95) -> MeanEstimate:
    """Mean with a t interval; None/NaN are ignored. With one value only the mean is given."""
    alpha = _check_level(level)
    x = _clean(values)
    if len(x) == 0:
        return MeanEstimate(0, None, None, None, None)
    if len(x) == 1:
        return MeanEstimate(1, float(x[0]), None, None, None)
    mean, sd, low, high = _t_interval(x, alpha)
    return MeanEstimate(len(x), mean, low, high, sd)


@dataclass(frozen=True)
class PairedChange:
    n: int
    before_mean: float | None
    after_mean: float | None
    mean_change: float | None
    low: float | None
    high: float | None
    effect_size: float | None
    effect_low: float | None
    effect_high: float | None
    p_value: float | None


_NCT_MAX_T = 1e4


def _dz_interval(d: float, n: int, alpha: float) -> tuple[float, float]:
    """Confidence interval for Cohen's d_z by inverting the noncentral t distribution.

    Under normal differences t = d_z * sqrt(n) follows a noncentral t with n - 1 degrees of freedom and noncentrality
    delta * sqrt(n), delta being the population d_z. The bounds are the noncentralities for which the observed t sits
    at the 1 - alpha/2 and alpha/2 quantiles (Steiger & Fouladi 1997; Cumming & Finch 2001), divided by sqrt(n).
    This is exact under normality, unlike the normal approximation se = sqrt(1/n + d^2 / (2n)), which is too narrow
    for the small groups of an antenna. For an extreme t (near-constant differences), where scipy's noncentral t
    becomes slow and unreliable, or should root finding fail, the normal approximation is used instead.
    """
    df = n - 1
    t_obs = d * math.sqrt(n)
    z = float(sps.norm.ppf(1 - alpha / 2))
    normal_se = math.sqrt(1 / n + d * d / (2 * n))
    fallback = (d - z * normal_se, d + z * normal_se)
    if abs(t_obs) > _NCT_MAX_T:
        return fallback
    # The normal approximation's width seeds the bracket; it is widened until the root is enclosed.
    spread = z * math.sqrt(1 + t_obs * t_obs / (2 * df)) + 1.0

    def root(target: float) -> float | None:
        def f(ncp: float) -> float:
            return float(sps.nct.cdf(t_obs, df, ncp)) - target

        lo, hi = t_obs - spread, t_obs + spread
        for _ in range(8):
            if f(lo) > 0 > f(hi):
                return optimize.brentq(f, lo, hi, xtol=1e-10)
            lo, hi = lo - spread, hi + spread
        return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ncp_low, ncp_high = root(1 - alpha / 2), root(alpha / 2)
        except (ValueError, RuntimeError, ArithmeticError):
            return fallback
    if ncp_low is None or ncp_high is None:
        return fallback
    return ncp_low / math.sqrt(n), ncp_high / math.sqrt(n)


_EXACT_SIGNED_RANK_MAX_N = 50


def _signed_rank_exact_p(diff: np.ndarray) -> float:
    """Two-sided p of the signed-rank test with Pratt's zeros, exact given the observed ties.

    Under H0 each non-zero difference is positive or negative with probability 1/2, independently, so the sum of
    positive ranks is a sum of independent rank * Bernoulli(1/2) terms. Mid-ranks are halves at most, so doubling them
    gives integers and the distribution is counted exactly by convolution. This is the distribution scipy's
    wilcoxon enumerates by permutation for n <= 13 (at ~0.25 s a call); counting it is fast up to n = 50.
    """
    ranks = sps.rankdata(np.abs(diff))  # zeros are ranked too (Pratt), then left out of the sum
    nonzero = diff != 0
    weights = np.rint(2 * ranks[nonzero]).astype(np.int64)
    counts = np.zeros(int(weights.sum()) + 1, dtype=np.int64)
    counts[0] = 1
    for w in weights:
        counts[w:] = counts[w:] + counts[:-w]
    observed = int(np.rint(2 * ranks[diff > 0].sum()))
    total = float(counts.sum())
    lower = counts[: observed + 1].sum() / total
    upper = counts[observed:].sum() / total
    return min(1.0, 2 * min(lower, upper))


def _wilcoxon_p(diff: np.ndarray) -> float | None:
    """Wilcoxon signed-rank p-value, or None when every difference is zero."""
    if not np.any(diff != 0):
        return None
    # Likert answers give many zero differences. Pratt keeps them in the ranking; Wilcoxon's original method drops
    # them, testing only the people who moved and so overstating the evidence of change.
    if len(diff) <= _EXACT_SIGNED_RANK_MAX_N:
        return _signed_rank_exact_p(diff)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # Normal approximation, with scipy's corrections for zeros and ties.
            result = sps.wilcoxon(diff, zero_method="pratt")
        except ValueError:
            return None
    return _finite_or_none(result.pvalue)


def paired_change(before: Sequence, after: Sequence, *, level: float = 0.95) -> PairedChange:
    """Change from ``before`` to ``after`` for the same people (e.g. a self-assessment at intake and at the end).

    Only pairs where both answers are present count. The interval is the t interval of the mean difference, the
    effect size is Cohen's d_z (mean difference / sd of differences) and the p-value is Wilcoxon's signed-rank test,
    which does not assume the differences are normal. The t interval does, approximately; with Likert answers it is
    the mean of the scores, read as such.
    """
    alpha = _check_level(level)
    if len(before) != len(after):
        raise ValueError(f"before and after must have the same length ({len(before)} != {len(after)})")
    pairs = [(float(b), float(a)) for b, a in zip(before, after, strict=True) if not (_missing(b) or _missing(a))]
    pairs = [(b, a) for b, a in pairs if not (math.isnan(b) or math.isnan(a))]
    n = len(pairs)
    if n == 0:
        return PairedChange(0, None, None, None, None, None, None, None, None, None)
    b = np.array([p[0] for p in pairs])
    a = np.array([p[1] for p in pairs])
    diff = a - b
    before_mean, after_mean, mean_change = float(b.mean()), float(a.mean()), float(diff.mean())
    if n == 1:
        return PairedChange(1, before_mean, after_mean, mean_change, None, None, None, None, None, None)
    _, sd, low, high = _t_interval(diff, alpha)
    effect = effect_low = effect_high = None
    if sd > 0:
        effect = mean_change / sd
        effect_low, effect_high = _dz_interval(effect, n, alpha)
    return PairedChange(
        n=n,
        before_mean=before_mean,
        after_mean=after_mean,
        mean_change=mean_change,
        low=low,
        high=high,
        effect_size=effect,
        effect_low=effect_low,
        effect_high=effect_high,
        p_value=_wilcoxon_p(diff),
    )


# --- dose response ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DoseBin:
    label: str
    low: float
    high: float | None  # exclusive upper edge; None for the open last bin
    n: int
    successes: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class DoseResponse:
    n: int
    bins: tuple[DoseBin, ...]
    odds_ratio: float | None
    or_low: float | None
    or_high: float | None
    p_value: float | None


def _bin_label(low: float, high: float | None) -> str:
    if high is None:
        return f"{low:g}+"
    if float(low).is_integer() and float(high).is_integer():
        last = int(high) - 1
        return f"{int(low)}" if last == int(low) else f"{int(low)}–{last}"
    return f"{low:g}–<{high:g}"


def _logit_odds_ratio(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[float | None, ...]:
    """Odds ratio per unit of x from success ~ x, or all None when the fit cannot be trusted."""
    none = (None, None, None, None)
    if len(x) < 10 or y.min() == y.max() or x.min() == x.max():
        return none
    import statsmodels.api as sm  # heavy import, only needed here

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = sm.Logit(y, sm.add_constant(x)).fit(disp=0)
            params, bse = fit.params, fit.bse
            ci = fit.conf_int(alpha=alpha)
            p = fit.pvalues[1]
            converged = bool(fit.mle_retvals.get("converged", False))
        except (np.linalg.LinAlgError, ValueError, ArithmeticError, RuntimeError):
            return none
    # Any warning (perfect separation, non-convergence, singular Hessian, overflow) means the estimate or its
    # standard error is not a number to publish.
    if caught or not converged or not np.all(np.isfinite(params)) or not np.all(np.isfinite(bse)):
        return none
    values = (math.exp(params[1]), math.exp(ci[1][0]), math.exp(ci[1][1]), float(p))
    if not all(math.isfinite(v) for v in values):
        return none
    return values


def dose_response(
    dose: Sequence, success: Sequence, *, edges: Sequence[float] = (0, 3, 6, 10), level: float = 0.95
) -> DoseResponse:
    """Success rate by amount of mentoring (e.g. meetings held), and the odds ratio per extra unit.

    Bins are [edges[i], edges[i+1]) plus an open last bin. Pairs with a missing dose or outcome are left out.
    The logistic model treats dose as linear on the log-odds scale; it is a descriptive trend, not a causal claim.
    """
    alpha = _check_level(level)
    if len(dose) != len(success):
        raise ValueError(f"dose and success must have the same length ({len(dose)} != {len(success)})")
    edges = [float(e) for e in edges]
    if not edges or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"edges must be non-empty and strictly increasing, got {edges!r}")
    kept = [(float(d), bool(s)) for d, s in zip(dose, success, strict=True) if not (_missing(d) or _missing(s))]
    x = np.array([d for d, _ in kept], dtype=float)
    y = np.array([s for _, s in kept], dtype=float)
    if np.any(~np.isfinite(x)) or np.any(x < edges[0]):
        raise ValueError(f"doses must be finite and at least {edges[0]:g}")

    bins = []
    bounds = [*zip(edges, edges[1:]), (edges[-1], None)]
    for low, high in bounds:
        mask = (x >= low) if high is None else ((x >= low) & (x < high))
        count, hits = int(mask.sum()), int(y[mask].sum())
        ci_low, ci_high = wilson(hits, count, level=level)
        bins.append(
            DoseBin(
                label=_bin_label(low, high),
                low=low,
                high=high,
                n=count,
                successes=hits,
                rate=hits / count if count else None,
                ci_low=ci_low,
                ci_high=ci_high,
            )
        )
    odds_ratio, or_low, or_high, p_value = _logit_odds_ratio(x, y, alpha)
    return DoseResponse(len(kept), tuple(bins), odds_ratio, or_low, or_high, p_value)


# --- balance and reliability -----------------------------------------------------------------------------------------


def standardized_difference(a: Iterable, b: Iterable) -> float | None:
    """Standardised mean difference for covariate balance: (mean_a - mean_b) / sqrt((var_a + var_b) / 2).

    Works for numeric and 0/1 covariates alike (sample variances, ddof=1). None when a group has fewer than two
    values, or when both variances are 0 but the means differ (the ratio is infinite).
    """
    xa, xb = _clean(a), _clean(b)
    if len(xa) < 2 or len(xb) < 2:
        return None
    diff = float(xa.mean() - xb.mean())
    pooled = (float(xa.var(ddof=1)) + float(xb.var(ddof=1))) / 2
    if pooled == 0:
        return 0.0 if diff == 0 else None
    return diff / math.sqrt(pooled)


def reliable(*, n: int, response_rate: float | None = None, min_n: int = 30, min_response_rate: float = 0.5) -> bool:
    """Whether a figure rests on enough people, and on enough of those asked, to be shown without a caveat."""
    if n < min_n:
        return False
    return response_rate is None or response_rate >= min_response_rate
