"""Progress towards a target: trajectories, the progress ratio, every status, and its properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eduplan.core.plan import CatalogEntry, Direction, Op, Target
from eduplan.core.progress.assess import Assessment, assess_indicator, assess_target
from eduplan.core.progress.forecast import Bounds, Likelihood
from eduplan.core.progress.rules import (
    Point,
    Shape,
    Status,
    bounds_for,
    build_trajectory,
    cagr,
    expected_value,
    open_sdg_ratio,
    progress_ratio,
    shape_for,
    trajectory_gap,
)

BASE = Point(2020, 90.0)
GE_95 = Target(Op.GE, 95.0, year=2025)
RANK = {
    Status.REGRESSING: 0,
    Status.SLOW: 1,
    Status.ACCELERATE: 2,
    Status.ON_TRACK: 3,
    Status.ACHIEVED: 4,
}


def assess(
    observations: dict[int, float],
    *,
    target: Target = GE_95,
    baseline: Point | None = BASE,
    direction: Direction = Direction.UP,
    shape: Shape = Shape.LINEAR,
    binding: bool = False,
    as_of: int | None = None,
) -> Assessment:
    """assess_target with the worked example's defaults."""
    return assess_target(
        target=target,
        baseline=baseline,
        observations=observations,
        direction=direction,
        shape=shape,
        binding=binding,
        as_of=as_of,
    )


# --- the Open SDG worked example -------------------------------------------------------------


def test_open_sdg_worked_example_needs_acceleration() -> None:
    observed = cagr(92, 90, 2023, 2020)
    required = cagr(95, 90, 2025, 2020)
    assert round(observed * 100, 3) == 0.735
    assert round(required * 100, 3) == 1.087
    a = assess({2023: 92}, shape=Shape.COMPOUND)
    assert a.ratio is not None and round(a.ratio, 3) == 0.676
    assert a.status is Status.ACCELERATE
    assert "按此速度2025年约为93.358，低于目标≥95（年均增速只有所需的68%），需加快。" in a.reason
    assert "R=" not in a.reason


def test_worked_example_on_a_linear_trajectory_gives_the_change_ratio() -> None:
    a = assess({2023: 92})
    assert a.ratio == pytest.approx(2 / 3)
    assert a.status is Status.ACCELERATE
    assert a.reason.startswith("按规划进度2023年应达93，实际92，落后于进度。2020年为90，2023年为92，")
    assert "按此速度2025年约为93.333，低于目标≥95（年均变化只有所需的67%），需加快。" in a.reason


def test_open_sdg_ratio_counts_a_zero_base_as_one_thousandth() -> None:
    r = open_sdg_ratio(
        base=Point(2020, 0), latest=Point(2021, 3), target=Point(2025, 15), movement=1
    )
    assert r == pytest.approx((3 / 0.001 - 1) / ((15 / 0.001) ** 0.2 - 1))


def test_open_sdg_ratio_sign_follows_a_negative_base() -> None:
    r = open_sdg_ratio(
        base=Point(2020, -10), latest=Point(2022, -8), target=Point(2025, -5), movement=1
    )
    assert r > 0


def test_compound_ratio_falls_back_to_change_ratio_from_a_zero_base() -> None:
    r = progress_ratio(
        base=Point(2020, 0),
        latest=Point(2021, 3),
        target=Point(2025, 15),
        movement=1,
        shape=Shape.COMPOUND,
    )
    assert r == pytest.approx(1.0)


# --- one worked example per status ----------------------------------------------------------


@pytest.mark.parametrize(
    ("observations", "status", "ratio"),
    [
        ({2023: 96.0}, Status.ACHIEVED, 2.0),
        ({2023: 93.2}, Status.ON_TRACK, 3.2 / 3),
        ({2023: 92.0}, Status.ACCELERATE, 2 / 3),
        ({2023: 90.9}, Status.SLOW, 0.3),
        ({2023: 89.0}, Status.REGRESSING, -1 / 3),
        ({2019: 91.0}, Status.INSUFFICIENT, None),
    ],
    ids=["achieved", "on-track", "accelerate", "slow", "regressing", "no-data-after-baseline"],
)
def test_each_status_from_base_90_to_at_least_95(
    observations: dict[int, float], status: Status, ratio: float | None
) -> None:
    a = assess(observations)
    assert a.status is status
    assert a.ratio == (pytest.approx(ratio) if ratio is not None else None)
    assert status in a.reason


