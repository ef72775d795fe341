"""The dashboards' page contexts (each is also the page's JSON twin under /api/v1)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from eduplan.core.catalog import Catalog
from eduplan.core.comparison import RegionComparison
from eduplan.core.evaluation.payload import FundingResult, TargetResult
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import CHARTED, Status
from eduplan.core.tracking.tasks import DeadlineState, UnitSummary
from eduplan.services.dashboards import PlanProgress, RegionDashboard, TargetStory
from eduplan.services.evaluations import EvaluationRecord
from eduplan.services.inspections import Gap, Readiness
from eduplan.web.schemas.simulated import SimulatedOut

STATUSES = [s.value for s in CHARTED]  # 未纳入监测 is counted apart (`unmonitored`)
LIKELIHOODS = [s.value for s in Likelihood]


def target_href(region: str, key: str, year: int) -> str:
    """The indicator page of a target (the key may hold any character: it is URL-encoded)."""
    return f"/regions/{quote(region, safe='')}/targets/{quote(key, safe='')}?year={year}"


def region_href(region: str, year: int | None = None) -> str:
    """A region's dashboard."""
    return f"/regions/{quote(region, safe='')}" + (f"?year={year}" if year is not None else "")


def target_number(text: str | None) -> float | None:
    """The first number of a target text (“≥97” → 97, “93～95” → 93), for drawing it."""
    found = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(found.group()) if found else None


def status_counts(targets: Iterable[TargetResult]) -> dict[str, int]:
    """How many targets have each charted status, every one listed (in the order of `Status`)."""
    found = Counter(t.status.value for t in targets)
    return {s: found.get(s, 0) for s in STATUSES}


def unmonitored_count(targets: Iterable[TargetResult]) -> int:
    """How many targets are 未纳入监测 (prose commitments no yearly sheet collects)."""
    return sum(1 for t in targets if t.status is Status.UNMONITORED)


# ---------------------------------------------------------------- targets


class TargetRow(BaseModel):
    """One target's assessment as a table row; `simulated`: its latest value is 模拟数据."""

    key: str
    href: str
    name: str
    indicator_id: str | None
    unit: str | None
    category: str | None
    origin: str
    attribute: str | None
    binding: bool
    target: str
    target_year: int | None
    baseline_year: int | None
    baseline: float | None
    latest_year: int | None
    latest_value: float | None
    simulated: bool
    unapproved: bool = False  # its latest value is of a year the municipal commission has not approved
    expected: float | None
    gap: float | None
    ratio: float | None
    status: str
    likelihood: str
    forecast: float | None
    forecast_low: float | None
    forecast_high: float | None
    flagged: bool
    alert: str | None
    reason: str
    line: int | None

    @classmethod
    def of(cls, t: TargetResult, *, region: str, year: int, simulated: bool, unapproved: bool = False) -> TargetRow:
        """From the service's result."""
        fields = {k: getattr(t, k) for k in cls.model_fields
                  if k not in ("href", "simulated", "unapproved", "status", "likelihood")}
        return cls(**fields, href=target_href(region, t.key, year), simulated=simulated, unapproved=unapproved,
                   status=t.status.value, likelihood=t.likelihood.value)


# ---------------------------------------------------------------- the region dashboard


class UnitRow(BaseModel):
    """How one responsible unit's tasks stand."""

    unit: str
    total: int
    done: int
    normal: int
    due_soon: int
    overdue: int
    reported: int
    mean_percent: float | None

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


class GapOut(BaseModel):
    """A failing inspection item and what it lacks."""

    subject: str
    item: str
    value: float | None
    standard: float | None
    op: str | None
    unit: str | None
    gap: float
    gap_unit: str
    message: str

    @classmethod
    def of(cls, g: Gap) -> GapOut:
        """From the inspection service's gap."""
        return cls(**{k: getattr(g, k) for k in cls.model_fields})


class ReadinessOut(BaseModel):
    """Inspection readiness: failing schools and items, and the largest gaps."""

    year: int
    standards: str
    schools: int
    schools_failing: int
    excluded: int
    resource_items_failing: int
    cvs_failing: int
    guarantee_failing: int
    kindergartens: int
    preschool_items_failing: int
    classes_over_standard: int
    large_classes: int
    super_large_classes: int
    balance_passed: bool | None
    preschool_passed: bool | None
    largest_gaps: list[GapOut]
    simulated: bool  # the school records are 模拟数据
    balance_ready: bool | None = None  # held back by the checklist of preconditions and 一票否决 items
    preschool_ready: bool | None = None
    checklist_note: str = ""

    @classmethod
    def of(cls, r: Readiness) -> ReadinessOut:
        """From the inspection service's readiness."""
        fields = {k: getattr(r, k) for k in cls.model_fields if k != "largest_gaps"}
        return cls(**fields, largest_gaps=[GapOut.of(g) for g in r.largest_gaps])


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
            region=d.region, plan_id=d.plan_id, plan_title=d.plan_title, year=d.year,
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


# ---------------------------------------------------------------- the indicator page


class SeriesPoint(BaseModel):
    """A year's value."""

    year: int
    value: float


class ObservationOut(BaseModel):
    """A monitored value with where it came from."""

    year: int
    value: float
    source: str | None
    reported_by: str | None
    simulated: bool
    unapproved: bool = False  # of a year the municipal commission has not approved (shown to the region's own)


