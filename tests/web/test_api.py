"""The JSON API under /api/v1 and the home page."""

from __future__ import annotations

from eduplan.services.demo import bundled_plans


def test_plans_api_lists_the_stored_plans(client) -> None:
    body = client.get("/api/v1/plans").json()
    assert sorted(p["region"] for p in body) == sorted(p.region for p in bundled_plans())
    counts = {p["region"]: p["indicators"] for p in body}
    assert all(counts[p.region] == len(p.indicators) for p in bundled_plans())


def test_plan_api_returns_the_interchange_format(client) -> None:
    summary = client.get("/api/v1/plans").json()[0]
    body = client.get(f"/api/v1/plans/{summary['id']}").json()
    plan = next(p for p in bundled_plans() if p.region == summary["region"])
    assert body["plan"]["region"] == plan.region
    assert [i["name"] for i in body["indicators"]] == [i.name for i in plan.indicators]


def test_unknown_plan_is_a_chinese_problem_json(client) -> None:
    response = client.get("/api/v1/plans/9999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "9999" in response.json()["detail"]


def test_openapi_document_describes_the_api(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/plans" in paths and "/api/v1/plans/{plan_id}" in paths


def test_home_page_lists_plans_and_indicators_in_chinese(client) -> None:
    html = client.get("/").text
    plan = bundled_plans()[0]
    assert plan.title in html and plan.indicators[0].name in html and "约束性" in html
