"""A plan's writers (its region's planner, admin) delete it in the web after typing its title; the audit stays."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import OTHER, OWN, Site, build_site, login


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    """A fresh site per test: the tests delete plans."""
    return build_site(tmp_path_factory.mktemp("delete") / "data")


def title_of(client: TestClient, plan_id: int) -> str:
    return str(client.get(f"/api/v1/plans/{plan_id}").json()["plan"]["title"])


def test_the_planner_deletes_the_plan_after_typing_its_title_and_the_audit_keeps_it(client: TestClient,
                                                                                   site: Site) -> None:
    token = login(client, "fuling")
    plan_id = site.plans[OWN]
    title = title_of(client, plan_id)
    assert 'id="delete-plan"' in client.get(f"/plans/{plan_id}").text
    confirm = client.get(f"/plans/{plan_id}/delete")
    assert confirm.status_code == 200 and title in confirm.text and "将删除：指标" in confirm.text
    counts = client.get(f"/api/v1/plans/{plan_id}/deletion").json()["counts"]
    assert counts["indicators"] > 0

    wrong = client.post(f"/plans/{plan_id}/delete", data={"csrf_token": token, "confirm_title": "不是这个标题"})
    assert wrong.status_code == 422 and "确认文字与规划标题不一致" in wrong.text
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 200

    done = client.post(f"/plans/{plan_id}/delete", data={"csrf_token": token, "confirm_title": title})
    assert done.status_code == 200 and 'id="deleted"' in done.text and f"指标 {counts['indicators']} 项" in done.text
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 404
    assert plan_id not in {p["id"] for p in client.get("/api/v1/plans").json()["plans"]}

    with TestClient(site.app) as admin:
        login(admin, "admin")
        entries = admin.get("/api/v1/audit?entity=plan").json()["entries"]
    deleted = [e for e in entries if e["action"] == "delete" and str(e["entity_id"]) == str(plan_id)]
    assert deleted and deleted[0]["actor"] == "fuling" and deleted[0]["before"]["title"] == title


@pytest.mark.parametrize("username", ["nanchuan", "shi", "pinggu", "danwei", "guest"])
def test_who_does_not_write_the_plan_cannot_delete_it(client: TestClient, site: Site, username: str) -> None:
    token = login(client, username)
    plan_id = site.plans[OWN]
    title = title_of(client, plan_id)
    assert client.get(f"/plans/{plan_id}/delete").status_code == 403
    assert client.post(f"/plans/{plan_id}/delete", data={"csrf_token": token, "confirm_title": title}).status_code == 403
    response = client.delete(f"/api/v1/plans/{plan_id}", params={"confirm_title": title},
                             headers={"X-CSRF-Token": token})
    assert response.status_code == 403 and client.get(f"/api/v1/plans/{plan_id}").status_code == 200


def test_a_visitor_is_asked_to_sign_in_and_a_delete_without_the_csrf_token_is_refused(client: TestClient,
                                                                                     site: Site) -> None:
    plan_id = site.plans[OWN]
    assert client.delete(f"/api/v1/plans/{plan_id}", params={"confirm_title": "x"}).status_code in (401, 403)
    login(client, "fuling")
    title = title_of(client, plan_id)
    assert client.post(f"/plans/{plan_id}/delete", data={"confirm_title": title}).status_code == 403
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 200


def test_the_api_delete_needs_the_exact_title(client: TestClient, site: Site) -> None:
    token = login(client, "admin")
    plan_id = site.plans[OTHER]
    title = title_of(client, plan_id)
    missing = client.delete(f"/api/v1/plans/{plan_id}", headers={"X-CSRF-Token": token})
    assert missing.status_code == 422
    wrong = client.delete(f"/api/v1/plans/{plan_id}", params={"confirm_title": title + "（草案）"},
                          headers={"X-CSRF-Token": token})
    assert wrong.status_code == 422 and "确认文字与规划标题不一致" in wrong.json()["detail"]
    done = client.delete(f"/api/v1/plans/{plan_id}", params={"confirm_title": title}, headers={"X-CSRF-Token": token})
    assert done.status_code == 200 and done.json()["region"] == OTHER and done.json()["message"].startswith("已删除")
    assert client.delete(f"/api/v1/plans/{plan_id}", params={"confirm_title": title},
                         headers={"X-CSRF-Token": token}).status_code == 404


def test_withdrawing_takes_the_plan_off_public_views(
        client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    plan_id = site.plans[OWN]
    assert client.post(f"/api/v1/plans/{plan_id}/unpublish", headers={"X-CSRF-Token": token}).json()["status"] == "draft"
    with TestClient(site.app) as visitor:
        assert visitor.get(f"/api/v1/plans/{plan_id}").status_code in (401, 403, 404)
        assert plan_id not in {p["id"] for p in visitor.get("/api/v1/plans").json()["plans"]}
