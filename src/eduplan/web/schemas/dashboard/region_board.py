"""A region's dashboard (its JSON twin under /api/v1): targets, tasks, projects, funding, the latest
evaluation and inspection readiness."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from eduplan.core.evaluation.payload import FundingResult
from eduplan.core.tracking.tasks import DeadlineState, UnitSummary
from eduplan.services.dashboards import RegionDashboard
from eduplan.services.evaluations import EvaluationRecord
from eduplan.web.schemas.dashboard.readiness import ReadinessOut
from eduplan.web.schemas.dashboard.targets import LIKELIHOODS, TargetRow, status_counts, unmonitored_count
from eduplan.web.schemas.simulated import SimulatedOut


class UnitCounts(BaseModel):
    """How one responsible unit's tasks stand (the board's row and the task page's group)."""

    unit: str
    total: int
    done: int
    normal: int
    due_soon: int
    overdue: int
    reported: int
    mean_percent: float | None


class UnitRow(UnitCounts):
    """How one responsible unit's tasks stand, on the region board."""

    @classmethod
    def of(cls, u: UnitSummary) -> UnitRow:
        """From the core's summary."""
        return cls(**{k: getattr(u, k) for k in cls.model_fields})


class TaskSummary(BaseModel):
    """The region's tasks at a date: counts by deadline state and per responsible unit."""

    as_of: dt.date
    total: int
    by_state: dict[str, int]
    units: list[UnitRow]
    simulated: bool


class ProjectSummary(BaseModel):
    """The region's construction projects: counts by schedule, money and places to date."""

    total: int
    by_schedule: dict[str, int]
    planned_to_date: float
    spent_to_date: float
    execution_rate: float | None  # spent / planned to date, over all projects
    places_planned: int
    places_delivered: int
    simulated: bool  # the project reports are 模拟数据


class FundingRow(BaseModel):
    """A funding rule's verdict."""

    code: str
    title: str
    passed: bool | None
    verdict: str
    message: str

    @classmethod
    def of(cls, f: FundingResult) -> FundingRow:
        """From the core's result."""
        return cls(code=f.code, title=f.title, passed=f.passed, verdict=f.verdict, message=f.message)


class EvaluationBrief(BaseModel):
    """The latest stored evaluation of the region's plan."""

    id: int
    kind: str
    kind_label: str
    year: int
    label: str
    created_at: dt.datetime | None
    summary: dict[str, Any]
    href: str
    simulated: bool  # any of its sections is 模拟数据

    @classmethod
    def of(cls, e: EvaluationRecord, *, simulated: bool) -> EvaluationBrief:
        """From the stored record."""
        return cls(id=e.id, kind=e.kind.value, kind_label=e.kind_label, year=e.year, label=e.label,
                   created_at=e.created_at, summary=e.summary, simulated=simulated,
                   href=f"/regions/{quote(e.region, safe='')}/evaluations#evaluation-{e.id}")


class RegionLinks(BaseModel):
    """The region's other pages."""

    tasks: str
    projects: str
    inspections: str
    evaluations: str
    data: str
    plan: str


class RegionDashboardPage(BaseModel):
    """A region's dashboard. `restricted`: funding, evaluation and inspections are hidden from this reader."""

    region: str
    region_label: str = ""  # how the page names the region (its name; with parent and code where names repeat)
    plan_id: int
    plan_title: str
    year: int
    simulated: bool
    unapproved_years: list[int]  # years of the figures shown not yet approved (未审核); empty for public views
    withheld_years: list[int] = Field(default_factory=list, description="只读已审核数据的读者：有数据但尚未审核、未计入本页的年份")
    simulated_parts: SimulatedOut  # which parts (targets, tasks, projects, funding, schools) are 模拟数据
    status_counts: dict[str, int]
    unmonitored: int
    likelihood_counts: dict[str, int]
    flagged: int
    targets: list[TargetRow]
    tasks: TaskSummary
    projects: ProjectSummary
    restricted: bool
    funding: list[FundingRow] | None
    evaluation: EvaluationBrief | None
    readiness: ReadinessOut | None
    links: RegionLinks

    @classmethod
    def of(cls, d: RegionDashboard) -> RegionDashboardPage:
        """From the dashboard service."""
        rows = [TargetRow.of(t, region=d.region, year=d.year,
                             simulated=(t.indicator_id, t.latest_year) in d.simulated,
                             unapproved=t.latest_year in d.unapproved) for t in d.targets]
        found = Counter(t.likelihood.value for t in d.targets)
        base = f"/regions/{quote(d.region, safe='')}"
        return cls(
            region=d.region, region_label=d.label or d.region, plan_id=d.plan_id, plan_title=d.plan_title, year=d.year,
            simulated=d.parts.any, simulated_parts=SimulatedOut.of(d.parts),
            unapproved_years=sorted(d.unapproved),
            withheld_years=sorted(d.withheld),
            status_counts=status_counts(d.targets), unmonitored=unmonitored_count(d.targets),
            likelihood_counts={s: found.get(s, 0) for s in LIKELIHOODS},
            flagged=sum(1 for t in d.targets if t.flagged), targets=rows,
            tasks=task_summary(d), projects=project_summary(d), restricted=d.funding is None,
            funding=[FundingRow.of(f) for f in d.funding] if d.funding is not None else None,
            evaluation=EvaluationBrief.of(d.evaluation, simulated=(d.evaluation.simulated or d.parts).any)
            if d.evaluation else None,
            readiness=ReadinessOut.of(d.readiness) if d.readiness else None,
            links=RegionLinks(tasks=f"{base}/tasks", projects=f"{base}/projects", inspections=f"{base}/inspections",
                              evaluations=f"{base}/evaluations", data="/data", plan=f"/plans/{d.plan_id}"),
        )


def task_summary(d: RegionDashboard) -> TaskSummary:
    """The task board in counts."""
    found = Counter(t.state.value for t in d.tasks.tasks)
    return TaskSummary(as_of=d.tasks.as_of, total=len(d.tasks.tasks),
                       by_state={s.value: found.get(s.value, 0) for s in DeadlineState},
                       units=[UnitRow.of(u) for u in d.tasks.units], simulated=d.tasks.simulated)


def project_summary(d: RegionDashboard) -> ProjectSummary:
    """The project board in counts; the execution rate is spent over planned, all projects to date."""
    projects = d.projects.projects
    found = Counter(p.schedule.value for p in projects)
    planned = sum(p.planned_to_date for p in projects)
    spent = sum(p.spent_to_date for p in projects)
    return ProjectSummary(
        total=len(projects), by_schedule=dict(found.most_common()), planned_to_date=planned, spent_to_date=spent,
        execution_rate=spent / planned if planned else None,
        places_planned=sum(p.places_planned or 0 for p in projects),
        places_delivered=sum(p.places_delivered for p in projects), simulated=d.projects.simulated)
