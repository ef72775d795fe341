"""The Chinese sentences of an assessment: why a target has its status, the forecast, the alert.

Plain words with the numbers (“2023年为98.2%，……”), no method words; the rules they explain are
in `rules.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from eduplan.core.numbers import format_number, target_text
from eduplan.core.plan import Direction, Op
from eduplan.core.progress.forecast import Forecast, ForecastMethod, Likelihood
from eduplan.core.progress.rules import (
    NOT_ON_TRACK,
    Goal,
    Point,
    Shape,
    Status,
    build_trajectory,
    cagr,
    compound_feasible,
    expected_value,
    goal_met,
    pace_value,
)

DIGITS = 3  # a number in a sentence: at most three decimals, no trailing zeros


@dataclass(frozen=True)
class Words:
    """Numbers and targets for a sentence, with the indicator's unit (“99.6%”, “12.3万人”)."""

    unit: str | None

    def q(self, x: float | None) -> str:
        """A value with its unit."""
        return f"{format_number(x, digits=DIGITS)}{self.unit or ''}" if x is not None else "—"

    def aim(self, goal: Goal) -> str:
        """The target as said: “≥99.5%”, “100%” (for “= 100”), “93～95%”."""
        return f"{target_text(goal.op, goal.value, goal.value_max)}{self.unit or ''}"


def status_reason(
    goal: Goal,
    baseline: Point | None,
    series: list[Point],
    shape: Shape,
    status: Status,
    ratio: float | None,
    w: Words,
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


def _held_reason(goal: Goal, baseline: Point, series: list[Point], status: Status, w: Words) -> str:
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


def _scale_reason(goal: Goal, baseline: Point, latest: Point, shape: Shape, w: Words) -> str:
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


def forecast_reason(
    forecast: Forecast | None, likelihood: Likelihood, w: Words, *, scale: bool = False
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
        f"（可能在{format_number(forecast.low, digits=DIGITS)}～{w.q(forecast.high)}之间）"
        if forecast.low is not None and forecast.low != forecast.high
        else ""
    )
    return f"{how}预计{forecast.year}年约为{w.q(forecast.value)}{band}{end}"


def alert_text(status: Status, likelihood: Likelihood) -> str:
    """Why a binding target is flagged."""
    parts = [f"当前状态为“{status}”"] if status in NOT_ON_TRACK else []
    if likelihood is Likelihood.UNLIKELY:
        parts.append("预计难以达成")
    return f"约束性指标{'，'.join(parts)}，须重点督办。"
