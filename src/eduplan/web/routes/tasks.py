"""The task board (任务推进) of a region, each unit's part of a task, and assignments.

A unit user reports its own part of a task (its unit's row: text, percent, evidence); a planner
reports on the task as a whole and assigns lead and co-units and a deadline. A report carries
`seen`, the fingerprint of the part it writes when the form was read; an assignment carries
its `version`: if someone changed either in between, the write is refused (409) and the
current state is shown. Public pages name units and roles, never login names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Kind, Principal, Resource, Role, can
from eduplan.core.collection.yearly import TaskReport
from eduplan.core.errors import ConflictError, InputError, NotFoundError
from eduplan.core.tracking.assignments import Assignment, ItemKind, Origin
from eduplan.core.tracking.tasks import ROLL_UP_RULE, DeadlineState, TaskPart, TaskStatus
from eduplan.services.assignments import (
    assign,
    checked_assignment,
    parse_deadline,
    parse_units,
    region_assignments,
    region_units,
)
from eduplan.services.monitoring import report_task, task_board
from eduplan.services.monitoring import task_evidence as task_evidence_file
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.monitoring_scopes import assignment_scope, private_region, public_region, task_scope
from eduplan.web.params import RegionPath, ReportYear, TaskId
from eduplan.web.render import render
from eduplan.web.schemas.monitoring import TaskOut, TaskReportIn, TaskReportResult, TasksPage, UnitGroup
from eduplan.web.schemas.units import AssignmentIn, AssignmentResult, assignment_out, part_out

router = APIRouter(tags=["任务推进"])
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
NO_UNIT = "未注明责任单位"
Reader = Annotated[Principal | None, authorize(Action.READ, public_region)]
PrivateReader = Annotated[Principal | None, authorize(Action.READ, private_region)]
Writer = Annotated[Principal | None, authorize(Action.WRITE, task_scope)]
Assigner = Annotated[Principal | None, authorize(Action.WRITE, assignment_scope)]
Evidence = Annotated[UploadFile | None, File(description="佐证材料（可选，≤ 20 MB）")]
FormText = Annotated[str, Form()]
UnitQuery = Annotated[str | None, Query(max_length=100, description="责任单位（缺省：任务整体的填报）")]


def fingerprint(part: TaskPart | None) -> str:
    """A short digest of a part's latest report (no report: a fixed value)."""
    latest = [part.year, part.percent, part.progress, part.evidence] if part and part.year is not None else []
    return hashlib.sha256(json.dumps(latest, ensure_ascii=False).encode()).hexdigest()[:16]


def report_as(user: Principal | None) -> str | None:
    """The unit a user reports for: a unit user its unit; anyone else the task as a whole."""
    return user.unit if user is not None and user.role is Role.UNIT else None


def own_part(task: TaskStatus, unit: str | None) -> TaskPart | None:
    """The part of the task this unit (None: the whole task) writes."""
    return next((p for p in task.parts if p.unit == unit), None)


def task_out(task: TaskStatus, region: str, user: Principal | None, assignment: Assignment | None = None,
             can_assign: bool = False) -> TaskOut:
    """One task's line: its parts and roll-up, its assignment, and what this user may do."""
    scope = Resource(kind=Kind.TASK, region=region, units=task.units)
    unit = report_as(user)
    latest = max((p for p in task.parts if p.year is not None), key=lambda p: p.year or 0, default=None)
    return TaskOut(task_id=task.task_id, title=task.title, level=task.level, units=list(task.units),
                   deadline=task.deadline, state=task.state.value, days_left=task.days_left, percent=task.percent,
                   progress=task.progress, evidence=task.evidence, report_year=task.report_year,
                   reported_by=(latest.unit or "整体") if latest else None,
                   seen=fingerprint(own_part(task, unit)), can_report=can(user, Action.WRITE, scope),
                   parts=[part_out(p, fingerprint(p)) for p in task.parts], report_as=unit,
                   assignment=assignment_out(assignment) if assignment else None, can_assign=can_assign)


