"""Signing in and out: the login page and the session API (which hands out the CSRF token)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eduplan.core.access import Principal
from eduplan.services.accounts import authenticate
from eduplan.services.passwords import VerifierBusy
from eduplan.services.web_sessions import end_session, start_session
from eduplan.web.csrf import SESSION_ID_KEY, csrf_token, rotate_csrf_token
from eduplan.web.deps import SessionDep, UserDep
from eduplan.web.errors import LoginRequired, TooManyAttempts
from eduplan.web.render import render
from eduplan.web.schemas.plans import LoginRequest, SessionPage, UserOut
from eduplan.web.throttle import LoginThrottle

router = APIRouter(tags=["账户"])


def session_page(request: Request, user: Principal | None, *, next: str = "/", error: str | None = None) -> SessionPage:
    """The session's state as a page context."""
    return SessionPage(user=UserOut.of(user) if user else None, csrf_token=csrf_token(request), next=next,
                       error=error)


def sign_in(request: Request, session: Session, username: str, password: str) -> Principal:
    """Check the password (throttled per user name and address, and per user name) and start a
    fresh session recorded in the database; the cookie carries only its id."""
    throttle: LoginThrottle = request.app.state.throttle
    address = throttle.address(request)
    wait = throttle.retry_after(username, address)
    if wait.seconds:
        where = "在本机" if wait.lock == "pair" else "近期在多处"
        raise TooManyAttempts(f"登录失败次数过多，该账号{where}已被暂时锁定，请 {math.ceil(wait.seconds / 60)} 分钟后再试",
                              retry_after=wait.seconds)
    try:
        found = authenticate(session=session, username=username, password=password)
    except VerifierBusy as exc:
        raise TooManyAttempts(str(exc), retry_after=1) from None
    if found is None:
        throttle.failed(username, address)
        raise LoginRequired("用户名或密码错误")
    throttle.succeeded(username, address)
    user_id, user = found
    _end_current(request, session)
    max_age = dt.timedelta(hours=request.app.state.settings.session_max_hours)
    token = start_session(session=session, user_id=user_id, max_age=max_age)
    request.session.clear()  # a new session id for the new identity
    request.session[SESSION_ID_KEY] = token
    request.state.user = user
    return user


def sign_out(request: Request, session: Session) -> None:
    """End the session: its record is revoked, so a copy of the cookie is worth nothing either."""
    _end_current(request, session)
    request.session.clear()
    rotate_csrf_token(request)
    request.state.user = None


def _end_current(request: Request, session: Session) -> None:
    token = request.session.get(SESSION_ID_KEY)
    if isinstance(token, str):
        end_session(session=session, token=token)


def safe_next(target: str) -> str:
    """Only local paths are followed after login (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/api/v1/session", summary="当前登录状态与 CSRF 令牌")
def api_session(request: Request, user: UserDep) -> SessionPage:
    return session_page(request, user)


@router.post("/api/v1/session", summary="登录（需先取得 CSRF 令牌，放在请求头 X-CSRF-Token 中）")
def api_login(request: Request, body: LoginRequest, session: SessionDep) -> SessionPage:
    return session_page(request, sign_in(request, session, body.username, body.password))


@router.delete("/api/v1/session", summary="退出登录")
def api_logout(request: Request, session: SessionDep) -> SessionPage:
    sign_out(request, session)
    return session_page(request, None)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def page_login(request: Request, user: UserDep, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", session_page(request, user, next=safe_next(next)))


@router.post("/login", include_in_schema=False)
def page_login_post(request: Request, session: SessionDep, username: Annotated[str, Form()],
                    password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    try:
        sign_in(request, session, username, password)
    except (LoginRequired, TooManyAttempts) as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        page = session_page(request, None, next=safe_next(next), error=str(exc))
        return render(request, "login.html", page, status_code=status, username=username)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def page_logout(request: Request, session: SessionDep) -> RedirectResponse:
    sign_out(request, session)
    return RedirectResponse("/", status_code=303)
