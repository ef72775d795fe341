"""The overview of plans, the plan page (public when the plan is published), publishing a plan."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.services.plans import StatusChange, get_plan, list_plans, publish_plan, unpublish_plan
from eduplan.services.records import indicator_refs, plan_scopes
from eduplan.web.deps import SessionDep, UserDep, actor, authorize
from eduplan.web.render import render
from eduplan.web.schemas.plans import PlanContent, PlanPage, PlansPage, PlanSummaryOut, PublicationResult
from eduplan.web.scopes import RecordId, new_upload_resource, plan_resource

router = APIRouter(tags=["规划"])
Publisher = Annotated[Principal | None, authorize(Action.WRITE, plan_resource)]


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
                    can_publish=can(user, Action.WRITE, resource),
                    **PlanContent.fields_of(plan, indicator_refs(session=session, plan_id=plan_id)))


def publish(plan_id: RecordId, session: SessionDep, user: Publisher) -> PublicationResult:
    """Publish the plan in the path."""
    return publication(publish_plan(session=session, ref=plan_id, actor=actor(user)))


def unpublish(plan_id: RecordId, session: SessionDep, user: Publisher) -> PublicationResult:
    """Withdraw the plan in the path to a draft."""
    return publication(unpublish_plan(session=session, ref=plan_id, actor=actor(user)))


def publication(change: StatusChange) -> PublicationResult:
    """The service's answer as the JSON twin."""
    return PublicationResult(plan_id=change.plan_id, status=change.status.value, changed=change.changed,
                             message=change.message)


PlansCtx = Annotated[PlansPage, Depends(plans_context)]
PlanCtx = Annotated[PlanPage, Depends(plan_context)]
Published = Annotated[PublicationResult, Depends(publish)]
Unpublished = Annotated[PublicationResult, Depends(unpublish)]


@router.get("/api/v1/plans", summary="规划总览（首页的 JSON）")
def api_plans(page: PlansCtx) -> PlansPage:
    return page


@router.get("/api/v1/plans/{plan_id}", summary="规划详情（规划页的 JSON，交换格式加编号与版本）")
def api_plan(page: PlanCtx) -> PlanPage:
    return page


@router.post("/api/v1/plans/{plan_id}/publish", summary="发布规划（草稿→已发布，公开可见）")
def api_publish(result: Published) -> PublicationResult:
    return result


@router.post("/api/v1/plans/{plan_id}/unpublish", summary="撤回规划为草稿（仅本区县及市级用户可见）")
def api_unpublish(result: Unpublished) -> PublicationResult:
    return result


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page_plans(request: Request, page: PlansCtx) -> HTMLResponse:
    return render(request, "index.html", page)


@router.get("/plans/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def page_plan(request: Request, page: PlanCtx) -> HTMLResponse:
    return render(request, "plan.html", page)


@router.post("/plans/{plan_id}/publish", include_in_schema=False)
def page_publish(result: Published) -> RedirectResponse:
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)


@router.post("/plans/{plan_id}/unpublish", include_in_schema=False)
def page_unpublish(result: Unpublished) -> RedirectResponse:
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)
