"""School places (学位) at one stage for a region: the stored schools' supply, the plan's
projects, and demand given or extrapolated from enrolment."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import ProjectReport
from eduplan.core.errors import NotFoundError
from eduplan.core.inspection.places import (
    PlaceBalance,
    PlaceProject,
    demand_from_trend,
    place_balance,
    place_findings,
    project_places,
    stage_enrolment,
    stage_places,
)
from eduplan.core.plan import Finding, Plan, Project
from eduplan.core.tracking.projects import reports_for
from eduplan.services.inspection_results import Standards, resolve_standards
from eduplan.store.monitoring import load_project_reports
from eduplan.store.records import load_school_records


@dataclass(frozen=True)
class PlaceReport:
    """A region's school places for one stage: demand, supply, projects and the gap by year."""

    region: str
    year: int
    stage: str
    standards: str
    balance: PlaceBalance
    findings: list[Finding]
    demand_source: str
    notes: list[str]



def _plan(session: Session, region: str) -> Plan | None:
    """The region's plan, None when it has none (or several)."""
    from eduplan.services.monitoring import region_plan

    try:
        return region_plan(session=session, region=region)[1]
    except NotFoundError:
        return None


def place_balance_for_region(*, session: Session, region: str, year: int, stage: str, standards: Standards = (),
                             demand: Mapping[int, int] | None = None, until: int | None = None) -> PlaceReport:
    """Places at one stage: stored schools' supply, the plan's projects, demand given or by trend."""
    std = resolve_standards(standards)
    stored = load_school_records(session, region=region)
    current = [r for r in stored if r.year == year]
    if not current:
        raise NotFoundError(f"{region}没有{year}年的学校统计数据，请先用 eduplan schools import 导入")
    notes: list[str] = []
    places = [stage_places(r, stage, std) for r in current]
    if missing := [r.name for r, p in zip(current, places, strict=True) if p is None]:
        notes.append(f"{len(missing)}所一贯制学校缺少{stage}部班数，未计入现有学位：{'、'.join(missing[:5])}")
    existing = sum(p for p in places if p)
    plan = _plan(session, region)
    projects: list[PlaceProject] = []
    if plan is None:
        notes.append(f"{region}没有唯一的已入库规划，未计入建设项目新增学位")
    else:
        reports = load_project_reports(session, region=region)
        updated = [dataclasses.replace(p, actual_finish=finish) if (finish := _finish(p, reports)) else p
                   for p in plan.projects]
        projects = project_places(updated, stage=stage)
        if unstaged := [p.name for p in plan.projects if p.places and not p.stage]:
            notes.append(f"{len(unstaged)}个有新增学位的项目未注明学段，未计入")
    end = until or (plan.period[1] if plan and plan.period and plan.period[1] > year else year)
    if demand is None:
        history: dict[int, float] = {}
        for r in stored:
            if r.year <= year:
                history[r.year] = history.get(r.year, 0.0) + stage_enrolment(r, stage)
        demand = demand_from_trend(history, range(year, end + 1))
        source = f"按{min(history)}—{max(history)}年在校生线性外推" if len(history) > 1 else f"按{year}年在校生持平"
    else:
        source = "给定需求"
    balance = place_balance(demand, existing, projects, stage=stage)
    return PlaceReport(region, year, stage, std.label, balance, place_findings(balance), source, notes)


def _finish(project: Project, reports: Sequence[ProjectReport]) -> str | None:
    """The latest reported actual finish of a project."""
    finishes = [r.actual_finish for r in reports_for(project, reports) if r.actual_finish]
    return finishes[-1] if finishes else None
