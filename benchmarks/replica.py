"""A visitor's public boards read from the read replica (EDUPLAN_READ_DATABASE_URL) beside the
same boards read from the primary, in process (FastAPI's TestClient on the app `eduplan serve`
runs: server time without the network), on the demo data in a throwaway primary and a hot standby
streaming from it. PostgreSQL only: the setting needs it.

Per board: the first request after a write (computed), then cached requests (median of `RUNS`),
and the statements each cached request runs on each database. The reference (the "limit" column)
is the path without the replica: the primary, whose data versions this process mirrors.

Run from the repository root (the cluster helpers are tests/dbfixtures.py's).
"""

from __future__ import annotations

import functools
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, event

from eduplan.core.plan import Observation
from eduplan.demo.build import build_demo
from eduplan.services.assessment_memo import MEMO as assessment_memo
from eduplan.settings import Settings
from eduplan.store.records import save_observations
from eduplan.uow import engine_for, replica_for, unit_of_work
from eduplan.web.app import create_app
from eduplan.web.page_cache import MEMO as page_memo

RUNS = int(os.environ.get("EDUPLAN_BENCH_RUNS", "200"))
REGION = "涪陵区"
BOARDS = {"区县看板 /api/v1/regions/…": f"/api/v1/regions/{quote(REGION)}",
          "总览 /api/v1/dashboard": "/api/v1/dashboard",
          "区县看板页 /regions/…": f"/regions/{quote(REGION)}"}


def _statements(engine: Engine) -> Callable[[], int]:
    count = [0]

    def seen(*_args: Any) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", seen)
    return lambda: count[0]


def _time(get: Callable[[], Any]) -> float:
    begun = time.perf_counter()
    answer = get()
    elapsed = time.perf_counter() - begun
    assert answer.status_code == 200, answer.status_code
    return elapsed


def main() -> None:
    from fastapi.testclient import TestClient
    from tests.dbfixtures import ReplicaPair, _admin, _database_url, postgres_bin_dir, wait_replayed

    bin_dir = postgres_bin_dir()
    reason = ReplicaPair.missing(bin_dir)
    if reason is not None or bin_dir is None:
        print(reason)
        return
    pair = ReplicaPair(bin_dir)
    try:
        primary_server, standby_server = pair.start()
        _admin(primary_server, 'CREATE DATABASE "eduplan"')
        primary, standby = (_database_url(s, "eduplan") for s in (primary_server, standby_server))
        with unit_of_work(primary) as session:
            build_demo(session=session, plans_dir=None)
        wait_replayed(primary_server, standby_server)
        data = Path(tempfile.mkdtemp(prefix="eduplan-bench-replica-"))
        # The replica's side first: a board computed on the primary is stored in its cached_pages and
        # replicated, and the standby would serve it (as it does in service); not the other way round.
        apps = {"replica": create_app(Settings(data_dir=data / "r", database_url=primary, read_database_url=standby)),
                "primary": create_app(Settings(data_dir=data / "p", database_url=primary))}
        on_primary, on_standby = _statements(engine_for(primary)), _statements(replica_for(standby).engine)
        print(f"演示数据，主库与热备库（流复制），进程内 TestClient，访客；缓存请求取 {RUNS} 次中位数（毫秒）")
        print("| 看板 | 经副本 首次 | 经主库 首次 | 经副本 缓存 | 经主库 缓存 | 比值 | 每次缓存请求的语句（副本/主库） |")
        print("|---|---|---|---|---|---|---|")
        for value, (name, path) in enumerate(BOARDS.items()):
            with unit_of_work(primary) as session:  # a write: both paths compute afresh
                save_observations(session, [Observation("preschool_gross_enrolment_rate", REGION, 2024, 90.0 + value)])
            wait_replayed(primary_server, standby_server)
            row: dict[str, tuple[float, float, tuple[int, int]]] = {}
            for side, app in apps.items():
                get = functools.partial(TestClient(app).get, path)
                page_memo.clear()  # each side computes the board itself: nothing the other side assessed reused
                assessment_memo.clear()
                first = _time(get)
                for _ in range(5):
                    get()
                before = (on_standby(), on_primary())
                cached = statistics.median(_time(get) for _ in range(RUNS))
                after = (on_standby(), on_primary())
                per = ((after[0] - before[0]) // RUNS, (after[1] - before[1]) // RUNS)
                row[side] = (first, cached, per)
            r, p = row["replica"], row["primary"]
            print(f"| {name} | {r[0] * 1000:.1f} | {p[0] * 1000:.1f} | {r[1] * 1000:.2f} | {p[1] * 1000:.2f} | "
                  f"{r[1] / p[1]:.2f} | {r[2][0]}/{r[2][1]}（经副本），{p[2][0]}/{p[2][1]}（经主库） |")
    finally:
        pair.stop()


if __name__ == "__main__":
    main()