def test_unquantified_target_is_not_applicable() -> None:
    a = assess({2023: 92}, target=Target(Op.GE, None, year=2025))
    assert a.status is Status.NOT_APPLICABLE and a.likelihood is Likelihood.NOT_APPLICABLE
    assert "未量化" in a.reason


def test_target_year_not_after_baseline_is_not_applicable() -> None:
    a = assess({2023: 92}, target=Target(Op.GE, 95, year=2020))
    assert a.status is Status.NOT_APPLICABLE


def test_range_without_upper_bound_is_not_applicable() -> None:
    assert (
        assess({2023: 92}, target=Target(Op.RANGE, 93, year=2025)).status is Status.NOT_APPLICABLE
    )


def test_missing_baseline_is_insufficient_unless_the_target_is_met() -> None:
    assert assess({2023: 92}, baseline=None).status is Status.INSUFFICIENT
    assert assess({2023: 92}, baseline=Point(2020, math.nan)).status is Status.INSUFFICIENT
    met = assess({2023: 96}, baseline=None)
    assert met.status is Status.ACHIEVED and met.ratio is None and met.expected is None


# --- operators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "base", "latest", "met"),
    [
        (Target(Op.GE, 95, year=2025), 90, 95, True),
        (Target(Op.GT, 95, year=2025), 90, 95, False),
        (Target(Op.LE, 10, year=2025), 20, 10, True),
        (Target(Op.LT, 10, year=2025), 20, 10, False),
        (Target(Op.RANGE, 93, 95, year=2025), 90, 94, True),
        (Target(Op.RANGE, 93, 95, year=2025), 90, 96, False),
        (Target(Op.EQ, 95, year=2025), 90, 96, True),  # "达到95" reached and passed
        (Target(Op.EQ, 10, year=2025), 20, 9, True),
        (Target(Op.EQ, 10, year=2025), 20, 11, False),
    ],
)
def test_target_achieved_respects_the_operator(
    target: Target, base: float, latest: float, met: bool
) -> None:
    a = assess({2023: latest}, target=target, baseline=Point(2020, base))
    assert (a.status is Status.ACHIEVED) is met


def test_a_falling_target_is_judged_by_its_fall() -> None:
    a = assess(
        {2023: 16},
        target=Target(Op.LE, 10, year=2025),
        baseline=Point(2020, 20),
        direction=Direction.DOWN,
    )
    assert a.ratio == pytest.approx((4 / 3) / 2)
    assert a.status is Status.ACCELERATE


def test_count_expected_to_fall_is_judged_toward_the_target_not_the_catalog_direction() -> None:
    a = assess(
        {2022: 28500},
        target=Target(Op.EQ, 25000, year=2025),
        baseline=Point(2020, 30000),
        direction=Direction.UP,
        shape=Shape.COMPOUND,
    )
    assert a.movement == -1
    assert a.ratio is not None and 0.6 < a.ratio < 0.95
    assert a.status is Status.ACCELERATE
    assert "通常越高越好" in a.reason and "按目标方向（下降）评估" in a.reason
    assert (
        assess(
            {2022: 24800},
            target=Target(Op.EQ, 25000, year=2025),
            baseline=Point(2020, 30000),
            direction=Direction.UP,
        ).status
        is Status.ACHIEVED
    )


def test_deadline_passed_unmet_is_at_best_accelerate() -> None:
    a = assess({2025: 94.9})
    assert a.ratio is not None and a.ratio >= 0.95
    assert a.status is Status.ACCELERATE
    assert "目标年2025年已到，2025年为94.9，仍未达到目标≥95（2020年为90），需加快。" in a.reason


def test_as_of_ignores_later_observations() -> None:
    a = assess({2022: 91, 2024: 96}, as_of=2023)
    assert a.latest_year == 2022 and a.status is Status.SLOW


# --- targets to be held ----------------------------------------------------------------------

HOLD_100 = Target(Op.EQ, 100, year=2025)
BASE_100 = Point(2020, 100)


