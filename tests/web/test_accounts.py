"""Accounts: argon2 hashes, creating users, the demo accounts, signing in and out, expiry."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time

import pytest
from itsdangerous import TimestampSigner

from eduplan.core.access import Role
from eduplan.core.errors import InputError
from eduplan.services import accounts, passwords, web_sessions
from eduplan.uow import unit_of_work
from eduplan.web.app import SESSION_COOKIE

from .conftest import OWN, csrf, login, password


def test_passwords_are_stored_as_argon2id_hashes_with_a_salt() -> None:
    first, second = passwords.hash_password("同一个密码-123"), passwords.hash_password("同一个密码-123")
    assert first.startswith("$argon2id$") and first != second
    assert passwords.verify_password(first, "同一个密码-123")
    assert not passwords.verify_password(first, "另一个密码-123")
    assert not passwords.verify_password("not-a-hash", "同一个密码-123")


def test_create_user_refuses_weak_or_incomplete_accounts(site) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        with pytest.raises(InputError, match="至少"):
            accounts.create_user(session=session, username="short", password="123", role="admin")
        with pytest.raises(InputError, match="区县"):
            accounts.create_user(session=session, username="p", password="Long-enough-1", role="district")
        with pytest.raises(InputError, match="未知角色"):
            accounts.create_user(session=session, username="p", password="Long-enough-1", role="boss")
        with pytest.raises(InputError, match="已存在"):
            accounts.create_user(session=session, username="admin", password="Long-enough-1", role="admin")


def test_district_is_an_alias_of_planner_and_the_creation_is_audited(site) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        user = accounts.create_user(session=session, username="new-planner", password="Long-enough-1",
                                    role="district", region=OWN)
    assert user.role is Role.PLANNER and user.region == OWN
    with unit_of_work(site.settings.resolved_database_url) as session:
        assert accounts.authenticate(session=session, username="new-planner", password="Long-enough-1")
        assert accounts.authenticate(session=session, username="new-planner", password="Wrong-one-123") is None


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


def test_the_lockout_is_shared_by_every_worker_on_the_same_database(client, site) -> None:
    from fastapi.testclient import TestClient

    from eduplan.web.app import create_app

    other_worker = create_app(site.settings)  # a second process would build the same app
    token = csrf(client)
    for _ in range(5):
        client.post("/login", data={"csrf_token": token, "username": "guest", "password": "wrong"})
    with TestClient(other_worker) as elsewhere:
        locked = elsewhere.post("/api/v1/session", json={"username": "guest", "password": password("guest")},
                                headers={"X-CSRF-Token": csrf(elsewhere)})
    assert locked.status_code == 429 and "在本机" in locked.json()["detail"]


def test_a_forwarded_for_header_from_an_untrusted_peer_does_not_change_the_address(client) -> None:
    token = csrf(client)
    for i in range(5):
        client.post("/login", data={"csrf_token": token, "username": "danwei", "password": "wrong"},
                    headers={"X-Forwarded-For": f"198.51.100.{i}"})
    locked = client.post("/api/v1/session", json={"username": "danwei", "password": password("danwei")},
                         headers={"X-CSRF-Token": token, "X-Forwarded-For": "198.51.100.77"})
    assert locked.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(site, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from eduplan.settings import Settings
    from eduplan.web.app import create_app

    settings = Settings(data_dir=site.settings.data_dir, trusted_proxies="10.0.0.0/8")
    with TestClient(create_app(settings), client=("10.0.0.5", 40000)) as proxied:
        token = csrf(proxied)
        for _ in range(5):
            proxied.post("/login", data={"csrf_token": token, "username": "nanchuan", "password": "wrong"},
                         headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.7"})
        attacker = proxied.post("/api/v1/session", json={"username": "nanchuan", "password": password("nanchuan")},
                                headers={"X-CSRF-Token": token, "X-Forwarded-For": "203.0.113.9"})
        owner = proxied.post("/api/v1/session", json={"username": "nanchuan", "password": password("nanchuan")},
                             headers={"X-CSRF-Token": token, "X-Forwarded-For": "192.0.2.20"})
    assert attacker.status_code == 429
    assert owner.status_code == 200, owner.text


def test_a_full_password_check_queue_is_refused_at_once_with_a_chinese_429(client, monkeypatch) -> None:
    gate = passwords._Verifications(slots=1, waiting=0, wait=0.1)
    monkeypatch.setattr(passwords, "_VERIFICATIONS", gate)
    with gate.slots:  # every slot taken, nobody may wait
        started = time.perf_counter()
        response = client.post("/api/v1/session", json={"username": "admin", "password": password("admin")},
                               headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 429 and "登录的请求过多" in response.json()["detail"]
    assert response.headers["Retry-After"] == "1" and time.perf_counter() - started < 1


def _cookie_payload(client) -> dict:
    value = client.cookies[SESSION_COOKIE]
    return json.loads(base64.b64decode(value.split(".")[0]))


def test_the_cookie_carries_only_the_session_id(client) -> None:
    login(client, "admin")
    assert set(_cookie_payload(client)) == {"sid"}


def test_a_copied_cookie_is_worthless_after_logout(client, site) -> None:
    for logout in ("api", "page"):
        client.cookies.clear()
        token = login(client, "admin")
        copied = client.cookies[SESSION_COOKIE]
        if logout == "api":
            assert client.delete("/api/v1/session", headers={"X-CSRF-Token": token}).status_code == 200
        else:
            assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
        client.cookies.set(SESSION_COOKIE, copied)
        assert client.get("/api/v1/session").json()["user"] is None, logout
        assert client.get("/audit", follow_redirects=False).status_code == 303


def test_a_cookie_forged_with_the_published_placeholder_secret_signs_nobody_in(client) -> None:
    from eduplan.settings import PLACEHOLDER_SECRET

    forged = base64.b64encode(json.dumps({"uid": 1}).encode())
    client.cookies.set(SESSION_COOKIE, TimestampSigner(PLACEHOLDER_SECRET).sign(forged).decode())
    assert client.get("/api/v1/session").json()["user"] is None


def _session_rows(site, username: str):
    from sqlalchemy import select

    from eduplan.store.models.accounts import UserRow, WebSessionRow

    with unit_of_work(site.settings.resolved_database_url) as session:
        uid = session.scalar(select(UserRow.id).where(UserRow.username == username))
        return session, uid, select(WebSessionRow).where(WebSessionRow.user_id == uid)


@pytest.mark.parametrize("change", ["password", "role", "disable"])
def test_changing_the_password_or_role_or_disabling_ends_the_users_sessions(site, change) -> None:
    from fastapi.testclient import TestClient

    username = f"ende-{change}"
    with unit_of_work(site.settings.resolved_database_url) as session:
        accounts.create_user(session=session, username=username, password="Erste-Passwort-1", role="planner",
                             region=OWN)
    with TestClient(site.app) as first, TestClient(site.app) as second:
        for c in (first, second):
            c.post("/api/v1/session", json={"username": username, "password": "Erste-Passwort-1"},
                   headers={"X-CSRF-Token": csrf(c)})
            assert c.get("/api/v1/session").json()["user"]["username"] == username
        with unit_of_work(site.settings.resolved_database_url) as session:
            if change == "password":
                ended = accounts.set_password(session=session, username=username, password="Zweites-Passwort-2",
                                              actor="admin")
            elif change == "role":
                accounts.set_role(session=session, username=username, role="viewer", actor="admin")
                ended = 2
            else:
                ended = accounts.set_active(session=session, username=username, active=False, actor="admin")
        assert ended == 2
        assert first.get("/api/v1/session").json()["user"] is None
        assert second.get("/api/v1/session").json()["user"] is None


def _age_session(site, token_client, **fields) -> None:
    from sqlalchemy import update

    from eduplan.store.models.accounts import WebSessionRow

    digest = web_sessions._digest(_cookie_payload(token_client)["sid"])
    with unit_of_work(site.settings.resolved_database_url) as session:
        session.execute(update(WebSessionRow).where(WebSessionRow.id == digest).values(**fields))


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(client, site) -> None:
    from eduplan.store.models.base import utcnow

    login(client, "admin")
    idle = dt.timedelta(minutes=site.settings.session_idle_minutes)
    _age_session(site, client, last_seen_at=utcnow() - idle + dt.timedelta(minutes=2))
    assert client.get("/api/v1/session").json()["user"] is not None  # a request just in time renews it
    _age_session(site, client, last_seen_at=utcnow() - idle - dt.timedelta(seconds=1))
    assert client.get("/api/v1/session").json()["user"] is None


def test_a_session_past_its_absolute_end_is_signed_out_however_active(client, site) -> None:
    from eduplan.store.models.base import utcnow

    login(client, "admin")
    _age_session(site, client, created_at=utcnow() - dt.timedelta(hours=site.settings.session_max_hours),
                 expires_at=utcnow() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/session").json()["user"] is None


def test_last_seen_is_written_at_most_once_a_minute(client, site) -> None:
    from sqlalchemy import select

    from eduplan.store.models.accounts import WebSessionRow
    from eduplan.store.models.base import utcnow

    login(client, "admin")
    digest = web_sessions._digest(_cookie_payload(client)["sid"])

    def last_seen() -> dt.datetime:
        with unit_of_work(site.settings.resolved_database_url) as session:
            return session.scalar(select(WebSessionRow.last_seen_at).where(WebSessionRow.id == digest))

    first = last_seen()
    for _ in range(3):
        client.get("/api/v1/session")
    assert last_seen() == first
    _age_session(site, client, last_seen_at=utcnow() - dt.timedelta(seconds=61))
    client.get("/api/v1/session")
    assert last_seen() > first - dt.timedelta(seconds=1)
