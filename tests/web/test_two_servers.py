"""Two `eduplan serve` processes on different loopback ports, each with its own data directory,
the second with two worker processes, against one PostgreSQL database: everything that matters is shared through the database —
sessions, logout, the login throttle, cached boards and edit conflicts behave as with one. A
server learns that the other has written from its mirror of the data versions, kept by
LISTEN/NOTIFY: promptly (the notification's trip), not necessarily by the very next request."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from eduplan.demo.build import build_demo
from eduplan.services import accounts
from eduplan.services.dashboards import region_dashboard
from eduplan.services.plans import list_plans
from eduplan.services.records import indicator_refs
from eduplan.uow import unit_of_work
from eduplan.web.schemas.dashboard.region_board import RegionDashboardPage

from .conftest import OWN, password

pytestmark = pytest.mark.postgres
SECRET = "two-servers-" + "s" * 32
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, data_dir: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "EDUPLAN_DATABASE_URL": url, "EDUPLAN_DATA_DIR": str(data_dir),
           "EDUPLAN_SECRET_KEY": SECRET, "EDUPLAN_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-c", "from eduplan.cli import main; main()", "serve",
                               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}"


def _wait(server: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, pg_server: str, fast_hashing: None) -> Iterator[
        tuple[str, str, dict[str, Any]]]:
    """The demo with a planner of OWN and a municipal user in one PostgreSQL database, and two servers on it."""
    from tests.dbfixtures import _admin, _database_url

    name = f"eduplan_two_servers_{os.getpid()}"
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    url = _database_url(pg_server, name)
    with unit_of_work(url) as session:
        build_demo(session=session, plans_dir=None)
        for username, role, region in (("fuling", "planner", OWN), ("shi", "municipal", None)):
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region)
        plans = {s.region: s.id for s in list_plans(session=session)}
        first = indicator_refs(session=session, plan_id=plans[OWN])[0][0]
    # The second runs two worker processes (`--workers 2`): what holds across hosts holds across workers.
    started = [_serve(url, tmp_path_factory.mktemp(f"server-{i}"), workers=1 + i) for i in range(2)]
    try:
        for server, base in started:
            _wait(server, base)
        yield started[0][1], started[1][1], {"indicator": first, "url": url}
    finally:
        for server, _ in started:
            server.terminate()
            server.wait(timeout=20)
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _login(client: httpx.Client, username: str, pw: str | None = None) -> httpx.Response:
    token = client.get("/api/v1/session").json()["csrf_token"]
    return client.post("/api/v1/session", json={"username": username, "password": pw or password(username)},
                       headers={"X-CSRF-Token": token})


def _user(client: httpx.Client) -> str | None:
    user = client.get("/api/v1/session").json()["user"]
    return user["username"] if user else None


def _until_changed(client: httpx.Client, path: str, etag: str) -> httpx.Response:
    """The first answer to `path` that is not 304 for `etag` (at most 10 s of asking)."""
    deadline = time.monotonic() + 10
    while True:
        answer = client.get(path, headers={"If-None-Match": etag})
        if answer.status_code != 304 or time.monotonic() > deadline:
            return answer
        time.sleep(0.01)


def test_a_session_made_on_one_server_works_on_the_other_and_ends_on_both(servers) -> None:
    a_url, b_url, _ = servers
    with httpx.Client(base_url=a_url) as a, httpx.Client(base_url=b_url) as b:
        assert _login(a, "fuling").status_code == 200
        b.cookies = httpx.Cookies(a.cookies)
        assert _user(b) == "fuling"
        token = a.get("/api/v1/session").json()["csrf_token"]
        assert a.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": token}).status_code == 200
        assert _user(b) is None  # B still sends the old cookie: its session record is revoked


def test_the_login_throttle_counts_failures_on_both_servers(servers) -> None:
    a_url, b_url, _ = servers
    with httpx.Client(base_url=a_url) as a, httpx.Client(base_url=b_url) as b:
        answers = [_login(client, "shi", "wrong-password").status_code for client in (a, b, a, b, a)]
        assert answers == [401] * 5
        assert _login(b, "shi").status_code == 429  # the right password, but the pair is locked
        assert _login(a, "shi").status_code == 429


def test_a_board_cached_on_one_server_is_fresh_after_a_write_on_the_other(servers) -> None:
    a_url, b_url, ids = servers
    board = f"/api/v1/regions/{quote(OWN)}"
    with httpx.Client(base_url=a_url) as a, httpx.Client(base_url=b_url) as b:
        seen = b.get(board)
        assert b.get(board, headers={"If-None-Match": seen.headers["etag"]}).status_code == 304
        assert _login(a, "fuling").status_code == 200
        token = a.get("/api/v1/session").json()["csrf_token"]
        iid = ids["indicator"]
        indicator = a.get(f"/api/v1/indicators/{iid}").json()["indicator"]
        # 约束性 ⇄ 预期性 (binding ⇄ expected): the board's row of this target and its count of binding targets change.
        attribute = "expected" if indicator["attribute"] == "binding" else "binding"
        edited = a.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": token},
                         json={"version": indicator["version"], "changes": {"attribute": attribute}})
        assert edited.status_code == 200, edited.text
        # B learns of A's write from its listener (LISTEN/NOTIFY, delivered at A's commit): at once
        # for B's next request mostly, else a few milliseconds later. Waited for, never timed.
        fresh = _until_changed(b, board, seen.headers["etag"])
        assert fresh.status_code == 200 and fresh.headers["etag"] != seen.headers["etag"]
        # What B serves is the state after A's write, as computed afresh here from the database.
        with unit_of_work(ids["url"]) as session:
            now = RegionDashboardPage.of(region_dashboard(session=session, region=OWN, year=fresh.json()["year"],
                                                          private=False, approved_only=True))  # as a visitor reads
        assert fresh.json() == json.loads(now.model_dump_json())
        with httpx.Client(base_url=a_url) as visitor_on_a:  # both servers serve the new state
            assert visitor_on_a.get(board).json() == fresh.json()


def test_an_edit_conflict_across_the_servers_is_a_409(servers) -> None:
    a_url, b_url, ids = servers
    iid = ids["indicator"]
    with httpx.Client(base_url=a_url) as a, httpx.Client(base_url=b_url) as b:
        tokens = []
        for client in (a, b):
            assert _login(client, "fuling").status_code == 200
            tokens.append(client.get("/api/v1/session").json()["csrf_token"])
        version = b.get(f"/api/v1/indicators/{iid}").json()["indicator"]["version"]
        first = a.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": tokens[0]},
                        json={"version": version, "changes": {"unit": "万人（甲）"}})
        assert first.status_code == 200
        stale = b.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": tokens[1]},
                        json={"version": version, "changes": {"unit": "万人（乙）"}})
        assert stale.status_code == 409 and "已被其他用户修改" in stale.json()["detail"]
        assert b.get(f"/api/v1/indicators/{iid}").json()["indicator"]["unit"] == "万人（甲）"
