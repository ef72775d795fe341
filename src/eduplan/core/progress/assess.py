"""Progress towards a target: trajectory, progress ratio, status and the full assessment.

The method, with worked examples and where it departs from Open SDG and ESCAP, is in
docs/methods.md. `eduplan.core.progress.bulk` is the vectorised twin of `assess_target`; the two
must give identical numbers (tests/core/test_assess_bulk.py), so every formula here is written
in the same operation order as there, and powers go through NumPy in both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.plan import CatalogEntry, Direction, Op, Target
from eduplan.core.progress.forecast import (
    UNBOUNDED,
    Bounds,
    Forecast,
    ForecastMethod,
    Likelihood,
    anticipated_progress,
    forecast_target_year,
    likelihood_from_progress,
    power,
)


class Status(StrEnum):
    """The progress status of a target, in the order used for bulk status codes."""

    ACHIEVED = "已达成"
    ON_TRACK = "进展顺利"
    ACCELERATE = "需加快"
    SLOW = "进展缓慢"
    REGRESSING = "倒退"
    INSUFFICIENT = "数据不足"
    NOT_APPLICABLE = "不适用"


class Shape(StrEnum):
    """The shape of a trajectory: straight line (rates, years) or constant growth (counts)."""

    LINEAR = "linear"
    COMPOUND = "compound"


STATUS_CODES: tuple[Status, ...] = tuple(Status)
ON_TRACK_RATIO = 0.95
ACCELERATE_RATIO = 0.60
SLOW_RATIO = 0.0
OPEN_SDG_ZERO_BASE = 0.001
EQUAL_TOLERANCE = 1e-9  # relative; "=" compares figures that were printed, not computed
NOT_ON_TRACK = frozenset({Status.ACCELERATE, Status.SLOW, Status.REGRESSING, Status.INSUFFICIENT})
# Units of levels that cannot be negative (counts, money, years); a unitless catalog entry is a
# ratio such as 生师比. A "%" is non-negative when it has a ceiling (a share of a whole); a "%"
# without max_value would be a change (增长率) and may fall below 0.
NON_NEGATIVE_UNITS = frozenset({"万人", "人", "所", "个", "班", "万元", "元", "年", "平方米"})
_OP_TEXT = {Op.EQ: "=", Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<"}


@dataclass(frozen=True)
class Point:
    """A value in a year."""

    year: int
    value: float


@dataclass(frozen=True)
class Trajectory:
    """The expected path from the baseline to the value the target asks for."""

    start: Point
    end: Point
    shape: Shape


@dataclass(frozen=True)
class Goal:
    """A target made operational against its baseline: what to reach and which way to move."""

    op: Op
    value: float
    value_max: float | None
    year: int
    anchor: float  # the value the trajectory heads for (the nearer bound of a range)
    movement: int  # +1 must rise, -1 must fall, 0 must be held (required change is zero)
    direction: Direction  # the catalog's usual direction


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


def shape_for(entry: CatalogEntry | None, override: Shape | str | None = None) -> Shape:
    """The trajectory shape: the override if given, else the catalog's, else linear."""
    if override is not None:
        return Shape(override)
    return Shape(entry.trajectory) if entry is not None else Shape.LINEAR


def bounds_for(entry: CatalogEntry) -> Bounds:
    """An indicator's natural bounds: [0, max_value] for shares, [0, ∞) for levels (methods.md)."""
    level = entry.max_value is not None or entry.unit is None or entry.unit in NON_NEGATIVE_UNITS
    high = float(entry.max_value) if entry.max_value is not None else None
    return Bounds(low=0.0 if level else None, high=high)


def build_trajectory(*, start: Point, end: Point, shape: Shape) -> Trajectory:
    """A trajectory; compound becomes linear when start and end differ in sign or one is 0."""
    if shape is Shape.COMPOUND and not compound_feasible(start.value, end.value):
        shape = Shape.LINEAR
    return Trajectory(start=start, end=end, shape=shape)


def expected_value(trajectory: Trajectory, year: int) -> float:
    """The value the trajectory expects in a year (the baseline before, the target after)."""
    t0, y0 = trajectory.start.year, trajectory.start.value
    t1, y1 = trajectory.end.year, trajectory.end.value
    if year <= t0:
        return y0
    if year >= t1:
        return y1
    if trajectory.shape is Shape.COMPOUND:
        return y0 * power(y1 / y0, (year - t0) / (t1 - t0))
    return y0 + (y1 - y0) * (year - t0) / (t1 - t0)