class TargetPage(BaseModel):
    """One target: its assessment and reasoning, its trajectory and the observations behind it."""

    region: str
    plan_id: int
    plan_title: str
    year: int
    target: TargetRow
    target_value: float | None  # where the chart draws the target line (a range's lower bound)
    trajectory: list[SeriesPoint]
    observations: list[ObservationOut]
    simulated: bool
    dashboard: str

    @classmethod
    def of(cls, s: TargetStory) -> TargetPage:
        """From the dashboard service."""
        r = s.result
        observed = [ObservationOut(year=o.year, value=o.value, source=o.source, reported_by=o.reported_by,
                                   simulated=o.simulated, unapproved=o.year in s.unapproved) for o in s.observations]
        latest = next((o for o in observed if o.year == r.latest_year), None)
        return cls(region=s.region, plan_id=s.plan_id, plan_title=s.plan_title, year=s.year,
                   target=TargetRow.of(r, region=s.region, year=s.year, simulated=bool(latest and latest.simulated),
                                       unapproved=r.latest_year in s.unapproved),
                   target_value=s.trajectory[-1].value if s.trajectory else None,
                   trajectory=[SeriesPoint(year=p.year, value=p.value) for p in s.trajectory],
                   observations=observed, simulated=any(o.simulated for o in observed),
                   dashboard=region_href(s.region, s.year))


# ---------------------------------------------------------------- the municipal overview and comparison


class RegionStatusRow(BaseModel):
    """One plan's targets counted by status."""

    region: str
    plan_id: int
    plan_title: str
    href: str
    targets: int
    status_counts: dict[str, int]
    unmonitored: int
    flagged: int
    simulated: bool  # the region's observations are 模拟数据


class FlaggedTarget(BaseModel):
    """A binding (约束性) target at risk."""

    region: str
    target: TargetRow


class CatalogOption(BaseModel):
    """A catalog indicator that can be compared."""

    id: str
    name: str
    category: str | None
    unit: str | None


class OverviewPage(BaseModel):
    """The municipal overview: every region's statuses, the binding targets at risk, the comparison form."""

    year: int
    statuses: list[str]
    regions: list[RegionStatusRow]
    flagged: list[FlaggedTarget]
    indicators: list[CatalogOption]
    simulated: bool

    @classmethod
    def of(cls, progress: list[PlanProgress], *, year: int, catalog: Catalog) -> OverviewPage:
        """From every plan's assessed targets and the catalog."""
        rows = [RegionStatusRow(region=p.region, plan_id=p.plan_id, plan_title=p.plan_title,
                                href=region_href(p.region, year), targets=len(p.targets),
                                status_counts=status_counts(p.targets),
                                unmonitored=unmonitored_count(p.targets), flagged=sum(t.flagged for t in p.targets),
                                simulated=any(y <= year for _, y in p.simulated))
                for p in progress]
        flagged = [FlaggedTarget(region=p.region, target=TargetRow.of(
                       t, region=p.region, year=year, simulated=(t.indicator_id, t.latest_year) in p.simulated))
                   for p in progress for t in p.targets if t.flagged]
        options = [CatalogOption(id=e.id, name=e.name, category=e.category, unit=e.unit) for e in catalog.entries]
        return cls(year=year, statuses=STATUSES, regions=rows, flagged=flagged, indicators=options,
                   simulated=any(p.simulated for p in progress))


class ComparisonRow(BaseModel):
    """One region's value of the indicator, rank, target and status."""

    region: str
    href: str
    value: float | None
    rank: int | None
    source: str | None
    simulated: bool
    plan_title: str | None
    target: str | None
    target_value: float | None  # the number in `target` (a range's lower bound), for the chart
    target_year: int | None
    baseline: float | None
    status: str | None
    likelihood: str | None
    binding: bool
    flagged: bool


class ComparePage(BaseModel):
    """Regions side by side on one catalog indicator in one year."""

    indicator_id: str
    name: str
    unit: str | None
    direction: str
    direction_label: str
    year: int
    reported: int
    mean: float | None
    rows: list[ComparisonRow]
    simulated: bool
    indicators: list[CatalogOption]

    @classmethod
    def of(cls, c: RegionComparison, *, catalog: Catalog) -> ComparePage:
        """From the comparison service."""
        rows = [ComparisonRow(region=r.region, href=region_href(r.region, c.year), value=r.value, rank=r.rank,
                              source=r.source, simulated=r.simulated, plan_title=r.plan_title, target=r.target,
                              target_value=target_number(r.target), target_year=r.target_year, baseline=r.baseline,
                              status=r.status.value if r.status else None,
                              likelihood=r.likelihood.value if r.likelihood else None, binding=r.binding,
                              flagged=r.flagged) for r in c.rows]
        options = [CatalogOption(id=e.id, name=e.name, category=e.category, unit=e.unit) for e in catalog.entries]
        return cls(indicator_id=c.indicator_id, name=c.name, unit=c.unit, direction=c.direction.value,
                   direction_label=c.direction_label, year=c.year, reported=c.reported, mean=c.mean, rows=rows,
                   simulated=any(r.simulated for r in c.rows), indicators=options)
