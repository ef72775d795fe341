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

from eduplan.core.numbers import format_number
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
    SCALE = "预期规模"  # a projected count (在校学生数): shown against its projection, not graded
    UNMONITORED = "未纳入监测"  # a commitment no yearly sheet collects


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
#: The statuses that grade progress, best first (a change between two of them is better or worse).
GRADED: tuple[Status, ...] = (
    Status.ACHIEVED, Status.ON_TRACK, Status.ACCELERATE, Status.SLOW, Status.REGRESSING,
)
#: The statuses of the status charts: every status but 未纳入监测, which is counted apart.
CHARTED: tuple[Status, ...] = tuple(s for s in Status if s is not Status.UNMONITORED)
#: Catalog `nature` of indicators a plan projects rather than promises (在校学生数 …).
SCALE_NATURE = "scale"
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
    baseline: Point | None = None  # the baseline used (the first later year when the base year has none)


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
    if (
        shape is Shape.COMPOUND
        and compound_feasible(base.value, latest.value, target.value)
        and cagr(target.value, base.value, target.year, base.year) != 0
    ):  # a required growth rate that rounds to 0 (1.4 → 1.4000000000000001) has no ratio
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
    words = _Words(unit)
    lead = ""
    if fallback_from is not None and baseline is not None:
        lead = f"{fallback_from}年无数据，以{baseline.year}年为起点。"
    reason = lead + _status_reason(goal, baseline, series, shape, status, ratio, words, base_year)
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
        reason=reason + _forecast_reason(forecast, likelihood, words, scale=status is Status.SCALE),
        alert=_alert(status, likelihood) if flagged else None,
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


def held_status(met: bool, base: float, latest: float) -> Status:
    """A target that needs no change from its baseline: the latest year decides (methods.md).

    Met now → 已达成 (an earlier lapse is a note in the reason); missed and unchanged from the
    baseline (a “>”/“<” target equal to its baseline) → 进展缓慢; missed otherwise → 倒退.
    """
    if met:
        return Status.ACHIEVED
    return Status.SLOW if latest == base else Status.REGRESSING


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
    return Assessment(status=status, ratio=None, expected=None, expected_year=None, gap=None, latest_value=None,
                      latest_year=None, forecast=None, likelihood=Likelihood.NOT_APPLICABLE, flagged=False,
                      reason=reason)


@dataclass(frozen=True)
class _Words:
    """Numbers and targets for a sentence, with the indicator's unit (“99.6%”, “12.3万人”)."""

    unit: str | None

    def q(self, x: float | None) -> str:
        """A value with its unit."""
        return f"{fmt(x)}{self.unit or ''}" if x is not None else "—"

    def aim(self, goal: Goal) -> str:
        """The target as said: “≥99.5%”, “100%” (for “= 100”), “93～95%”."""
        if goal.op is Op.EQ:
            return self.q(goal.value)
        return f"{target_text(goal.op, goal.value, goal.value_max)}{self.unit or ''}"


def pace_value(base: Point, latest: Point, target_year: int, shape: Shape, anchor: float) -> float:
    """The target-year value if the observed pace went on (growth rate or yearly change)."""
    if shape is Shape.COMPOUND and compound_feasible(base.value, latest.value, anchor):
        return base.value * power(latest.value / base.value, (target_year - base.year) / (latest.year - base.year))
    return base.value + (latest.value - base.value) / (latest.year - base.year) * (target_year - base.year)


def _status_reason(
    goal: Goal,
    baseline: Point | None,
    series: list[Point],
    shape: Shape,
    status: Status,
    ratio: float | None,
    w: _Words,
    base_year: int | None,
) -> str:
    """A plain Chinese sentence explaining the status with its numbers (no method words)."""
    aim = w.aim(goal)
    if not series:
        if baseline is not None:
            return f"{baseline.year}年为{w.q(baseline.value)}，此后尚无监测值，数据不足。"
        since = f"{base_year}年以来" if base_year is not None else ""
        return f"尚无{since}的监测值，数据不足。"
    latest = series[-1]
    now = f"{latest.year}年为{w.q(latest.value)}"
    if baseline is None:
        if status is Status.ACHIEVED:
            return f"{now}，已达到{goal.year}年目标{aim}，已达成。"
        missing = f"缺少{base_year}年基期值，" if base_year is not None else "缺少基期值，"
        return (f"{missing}只有{latest.year}年一个数值（{w.q(latest.value)}），未达到{goal.year}年目标{aim}；"
                "需至少两年的数据才能判断进展，数据不足。")
    base = f"{baseline.year}年为{w.q(baseline.value)}"
    if status is Status.SCALE:
        return _scale_reason(goal, baseline, latest, shape, w)
    if goal.movement == 0:
        return _held_reason(goal, baseline, series, status, w)
    note = _against_catalog_note(goal)
    if status is Status.ACHIEVED:
        return f"{now}，已达到{goal.year}年目标{aim}（{base}），已达成。{note}"
    assert ratio is not None
    if status is Status.REGRESSING:
        way = "上升" if goal.movement > 0 else "下降"
        return f"{base}，{now}，目标{aim}要求{way}，实际反向变化，倒退。{note}"
    if latest.year >= goal.year:
        return f"目标年{goal.year}年已到，{now}，仍未达到目标{aim}（{base}），{status}。{note}"
    trajectory = build_trajectory(start=baseline, end=Point(goal.year, goal.anchor), shape=shape)
    expected = expected_value(trajectory, latest.year)
    ahead = (latest.value - expected) * goal.movement
    versus = "已超过进度" if ahead > 0 else "与进度持平" if ahead == 0 else "落后于进度"
    progress = f"按规划进度{latest.year}年应达{w.q(expected)}，实际{w.q(latest.value)}，{versus}"
    pace = pace_value(baseline, latest, goal.year, shape, goal.anchor)
    if status is Status.ON_TRACK:
        reach = "可如期达到" if goal_met(goal, pace) else "接近"
        outlook = f"按此速度{goal.year}年约为{w.q(pace)}，{reach}目标{aim}"
    else:
        short = "低于" if goal.movement > 0 else "高于"
        rate = "年均增速" if _by_growth(baseline, latest, goal, shape) else "年均变化"
        share = f"{max(ratio, 0.0) * 100:.0f}%"
        outlook = (f"按此速度{goal.year}年约为{w.q(pace)}，{short}目标{aim}"
                   f"（{rate}只有所需的{share}）")
    return f"{progress}。{base}，{now}，{outlook}，{status}。{note}"


