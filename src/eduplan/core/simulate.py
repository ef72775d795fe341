"""Seeded simulated monitoring data for the demo: yearly figures, task and project progress, finance.

Everything made up here is drawn from one `random.Random(seed)` (same seed, same data) and
marked: observations carry `simulated=True` and source “模拟数据”, reports are the `Simulated…`
subclasses of the collection types with `simulated=True`. The plans' own base-year values are
kept as observations with source “规划基期值” (`simulated=False`: they are printed in the plan).

A target's path is drawn for a wanted status and checked with the real progress engine
(`assess_indicator`), drawing again on a miss; a few targets are forced so that, across the
plans, every status and likelihood the engine gives for data occurs. 不适用 depends on a
target's wording, not on data, so no simulation can produce it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from eduplan.core.catalog import Catalog
from eduplan.core.collection import Collection, FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.forecast import Likelihood
from eduplan.core.plan import CatalogEntry, Direction, Observation, Plan, Project, Target, Task
from eduplan.core.progress import Assessment, Point, Status, assess_indicator, goal_for, quantified

SIMULATED = "模拟数据"
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
HELD_WEIGHTS = {Status.ON_TRACK: 6, Status.ACCELERATE: 1, Status.REGRESSING: 1}
ATTEMPTS = 40


@dataclass(frozen=True)
class SimulatedTaskReport(TaskReport):
    """A simulated task report, with the task's deadline (simulated when the plan gives none)."""

    deadline: dt.date | None = None
    deadline_simulated: bool = False
    simulated: bool = True


@dataclass(frozen=True)
class SimulatedProjectReport(ProjectReport):
    """A simulated project report; `planned_investment` is what the plan (or simulation) set for the year."""

    planned_investment: float | None = None  # 万元
    simulated: bool = True


@dataclass(frozen=True)
class SimulatedFinanceRecord(FinanceRecord):
    """A simulated finance record."""

    simulated: bool = True


@dataclass(frozen=True)
class TaskDeadline:
    """A task's deadline; `simulated` when the plan gave none and one was drawn in its period."""

    region: str
    task_id: str
    deadline: dt.date
    simulated: bool


@dataclass(frozen=True)
class MonitoredTarget:
    """A catalog indicator's target in a plan, with its base-year value as the plan prints it."""

    region: str
    label: str
    entry: CatalogEntry
    target: Target
    base_year: int
    baseline: float | None  # None: the plan prints no base-year value


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


# --- what a plan monitors -----------------------------------------------------------------


def base_year(plan: Plan) -> int:
    """The year before the plan's period (2020 for a 2021–2025 plan)."""
    return plan.period[0] - 1 if plan.period else 2020


def plan_baselines(plan: Plan, catalog: Catalog) -> dict[str, float]:
    """Catalog id → the base-year value the plan prints (first row that has one)."""
    year = str(base_year(plan))
    out: dict[str, float] = {}
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        value = ind.values.get(year)
        if entry is not None and value is not None:
            out.setdefault(entry.id, float(value))
    return out


def monitored_targets(plan: Plan, *, catalog: Catalog) -> list[MonitoredTarget]:
    """The plan's targets on catalog indicators: indicator rows first, then prose targets."""
    bases = plan_baselines(plan, catalog)
    year = base_year(plan)
    out: list[MonitoredTarget] = []
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        if entry is not None and ind.target is not None:
            out.append(MonitoredTarget(plan.region, ind.name, entry, ind.target, year, bases.get(entry.id)))
    for prose in plan.targets:
        entry = catalog.get(prose.catalog_id) if prose.catalog_id else None
        if entry is not None:
            target = Target(prose.op, prose.value, prose.value_max, prose.year or plan.end_year)
            out.append(MonitoredTarget(plan.region, prose.subject, entry, target, year, bases.get(entry.id)))
    return out


def monitored_entries(plan: Plan, *, catalog: Catalog) -> list[CatalogEntry]:
    """Every catalog indicator the plan names, in plan order, once each."""
    seen: dict[str, CatalogEntry] = {}
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        if entry is not None:
            seen.setdefault(entry.id, entry)
    for t in monitored_targets(plan, catalog=catalog):
        seen.setdefault(t.entry.id, t.entry)
    return list(seen.values())


def series_of(observations: Iterable[Observation], region: str, indicator: str) -> dict[int, float]:
    """Year → value of one indicator in one region."""
    return {o.year: o.value for o in observations if o.region == region and o.indicator == indicator}


