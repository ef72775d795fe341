"""Vectorised twin of `progress.assess_target`: arrays of targets in, arrays of results out.

Identity with the per-target path is a contract (tests/core/test_assess_bulk.py): every
formula repeats progress.py/forecast.py in the same operation order, sums run column by column
in year order (never `np.sum`, whose pairwise order differs), and powers use `np.power` on
both sides. Loops here run over the few year columns, never over targets.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from eduplan.core.plan import Direction, Op, Target
from eduplan.core.progress.assess import Assessment, assess_target
from eduplan.core.progress.forecast import (
    AP_NO_PROGRESS,
    AP_SCALE,
    AP_WILL_MEET,
    BAND_SPREADS,
    LIKELIHOOD_CODES,
    METHOD_CODES,
    Bounds,
    ForecastMethod,
    Likelihood,
)
from eduplan.core.progress.rules import (
    ACCELERATE_RATIO,
    EQUAL_TOLERANCE,
    NOT_ON_TRACK,
    ON_TRACK_RATIO,
    OPEN_SDG_ZERO_BASE,
    SLOW_RATIO,
    STATUS_CODES,
    Point,
    Shape,
    Status,
)

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Codes = NDArray[np.int8]

OP_CODES: dict[Op, int] = {op: i for i, op in enumerate(Op)}
DIRECTION_CODES: dict[Direction, int] = {Direction.UP: 1, Direction.DOWN: -1, Direction.HOLD: 0}
_OPS = list(OP_CODES)
_DIRECTIONS = {code: d for d, code in DIRECTION_CODES.items()}
_S = {status: STATUS_CODES.index(status) for status in Status}
_L = {lk: LIKELIHOOD_CODES.index(lk) for lk in Likelihood}
_M = {m: METHOD_CODES.index(m) for m in ForecastMethod}
NO_YEAR = -1


@dataclass(frozen=True)
class BulkTargets:
    """N targets on one grid of years; NaN marks a missing value, codes follow OP_CODES etc."""

    years: Ints  # (Y,) ascending
    values: Floats  # (N, Y) observations, NaN where missing
    base_year: Ints  # (N,)
    base_value: Floats  # (N,) NaN where the baseline is unknown
    target_year: Ints  # (N,)
    op: Codes  # (N,) OP_CODES
    target_value: Floats  # (N,) NaN where the target is not quantified
    target_max: Floats  # (N,) upper bound of a range, else NaN
    direction: Codes  # (N,) DIRECTION_CODES
    compound: Bools  # (N,) trajectory shape is compound
    binding: Bools  # (N,) 约束性
    lower: Floats | None = None  # (N,) lowest value the indicator can take, NaN or None: open
    upper: Floats | None = None  # (N,) highest (max_value), NaN or None: open
    scale: Bools | None = None  # (N,) a projected count (catalog nature "scale"), None: none


@dataclass(frozen=True)
class BulkAssessment:
    """Per-target results: codes index STATUS_/LIKELIHOOD_/METHOD_CODES; -1 or NaN for none."""

    status: Codes
    ratio: Floats
    expected: Floats
    expected_year: Ints
    gap: Floats
    latest_value: Floats
    latest_year: Ints
    forecast: Floats
    forecast_low: Floats
    forecast_high: Floats
    forecast_method: Codes
    likelihood: Codes
    flagged: Bools
    movement: Codes

    def statuses(self) -> list[Status]:
        """The status of each target as the enum."""
        return [STATUS_CODES[c] for c in self.status.tolist()]

    def likelihoods(self) -> list[Likelihood]:
        """The likelihood of each target as the enum."""
        return [LIKELIHOOD_CODES[c] for c in self.likelihood.tolist()]


@dataclass(frozen=True)
class _Goal:
    """Vectorised progress.Goal."""

    op: Codes
    value: Floats
    high: Floats
    year: Ints
    anchor: Floats
    movement: Ints
    direction: Codes


def assess_bulk(targets: BulkTargets, *, as_of: int | None = None) -> BulkAssessment:
    """Assess every target at once, with the same results as `progress.assess_target`."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _assess(targets, as_of)


def assess_row(targets: BulkTargets, i: int, *, as_of: int | None = None) -> Assessment:
    """Row i through the per-target path: the same numbers plus the reason sentence."""
    t = targets
    value, high, base = float(t.target_value[i]), float(t.target_max[i]), float(t.base_value[i])
    target = Target(
        op=_OPS[int(t.op[i])],
        value=None if math.isnan(value) else value,
        value_max=None if math.isnan(high) else high,
        year=int(t.target_year[i]),
    )
    row = t.values[i].tolist()
    return assess_target(
        target=target,
        baseline=None if math.isnan(base) else Point(int(t.base_year[i]), base),
        observations={y: v for y, v in zip(t.years.tolist(), row) if not math.isnan(v)},
        direction=_DIRECTIONS[int(t.direction[i])],
        shape=Shape.COMPOUND if t.compound[i] else Shape.LINEAR,
        binding=bool(t.binding[i]),
        as_of=as_of,
        bounds=Bounds(low=_bound(t.lower, i), high=_bound(t.upper, i)),
        base_year=None if int(t.base_year[i]) == NO_YEAR else int(t.base_year[i]),
        scale=t.scale is not None and bool(t.scale[i]),
    )


