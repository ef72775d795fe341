"""Signing in and out: the login page and the session API (which hands out the CSRF token)."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eduplan.core.access import Principal
from eduplan.services.accounts import authenticate
from eduplan.web.csrf import csrf_token, rotate_csrf_token
from eduplan.web.deps import SESSION_USER_KEY, SessionDep, UserDep
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
    """Check the password (throttled per user name and address) and start a fresh session."""
    throttle: LoginThrottle = request.app.state.throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.retry_after(username, address)
    if wait:
        raise TooManyAttempts(f"登录失败次数过多，该账号在本机已被暂时锁定，请 {math.ceil(wait / 60)} 分钟后再试",
                              retry_after=wait)
    found = authenticate(session=session, username=username, password=password)
    if found is None:
        throttle.failed(username, address)
        raise LoginRequired("用户名或密码错误")
    throttle.succeeded(username, address)
    user_id, user = found
    request.session.clear()  # a new session id for the new identity
    request.session[SESSION_USER_KEY] = user_id
    rotate_csrf_token(request)
    request.state.user = user
    return user


def sign_out(request: Request) -> None:
    """End the session."""
    request.session.clear()
    rotate_csrf_token(request)
    request.state.user = None


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
def api_logout(request: Request) -> SessionPage:
    sign_out(request)
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
def page_logout(request: Request) -> RedirectResponse:
    sign_out(request)
    return RedirectResponse("/", status_code=303)
