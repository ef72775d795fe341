"""The JSON API under /api/v1, its OpenAPI description, and the public pages."""

from __future__ import annotations

from fastapi.routing import APIRoute, iter_route_contexts

from eduplan.demo.build import bundled_plans
from eduplan.web.routes import audit, plans, uploads

from .conftest import OWN


def test_plans_api_lists_every_published_plan_to_a_visitor(client) -> None:
    body = client.get("/api/v1/plans").json()
    assert sorted(p["region"] for p in body["plans"]) == sorted(p.region for p in bundled_plans())
    assert all(p["published"] for p in body["plans"]) and body["can_upload"] is False
    fuling = next(p for p in body["plans"] if p["region"] == OWN)
    assert fuling["indicators"] == len(next(p for p in bundled_plans() if p.region == OWN).indicators)


def test_plan_api_is_the_interchange_format_with_ids_and_versions(client, site) -> None:
    body = client.get(f"/api/v1/plans/{site.plans[OWN]}").json()
    plan = next(p for p in bundled_plans() if p.region == OWN)
    assert body["plan"]["region"] == OWN and body["plan"]["title"] == plan.title
    first = body["indicators"][0]
    assert first["name"] == plan.indicators[0].name and first["source"]["line"] == plan.indicators[0].source.line
    assert isinstance(first["id"], int) and first["version"] >= 1
    assert body["published"] is True and body["can_edit"] is False


def test_unknown_plan_is_a_chinese_problem_json(client) -> None:
    response = client.get("/api/v1/plans/9999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert "9999" in body["detail"] and body["title"] == "未找到" and body["code"] == "not-found"


def test_malformed_parameter_is_a_chinese_problem_json(client) -> None:
    response = client.get("/api/v1/plans/abc")
    assert response.status_code == 422 and response.json()["detail"].startswith("输入有误")


def test_unknown_page_is_a_chinese_error_page(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面或接口不存在" in response.text


def test_openapi_describes_every_json_twin(client, site) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    api = {c.path for c in iter_route_contexts(site.app.routes)
           if isinstance(c.original_route, APIRoute) and c.path.startswith("/api/v1")}
    assert api and api <= set(paths)
    assert {"/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/indicators/{indicator_id}",
            "/api/v1/uploads/{token}", "/api/v1/audit", "/api/v1/session"} <= set(paths)


def test_every_page_has_a_json_twin_from_the_same_context(site) -> None:
    """Each page's context provider is also the dependency of an /api/v1 route."""
    routes = [c for c in iter_route_contexts(site.app.routes) if isinstance(c.original_route, APIRoute)]
    providers: dict[str, set[object]] = {"page": set(), "api": set()}
    for c in routes:
        if "GET" in c.original_route.methods:
            kind = "api" if c.path.startswith("/api/") else "page"
            providers[kind] |= {d.call for d in c.original_route.dependant.dependencies}
    pages = [c.path for c in routes if "GET" in c.original_route.methods and not c.path.startswith("/api/")]
    assert set(pages) >= {"/", "/plans/{plan_id}", "/uploads/new", "/uploads/{token}", "/audit"}
    shared = providers["page"] & providers["api"]
    for context in (plans.plans_context, plans.plan_context, uploads.uploads_context, uploads.draft_context,
                    audit.audit_context):
        assert context in shared, context.__name__


def test_home_page_lists_plans_in_chinese_without_login(client) -> None:
    html = client.get("/").text
    plan = bundled_plans()[0]
    assert plan.title in html and "规划总览" in html and "登录" in html


def test_plan_page_shows_every_kind_of_item_with_its_source_line(client, site) -> None:
    plan = next(p for p in bundled_plans() if p.region == OWN)
    html = client.get(f"/plans/{site.plans[OWN]}").text
    for heading in ("主要指标", "文中的量化目标", "专栏重点计划", "主要任务", "建设项目", "发现的问题", "行号"):
        assert heading in html
    assert plan.indicators[0].name in html and plan.tasks[0].title in html and "约束性" in html
    assert f'<td class="line">{plan.indicators[0].source.line}</td>' in html


def test_validation_errors_name_the_field_once_in_chinese(client) -> None:
    for path, message in (("/api/v1/plans/abc", "plan_id：应为整数"), ("/api/v1/plans/0", "plan_id：应不小于1"),
                          ("/api/v1/plans/99999999999", "plan_id：应不大于2147483647")):
        response = client.get(path)
        assert response.status_code == 422
        assert response.json()["detail"] == f"输入有误：{message}"