def tasks_page(session: Session, user: Principal | None, region: str, **extra: str | None) -> TasksPage:
    """The board grouped by responsible unit (a task appears under each of its units)."""
    board = task_board(session=session, region=region)
    may_assign = can(user, Action.WRITE, Resource(kind=Kind.ASSIGNMENT, region=region))
    assignments = region_assignments(session=session, region=region).tasks
    lines = {t.task_id: task_out(t, region, user, assignments.get(t.task_id), may_assign) for t in board.tasks}
    groups = [UnitGroup(unit=u.unit, total=u.total, done=u.done, normal=u.normal, due_soon=u.due_soon,
                        overdue=u.overdue, reported=u.reported, mean_percent=u.mean_percent,
                        tasks=[lines[t.task_id] for t in board.tasks if u.unit in t.units]) for u in board.units]
    if orphans := [t for t in board.tasks if not t.units]:
        count = {s: sum(1 for t in orphans if t.state is s) for s in DeadlineState}
        groups.append(UnitGroup(unit=NO_UNIT, total=len(orphans), done=count[DeadlineState.DONE],
                                normal=count[DeadlineState.NORMAL], due_soon=count[DeadlineState.DUE_SOON],
                                overdue=count[DeadlineState.OVERDUE],
                                reported=sum(1 for t in orphans if t.report_year is not None),
                                mean_percent=None, tasks=[lines[t.task_id] for t in orphans]))
    counts = {s.value: sum(1 for t in board.tasks if t.state is s) for s in DeadlineState}
    return TasksPage(region=region, plan_title=board.plan_title, as_of=board.as_of, window_days=board.window_days,
                     report_year=board.as_of.year, counts=counts, units=groups, roll_up_rule=ROLL_UP_RULE,
                     known_units=region_units(session=session, region=region) if may_assign else [],
                     can_assign=may_assign, simulated=board.simulated, **extra)


def current_task(session: Session, region: str, task_id: str) -> TaskStatus:
    """The task as the board shows it now."""
    found = next((t for t in task_board(session=session, region=region).tasks if t.task_id == task_id), None)
    if found is None:
        raise NotFoundError(f"任务编号“{task_id}”不在{region}的规划中")
    return found


def evidence_target(request: Request, region: str, task_id: str, year: int, name: str) -> Path:
    """Where an evidence file is kept: <data_dir>/evidence/<region>/<task>/<year>-<time>-<name>."""
    safe = re.sub(r"[^\w.\-（）()\u4e00-\u9fff]", "_", Path(name).name)[-120:] or "evidence"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = request.app.state.settings.data_dir / "evidence" / region / re.sub(r"[^\w.\-]", "_", task_id)
    return Path(folder) / f"{year}-{stamp}-{safe}"


def submit(request: Request, session: Session, user: Principal | None, region: str, task_id: str,
           body: TaskReportIn, evidence: UploadFile | None) -> TaskReportResult:
    """Store the user's part if it is still the one the user saw; then keep the file."""
    unit = report_as(user)
    if body.seen and body.seen != fingerprint(own_part(current_task(session, region, task_id), unit)):
        raise ConflictError(f"任务“{task_id}”{'中' + unit + '的部分' if unit else '的进展'}已被他人更新")
    data, name = b"", None
    if evidence is not None and evidence.filename:
        data, name = evidence.file.read(MAX_EVIDENCE_BYTES + 1), Path(evidence.filename).name
        if len(data) > MAX_EVIDENCE_BYTES:
            raise InputError(f"佐证材料超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB，无法上传")
    year = body.year or dt.date.today().year
    path = evidence_target(request, region, task_id, year, name) if name else None
    who = user.public_label if user else None
    report = TaskReport(region=region, year=year, task_id=task_id, progress=body.progress.strip(),
                        percent=body.percent, evidence=name, reported_by=who, entered_by=actor(user), unit=unit)
    counts = report_task(session=session, report=report, actor=actor(user),
                         evidence_path=str(path) if path else None)
    if path is not None:  # written after the service accepted the report: a refusal leaves no file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return TaskReportResult(region=region, task_id=task_id, year=year, inserted=counts.inserted,
                            updated=counts.updated, evidence=name,
                            task=task_out(current_task(session, region, task_id), region, user))


def form_body(progress: str, percent: str, year: str, seen: str) -> TaskReportIn:
    """The form's fields as a report (blank percent and year: none given)."""
    try:
        return TaskReportIn.model_validate({"progress": progress, "percent": percent.strip() or None,
                                            "year": year.strip() or None, "seen": seen or None})
    except ValidationError as exc:
        names = {"progress": "进展情况", "percent": "完成进度（0—100）", "year": "年度"}
        wrong = "、".join(names.get(str(e["loc"][0]), str(e["loc"][0])) for e in exc.errors())
        raise InputError(f"填报内容有误：{wrong}") from None


def store_assignment(session: Session, user: Principal | None, region: str, kind: ItemKind, key: str,
                     body: AssignmentIn) -> AssignmentResult:
    """Check and store a planner's assignment."""
    wanted = checked_assignment(kind, key, lead=body.lead_units, co=body.co_units, deadline=body.deadline,
                                version=body.version, origin=Origin.PLANNER)
    stored = assign(session=session, region=region, assignment=wanted, actor=actor(user))
    return AssignmentResult(region=region, kind=kind.value, key=key, assignment=assignment_out(stored))


