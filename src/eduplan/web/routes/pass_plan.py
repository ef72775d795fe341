"""优质均衡达标方案 of a region: the least-cost actions by school and year, their cost and the CVs by year."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal
from eduplan.core.errors import InputError, NotFoundError
from eduplan.reports.builders import default_issuer, pass_plan_report
from eduplan.services.inspections import resolve_standards
from eduplan.services.pass_plans import pass_plan
from eduplan.web.deps import SessionDep, authorize
from eduplan.web.monitoring_scopes import private_region
from eduplan.web.params import RegionPath
from eduplan.web.render import render
from eduplan.web.routes.evaluations import Fmt, download
from eduplan.web.schemas.pass_plan import PassPlanPage

router = APIRouter(tags=["督导评估"])
Reader = Annotated[Principal | None, authorize(Action.READ, private_region)]
ByQuery = Annotated[int | None, Query(ge=2000, le=2100, description="达标年份（默认规划期末或下一年）")]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="学校统计数据年度（默认最近一年）")]


def _by(by: int | None) -> int:
    return by if by is not None else max(2025, dt.date.today().year + 1)


def pass_plan_page(session: Session, region: str, by: int | None, year: int | None) -> PassPlanPage:
    """The region's pass plan by `by`, or the reason there is none."""
    target = _by(by)
    try:
        plan = pass_plan(session=session, region=region, by=target, year=year, time_limit=30.0)
    except (NotFoundError, InputError) as exc:
        return PassPlanPage.empty(region, target, str(exc))
    std = resolve_standards()
    limits = {stage: std.number(f"balance.cv.{key}") for stage, key in (("小学", "primary"), ("初中", "junior"))}
    return PassPlanPage.of(plan, cv_limits=limits)


@router.get("/api/v1/regions/{region}/inspections/plan", summary="优质均衡达标方案（最低成本，页的 JSON）")
def api_pass_plan(region: RegionPath, session: SessionDep, user: Reader, by: ByQuery = None,
                  year: YearQuery = None) -> PassPlanPage:
    return pass_plan_page(session, region, by, year)


@router.get("/regions/{region}/inspections/plan", response_class=HTMLResponse, include_in_schema=False)
def page_pass_plan(request: Request, region: RegionPath, session: SessionDep, user: Reader, by: ByQuery = None,
                   year: YearQuery = None) -> HTMLResponse:
    return render(request, "pass_plan.html", pass_plan_page(session, region, by, year))


@router.get("/regions/{region}/inspections/plan.{fmt}", summary="下载优质均衡达标方案（xlsx / docx / pdf）")
def pass_plan_file(region: RegionPath, fmt: Fmt, session: SessionDep, user: Reader, by: ByQuery = None,
                   year: YearQuery = None) -> FileResponse:
    plan = pass_plan(session=session, region=region, by=_by(by), year=year, time_limit=30.0)
    return download(pass_plan_report(plan, issuer=default_issuer(region)), f"{region}优质均衡达标方案{plan.deadline}", fmt)
