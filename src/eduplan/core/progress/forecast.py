"""Forecast of a target-year value and the likelihood of meeting the target.

Time-weighted linear regression favouring recent years (ESCAP's weights), or for counts the
observed compound growth carried to the target year, clipped to the indicator's natural bounds.
See docs/methods.md for the band, the bounds and the likelihood thresholds. Sums run in year
order, one term at a time, because `eduplan.core.progress.bulk` repeats them column by column and
must round identically.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np

AP_SCALE = 10.0  # ESCAP's D = ±10
AP_WILL_MEET = 9.0
AP_NO_PROGRESS = 0.0
BAND_SPREADS = 2.0  # half-width of the linear band in residual standard deviations


class Likelihood(StrEnum):
    """Whether the target will be met by its year, in the order used for bulk codes."""

    WILL_MEET = "将达成"
    ACCELERATE = "需加快"
    UNLIKELY = "难以达成"
    INSUFFICIENT = "数据不足"
    NOT_APPLICABLE = "不适用"


class ForecastMethod(StrEnum):
    """How a forecast was made."""

    WEIGHTED_LINEAR = "weighted-linear"
    CAGR = "cagr"
    OBSERVED = "observed"


LIKELIHOOD_CODES: tuple[Likelihood, ...] = tuple(Likelihood)
METHOD_CODES: tuple[ForecastMethod, ...] = tuple(ForecastMethod)


class YearValue(Protocol):
    """Anything with a year and a value (progress.Point)."""

    @property
    def year(self) -> int: ...

    @property
    def value(self) -> float: ...


@dataclass(frozen=True)
class Forecast:
    """The expected target-year value with a band (low/high None when it cannot be estimated)."""

    year: int
    value: float
    low: float | None
    high: float | None
    method: ForecastMethod


@dataclass(frozen=True)
class Bounds:
    """The values an indicator can take: a rate within [0, 100], a count not below 0 (None: open)."""

    low: float | None = None
    high: float | None = None

    def clip(self, x: float) -> float:
        """x moved into the bounds; written as comparisons so that assess_bulk rounds alike."""
        if self.low is not None and x < self.low:
            x = self.low
        if self.high is not None and x > self.high:
            x = self.high
        return x


UNBOUNDED = Bounds()


def clip_forecast(forecast: Forecast, bounds: Bounds) -> Forecast:
    """The forecast and its band within the bounds; an observed target-year value is data, kept."""
    if forecast.method is ForecastMethod.OBSERVED or bounds == UNBOUNDED:
        return forecast
    return Forecast(
        forecast.year,
        bounds.clip(forecast.value),
        bounds.clip(forecast.low) if forecast.low is not None else None,
        bounds.clip(forecast.high) if forecast.high is not None else None,
        forecast.method,
    )


def power(base: float, exponent: float) -> float:
    """base ** exponent by NumPy's array loop, exactly as the bulk path rounds it.

    NumPy's scalar call may take a shortcut (x ** 0.5 as a square root) that its array loop
    does not, so a one-element array is used on purpose.
    """
    return float(np.power(np.array([base], dtype=np.float64), np.array([exponent]))[0])


def weights(years: Sequence[int], target_year: int) -> list[float]:
    """ESCAP's time weights w_i = (T − t_min)/(T − t_i); years must lie before T."""
    t_min = min(years)
    return [(target_year - t_min) / (target_year - t) for t in years]


def weighted_linear_forecast(points: Sequence[YearValue], target_year: int) -> Forecast:
    """Weighted least squares line through at least two points of distinct years before T."""
    w = weights([p.year for p in points], target_year)
    total = sx = sy = 0.0
    for wi, p in zip(w, points):
        total = total + wi
        sx = sx + wi * p.year
        sy = sy + wi * p.value
    xbar, ybar = sx / total, sy / total
    sxx = sxy = 0.0
    for wi, p in zip(w, points):
        dx = p.year - xbar
        sxx = sxx + wi * dx * dx
        sxy = sxy + wi * dx * (p.value - ybar)
    slope = sxy / sxx
    value = ybar + slope * (target_year - xbar)
    if len(points) < 3:
        return Forecast(target_year, value, None, None, ForecastMethod.WEIGHTED_LINEAR)
    srr = 0.0
    for wi, p in zip(w, points):
        r = p.value - (ybar + slope * (p.year - xbar))
        srr = srr + wi * r * r
    n = len(points)
    sigma = math.sqrt(srr / total * n / (n - 2))
    lead = target_year - xbar
    half = BAND_SPREADS * sigma * math.sqrt(1 + lead * lead / (sxx / total))
    return Forecast(target_year, value, value - half, value + half, ForecastMethod.WEIGHTED_LINEAR)


def cagr_forecast(points: Sequence[YearValue], target_year: int) -> Forecast | None:
    """The base grown at the observed CAGR to T; band over the CAGR to each observed year."""
    base = points[0]
    if base.value == 0 or not all(p.value / base.value > 0 for p in points[1:]):
        return None
    projections = [
        base.value * power(p.value / base.value, (target_year - base.year) / (p.year - base.year))
        for p in points[1:]
    ]
    low = high = projections[0]
    for x in projections[1:]:
        low, high = min(low, x), max(high, x)
    return Forecast(target_year, projections[-1], low, high, ForecastMethod.CAGR)


def forecast_target_year(
    *,
    points: Sequence[YearValue],
    target_year: int,
    compound: bool,
    bounds: Bounds = UNBOUNDED,
) -> Forecast | None:
    """Forecast from the baseline and later points (in year order); None with one point only."""
    forecast = _unbounded_forecast(points, target_year, compound)
    return clip_forecast(forecast, bounds) if forecast is not None else None


def _unbounded_forecast(
    points: Sequence[YearValue], target_year: int, compound: bool
) -> Forecast | None:
    """The forecast before clipping: observed at T, else CAGR or the weighted line."""
    for p in points:
        if p.year == target_year:
            return Forecast(target_year, p.value, p.value, p.value, ForecastMethod.OBSERVED)
    usable = [p for p in points if p.year < target_year]
    if len(usable) < 2:
        return None
    if compound:
        grown = cagr_forecast(usable, target_year)
        if grown is not None:
            return grown
    return weighted_linear_forecast(usable, target_year)


def anticipated_progress(*, forecast: float, base: float, anchor: float, movement: int) -> float:
    """ESCAP's AP = D·(forecast − base)/|target − base| with D = ±10 by the required movement."""
    return AP_SCALE * movement * (forecast - base) / abs(anchor - base)


def likelihood_from_progress(progress: float, *, met: bool) -> Likelihood:
    """将达成 if the forecast meets the target or AP > 9; 难以达成 if AP ≤ 0; else 需加快."""
    if met or progress > AP_WILL_MEET:
        return Likelihood.WILL_MEET
    if progress <= AP_NO_PROGRESS:
        return Likelihood.UNLIKELY
    return Likelihood.ACCELERATE