def assignment_form(lead_units: str, co_units: str, deadline: str, version: str) -> AssignmentIn:
    """The assignment form's fields (units separated by 、，；)."""
    if not version.strip().isdigit():
        raise InputError("分配版本缺失或有误，请刷新页面后重试")
    return AssignmentIn(lead_units=parse_units(lead_units, field="牵头单位"), co_units=parse_units(co_units, field="配合单位"),
                        deadline=parse_deadline(deadline), version=int(version))


@router.get("/api/v1/regions/{region}/tasks", summary="区县任务推进看板（任务页的 JSON）")
def api_tasks(region: RegionPath, session: SessionDep, user: Reader) -> TasksPage:
    return tasks_page(session, user, region)


@router.post("/api/v1/regions/{region}/tasks/{task_id}/report", status_code=201,
             summary="填报任务进展（责任单位填报本单位部分；multipart：progress、percent、year、seen、evidence；seen 过期则 409）")
def api_report_task(request: Request, region: RegionPath, task_id: TaskId, session: SessionDep, user: Writer,
                    progress: FormText, evidence: Evidence = None, percent: FormText = "", year: FormText = "",
                    seen: FormText = "") -> TaskReportResult:
    return submit(request, session, user, region, task_id, form_body(progress, percent, year, seen), evidence)


@router.put("/api/v1/regions/{region}/tasks/{task_id}/assignment",
            summary="分配任务的牵头单位、配合单位和截止日期（version 过期则 409）")
def api_assign_task(region: RegionPath, task_id: TaskId, body: AssignmentIn, session: SessionDep,
                    user: Assigner) -> AssignmentResult:
    return store_assignment(session, user, region, ItemKind.TASK, task_id, body)


@router.get("/regions/{region}/tasks", response_class=HTMLResponse, include_in_schema=False)
def page_tasks(request: Request, region: RegionPath, session: SessionDep, user: Reader,
               saved: str | None = None) -> HTMLResponse:
    message = f"任务“{saved}”已保存。" if saved else None
    return render(request, "tasks.html", tasks_page(session, user, region, saved=message))


@router.post("/regions/{region}/tasks/{task_id}/report", response_class=HTMLResponse, include_in_schema=False)
def page_report_task(request: Request, region: RegionPath, task_id: TaskId, session: SessionDep, user: Writer,
                     progress: FormText, evidence: Evidence = None, percent: FormText = "", year: FormText = "",
                     seen: FormText = "") -> Response:
    body = form_body(progress, percent, year, seen)
    try:
        submit(request, session, user, region, task_id, body, evidence)
    except ConflictError as exc:
        page = tasks_page(session, user, region, conflict=f"保存失败：{exc}。您的填报没有保存；下表已显示最新进展，"
                          f"请核对后重新填报。您填写的内容：{body.progress}（{body.percent if body.percent is not None else '未填'}%）")
        return render(request, "tasks.html", page, status_code=409)
    return RedirectResponse(f"/regions/{region}/tasks?saved={task_id}#task-{task_id}", status_code=303)


@router.post("/regions/{region}/tasks/{task_id}/assignment", response_class=HTMLResponse, include_in_schema=False)
def page_assign_task(request: Request, region: RegionPath, task_id: TaskId, session: SessionDep, user: Assigner,
                     version: FormText, lead_units: FormText = "", co_units: FormText = "",
                     deadline: FormText = "") -> Response:
    body = assignment_form(lead_units, co_units, deadline, version)
    try:
        store_assignment(session, user, region, ItemKind.TASK, task_id, body)
    except ConflictError as exc:
        page = tasks_page(session, user, region, conflict=f"分配未保存：{exc}。下表已显示最新分配。您填写的："
                          f"牵头 {lead_units or '—'}，配合 {co_units or '—'}，截止 {deadline or '—'}")
        return render(request, "tasks.html", page, status_code=409)
    return RedirectResponse(f"/regions/{region}/tasks?saved={task_id}#task-{task_id}", status_code=303)


@router.get("/regions/{region}/tasks/{task_id}/evidence", summary="下载任务进展（某单位部分）的佐证材料")
def task_evidence(region: RegionPath, task_id: TaskId, year: ReportYear, session: SessionDep, user: PrivateReader,
                  unit: UnitQuery = None) -> FileResponse:
    found = task_evidence_file(session=session, region=region, year=year, task_id=task_id, unit=unit or None)
    return FileResponse(found, filename=found.name.split("-", 2)[-1])
