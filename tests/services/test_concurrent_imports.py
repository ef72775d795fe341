"""Two yearly imports for the same region and year at once: both succeed, one after the other,
instead of the second failing on a duplicate key (500); on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from eduplan.core.collection.yearly import Collection, FinanceRecord, TaskReport
from eduplan.core.errors import ConflictError
from eduplan.core.plan import Observation
from eduplan.services.collection import StoreReport, store_records
from eduplan.services.plans import import_plan
from eduplan.store.models.monitoring import FinanceRecordRow, ObservationRow, TaskReportRow
from eduplan.store.models.regions import RegionRow
from eduplan.uow import unit_of_work
from tests.services.conftest import FULING, RATE, fuling_plan

HOLD_SECONDS = 0.6  # how long the first import keeps its transaction open after storing


def _collection(value: float) -> Collection:
    return Collection(observations=[Observation(RATE, FULING, 2024, value)],
                      tasks=[TaskReport(FULING, 2024, "2.1", progress="推进中", percent=value - 50)],
                      finance=[FinanceRecord(FULING, 2024, budget=value * 10)])


def test_two_imports_of_the_same_region_and_year_at_once_both_succeed_in_turn(db_url: str) -> None:
    with unit_of_work(db_url) as session:
        import_plan(session=session, plan=fuling_plan(), actor="测试")
    first_stored = threading.Event()
    outcomes: dict[str, StoreReport | BaseException] = {}

    def first() -> None:
        try:
            with unit_of_work(db_url) as session:
                outcomes["first"] = store_records(session=session, collection=_collection(93.0), source="甲.xlsx",
                                                  actor="甲")
                first_stored.set()
                time.sleep(HOLD_SECONDS)  # the second import runs into this open transaction
        except BaseException as exc:  # noqa: BLE001  (reported below)
            outcomes["first"] = exc
            first_stored.set()

    def second() -> None:
        first_stored.wait(10)
        try:
            with unit_of_work(db_url) as session:
                outcomes["second"] = store_records(session=session, collection=_collection(94.0), source="乙.xlsx",
                                                   actor="乙")
        except BaseException as exc:  # noqa: BLE001
            outcomes["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert isinstance(outcomes["first"], StoreReport), outcomes["first"]
    assert isinstance(outcomes["second"], StoreReport), outcomes["second"]
    assert outcomes["first"].observations.inserted == 1
    # The second waited for the first, read what it stored and updated it.
    assert (outcomes["second"].observations.inserted, outcomes["second"].observations.updated) == (0, 1)
    assert (outcomes["second"].tasks.updated, outcomes["second"].finance.updated) == (1, 1)
    with unit_of_work(db_url) as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 1
        assert session.scalar(select(ObservationRow.value)) == 94.0
        assert session.scalar(select(func.count()).select_from(TaskReportRow)) == 1
        assert session.scalar(select(func.count()).select_from(FinanceRecordRow)) == 1


def test_a_duplicate_key_on_flush_is_a_conflict_naming_the_record(db_url: str) -> None:
    from eduplan.store.repo import flush

    with unit_of_work(db_url) as session:
        session.add(RegionRow(name="北碚区"))
        session.flush()
    try:
        with unit_of_work(db_url) as session:
            session.add(RegionRow(name="北碚区"))
            flush(session, "区县“北碚区”")
    except ConflictError as exc:
        assert "其他用户同时写入了相同的记录（区县“北碚区”）" in str(exc)
    else:
        raise AssertionError("a duplicate region was stored")
