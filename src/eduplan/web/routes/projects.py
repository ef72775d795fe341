"""Construction projects (建设项目) of a region: schedule, investment execution and places; their
assignment to units and the progress form (actual start/finish, spend by year, places delivered).

The progress form carries `seen` (the fingerprint of the project's stored reports) and an
assignment its `version`: a write based on a stale read is refused (409).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.core.errors import ConflictError, InputError
from eduplan.core.tracking.assignments import ItemKind
from eduplan.core.tracking.projects import ProjectTracking, Schedule
from eduplan.services.assignments import region_units
from eduplan.services.monitoring import project_board
from eduplan.services.unit_work import ProjectItem, ProjectProgressIn, region_work, report_project
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.monitoring_scopes import assignment_scope, project_scope, public_region
from eduplan.web.params import RegionPath
from eduplan.web.render import render
from eduplan.web.routes.tasks import assignment_form, store_assignment
from eduplan.web.schemas.monitoring import InvestmentYear, PlacesYearOut, ProjectOut, ProjectsPage
from eduplan.web.schemas.units import AssignmentIn, AssignmentResult, ProjectProgressResult, assignment_out

router = APIRouter(tags=["建设项目"])
Reader = Annotated[Principal | None, authorize(Action.READ, public_region)]
Writer = Annotated[Principal | None, authorize(Action.WRITE, project_scope)]
Assigner = Annotated[Principal | None, authorize(Action.WRITE, assignment_scope)]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="截至年度（默认上一年）")]
FormText = Annotated[str, Form()]
KeyForm = Annotated[str, Form(min_length=1, max_length=300, description="项目键（表｜序号｜名称）")]
MAX_FORM_YEARS = 30


def project_out(p: ProjectTracking, item: ProjectItem | None = None, user: Principal | None = None,
                region: str | None = None) -> ProjectOut:
    """One project's line (with its assignment, deadline and progress form when `item` is given)."""
    out = ProjectOut(key=p.key, name=p.name, phase=p.phase.value, schedule=p.schedule.value,
                     plan_status=p.plan_status, planned_start=p.planned_start, planned_finish=p.planned_finish,
                     actual_start=p.actual_start, actual_finish=p.actual_finish, start_delay=p.start_delay,
                     finish_delay=p.finish_delay, still_slipping=p.still_slipping,
                     investment_total=p.investment_total, planned_to_date=p.planned_to_date,
                     spent_to_date=p.spent_to_date, execution_rate=p.execution_rate,
                     places_planned=p.places_planned, places_delivered=p.places_delivered,
                     spent_by_year=p.spent_by_year, places_by_year=p.places_by_year)
    if item is None:
        return out
    scope = Resource(kind=Kind.PROJECT, region=region, units=item.assignment.units)
    now = item.tracking  # the form shows what is stored up to today, whatever year the page is at
    return out.model_copy(update={
        "assignment": assignment_out(item.assignment), "deadline": item.deadline, "state": item.state.value,
        "spent_by_year": now.spent_by_year, "places_by_year": now.places_by_year, "seen": item.seen,
        "can_report": can(user, Action.WRITE, scope), "form_years": form_years(p)})


def form_years(p: ProjectTracking) -> list[int]:
    """The years the progress form offers: from the project's first planned or reported year to now."""
    this_year = dt.date.today().year
    known = {*p.planned_by_year, *p.spent_by_year, *p.places_by_year}
    first = min([*known, *(int(m[:4]) for m in (p.planned_start, p.actual_start) if m), this_year])
    return list(range(max(first, this_year - MAX_FORM_YEARS + 1), this_year + 1))


def investment_by_year(projects: list[ProjectTracking], year: int) -> list[InvestmentYear]:
    """Money planned and spent on all projects, year by year up to `year` (万元)."""
    years = sorted({y for p in projects for y in (*p.planned_by_year, *p.spent_by_year) if y <= year})
    out = []
    for y in years:
        planned = sum(p.planned_by_year.get(y, 0.0) for p in projects)
        spent = sum(p.spent_by_year.get(y, 0.0) for p in projects)
        out.append(InvestmentYear(year=y, planned=planned, spent=spent, rate=spent / planned if planned else None))
    return out


def projects_page(session: Session, region: str, year: int | None, user: Principal | None = None,
                  **extra: str | None) -> ProjectsPage:
    """The region's projects at the end of `year` (default: last year), with their assignments."""
    board = project_board(session=session, region=region, year=year or dt.date.today().year - 1)
    items = {i.tracking.key: i for i in region_work(session=session, region=region, unit=None).projects}
    may_assign = can(user, Action.WRITE, Resource(kind=Kind.ASSIGNMENT, region=region))
    return ProjectsPage(
        region=region, plan_title=board.plan_title, year=board.year,
        by_schedule={s.value: sum(1 for p in board.projects if p.schedule is s) for s in Schedule},
        projects=[project_out(p, items.get(p.key), user, region) for p in board.projects],
        investment=investment_by_year(board.projects, board.year),
        places=[PlacesYearOut(year=p.year, planned=p.planned, delivered=p.delivered,
                              planned_to_date=p.planned_to_date, delivered_to_date=p.delivered_to_date)
                for p in board.places],
        can_assign=may_assign, known_units=region_units(session=session, region=region) if may_assign else [],
        simulated=board.simulated, **extra)


