"""Target-year forecasts, their bands, and one worked example per likelihood category."""

from __future__ import annotations

import pytest

from eduplan.core.plan import Direction, Op, Target
from eduplan.core.progress.assess import assess_target
from eduplan.core.progress.forecast import (
    UNBOUNDED,
    Bounds,
    ForecastMethod,
    Likelihood,
    anticipated_progress,
    cagr_forecast,
    clip_forecast,
    forecast_target_year,
    likelihood_from_progress,
    weighted_linear_forecast,
    weights,
)
from eduplan.core.progress.rules import Point, Shape

BASE = Point(2020, 90.0)
GE_95 = Target(Op.GE, 95.0, year=2025)


def likelihood_of(
    observations: dict[int, float],
    *,
    target: Target = GE_95,
    baseline: Point | None = BASE,
    shape: Shape = Shape.LINEAR,
) -> Likelihood:
    """The likelihood part of an assessment."""
    return assess_target(
        target=target,
        baseline=baseline,
        observations=observations,
        direction=Direction.UP,
        shape=shape,
    ).likelihood


def test_escap_weights_favour_recent_years() -> None:
    assert weights([2020, 2021, 2022, 2023], 2025) == pytest.approx([1, 1.25, 5 / 3, 2.5])


def test_weighted_line_through_collinear_points_extends_the_line_with_a_zero_band() -> None:
    points = [Point(2020, 90), Point(2021, 91), Point(2022, 92), Point(2023, 93)]
    f = weighted_linear_forecast(points, 2025)
    assert f.value == pytest.approx(95)
    assert f.low == pytest.approx(95) and f.high == pytest.approx(95)


def test_weighted_line_leans_to_recent_years() -> None:
    points = [Point(2020, 90), Point(2021, 90), Point(2022, 90), Point(2023, 93)]
    plain_slope_forecast = 90.9 + 0.9 * (2025 - 2021.5)  # ordinary least squares: 94.05
    f = weighted_linear_forecast(points, 2025)
    assert f.value > plain_slope_forecast
    assert f.low is not None and f.high is not None and f.low < f.value < f.high


def test_two_points_give_a_forecast_without_a_band() -> None:
    f = weighted_linear_forecast([Point(2020, 90), Point(2023, 93)], 2025)
    assert f.value == pytest.approx(95) and f.low is None and f.high is None


def test_cagr_forecast_grows_the_base_at_the_observed_rate() -> None:
    f = cagr_forecast([Point(2020, 100), Point(2021, 105), Point(2022, 121)], 2025)
    assert f is not None and f.method is ForecastMethod.CAGR
    assert f.value == pytest.approx(161.051)
    assert f.low == pytest.approx(100 * 1.05**5) and f.high == pytest.approx(161.051)


def test_cagr_forecast_needs_values_of_the_base_sign() -> None:
    assert cagr_forecast([Point(2020, 0), Point(2022, 5)], 2025) is None
    f = forecast_target_year(
        points=[Point(2020, 0), Point(2022, 6)], target_year=2025, compound=True
    )
    assert (
        f is not None
        and f.method is ForecastMethod.WEIGHTED_LINEAR
        and f.value == pytest.approx(15)
    )


def test_observed_target_year_value_is_the_forecast() -> None:
    f = forecast_target_year(points=[BASE, Point(2025, 94)], target_year=2025, compound=False)
    assert f is not None and f.method is ForecastMethod.OBSERVED and f.value == 94


def test_one_point_only_gives_no_forecast() -> None:
    assert forecast_target_year(points=[BASE], target_year=2025, compound=False) is None


def test_anticipated_progress_is_escap_ap() -> None:
    assert anticipated_progress(forecast=94.5, base=90, anchor=95, movement=1) == pytest.approx(9)
    assert anticipated_progress(forecast=12, base=20, anchor=10, movement=-1) == pytest.approx(8)


@pytest.mark.parametrize(
    ("progress", "met", "likelihood"),
    [
        (9.2, False, Likelihood.WILL_MEET),
        (9.0, False, Likelihood.ACCELERATE),
        (0.1, False, Likelihood.ACCELERATE),
        (0.0, False, Likelihood.UNLIKELY),
        (-3, True, Likelihood.WILL_MEET),
    ],
)
def test_likelihood_thresholds_are_nine_and_zero(
    progress: float, met: bool, likelihood: Likelihood
) -> None:
    assert likelihood_from_progress(progress, met=met) is likelihood