def _bound(bounds: Floats | None, i: int) -> float | None:
    """Row i of an optional array of bounds, None where open."""
    if bounds is None or math.isnan(bounds[i]):
        return None
    return float(bounds[i])


def _assess(t: BulkTargets, as_of: int | None) -> BulkAssessment:
    """The body of assess_bulk, with floating-point warnings silenced for masked lanes."""
    t = _with_fallback_base(t, as_of)
    has_base = ~np.isnan(t.base_value)
    applicable = _quantified(t) & ~(has_base & (t.base_year >= t.target_year))
    goal = _goal(t, has_base)
    valid = _observed_mask(t, has_base, as_of)
    latest_v, latest_y = _latest(t, valid)
    has_obs = latest_y != NO_YEAR
    met_latest = has_obs & _met(goal, latest_v)
    ratio = np.where(
        has_base & has_obs & (goal.movement != 0), _ratio(t, goal, latest_v, latest_y), np.nan
    )
    status = _status(goal, has_base, has_obs, met_latest, ratio, latest_v, latest_y, t.base_value)
    status = np.where(applicable, status, _S[Status.NOT_APPLICABLE]).astype(np.int8)
    scale = applicable & (status != _S[Status.INSUFFICIENT])
    scale &= t.scale if t.scale is not None else np.zeros_like(scale)
    status = np.where(scale, _S[Status.SCALE], status).astype(np.int8)
    ratio = np.where(scale, np.nan, ratio)
    expected_year = np.where(has_obs, latest_y, NO_YEAR if as_of is None else as_of)
    with_traj = applicable & has_base & (expected_year != NO_YEAR)
    expected = np.where(with_traj, _expected(t, goal, expected_year), np.nan)
    fc, low, high, method = _forecast(t, goal, valid, has_base & applicable)
    likelihood = _likelihood(goal, has_base, applicable, met_latest, fc, method, t.base_value)
    likelihood = np.where(scale, _L[Likelihood.NOT_APPLICABLE], likelihood).astype(np.int8)
    flagged = (
        t.binding
        & applicable
        & (np.isin(status, [_S[s] for s in NOT_ON_TRACK]) | (likelihood == _L[Likelihood.UNLIKELY]))
    )
    return BulkAssessment(
        status=status,
        ratio=np.where(applicable, ratio, np.nan),
        expected=expected,
        expected_year=np.where(with_traj, expected_year, NO_YEAR).astype(np.int64),
        gap=np.where(with_traj & has_obs, latest_v - expected, np.nan),
        latest_value=np.where(applicable & has_obs, latest_v, np.nan),
        latest_year=np.where(applicable & has_obs, latest_y, NO_YEAR).astype(np.int64),
        forecast=fc,
        forecast_low=low,
        forecast_high=high,
        forecast_method=method,
        likelihood=likelihood,
        flagged=flagged,
        movement=goal.movement.astype(np.int8),
    )


def _with_fallback_base(t: BulkTargets, as_of: int | None) -> BulkTargets:
    """progress.fallback_baseline over arrays: rows without a base value start at their first
    observed year from the base year on, when a later year is observed and it precedes the target year."""
    observed = ~np.isnan(t.values) & (t.years[None, :] >= t.base_year[:, None])
    if as_of is not None:
        observed &= t.years[None, :] <= as_of
    n = len(t.base_value)
    first_y = np.full(n, NO_YEAR, dtype=np.int64)
    first_v = np.full(n, np.nan)
    count = np.zeros(n, dtype=np.int64)
    for j, year in enumerate(t.years.tolist()):
        first = observed[:, j] & (first_y == NO_YEAR)
        first_v = np.where(first, t.values[:, j], first_v)
        first_y = np.where(first, year, first_y)
        count += observed[:, j]
    use = np.isnan(t.base_value) & (t.base_year != NO_YEAR) & _quantified(t) & (count >= 2)
    use &= first_y < t.target_year
    if not use.any():
        return t
    return dataclasses.replace(
        t,
        base_year=np.where(use, first_y, t.base_year).astype(np.int64),
        base_value=np.where(use, first_v, t.base_value),
    )


