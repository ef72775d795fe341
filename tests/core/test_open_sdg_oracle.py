"""eduplan against an independent, straightforward implementation of Open SDG's progress method.

The oracle below follows sdg-build's `SeriesProgress` (see ../shared/reference/progress-methods.md):
the latest year is the current year; when the base year has no value the first later year
with one is the base; the target is achieved when the current value reaches it in the wanted
direction (checked first); otherwise R = s·d·CAGR(observed)/|CAGR(required)| against 0.95 / 0.60
/ 0; fewer than two years → not available. On the domain where eduplan means to agree with it
(≥ and ≤ targets, positive counts on a compound trajectory, observations before the target
year), the per-target and the bulk paths must give its status on every generated series.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from eduplan.core.plan import Direction, Op, Target
from eduplan.core.progress.assess import assess_target
from eduplan.core.progress.bulk import assess_bulk
from eduplan.core.progress.bulk_rules import DIRECTION_CODES, OP_CODES, BulkTargets
from eduplan.core.progress.rules import Point, Shape, Status

SERIES = 1000
BASE_YEAR = 2020
OPEN_SDG = {"target_achieved": Status.ACHIEVED, "substantial_progress": Status.ON_TRACK,
            "moderate_progress": Status.ACCELERATE, "limited_progress": Status.SLOW,
            "deterioration": Status.REGRESSING, "not_available": Status.INSUFFICIENT}


def open_sdg_status(data: dict[int, float], *, base_year: int, target: float, target_year: int,
                    direction: int) -> tuple[str, float | None]:
    """Open SDG's status of one series, written from its published method, nothing shared."""
    if not data:
        return "not_available", None
    current_year = max(data)
    current = data[current_year]
    if base_year not in data:
        base_year = min(y for y in data if y > base_year)
    base = data[base_year]
    if (direction == -1 and current <= target) or (direction == 1 and current >= target):
        return "target_achieved", None
    if current_year - base_year < 1:
        return "not_available", None
    sign = -1 if base < 0 else 1
    observed = (current / base) ** (1 / (current_year - base_year)) - 1
    required = (target / base) ** (1 / (target_year - base_year)) - 1
    r = sign * direction * observed / abs(required)
    if r >= 0.95:
        return "substantial_progress", r
    if r >= 0.6:
        return "moderate_progress", r
    if r >= 0:
        return "limited_progress", r
    return "deterioration", r


def generated(seed: int) -> list[tuple[dict[int, float], Op, float, int]]:
    """Series of positive counts from the base year on; a third lack the base-year value."""
    rng = random.Random(seed)
    out = []
    for _ in range(SERIES):
        target_year = rng.randint(2023, 2030)
        base = rng.uniform(10, 100)
        rising = rng.random() < 0.5
        change = rng.uniform(0.02, 0.4)
        target = base * (1 + change) if rising else base * (1 - change)
        growth = rng.uniform(-0.06, 0.1) * (1 if rising else -1)
        data = {}
        for year in range(BASE_YEAR, target_year):
            if rng.random() < 0.7:
                data[year] = base * (1 + growth) ** (year - BASE_YEAR) * math.exp(rng.gauss(0, 0.02))
        if rng.random() < 0.33:
            data.pop(BASE_YEAR, None)
        out.append((data, Op.GE if rising else Op.LE, target, target_year))
    return out


def _ours(data: dict[int, float], op: Op, target: float, target_year: int, explicit: bool) -> Status:
    baseline = Point(BASE_YEAR, data[BASE_YEAR]) if explicit and BASE_YEAR in data else None
    return assess_target(target=Target(op, target, year=target_year), baseline=baseline, observations=data,
                         direction=Direction.UP if op is Op.GE else Direction.DOWN, shape=Shape.COMPOUND,
                         base_year=BASE_YEAR).status


@pytest.mark.parametrize("seed", [1, 2])
def test_per_target_statuses_are_open_sdgs_on_generated_series(seed: int) -> None:
    cases = generated(seed)
    differ = []
    for i, (data, op, target, year) in enumerate(cases):
        expected, _ = open_sdg_status(data, base_year=BASE_YEAR, target=target, target_year=year,
                                      direction=1 if op is Op.GE else -1)
        ours = _ours(data, op, target, year, explicit=i % 2 == 0)
        if ours is not OPEN_SDG[expected]:
            differ.append((i, expected, ours))
    assert not differ, f"{len(differ)} of {len(cases)} differ, e.g. {differ[:5]}"
    fallbacks = sum(1 for data, *_ in cases if BASE_YEAR not in data and len(data) >= 2)
    assert fallbacks > 200  # the base-year fallback is exercised


def test_bulk_statuses_are_open_sdgs_on_generated_series() -> None:
    cases = generated(3)
    years = np.arange(BASE_YEAR, 2030)
    values = np.full((len(cases), len(years)), np.nan)
    for i, (data, *_rest) in enumerate(cases):
        for year, v in data.items():
            values[i, year - BASE_YEAR] = v
    n = len(cases)
    ops = [op for _, op, _, _ in cases]
    bulk = assess_bulk(BulkTargets(
        years=years.astype(np.int64), values=values, base_year=np.full(n, BASE_YEAR, dtype=np.int64),
        base_value=values[:, 0].copy(), target_year=np.array([c[3] for c in cases], dtype=np.int64),
        op=np.array([OP_CODES[o] for o in ops], dtype=np.int8), target_value=np.array([c[2] for c in cases]),
        target_max=np.full(n, np.nan),
        direction=np.array([DIRECTION_CODES[Direction.UP if o is Op.GE else Direction.DOWN] for o in ops],
                           dtype=np.int8),
        compound=np.ones(n, dtype=np.bool_), binding=np.zeros(n, dtype=np.bool_)))
    expected = [OPEN_SDG[open_sdg_status(d, base_year=BASE_YEAR, target=t, target_year=y,
                                         direction=1 if o is Op.GE else -1)[0]] for d, o, t, y in cases]
    differ = [i for i, (a, b) in enumerate(zip(bulk.statuses(), expected)) if a is not b]
    assert not differ, f"{len(differ)} of {n} differ, e.g. {differ[:5]}"


def test_without_the_fallback_the_missing_base_years_would_read_insufficient() -> None:
    """What the fallback changed: eduplan used to say 数据不足 where Open SDG starts later."""
    cases = generated(1)
    changed = 0
    for data, op, target, year in cases:
        direction = Direction.UP if op is Op.GE else Direction.DOWN
        before = assess_target(target=Target(op, target, year=year), baseline=None, observations=data,
                               direction=direction, shape=Shape.COMPOUND).status  # no base year: no fallback
        expected = OPEN_SDG[open_sdg_status(data, base_year=BASE_YEAR, target=target, target_year=year,
                                            direction=1 if op is Op.GE else -1)[0]]
        changed += before is Status.INSUFFICIENT and expected is not Status.INSUFFICIENT
    assert changed > 100
