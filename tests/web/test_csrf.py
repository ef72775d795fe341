"""CSRF: a write without the session's token is refused before anything runs."""

from __future__ import annotations

from .conftest import OWN, csrf, login


def test_api_write_without_the_header_is_refused(client, site) -> None:
    login(client, "admin")
    iid = site.indicators[OWN]
    version = client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["version"]
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = client.patch(f"/api/v1/indicators/{iid}", json={"version": version, "changes": {"unit": "x"}},
                                headers=headers)
        assert response.status_code == 403 and response.json()["code"] == "csrf"
        assert "CSRF" in response.json()["detail"]
    assert client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["version"] == version


def test_form_without_the_field_is_refused_with_a_chinese_page(client, site) -> None:
    login(client, "admin")
    iid = site.indicators[OWN]
    response = client.post(f"/indicators/{iid}/edit", data={"version": 1, "name": "改名"})
    assert response.status_code == 403 and "安全令牌" in response.text and "<html" in response.text


def test_login_form_needs_the_token_too(client) -> None:
    response = client.post("/login", data={"username": "admin", "password": "whatever"})
    assert response.status_code == 403


def test_a_token_from_another_session_is_refused(client, site) -> None:
    from fastapi.testclient import TestClient

    with TestClient(site.app) as other:
        foreign = csrf(other)
    login(client, "admin")
    response = client.post("/logout", data={"csrf_token": foreign}, follow_redirects=False)
    assert response.status_code == 403
