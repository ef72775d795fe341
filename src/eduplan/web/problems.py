"""The one error body (RFC 9457 problem+json, Chinese `detail`) and the handlers that write it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from eduplan.core.errors import EduplanError, InputError, NotFoundError
from eduplan.web.errors import TooManyAttempts
from eduplan.web.render import render_error

T = TypeVar("T")

PROBLEM_TYPE = "https://eduplan.local/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


STATUS = {"unauthorized": 401, "forbidden": 403, "csrf": 403, "not-found": 404, "conflict": 409,
          "invalid-input": 422, "too-many-attempts": 429}
TITLES = {400: "请求有误", 401: "需要登录", 403: "无权操作", 404: "未找到", 405: "不支持的请求方法",
          409: "数据冲突", 413: "请求内容过大", 422: "输入有误", 429: "尝试次数过多", 500: "服务器内部错误"}
HTTP_DETAILS = {404: "页面或接口不存在", 405: "该地址不支持此请求方法"}

#: The most issues one answer lists (an upload's, a request's validation errors); the rest are counted.
MAX_ISSUES = 200
#: Validation errors named in one `detail` sentence.
MAX_DETAIL_PARTS = 20
#: The longest quoted value (a cell, a field) repeated in an answer.
MAX_VALUE_CHARS = 200


def capped(items: Sequence[T], limit: int = MAX_ISSUES) -> tuple[list[T], int]:
    """The first `limit` items and how many were left out."""
    return list(items[:limit]), max(0, len(items) - limit)


def clipped(text: str | None, limit: int = MAX_VALUE_CHARS) -> str | None:
    """`text` cut to `limit` characters, marked with an ellipsis when cut."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + "…"


def status_of(exc: EduplanError) -> int:
    """The HTTP status for an eduplan exception."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError):
        return 422
    return STATUS.get(exc.code, 400)


def problem_body(*, code: str, status: int, detail: str, instance: str) -> dict[str, Any]:
    """The canonical error body of every JSON error."""
    return {"type": PROBLEM_TYPE + code, "code": code, "title": TITLES.get(status, "错误"), "status": status,
            "detail": detail, "instance": instance}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, *, code: str, status: int, detail: str,
                   headers: dict[str, str] | None = None) -> Response:
    """problem+json under /api, a Chinese error page (or the login page for 401) elsewhere."""
    if _is_api(request):
        return JSONResponse(problem_body(code=code, status=status, detail=detail, instance=request.url.path),
                            status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)
    return render_error(request, status=status, title=TITLES.get(status, "错误"), detail=detail, headers=headers)


async def on_eduplan_error(request: Request, exc: Exception) -> Response:
    """EduplanError → problem+json / error page."""
    assert isinstance(exc, EduplanError)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    return error_response(request, code=exc.code, status=status_of(exc), detail=str(exc), headers=headers)


async def on_http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (unknown route, wrong method) in the same body, in Chinese."""
    assert isinstance(exc, StarletteHTTPException)
    detail = HTTP_DETAILS.get(exc.status_code) or (exc.detail if isinstance(exc.detail, str) else "请求有误")
    return error_response(request, code=f"http-{exc.status_code}", status=exc.status_code, detail=detail,
                          headers=getattr(exc, "headers", None))


async def on_validation_error(request: Request, exc: Exception) -> Response:
    """Malformed parameters or bodies: one Chinese sentence naming each field."""
    assert isinstance(exc, RequestValidationError)
    parts: list[str] = []
    errors = exc.errors()
    for err in errors:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form"))
        part = clipped(f"{where or '请求'}：{_chinese(err.get('type', ''), err.get('ctx') or {})}") or ""
        if part not in parts:  # a parameter shared by several dependencies is reported once
            parts.append(part)
    shown, omitted = capped(parts, MAX_DETAIL_PARTS)
    more = f"；另有 {omitted} 处错误未列出" if omitted else ""
    return error_response(request, code="invalid-input", status=422, detail="输入有误：" + "；".join(shown) + more)


_VALIDATION_MESSAGES = {"missing": "缺少必填项", "int_parsing": "应为整数", "float_parsing": "应为数字",
                        "string_type": "应为文字", "literal_error": "取值不在允许范围内",
                        "extra_forbidden": "不允许的字段", "json_invalid": "JSON 格式有误",
                        "model_attributes_type": "格式有误", "dict_type": "应为对象"}


_BOUND_MESSAGES = {"greater_than_equal": "应不小于{ge}", "greater_than": "应大于{gt}",
                   "less_than_equal": "应不大于{le}", "less_than": "应小于{lt}",
                   "string_too_long": "不能超过{max_length}个字符", "string_too_short": "至少{min_length}个字符"}


def _chinese(kind: str, ctx: dict[str, object]) -> str:
    if kind == "value_error" and ctx.get("error"):  # the Chinese message of one of our validators
        return str(ctx["error"])
    if kind in _BOUND_MESSAGES:
        try:
            return _BOUND_MESSAGES[kind].format(**ctx)
        except (KeyError, IndexError):
            pass
    return _VALIDATION_MESSAGES.get(kind, f"格式有误（{kind}）")