def assess_monitored(target: MonitoredTarget, series: Mapping[int, float], *, as_of: int) -> Assessment:
    """The engine's judgement of a target on a series; the base-year value is the baseline."""
    value = target.baseline if target.baseline is not None else series.get(target.base_year)
    baseline = Point(target.base_year, value) if value is not None else None
    return assess_indicator(
        entry=target.entry, target=target.target, baseline=baseline, observations=series, as_of=as_of
    )


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
    """A path for a target to be held: kept every year, lapsed once, or lost in the last year."""
    assert s.target is not None and s.target.target.value is not None
    aim = s.target.target.value
    unit = _scale(s.entry, aim)
    up = s.entry.direction is not Direction.DOWN
    later = [y for y in s.years if y > s.base_year]
    lapse = {later[-1]} if status is Status.REGRESSING else set()
    if status is Status.ACCELERATE and len(later) > 1:
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


# --- task progress --------------------------------------------------------------------------

_DOING = (
    "已制定年度工作方案并分解到责任科室",
    "相关制度文件已印发实施",
    "试点学校已完成阶段性工作",
    "已召开专题推进会并建立工作台账",
    "经费已纳入年度预算并按进度拨付",
    "已开展专项督查并通报进展",
)
_LATE = ("受经费拨付进度影响", "受用地和审批手续影响", "部门协调进展较慢", "相关配套政策尚未出台")


def leaf_tasks(plan: Plan) -> list[Task]:
    """The tasks no other task names as its parent (the items progress is reported on)."""
    parents = {t.parent for t in plan.tasks if t.parent}
    return [t for t in plan.tasks if t.id not in parents]


def task_deadline(task: Task, plan: Plan, rng: random.Random) -> TaskDeadline:
    """The task's deadline, or one drawn at the middle or end of a year in the plan period."""
    if task.deadline is not None:
        return TaskDeadline(plan.region, task.id, task.deadline, False)
    first, last = plan.period or (2021, 2025)
    year = rng.randint(min(first + 1, last), last)
    day = dt.date(year, 6, 30) if rng.random() < 0.35 else dt.date(year, 12, 31)
    return TaskDeadline(plan.region, task.id, day, True)


def _task_text(task: Task, percent: float, deadline: dt.date, year: int, rng: random.Random) -> str:
    """The Chinese progress text of a report."""
    due = f"{deadline.year}年{deadline.month}月"
    if percent >= 100:
        return f"“{task.title}”已全面完成，{rng.choice(_DOING)}，转入常态化推进。"
    if deadline < dt.date(year, 12, 31):
        return f"已超过完成时限（{due}），完成{percent:g}%，{rng.choice(_LATE)}，尚未完成，正在加紧推进。"
    if deadline.year == year:
        return f"已到完成时限（{due}），完成{percent:g}%，{rng.choice(_LATE)}，尚未全部完成。"
    if deadline.year == year + 1 and deadline.month <= 6:
        return f"临近完成时限（{due}），完成{percent:g}%，{rng.choice(_DOING)}，需加快进度。"
    return f"有序推进，完成{percent:g}%，{rng.choice(_DOING)}。"


def simulate_tasks(
    plan: Plan, *, seed: int, years: Sequence[int]
) -> tuple[list[TaskDeadline], list[SimulatedTaskReport]]:
    """Deadlines of the plan's leaf tasks and one yearly report per task and year in the period."""
    rng = random.Random(f"{seed}:tasks:{plan.region}")
    first = plan.period[0] if plan.period else min(years)
    deadlines: list[TaskDeadline] = []
    reports: list[SimulatedTaskReport] = []
    for task in leaf_tasks(plan):
        due = task_deadline(task, plan, rng)
        deadlines.append(due)
        low, high = rng.choices(((0.5, 0.8), (0.95, 1.25), (1.2, 1.6)), (2, 6, 2))[0]
        pace = rng.uniform(low, high)
        unit = task.lead_units[0] if task.lead_units else (task.responsible_units or ["区教委"])[0]
        done = 0.0
        for year in (y for y in years if y >= first):
            planned = min((year - first + 1) / max(due.deadline.year - first + 1, 1), 1.0) * 100
            done = max(done, min(100.0, float(round(planned * pace + rng.uniform(-5, 5)))))
            done = max(done, 5.0)
            text = _task_text(task, done, due.deadline, year, rng)
            reports.append(
                SimulatedTaskReport(
                    plan.region, year, task.id, text, done, None, unit, SIMULATED, due.deadline, due.simulated
                )
            )
    return deadlines, reports


