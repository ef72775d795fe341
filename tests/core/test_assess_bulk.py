"""The vectorised assessment gives exactly the per-target results, on thousands of random cases."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from eduplan.core.plan import Direction, Op
from eduplan.core.progress.assess import Assessment
from eduplan.core.progress.bulk import assess_bulk, assess_row
from eduplan.core.progress.bulk_rules import DIRECTION_CODES, NO_YEAR, OP_CODES, BulkAssessment, BulkTargets
from eduplan.core.progress.forecast import METHOD_CODES, ForecastMethod, Likelihood
from eduplan.core.progress.rules import Status

OPS = list(OP_CODES)
DIRECTIONS = {code: d for d, code in DIRECTION_CODES.items()}
YEARS = np.arange(2015, 2028)


def random_targets(n: int, seed: int, *, bounded: bool = False) -> BulkTargets:
    """Random targets that hit every branch: holds, ranges, gaps, zero and negative bases.

    `bounded` adds, on about half the rows each, a lower and an upper bound just outside the
    baseline and the target, so that trends overshooting them are clipped.
    """
    rng = np.random.default_rng(seed)
    base_year = rng.integers(2015, 2024, n)
    target_year = np.where(rng.random(n) < 0.05, base_year, base_year + rng.integers(1, 7, n))
    scale = rng.choice([1.0, 10.0, 100.0, 5000.0], n)
    base = np.round(rng.normal(1.0, 0.4, n) * scale, 1)
    base = np.where(rng.random(n) < 0.05, 0.0, base)
    base = np.where(rng.random(n) < 0.05, -np.abs(base), base)
    delta = np.round(rng.normal(0, 0.2, n) * scale, 1)
    delta = np.where(rng.random(n) < 0.15, 0.0, delta)  # held targets
    target = base + delta
    target_max = target + np.abs(np.round(rng.normal(0, 0.1, n) * scale, 1))
    op = rng.integers(0, len(OPS), n).astype(np.int8)
    trend = delta / np.maximum(target_year - base_year, 1) * rng.normal(0.8, 0.8, n)
    steps = YEARS[None, :] - base_year[:, None]
    noise = rng.normal(0, 0.03, (n, len(YEARS))) * scale[:, None]
    values = np.round(base[:, None] + trend[:, None] * steps + noise, 1)
    values = np.where(rng.random(values.shape) < 0.3, np.nan, values)
    same = rng.random(values.shape) < 0.1  # exact hits of the target value
    values = np.where(same, target[:, None], values)
    margin = np.abs(np.round(rng.normal(0, 0.03, (2, n)) * scale, 1)) + 0.01 * scale
    ends = np.array([base, target, np.where(op == OP_CODES[Op.RANGE], target_max, target)])
    lower = np.where(rng.random(n) < 0.5, ends.min(axis=0) - margin[0], np.nan)
    upper = np.where(rng.random(n) < 0.5, ends.max(axis=0) + margin[1], np.nan)
    return BulkTargets(
        years=YEARS.astype(np.int64),
        values=values,
        base_year=base_year.astype(np.int64),
        base_value=np.where(rng.random(n) < 0.05, np.nan, base),
        target_year=target_year.astype(np.int64),
        op=op,
        target_value=np.where(rng.random(n) < 0.03, np.nan, target),
        target_max=np.where(op == OP_CODES[Op.RANGE], target_max, np.nan),
        direction=rng.choice([1, -1, 0], n).astype(np.int8),
        compound=rng.random(n) < 0.5,
        binding=rng.random(n) < 0.3,
        lower=lower if bounded else None,
        upper=upper if bounded else None,
        scale=rng.random(n) < 0.08,
    )


def _same(a: float | None, b: float) -> bool:
    """None matches NaN; numbers must be bit-for-bit equal."""
    return math.isnan(b) if a is None else a == b


def row_matches(one: Assessment, bulk: BulkAssessment, i: int) -> list[str]:
    """The fields where the bulk result of row i differs from the per-target one."""
    f = one.forecast
    pairs: dict[str, tuple[object, object]] = {
        "status": (one.status, bulk.statuses()[i]),
        "likelihood": (one.likelihood, bulk.likelihoods()[i]),
        "flagged": (one.flagged, bool(bulk.flagged[i])),
        "latest_year": (one.latest_year or NO_YEAR, int(bulk.latest_year[i])),
        "expected_year": (one.expected_year or NO_YEAR, int(bulk.expected_year[i])),
        "method": (
            f.method if f else None,
            METHOD_CODES[bulk.forecast_method[i]] if bulk.forecast_method[i] >= 0 else None,
        ),
    }
    bad = [k for k, (a, b) in pairs.items() if a != b]
    floats = {
        "ratio": (one.ratio, bulk.ratio[i]),
        "expected": (one.expected, bulk.expected[i]),
        "gap": (one.gap, bulk.gap[i]),
        "latest_value": (one.latest_value, bulk.latest_value[i]),
        "forecast": (f.value if f else None, bulk.forecast[i]),
        "low": (f.low if f else None, bulk.forecast_low[i]),
        "high": (f.high if f else None, bulk.forecast_high[i]),
    }
    return bad + [k for k, (a, b) in floats.items() if not _same(a, float(b))]


@pytest.mark.parametrize("bounded", [False, True])
@pytest.mark.parametrize("as_of", [None, 2019, 2022, 2025])
def test_bulk_assessment_is_identical_to_per_target_assessment(
    as_of: int | None, bounded: bool
) -> None:
    targets = random_targets(1500, seed=2024 + (as_of or 0), bounded=bounded)
    bulk = assess_bulk(targets, as_of=as_of)
    mismatches = {}
    for i in range(len(targets.base_year)):
        bad = row_matches(assess_row(targets, i, as_of=as_of), bulk, i)
        if bad:
            mismatches[i] = bad
    assert not mismatches, f"{len(mismatches)} rows differ, e.g. {list(mismatches.items())[:5]}"


def test_random_cases_cover_every_status_but_unmonitored_and_every_likelihood() -> None:
    bulk = assess_bulk(random_targets(1500, seed=7), as_of=2022)
    assert set(bulk.statuses()) == set(Status) - {Status.UNMONITORED}  # a payload-level status
    assert set(bulk.likelihoods()) == set(Likelihood)


def test_bulk_statuses_decode_to_the_enum() -> None:
    t = random_targets(3, seed=1)
    assert all(isinstance(s, Status) for s in assess_bulk(t).statuses())
    assert DIRECTIONS[1] is Direction.UP


LIKELIHOOD_RANK = {Likelihood.UNLIKELY: 0, Likelihood.ACCELERATE: 1, Likelihood.WILL_MEET: 2}


def test_random_bounds_clip_forecasts_and_bands_into_the_bounds() -> None:
    targets = random_targets(1500, seed=11, bounded=True)
    assert targets.lower is not None and targets.upper is not None
    clipped, free = assess_bulk(targets, as_of=2022), assess_bulk(
        dataclasses.replace(targets, lower=None, upper=None), as_of=2022
    )
    forecasted = clipped.forecast_method >= 0
    observed = clipped.forecast_method == METHOD_CODES.index(ForecastMethod.OBSERVED)
    moved = forecasted & ~observed & (clipped.forecast != free.forecast)
    band_moved = forecasted & ~observed & (clipped.forecast_high != free.forecast_high)
    assert moved.sum() > 50 and band_moved.sum() > 100  # the bounds bite on many rows
    for values in (clipped.forecast, clipped.forecast_low, clipped.forecast_high):
        estimated = forecasted & ~observed & ~np.isnan(values)
        assert not (estimated & (values < targets.lower)).any()
        assert not (estimated & (values > targets.upper)).any()


def test_bounds_around_the_target_never_worsen_the_likelihood() -> None:
    targets = random_targets(1500, seed=12, bounded=True)
    clipped = assess_bulk(targets, as_of=2022).likelihoods()
    free = assess_bulk(dataclasses.replace(targets, lower=None, upper=None), as_of=2022)
    for i, (a, b) in enumerate(zip(free.likelihoods(), clipped)):
        if a in LIKELIHOOD_RANK:
            assert LIKELIHOOD_RANK[b] >= LIKELIHOOD_RANK[a], i
        else:
            assert a == b, i