def _by_growth(base: Point, latest: Point, goal: Goal, shape: Shape) -> bool:
    """Whether the ratio compares growth rates (compound) rather than yearly changes."""
    return (
        shape is Shape.COMPOUND
        and compound_feasible(base.value, latest.value, goal.anchor)
        and cagr(goal.anchor, base.value, goal.year, base.year) != 0
    )


def _held_reason(goal: Goal, baseline: Point, series: list[Point], status: Status, w: _Words) -> str:
    """The sentence for a target that needs no change from its baseline: the latest year decides."""
    latest, aim = series[-1], w.aim(goal)
    base = f"{baseline.year}年为{w.q(baseline.value)}"
    now = f"{latest.year}年为{w.q(latest.value)}"
    if status is Status.ACHIEVED:
        lapsed = [p.year for p in series[:-1] if not goal_met(goal, p.value)]
        note = ""
        if lapsed:
            years = "、".join(str(y) for y in lapsed)
            note = f"（{years}年曾未达到，{latest.year}年已恢复）"
        return f"{now}，达到目标{aim}，已达成{note}。"
    if status is Status.SLOW:
        above = "高于" if goal.op is Op.GT else "低于"
        return f"{base}，目标{aim}要求{above}这一水平；{now}，仍与{baseline.year}年持平，进展缓慢。"
    if goal_met(goal, baseline.value):
        return f"{base}，已达到目标{aim}；{now}，未能保持，倒退。"
    return f"{base}，目标为{aim}；{now}，较{baseline.year}年反向变化，倒退。"


def _scale_reason(goal: Goal, baseline: Point, latest: Point, shape: Shape, w: _Words) -> str:
    """A projected count: the projection and where the latest value stands against it."""
    trajectory = build_trajectory(start=baseline, end=Point(goal.year, goal.anchor), shape=shape)
    expected = expected_value(trajectory, latest.year)
    return (f"规划预期{goal.year}年为{w.aim(goal)}（{baseline.year}年为{w.q(baseline.value)}），"
            f"按预期{latest.year}年约为{w.q(expected)}，实际{w.q(latest.value)}。"
            "该指标是随学龄人口变化的规模预期，不评定进展。")


def _against_catalog_note(goal: Goal) -> str:
    """A note when the plan asks for a movement against the indicator's usual direction."""
    if goal.direction is Direction.UP and goal.movement < 0:
        return "规划目标低于基期值（该指标通常越高越好），按目标方向（下降）评估。"
    if goal.direction is Direction.DOWN and goal.movement > 0:
        return "规划目标高于基期值（该指标通常越低越好），按目标方向（上升）评估。"
    return ""


def _forecast_reason(
    forecast: Forecast | None, likelihood: Likelihood, w: _Words, *, scale: bool = False
) -> str:
    """A Chinese sentence on the forecast and, for a graded target, the likelihood."""
    if forecast is None:
        if scale:
            return ""
        if likelihood is Likelihood.WILL_MEET:
            return "目前已满足目标，预计将达成。"
        return ""  # the status sentence has said that the data do not suffice
    end = "。" if scale else f"，{likelihood}。"
    if forecast.method is ForecastMethod.OBSERVED:
        return f"{forecast.year}年实际为{w.q(forecast.value)}{end}"
    how = (
        "按历年趋势（近年权重更高）"
        if forecast.method is ForecastMethod.WEIGHTED_LINEAR
        else "按历年平均增速"
    )
    band = (
        f"（可能在{fmt(forecast.low)}～{w.q(forecast.high)}之间）"
        if forecast.low is not None and forecast.low != forecast.high
        else ""
    )
    return f"{how}预计{forecast.year}年约为{w.q(forecast.value)}{band}{end}"


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
    return format_number(x, digits=3)