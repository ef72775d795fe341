"""The public boards of a visitor who is not signed in read a PostgreSQL hot standby
(EDUPLAN_READ_DATABASE_URL); signed-in users read the primary.

A real pair: a primary and a standby made from it with `pg_basebackup -R`, streaming. With the
standby's replay paused, a figure written on the primary through the product is on a signed-in
user's board and not yet on the visitor's; once replay resumes and the standby has caught up,
the visitor sees it too. A standby that cannot be reached leaves the visitor on the primary, with
a warning in the log. Without the setting nothing changes: the rest of the suite is the proof.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from eduplan.core.errors import ConfigError
from eduplan.core.plan import Observation
from eduplan.demo.build import bundled_plans
from eduplan.services import accounts
from eduplan.services.plans import import_plan
from eduplan.settings import Settings, get_settings
from eduplan.store.records import save_observations
from eduplan.store.replica import ReadReplica
from eduplan.store.version_mirror import mirror_of, unfollow
from eduplan.uow import engine_for, replica_for, unit_of_work
from eduplan.web.app import create_app
from tests.dbfixtures import ReplicaPair, _admin, _database_url, postgres_bin_dir, replica_sql, wait_replayed

from .conftest import OWN, password

RATE = "preschool_gross_enrolment_rate"
YEAR = 2025
BOARD = f"/api/v1/regions/{quote(OWN)}?year={YEAR}"
OVERVIEW = f"/api/v1/dashboard?year={YEAR}"


@dataclass
class Pair:
    """The app on a primary with a standby, the database URLs and the servers' (for LSNs and replay)."""

    app: FastAPI
    settings: Settings
    primary: str
    standby: str
    primary_server: str
    standby_server: str
    clusters: ReplicaPair


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Iterator[Pair]:
    bin_dir = postgres_bin_dir()
    reason = ReplicaPair.missing(bin_dir)
    if reason is not None or bin_dir is None:
        pytest.skip(reason or "")
    clusters = ReplicaPair(bin_dir)
    try:
        primary_server, standby_server = clusters.start()
    except subprocess.CalledProcessError as exc:
        clusters.stop()
        raise RuntimeError(f"无法启动主库与热备库：{exc.stderr.decode(errors='replace')}") from exc
    primary = standby = ""
    with pytest.MonkeyPatch.context() as mp:
        try:
            mp.setenv("EDUPLAN_PUBLIC_FIGURES", "latest")  # a figure just written is public (no approval step here)
            get_settings.cache_clear()
            _admin(primary_server, 'CREATE DATABASE "eduplan"')
            primary, standby = (_database_url(s, "eduplan") for s in (primary_server, standby_server))
            with unit_of_work(primary) as session:
                for plan in bundled_plans():
                    import_plan(session=session, plan=plan, actor="test")
                accounts.create_user(session=session, username="fuling", password=password("fuling"),
                                     role="planner", region=OWN)
            wait_replayed(primary_server, standby_server)
            settings = Settings(data_dir=tmp_path_factory.mktemp("replica"), database_url=primary,
                                read_database_url=standby)
            yield Pair(create_app(settings), settings, primary, standby, primary_server, standby_server, clusters)
        finally:
            get_settings.cache_clear()
            if primary:
                unfollow(engine_for(primary))  # the app's listener, before its server goes
                engine_for(primary).dispose()
            if standby:
                replica_for(standby).dispose()
            clusters.stop()