@pytest.mark.parametrize(
    ("observations", "status", "says"),
    [
        ({2021: 100, 2022: 100, 2023: 100}, Status.ACHIEVED, "2023年为100，达到目标100，已达成。"),
        ({2021: 100, 2025: 100}, Status.ACHIEVED, "2025年为100，达到目标100，已达成。"),
        ({2021: 100, 2022: 99.5}, Status.REGRESSING, "2020年为100，已达到目标100；2022年为99.5，未能保持，倒退。"),
        ({2021: 100, 2022: 99, 2023: 100}, Status.ACHIEVED,
         "2023年为100，达到目标100，已达成（2022年曾未达到，2023年已恢复）。"),
    ],
    ids=["held-every-year", "held-at-target-year", "dropped", "lapsed-then-recovered"],
)
def test_the_latest_year_decides_a_held_target(
    observations: dict[int, float], status: Status, says: str
) -> None:
    a = assess(observations, target=HOLD_100, baseline=BASE_100)
    assert a.status is status and a.ratio is None and a.movement == 0
    assert a.reason.startswith(says)


def test_retention_above_its_target_is_achieved_despite_an_earlier_dip() -> None:
    # 巩固率 99.93 against ≥ 99.5: one dip in 2022 is a note, not the status
    a = assess({2021: 99.7, 2022: 99.4, 2023: 99.93}, target=Target(Op.GE, 99.5, year=2025),
               baseline=Point(2020, 99.6))
    assert a.status is Status.ACHIEVED
    assert "2023年为99.93，达到目标≥99.5，已达成（2022年曾未达到，2023年已恢复）。" in a.reason


def test_a_strict_target_equal_to_its_baseline_is_held_and_unchanged_is_slow() -> None:
    target, base = Target(Op.GT, 95, year=2025), Point(2020, 95)
    unchanged = assess({2022: 95}, target=target, baseline=base)
    assert (unchanged.status, unchanged.movement, unchanged.ratio) == (Status.SLOW, 0, None)
    assert "目标>95要求高于这一水平；2022年为95，仍与2020年持平，进展缓慢。" in unchanged.reason
    assert assess({2022: 95.1}, target=target, baseline=base).status is Status.ACHIEVED
    assert assess({2022: 94.9}, target=target, baseline=base).status is Status.REGRESSING
    below = Target(Op.LT, 0.5, year=2025)
    same = assess({2022: 0.5}, target=below, baseline=Point(2020, 0.5), direction=Direction.DOWN)
    assert same.status is Status.SLOW and "要求低于这一水平" in same.reason


def test_at_least_its_own_baseline_is_a_held_target() -> None:
    target = Target(Op.GE, 99.5, year=2025)
    assert assess({2022: 99.6}, target=target, baseline=Point(2020, 99.5)).status is Status.ACHIEVED
    assert (
        assess({2022: 99.4}, target=target, baseline=Point(2020, 99.5)).status is Status.REGRESSING
    )


def test_held_equality_on_a_hold_indicator_needs_the_exact_value() -> None:
    target = Target(Op.EQ, 13.5, year=2025)
    ok = assess({2022: 13.5}, target=target, baseline=Point(2020, 13.5), direction=Direction.HOLD)
    off = assess({2022: 13.6}, target=target, baseline=Point(2020, 13.5), direction=Direction.HOLD)
    assert (ok.status, off.status) == (Status.ACHIEVED, Status.REGRESSING)


def test_held_target_on_a_falling_indicator_may_go_lower() -> None:
    a = assess(
        {2022: 0.0},
        target=Target(Op.EQ, 0.5, year=2025),
        baseline=Point(2020, 0.5),
        direction=Direction.DOWN,
    )
    assert a.status is Status.ACHIEVED


# --- trajectory and gap ----------------------------------------------------------------------


def test_linear_trajectory_expects_straight_line_values() -> None:
    t = build_trajectory(start=BASE, end=Point(2025, 95), shape=Shape.LINEAR)
    assert [expected_value(t, y) for y in (2019, 2020, 2023, 2025, 2026)] == [90, 90, 93, 95, 95]
    assert trajectory_gap(t, Point(2023, 92)) == pytest.approx(-1)


def test_compound_trajectory_grows_at_a_constant_rate() -> None:
    t = build_trajectory(start=Point(2020, 1000), end=Point(2025, 1610.51), shape=Shape.COMPOUND)
    assert expected_value(t, 2022) == pytest.approx(1210)


