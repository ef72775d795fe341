"""A responsible unit's own pages: 我的任务, 我的项目 and 待办 (临近/逾期), the region's 督办单
(.xlsx) and the assignment workbook (download, fill, import all or nothing).

A unit user sees what its unit is assigned to; a planner sees its whole region.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal, Role
from eduplan.core.errors import NotFoundError
from eduplan.core.tracking.tasks import ROLL_UP_RULE, DeadlineState
from eduplan.services.assignments import assignment_workbook, import_assignment_workbook, region_assignments
from eduplan.services.unit_work import MyWork, my_work, write_supervision_xlsx
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.monitoring_scopes import assignment_scope, private_region, signed_in
from eduplan.web.params import RegionPath
from eduplan.web.render import render
from eduplan.web.routes.data import saved_upload, send_file, temp_xlsx
from eduplan.web.routes.projects import project_out
from eduplan.web.routes.tasks import task_out
from eduplan.web.schemas.units import ImportAssignmentsResult, MyWorkPage

router = APIRouter(tags=["我的任务"])
SignedIn = Annotated[Principal | None, authorize(Action.READ, signed_in)]
PrivateReader = Annotated[Principal | None, authorize(Action.READ, private_region)]
Assigner = Annotated[Principal | None, authorize(Action.WRITE, assignment_scope)]
AssignmentFile = Annotated[UploadFile, File(description="填好的任务分配表（.xlsx，≤ 20 MB）")]
DueSoon = Annotated[bool, Query(description="是否同时列出临近事项")]
VIEWS = {"tasks": "我的任务", "projects": "我的项目", "inbox": "待办"}


def my_page(session: Session, user: Principal | None, view: str, **extra: str | None) -> MyWorkPage:
    """The user's tasks, projects or inbox, as the pages and the API show them."""
    assert user is not None  # signed_in() lets no visitor through
    work = my_work(session=session, user=user)
    tasks, projects = work.inbox() if view == "inbox" else (work.tasks, work.projects)
    assignments = region_assignments(session=session, region=work.region).tasks
    may_assign = user.role is Role.PLANNER
    return MyWorkPage(
        region=work.region, unit=work.unit, who=user.public_label, plan_title=work.plan_title, as_of=work.as_of,
        window_days=work.window_days, view=view,
        tasks=[task_out(t, work.region, user, assignments.get(t.task_id), may_assign)
               for t in (tasks if view != "projects" else [])],
        projects=[project_out(p.tracking, p, user, work.region) for p in (projects if view != "tasks" else [])],
        counts=_counts(work), roll_up_rule=ROLL_UP_RULE, **extra)


def _counts(work: MyWork) -> dict[str, int]:
    tasks, projects = work.inbox()
    late = DeadlineState.OVERDUE
    return {"任务": len(work.tasks), "项目": len(work.projects),
            "逾期": sum(1 for t in tasks if t.state is late) + sum(1 for p in projects if p.state is late),
            "临近": sum(1 for t in tasks if t.state is not late) + sum(1 for p in projects if p.state is not late)}


@router.get("/api/v1/my/tasks", summary="我的任务（责任单位：本单位负责的任务；规划科：全区）")
def api_my_tasks(session: SessionDep, user: SignedIn) -> MyWorkPage:
    return my_page(session, user, "tasks")


@router.get("/api/v1/my/projects", summary="我的项目（责任单位：本单位负责的项目；规划科：全区）")
def api_my_projects(session: SessionDep, user: SignedIn) -> MyWorkPage:
    return my_page(session, user, "projects")


@router.get("/api/v1/my/inbox", summary="待办：临近或逾期的任务和项目")
def api_my_inbox(session: SessionDep, user: SignedIn) -> MyWorkPage:
    return my_page(session, user, "inbox")


@router.get("/my/{view}", response_class=HTMLResponse, include_in_schema=False)
def page_my(request: Request, view: str, session: SessionDep, user: SignedIn,
            imported: str | None = None) -> HTMLResponse:
    if view not in VIEWS:
        raise NotFoundError(f"没有“{view[:20]}”页面（可用：{'、'.join(f'/my/{v}' for v in VIEWS)}）")
    return render(request, "my_work.html", my_page(session, user, view, saved=imported), views=VIEWS)


@router.get("/regions/{region}/supervision.xlsx", summary="下载督办单（逾期事项按责任单位列出；责任单位只得本单位的）")
def supervision_xlsx(region: RegionPath, session: SessionDep, user: PrivateReader, due_soon: DueSoon = False) -> FileResponse:
    unit = user.unit if user is not None and user.role is Role.UNIT else None
    path = write_supervision_xlsx(session=session, region=region, dest=temp_xlsx(), due_soon=due_soon, unit=unit)
    return send_file(path, f"{region}督办单.xlsx")


@router.get("/regions/{region}/assignments.xlsx", summary="下载任务分配表（填写牵头单位、配合单位、截止日期后导入）")
def assignments_xlsx(region: RegionPath, session: SessionDep, user: Assigner) -> FileResponse:
    path = assignment_workbook(session=session, region=region, dest=temp_xlsx())
    return send_file(path, f"{region}任务分配表.xlsx")


def import_file(session: Session, user: Principal | None, region: str, file: UploadFile) -> ImportAssignmentsResult:
    """Import a filled assignment sheet, all or nothing."""
    with saved_upload(file) as path:
        counts = import_assignment_workbook(session=session, region=region, path=path, actor=actor(user))
    return ImportAssignmentsResult(region=region, inserted=counts.inserted, updated=counts.updated)


@router.post("/api/v1/regions/{region}/assignments", status_code=201,
             summary="导入任务分配表（multipart：file；有错误则全部不导入，并列出位置）")
def api_import_assignments(region: RegionPath, session: SessionDep, user: Assigner,
                           file: AssignmentFile) -> ImportAssignmentsResult:
    return import_file(session, user, region, file)


@router.post("/regions/{region}/assignments", include_in_schema=False)
def page_import_assignments(region: RegionPath, session: SessionDep, user: Assigner,
                            file: AssignmentFile) -> RedirectResponse:
    result = import_file(session, user, region, file)
    note = f"任务分配表已导入：新增 {result.inserted} 项，修改 {result.updated} 项。"
    return RedirectResponse(f"/my/tasks?imported={note}", status_code=303)
