"""The web application: Chinese pages and their JSON twins under /api/v1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from eduplan.core.errors import EduplanError, InputError, NotFoundError
from eduplan.core.interchange import plan_to_dict
from eduplan.settings import Settings, get_settings
from eduplan.services.plans import get_plan, list_plans
from eduplan.uow import unit_of_work

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
ATTRIBUTE_LABELS = {"expected": "预期性", "binding": "约束性"}


def _status_of(exc: EduplanError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError):
        return 422
    return 409 if exc.code == "conflict" else 400


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the handler succeeds, else rolled back."""
    with unit_of_work(request.app.state.database_url) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI application for the given settings."""
    settings = settings or get_settings()
    url = settings.resolved_database_url
    app = FastAPI(title="eduplan", description="区县教育事业发展规划监测评估系统 JSON 接口", version="0.1.0",
                  openapi_url="/openapi.json")

    app.state.database_url = url
    app.state.settings = settings

    @app.exception_handler(EduplanError)
    async def _problem(request: Request, exc: EduplanError) -> JSONResponse:
        status = _status_of(exc)
        body = {"type": f"https://eduplan.local/problems/{exc.code}", "title": exc.code, "status": status,
                "detail": str(exc), "instance": str(request.url.path)}
        return JSONResponse(body, status_code=status, media_type="application/problem+json")

    @app.get("/api/v1/plans", summary="规划列表")
    def api_plans(session: SessionDep) -> list[dict[str, Any]]:
        return [_summary_dict(s) for s in list_plans(session=session)]

    @app.get("/api/v1/plans/{plan_id}", summary="规划详情（交换格式）")
    def api_plan(plan_id: int, session: SessionDep) -> dict[str, Any]:
        _, plan = get_plan(session=session, ref=str(plan_id))
        return {"id": plan_id, **plan_to_dict(plan)}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_index(request: Request, session: SessionDep) -> HTMLResponse:
        plans = []
        for s in list_plans(session=session):
            _, plan = get_plan(session=session, ref=str(s.id))
            plans.append((s, plan))
        return TEMPLATES.TemplateResponse(request, "index.html",
                                          {"plans": plans, "attribute_labels": ATTRIBUTE_LABELS})

    return app


def _summary_dict(s: Any) -> dict[str, Any]:
    return {"id": s.id, "region": s.region, "title": s.title, "doc_number": s.doc_number,
            "issued_on": s.issued_on.isoformat() if s.issued_on else None, "indicators": s.indicators,
            "targets": s.targets, "tasks": s.tasks, "projects": s.projects, "findings": s.findings}