def test_compound_trajectory_from_zero_becomes_linear() -> None:
    t = build_trajectory(start=Point(2020, 0), end=Point(2025, 15), shape=Shape.COMPOUND)
    assert t.shape is Shape.LINEAR and expected_value(t, 2021) == pytest.approx(3)


def test_assessment_reports_expected_value_and_gap_for_the_latest_year() -> None:
    a = assess({2022: 91, 2023: 92})
    assert a.expected_year == 2023
    assert a.expected == pytest.approx(93) and a.gap == pytest.approx(-1)
    assert (a.latest_year, a.latest_value) == (2023, 92)


def test_shape_comes_from_the_catalog_and_can_be_overridden() -> None:
    entry = CatalogEntry(
        id="kindergartens",
        name="公办幼儿园数",
        unit="所",
        direction=Direction.UP,
        trajectory="compound",
    )
    assert shape_for(entry) is Shape.COMPOUND
    assert shape_for(entry, "linear") is Shape.LINEAR
    assert shape_for(None) is Shape.LINEAR
    a = assess_indicator(
        entry=entry, target=Target(Op.GE, 95, year=2025), baseline=BASE, observations={2023: 92}
    )
    assert a.trajectory is not None and a.trajectory.shape is Shape.COMPOUND
    assert a.ratio is not None and round(a.ratio, 3) == 0.676


# --- natural bounds --------------------------------------------------------------------------

PRESCHOOL = CatalogEntry(
    id="preschool_gross_rate",
    name="学前三年毛入园率",
    unit="%",
    direction=Direction.UP,
    max_value=100,
)
DROPOUTS = CatalogEntry(id="dropouts", name="义务教育辍学人数", unit="人", direction=Direction.DOWN)


@pytest.mark.parametrize(
    ("entry", "bounds"),
    [
        (PRESCHOOL, Bounds(0.0, 100.0)),
        (DROPOUTS, Bounds(0.0, None)),
        (CatalogEntry(id="c", name="在园幼儿数", unit="万人", direction=Direction.HOLD), Bounds(0.0)),
        (CatalogEntry(id="y", name="平均受教育年限", unit="年", direction=Direction.UP), Bounds(0.0)),
        (CatalogEntry(id="r", name="生师比", unit=None, direction=Direction.DOWN), Bounds(0.0)),
        (CatalogEntry(id="g", name="教育经费增长率", unit="%", direction=Direction.UP), Bounds()),
    ],
)
def test_bounds_come_from_the_catalog(entry: CatalogEntry, bounds: Bounds) -> None:
    assert bounds_for(entry) == bounds


def test_rate_forecast_cannot_exceed_100_percent() -> None:
    obs = {2021: 93.8, 2022: 95.6, 2023: 97.0, 2024: 98.7}
    target = Target(Op.GE, 100, year=2025)
    a = assess_indicator(entry=PRESCHOOL, target=target, baseline=Point(2020, 92), observations=obs)
    free = assess(obs, target=target, baseline=Point(2020, 92))  # no bounds: 100.351
    assert free.forecast is not None and round(free.forecast.value, 3) == 100.351
    assert a.forecast is not None and a.forecast.high is not None
    assert a.forecast.value == 100 and a.forecast.high == 100
    assert a.likelihood is free.likelihood is Likelihood.WILL_MEET
    assert "按历年趋势（近年权重更高）预计2025年约为100%（可能在99.928～100%之间），将达成。" in a.reason


def test_falling_count_forecast_cannot_go_below_zero() -> None:
    obs = {2021: 44, 2022: 30, 2023: 18}
    target = Target(Op.LE, 5, year=2025)
    a = assess_indicator(entry=DROPOUTS, target=target, baseline=Point(2020, 50), observations=obs)
    free = assess(obs, target=target, baseline=Point(2020, 50), direction=Direction.DOWN)
    assert free.forecast is not None and free.forecast.low is not None
    assert (round(free.forecast.value, 3), round(free.forecast.low, 3)) == (-4.068, -17.962)
    assert a.forecast is not None and (a.forecast.value, a.forecast.low) == (0, 0)
    assert a.likelihood is Likelihood.WILL_MEET
    assert "预计2025年约为0人（可能在0～9.826人之间），将达成。" in a.reason