# --- project progress -----------------------------------------------------------------------

_NON_PLACES = ("运动场", "宿舍", "停车", "装修", "艺术楼", "教辅", "排危", "进修", "实验楼")
_PLACES_BY_STAGE = {
    "幼儿园": (270, 540),
    "小学": (1080, 2160),
    "初中": (1000, 2000),
    "九义制": (1800, 2700),
    "高中": (1500, 3000),
    "高完中": (1500, 3000),
}
_INVEST_BY_STAGE = {
    "幼儿园": (1500, 5000),
    "小学": (8000, 22000),
    "初中": (10000, 26000),
    "九义制": (15000, 32000),
    "高中": (25000, 60000),
}
_SLIP = ("受征地拆迁影响", "受设计方案调整影响", "受资金到位进度影响", "受施工许可办理影响")


def _month(text: str | None) -> tuple[int, int] | None:
    """(year, month) of a "YYYY-MM" string."""
    if not text or len(text) < 7 or not text[:4].isdigit() or not text[5:7].isdigit():
        return None
    return int(text[:4]), int(text[5:7])


def _add_months(ym: tuple[int, int], months: int) -> tuple[int, int]:
    """A (year, month) shifted by a number of months."""
    n = ym[0] * 12 + ym[1] - 1 + months
    return n // 12, n % 12 + 1


def _stage_of(project: Project) -> str:
    """The project's stage as printed, else guessed from its name."""
    if project.stage:
        return project.stage
    for word, stage in (("幼儿园", "幼儿园"), ("小学", "小学"), ("高中", "高中"), ("初", "初中"), ("中学", "初中")):
        if word in project.name:
            return stage
    return "其他"


def planned_months(project: Project, plan: Plan, rng: random.Random) -> tuple[tuple[int, int], tuple[int, int]]:
    """Planned start and finish months: printed, from the period, or drawn in the plan period."""
    start, finish = _month(project.planned_start), _month(project.planned_finish)
    if start and finish:
        return start, finish
    if project.period:
        return (project.period[0], rng.choice((3, 6, 9))), (project.period[1], rng.choice((8, 12)))
    first, last = plan.period or (2021, 2025)
    begin = (rng.randint(first, max(first, last - 2)), rng.choice((3, 6, 9)))
    return begin, _add_months(begin, rng.randint(12, 30))


