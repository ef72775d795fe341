"""The assessment of one target at a date: status, ratio, trajectory, gap, forecast and reason.

The method, with worked examples and where it departs from Open SDG and ESCAP, is in
docs/methods.md; its rules are in `rules.py`, its sentences in `reasons.py`.
`eduplan.core.progress.bulk` is the vectorised twin of `assess_target`; the two must give
identical numbers (tests/core/test_assess_bulk.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from eduplan.core.frozen import made
from eduplan.core.numbers import target_text
from eduplan.core.plan import CatalogEntry, Direction, Target
from eduplan.core.progress.forecast import (
    UNBOUNDED,
    Bounds,
    Forecast,
    ForecastMethod,
    Likelihood,
    anticipated_progress,
    forecast_target_year,
    likelihood_from_progress,
)
from eduplan.core.progress.reasons import Words, alert_text, forecast_reason, status_reason
from eduplan.core.progress.rules import (
    NOT_ON_TRACK,
    SCALE_NATURE,
    Goal,
    Point,
    Shape,
    Status,
    Trajectory,
    bounds_for,
    build_trajectory,
    expected_value,
    goal_for,
    goal_met,
    held_status,
    progress_ratio,
    quantified,
    shape_for,
    status_from_ratio,
)


@dataclass(frozen=True)
class Assessment:
    """The judgement of one target at a date, with the figures behind it and a reason."""

    status: Status
    ratio: float | None
    expected: float | None
    expected_year: int | None
    gap: float | None
    latest_value: float | None
    latest_year: int | None
    forecast: Forecast | None
    likelihood: Likelihood
    flagged: bool
    reason: str
    alert: str | None = None
    movement: int | None = None
    trajectory: Trajectory | None = None
    baseline: Point | None = None  # the baseline used (the first later year when the base year has none)


def assess_indicator(
    *,
    entry: CatalogEntry,
    target: Target,
    baseline: Point | None,
    observations: Mapping[int, float],
    binding: bool = False,
    as_of: int | None = None,
    shape: Shape | str | None = None,
    base_year: int | None = None,
) -> Assessment:
    """Assess a target of a catalog indicator: direction, shape, bounds and nature from the catalog."""
    return assess_target(
        target=target,
        baseline=baseline,
        observations=observations,
        direction=entry.direction,
        shape=shape_for(entry, shape),
        binding=binding,
        as_of=as_of,
        bounds=bounds_for(entry),
        base_year=base_year,
        scale=entry.nature == SCALE_NATURE,
        unit=entry.unit,
    )


def assess_target(
    *,
    target: Target,
    baseline: Point | None,
    observations: Mapping[int, float],
    direction: Direction,
    shape: Shape = Shape.LINEAR,
    binding: bool = False,
    as_of: int | None = None,
    bounds: Bounds = UNBOUNDED,
    base_year: int | None = None,
    scale: bool = False,
    unit: str | None = None,
) -> Assessment:
    """Status, ratio, trajectory, gap, forecast and likelihood of one target at a date.

    `bounds` clip the forecast and its band before the likelihood is judged (observations and
    targets are never clipped). Without a baseline value, `base_year` lets the first observed
    year from it on serve as the baseline when a later year is observed too (as Open SDG does).
    A `scale` target (a projected count) is shown against its projection as 预期规模, ungraded.
    `unit` only dresses the numbers of the reason.
    """
    shape = Shape(shape)
    if baseline is not None and math.isnan(baseline.value):
        baseline = None  # an unknown baseline, as the bulk path reads NaN
    if not quantified(target) or (
        baseline is not None and target.year is not None and baseline.year >= target.year
    ):
        return _not_applicable(target, baseline)
    assert target.year is not None
    fallback_from = None
    if baseline is None and base_year is not None:
        baseline = fallback_baseline(observations, base_year, target.year, as_of)
        fallback_from = base_year if baseline is not None else None
    series = _observed_series(observations, baseline, as_of, base_year)
    goal = goal_for(
        target=target, baseline=baseline.value if baseline else None, direction=direction
    )
    latest = series[-1] if series else None
    trajectory = _trajectory(goal, baseline, shape)
    expected_year = latest.year if latest else as_of
    expected = (
        expected_value(trajectory, expected_year)
        if trajectory is not None and expected_year is not None
        else None
    )
    status, ratio = _status(goal, baseline, series, shape)
    forecast, likelihood = _forecast(goal, baseline, series, shape, bounds)
    if scale and status is not Status.INSUFFICIENT:
        status, ratio, likelihood = Status.SCALE, None, Likelihood.NOT_APPLICABLE
    flagged = binding and (status in NOT_ON_TRACK or likelihood is Likelihood.UNLIKELY)
    words = Words(unit)
    lead = ""
    if fallback_from is not None and baseline is not None:
        lead = f"{fallback_from}年无数据，以{baseline.year}年为起点。"
    reason = lead + status_reason(goal, baseline, series, shape, status, ratio, words, base_year)
    return made(
        Assessment,
        status=status,
        ratio=ratio,
        expected=expected,
        expected_year=expected_year if expected is not None else None,
        gap=latest.value - expected if latest is not None and expected is not None else None,
        latest_value=latest.value if latest else None,
        latest_year=latest.year if latest else None,
        forecast=forecast,
        likelihood=likelihood,
        flagged=flagged,
        reason=reason + forecast_reason(forecast, likelihood, words, scale=status is Status.SCALE),
        alert=alert_text(status, likelihood) if flagged else None,
        movement=goal.movement if baseline is not None else None,
        trajectory=trajectory,
        baseline=baseline,
    )


def fallback_baseline(
    observations: Mapping[int, float], base_year: int, target_year: int, as_of: int | None
) -> Point | None:
    """Open SDG's base year: the first observed year from the base year on, if a later one exists.

    The year must come before the target year; a single figure is no baseline (it is judged
    by whether it meets the target).
    """
    years = sorted(
        year
        for year, value in observations.items()
        if not math.isnan(value) and year >= base_year and (as_of is None or year <= as_of)
    )
    if len(years) < 2 or years[0] >= target_year:
        return None
    return Point(years[0], float(observations[years[0]]))


def unmonitored(target: Target, *, measure: str, unit: str | None = None) -> Assessment:
    """A commitment no yearly sheet collects: 未纳入监测, with what data would measure it."""
    aim = ""
    if quantified(target):
        text = target_text(target.op, target.value, target.value_max)
        aim = f"（{target.year}年目标{text}{unit or ''}）"
    return _unjudged(Status.UNMONITORED, f"该目标{aim}是规划文本中的承诺，目前没有年度数据来源，未纳入监测；{measure}")


def _observed_series(
    observations: Mapping[int, float],
    baseline: Point | None,
    as_of: int | None,
    base_year: int | None = None,
) -> list[Point]:
    """Observations after the baseline year (else from the base year) up to the date, in order."""
    return [
        Point(year, float(value))
        for year, value in sorted(observations.items())
        if not math.isnan(value)
        and (year > baseline.year if baseline is not None else base_year is None or year >= base_year)
        and (as_of is None or year <= as_of)
    ]


def _trajectory(goal: Goal, baseline: Point | None, shape: Shape) -> Trajectory | None:
    """The trajectory toward the anchor; flat at the anchor for a held target."""
    if baseline is None:
        return None
    if goal.movement == 0:
        start = Point(baseline.year, goal.anchor)
        return Trajectory(start=start, end=Point(goal.year, goal.anchor), shape=Shape.LINEAR)
    return build_trajectory(start=baseline, end=Point(goal.year, goal.anchor), shape=shape)


def _status(
    goal: Goal, baseline: Point | None, series: list[Point], shape: Shape
) -> tuple[Status, float | None]:
    """The status and, for a target that must move, the progress ratio R."""
    if not series:
        return Status.INSUFFICIENT, None
    latest = series[-1]
    met = goal_met(goal, latest.value)
    if baseline is None:
        return (Status.ACHIEVED if met else Status.INSUFFICIENT), None
    if goal.movement == 0:
        return held_status(met, baseline.value, latest.value), None
    ratio = progress_ratio(
        base=baseline,
        latest=latest,
        target=Point(goal.year, goal.anchor),
        movement=goal.movement,
        shape=shape,
    )
    if met:
        return Status.ACHIEVED, ratio
    status = status_from_ratio(ratio)
    if latest.year >= goal.year and status is Status.ON_TRACK:
        status = Status.ACCELERATE  # the deadline has come and the target is not met
    return status, ratio


def _forecast(
    goal: Goal, baseline: Point | None, series: list[Point], shape: Shape, bounds: Bounds
) -> tuple[Forecast | None, Likelihood]:
    """The target-year forecast, within the bounds, and the likelihood of meeting the target."""
    if baseline is None:
        met = bool(series) and goal_met(goal, series[-1].value)
        return None, Likelihood.WILL_MEET if met else Likelihood.INSUFFICIENT
    forecast = forecast_target_year(
        points=[baseline, *series],
        target_year=goal.year,
        compound=shape is Shape.COMPOUND,
        bounds=bounds,
    )
    if forecast is None:  # one point only: the baseline
        met = goal_met(goal, baseline.value)
        return None, Likelihood.WILL_MEET if met else Likelihood.INSUFFICIENT
    met = goal_met(goal, forecast.value)
    if forecast.method is ForecastMethod.OBSERVED or goal.movement == 0:
        return forecast, Likelihood.WILL_MEET if met else Likelihood.UNLIKELY
    progress = anticipated_progress(
        forecast=forecast.value, base=baseline.value, anchor=goal.anchor, movement=goal.movement
    )
    return forecast, likelihood_from_progress(progress, met=met)


def _not_applicable(target: Target, baseline: Point | None) -> Assessment:
    """The assessment of a target that cannot be judged by numbers."""
    if quantified(target) and baseline is not None:
        reason = f"目标年份（{target.year}年）不晚于基期年份（{baseline.year}年），不评估进展。"
    else:
        reason = "目标未量化（缺少目标值、目标年份或区间上限），不评估进展。"
    return _unjudged(Status.NOT_APPLICABLE, reason)


def _unjudged(status: Status, reason: str) -> Assessment:
    """An assessment without figures: no ratio, forecast or flag, only the status and why."""
    return made(Assessment, status=status, ratio=None, expected=None, expected_year=None, gap=None, latest_value=None,
                latest_year=None, forecast=None, likelihood=Likelihood.NOT_APPLICABLE, flagged=False,
                reason=reason, alert=None, movement=None, trajectory=None, baseline=None)
