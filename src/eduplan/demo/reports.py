"""Seeded simulated yearly reports for the demo: task progress, project progress and finance.

Tasks and projects are drawn from a `random.Random` seeded with the seed and the region, so one
plan's reports do not change when another plan is added; finance from one seeded for all regions.
Every report is one of the `Simulated…` subclasses of the collection types, with the real
field `simulated=True` (stored with it) and entered by `SIMULATED` (“模拟数据”), the source
simulated observations carry too. A task deadline the plan does not print is drawn in its period and flagged as drawn.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from eduplan.core.catalog import Catalog
from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.dates import parse_month
from eduplan.core.plan import Plan, Project, Task
from eduplan.core.progress.monitored import plan_baselines

SIMULATED = "模拟数据"


@dataclass(frozen=True)
class SimulatedTaskReport(TaskReport):
    """A simulated task report, with the task's deadline (simulated when the plan gives none)."""

    deadline: dt.date | None = None
    deadline_simulated: bool = False


@dataclass(frozen=True)
class SimulatedProjectReport(ProjectReport):
    """A simulated project report; `planned_investment` is what the plan (or simulation) set for the year."""

    planned_investment: float | None = None  # 万元


@dataclass(frozen=True)
class SimulatedFinanceRecord(FinanceRecord):
    """A simulated finance record."""


@dataclass(frozen=True)
class TaskDeadline:
    """A task's deadline; `simulated` when the plan gave none and one was drawn in its period."""

    region: str
    task_id: str
    deadline: dt.date
    simulated: bool


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
                    plan.region, year, task.id, text, done, None, reported_by=unit, entered_by=SIMULATED,
                    simulated=True, deadline=due.deadline, deadline_simulated=due.simulated,
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
    parsed = parse_month(text)
    return None if parsed is None or parsed[1] is None else (parsed[0], parsed[1])


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
                entered_by=SIMULATED,
                simulated=True,
                planned_investment=planned.get(year),
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
                    source=SIMULATED,
                    entered_by=SIMULATED,
                    simulated=True,
                )
            )
    return out
