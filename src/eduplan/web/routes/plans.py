"""The overview of plans, the plan page (public when the plan is published), publishing a plan."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.core.errors import InputError
from eduplan.services.dashboards import region_labels
from eduplan.services.page_cache import page_key
from eduplan.services.plans import (
    StatusChange,
    delete_plan,
    deletion_preview,
    get_plan,
    list_plans,
    publish_plan,
    unpublish_plan,
)
from eduplan.services.records import indicator_refs, plan_scopes
from eduplan.services.regions import resolve, scope_keys
from eduplan.web.deps import SessionDep, UserDep, actor, authorize
from eduplan.web.page_cache import cached_context, json_response, render_page
from eduplan.web.params import UnderQuery
from eduplan.web.render import render
from eduplan.web.schemas.plans import (
    DeletionResult,
    PlanContent,
    PlanDeletionPage,
    PlanPage,
    PlansPage,
    PlanSummaryOut,
    PublicationResult,
)
from eduplan.web.scopes import RecordId, new_upload_resource, plan_resource

router = APIRouter(tags=["规划"])
Publisher = Annotated[Principal | None, authorize(Action.WRITE, plan_resource)]


async def plans_context(request: Request, session: SessionDep, user: UserDep, region: UnderQuery = None) -> PlansPage:
    """The plans the visitor may read (of the regions under `region`, when given): computed once per
    data version and reader, as the boards are."""
    wanted = "".join(region.split()) if region else None

    def compute() -> PlansPage:
        under = resolve(session, wanted, field="region") if wanted else None
        keys = scope_keys(session, under.id) if under else None
        scopes = plan_scopes(session=session)
        shown = [s for s in list_plans(session=session)
                 if (keys is None or s.region in keys) and can(user, Action.READ, scopes[s.id])]
        labels = region_labels(session, [s.region for s in shown])
        plans = [PlanSummaryOut.of(s, published=scopes[s.id].published, label=labels.get(s.region)) for s in shown]
        return PlansPage(plans=plans, can_upload=can(user, Action.IMPORT, new_upload_resource(user)),
                         scope=under.key if under else None, scope_name=under.label if under else None)

    # Everything the policy reads of the reader (an account's role or node may change without any
    # data version changing: its new key is a miss, never another reader's list).
    reader = ("visitor",) if user is None else (user.username, user.role.value, user.region, user.unit,
                                               ",".join(sorted(user.scope or ())))
    return await cached_context(request, session, PlansPage, kind="plans", key=page_key(*reader, wanted), scopes=None,
                                compute=compute)


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


KEEPS = "区县的年度监测数据、学校统计数据、已存评估和审计日志保留；删除记入审计日志，不可撤销"


def deletion_context(plan_id: RecordId, session: SessionDep, _user: Publisher) -> PlanDeletionPage:
    """What deleting the plan would remove (the plan's writers only)."""
    preview = deletion_preview(session=session, ref=plan_id)
    return PlanDeletionPage(plan_id=preview.plan_id, region=preview.region, title=preview.title,
                            status=preview.status.value, counts=preview.counts, keeps=KEEPS)


def delete(plan_id: RecordId, session: SessionDep, user: Publisher, confirm_title: str) -> DeletionResult:
    """Delete the plan once its writer has typed its title."""
    region = deletion_preview(session=session, ref=plan_id).region
    message = delete_plan(session=session, ref=plan_id, actor=actor(user), confirm_title=confirm_title)
    return DeletionResult(plan_id=plan_id, region=region, message=message)


ConfirmTitle = Annotated[str, Query(min_length=1, max_length=500, description="确认：规划的完整标题")]
ConfirmTitleForm = Annotated[str, Form(max_length=500, description="确认：规划的完整标题")]
DeletionCtx = Annotated[PlanDeletionPage, Depends(deletion_context)]
PlansCtx = Annotated[PlansPage, Depends(plans_context)]
PlanCtx = Annotated[PlanPage, Depends(plan_context)]
Published = Annotated[PublicationResult, Depends(publish)]
Unpublished = Annotated[PublicationResult, Depends(unpublish)]


@router.get("/api/v1/plans", response_model=PlansPage, summary="规划总览（首页的 JSON）")
async def api_plans(request: Request, page: PlansCtx) -> Response:
    return json_response(request, page)


@router.get("/api/v1/plans/{plan_id}", summary="规划详情（规划页的 JSON，交换格式加编号与版本）")
def api_plan(page: PlanCtx) -> PlanPage:
    return page


@router.post("/api/v1/plans/{plan_id}/publish", summary="发布规划（草稿→已发布，公开可见）")
def api_publish(result: Published) -> PublicationResult:
    return result


@router.post("/api/v1/plans/{plan_id}/unpublish", summary="撤回规划为草稿（仅本区县及市级用户可见）")
def api_unpublish(result: Unpublished) -> PublicationResult:
    return result


@router.get("/api/v1/plans/{plan_id}/deletion", summary="删除规划前的确认信息（将删除与保留的内容）")
def api_deletion(page: DeletionCtx) -> PlanDeletionPage:
    return page


@router.delete("/api/v1/plans/{plan_id}", summary="删除规划及其指标、任务、项目（须带完整标题确认；审计保留）",
               responses={422: {"description": "确认标题不一致或缺失"}})
def api_delete(plan_id: RecordId, session: SessionDep, user: Publisher, confirm_title: ConfirmTitle) -> DeletionResult:
    return delete(plan_id, session, user, confirm_title)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page_plans(request: Request, page: PlansCtx) -> HTMLResponse:
    return render_page(request, "index.html", page)


@router.get("/plans/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def page_plan(request: Request, page: PlanCtx) -> HTMLResponse:
    return render(request, "plan.html", page)


@router.post("/plans/{plan_id}/publish", include_in_schema=False)
def page_publish(result: Published) -> RedirectResponse:
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)


@router.post("/plans/{plan_id}/unpublish", include_in_schema=False)
def page_unpublish(result: Unpublished) -> RedirectResponse:
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)


@router.get("/plans/{plan_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def page_deletion(request: Request, page: DeletionCtx) -> HTMLResponse:
    return render(request, "plan_delete.html", page)


@router.post("/plans/{plan_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def page_delete(request: Request, plan_id: RecordId, session: SessionDep, user: Publisher, page: DeletionCtx,
                confirm_title: ConfirmTitleForm = "") -> HTMLResponse:
    """Deleted → the page says what was removed; a wrong title → the form again (422) saying why."""
    try:
        page.deleted = delete(plan_id, session, user, confirm_title).message
    except InputError as exc:
        page.error = exc.message
        return render(request, "plan_delete.html", page, status_code=422)
    return render(request, "plan_delete.html", page)
