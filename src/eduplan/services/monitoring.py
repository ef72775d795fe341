"""Monitoring use cases: target progress, the task board, project tracking and funding checks.

Each reads the region's plan and the stored yearly figures and hands them to the core; all
judgements are made at an explicit date, so the same data always gives the same answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import FinanceRecord, ProjectReport, TaskReport
from eduplan.core.errors import InputError, NotFoundError
from eduplan.core.evaluation.build import EvaluationInputs
from eduplan.core.evaluation.funding import check_funding
from eduplan.core.evaluation.payload import FundingResult, TargetResult
from eduplan.core.evaluation.targets import assess_plan
from eduplan.core.plan import Observation, Plan
from eduplan.core.simulated import simulated
from eduplan.core.tracking.assignments import ItemKind, assigned_plan, effective_task_assignments
from eduplan.core.tracking.projects import PlacesYear, ProjectTracking, places_by_year, track_projects
from eduplan.core.tracking.tasks import DUE_SOON_DAYS, TaskStatus, UnitSummary, summarize_units, track_tasks
from eduplan.data.catalog import load_catalog
from eduplan.services.approval import guard_writes, reopen_changed
from eduplan.services.audit import record_audit
from eduplan.services.plans import get_plan, plan_in_force, plans_in_force
from eduplan.services.records import plan_scope
from eduplan.store.monitoring import (
    SaveCounts,
    evidence_path,
    load_assignments,
    load_assignments_of,
    load_finance_records,
    load_project_reports,
    load_task_reports,
    save_task_reports,
)
from eduplan.store.plan_reads import load_plans
from eduplan.store.records import load_observations


@dataclass(frozen=True)
class TaskBoard:
    """A region's tasks at a date, and how each responsible unit stands."""

    region: str
    plan_title: str
    as_of: dt.date
    window_days: int
    tasks: list[TaskStatus]
    units: list[UnitSummary]
    simulated: bool = False  # the reports shown are 模拟数据 (core.simulated)


@dataclass(frozen=True)
class ProjectBoard:
    """A region's construction projects at the end of a year, and places by year."""

    region: str
    plan_title: str
    year: int
    projects: list[ProjectTracking]
    places: list[PlacesYear]
    simulated: bool = False  # the reports shown are 模拟数据 (core.simulated)


def region_plan(*, session: Session, region: str, plan: int | str | None = None) -> tuple[int, Plan]:
    """The region's plan in force (its latest published one), or the one named by `plan` (a draft too)."""
    ref = plan if plan is not None else plan_in_force(session=session, region=region)
    plan_id, found = get_plan(session=session, ref=ref)
    if plan_scope(session=session, plan_id=plan_id).region != region:  # by key: 福州市鼓楼区 is not 南京市鼓楼区
        raise NotFoundError(f"规划“{plan}”属于{found.region}，不属于{region}")
    return plan_id, found


def assigned_region_plan(*, session: Session, region: str, plan: int | str | None = None,
                         loaded: tuple[int, Plan] | None = None) -> tuple[int, Plan]:
    """`region_plan` (or the plan already `loaded` by it) with every task carrying its assignment
    (stored, else the plan text's units)."""
    plan_id, found = loaded or region_plan(session=session, region=region, plan=plan)
    stored = {key: a for (_, key), a in load_assignments(session, region=region, kind=ItemKind.TASK).items()}
    return plan_id, assigned_plan(found, effective_task_assignments(found.tasks, stored))


def evaluation_inputs(*, session: Session, region: str, plan: int | str | None = None) -> tuple[int, EvaluationInputs]:
    """The plan's id (its tasks as assigned) and everything an evaluation of the region reads."""
    plan_id, found = assigned_region_plan(session=session, region=region, plan=plan)
    return plan_id, EvaluationInputs(
        plan=found, catalog=load_catalog(), observations=load_observations(session, region=region),
        task_reports=load_task_reports(session, region=region),
        project_reports=load_project_reports(session, region=region),
        finance=load_finance_records(session, region=region),
    )


#: The parts of a plan an evaluation reads (not its programmes nor its declared units).
EVALUATED_PARTS = ("indicators", "targets", "tasks", "projects", "findings")


def evaluation_inputs_of(*, session: Session, regions: Sequence[str]) -> dict[str, tuple[int, EvaluationInputs]]:
    """`evaluation_inputs` of the plan in force of each region named (by key), read in one query per
    kind of row for all of them: plans in force, plans, assignments, observations, task and project
    reports, finance. By region, in the order given."""
    keys = list(dict.fromkeys(regions))
    plan_ids = plans_in_force(session=session, regions=keys)
    plans = load_plans(session, list(plan_ids.values()), parts=EVALUATED_PARTS)
    stored = load_assignments_of(session, regions=keys, kind=ItemKind.TASK)
    observations = _by_region(load_observations(session, regions=keys))
    tasks = _by_region(load_task_reports(session, regions=keys))
    projects = _by_region(load_project_reports(session, regions=keys))
    finance = _by_region(load_finance_records(session, regions=keys))
    out: dict[str, tuple[int, EvaluationInputs]] = {}
    for region in keys:
        found = plans[plan_ids[region]]
        assigned = {key: a for (_, key), a in stored.get(region, {}).items()}
        out[region] = plan_ids[region], EvaluationInputs(
            plan=assigned_plan(found, effective_task_assignments(found.tasks, assigned)), catalog=load_catalog(),
            observations=observations.get(region, []), task_reports=tasks.get(region, []),
            project_reports=projects.get(region, []), finance=finance.get(region, []))
    return out


