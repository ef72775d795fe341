"""The dashboards: the municipal overview, a region's board, one target's page, regions compared.

A visitor who is not signed in reads them from the read replica when one is set
(EDUPLAN_READ_DATABASE_URL, `deps.read_session`); signed-in users read the primary.

A region's progress (targets, tasks, projects) is public like its published plan; its funding
checks, evaluations and inspection readiness are shown only to those who may read the region's
own data (`monitoring_scopes.private_region`), and are null in the JSON for others.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Role, can
from eduplan.data.catalog import load_catalog
from eduplan.services.approval import approved_only_for
from eduplan.services.compare import compare_regions
from eduplan.services.dashboards import (
    RegionTree,
    latest_observation_year,
    region_dashboard,
    region_labels,
    statuses_by_plan,
    target_story,
)
from eduplan.services.page_cache import page_key, scopes_of_region
from eduplan.services.records import plan_scopes
from eduplan.services.regions import resolve, scope_keys
from eduplan.web.deps import ReadSessionDep, UserDep
from eduplan.web.monitoring_scopes import RegionReader, private_region, read_public_region
from eduplan.web.page_cache import cached_context, json_response, render_page
from eduplan.web.params import PlanQuery, TargetKey, UnderQuery
from eduplan.web.schemas.dashboard.overview import ComparePage, OverviewPage
from eduplan.web.schemas.dashboard.region_board import RegionDashboardPage
from eduplan.web.schemas.dashboard.targets import TargetPage

router = APIRouter(tags=["监测看板"])
# The routes only hand out what their context built (from the cache, mostly): they are async,
# so a request costs no extra hop to the thread pool.
Year = Annotated[int | None, Query(ge=1949, le=2100, description="评估年度（默认：有监测值的最近年度）")]
PublicRegion = Annotated[RegionReader, Depends(read_public_region)]
DEFAULT_INDICATOR = "学前三年毛入园率"


def default_year(session: Session, year: int | None, region: str | None = None) -> int:
    """The year asked for, else the latest with observations, else last year."""
    if year is not None:
        return year
    return latest_observation_year(session=session, region=region) or dt.date.today().year - 1


def _today() -> str:
    # Task deadlines are judged at today's date (or the year's end): a page is cached per day.
    return dt.date.today().isoformat()




async def overview_context(request: Request, session: ReadSessionDep, user: UserDep, year: Year = None,
                           region: UnderQuery = None) -> OverviewPage:
    """Every plan the visitor may read (of the regions under `region`, when given: a province's or a
    city's board): its targets counted by status, and the binding targets at risk."""
    approved = approved_only_for(user)
    wanted = "".join(region.split()) if region else None

    def compute() -> OverviewPage:
        under = resolve(session, wanted, field="region") if wanted else None  # here: in the worker thread
        at = default_year(session, year)
        scopes = plan_scopes(session=session)
        keys = sorted(scope_keys(session, under.id)) if under else None
        plans = [p for p in statuses_by_plan(session=session, year=at, approved_only=approved, regions=keys)
                 if can(user, Action.READ, scopes[p.plan_id])]
        keys_shown, tree = [p.region for p in plans], RegionTree(session)  # the tree read once for both
        return OverviewPage.of(plans, year=at, catalog=load_catalog(), scope=under.key if under else None,
                               groups=tree.groups_under(under.id if under else None, keys_shown),
                               labels=tree.labels(keys_shown),
                               scope_name=under.label if under else None)

    # What a reader may see of the plans depends on the role and region only (and whether it reads approved figures).
    reader = (user.role.value, user.region) if user else ("visitor", None)
    return await cached_context(request, session, OverviewPage, kind="overview",
                                key=page_key(year, _today(), approved, wanted, *reader),
                                scopes=None, compute=compute)


async def region_context(request: Request, reader: PublicRegion, session: ReadSessionDep, year: Year = None,
                         plan: PlanQuery = None) -> RegionDashboardPage:
    """The region's board; private parts only for readers of the region's own data."""
    region, user = reader.region, reader.user
    private = can(user, Action.READ, private_region(region))
    approved = approved_only_for(user, region)

    def compute() -> RegionDashboardPage:
        return RegionDashboardPage.of(region_dashboard(session=session, region=region, plan=plan, private=private,
                                                       year=default_year(session, year, region),
                                                       approved_only=approved))

    return await cached_context(request, session, RegionDashboardPage, kind="region_board",
                                key=page_key(region, year, plan, private, approved, _today()),
                                scopes=scopes_of_region(region), compute=compute)


async def target_context(request: Request, reader: PublicRegion, key: TargetKey, session: ReadSessionDep,
                         year: Year = None, plan: PlanQuery = None) -> TargetPage:
    """One target of the region's plan with its trajectory and observations."""
    region, user = reader.region, reader.user
    approved = approved_only_for(user, region)

    def compute() -> TargetPage:
        return TargetPage.of(target_story(session=session, region=region, key=key, plan=plan,
                                          year=default_year(session, year, region), approved_only=approved))

    return await cached_context(request, session, TargetPage, kind="target",
                                key=page_key(region, key, year, plan, approved, _today()),
                                scopes=scopes_of_region(region), compute=compute)


async def compare_context(request: Request, session: ReadSessionDep, user: UserDep, indicator: Annotated[str, Query(
        description="指标目录中的编号、名称或同义名")] = DEFAULT_INDICATOR, year: Year = None,
        region: UnderQuery = None) -> ComparePage:
    """Every region's value of the indicator in the year (of the regions under `region`, when given:
    the counties of a province or a city, ranked among themselves), with its target and status."""
    # Draft plans' targets are shown only to those who may read every region's drafts.
    all_regions = user is not None and user.role in (Role.ADMIN, Role.MUNICIPAL, Role.EVALUATOR)
    approved = approved_only_for(user)
    wanted = "".join(region.split()) if region else None

    def compute() -> ComparePage:
        under = resolve(session, wanted, field="region") if wanted else None
        comparison = compare_regions(session=session, indicator=indicator, year=default_year(session, year),
                                     include_drafts=all_regions, approved_only=approved,
                                     regions=scope_keys(session, under.id) if under else None)
        return ComparePage.of(comparison, catalog=load_catalog(), scope=under.key if under else None,
                              labels=region_labels(session, [r.region for r in comparison.rows]),
                              scope_name=under.label if under else None)

    return await cached_context(request, session, ComparePage, kind="compare",
                                key=page_key(indicator, year, all_regions, approved, wanted, _today()), scopes=None,
                                compute=compute)


OverviewCtx = Annotated[OverviewPage, Depends(overview_context)]
RegionCtx = Annotated[RegionDashboardPage, Depends(region_context)]
TargetCtx = Annotated[TargetPage, Depends(target_context)]
CompareCtx = Annotated[ComparePage, Depends(compare_context)]


@router.get("/api/v1/dashboard", response_model=OverviewPage, summary="市级总览：各区县目标状态、约束性指标预警（总览页的 JSON）")
async def api_overview(request: Request, page: OverviewCtx) -> Response:
    return json_response(request, page)


@router.get("/api/v1/compare", response_model=ComparePage, summary="区县比较：某指标某年度各区县的数值、排名、目标与状态")
async def api_compare(request: Request, page: CompareCtx) -> Response:
    return json_response(request, page)


@router.get("/api/v1/regions/{region}", response_model=RegionDashboardPage, summary="区县监测看板（看板页的 JSON；经费、评估、督导仅本区及市级可见）")
async def api_region(request: Request, page: RegionCtx) -> Response:
    return json_response(request, page)


# The API path takes no slash in the key (OpenAPI cannot describe a path convertor); the page does.
@router.get("/api/v1/regions/{region}/targets/{key}", response_model=TargetPage, summary="目标详情：轨迹、监测值及来源、预测与判断理由")
async def api_target(request: Request, page: TargetCtx) -> Response:
    return json_response(request, page)


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
async def page_overview(request: Request, page: OverviewCtx) -> HTMLResponse:
    return render_page(request, "dashboard_overview.html", page)


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
async def page_compare(request: Request, page: CompareCtx) -> HTMLResponse:
    return render_page(request, "dashboard_compare.html", page)


@router.get("/regions/{region}", response_class=HTMLResponse, include_in_schema=False)
async def page_region(request: Request, page: RegionCtx) -> HTMLResponse:
    return render_page(request, "dashboard_region.html", page)


@router.get("/regions/{region}/targets/{key:path}", response_class=HTMLResponse, include_in_schema=False)
async def page_target(request: Request, page: TargetCtx) -> HTMLResponse:
    return render_page(request, "dashboard_target.html", page)