def _signed_in(app: FastAPI) -> TestClient:
    client = TestClient(app)
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post("/api/v1/session", json={"username": "fuling", "password": password("fuling")},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 200, answer.text
    return client


def _rate(board: dict[str, Any]) -> float | None:
    found = [t for t in board["targets"] if t["indicator_id"] == RATE]
    assert found, "the board shows the target"
    value = found[0]["latest_value"]
    return None if value is None else float(value)


def _own_row(overview: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in overview["regions"] if r["region"] == OWN)
    return row


def _write(url: str, value: float) -> None:
    """A figure stored through the product, as an import stores it (tokens renewed at commit)."""
    with unit_of_work(url) as session:
        save_observations(session, [Observation(RATE, OWN, YEAR - 1, value)])


def _paused(standby_server: str) -> None:
    replica_sql(standby_server, "SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 10
    while replica_sql(standby_server, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "the standby's replay did not pause"
        time.sleep(0.02)


@pytest.mark.postgres
def test_a_visitor_reads_the_standby_a_signed_in_user_the_primary(pair: Pair) -> None:
    visitor, planner = TestClient(pair.app), _signed_in(pair.app)
    before_board, before_overview = visitor.get(BOARD), visitor.get(OVERVIEW).json()
    assert before_board.status_code == 200
    old = _rate(before_board.json())
    new = 93.5 if old != 93.5 else 94.5
    _paused(pair.standby_server)
    try:
        _write(pair.primary, new)
        # The signed-in planner reads the primary: its own write, at once.
        assert _rate(planner.get(BOARD).json()) == new
        assert _own_row(planner.get(OVERVIEW).json())["status_counts"] != _own_row(before_overview)["status_counts"]
        # The visitor reads the standby, whose replay is paused: the state before the write, tokens
        # and data alike (the copy it revalidates is still current there).
        assert _rate(visitor.get(BOARD).json()) == old
        assert visitor.get(BOARD, headers={"If-None-Match": before_board.headers["etag"]}).status_code == 304
        assert visitor.get(OVERVIEW).json() == before_overview
        assert visitor.get(f"/regions/{quote(OWN)}?year={YEAR}").status_code == 200  # the page, from the same context
        assert visitor.get(f"/api/v1/compare?indicator={RATE}&year={YEAR}").status_code == 200
    finally:
        replica_sql(pair.standby_server, "SELECT pg_wal_replay_resume()")
    wait_replayed(pair.primary_server, pair.standby_server)
    fresh = visitor.get(BOARD, headers={"If-None-Match": before_board.headers["etag"]})
    assert fresh.status_code == 200 and _rate(fresh.json()) == new
    assert _own_row(visitor.get(OVERVIEW).json()) == _own_row(planner.get(OVERVIEW).json())
    # The standby is followed by no mirror (no LISTEN during recovery), and what the visitor's pages
    # computed there was kept by the process only: the primary's cache holds the planner's pages alone.
    assert mirror_of(pair.app.state.replica.engine) is None
    with engine_for(pair.primary).connect() as conn:
        kept = dict(conn.execute(text("SELECT key LIKE '%visitor%', count(*) FROM cached_pages "
                                      "WHERE kind = 'overview' GROUP BY 1")).all())
    assert kept == {False: kept.get(False)} and kept[False] >= 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens there


@pytest.mark.postgres
def test_an_unreachable_standby_leaves_the_visitor_on_the_primary(pair: Pair, caplog: pytest.LogCaptureFixture,
                                                                  tmp_path: Path) -> None:
    down = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/eduplan"
    app = create_app(Settings(data_dir=tmp_path, database_url=pair.primary, read_database_url=down))
    wait_replayed(pair.primary_server, pair.standby_server)
    with caplog.at_level(logging.WARNING, logger="eduplan.store.replica"):
        answers = [TestClient(app).get(BOARD) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == TestClient(pair.app).get(BOARD).json()  # the same state as from the caught-up standby
    warnings = [r.getMessage() for r in caplog.records if r.name == "eduplan.store.replica"]
    assert len(warnings) == 1 and "只读副本无法连接，公开看板改读主库" in warnings[0]  # warned once, not per request
    assert not app.state.replica.reachable


@pytest.mark.postgres
def test_a_standby_that_went_away_is_read_again_once_back(pair: Pair, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    replica = ReadReplica(pair.standby)
    monkeypatch.setattr("eduplan.store.replica.RETRY_SECONDS", 0.0)  # tried again at the next request
    try:
        with replica.session() as session:  # type: ignore[union-attr]  # None fails the test here
            assert session.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
        pair.clusters.stop_standby()
        try:
            with caplog.at_level(logging.WARNING, logger="eduplan.store.replica"):
                assert replica.session() is None and not replica.reachable  # the pooled connection's ping fails
        finally:
            pair.clusters.start_standby()
        with caplog.at_level(logging.WARNING, logger="eduplan.store.replica"):
            session = replica.session()
        assert session is not None and replica.reachable
        with session:
            assert session.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
        messages = [r.getMessage() for r in caplog.records if r.name == "eduplan.store.replica"]
        assert messages[0].startswith("只读副本无法连接") and messages[-1] == "只读副本已恢复连接，公开看板重新读副本"
    finally:
        replica.dispose()


def test_a_read_replica_needs_a_postgresql_primary(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="EDUPLAN_DATABASE_URL 必须是 PostgreSQL"):
        Settings(data_dir=tmp_path, read_database_url="postgresql://reader@standby/eduplan")
    with pytest.raises(ConfigError, match="EDUPLAN_READ_DATABASE_URL 必须是 PostgreSQL"):
        Settings(data_dir=tmp_path, database_url="postgresql://app@primary/eduplan",
                 read_database_url=f"sqlite:///{tmp_path / 'copy.db'}")
    assert Settings(data_dir=tmp_path).read_database_url is None
