"""The `simulated` flag of task reports, project reports and finance records: stored, read back,
and set by migration 0012 on the rows the demo stored before it (source “模拟数据”)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.store.db import downgrade_database, make_engine, make_session_factory, upgrade_database
from eduplan.store.monitoring import (
    load_finance_records,
    load_project_reports,
    load_task_reports,
    save_finance_records,
    save_project_reports,
    save_task_reports,
)

REGION = "涪陵区"
KEY = ProjectKey("项目表", 1, "中华路小学改扩建")


@pytest.fixture
def session(db_url: str):
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        yield s
        s.rollback()
    engine.dispose()


def test_the_flag_is_stored_and_read_back_and_a_change_of_it_is_an_update(session: Session) -> None:
    save_task_reports(session, [TaskReport(REGION, 2023, "2.1", percent=50, simulated=True),
                                TaskReport(REGION, 2023, "2.2", percent=10)])
    save_project_reports(session, [ProjectReport(REGION, 2023, KEY, investment=10.0, simulated=True)])
    save_finance_records(session, [FinanceRecord(REGION, 2023, budget=1.0, simulated=True)])
    assert [(r.task_id, r.simulated) for r in load_task_reports(session, region=REGION)] == [("2.1", True),
                                                                                              ("2.2", False)]
    assert [r.simulated for r in load_project_reports(session, region=REGION)] == [True]
    assert [r.simulated for r in load_finance_records(session, region=REGION)] == [True]
    counts = save_task_reports(session, [TaskReport(REGION, 2023, "2.1", percent=50)])  # a real report replaces it
    assert counts.updated == 1
    assert [r.simulated for r in load_task_reports(session, region=REGION)] == [False, False]


def test_migration_0012_marks_the_demo_s_earlier_rows_and_goes_down(empty_db_url: str) -> None:
    upgrade_database(empty_db_url, "0011")
    engine = make_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, name, version) VALUES (1, '涪陵区', 1)"))
            for n, source in ((1, "模拟数据"), (2, "2023年报.xlsx")):
                conn.execute(text("INSERT INTO task_reports (id, region_id, year, task_key, source, version, updated_at) "
                                  "VALUES (:n, 1, 2023, :key, :source, 1, '2024-01-01 00:00:00')"),
                             {"n": n, "key": f"2.{n}", "source": source})
                conn.execute(text("INSERT INTO finance_records (id, region_id, year, per_student, source, version, "
                                  "updated_at) VALUES (:n, 1, :year, '{}', :source, 1, '2024-01-01 00:00:00')"),
                             {"n": n, "year": 2022 + n, "source": source})
        upgrade_database(empty_db_url, "0012")
        with engine.connect() as conn:
            for table in ("task_reports", "finance_records"):
                flags = conn.execute(text(f"SELECT source, simulated FROM {table} ORDER BY id")).all()
                assert [(s, bool(f)) for s, f in flags] == [("模拟数据", True), ("2023年报.xlsx", False)]
        downgrade_database(empty_db_url, "0011")
        for table in ("task_reports", "project_reports", "finance_records"):
            assert "simulated" not in {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()
