"""The web's edge defences, as two plain ASGI middlewares installed by `install(app, settings)`.

- `SecurityHeaders` puts the Content-Security-Policy and the usual headers on every response
  (pages, JSON, static files, errors). The policy allows scripts from the app only: no page has
  an inline script (charts are built by static/charts.js from the page's JSON), nothing is loaded
  from a CDN, no plugin, no framing, no foreign form target. Inline *styles* stay allowed because
  ECharts writes its tooltips as HTML with style attributes.
- `BodyLimit` refuses a request body larger than the settings allow before it is read: by its
  Content-Length at once, and, for a body sent without one (chunked), while it arrives, counting
  bytes. A refusal is 413 with a Chinese detail (problem+json under /api, a Chinese page elsewhere).
  Multipart uploads may be `max_upload_bytes` (plus room for the form's other fields); any other
  body (JSON, forms) `max_body_bytes`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from html import escape
from typing import Any

from fastapi import FastAPI

from eduplan.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                           "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

#: Room in a multipart body for the boundaries and the form's small fields beside the file.
MULTIPART_SLACK = 64 * 1024


class SecurityHeaders:
    """Add the security headers to every HTTP response (the app's own value of a header wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in HEADERS if name not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(Exception):
    """Raised inside the app's receive when the body passes its limit."""


class BodyLimit:
    """Refuse bodies over the limit before they are read (Content-Length) or while they are read."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, content_type: str) -> tuple[int, str]:
        """The largest body accepted for a content type, and what such a body is called."""
        if content_type.lower().startswith("multipart/form-data"):
            return self.max_upload_bytes + MULTIPART_SLACK, "上传的文件"
        return self.max_body_bytes, "请求内容"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        limit, what = self.limit_for(headers.get(b"content-type", b"").decode("latin-1"))
        shown = limit - MULTIPART_SLACK if what == "上传的文件" else limit
        declared = headers.get(b"content-length")
        if declared is not None:
            text = declared.decode("latin-1").strip()
            if not text.isdigit():
                await _refuse(scope, send, status=400, code="bad-content-length",
                              detail=f"请求头 Content-Length 的值“{text[:40]}”不是字节数")
                return
            if int(text) > limit:
                await _too_large(scope, send, what, shown)
                return

        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise _BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's answer to a broken-off body (a parse error) is replaced by the 413
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _BodyTooLarge:
            pass
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _too_large(scope, send, what, shown)


def _size(limit: int) -> str:
    mib = limit / (1024 * 1024)
    return f"{mib:.0f} MB" if mib >= 1 else f"{max(1, limit // 1024)} KB"


async def _too_large(scope: Scope, send: Send, what: str, limit: int) -> None:
    await _refuse(scope, send, status=413, code="too-large",
                  detail=f"{what}超过上限 {_size(limit)}，已拒绝且未读取；请缩小文件或分批提交")


async def _refuse(scope: Scope, send: Send, *, status: int, code: str, detail: str) -> None:
    """A refusal written by the middleware itself (the app never saw the request)."""
    from eduplan.web.problems import PROBLEM_MEDIA_TYPE, TITLES, problem_body

    path = scope.get("path", "")
    title = TITLES.get(status, "请求有误")
    if path.startswith("/api/"):
        body = json.dumps(problem_body(code=code, status=status, detail=detail, instance=path),
                          ensure_ascii=False).encode()
        media = PROBLEM_MEDIA_TYPE
    else:
        body = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)} · eduplan</title>'
                f'<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>{escape(title)}（{status}）</h1>'
                f'<div class="error" id="error-detail">{escape(detail)}</div><p><a href="/">返回规划总览</a></p>'
                f'</main></body></html>').encode()
        media = "text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def install(app: FastAPI, settings: Settings) -> None:
    """Add the body limits and, outermost, the security headers to `app`."""
    app.add_middleware(BodyLimit, max_body_bytes=settings.max_body_bytes,
                       max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