async def progress_form(request: Request) -> ProjectProgressIn:
    """The progress form: actual_start, actual_finish, spend_<year>, places_<year>, note, note_year, seen."""
    form = await request.form()
    spend: dict[int, str] = {}
    places: dict[int, str] = {}
    for name, value in form.multi_items():
        prefix, _, year = name.partition("_")
        if prefix in ("spend", "places") and year.isdigit() and len(year) == 4 and isinstance(value, str):
            (spend if prefix == "spend" else places)[int(year)] = value
    if len(spend) + len(places) > 2 * MAX_FORM_YEARS:
        raise InputError("年度过多")
    note_year = str(form.get("note_year") or "").strip()
    return ProjectProgressIn(key=str(form.get("key") or ""), actual_start=str(form.get("actual_start") or ""),
                             actual_finish=str(form.get("actual_finish") or ""), spend=spend, places=places,
                             note=str(form.get("note") or "")[:2000],
                             note_year=int(note_year) if note_year.isdigit() and len(note_year) == 4 else None,
                             seen=str(form.get("seen") or "") or None)


def store_progress(session: Session, user: Principal | None, region: str, body: ProjectProgressIn) -> ProjectProgressResult:
    """Store the project's progress and answer with the project as it stands now."""
    item = report_project(session=session, region=region, body=body, actor=actor(user))
    return ProjectProgressResult(region=region, project=project_out(item.tracking, item, user, region))


@router.get("/api/v1/regions/{region}/projects", summary="区县建设项目推进（项目页的 JSON）")
def api_projects(region: RegionPath, session: SessionDep, user: Reader, year: YearQuery = None) -> ProjectsPage:
    return projects_page(session, region, year, user)


@router.post("/api/v1/regions/{region}/projects/progress", status_code=201,
             summary="填报项目进展（表单：key、actual_start、actual_finish、spend_年度、places_年度、note、note_year、seen；seen 过期则 409）")
async def api_report_project(request: Request, region: RegionPath, session: SessionDep, user: Writer,
                             key: KeyForm) -> ProjectProgressResult:
    return store_progress(session, user, region, await progress_form(request))


@router.put("/api/v1/regions/{region}/projects/assignment", summary="分配项目的牵头单位、配合单位和截止日期（?key=项目键；version 过期则 409）")
def api_assign_project(region: RegionPath, body: AssignmentIn, session: SessionDep, user: Assigner,
                       key: Annotated[str, Query(min_length=1, max_length=300, description="项目键")]) -> AssignmentResult:
    return store_assignment(session, user, region, ItemKind.PROJECT, key, body)


@router.get("/regions/{region}/projects", response_class=HTMLResponse, include_in_schema=False)
def page_projects(request: Request, region: RegionPath, session: SessionDep, user: Reader,
                  year: YearQuery = None, saved: str | None = None) -> HTMLResponse:
    message = f"项目“{saved}”已保存。" if saved else None
    return render(request, "projects.html", projects_page(session, region, year, user, saved=message))


@router.post("/regions/{region}/projects/progress", response_class=HTMLResponse, include_in_schema=False)
async def page_report_project(request: Request, region: RegionPath, session: SessionDep, user: Writer,
                              key: KeyForm) -> Response:
    body = await progress_form(request)
    try:
        item = report_project(session=session, region=region, body=body, actor=actor(user))
    except ConflictError as exc:
        page = projects_page(session, region, None, user, conflict=f"保存失败：{exc}。您的填报没有保存；下表已显示最新进展，请核对后重新填报。")
        return render(request, "projects.html", page, status_code=409)
    except InputError as exc:  # shown above the table, the other projects' figures still at hand
        page = projects_page(session, region, None, user, conflict=f"项目进展未保存（{body.key.rsplit('｜', 1)[-1]}）：{exc}")
        return render(request, "projects.html", page, status_code=422)
    return RedirectResponse(f"/regions/{region}/projects?saved={item.tracking.name}", status_code=303)


@router.post("/regions/{region}/projects/assignment", response_class=HTMLResponse, include_in_schema=False)
def page_assign_project(request: Request, region: RegionPath, session: SessionDep, user: Assigner, key: KeyForm,
                        version: FormText, lead_units: FormText = "", co_units: FormText = "",
                        deadline: FormText = "") -> Response:
    body: AssignmentIn = assignment_form(lead_units, co_units, deadline, version)
    try:
        store_assignment(session, user, region, ItemKind.PROJECT, key, body)
    except ConflictError as exc:
        page = projects_page(session, region, None, user, conflict=f"分配未保存：{exc}。下表已显示最新分配。")
        return render(request, "projects.html", page, status_code=409)
    return RedirectResponse(f"/regions/{region}/projects?saved={key.rsplit('｜', 1)[-1]}", status_code=303)
