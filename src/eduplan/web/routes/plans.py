"""The overview of plans and the plan page (public when the plan is published)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.services.plans import get_plan, list_plans
from eduplan.services.records import indicator_refs, plan_scopes
from eduplan.web.deps import SessionDep, UserDep, authorize
from eduplan.web.render import render
from eduplan.web.schemas import PlanContent, PlanPage, PlansPage, PlanSummaryOut
from eduplan.web.scopes import RecordId, new_upload_resource, plan_resource

router = APIRouter(tags=["规划"])


def plans_context(session: SessionDep, user: UserDep,
                  upload: Annotated[Resource, Depends(new_upload_resource)]) -> PlansPage:
    """The plans the visitor may read."""
    scopes = plan_scopes(session=session)
    plans = [PlanSummaryOut.of(s, published=scopes[s.id].published)
             for s in list_plans(session=session) if can(user, Action.READ, scopes[s.id])]
    return PlansPage(plans=plans, can_upload=can(user, Action.IMPORT, upload))


def plan_context(plan_id: RecordId, session: SessionDep,
                 user: Annotated[Principal | None, authorize(Action.READ, plan_resource)],
                 resource: Annotated[Resource, Depends(plan_resource)]) -> PlanPage:
    """A stored plan with its indicators' ids and versions."""
    _, plan = get_plan(session=session, ref=plan_id)
    can_edit = can(user, Action.WRITE, dataclasses.replace(resource, kind=Kind.INDICATOR))
    return PlanPage(id=plan_id, published=resource.published, can_edit=can_edit,
                    **PlanContent.fields_of(plan, indicator_refs(session=session, plan_id=plan_id)))


PlansCtx = Annotated[PlansPage, Depends(plans_context)]
PlanCtx = Annotated[PlanPage, Depends(plan_context)]


@router.get("/api/v1/plans", summary="规划总览（首页的 JSON）")
def api_plans(page: PlansCtx) -> PlansPage:
    return page


@router.get("/api/v1/plans/{plan_id}", summary="规划详情（规划页的 JSON，交换格式加编号与版本）")
def api_plan(page: PlanCtx) -> PlanPage:
    return page


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page_plans(request: Request, page: PlansCtx) -> HTMLResponse:
    return render(request, "index.html", page)


@router.get("/plans/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def page_plan(request: Request, page: PlanCtx) -> HTMLResponse:
    return render(request, "plan.html", page)
