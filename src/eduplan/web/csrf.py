"""CSRF protection by a per-session token: forms carry it as a field, API writes as a header.

A signed-in session's token is derived from its id (HMAC with the session secret), so the cookie
carries nothing but the id; a visitor's token is a random value in the signed cookie (the login
form needs one). A write (POST/PUT/PATCH/DELETE) whose token is missing or differs is refused
before any route runs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request

from eduplan.web.errors import CsrfRejected

SESSION_KEY = "csrf"
#: The cookie's key for the id of a signed-in session (web_sessions).
SESSION_ID_KEY = "sid"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def csrf_token(request: Request) -> str:
    """The session's CSRF token (a visitor's is created on first use)."""
    token = expected_token(request)
    if token is None:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def expected_token(request: Request) -> str | None:
    """The token a write must carry: derived from the signed-in session's id, or the visitor's."""
    session_id = request.session.get(SESSION_ID_KEY)
    if isinstance(session_id, str):
        key = str(request.app.state.session_secret).encode("utf-8")
        return hmac.new(key, b"csrf:" + session_id.encode("utf-8"), hashlib.sha256).hexdigest()
    token = request.session.get(SESSION_KEY)
    return token if isinstance(token, str) else None


def rotate_csrf_token(request: Request) -> str:
    """A fresh token (after signing in or out)."""
    request.session.pop(SESSION_KEY, None)
    return csrf_token(request)


async def csrf_protect(request: Request) -> None:
    """Refuse a write that does not carry the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(HEADER)
    if given is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(FORM_FIELD)  # parsed once, cached for the route
        given = value if isinstance(value, str) else None
    expected = expected_token(request)
    if expected is None or not given or not hmac.compare_digest(given, expected):
        raise CsrfRejected("请求缺少有效的安全令牌（CSRF），可能是页面已过期或来自其他网站；请刷新页面后重试")
