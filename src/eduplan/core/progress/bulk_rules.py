"""The arrays of the vectorised assessment and the rules of `rules.py` over them.

N targets on one grid of years (`BulkTargets`), their results (`BulkAssessment`), and each rule
of `rules.py` / `assess.py` repeated over arrays in the same operation order: baseline fallback,
goals, whether a value meets them, the progress ratio, the status, the expected value. Loops run
over the few year columns, never over targets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from eduplan.core.plan import Direction, Op
from eduplan.core.progress.forecast import LIKELIHOOD_CODES, METHOD_CODES, ForecastMethod, Likelihood
from eduplan.core.progress.rules import (
    ACCELERATE_RATIO,
    EQUAL_TOLERANCE,
    ON_TRACK_RATIO,
    OPEN_SDG_ZERO_BASE,
    SLOW_RATIO,
    STATUS_CODES,
    Status,
)

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Codes = NDArray[np.int8]

OP_CODES: dict[Op, int] = {op: i for i, op in enumerate(Op)}
DIRECTION_CODES: dict[Direction, int] = {Direction.UP: 1, Direction.DOWN: -1, Direction.HOLD: 0}
STATUS_CODE = {status: STATUS_CODES.index(status) for status in Status}
LIKELIHOOD_CODE = {lk: LIKELIHOOD_CODES.index(lk) for lk in Likelihood}
METHOD_CODE = {m: METHOD_CODES.index(m) for m in ForecastMethod}
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
class BulkGoal:
    """Vectorised rules.Goal."""

    op: Codes
    value: Floats
    high: Floats
    year: Ints
    anchor: Floats
    movement: Ints
    direction: Codes


def with_fallback_base(t: BulkTargets, as_of: int | None) -> BulkTargets:
    """rules.fallback_baseline over arrays: rows without a base value start at their first
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
    use = np.isnan(t.base_value) & (t.base_year != NO_YEAR) & quantified_mask(t) & (count >= 2)
    use &= first_y < t.target_year
    if not use.any():
        return t
    return dataclasses.replace(
        t,
        base_year=np.where(use, first_y, t.base_year).astype(np.int64),
        base_value=np.where(use, first_v, t.base_value),
    )


def quantified_mask(t: BulkTargets) -> Bools:
    """rules.quantified: a value, and an upper bound for a range."""
    is_range = t.op == OP_CODES[Op.RANGE]
    quantified: Bools = ~np.isnan(t.target_value) & (~is_range | ~np.isnan(t.target_max))
    return quantified


def goals(t: BulkTargets, has_base: Bools) -> BulkGoal:
    """rules.goal_for over arrays."""
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
    return BulkGoal(op, v, hi, t.target_year, anchor, movement, t.direction)


def goals_met(g: BulkGoal, y: Floats) -> Bools:
    """rules.goal_met over arrays."""
    v = g.value
    tol = EQUAL_TOLERANCE * np.maximum(1.0, np.abs(v))
    eq_up = (g.movement > 0) | ((g.movement == 0) & (g.direction == 1))
    eq_down = (g.movement < 0) | ((g.movement == 0) & (g.direction == -1))
    eq_met = np.where(eq_up, y >= v, np.where(eq_down, y <= v, np.abs(y - v) <= tol))
    conditions = [g.op == OP_CODES[o] for o in (Op.GE, Op.GT, Op.LE, Op.LT, Op.RANGE)]
    choices = [y >= v, y > v, y <= v, y < v, (v <= y) & (y <= g.high)]
    met: Bools = np.select(conditions, choices, eq_met).astype(np.bool_)
    return met


def observed_mask(t: BulkTargets, has_base: Bools, as_of: int | None) -> Bools:
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


def latest_observed(t: BulkTargets, valid: Bools) -> tuple[Floats, Ints]:
    """The latest observed value and year."""
    n = t.values.shape[0]
    latest_v = np.full(n, np.nan)
    latest_y = np.full(n, NO_YEAR, dtype=np.int64)
    for j, year in enumerate(t.years.tolist()):
        col, ok = t.values[:, j], valid[:, j]
        latest_v = np.where(ok, col, latest_v)
        latest_y = np.where(ok, year, latest_y)
    return latest_v, latest_y


def ratios(t: BulkTargets, g: BulkGoal, latest_v: Floats, latest_y: Ints) -> Floats:
    """rules.progress_ratio over arrays (NaN in lanes without a ratio)."""
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


def statuses(
    g: BulkGoal,
    has_base: Bools,
    has_obs: Bools,
    met: Bools,
    ratio: Floats,
    latest_v: Floats,
    latest_y: Ints,
    base: Floats,
) -> Codes:
    """rules._status over arrays."""
    s = STATUS_CODE
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


def expected_values(t: BulkTargets, g: BulkGoal, year: Ints) -> Floats:
    """rules.expected_value on each target's trajectory (flat at the anchor when held)."""
    t0, t1 = t.base_year, g.year
    y0 = np.where(g.movement == 0, g.anchor, t.base_value)
    y1 = g.anchor
    compound = t.compound & (g.movement != 0) & (y0 != 0) & (y1 / y0 > 0)
    by_growth = y0 * np.power(y1 / y0, (year - t0) / (t1 - t0))
    by_line = y0 + (y1 - y0) * (year - t0) / (t1 - t0)
    inner = np.where(compound, by_growth, by_line)
    return np.asarray(np.where(year <= t0, y0, np.where(year >= t1, y1, inner)), dtype=np.float64)