@given(
    latest=st.floats(min_value=80, max_value=100),
    slope=st.floats(min_value=-5, max_value=5),
    target=st.floats(min_value=0, max_value=100),
    op=st.sampled_from([Op.GE, Op.LE, Op.EQ]),
)
@settings(max_examples=300, deadline=None)
def test_clipping_never_unmeets_a_target_within_the_bounds(
    latest: float, slope: float, target: float, op: Op
) -> None:
    def likelihood(bounds: Bounds) -> Likelihood:
        return assess_target(
            target=Target(op, target, year=2025),
            baseline=Point(2020, latest - 3 * slope),
            observations={2022: latest - slope * 1.2, 2023: latest},
            direction=Direction.UP,
            bounds=bounds,
        ).likelihood

    if likelihood(Bounds()) is Likelihood.WILL_MEET:
        assert likelihood(bounds_for(PRESCHOOL)) is Likelihood.WILL_MEET


# --- binding targets -------------------------------------------------------------------------


def test_binding_target_not_on_track_is_flagged_with_reason() -> None:
    a = assess({2023: 92}, binding=True)
    assert a.flagged and a.alert is not None and "约束性指标" in a.alert and "需加快" in a.alert


def test_binding_target_with_no_data_is_flagged() -> None:
    assert assess({}, binding=True).flagged


def test_expected_target_not_on_track_is_not_flagged() -> None:
    a = assess({2023: 92})
    assert not a.flagged and a.alert is None


def test_binding_target_on_track_is_not_flagged() -> None:
    assert not assess({2021: 91, 2022: 92, 2023: 93.2}, binding=True).flagged


# --- properties ------------------------------------------------------------------------------

values = st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(lambda x: round(x, 1))


MovingCase = tuple[Target, Point, int, Shape, dict[int, float]]


@st.composite
def moving_targets(draw: st.DrawFn) -> MovingCase:
    """A target that must move from its baseline, and earlier observations."""
    base = draw(values)
    step = draw(st.floats(min_value=0.1, max_value=500).map(lambda x: round(x, 1)))
    movement = draw(st.sampled_from([1, -1]))
    op = draw(st.sampled_from([Op.GE, Op.GT, Op.EQ] if movement > 0 else [Op.LE, Op.LT, Op.EQ]))
    target = Target(op, base + movement * step, year=2025)
    history = draw(st.dictionaries(st.integers(2021, 2022), values, max_size=2))
    return target, Point(2020, base), movement, draw(st.sampled_from(list(Shape))), history


@settings(max_examples=150, deadline=None)
@given(moving_targets(), values, values, st.sampled_from([2023, 2025]))
def test_status_is_monotone_in_the_observed_value(
    case: MovingCase, a: float, b: float, year: int
) -> None:
    target, base, movement, shape, history = case
    lower, higher = sorted((a, b))
    worse, better = (lower, higher) if movement > 0 else (higher, lower)
    r_worse = RANK[
        assess({**history, year: worse}, target=target, baseline=base, shape=shape).status
    ]
    r_better = RANK[
        assess({**history, year: better}, target=target, baseline=base, shape=shape).status
    ]
    assert r_worse <= r_better


@settings(max_examples=150, deadline=None)
@given(
    moving_targets(),
    st.floats(min_value=0, max_value=500).map(lambda x: round(x, 1)),
    st.integers(2021, 2027),
    st.sampled_from(list(Direction)),
)
def test_a_met_target_is_always_achieved(
    case: MovingCase, beyond: float, year: int, direction: Direction
) -> None:
    target, base, movement, shape, _ = case
    assert target.value is not None
    value = target.value + movement * (
        beyond if target.op is not Op.GT and target.op is not Op.LT else max(beyond, 0.1)
    )
    a = assess({year: value}, target=target, baseline=base, direction=direction, shape=shape)
    assert a.status is Status.ACHIEVED


@settings(max_examples=50, deadline=None)
@given(values, st.integers(2025, 2027))
def test_a_held_target_met_at_its_year_is_achieved(value: float, year: int) -> None:
    target = Target(Op.GE, value, year=2025)
    a = assess({2022: value - 1, year: value}, target=target, baseline=Point(2020, value))
    assert a.status is Status.ACHIEVED


