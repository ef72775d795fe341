"""The target-year forecast and the likelihood of the vectorised assessment.

`forecast.py`'s weighted-linear and CAGR forecasts, their bands and bounds, and `assess.py`'s
likelihood, over arrays, in the same operation order: sums run column by column in year order
(never `np.sum`, whose pairwise order differs).
"""

from __future__ import annotations

import numpy as np

from eduplan.core.progress.bulk_rules import (
    LIKELIHOOD_CODE,
    METHOD_CODE,
    Bools,
    BulkGoal,
    BulkTargets,
    Codes,
    Floats,
    Ints,
    goals_met,
)
from eduplan.core.progress.forecast import (
    AP_NO_PROGRESS,
    AP_SCALE,
    AP_WILL_MEET,
    BAND_SPREADS,
    ForecastMethod,
    Likelihood,
)


def forecasts(
    t: BulkTargets, g: BulkGoal, valid: Bools, ok: Bools
) -> tuple[Floats, Floats, Floats, Codes]:
    """forecast.forecast_target_year over arrays: value, band and method code."""
    target_year = g.year
    at_t = valid & (t.years[None, :] == target_year[:, None])
    observed = at_t.any(axis=1)
    observed_value = np.full(len(target_year), np.nan)
    for j in range(len(t.years)):
        observed_value = np.where(at_t[:, j], t.values[:, j], observed_value)
    usable = valid & (t.years[None, :] < target_year[:, None])
    n = 1 + usable.sum(axis=1)
    lin, lin_low, lin_high = weighted_linear(t, usable, n)
    grown, g_low, g_high, feasible = cagr_forecasts(t, usable, n)
    by_cagr = t.compound & feasible & (n >= 2)
    value = np.where(observed, observed_value, np.where(by_cagr, grown, lin))
    low = np.where(observed, observed_value, np.where(by_cagr, g_low, lin_low))
    high = np.where(observed, observed_value, np.where(by_cagr, g_high, lin_high))
    method = np.where(
        observed,
        METHOD_CODE[ForecastMethod.OBSERVED],
        np.where(by_cagr, METHOD_CODE[ForecastMethod.CAGR], METHOD_CODE[ForecastMethod.WEIGHTED_LINEAR]),
    )
    value, low, high = (np.where(observed, x, clip(t, x)) for x in (value, low, high))
    has = ok & (observed | (n >= 2))
    return (
        np.where(has, value, np.nan),
        np.where(has, low, np.nan),
        np.where(has, high, np.nan),
        np.where(has, method, -1).astype(np.int8),
    )


def clip(t: BulkTargets, x: Floats) -> Floats:
    """forecast.Bounds.clip over arrays: NaN (no value, or an open bound) passes through."""
    if t.lower is not None:
        x = np.where(x < t.lower, t.lower, x)  # False where either side is NaN
    if t.upper is not None:
        x = np.where(x > t.upper, t.upper, x)
    return x


def weighted_linear(t: BulkTargets, usable: Bools, n: Ints) -> tuple[Floats, Floats, Floats]:
    """forecast.weighted_linear_forecast over arrays, the baseline as the first point."""
    big_t, t0, b = t.target_year, t.base_year, t.base_value
    cols: list[tuple[Ints | np.int64, Floats, Floats, Bools]] = [
        (t0, b, (big_t - t0) / (big_t - t0), np.ones_like(usable[:, 0]))
    ]
    for j, year in enumerate(t.years.tolist()):
        cols.append((np.int64(year), t.values[:, j], (big_t - t0) / (big_t - year), usable[:, j]))
    total = np.zeros(len(b))
    sx, sy = np.zeros(len(b)), np.zeros(len(b))
    for year, y, w, m in cols:
        total = np.where(m, total + w, total)
        sx = np.where(m, sx + w * year, sx)
        sy = np.where(m, sy + w * y, sy)
    xbar, ybar = sx / total, sy / total
    sxx, sxy = np.zeros(len(b)), np.zeros(len(b))
    for year, y, w, m in cols:
        dx = year - xbar
        sxx = np.where(m, sxx + w * dx * dx, sxx)
        sxy = np.where(m, sxy + w * dx * (y - ybar), sxy)
    slope = sxy / sxx
    value = ybar + slope * (big_t - xbar)
    srr = np.zeros(len(b))
    for year, y, w, m in cols:
        r = y - (ybar + slope * (year - xbar))
        srr = np.where(m, srr + w * r * r, srr)
    sigma = np.sqrt(srr / total * n / (n - 2))
    lead = big_t - xbar
    half = BAND_SPREADS * sigma * np.sqrt(1 + lead * lead / (sxx / total))
    wide = n >= 3
    return value, np.where(wide, value - half, np.nan), np.where(wide, value + half, np.nan)


def cagr_forecasts(t: BulkTargets, usable: Bools, n: Ints) -> tuple[Floats, Floats, Floats, Bools]:
    """forecast.cagr_forecast over arrays: latest projection, min and max, feasibility."""
    b, t0, big_t = t.base_value, t.base_year, t.target_year
    feasible = b != 0
    value = np.full(len(b), np.nan)
    low, high = value.copy(), value.copy()
    started = np.zeros(len(b), dtype=np.bool_)
    for j, year in enumerate(t.years.tolist()):
        m, y = usable[:, j], t.values[:, j]
        feasible &= ~m | (y / b > 0)
        x = b * np.power(y / b, (big_t - t0) / (year - t0))
        value = np.where(m, x, value)
        low = np.where(m, np.where(started, np.minimum(low, x), x), low)
        high = np.where(m, np.where(started, np.maximum(high, x), x), high)
        started |= m
    return value, low, high, feasible


def likelihoods(
    g: BulkGoal,
    has_base: Bools,
    applicable: Bools,
    met_latest: Bools,
    fc: Floats,
    method: Codes,
    b: Floats,
) -> Codes:
    """assess._forecast's likelihood over arrays."""
    lk = LIKELIHOOD_CODE
    has_fc = method >= 0
    met_fc = goals_met(g, fc)
    progress = AP_SCALE * g.movement.astype(np.float64) * (fc - b) / np.abs(g.anchor - b)
    graded = np.where(
        met_fc | (progress > AP_WILL_MEET),
        lk[Likelihood.WILL_MEET],
        np.where(progress <= AP_NO_PROGRESS, lk[Likelihood.UNLIKELY], lk[Likelihood.ACCELERATE]),
    )
    binary = np.where(met_fc, lk[Likelihood.WILL_MEET], lk[Likelihood.UNLIKELY])
    strict = (method == METHOD_CODE[ForecastMethod.OBSERVED]) | (g.movement == 0)
    with_fc = np.where(strict, binary, graded)
    one_point = np.where(goals_met(g, b), lk[Likelihood.WILL_MEET], lk[Likelihood.INSUFFICIENT])
    no_base = np.where(met_latest, lk[Likelihood.WILL_MEET], lk[Likelihood.INSUFFICIENT])
    result = np.where(~has_base, no_base, np.where(has_fc, with_fc, one_point))
    return np.where(applicable, result, lk[Likelihood.NOT_APPLICABLE]).astype(np.int8)