def trajectory_gap(trajectory: Trajectory, observation: Point) -> float:
    """Observed minus expected: positive means above the trajectory."""
    return observation.value - expected_value(trajectory, observation.year)


def cagr(a: float, b: float, t1: int, t2: int) -> float:
    """Compound annual growth rate from b in year t2 to a in year t1 (Open SDG's CAGR)."""
    return power(a / b, 1 / (t1 - t2)) - 1


def open_sdg_ratio(*, base: Point, latest: Point, target: Point, movement: int) -> float:
    """Open SDG's R = s·d·CAGR(observed) / |CAGR(required)|, a zero base counted as 0.001."""
    b = base.value if base.value != 0 else OPEN_SDG_ZERO_BASE
    s = 1.0 if b > 0 else -1.0
    d = float(movement)
    observed = cagr(latest.value, b, latest.year, base.year)
    required = cagr(target.value, b, target.year, base.year)
    return s * d * observed / abs(required)


def linear_ratio(*, base: Point, latest: Point, target: Point) -> float:
    """Observed average yearly change divided by the required average yearly change."""
    observed = (latest.value - base.value) / (latest.year - base.year)
    required = (target.value - base.value) / (target.year - base.year)
    return observed / required


def compound_feasible(base: float, *values: float) -> bool:
    """Whether growth rates exist: the base is non-zero and every value has its sign."""
    return base != 0 and all(v / base > 0 for v in values)


def progress_ratio(
    *, base: Point, latest: Point, target: Point, movement: int, shape: Shape
) -> float:
    """R along the trajectory's shape: CAGR ratio for compound, change ratio for linear."""
    if shape is Shape.COMPOUND and compound_feasible(base.value, latest.value, target.value):
        return open_sdg_ratio(base=base, latest=latest, target=target, movement=movement)
    return linear_ratio(base=base, latest=latest, target=target)


def status_from_ratio(ratio: float) -> Status:
    """Open SDG's thresholds: 0.95 on track, 0.60 accelerate, 0 slow, below 0 regressing."""
    if ratio >= ON_TRACK_RATIO:
        return Status.ON_TRACK
    if ratio >= ACCELERATE_RATIO:
        return Status.ACCELERATE
    if ratio >= SLOW_RATIO:
        return Status.SLOW
    return Status.REGRESSING


def quantified(target: Target) -> bool:
    """Whether a target has what an assessment needs: a year, a value, and a range's upper bound."""
    if target.year is None or target.value is None or math.isnan(target.value):
        return False
    return target.op is not Op.RANGE or (
        target.value_max is not None and not math.isnan(target.value_max)
    )


def goal_for(*, target: Target, baseline: float | None, direction: Direction) -> Goal:
    """Anchor and movement: toward the target from the baseline, 0 when nothing must change."""
    assert target.value is not None and target.year is not None
    v, op, anchor = target.value, target.op, target.value
    movement = 0
    if baseline is not None:
        if op is Op.RANGE:
            hi = target.value_max if target.value_max is not None else v
            movement = 1 if baseline < v else -1 if baseline > hi else 0
            anchor = v if movement > 0 else hi if movement < 0 else baseline
        elif op in (Op.GE, Op.GT):
            movement = 1 if baseline < v else 0
        elif op in (Op.LE, Op.LT):
            movement = -1 if baseline > v else 0
        else:
            movement = 1 if v > baseline else -1 if v < baseline else 0
    return Goal(op, v, target.value_max, target.year, anchor, movement, direction)


def goal_met(goal: Goal, value: float) -> bool:
    """Whether a value meets the goal, respecting its operator (see docs/methods.md for “=”)."""
    v, op = goal.value, goal.op
    if op is Op.GE:
        return value >= v
    if op is Op.GT:
        return value > v
    if op is Op.LE:
        return value <= v
    if op is Op.LT:
        return value < v
    if op is Op.RANGE:
        return v <= value <= (goal.value_max if goal.value_max is not None else v)
    if goal.movement > 0 or (goal.movement == 0 and goal.direction is Direction.UP):
        return value >= v
    if goal.movement < 0 or (goal.movement == 0 and goal.direction is Direction.DOWN):
        return value <= v
    return abs(value - v) <= EQUAL_TOLERANCE * max(1.0, abs(v))