def _quantified(t: BulkTargets) -> Bools:
    """progress.quantified: a value, and an upper bound for a range."""
    is_range = t.op == OP_CODES[Op.RANGE]
    quantified: Bools = ~np.isnan(t.target_value) & (~is_range | ~np.isnan(t.target_max))
    return quantified


def _goal(t: BulkTargets, has_base: Bools) -> _Goal:
    """progress.goal_for over arrays."""
    b, v, op = t.base_value, t.target_value, t.op
    is_range = op == OP_CODES[Op.RANGE]
    hi = np.where(is_range, t.target_max, v)
    rising = (op == OP_CODES[Op.GE]) | (op == OP_CODES[Op.GT])
    falling = (op == OP_CODES[Op.LE]) | (op == OP_CODES[Op.LT])
    eq = op == OP_CODES[Op.EQ]
    up = (rising & (b < v)) | (eq & (v > b)) | (is_range & (b < v))
    down = (falling & (b > v)) | (eq & (v < b)) | (is_range & ~(b < v) & (b > hi))
    movement = np.where(has_base & up, 1, np.where(has_base & down, -1, 0)).astype(np.int64)
    anchor = np.where(is_range, np.where(movement > 0, v, np.where(movement < 0, hi, b)), v)
    return _Goal(op, v, hi, t.target_year, anchor, movement, t.direction)


def _met(g: _Goal, y: Floats) -> Bools:
    """progress.goal_met over arrays."""
    v = g.value
    tol = EQUAL_TOLERANCE * np.maximum(1.0, np.abs(v))
    eq_up = (g.movement > 0) | ((g.movement == 0) & (g.direction == 1))
    eq_down = (g.movement < 0) | ((g.movement == 0) & (g.direction == -1))
    eq_met = np.where(eq_up, y >= v, np.where(eq_down, y <= v, np.abs(y - v) <= tol))
    conditions = [g.op == OP_CODES[o] for o in (Op.GE, Op.GT, Op.LE, Op.LT, Op.RANGE)]
    choices = [y >= v, y > v, y <= v, y < v, (v <= y) & (y <= g.high)]
    met: Bools = np.select(conditions, choices, eq_met).astype(np.bool_)
    return met


def _observed_mask(t: BulkTargets, has_base: Bools, as_of: int | None) -> Bools:
    """(N, Y): observed, after the baseline year (without one: from the base year), up to the date."""
    after = np.where(
        has_base[:, None],
        t.years[None, :] > t.base_year[:, None],
        t.years[None, :] >= t.base_year[:, None],
    )
    mask = ~np.isnan(t.values) & after
    if as_of is not None:
        mask &= t.years[None, :] <= as_of
    return mask


def _latest(t: BulkTargets, valid: Bools) -> tuple[Floats, Ints]:
    """The latest observed value and year."""
    n = t.values.shape[0]
    latest_v = np.full(n, np.nan)
    latest_y = np.full(n, NO_YEAR, dtype=np.int64)
    for j, year in enumerate(t.years.tolist()):
        col, ok = t.values[:, j], valid[:, j]
        latest_v = np.where(ok, col, latest_v)
        latest_y = np.where(ok, year, latest_y)
    return latest_v, latest_y


def _ratio(t: BulkTargets, g: _Goal, latest_v: Floats, latest_y: Ints) -> Floats:
    """progress.progress_ratio over arrays (NaN in lanes without a ratio)."""
    b, a, t0 = t.base_value, g.anchor, t.base_year
    bz = np.where(b != 0, b, OPEN_SDG_ZERO_BASE)
    s = np.where(bz > 0, 1.0, -1.0)
    d = g.movement.astype(np.float64)
    observed = np.power(latest_v / bz, 1 / (latest_y - t0)) - 1
    required = np.power(a / bz, 1 / (g.year - t0)) - 1
    by_cagr = s * d * observed / np.abs(required)
    feasible = t.compound & (b != 0) & (latest_v / b > 0) & (a / b > 0) & (required != 0)
    by_change = ((latest_v - b) / (latest_y - t0)) / ((a - b) / (g.year - t0))
    return np.asarray(np.where(feasible, by_cagr, by_change), dtype=np.float64)


