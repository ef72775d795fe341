"""Every write is in the audit log; only administrators read it."""

from __future__ import annotations

import pytest

from .conftest import OWN, login


def test_an_edit_appears_in_the_audit_log_with_its_author(client, site) -> None:
    token = login(client, "fuling")
    iid = site.indicators[OWN]
    version = client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["version"]
    client.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": token},
                 json={"version": version, "changes": {"category": "审计测试"}})
    client.delete("/api/v1/session", headers={"X-CSRF-Token": token})
    login(client, "admin")
    entries = client.get("/api/v1/audit?entity=indicator").json()["entries"]
    mine = [e for e in entries if e["actor"] == "fuling" and e["entity_id"] == str(iid)]
    assert mine and mine[0]["after"] == {"category": "审计测试"} and mine[0]["action"] == "update"
    html = client.get("/audit?entity=indicator").text
    assert "fuling" in html and "审计测试" in html and "修改" in html


@pytest.mark.parametrize("username", ["shi", "fuling", "pinggu", "guest", "danwei"])
def test_only_administrators_read_the_audit_log(client, username) -> None:
    login(client, username)
    assert client.get("/api/v1/audit").status_code == 403
    assert client.get("/audit").status_code == 403
    assert "审计日志" not in client.get("/").text


def test_visitors_are_sent_to_the_login_page(client) -> None:
    response = client.get("/audit", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/audit"
    assert client.get("/api/v1/audit").status_code == 401
