"""Vectorised twin of `assess.assess_target`: arrays of targets in, arrays of results out.

Identity with the per-target path is a contract (tests/core/test_assess_bulk.py): every
formula repeats rules.py/assess.py/forecast.py in the same operation order (bulk_rules.py,
bulk_forecast.py), sums run column by column in year order (never `np.sum`, whose pairwise order
differs), and powers use `np.power` on both sides. Loops run over the few year columns, never
over targets.
"""

from __future__ import annotations

import math

import numpy as np

from eduplan.core.plan import Target
from eduplan.core.progress.assess import Assessment, assess_target
from eduplan.core.progress.bulk_forecast import forecasts, likelihoods
from eduplan.core.progress.bulk_rules import (
    DIRECTION_CODES,
    LIKELIHOOD_CODE,
    NO_YEAR,
    OP_CODES,
    STATUS_CODE,
    BulkAssessment,
    BulkTargets,
    Floats,
    expected_values,
    goals,
    goals_met,
    latest_observed,
    observed_mask,
    quantified_mask,
    ratios,
    statuses,
    with_fallback_base,
)
from eduplan.core.progress.forecast import Bounds, Likelihood
from eduplan.core.progress.rules import NOT_ON_TRACK, Point, Shape, Status

_OPS = list(OP_CODES)
_DIRECTIONS = {code: d for d, code in DIRECTION_CODES.items()}


def assess_bulk(targets: BulkTargets, *, as_of: int | None = None) -> BulkAssessment:
    """Assess every target at once, with the same results as `assess.assess_target`."""
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
    t = with_fallback_base(t, as_of)
    has_base = ~np.isnan(t.base_value)
    applicable = quantified_mask(t) & ~(has_base & (t.base_year >= t.target_year))
    goal = goals(t, has_base)
    valid = observed_mask(t, has_base, as_of)
    latest_v, latest_y = latest_observed(t, valid)
    has_obs = latest_y != NO_YEAR
    met_latest = has_obs & goals_met(goal, latest_v)
    ratio = np.where(
        has_base & has_obs & (goal.movement != 0), ratios(t, goal, latest_v, latest_y), np.nan
    )
    status = statuses(goal, has_base, has_obs, met_latest, ratio, latest_v, latest_y, t.base_value)
    status = np.where(applicable, status, STATUS_CODE[Status.NOT_APPLICABLE]).astype(np.int8)
    scale = applicable & (status != STATUS_CODE[Status.INSUFFICIENT])
    scale &= t.scale if t.scale is not None else np.zeros_like(scale)
    status = np.where(scale, STATUS_CODE[Status.SCALE], status).astype(np.int8)
    ratio = np.where(scale, np.nan, ratio)
    expected_year = np.where(has_obs, latest_y, NO_YEAR if as_of is None else as_of)
    with_traj = applicable & has_base & (expected_year != NO_YEAR)
    expected = np.where(with_traj, expected_values(t, goal, expected_year), np.nan)
    fc, low, high, method = forecasts(t, goal, valid, has_base & applicable)
    likelihood = likelihoods(goal, has_base, applicable, met_latest, fc, method, t.base_value)
    likelihood = np.where(scale, LIKELIHOOD_CODE[Likelihood.NOT_APPLICABLE], likelihood).astype(np.int8)
    flagged = (
        t.binding
        & applicable
        & (np.isin(status, [STATUS_CODE[s] for s in NOT_ON_TRACK]) | (likelihood == LIKELIHOOD_CODE[Likelihood.UNLIKELY]))
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
