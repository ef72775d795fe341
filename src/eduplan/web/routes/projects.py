"""Construction projects (建设项目) of a region: schedule, investment execution and places."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal
from eduplan.core.tracking.projects import ProjectTracking, Schedule
from eduplan.services.monitoring import project_board
from eduplan.web.deps import SessionDep, authorize
from eduplan.web.monitoring_scopes import public_region
from eduplan.web.params import RegionPath
from eduplan.web.render import render
from eduplan.web.schemas.monitoring import InvestmentYear, PlacesYearOut, ProjectOut, ProjectsPage

router = APIRouter(tags=["建设项目"])
Reader = Annotated[Principal | None, authorize(Action.READ, public_region)]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="截至年度（默认上一年）")]


def project_out(p: ProjectTracking) -> ProjectOut:
    """One project's line."""
    return ProjectOut(key=p.key, name=p.name, phase=p.phase.value, schedule=p.schedule.value,
                      plan_status=p.plan_status, planned_start=p.planned_start, planned_finish=p.planned_finish,
                      actual_start=p.actual_start, actual_finish=p.actual_finish, start_delay=p.start_delay,
                      finish_delay=p.finish_delay, still_slipping=p.still_slipping,
                      investment_total=p.investment_total, planned_to_date=p.planned_to_date,
                      spent_to_date=p.spent_to_date, execution_rate=p.execution_rate,
                      places_planned=p.places_planned, places_delivered=p.places_delivered)


def investment_by_year(projects: list[ProjectTracking], year: int) -> list[InvestmentYear]:
    """Money planned and spent on all projects, year by year up to `year` (万元)."""
    years = sorted({y for p in projects for y in (*p.planned_by_year, *p.spent_by_year) if y <= year})
    out = []
    for y in years:
        planned = sum(p.planned_by_year.get(y, 0.0) for p in projects)
        spent = sum(p.spent_by_year.get(y, 0.0) for p in projects)
        out.append(InvestmentYear(year=y, planned=planned, spent=spent, rate=spent / planned if planned else None))
    return out


def projects_page(session: Session, region: str, year: int | None) -> ProjectsPage:
    """The region's projects at the end of `year` (default: last year)."""
    board = project_board(session=session, region=region, year=year or dt.date.today().year - 1)
    return ProjectsPage(
        region=region, plan_title=board.plan_title, year=board.year,
        by_schedule={s.value: sum(1 for p in board.projects if p.schedule is s) for s in Schedule},
        projects=[project_out(p) for p in board.projects],
        investment=investment_by_year(board.projects, board.year),
        places=[PlacesYearOut(year=p.year, planned=p.planned, delivered=p.delivered,
                              planned_to_date=p.planned_to_date, delivered_to_date=p.delivered_to_date)
                for p in board.places],
        simulated=board.simulated)


@router.get("/api/v1/regions/{region}/projects", summary="区县建设项目推进（项目页的 JSON）")
def api_projects(region: RegionPath, session: SessionDep, user: Reader, year: YearQuery = None) -> ProjectsPage:
    return projects_page(session, region, year)


@router.get("/regions/{region}/projects", response_class=HTMLResponse, include_in_schema=False)
def page_projects(request: Request, region: RegionPath, session: SessionDep, user: Reader,
                  year: YearQuery = None) -> HTMLResponse:
    return render(request, "projects.html", projects_page(session, region, year))
