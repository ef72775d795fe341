"""The web application: Chinese pages and their JSON twins under /api/v1.

Sessions have a server-side record (`web_sessions`, see services/web_sessions.py); the signed cookie
(starlette's SessionMiddleware, itsdangerous) carries only the session's random id — or, for a
visitor, the CSRF token of the login form. It is signed with `Settings.session_secret()`: the
configured secret, or one generated per data directory. The chart library is served from
/static/vendor (installed by scripts/frontend.sh).
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from eduplan.core.errors import EduplanError
from eduplan.services.page_cache import follow_versions
from eduplan.settings import Settings, get_settings
from eduplan.uow import engine_for, replica_for
from eduplan.web import openapi_links
from eduplan.web.csrf import csrf_protect
from eduplan.web.deps import current_user
from eduplan.web.jobs import JobRunner
from eduplan.web.page_cache import ETagHeaders, NotModified, not_modified
from eduplan.web.pending_uploads import DraftStore
from eduplan.web.problems import on_eduplan_error, on_http_error, on_validation_error
from eduplan.web.render import STATIC_DIR
from eduplan.web.routes import audit, auth, dashboard, indicators, jobs, methods, monitoring, plans, regions, uploads
from eduplan.web.security import install as install_security
from eduplan.web.throttle import LoginThrottle

SESSION_COOKIE = "eduplan_session"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI application for the given settings."""
    settings = settings or get_settings()
    app = FastAPI(title="eduplan", description="区县教育事业发展规划监测评估系统 JSON 接口。"
                  "写操作须先登录（POST /api/v1/session），并在请求头 X-CSRF-Token 中带上会话的 CSRF 令牌；"
                  "错误以 application/problem+json 返回，detail 为中文说明。",
                  # No Swagger UI: it loads its scripts from a CDN, which offline networks cannot reach.
                  version="0.1.0", openapi_url="/openapi.json", docs_url=None, redoc_url=None,
                  dependencies=[Depends(current_user), Depends(csrf_protect)])
    app.state.settings = settings
    app.state.database_url = settings.resolved_database_url
    app.state.session_secret = settings.session_secret()
    app.state.throttle = LoginThrottle(settings.resolved_database_url, settings.trusted_proxy_networks())
    app.state.drafts = DraftStore(settings.data_dir / "uploads")
    app.state.jobs = JobRunner(settings.resolved_database_url, workers=settings.job_workers)
    follow_versions(engine_for(settings.resolved_database_url))  # cached boards answered without a query
    # Visitors' public boards read the hot standby when there is one; no mirror follows it (no LISTEN
    # during recovery): its tokens are read per request (docs/deployment.md).
    app.state.replica = replica_for(settings.read_database_url) if settings.read_database_url else None

    app.add_middleware(SessionMiddleware, secret_key=app.state.session_secret, session_cookie=SESSION_COOKIE,
                       max_age=settings.session_max_hours * 3600, same_site="lax",
                       https_only=settings.env == "production")
    app.add_middleware(ETagHeaders)
    install_security(app, settings)
    app.add_exception_handler(EduplanError, on_eduplan_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(NotModified, not_modified)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (plans, indicators, uploads, jobs, audit, auth, dashboard, monitoring, methods, regions):
        app.include_router(module.router)
    openapi_links.install(app)
    return app
