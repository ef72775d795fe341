"""Storing a yearly collection: every kind of record, idempotent, all in the caller's transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import (
    Collection,
    FinanceRecord,
    ImportResult,
    Issue,
    ProjectKey,
    ProjectReport,
    Severity,
    TaskReport,
)
from eduplan.core.errors import InputError
from eduplan.core.plan import Observation
from eduplan.services.audit import list_audit
from eduplan.services.collection import store_collection
from eduplan.store.models.monitoring import ObservationRow, TaskReportRow
from eduplan.store.monitoring import (
    evidence_path,
    load_finance_records,
    load_project_reports,
    load_task_reports,
    save_task_reports,
)
from eduplan.store.records import load_observations
from tests.services.conftest import FULING, RATE


def _collection(value: float = 93.0, percent: float = 60.0) -> Collection:
    return Collection(
        observations=[Observation(RATE, FULING, 2023, value, source="统计年报", reported_by="张三")],
        tasks=[TaskReport(FULING, 2023, "2.1", progress="新建幼儿园3所", percent=percent, evidence="佐证.pdf",
                          reported_by="李四", entered_by="张三")],
        projects=[ProjectReport(FULING, 2023, ProjectKey("项目表", 1, "中华路小学改扩建"), actual_start="2022-05",
                                investment=420.0, places=300, note="主体完工")],
        finance=[FinanceRecord(FULING, 2023, budget=51000.0, per_student={"小学": 12500.0}, teacher_salary=9100.0,
                               civil_servant_salary=9000.0, training_spend=30.0, payroll=2000.0)],
    )


def _store(session: Session, collection: Collection, source: str = "涪陵区2023年报.xlsx") -> object:
    return store_collection(session=session, result=ImportResult(collection), source=source, actor="planner")


def test_every_kind_of_record_is_stored_with_its_source(db_session: Session) -> None:
    report = _store(db_session, _collection())
    assert "监测值新增1条" in report.summary()  # type: ignore[attr-defined]
    [obs] = load_observations(db_session, region=FULING)
    assert (obs.value, obs.source, obs.reported_by) == (93.0, "统计年报", "张三")
    [task] = load_task_reports(db_session, region=FULING)
    assert (task.percent, task.evidence, task.reported_by, task.entered_by) == (60.0, "佐证.pdf", "李四", "张三")
    [project] = load_project_reports(db_session, region=FULING)
    assert (project.project, project.actual_start, project.investment, project.places) == (
        ProjectKey("项目表", 1, "中华路小学改扩建"), "2022-05", 420.0, 300)
    [finance] = load_finance_records(db_session, region=FULING)
    assert (finance.budget, finance.per_student, finance.source, finance.entered_by) == (
        51000.0, {"小学": 12500.0}, "涪陵区2023年报.xlsx", "planner")


def test_storing_the_same_collection_again_changes_nothing(db_session: Session) -> None:
    _store(db_session, _collection())
    again = _store(db_session, _collection())
    assert not again.changed  # type: ignore[attr-defined]
    assert again.tasks.unchanged == 1 and again.observations.unchanged == 1  # type: ignore[attr-defined]
    assert db_session.scalar(select(func.count()).select_from(ObservationRow)) == 1
    assert [e.action for e in list_audit(session=db_session, entity="collection")] == ["import"]


def test_a_corrected_collection_updates_in_place(db_session: Session) -> None:
    _store(db_session, _collection())
    row = db_session.scalar(select(TaskReportRow))
    assert row is not None and row.version == 1
    report = _store(db_session, _collection(value=94.0, percent=80.0))
    assert report.tasks.updated == 1 and report.observations.updated == 1  # type: ignore[attr-defined]
    assert row.version == 2 and row.percent == 80.0
    assert load_observations(db_session, region=FULING)[0].value == 94.0


def test_a_refused_import_stores_nothing(session: Session) -> None:
    issue = Issue("not-a-number", "“abc”不是数字", Severity.ERROR)
    with pytest.raises(InputError, match="导入被拒绝"):
        store_collection(session=session, result=ImportResult(None, [issue]), source="坏.xlsx", actor="planner")
    assert load_observations(session) == []


def test_nothing_is_committed_by_the_service(sqlite_url: str) -> None:
    from eduplan.store.db import make_engine, make_session_factory

    engine = make_engine(sqlite_url)
    try:
        factory = make_session_factory(engine)
        with factory() as s:
            _store(s, _collection())
            s.rollback()
        with factory() as s:
            assert load_task_reports(s) == [] and load_observations(s) == []
    finally:
        engine.dispose()


def test_an_uploaded_evidence_file_keeps_its_path(session: Session) -> None:
    save_task_reports(session, _collection().tasks, evidence_paths={"佐证.pdf": "/data/evidence/1/佐证.pdf"})
    assert evidence_path(session, region=FULING, year=2023, task_id="2.1") == "/data/evidence/1/佐证.pdf"
