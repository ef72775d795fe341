"""Accounts: argon2 hashes, creating users, the demo accounts, signing in and out, expiry."""

from __future__ import annotations

import base64
import json
import time

import pytest
from itsdangerous import TimestampSigner

from eduplan.core.access import Role
from eduplan.core.errors import InputError
from eduplan.services import accounts
from eduplan.uow import unit_of_work
from eduplan.web.app import SESSION_COOKIE, SESSION_MAX_AGE

from .conftest import OWN, csrf, login, password


def test_passwords_are_stored_as_argon2id_hashes_with_a_salt() -> None:
    first, second = accounts.hash_password("同一个密码-123"), accounts.hash_password("同一个密码-123")
    assert first.startswith("$argon2id$") and first != second
    assert accounts.verify_password(first, "同一个密码-123")
    assert not accounts.verify_password(first, "另一个密码-123")
    assert not accounts.verify_password("not-a-hash", "同一个密码-123")


def test_create_user_refuses_weak_or_incomplete_accounts(site) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        with pytest.raises(InputError, match="至少"):
            accounts.create_user(session=session, username="short", password="123", role="admin")
        with pytest.raises(InputError, match="区县"):
            accounts.create_user(session=session, username="p", password="long-enough", role="district")
        with pytest.raises(InputError, match="未知角色"):
            accounts.create_user(session=session, username="p", password="long-enough", role="boss")
        with pytest.raises(InputError, match="已存在"):
            accounts.create_user(session=session, username="admin", password="long-enough", role="admin")


def test_district_is_an_alias_of_planner_and_the_creation_is_audited(site) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        user = accounts.create_user(session=session, username="new-planner", password="long-enough",
                                    role="district", region=OWN)
    assert user.role is Role.PLANNER and user.region == OWN
    with unit_of_work(site.settings.resolved_database_url) as session:
        assert accounts.authenticate(session=session, username="new-planner", password="long-enough")
        assert accounts.authenticate(session=session, username="new-planner", password="wrong-one") is None


def test_demo_users_are_created_once_with_their_passwords_returned(site) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        created = accounts.ensure_demo_users(session=session, regions=["璧山区", OWN])
    assert [(a.role, a.region) for a in created if a.username.startswith("district")] == [
        (Role.PLANNER, "璧山区"), (Role.PLANNER, OWN)]
    assert {a.role for a in created} >= {Role.MUNICIPAL}  # "admin" exists already in the test site
    with unit_of_work(site.settings.resolved_database_url) as session:
        again = accounts.ensure_demo_users(session=session, regions=["璧山区", OWN])
        account = created[-1]
        assert accounts.authenticate(session=session, username=account.username, password=account.password)
    assert again == []


def test_login_page_signs_in_and_out(client) -> None:
    page = client.get("/login?next=/audit")
    assert page.status_code == 200 and "用户名" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login", data={"csrf_token": token, "username": "admin", "password": password("admin"),
                                           "next": "/audit"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/audit"
    assert "审计日志" in client.get("/audit").text
    client.post("/logout", data={"csrf_token": csrf(client)})
    assert client.get("/api/v1/session").json()["user"] is None


def test_login_never_redirects_off_site(client) -> None:
    response = client.post("/login", data={"csrf_token": csrf(client), "username": "admin",
                                           "password": password("admin"), "next": "//evil.example/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/"


def test_wrong_password_is_a_chinese_refusal(client) -> None:
    response = client.post("/api/v1/session", json={"username": "admin", "password": "nope"},
                           headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 401 and response.json()["detail"] == "用户名或密码错误"


def test_five_failures_lock_the_name_for_this_address(client) -> None:
    token = csrf(client)
    for _ in range(5):
        response = client.post("/login", data={"csrf_token": token, "username": "shi", "password": "wrong"})
        assert response.status_code == 401 and "用户名或密码错误" in response.text
    locked = client.post("/api/v1/session", json={"username": "shi", "password": password("shi")},
                         headers={"X-CSRF-Token": token})
    assert locked.status_code == 429 and "15 分钟" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) > 14 * 60
    assert client.post("/login", data={"csrf_token": token, "username": "shi", "password": password("shi")}
                       ).status_code == 429
    login(client, "pinggu")  # other names are not locked


def test_throttle_forgets_after_the_lockout_and_after_a_success() -> None:
    from eduplan.web.throttle import LoginThrottle

    now = [0.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("Zhang", "10.0.0.1")
    throttle.succeeded("zhang", "10.0.0.1")
    throttle.failed("zhang", "10.0.0.1")
    assert throttle.retry_after("zhang", "10.0.0.1") == 0
    for _ in range(4):
        throttle.failed("zhang", "10.0.0.1")
    assert throttle.retry_after("ZHANG", "10.0.0.1") == 15 * 60 + 1
    assert throttle.retry_after("zhang", "10.0.0.2") == 0
    now[0] = 15 * 60 + 1
    assert throttle.retry_after("zhang", "10.0.0.1") == 0


def test_a_session_older_than_its_max_age_is_signed_out(client, site) -> None:
    login(client, "admin")
    assert client.get("/api/v1/session").json()["user"]["username"] == "admin"
    data = base64.b64encode(json.dumps({"uid": 1, "csrf": "x"}).encode())

    class Past(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - SESSION_MAX_AGE - 60

    client.cookies.set(SESSION_COOKIE, Past(site.settings.secret_key).sign(data).decode())
    assert client.get("/api/v1/session").json()["user"] is None
    client.cookies.set(SESSION_COOKIE, TimestampSigner(site.settings.secret_key).sign(data).decode())
    assert client.get("/api/v1/session").json()["user"] is not None