def _status(
    g: _Goal,
    has_base: Bools,
    has_obs: Bools,
    met: Bools,
    ratio: Floats,
    latest_v: Floats,
    latest_y: Ints,
    base: Floats,
) -> Codes:
    """progress._status over arrays."""
    s = _S
    by_ratio = np.select(
        [ratio >= ON_TRACK_RATIO, ratio >= ACCELERATE_RATIO, ratio >= SLOW_RATIO],
        [s[Status.ON_TRACK], s[Status.ACCELERATE], s[Status.SLOW]],
        s[Status.REGRESSING],
    )
    late = (latest_y >= g.year) & (by_ratio == s[Status.ON_TRACK])
    by_ratio = np.where(late, s[Status.ACCELERATE], by_ratio)
    moving = np.where(met, s[Status.ACHIEVED], by_ratio)
    unchanged = np.where(latest_v == base, s[Status.SLOW], s[Status.REGRESSING])
    held = np.where(met, s[Status.ACHIEVED], unchanged)
    no_base = np.where(met, s[Status.ACHIEVED], s[Status.INSUFFICIENT])
    judged = np.where(~has_base, no_base, np.where(g.movement == 0, held, moving))
    return np.where(has_obs, judged, s[Status.INSUFFICIENT]).astype(np.int8)


def _expected(t: BulkTargets, g: _Goal, year: Ints) -> Floats:
    """progress.expected_value on each target's trajectory (flat at the anchor when held)."""
    t0, t1 = t.base_year, g.year
    y0 = np.where(g.movement == 0, g.anchor, t.base_value)
    y1 = g.anchor
    compound = t.compound & (g.movement != 0) & (y0 != 0) & (y1 / y0 > 0)
    by_growth = y0 * np.power(y1 / y0, (year - t0) / (t1 - t0))
    by_line = y0 + (y1 - y0) * (year - t0) / (t1 - t0)
    inner = np.where(compound, by_growth, by_line)
    return np.asarray(np.where(year <= t0, y0, np.where(year >= t1, y1, inner)), dtype=np.float64)


def _forecast(
    t: BulkTargets, g: _Goal, valid: Bools, ok: Bools
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
    lin, lin_low, lin_high = _weighted_linear(t, usable, n)
    grown, g_low, g_high, feasible = _cagr(t, usable, n)
    by_cagr = t.compound & feasible & (n >= 2)
    value = np.where(observed, observed_value, np.where(by_cagr, grown, lin))
    low = np.where(observed, observed_value, np.where(by_cagr, g_low, lin_low))
    high = np.where(observed, observed_value, np.where(by_cagr, g_high, lin_high))
    method = np.where(
        observed,
        _M[ForecastMethod.OBSERVED],
        np.where(by_cagr, _M[ForecastMethod.CAGR], _M[ForecastMethod.WEIGHTED_LINEAR]),
    )
    value, low, high = (np.where(observed, x, _clip(t, x)) for x in (value, low, high))
    has = ok & (observed | (n >= 2))
    return (
        np.where(has, value, np.nan),
        np.where(has, low, np.nan),
        np.where(has, high, np.nan),
        np.where(has, method, -1).astype(np.int8),
    )


def _clip(t: BulkTargets, x: Floats) -> Floats:
    """forecast.Bounds.clip over arrays: NaN (no value, or an open bound) passes through."""
    if t.lower is not None:
        x = np.where(x < t.lower, t.lower, x)  # False where either side is NaN
    if t.upper is not None:
        x = np.where(x > t.upper, t.upper, x)
    return x


def _weighted_linear(t: BulkTargets, usable: Bools, n: Ints) -> tuple[Floats, Floats, Floats]:
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


def _cagr(t: BulkTargets, usable: Bools, n: Ints) -> tuple[Floats, Floats, Floats, Bools]:
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


def _likelihood(
    g: _Goal,
    has_base: Bools,
    applicable: Bools,
    met_latest: Bools,
    fc: Floats,
    method: Codes,
    b: Floats,
) -> Codes:
    """progress._forecast's likelihood over arrays."""
    lk = _L
    has_fc = method >= 0
    met_fc = _met(g, fc)
    progress = AP_SCALE * g.movement.astype(np.float64) * (fc - b) / np.abs(g.anchor - b)
    graded = np.where(
        met_fc | (progress > AP_WILL_MEET),
        lk[Likelihood.WILL_MEET],
        np.where(progress <= AP_NO_PROGRESS, lk[Likelihood.UNLIKELY], lk[Likelihood.ACCELERATE]),
    )
    binary = np.where(met_fc, lk[Likelihood.WILL_MEET], lk[Likelihood.UNLIKELY])
    strict = (method == _M[ForecastMethod.OBSERVED]) | (g.movement == 0)
    with_fc = np.where(strict, binary, graded)
    one_point = np.where(_met(g, b), lk[Likelihood.WILL_MEET], lk[Likelihood.INSUFFICIENT])
    no_base = np.where(met_latest, lk[Likelihood.WILL_MEET], lk[Likelihood.INSUFFICIENT])
    result = np.where(~has_base, no_base, np.where(has_fc, with_fc, one_point))
    return np.where(applicable, result, lk[Likelihood.NOT_APPLICABLE]).astype(np.int8)