def project_places(project: Project, rng: random.Random) -> int | None:
    """The places (学位) a project delivers: printed, drawn by stage for a school, or None."""
    if project.places is not None:
        return project.places
    stage = _stage_of(project)
    if stage not in _PLACES_BY_STAGE or any(w in project.name for w in _NON_PLACES):
        return None
    low, high = _PLACES_BY_STAGE[stage]
    step = 30 if stage == "幼儿园" else 45
    return rng.randint(low // step, high // step) * step


def planned_investment(project: Project, start: int, finish: int, rng: random.Random) -> dict[int, float]:
    """Planned investment by year: printed, else the total (printed or drawn) spread evenly."""
    if project.investment_by_year:
        return {int(y): v for y, v in project.investment_by_year.items() if y.isdigit()}
    total = project.investment_total
    if total is None:
        low, high = _INVEST_BY_STAGE.get(_stage_of(project), (800, 6000))
        total = float(round(rng.uniform(low, high), -2))
    years = list(range(start, finish + 1))
    return {y: round(total / len(years), 1) for y in years}


def simulate_project(
    project: Project, plan: Plan, *, years: Sequence[int], rng: random.Random
) -> list[SimulatedProjectReport]:
    """Yearly reports on one project: slipped dates, money spent against plan, places delivered."""
    start, finish = planned_months(project, plan, rng)
    delay = rng.choices((0, rng.randint(1, 6), rng.randint(7, 15)), (5, 3, 2))[0]
    stalled = rng.random() < 0.1
    actual_start = _add_months(start, delay)
    actual_finish = None if stalled else _add_months(finish, delay + rng.choice((0, 0, 2, 5)))
    planned = planned_investment(project, start[0], finish[0], rng)
    total = project.investment_total or sum(planned.values())
    places = project_places(project, rng)
    key = ProjectKey(project.table, project.seq, project.name)
    out: list[SimulatedProjectReport] = []
    spent = 0.0
    for year in years:
        if year < start[0] or (actual_finish is not None and year > actual_finish[0]):
            continue
        began = actual_start[0] <= year
        ended = actual_finish is not None and actual_finish[0] <= year
        left = max(total - spent, 0.0)
        want = planned[year] if year in planned and not ended else left * (1.0 if ended else 0.4)
        money = 0.0 if not began else min(want * rng.uniform(0.6, 1.1), max(total * 1.1 - spent, 0.0))
        spent += money
        delivered = places if ended and actual_finish and actual_finish[0] == year else None
        note = _project_note(delay, began, ended, stalled, start)
        out.append(
            SimulatedProjectReport(
                plan.region,
                year,
                key,
                _ym(actual_start) if began else None,
                _ym(actual_finish) if ended and actual_finish else None,
                round(money, 1),
                delivered,
                note,
                SIMULATED,
                planned.get(year),
            )
        )
    return out


def _ym(ym: tuple[int, int]) -> str:
    """ "YYYY-MM"."""
    return f"{ym[0]:04d}-{ym[1]:02d}"


def _project_note(delay: int, began: bool, ended: bool, stalled: bool, start: tuple[int, int]) -> str:
    """A Chinese note on the project's state in a report year."""
    why = _SLIP[delay % len(_SLIP)]
    if not began:
        return f"尚未开工（计划{start[0]}年{start[1]}月开工），{why}，正在办理前期手续。"
    if ended:
        return "已竣工验收，投入使用。" if not delay else f"{why}，较计划推迟约{delay}个月竣工，已投入使用。"
    if stalled:
        return f"{why}，工程进度滞后，暂未确定竣工时间。"
    return "按计划推进。" if not delay else f"{why}，较计划推迟约{delay}个月开工，正在施工。"


def simulate_projects(plan: Plan, *, seed: int, years: Sequence[int]) -> list[SimulatedProjectReport]:
    """Yearly reports on every project of the plan."""
    rng = random.Random(f"{seed}:projects:{plan.region}")
    return [r for p in plan.projects for r in simulate_project(p, plan, years=years, rng=rng)]


# --- finance --------------------------------------------------------------------------------

PER_STUDENT_BASE = {"学前": 9000.0, "小学": 13000.0, "初中": 17500.0, "普通高中": 19500.0, "中职": 21000.0}


def _students(plan: Plan, catalog: Catalog) -> float:
    """The region's students in 万人 (compulsory ×1.6), 6 万 when the plan prints none."""
    bases = plan_baselines(plan, catalog)
    return bases.get("compulsory_enrolment", 6.0) * 1.6


def simulate_finance(
    plans: Sequence[Plan], *, catalog: Catalog, seed: int, years: Sequence[int]
) -> list[SimulatedFinanceRecord]:
    """Finance per region and year (base year included); one region's budget falls once and
    one region's teachers earn less than civil servants in one year."""
    if not years:
        return []
    rng = random.Random(f"{seed}:finance")
    regions = [p.region for p in plans]
    cut_region, pay_region = rng.choice(regions), rng.choice(regions)
    span = [min(years) - 1, *years]
    cut_year, pay_year = rng.choice(span[1:]), rng.choice(span[1:])
    out: list[SimulatedFinanceRecord] = []
    for plan in plans:
        students = _students(plan, catalog)
        budget = students * 10000 * rng.uniform(1.5, 2.1)  # 万元: 1.5–2.1 万元 a student
        per = {k: v * rng.uniform(0.9, 1.15) for k, v in PER_STUDENT_BASE.items()}
        servant = rng.uniform(108000, 122000)
        teachers = students * 10000 / rng.uniform(13, 16)
        for year in span:
            cut = plan.region == cut_region and year == cut_year
            growth = rng.uniform(-0.06, -0.02) if cut else rng.uniform(0.01, 0.07)
            budget *= 1 + growth
            per = {k: v * (1 + (growth if cut and k == "小学" else rng.uniform(0.005, 0.06))) for k, v in per.items()}
            servant *= 1 + rng.uniform(0.02, 0.05)
            below = plan.region == pay_region and year == pay_year
            salary = servant * (rng.uniform(0.95, 0.99) if below else rng.uniform(1.0, 1.06))
            payroll = teachers * salary * 1.25 / 10000
            training = payroll * rng.uniform(0.011, 0.025)
            out.append(
                SimulatedFinanceRecord(
                    plan.region,
                    year,
                    round(budget, 1),
                    {k: round(v) for k, v in per.items()},
                    round(salary),
                    round(servant),
                    round(training, 1),
                    round(payroll, 1),
                    SIMULATED,
                    SIMULATED,
                )
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
