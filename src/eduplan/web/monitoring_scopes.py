"""What the monitoring pages touch, as the access policy sees it (one function per kind of scope).

- A region's progress boards (tasks, projects) are public like its published plan; while the
  plan is a draft, they are the region's own.
- Inspections, evaluations, reports and the data templates are the region's own: its users,
  the municipal commission, evaluators and admin read them.
- A task report is a write on that task: the unit must be among the units the task is assigned
  to; a project's progress likewise. Assigning units is a write on the region's assignments
  (Kind.ASSIGNMENT): the planner's, never a unit's.
- Running an evaluation is a write on the region's plan; storing a data upload is an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Form, Path
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from eduplan.core.access import Action, Kind, Principal, Resource
from eduplan.core.errors import NotFoundError
from eduplan.core.plan import Plan
from eduplan.services.assignments import region_assignments
from eduplan.services.evaluations import get_evaluation
from eduplan.services.monitoring import assigned_region_plan, region_plan
from eduplan.services.page_cache import known_region_plan_scope, region_plan_scope
from eduplan.web.deps import ReadSessionDep, SessionDep, UserDep, enforce, release_connection
from eduplan.web.params import MAX_KEY, PlanQuery, RawRegionPath, RegionName, TaskId, resolved_region

EvaluationId = Annotated[int, Path(ge=1, le=2**31 - 1, description="评估编号")]


def known_region_plan(session: Session, region: str, plan: int | None = None) -> tuple[int, Plan]:
    """The region's plan, or a 404 that names only what the request named: the service's own
    message lists the stored plans, drafts included, which a visitor may not see."""
    try:
        return region_plan(session=session, region=region, plan=plan)
    except NotFoundError:
        if plan is None:
            raise NotFoundError(f"库中没有“{region}”的规划（或该区县有多个规划，请用 ?plan=编号 指明）") from None
        raise NotFoundError(f"“{region}”没有编号为 {plan} 的规划") from None


async def public_region(region: RegionName, session: SessionDep, plan: PlanQuery = None) -> Resource:
    """A region's progress boards on its plan in force (or the plan `?plan=` names, a draft too):
    public when that plan is published, so a draft cannot be read by naming its number."""
    # async: known to this process at the data versions the request has read, the answer costs
    # no query and no trip to the thread pool (a cached board's case).
    known = known_region_plan_scope(session=session, region=region, plan=plan)
    if isinstance(known, Resource):
        return Resource(kind=Kind.PLAN, region=region, published=known.published)
    return await run_in_threadpool(_public_region, region, session, plan)


@dataclass(frozen=True)
class RegionReader:
    """The region in the path (its key) and the reader the access check let through."""

    region: str
    user: Principal | None


async def read_public_region(region: RawRegionPath, session: ReadSessionDep, user: UserDep,
                             plan: PlanQuery = None) -> RegionReader:
    """`authorize(Action.READ, public_region)` with the region it resolves, in one dependency: what
    every request of a region's progress board asks first, answered on the event loop when this
    process knows the region and its plan at the data versions it mirrors (a cached board's case).
    One piece instead of four nested dependencies (the region, the scope, the check, the region
    again for the route): FastAPI solves each dependency's own for every mention. A visitor's
    board is read from the read replica when there is one (`read_session`): the region, its plan
    and the board of one database."""
    key = await resolved_region(session, region)
    return RegionReader(key, enforce(user, Action.READ, await public_region(key, session, plan)))


read_public_region.authorizes = (Action.READ, public_region)  # type: ignore[attr-defined]  # as authorize's check


def _public_region(region: str, session: Session, plan: int | None) -> Resource:
    # The plan's id and status only, once per data version: loading the plan here would cost every board.
    scope = region_plan_scope(session=session, region=region, plan=plan)
    release_connection(session)
    if scope is None:
        known_region_plan(session, region, plan)  # the 404 with its message
        raise NotFoundError(f"“{region}”没有编号为 {plan} 的规划")
    return Resource(kind=Kind.PLAN, region=region, published=scope.published)


def private_region(region: RegionName) -> Resource:
    """A region's own monitoring data (inspections, evaluations, templates, runs)."""
    return Resource(kind=Kind.PLAN, region=region)


def task_scope(region: RegionName, task_id: TaskId, session: SessionDep) -> Resource:
    """The task in the path, with the units it is assigned to (stored, else the plan text's)."""
    known_region_plan(session, region)  # 404 for a region without a plan
    _, plan = assigned_region_plan(session=session, region=region)
    task = next((t for t in plan.tasks if t.id == task_id and t.actionable), None)
    if task is None:
        raise NotFoundError(f"任务编号“{task_id}”不在{region}的规划中")
    units = tuple(dict.fromkeys((*task.lead_units, *task.responsible_units)))
    return Resource(kind=Kind.TASK, region=region, units=units)


def project_scope(region: RegionName, session: SessionDep,
                  key: Annotated[str, Form(min_length=1, max_length=MAX_KEY, description="项目键（表｜序号｜名称）")]
                  ) -> Resource:
    """The project named by the form's `key`, with the units it is assigned to."""
    known_region_plan(session, region)
    found = region_assignments(session=session, region=region).projects.get(key)
    if found is None:
        raise NotFoundError(f"项目“{key[:60]}”不在{region}的规划中")
    return Resource(kind=Kind.PROJECT, region=region, units=found.units)


def assignment_scope(region: RegionName, session: SessionDep) -> Resource:
    """A region's assignments (who carries out its tasks and projects): its planner's to set."""
    known_region_plan(session, region)
    return Resource(kind=Kind.ASSIGNMENT, region=region)


def evaluation_scope(evaluation_id: EvaluationId, session: SessionDep) -> Resource:
    """The stored evaluation in the path (its region)."""
    return Resource(kind=Kind.PLAN, region=get_evaluation(session=session, evaluation_id=evaluation_id).region)


def all_regions() -> Resource:
    """Every region at once (the municipal comparison)."""
    return Resource(kind=Kind.PLAN)


def signed_in(user: UserDep) -> Resource:
    """Something of the user's own: any signed-in user may open it."""
    return Resource(kind=Kind.DRAFT, owner=user.username if user else None)


def upload_region(region: Annotated[str, Form(description="数据所属区县")]) -> Resource:
    """The region a data upload is stored for (a form field)."""
    return Resource(kind=Kind.PLAN, region=region.strip())