def assess_indicator(
    *,
    entry: CatalogEntry,
    target: Target,
    baseline: Point | None,
    observations: Mapping[int, float],
    binding: bool = False,
    as_of: int | None = None,
    shape: Shape | str | None = None,
) -> Assessment:
    """Assess a target of a catalog indicator: direction, shape and bounds from the catalog."""
    return assess_target(
        target=target,
        baseline=baseline,
        observations=observations,
        direction=entry.direction,
        shape=shape_for(entry, shape),
        binding=binding,
        as_of=as_of,
        bounds=bounds_for(entry),
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
) -> Assessment:
    """Status, ratio, trajectory, gap, forecast and likelihood of one target at a date.

    `bounds` clip the forecast and its band before the likelihood is judged (observations and
    targets are never clipped).
    """
    shape = Shape(shape)
    if baseline is not None and math.isnan(baseline.value):
        baseline = None  # an unknown baseline, as the bulk path reads NaN
    if not quantified(target) or (
        baseline is not None and target.year is not None and baseline.year >= target.year
    ):
        return _not_applicable(target, baseline)
    series = _observed_series(observations, baseline, as_of)
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
    flagged = binding and (status in NOT_ON_TRACK or likelihood is Likelihood.UNLIKELY)
    reason = _status_reason(goal, baseline, series, shape, status, ratio)
    return Assessment(
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
        reason=reason + _forecast_reason(forecast, likelihood),
        alert=_alert(status, likelihood) if flagged else None,
        movement=goal.movement if baseline is not None else None,
        trajectory=trajectory,
    )