_Record = TypeVar("_Record", Observation, TaskReport, ProjectReport, FinanceRecord)


def _by_region(records: Iterable[_Record]) -> dict[str, list[_Record]]:
    out: dict[str, list[_Record]] = {}
    for r in records:
        out.setdefault(r.region, []).append(r)
    return out


def assess_region(*, session: Session, region: str, year: int, plan: int | str | None = None,
                  approved_only: bool = False) -> list[TargetResult]:
    """Every target of the region's plan, assessed from the observations up to `year`
    (only the approved ones with `approved_only`)."""
    _, found = region_plan(session=session, region=region, plan=plan)
    observations = load_observations(session, region=region, approved_only=approved_only)
    return assess_loaded(found, observations, region=region, year=year)


def assess_loaded(plan: Plan, observations: Iterable[Observation], *, region: str, year: int) -> list[TargetResult]:
    """Every target of a loaded plan assessed from loaded observations of the region (by key: a
    plan's `region` is the name, which two regions may share) up to `year`."""
    return assess_plan(dataclasses.replace(plan, region=region), load_catalog(), observations, year=year)


def task_board(
    *, session: Session, region: str, today: dt.date | None = None, window_days: int = DUE_SOON_DAYS,
    plan: int | str | None = None, loaded: tuple[int, Plan] | None = None,
) -> TaskBoard:
    """The region's tasks as assigned, with each unit's part, the roll-up and deadline states, and a
    summary per unit (`loaded`: the plan `region_plan` gave, not read again)."""
    _, found = assigned_region_plan(session=session, region=region, plan=plan, loaded=loaded)
    as_of = today or dt.date.today()
    default_deadline = dt.date(found.end_year, 12, 31) if found.end_year else None
    reports = load_task_reports(session, region=region)
    tasks = track_tasks(found.tasks, reports, today=as_of, window_days=window_days, default_deadline=default_deadline)
    return TaskBoard(region, found.title, as_of, window_days, tasks, summarize_units(tasks),
                     simulated=simulated(reports, up_to_year=as_of.year))


def project_board(*, session: Session, region: str, year: int, plan: int | str | None = None,
                  loaded: tuple[int, Plan] | None = None) -> ProjectBoard:
    """The region's projects at the end of `year`: slippage, execution rates and places (`loaded`:
    the plan `region_plan` gave, not read again)."""
    _, found = loaded or region_plan(session=session, region=region, plan=plan)
    reports = load_project_reports(session, region=region)
    projects = track_projects(found.projects, reports, as_of_year=year)
    return ProjectBoard(region, found.title, year, projects, places_by_year(projects, as_of_year=year),
                        simulated=simulated(reports, up_to_year=year))


def funding_checks(
    *, session: Session, region: str, year: int, training_min_share: float | None = None,
) -> list[FundingResult]:
    """The funding rules over the region's finance records up to `year`, with their figures."""
    return check_funding(load_finance_records(session, region=region), up_to_year=year,
                         training_min_share=training_min_share)


def report_task(
    *, session: Session, report: TaskReport, actor: str, evidence_path: str | None = None,
) -> SaveCounts:
    """Store a unit's part of one task of its region's plan (or, `unit` None, a report on the whole
    task), with its evidence file; the unit must be one the task is assigned to."""
    _, found = assigned_region_plan(session=session, region=report.region)
    task = next((t for t in found.tasks if t.id == report.task_id and t.actionable), None)
    if task is None:
        raise NotFoundError(f"任务编号“{report.task_id}”不在{report.region}的规划中")
    if report.unit and report.unit not in (*task.lead_units, *task.responsible_units):
        raise InputError(f"“{report.unit}”不是任务“{report.task_id}”的责任单位，不能填报该任务的进展")
    if report.percent is not None and not 0 <= report.percent <= 100:
        raise InputError(f"完成进度“{report.percent}”应在0到100之间")
    paths = {report.evidence: evidence_path} if report.evidence and evidence_path else None
    touched = guard_writes(session=session, region_years=[(report.region, report.year)])
    counts = save_task_reports(session, [report], source="在线填报", evidence_paths=paths)
    if counts.inserted or counts.updated:
        reopen_changed(session=session, touched=touched, changed=touched, actor=actor)
    part = f"/{report.unit}" if report.unit else ""
    record_audit(session=session, actor=actor, entity="task_report",
                 entity_id=f"{report.region}/{report.year}/{report.task_id}{part}"[:64], action="report", before=None,
                 after={"unit": report.unit, "percent": report.percent, "progress": report.progress,
                        "evidence": report.evidence})
    return counts


def task_evidence(*, session: Session, region: str, year: int, task_id: str, unit: str | None = None) -> Path:
    """The evidence file of a unit's part (or the whole task's report) for a year; NotFoundError
    when none was uploaded or it is gone."""
    found = evidence_path(session, region=region, year=year, task_id=task_id, unit=unit)
    if not found or not Path(found).is_file():
        raise NotFoundError(f"任务“{task_id}”{year}年的填报没有佐证材料")
    return Path(found)