# --- one worked example per likelihood -------------------------------------------------------


def test_steady_progress_will_meet_the_target() -> None:
    assert likelihood_of({2021: 91, 2022: 92, 2023: 93}) is Likelihood.WILL_MEET


def test_slow_progress_needs_acceleration() -> None:
    assert likelihood_of({2021: 90.5, 2022: 91, 2023: 91.5}) is Likelihood.ACCELERATE


def test_falling_series_is_unlikely_to_meet_a_rising_target() -> None:
    assert likelihood_of({2021: 89.5, 2022: 89, 2023: 88.5}) is Likelihood.UNLIKELY


def test_one_point_only_met_will_meet_else_insufficient() -> None:
    held = Target(Op.GE, 95, year=2025)
    assert likelihood_of({}, target=held, baseline=Point(2020, 96)) is Likelihood.WILL_MEET
    assert likelihood_of({}) is Likelihood.INSUFFICIENT


def test_unquantified_target_likelihood_is_not_applicable() -> None:
    assert (
        likelihood_of({2023: 92}, target=Target(Op.GE, None, year=2025))
        is Likelihood.NOT_APPLICABLE
    )


def test_held_target_forecast_below_the_level_is_unlikely() -> None:
    hold = Target(Op.EQ, 100, year=2025)
    obs = {2021: 100, 2022: 99.5, 2023: 99}
    assert likelihood_of(obs, target=hold, baseline=Point(2020, 100)) is Likelihood.UNLIKELY


def test_counts_forecast_by_compound_growth() -> None:
    a = assess_target(
        target=Target(Op.GE, 1610.51, year=2025),
        baseline=Point(2020, 1000),
        observations={2022: 1210},
        direction=Direction.UP,
        shape=Shape.COMPOUND,
    )
    assert a.forecast is not None and a.forecast.method is ForecastMethod.CAGR
    assert a.forecast.value == pytest.approx(1610.51)
    assert a.likelihood is Likelihood.WILL_MEET
    assert "按历年平均增速预计2025年约为1610.51，将达成。" in a.reason


# --- bounds ----------------------------------------------------------------------------------

RATE = Bounds(low=0.0, high=100.0)
GROSS_RATE = [Point(2020, 92.0), Point(2021, 93.8), Point(2022, 95.6), Point(2023, 97), Point(2024, 98.7)]


@pytest.mark.parametrize(
    ("bounds", "x", "clipped"),
    [
        (RATE, 100.472, 100.0),
        (RATE, 99.5, 99.5),
        (RATE, -0.3, 0.0),
        (Bounds(low=0.0), 1e9, 1e9),
        (Bounds(high=100.0), -5.0, -5.0),
        (UNBOUNDED, -5.0, -5.0),
    ],
)
def test_bounds_clip_a_value(bounds: Bounds, x: float, clipped: float) -> None:
    assert bounds.clip(x) == clipped


def test_rate_forecast_above_100_is_clipped_with_its_band() -> None:
    free = forecast_target_year(points=GROSS_RATE, target_year=2025, compound=False)
    assert free is not None and free.low is not None and free.high is not None
    assert (round(free.value, 3), round(free.low, 3), round(free.high, 3)) == (
        100.351,
        99.928,
        100.774,
    )
    f = forecast_target_year(points=GROSS_RATE, target_year=2025, compound=False, bounds=RATE)
    assert f is not None and f.value == 100 and f.high == 100 and f.low == free.low


def test_clipping_keeps_a_band_that_cannot_be_estimated() -> None:
    free = weighted_linear_forecast([Point(2020, 98), Point(2023, 99.8)], 2025)
    f = clip_forecast(free, RATE)
    assert free.value > 100 and f.value == 100 and f.low is None and f.high is None


def test_observed_target_year_value_is_data_and_is_not_clipped() -> None:
    f = forecast_target_year(
        points=[BASE, Point(2025, 101.2)], target_year=2025, compound=False, bounds=RATE
    )
    assert f is not None and f.method is ForecastMethod.OBSERVED and f.value == 101.2
