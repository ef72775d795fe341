"""The audit log: every write, who made it and when (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from eduplan.core.access import Action, Principal
from eduplan.services.audit import list_audit
from eduplan.web.deps import SessionDep, authorize
from eduplan.web.params import FilterText
from eduplan.web.render import render
from eduplan.web.schemas.plans import AuditEntryOut, AuditPage
from eduplan.web.scopes import audit_resource

router = APIRouter(tags=["审计日志"])


def audit_context(session: SessionDep, user: Annotated[Principal | None, authorize(Action.READ, audit_resource)],
                  entity: FilterText = None, actor: FilterText = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> AuditPage:
    """The newest audit events, optionally of one kind of record or one user."""
    entries = list_audit(session=session, entity=entity or None, actor=actor or None, limit=limit)
    return AuditPage(entries=[AuditEntryOut.of(e) for e in entries], entity=entity, actor=actor, limit=limit)


AuditCtx = Annotated[AuditPage, Depends(audit_context)]


@router.get("/api/v1/audit", summary="审计日志（审计页的 JSON，仅管理员）")
def api_audit(page: AuditCtx) -> AuditPage:
    return page


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def page_audit(request: Request, page: AuditCtx) -> HTMLResponse:
    return render(request, "audit.html", page)
