"""A plan confirmed from an upload is a draft of its region until its planner publishes it."""

from __future__ import annotations

import pytest

from .conftest import OWN, csrf, login
from .documents import synthetic_plan

SUFFIX = "（发布测试）"


@pytest.fixture(scope="module")
def draft_plan(site) -> tuple[int, int]:
    """(plan id, first indicator id) of a plan the region's planner uploaded and confirmed."""
    from fastapi.testclient import TestClient

    with TestClient(site.app) as client:
        token = login(client, "fuling")
        files = {"file": ("plan.txt", synthetic_plan(OWN, SUFFIX), "text/plain")}
        draft = client.post("/api/v1/uploads", headers={"X-CSRF-Token": token}, files=files).json()
        stored = client.post(f"/api/v1/uploads/{draft['token']}/confirm", headers={"X-CSRF-Token": token}).json()
        page = client.get(f"/api/v1/plans/{stored['plan_id']}").json()
    return stored["plan_id"], page["indicators"][0]["id"]


def _listed(client, plan_id: int) -> dict | None:
    return next((p for p in client.get("/api/v1/plans").json()["plans"] if p["id"] == plan_id), None)


@pytest.mark.parametrize("username", ["fuling", "shi", "pinggu", "admin", "danwei", "guest"])
def test_the_regions_users_and_the_municipal_readers_read_the_draft(client, draft_plan, username) -> None:
    plan_id, indicator_id = draft_plan
    login(client, username)
    body = client.get(f"/api/v1/plans/{plan_id}").json()
    assert body["published"] is False and body["plan"]["title"].endswith(SUFFIX)
    assert client.get(f"/api/v1/indicators/{indicator_id}").status_code == 200
    assert "草稿" in client.get(f"/plans/{plan_id}").text
    assert _listed(client, plan_id)["status"] == "draft"


def test_another_district_cannot_see_the_draft(client, draft_plan) -> None:
    plan_id, indicator_id = draft_plan
    login(client, "nanchuan")
    for path in (f"/api/v1/plans/{plan_id}", f"/api/v1/indicators/{indicator_id}"):
        response = client.get(path)
        assert response.status_code == 403 and "无权查看" in response.json()["detail"]
    assert client.get(f"/plans/{plan_id}").status_code == 403
    assert _listed(client, plan_id) is None


def test_a_visitor_cannot_see_the_draft(client, draft_plan) -> None:
    plan_id, indicator_id = draft_plan
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 401
    assert client.get(f"/api/v1/indicators/{indicator_id}").status_code == 401
    page = client.get(f"/plans/{plan_id}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert _listed(client, plan_id) is None


def test_the_municipal_overview_shows_a_draft_only_to_its_readers(client, draft_plan) -> None:
    plan_id, _ = draft_plan

    def shown() -> bool:
        return any(r["plan_id"] == plan_id for r in client.get("/api/v1/dashboard").json()["regions"])

    assert not shown()
    login(client, "nanchuan")
    assert not shown()
    login(client, "shi")
    assert shown()


def test_the_button_is_shown_to_those_who_may_publish(client, draft_plan) -> None:
    plan_id, _ = draft_plan
    login(client, "shi")
    assert client.get(f"/api/v1/plans/{plan_id}").json()["can_publish"] is False
    assert f'action="/plans/{plan_id}/publish"' not in client.get(f"/plans/{plan_id}").text
    login(client, "fuling")
    assert client.get(f"/api/v1/plans/{plan_id}").json()["can_publish"] is True
    assert f'action="/plans/{plan_id}/publish"' in client.get(f"/plans/{plan_id}").text


def test_publishing_makes_it_public_and_withdrawing_private_again(client, site, draft_plan) -> None:
    plan_id, _ = draft_plan
    token = login(client, "fuling")
    response = client.post(f"/plans/{plan_id}/publish", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/plans/{plan_id}"
    again = client.post(f"/api/v1/plans/{plan_id}/publish", headers={"X-CSRF-Token": token}).json()
    assert again["status"] == "published" and again["changed"] is False
    assert f'action="/plans/{plan_id}/unpublish"' in client.get(f"/plans/{plan_id}").text
    audit = client.get("/api/v1/audit?entity=plan&limit=50")  # admin only
    assert audit.status_code == 403

    from fastapi.testclient import TestClient

    with TestClient(site.app) as visitor:
        assert visitor.get(f"/api/v1/plans/{plan_id}").json()["published"] is True
        assert _listed(visitor, plan_id)["status"] == "published"
        assert visitor.post(f"/api/v1/plans/{plan_id}/unpublish",
                            headers={"X-CSRF-Token": csrf(visitor)}).status_code == 401

    withdrawn = client.post(f"/api/v1/plans/{plan_id}/unpublish", headers={"X-CSRF-Token": token}).json()
    assert withdrawn == {"plan_id": plan_id, "status": "draft", "changed": True, "message": withdrawn["message"]}
    assert "草稿" in withdrawn["message"]
    login(client, "admin")
    actions = [e["action"] for e in client.get("/api/v1/audit?entity=plan&limit=50").json()["entries"]
               if e["entity_id"] == str(plan_id)]
    assert actions[:2] == ["unpublish", "publish"]