def test_ratio_is_none_or_finite_for_every_example() -> None:
    for obs in ({2023: 96.0}, {2023: 90.9}, {}):
        r = assess(obs).ratio
        assert r is None or math.isfinite(r)


# --- the base year falls back to the first later value (Open SDG) ------------------------------


def test_a_missing_base_year_value_falls_back_to_the_first_later_year() -> None:
    a = assess_target(target=Target(Op.GE, 92, year=2025), baseline=None, observations={2021: 86, 2023: 88},
                      direction=Direction.UP, base_year=2020, unit="%")
    assert a.status is Status.ACCELERATE and a.ratio == pytest.approx(2 / 3)
    assert a.baseline == Point(2021, 86)
    assert a.reason.startswith("2020年无数据，以2021年为起点。按规划进度2023年应达89%，实际88%，落后于进度。")
    assert "按此速度2025年约为90%，低于目标≥92%" in a.reason


def test_a_single_figure_without_a_base_year_value_is_insufficient_unless_met() -> None:
    target = Target(Op.GE, 92, year=2025)
    alone = assess_target(target=target, baseline=None, observations={2023: 88}, direction=Direction.UP,
                          base_year=2020)
    assert alone.status is Status.INSUFFICIENT and alone.baseline is None
    met = assess_target(target=target, baseline=None, observations={2023: 93}, direction=Direction.UP,
                        base_year=2020)
    assert met.status is Status.ACHIEVED


def test_the_fallback_ignores_years_before_the_base_year() -> None:
    a = assess_target(target=Target(Op.GE, 92, year=2025), baseline=None,
                      observations={2018: 70, 2019: 71, 2023: 88}, direction=Direction.UP, base_year=2020)
    assert a.status is Status.INSUFFICIENT and a.latest_year == 2023


# --- projected counts ------------------------------------------------------------------------

KINDERGARTEN = CatalogEntry(id="kg", name="在园幼儿数", unit="万人", direction=Direction.HOLD,
                            trajectory="compound", nature="scale")


def test_a_projected_count_reads_scale_without_a_grade_or_a_flag() -> None:
    a = assess_indicator(entry=KINDERGARTEN, target=Target(Op.EQ, 2.5, year=2025), baseline=Point(2020, 3),
                         observations={2022: 2.85}, binding=True)
    assert (a.status, a.ratio, a.likelihood, a.flagged) == (Status.SCALE, None, Likelihood.NOT_APPLICABLE, False)
    assert a.reason.startswith("规划预期2025年为2.5万人（2020年为3万人），按预期2022年约为2.789万人，实际2.85万人。"
                               "该指标是随学龄人口变化的规模预期，不评定进展。")
    assert a.forecast is not None and "需加快" not in a.reason and "R=" not in a.reason


def test_a_projected_count_without_figures_is_still_insufficient() -> None:
    a = assess_indicator(entry=KINDERGARTEN, target=Target(Op.EQ, 2.5, year=2025), baseline=Point(2020, 3),
                         observations={})
    assert a.status is Status.INSUFFICIENT


def test_no_reason_uses_method_jargon() -> None:
    for obs in ({2023: 92}, {2023: 93.2}, {2023: 90.9}, {2023: 89}, {2025: 94.9}, {2023: 96}, {}):
        reason = assess(obs).reason
        assert not any(word in reason for word in ("R=", "进展比", "轨迹", "docs/", "加权")), reason


def test_the_reason_sentences_of_docs_methods_md() -> None:
    def said(obs: dict[int, float], target: Target, base: Point) -> str:
        return assess_target(target=target, baseline=base, observations=obs, direction=Direction.UP,
                             unit="%").reason

    assert said({2023: 92}, Target(Op.GE, 95, year=2025), Point(2020, 90)).startswith(
        "按规划进度2023年应达93%，实际92%，落后于进度。2020年为90%，2023年为92%，"
        "按此速度2025年约为93.333%，低于目标≥95%（年均变化只有所需的67%），需加快。")
    assert said({2022: 95}, Target(Op.GT, 95, year=2025), Point(2020, 95)).startswith(
        "2020年为95%，目标>95%要求高于这一水平；2022年为95%，仍与2020年持平，进展缓慢。")
