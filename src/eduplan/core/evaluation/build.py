"""The evaluation (评估) of a plan at a year: every target, task, project and funding rule.

`build_evaluation` is a pure function of the plan, the catalog, the stored figures and the
year, judged at 31 December of that year: the same inputs give the same payload, which is
what makes a stored snapshot reproducible (the timestamp lives beside the payload, not in it).
`diff_evaluations` (in `diff.py`) says what changed status between two payloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eduplan.core.catalog import Catalog
from eduplan.core.collection.yearly import FinanceRecord, ProjectReport, TaskReport
from eduplan.core.evaluation.funding import check_funding
from eduplan.core.evaluation.payload import (
    KIND_LABELS,
    EvaluationPayload,
    FindingItem,
    FundingResult,
    Summary,
    TargetResult,
)
from eduplan.core.evaluation.targets import assess_plan
from eduplan.core.findings import finding_title
from eduplan.core.plan import EvaluationKind, Observation, Plan
from eduplan.core.progress.rules import Status
from eduplan.core.simulated import simulated_parts
from eduplan.core.tracking.projects import ProjectTracking, Schedule, places_by_year, track_projects
from eduplan.core.tracking.tasks import DUE_SOON_DAYS, DeadlineState, TaskStatus, summarize_units, track_tasks


@dataclass(frozen=True)
class EvaluationInputs:
    """What an evaluation reads, all already loaded."""

    plan: Plan
    catalog: Catalog
    observations: Sequence[Observation] = ()
    task_reports: Sequence[TaskReport] = ()
    project_reports: Sequence[ProjectReport] = ()
    finance: Sequence[FinanceRecord] = ()


def build_evaluation(inputs: EvaluationInputs, *, kind: EvaluationKind, year: int,
                     window_days: int = DUE_SOON_DAYS, training_min_share: float | None = None) -> EvaluationPayload:
    """The evaluation of the plan at 31 December of `year`."""
    plan, as_of = inputs.plan, dt.date(year, 12, 31)
    default_deadline = dt.date(plan.end_year, 12, 31) if plan.end_year else None
    targets = assess_plan(plan, inputs.catalog, inputs.observations, year=year)
    tasks = track_tasks(plan.tasks, [r for r in inputs.task_reports if r.region == plan.region], today=as_of,
                        window_days=window_days, default_deadline=default_deadline)
    projects = track_projects(plan.projects, [r for r in inputs.project_reports if r.region == plan.region],
                              as_of_year=year)
    funding = check_funding([r for r in inputs.finance if r.region == plan.region], up_to_year=year,
                            training_min_share=training_min_share)
    findings = [FindingItem(f.kind, finding_title(f.kind), f.message, f.severity, list(f.lines)) for f in plan.findings]
    return EvaluationPayload(
        region=plan.region, plan_title=plan.title, plan_period=plan.period, kind=EvaluationKind(kind),
        kind_label=KIND_LABELS[EvaluationKind(kind)], year=year, as_of=as_of,
        summary=_summary(targets, tasks, projects, funding, findings), targets=targets, tasks=tasks,
        units=summarize_units(tasks), projects=projects, places=places_by_year(projects, as_of_year=year),
        funding=funding, findings=findings, window_days=window_days, training_min_share=training_min_share,
        simulated=simulated_parts(
            observations=[o for o in inputs.observations if o.region == plan.region],
            task_reports=[r for r in inputs.task_reports if r.region == plan.region],
            project_reports=[r for r in inputs.project_reports if r.region == plan.region],
            finance=[r for r in inputs.finance if r.region == plan.region], up_to_year=year),
    )


def _count(labels: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    found = list(labels)
    return {label: found.count(label) for label in order}


def _summary(targets: Sequence[TargetResult], tasks: Sequence[TaskStatus], projects: Sequence[ProjectTracking],
             funding: Sequence[FundingResult], findings: Sequence[FindingItem]) -> Summary:
    return Summary(
        targets=len(targets), by_status=_count((t.status.value for t in targets), (s.value for s in Status)),
        flagged=sum(1 for t in targets if t.flagged),
        tasks_by_state=_count((t.state.value for t in tasks), (s.value for s in DeadlineState)),
        projects_by_schedule=_count((p.schedule.value for p in projects), (s.value for s in Schedule)),
        funding=_count((f.verdict for f in funding), ("达标", "未达标", "无法判断")),
        findings=len(findings),
    )
