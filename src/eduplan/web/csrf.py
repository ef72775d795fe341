"""CSRF protection by a per-session token: forms carry it as a field, API writes as a header.

The token lives in the signed session cookie; a write (POST/PUT/PATCH/DELETE) whose token
is missing or differs is refused before any dependency or route runs.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from eduplan.web.errors import CsrfRejected

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


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
    expected = request.session.get(SESSION_KEY)
    if not isinstance(expected, str) or not given or not hmac.compare_digest(given, expected):
        raise CsrfRejected("请求缺少有效的安全令牌（CSRF），可能是页面已过期或来自其他网站；请刷新页面后重试")
