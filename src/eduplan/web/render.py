"""Server-rendered pages: Jinja2 templates fed with a page's typed context and the layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.web import labels
from eduplan.web.csrf import csrf_token
from eduplan.web.schemas.plans import UserOut

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
ECHARTS = STATIC_DIR / "vendor" / "echarts.min.js"
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.filters.update(labels.FILTERS)
TEMPLATES.env.globals.update(labels.GLOBALS)


@dataclass(frozen=True)
class Layout:
    """What every page's frame needs: the user, the CSRF token, the menu, the chart library."""

    user: UserOut | None
    csrf_token: str
    can_upload: bool
    can_audit: bool
    echarts_available: bool
    path: str


def layout(request: Request) -> Layout:
    """The frame of the current request."""
    user: Principal | None = getattr(request.state, "user", None)
    upload = Resource(kind=Kind.DRAFT, owner=user.username if user else None, region=user.region if user else None)
    return Layout(user=UserOut.of(user) if user else None, csrf_token=csrf_token(request),
                  can_upload=can(user, Action.IMPORT, upload), can_audit=can(user, Action.READ, Resource(Kind.AUDIT)),
                  echarts_available=ECHARTS.is_file(), path=request.url.path)


def render(request: Request, template: str, page: BaseModel, *, status_code: int = 200,
           **extra: Any) -> HTMLResponse:
    """The page `template` rendered from its context `page`."""
    return TEMPLATES.TemplateResponse(request, template, {"page": page, "layout": layout(request), **extra},
                                      status_code=status_code)


def render_error(request: Request, *, status: int, title: str, detail: str,
                 headers: dict[str, str] | None = None) -> HTMLResponse:
    """The Chinese error page."""
    return TEMPLATES.TemplateResponse(
        request, "error.html", {"page": None, "layout": layout(request), "status": status, "title": title,
                                "detail": detail}, status_code=status, headers=headers)
