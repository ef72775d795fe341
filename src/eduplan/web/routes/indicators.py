"""One indicator: its edit form, saved only if nobody changed it meanwhile (version column)."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal, Resource, can
from eduplan.core.errors import ConflictError, InputError
from eduplan.core.plan import Attribute, Direction, Indicator, Plan
from eduplan.services.plans import get_plan, update_indicator
from eduplan.services.records import get_indicator
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.render import render
from eduplan.web.schemas.plans import IndicatorChanges, IndicatorPage, IndicatorUpdate, PlanContent
from eduplan.web.scopes import RecordId, indicator_resource

router = APIRouter(tags=["指标"])
Reader = Annotated[Principal | None, authorize(Action.READ, indicator_resource)]
Writer = Annotated[Principal | None, authorize(Action.WRITE, indicator_resource)]
Scope = Annotated[Resource, Depends(indicator_resource)]


def indicator_page(session: Session, user: Principal | None, resource: Resource, indicator_id: RecordId,
                   **extra: Any) -> IndicatorPage:
    """The indicator as stored now, with its plan's identity."""
    edit = get_indicator(session=session, indicator_id=indicator_id)
    _, plan = get_plan(session=session, ref=edit.plan_id)
    item = PlanContent.fields_of(dataclass_plan(plan, edit.indicator))["indicators"][0]
    return IndicatorPage(plan_id=edit.plan_id, plan_title=plan.title, region=plan.region,
                         indicator=item.model_copy(update={"id": edit.id, "version": edit.version}),
                         can_edit=can(user, Action.WRITE, resource), **extra)


def dataclass_plan(plan: Plan, indicator: Indicator) -> Plan:
    """The plan's header with this one indicator (to reuse the plan's JSON shape)."""
    return dataclasses.replace(plan, indicators=[indicator], targets=[], programmes=[], tasks=[], projects=[],
                               findings=[])


def service_changes(changes: IndicatorChanges) -> dict[str, Any]:
    """The edit as the service takes it (enums for coded fields)."""
    out: dict[str, Any] = changes.model_dump(exclude_unset=True)
    if "attribute" in out:
        out["attribute"] = Attribute(out["attribute"]) if out["attribute"] else None
    if "direction" in out:
        out["direction"] = Direction(out["direction"]) if out["direction"] else None
    return out


@router.get("/api/v1/indicators/{indicator_id}", summary="指标详情（编辑页的 JSON）")
def api_indicator(indicator_id: RecordId, session: SessionDep, user: Reader, resource: Scope) -> IndicatorPage:
    return indicator_page(session, user, resource, indicator_id)


@router.patch("/api/v1/indicators/{indicator_id}", summary="修改指标（须带上读取时的 version；过期则 409）")
def api_update_indicator(indicator_id: RecordId, body: IndicatorUpdate, session: SessionDep, user: Writer,
                         resource: Scope) -> IndicatorPage:
    edit = update_indicator(session=session, indicator_id=indicator_id, expected_version=body.version,
                            changes=service_changes(body.changes), actor=actor(user))
    return indicator_page(session, user, resource, indicator_id, saved=edit.changes)


@router.get("/indicators/{indicator_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def page_indicator(request: Request, indicator_id: RecordId, session: SessionDep, user: Reader,
                   resource: Scope) -> HTMLResponse:
    return render(request, "indicator.html", indicator_page(session, user, resource, indicator_id))


@router.post("/indicators/{indicator_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def page_update_indicator(
    request: Request, indicator_id: RecordId, session: SessionDep, user: Writer, resource: Scope,
    version: Annotated[int, Form()], name: Annotated[str, Form()], category: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "", attribute: Annotated[str, Form()] = "",
    direction: Annotated[str, Form()] = "",
) -> HTMLResponse:
    changes = form_changes(name=name, category=category, unit=unit, attribute=attribute, direction=direction)
    try:
        edit = update_indicator(session=session, indicator_id=indicator_id, expected_version=version,
                                changes=service_changes(changes), actor=actor(user))
    except ConflictError as exc:
        page = indicator_page(session, user, resource, indicator_id,
                              conflict=f"保存失败：{exc}。您的修改没有保存；下表已显示最新内容，请核对后重新修改。")
        return render(request, "indicator.html", page, status_code=409, attempted=changes)
    return render(request, "indicator.html", indicator_page(session, user, resource, indicator_id, saved=edit.changes))


def form_changes(**fields: str) -> IndicatorChanges:
    """The form's fields as changes (blank optional fields clear the value)."""
    values = {k: (v.strip() or None) for k, v in fields.items()}
    try:
        return IndicatorChanges.model_validate(values)
    except ValidationError as exc:
        names = "、".join(str(e["loc"][0]) for e in exc.errors())
        raise InputError(f"表单内容有误：{names}") from None

