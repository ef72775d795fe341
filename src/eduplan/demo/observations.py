"""Seeded simulated monitoring data for the demo: yearly figures, task and project progress, finance.

Everything made up is drawn from `random.Random` seeded with `seed` (same seed, same data) and
marked: observations carry `simulated=True` and source “模拟数据”, reports are the `Simulated…`
subclasses of the collection types with `simulated=True`. The plans' own base-year values are
kept as observations with source “规划基期值” (`simulated=False`: they are printed in the plan).

A target's path is drawn for a wanted status and checked with the real progress engine
(`assess_indicator`), drawing again on a miss; a few targets are forced so that, across the
plans, every status and likelihood the engine gives for data occurs. 不适用 depends on a
target's wording, not on data, so no simulation can produce it; 未纳入监测 belongs to prose
targets outside the catalog, which nothing here simulates. A projected count (catalog nature
“scale”) follows a drawn path unchecked: whatever it does, the engine calls it 预期规模.

This module draws the observations and puts everything together (`simulate_monitoring`); the
task, project and finance reports are drawn in `simulate_reports`, and what a plan monitors
(its targets and printed base-year values) comes from `monitored_targets`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from eduplan.core.catalog import Catalog
from eduplan.core.collection.yearly import Collection
from eduplan.core.plan import CatalogEntry, Direction, Observation, Plan, Target
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.monitored import (
    MonitoredTarget,
    assess_monitored,
    base_year,
    monitored_entries,
    monitored_targets,
    plan_baselines,
)
from eduplan.core.progress.rules import SCALE_NATURE, Status, goal_for, quantified
from eduplan.demo.reports import (  # noqa: F401  leaf_tasks is re-exported
    SIMULATED,
    SimulatedFinanceRecord,
    SimulatedProjectReport,
    SimulatedTaskReport,
    TaskDeadline,
    leaf_tasks,
    simulate_finance,
    simulate_projects,
    simulate_tasks,
)

PLAN_BASELINE = "规划基期值"
DEFAULT_YEARS = range(2021, 2025)
#: Statuses forced somewhere across the plans, with the likelihood each must come with.
FORCED: tuple[tuple[Status, Likelihood], ...] = (
    (Status.INSUFFICIENT, Likelihood.INSUFFICIENT),
    (Status.ACHIEVED, Likelihood.WILL_MEET),
    (Status.ON_TRACK, Likelihood.WILL_MEET),
    (Status.ACCELERATE, Likelihood.ACCELERATE),
    (Status.SLOW, Likelihood.ACCELERATE),
    (Status.REGRESSING, Likelihood.UNLIKELY),
)
#: Progress ratio drawn for each status of a target that must move (R of docs/methods.md).
RATIO_RANGES: dict[Status, tuple[float, float]] = {
    Status.ACHIEVED: (1.35, 1.7),
    Status.ON_TRACK: (0.99, 1.15),
    Status.ACCELERATE: (0.66, 0.9),
    Status.SLOW: (0.12, 0.5),
    Status.REGRESSING: (-0.6, -0.12),
}
MOVING_WEIGHTS = {Status.ACHIEVED: 3, Status.ON_TRACK: 5, Status.ACCELERATE: 3, Status.SLOW: 2, Status.REGRESSING: 1}
HELD_WEIGHTS = {Status.ACHIEVED: 7, Status.REGRESSING: 1}
HELD_LAPSE = 1 / 7  # share of held paths that lapse once in an earlier year (still 已达成)
ATTEMPTS = 40


@dataclass
class SimulatedData:
    """Everything `simulate_monitoring` makes, ready to be stored as one collection."""

    seed: int
    observations: list[Observation] = field(default_factory=list)
    tasks: list[SimulatedTaskReport] = field(default_factory=list)
    deadlines: list[TaskDeadline] = field(default_factory=list)
    projects: list[SimulatedProjectReport] = field(default_factory=list)
    finance: list[SimulatedFinanceRecord] = field(default_factory=list)

    def collection(self) -> Collection:
        """The data as an import collection (the store's entry point for yearly data)."""
        return Collection(list(self.observations), list(self.tasks), list(self.projects), list(self.finance))


# --- drawing paths --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    """One (region, indicator) to simulate: its entry, base, years and the target that steers it."""

    region: str
    entry: CatalogEntry
    base_year: int
    baseline: float | None
    printed: bool  # the baseline is the plan's printed value
    years: tuple[int, ...]
    target: MonitoredTarget | None


def _digits(entry: CatalogEntry) -> int:
    """Decimals a value is reported with: 2 for rates and years, 3 for 万人 counts."""
    return 2 if entry.unit in ("%", "年", None) else 3


def _clip(entry: CatalogEntry, value: float) -> float:
    """A value within the indicator's bounds (0 … max_value; counts stay positive)."""
    low = 0.0 if entry.unit in ("%", "年", None) else 10 ** -_digits(entry)
    high = entry.max_value if entry.max_value is not None else math.inf
    return round(min(max(value, low), high), _digits(entry))


def _scale(entry: CatalogEntry, value: float) -> float:
    """A typical yearly wobble: 1 point for rates, 0.1 year, 2 % of a count."""
    if entry.unit == "%":
        return 1.0
    if entry.unit == "年":
        return 0.1
    return max(abs(value) * 0.02, 10 ** -_digits(entry))


def _simulated_baseline(entry: CatalogEntry, target: Target | None, rng: random.Random) -> float:
    """A plausible base-year value below (or above, for falling indicators) the target."""
    aim = target.value if target is not None and target.value is not None else 80.0
    gap = rng.uniform(2.0, 9.0) * _scale(entry, aim)
    return _clip(entry, aim + gap if entry.direction is Direction.DOWN else aim - gap)


def _moving_path(s: _Series, status: Status, rng: random.Random) -> dict[int, float]:
    """A path from the baseline whose progress ratio falls in the status's band."""
    assert s.target is not None and s.baseline is not None and s.target.target.year is not None
    b, end = s.baseline, s.target.target.year
    goal = goal_for(target=s.target.target, baseline=b, direction=s.entry.direction)
    last = max(s.years)
    ratio = rng.uniform(*RATIO_RANGES[status])
    share = (last - s.base_year) / (end - s.base_year)
    compound = s.entry.trajectory == "compound" and b > 0 and goal.anchor > 0
    if compound:
        rate = (goal.anchor / b) ** (1 / (end - s.base_year)) - 1
        latest = b * (1 + ratio * rate) ** (last - s.base_year)
    else:
        latest = b + ratio * (goal.anchor - b) * share
    bend = rng.uniform(0.75, 1.3)  # momentum: early or late progress
    wobble = 0.12 * abs(latest - b) / max(last - s.base_year, 1)
    out: dict[int, float] = {}
    for year in s.years:
        frac = (year - s.base_year) / (last - s.base_year)
        trend = (
            b * (latest / b) ** (abs(frac) ** bend * math.copysign(1, frac))
            if compound
            else b + (latest - b) * math.copysign(abs(frac) ** bend, frac)
        )
        noise = rng.gauss(0, wobble * (0.25 if year == last else 1.0))
        out[year] = _clip(s.entry, trend + noise)
    return out


def _held_path(s: _Series, status: Status, rng: random.Random) -> dict[int, float]:
    """A path for a target to be held: kept every year, lapsed once earlier, or lost in the last year."""
    assert s.target is not None and s.target.target.value is not None
    aim = s.target.target.value
    unit = _scale(s.entry, aim)
    up = s.entry.direction is not Direction.DOWN
    later = [y for y in s.years if y > s.base_year]
    lapse = {later[-1]} if status is Status.REGRESSING else set()
    if status is Status.ACHIEVED and len(later) > 1 and rng.random() < HELD_LAPSE:
        lapse = {rng.choice(later[:-1])}
    out: dict[int, float] = {}
    for year in s.years:
        step = rng.uniform(0.05, 0.6) * unit
        kept = aim + step if up else aim - step
        lost = aim - rng.uniform(0.3, 1.2) * unit if up else aim + rng.uniform(0.3, 1.2) * unit
        out[year] = _clip(s.entry, lost if year in lapse else kept)
    return out


def _trend_path(s: _Series, rng: random.Random) -> dict[int, float]:
    """A plausible path for an indicator without a target: a steady drift with noise."""
    b = s.baseline if s.baseline is not None else _simulated_baseline(s.entry, None, rng)
    unit = _scale(s.entry, b)
    sign = -1.0 if s.entry.direction is Direction.DOWN else 1.0
    drift = rng.uniform(-0.3, 0.6) * unit * (sign if s.entry.direction is not Direction.HOLD else 1.0)
    return {y: _clip(s.entry, b + drift * (y - s.base_year) + rng.gauss(0, 0.2 * unit)) for y in s.years}


def _path(s: _Series, status: Status, rng: random.Random) -> dict[int, float]:
    """A path for the wanted status (the baseline year itself is not included)."""
    if status is Status.INSUFFICIENT:
        return {}
    if _movement(s) is None:
        return _trend_path(s, rng)
    assert s.target is not None and s.baseline is not None
    goal = goal_for(target=s.target.target, baseline=s.baseline, direction=s.entry.direction)
    return _held_path(s, status, rng) if goal.movement == 0 else _moving_path(s, status, rng)


def _fits(s: _Series, values: Mapping[int, float], status: Status, likelihood: Likelihood | None) -> bool:
    """Whether the engine gives the path the wanted status (and likelihood)."""
    if s.target is None:
        return True
    series = dict(values)
    if s.baseline is not None:
        series[s.base_year] = s.baseline
    result = assess_monitored(s.target, series, as_of=max(s.years))
    return result.status is status and (likelihood is None or result.likelihood is likelihood)


def _draw(s: _Series, status: Status, likelihood: Likelihood | None, rng: random.Random) -> dict[int, float] | None:
    """A path the engine judges as wanted, or None after `ATTEMPTS` draws."""
    for _ in range(ATTEMPTS):
        values = _path(s, status, rng)
        if _fits(s, values, status, likelihood):
            return values
    return None


def _movement(s: _Series) -> int | None:
    """The movement the steering target asks for, None when it cannot be judged."""
    if s.target is None or s.baseline is None or not quantified(s.target.target):
        return None
    if not s.years or max(s.years) <= s.base_year:
        return None  # nothing after the base year to steer
    return goal_for(target=s.target.target, baseline=s.baseline, direction=s.entry.direction).movement


def _series_list(plans: Sequence[Plan], catalog: Catalog, years: Sequence[int], rng: random.Random) -> list[_Series]:
    """Every (region, indicator) to simulate, steered by its first target."""
    out: list[_Series] = []
    for plan in plans:
        bases = plan_baselines(plan, catalog)
        targets = monitored_targets(plan, catalog=catalog)
        year = base_year(plan)
        for entry in monitored_entries(plan, catalog=catalog):
            steer = next((t for t in targets if t.entry.id == entry.id and quantified(t.target)), None)
            printed = entry.id in bases
            aim = steer.target if steer is not None else None
            base = bases[entry.id] if printed else _simulated_baseline(entry, aim, rng)
            if steer is not None and not printed:
                steer = MonitoredTarget(steer.region, steer.label, entry, steer.target, year, base)
            span = tuple(sorted({*years, year} - {year}))
            out.append(_Series(plan.region, entry, year, base, printed, span, steer))
    return out


def _assign(series: list[_Series], rng: random.Random) -> dict[int, dict[int, float]]:
    """Index → drawn path: the forced statuses first, then a weighted status for the rest."""
    order = list(range(len(series)))
    rng.shuffle(order)
    paths: dict[int, dict[int, float]] = {}
    for status, likelihood in FORCED:
        for i in order:
            s, move = series[i], _movement(series[i])
            if i in paths or move is None or move == 0 or (status is Status.INSUFFICIENT and not s.printed):
                continue
            if s.entry.nature == SCALE_NATURE:
                continue  # always 预期规模
            drawn = _draw(s, status, likelihood, rng)
            if drawn is not None:
                paths[i] = drawn
                break
    for i in order:
        if i not in paths:
            paths[i] = _free_path(series[i], rng)
    return paths


def _free_path(s: _Series, rng: random.Random) -> dict[int, float]:
    """A path for a status drawn by weight (kept if the engine disagrees after the attempts)."""
    move = _movement(s)
    if move is None:
        return _trend_path(s, rng)
    weights = HELD_WEIGHTS if move == 0 else MOVING_WEIGHTS
    status = rng.choices(list(weights), list(weights.values()))[0]
    if s.entry.nature == SCALE_NATURE:
        return _path(s, status, rng)  # 预期规模 whatever the path: no check to draw again on
    return _draw(s, status, None, rng) or _path(s, status, rng)


def simulate_observations(
    plans: Sequence[Plan], *, catalog: Catalog, seed: int = 2026, years: Iterable[int] = DEFAULT_YEARS
) -> list[Observation]:
    """Base-year and yearly observations of every catalog indicator the plans name."""
    rng = random.Random(seed)
    span = sorted(years)
    series = _series_list(plans, catalog, span, rng)
    paths = _assign(series, rng)
    out: list[Observation] = []
    for i, s in enumerate(series):
        if s.baseline is not None:
            source, by, fake = (PLAN_BASELINE, None, False) if s.printed else (SIMULATED, SIMULATED, True)
            out.append(Observation(s.entry.id, s.region, s.base_year, s.baseline, source, by, fake))
        out.extend(
            Observation(s.entry.id, s.region, y, v, SIMULATED, SIMULATED, True) for y, v in sorted(paths[i].items())
        )
    return out


# --- all together ---------------------------------------------------------------------------


def simulate_monitoring(
    plans: Sequence[Plan], *, catalog: Catalog, seed: int = 2026, years: Iterable[int] = DEFAULT_YEARS
) -> SimulatedData:
    """Seeded yearly figures, task and project progress and finance for the demo plans."""
    span = sorted(years)
    data = SimulatedData(seed, simulate_observations(plans, catalog=catalog, seed=seed, years=span))
    for plan in plans:
        deadlines, tasks = simulate_tasks(plan, seed=seed, years=span)
        data.deadlines.extend(deadlines)
        data.tasks.extend(tasks)
        data.projects.extend(simulate_projects(plan, seed=seed, years=span))
    data.finance = simulate_finance(plans, catalog=catalog, seed=seed, years=span)
    return data
