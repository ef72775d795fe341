"""The web's edge: security headers, no inline script, body limits before reading, bounded
parameters, 404s that name no hidden draft, capped issue lists."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from eduplan.services.plans import get_plan, unpublish_plan
from eduplan.uow import unit_of_work
from eduplan.web.problems import MAX_ISSUES
from eduplan.web.security import BodyLimit

from .conftest import OTHER, OWN, Site, login
from .test_jobs import finished

DIRECTIVES = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
              "base-uri 'self'"]


def assert_headers(response: Any, what: str) -> None:
    csp = response.headers.get("content-security-policy", "")
    for directive in DIRECTIVES:
        assert directive in csp, f"{what}：CSP 缺少 {directive}"
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], f"{what}：脚本允许内联"
    assert "http" not in csp, f"{what}：CSP 允许外部来源"
    assert response.headers.get("x-content-type-options") == "nosniff", what
    assert response.headers.get("x-frame-options") == "DENY", what
    assert response.headers.get("referrer-policy") == "same-origin", what


def test_every_kind_of_response_carries_the_security_headers(client: TestClient, site: Site) -> None:
    for url in ["/", f"/plans/{site.plans[OWN]}", "/api/v1/plans", "/static/style.css", "/static/charts.js",
                "/openapi.json", "/nowhere", "/api/v1/nowhere", "/api/v1/plans/0", "/login"]:
        assert_headers(client.get(url), url)
    assert_headers(client.post("/api/v1/session", json={}), "CSRF 拒绝")


def test_pages_have_no_inline_script_only_the_apps_files_and_json_data(client: TestClient, site: Site) -> None:
    login(client, "admin")
    pages = ["/", f"/plans/{site.plans[OWN]}", "/dashboard", "/compare", f"/regions/{OWN}", f"/regions/{OWN}/tasks",
             f"/regions/{OWN}/projects", f"/regions/{OWN}/inspections", f"/regions/{OWN}/evaluations", "/data",
             "/uploads/new", "/audit", f"/indicators/{site.indicators[OWN]}/edit", "/login"]
    for url in pages:
        html = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            external = re.search(r'\bsrc="(/static/[^"]+)"', tag)
            data = 'type="application/json"' in tag
            assert external or data, f"{url} 含有内联脚本：{tag}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"{url} 含有内联事件处理属性"
        assert "javascript:" not in html, f"{url} 含有 javascript: 链接"


# ---------------------------------------------------------------- bodies


def drive(app: Any, *, method: str, path: str, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, dict, int]:
    """Call the ASGI app directly; the status, the body (JSON when it is) and the bytes the app pulled."""
    pulled = 0
    queue = list(chunks)

    async def receive() -> dict:
        nonlocal pulled
        if not queue:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk = queue.pop(0)
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
             "raw_path": path.encode(), "root_path": "", "scheme": "http", "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {}}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    kind = dict(start["headers"]).get(b"content-type", b"")
    return start["status"], json.loads(body) if b"json" in kind else {"text": body.decode()}, pulled


MB = 1024 * 1024


def test_a_200_mb_json_body_is_refused_by_its_length_before_a_byte_is_read(site: Site) -> None:
    status, body, pulled = drive(site.app, method="POST", path="/api/v1/session",
                                 headers={"content-type": "application/json", "content-length": str(200 * MB)},
                                 chunks=[b"{" * MB] * 200)
    assert status == 413 and pulled == 0
    assert body["code"] == "too-large" and "1 MB" in body["detail"] and "请求内容" in body["detail"]


def test_a_300_mb_upload_is_refused_by_its_length_before_it_is_written_anywhere(site: Site) -> None:
    status, body, pulled = drive(site.app, method="POST", path="/api/v1/uploads",
                                 headers={"content-type": "multipart/form-data; boundary=x",
                                          "content-length": str(300 * MB)},
                                 chunks=[b"x" * MB] * 300)
    assert status == 413 and pulled == 0 and "20 MB" in body["detail"] and "上传的文件" in body["detail"]


def test_a_body_without_length_is_cut_off_while_it_is_read(site: Site) -> None:
    status, body, pulled = drive(site.app, method="POST", path="/api/v1/session",
                                 headers={"content-type": "application/json"}, chunks=[b" " * (64 * 1024)] * 200)
    assert status == 413 and body["code"] == "too-large"
    assert pulled <= MB + 64 * 1024, f"读取了 {pulled} 字节"


def test_a_page_form_over_the_limit_gets_a_chinese_page(site: Site) -> None:
    status, body, _ = drive(site.app, method="POST", path="/uploads",
                            headers={"content-type": "multipart/form-data; boundary=x", "content-length": str(21 * MB)},
                            chunks=[])
    assert status == 413 and "上传的文件超过上限 20 MB" in body["text"] and '<html lang="zh-CN">' in body["text"]


def test_a_malformed_content_length_is_a_400(site: Site) -> None:
    status, body, pulled = drive(site.app, method="POST", path="/api/v1/session",
                                 headers={"content-type": "application/json", "content-length": "12abc"}, chunks=[b"{}"])
    assert status == 400 and pulled == 0 and "Content-Length" in body["detail"]


def test_bodies_within_the_limit_pass(site: Site) -> None:
    limited = BodyLimit(site.app, max_body_bytes=10, max_upload_bytes=10)
    assert limited.limit_for("multipart/form-data; boundary=x")[0] > limited.limit_for("application/json")[0]
    status, _, pulled = drive(site.app, method="POST", path="/api/v1/session",
                              headers={"content-type": "application/json"}, chunks=[b"{}"])
    assert status == 403 and pulled == 2  # read, and then refused for its missing CSRF token


# ---------------------------------------------------------------- parameters

HUGE = "9223372036854775808"


def routes(app: Any) -> list[tuple[str, str, list[str]]]:
    """Every route of the app (also those left out of the OpenAPI document): method, path, its parameters."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            names = re.findall(r"{(\w+)(?::\w+)?}", context.path)
            found.extend((method, context.path, names) for method in sorted(route.methods - {"HEAD"}))
    return found