def _observed_series(
    observations: Mapping[int, float], baseline: Point | None, as_of: int | None
) -> list[Point]:
    """Observations after the baseline year and up to the date, in year order, gaps dropped."""
    return [
        Point(year, float(value))
        for year, value in sorted(observations.items())
        if not math.isnan(value)
        and (baseline is None or year > baseline.year)
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
        return _held_status(goal, series, met), None
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


def _held_status(goal: Goal, series: list[Point], met: bool) -> Status:
    """A target to be held, judged year by year (see docs/methods.md)."""
    if not met:
        return Status.REGRESSING
    if series[-1].year >= goal.year:
        return Status.ACHIEVED
    if all(goal_met(goal, p.value) for p in series):
        return Status.ON_TRACK
    return Status.ACCELERATE  # held now, but lapsed in an earlier year


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
    return Assessment(
        status=Status.NOT_APPLICABLE,
        ratio=None,
        expected=None,
        expected_year=None,
        gap=None,
        latest_value=None,
        latest_year=None,
        forecast=None,
        likelihood=Likelihood.NOT_APPLICABLE,
        flagged=False,
        reason=reason,
    )


def _status_reason(
    goal: Goal,
    baseline: Point | None,
    series: list[Point],
    shape: Shape,
    status: Status,
    ratio: float | None,
) -> str:
    """A Chinese sentence explaining the status with its numbers."""
    aim = f"{goal.year}年目标{target_text(goal.op, goal.value, goal.value_max)}"
    if not series:
        if baseline is None:
            return "缺少基期值和监测值，数据不足，无法判断进展。"
        return f"基期（{baseline.year}年）之后尚无监测值，数据不足，无法判断进展。"
    latest = series[-1]
    now = f"{latest.year}年监测值{fmt(latest.value)}"
    if baseline is None:
        if status is Status.ACHIEVED:
            return f"{now}已达到{aim}，已达成。"
        return f"缺少基期值，{now}未达到{aim}，数据不足，无法计算进展比。"
    base = f"基期（{baseline.year}年）{fmt(baseline.value)}"
    if goal.movement == 0:
        return _held_reason(goal, series, status, f"{aim}不要求较{base}变化，按逐年保持评估：")
    note = _against_catalog_note(goal)
    if status is Status.ACHIEVED:
        return f"{now}已达到{aim}（{base}），已达成。{note}"
    assert ratio is not None
    rates = _rates_text(baseline, latest, Point(goal.year, goal.anchor), shape)
    late = ""
    if latest.year >= goal.year:
        late = "目标年已到仍未达成，" + ("最高判为需加快；" if ratio >= ON_TRACK_RATIO else "")
    judged = f"进展比R={ratio:.3f}（{_ratio_band(ratio)}），{late}{status}"
    return f"{now}，{base}，{aim}：{rates}，{judged}。{note}"


def _held_reason(goal: Goal, series: list[Point], status: Status, lead: str) -> str:
    """The sentence for a target that must be held, year by year."""
    latest = series[-1]
    if status is Status.REGRESSING:
        return f"{lead}{latest.year}年为{fmt(latest.value)}，未保持，倒退。"
    if status is Status.ACHIEVED:
        return f"{lead}目标年{latest.year}年为{fmt(latest.value)}，保持目标，已达成。"
    if status is Status.ON_TRACK:
        span = f"{series[0].year}—{latest.year}年" if len(series) > 1 else f"{latest.year}年"
        return f"{lead}{span}各年均保持，进展顺利。"
    lapsed = "、".join(str(p.year) for p in series if not goal_met(goal, p.value))
    return f"{lead}{lapsed}年曾未保持，{latest.year}年已恢复，需加快。"


def _rates_text(base: Point, latest: Point, target: Point, shape: Shape) -> str:
    """Observed and required yearly change, as growth rates or as absolute changes."""
    if shape is Shape.COMPOUND and compound_feasible(base.value, latest.value, target.value):
        observed = cagr(latest.value, base.value, latest.year, base.year)
        required = cagr(target.value, base.value, target.year, base.year)
        return f"实际年均增速{observed * 100:.3f}%，所需年均增速{required * 100:.3f}%"
    observed = (latest.value - base.value) / (latest.year - base.year)
    required = (target.value - base.value) / (target.year - base.year)
    return f"实际年均变化{observed:+.3f}，所需年均变化{required:+.3f}"


def _ratio_band(ratio: float) -> str:
    """The threshold band a ratio falls in."""
    if ratio >= ON_TRACK_RATIO:
        return "R≥0.95"
    if ratio >= ACCELERATE_RATIO:
        return "0.60≤R<0.95"
    if ratio >= SLOW_RATIO:
        return "0≤R<0.60"
    return "R<0"


def _against_catalog_note(goal: Goal) -> str:
    """A note when the plan asks for a movement against the indicator's usual direction."""
    if goal.direction is Direction.UP and goal.movement < 0:
        return "规划目标低于基期值（该指标通常越高越好），按目标方向（下降）评估。"
    if goal.direction is Direction.DOWN and goal.movement > 0:
        return "规划目标高于基期值（该指标通常越低越好），按目标方向（上升）评估。"
    return ""


def _forecast_reason(forecast: Forecast | None, likelihood: Likelihood) -> str:
    """A Chinese sentence on the forecast and the likelihood."""
    if forecast is None:
        if likelihood is Likelihood.WILL_MEET:
            return "仅有一个数据点且已满足目标，预计将达成。"
        return "数据点不足，无法预测目标年数值。"
    if forecast.method is ForecastMethod.OBSERVED:
        return f"目标年（{forecast.year}年）实际值{fmt(forecast.value)}，{likelihood}。"
    how = (
        "按时间加权线性趋势" if forecast.method is ForecastMethod.WEIGHTED_LINEAR else "按年均增速"
    )
    band = f"（区间{fmt(forecast.low)}～{fmt(forecast.high)}）" if forecast.low is not None else ""
    return f"{how}预计{forecast.year}年为{fmt(forecast.value)}{band}，{likelihood}。"


def _alert(status: Status, likelihood: Likelihood) -> str:
    """Why a binding target is flagged."""
    parts = [f"当前状态为“{status}”"] if status in NOT_ON_TRACK else []
    if likelihood is Likelihood.UNLIKELY:
        parts.append("预计难以达成")
    return f"约束性指标{'，'.join(parts)}，须重点督办。"


def target_text(op: Op, value: float | None, value_max: float | None = None) -> str:
    """A target as a short text: “≥95”, “93～95”."""
    if op is Op.RANGE:
        return f"{fmt(value)}～{fmt(value_max)}"
    return f"{_OP_TEXT[op]}{fmt(value)}"


def fmt(x: float | None) -> str:
    """A number for a sentence: at most three decimals, no trailing zeros."""
    if x is None:
        return "—"
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
