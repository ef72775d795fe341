"""The rules of progress towards a target: statuses, trajectories, the progress ratio, goals.

The method, with worked examples and where it departs from Open SDG and ESCAP, is in
docs/methods.md. `eduplan.core.progress.bulk` repeats these formulas over arrays and must give
identical numbers (tests/core/test_assess_bulk.py), so every formula here is written in the same
operation order as there, and powers go through NumPy in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.plan import CatalogEntry, Direction, Op, Target
from eduplan.core.progress.forecast import Bounds, power


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


def held_status(met: bool, base: float, latest: float) -> Status:
    """A target that needs no change from its baseline: the latest year decides (methods.md).

    Met now → 已达成 (an earlier lapse is a note in the reason); missed and unchanged from the
    baseline (a “>”/“<” target equal to its baseline) → 进展缓慢; missed otherwise → 倒退.
    """
    if met:
        return Status.ACHIEVED
    return Status.SLOW if latest == base else Status.REGRESSING


def pace_value(base: Point, latest: Point, target_year: int, shape: Shape, anchor: float) -> float:
    """The target-year value if the observed pace went on (growth rate or yearly change)."""
    if shape is Shape.COMPOUND and compound_feasible(base.value, latest.value, anchor):
        return base.value * power(latest.value / base.value, (target_year - base.year) / (latest.year - base.year))
    return base.value + (latest.value - base.value) / (latest.year - base.year) * (target_year - base.year)