@pytest.mark.parametrize("value", [HUGE, "-1", "0", "x" * 5000, "1e309", "%00"])
def test_no_path_parameter_value_makes_a_500(client: TestClient, value: str) -> None:
    csrf = login(client, "admin")
    tried = 0
    for method, path, names in routes(client.app):
        if not names:
            continue
        url = re.sub(r"{\w+(?::\w+)?}", value, path)
        response = client.request(method, url, headers={"X-CSRF-Token": csrf}, json={})
        tried += 1
        assert response.status_code < 500, f"{method} {url[:120]} → {response.status_code}"
        if response.status_code == 422:
            assert response.headers["content-type"].startswith(("application/problem+json", "text/html"))
    assert tried > 30


def test_an_all_digit_region_is_a_422_naming_the_parameter(client: TestClient) -> None:
    response = client.get(f"/api/v1/regions/{HUGE}")
    assert response.status_code == 422
    assert response.json()["detail"] == "输入有误：region：地区须写名称或 6 位区划代码（按规划编号查看请用 ?plan=编号）"


def test_query_parameters_are_bounded(client: TestClient) -> None:
    for url in [f"/api/v1/dashboard?year={HUGE}", f"/api/v1/regions/{OWN}?plan={HUGE}", f"/api/v1/audit?limit={HUGE}",
                f"/api/v1/data?region={'区' * 500}", f"/api/v1/regions/{OWN}/projects?year={HUGE}"]:
        response = client.get(url)
        assert response.status_code in (401, 422), url
    login(client, "admin")
    assert client.get(f"/api/v1/audit?actor={'a' * 500}").status_code == 422


# ---------------------------------------------------------------- what errors tell


@pytest.fixture
def draft_title(site: Site) -> Any:
    """OTHER's plan withdrawn to a draft for the test; its title."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        _, plan = get_plan(session=session, ref=site.plans[OTHER])
        unpublish_plan(session=session, ref=site.plans[OTHER], actor="test")
    yield plan.title
    from eduplan.services.plans import publish_plan

    with unit_of_work(site.settings.resolved_database_url) as session:
        publish_plan(session=session, ref=site.plans[OTHER], actor="test")


def test_404s_name_no_draft_to_a_visitor(client: TestClient, draft_title: str) -> None:
    for url in ["/api/v1/regions/不存在区", "/api/v1/regions/不存在区/tasks", "/api/v1/regions/不存在区/projects",
                f"/api/v1/regions/{OWN}?plan=2147483000", "/api/v1/regions/不存在区/targets/x", "/regions/不存在区"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert draft_title not in response.text and "《" not in response.text, url
    assert client.get("/api/v1/regions/不存在区").json()["detail"].endswith("没有地区“不存在区”（可写名称或 6 位区划代码）")


def test_an_upload_full_of_errors_lists_the_first_200_and_counts_the_rest(client: TestClient) -> None:
    csrf = login(client, "fuling")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["区县", "年度", "指标编号", "指标名称", "单位", "本年值（2024年）", "来源"])
    for n in range(1500):
        writer.writerow([OWN, 2024, "preschool_gross_enrolment_rate", "学前三年毛入园率", "%", f"不是数{n}" + "字" * 300, ""])
    data = out.getvalue().encode("utf-8")
    assert len(data) > 1024 * 1024  # over EDUPLAN_JOB_THRESHOLD_BYTES: imported as a background job
    response = client.post("/api/v1/data/workbook", data={"region": OWN}, headers={"X-CSRF-Token": csrf},
                           files={"file": (f"{OWN}-指标.csv", data)})
    assert response.status_code == 202, response.text[:300]
    job = finished(client, response.json()["url"])
    body = job["result"]["upload"]
    assert not body["accepted"]
    assert len(body["issues"]) == MAX_ISSUES and body["issues_omitted"] >= 1500 - MAX_ISSUES
    assert all(len(i["value"] or "") <= 201 for i in body["issues"])
    page = client.post("/data/workbook", data={"region": OWN, "csrf_token": csrf},
                       files={"file": (f"{OWN}-指标.csv", data)}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/jobs/")
    report = client.get(finished(client, "/api/v1" + page.headers["location"])["result_url"])
    assert f"另有 {body['issues_omitted']} 条问题未列出" in report.text


def test_a_body_with_many_invalid_fields_names_the_first_20(client: TestClient, site: Site) -> None:
    csrf = login(client, "admin")
    changes = {f"field{n}": n for n in range(500)}
    response = client.patch(f"/api/v1/indicators/{site.indicators[OWN]}", headers={"X-CSRF-Token": csrf},
                            json={"version": "x" * 5000, "changes": changes, **{f"extra{n}": 1 for n in range(300)}})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert len(detail) < 3000 and re.search(r"另有 \d+ 处错误未列出", detail)
