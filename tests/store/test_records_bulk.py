"""The bulk upsert of yearly records (`store.bulk_upsert`) against the row-by-row ORM upsert it replaced
(the oracle, kept here): on generated batches over many regions and years, with new, equal and changed
records, a key given twice in a batch, blank values and NaN, both store the same rows (values, versions),
count the same and report the same changed values (SQLite and PostgreSQL)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.errors import EduplanError
from eduplan.core.plan import Observation
from eduplan.store.models.monitoring import ObservationRow, TaskReportRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.monitoring import SaveCounts, save_task_reports
from eduplan.store.records import ValueChange, save_observations
from eduplan.store.session import flush, region_ids

REGIONS = ["涪陵区", "渝中区", "璧山区", "南川区", "黔江区", "500102"]
INDICATORS = ["preschool_gross_enrolment_rate", "compulsory_consolidation_rate", "senior_gross_enrolment_rate"]


# ---------------------------------------------------------------- the oracle: the row-by-row upsert it replaced


def oracle_observations(session: Session, observations: Sequence[Observation],
                        changes: list[ValueChange]) -> tuple[int, int]:
    regions = region_ids(session, (o.region for o in observations))
    existing = {(r.indicator, r.region_id, r.year): r for r in session.scalars(
        select(ObservationRow).where(ObservationRow.region_id.in_(set(regions.values())),
                                     ObservationRow.year.in_({o.year for o in observations}))
        .execution_options(populate_existing=True))}
    inserted = updated = 0
    for o in observations:
        key = (o.indicator, regions[o.region], o.year)
        values = {"value": o.value, "source": o.source, "reported_by": o.reported_by, "simulated": o.simulated}
        row = existing.get(key)
        if row is None:
            row = ObservationRow(indicator=o.indicator, region_id=key[1], year=o.year, **values)
            session.add(row)
            existing[key] = row
            inserted += 1
            changes.append(ValueChange(o.region, o.year, o.indicator, None, o.value))
        elif any(getattr(row, k) != v for k, v in values.items()):
            if row.value != o.value:
                changes.append(ValueChange(o.region, o.year, o.indicator, row.value, o.value))
            for k, v in values.items():
                setattr(row, k, v)
            updated += 1
    flush(session, "监测值")
    return inserted, updated


def oracle_tasks(session: Session, reports: Sequence[TaskReport], source: str | None) -> SaveCounts:
    regions = region_ids(session, (r.region for r in reports))
    existing = {(r.region_id, r.year, r.task_key, r.unit or ""): r for r in session.scalars(
        select(TaskReportRow).where(TaskReportRow.region_id.in_(set(regions.values())))
        .execution_options(populate_existing=True))}
    counts = SaveCounts()
    for r in reports:
        values = {"region_id": regions[r.region], "year": r.year, "task_key": r.task_id, "unit": r.unit or "",
                  "progress": r.progress, "percent": r.percent, "evidence_name": r.evidence,
                  "reported_by": r.reported_by, "entered_by": r.entered_by, "source": source,
                  "simulated": r.simulated, "evidence_path": None}
        key = (regions[r.region], r.year, r.task_id, r.unit or "")
        row = existing.get(key)
        if row is None:
            row = TaskReportRow(**values)
            session.add(row)
            existing[key] = row
            counts += SaveCounts(inserted=1)
        elif all(getattr(row, k) == v for k, v in values.items() if k != "entered_by"):
            counts += SaveCounts(unchanged=1)
        else:
            for k, v in values.items():
                setattr(row, k, v)
            counts += SaveCounts(updated=1)
    flush(session, "任务进展")
    return counts


# ---------------------------------------------------------------- generated batches


def _value(rng: random.Random) -> float:
    return rng.choice([0.0, 50.0, 92.5, 100.0, round(rng.uniform(0, 100), 1)])


def _observations(rng: random.Random, n: int, years: Sequence[int]) -> list[Observation]:
    return [Observation(rng.choice(INDICATORS), rng.choice(REGIONS), rng.choice(list(years)), _value(rng),
                        source=rng.choice([None, "统计年报", "年度数据采集表"]), reported_by=rng.choice([None, "区教委"]),
                        simulated=rng.random() < 0.2) for _ in range(n)]


def _changed(rng: random.Random, batch: Sequence[Observation], years: Sequence[int]) -> list[Observation]:
    """Some stored records again (equal, a new value, a new source only), some new, a key twice."""
    out: list[Observation] = []
    for o in batch:
        roll = rng.random()
        if roll < 0.3:
            out.append(o)
        elif roll < 0.55:
            out.append(Observation(o.indicator, o.region, o.year, o.value + 1.5, source=o.source,
                                   reported_by=o.reported_by, simulated=o.simulated))
        elif roll < 0.7:
            out.append(Observation(o.indicator, o.region, o.year, o.value, source="更正", reported_by=o.reported_by,
                                   simulated=o.simulated))
    out += _observations(rng, 15, years)
    if out:
        first = out[0]
        out.append(Observation(first.indicator, first.region, first.year, first.value + 7.0, source="再次"))
    rng.shuffle(out)
    return out


def _stored(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(select(RegionRow.name, RegionRow.code, ObservationRow.indicator, ObservationRow.year,
                                  ObservationRow.value, ObservationRow.source, ObservationRow.reported_by,
                                  ObservationRow.simulated, ObservationRow.version).join(RegionRow)).all()
    return sorted((tuple(r) for r in rows), key=repr)


def _same(a: Any, b: Any) -> bool:
    """Equal, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _both(session: Session, run: Callable[[Session], Any], oracle: Callable[[Session], Any],
          state: Callable[[Session], Any]) -> None:
    """The oracle then the product, each from the same stored state (a savepoint rolled back between)."""
    outcomes = []
    for fn in (oracle, run):
        savepoint = session.begin_nested()
        try:
            answer: Any = ("ok", fn(session), state(session))
        except (EduplanError, DBAPIError) as exc:
            answer = ("refused", type(exc).__name__)
        savepoint.rollback()
        session.expire_all()
        outcomes.append(answer)
    oracle_said, product_said = outcomes
    assert oracle_said[0] == product_said[0], outcomes
    for part_oracle, part_product in zip(oracle_said[1:], product_said[1:], strict=True):
        assert _same(part_oracle, part_product), [repr((a, b)) for a, b in zip(part_oracle, part_product, strict=False)
                                                  if not _same(a, b)]


@pytest.mark.parametrize("seed", range(6))
def test_bulk_observations_store_what_the_row_by_row_upsert_stored(session: Session, seed: int) -> None:
    rng = random.Random(seed)
    years = [2023, 2024, 2025]
    first = _observations(rng, 30, years)
    oracle_observations(session, first, [])  # what is stored before: the same for both
    batch = _changed(rng, first, years)

    def product(s: Session) -> Any:
        changes: list[ValueChange] = []
        return save_observations(s, batch, changes), changes

    def oracle(s: Session) -> Any:
        changes: list[ValueChange] = []
        return oracle_observations(s, batch, changes), changes

    _both(session, product, oracle, _stored)


def test_bulk_observations_edge_cases(session: Session) -> None:
    assert save_observations(session, []) == (0, 0)
    rng = random.Random(99)
    stored = _observations(rng, 10, [2024])
    oracle_observations(session, stored, [])
    nan = Observation(INDICATORS[0], REGIONS[0], 2024, float("nan"), source="缺失")
    blank = Observation(INDICATORS[1], REGIONS[1], 2024, 0.0)
    for batch in ([nan], [blank, blank], list(stored), [*stored, *stored]):
        def product(s: Session, b: list[Observation] = batch) -> Any:
            changes: list[ValueChange] = []
            return save_observations(s, b, changes), changes

        def oracle(s: Session, b: list[Observation] = batch) -> Any:
            changes: list[ValueChange] = []
            return oracle_observations(s, b, changes), changes

        _both(session, product, oracle, _stored)


def _task_state(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(select(RegionRow.name, TaskReportRow.year, TaskReportRow.task_key, TaskReportRow.unit,
                                  TaskReportRow.progress, TaskReportRow.percent, TaskReportRow.evidence_name,
                                  TaskReportRow.reported_by, TaskReportRow.entered_by, TaskReportRow.source,
                                  TaskReportRow.simulated, TaskReportRow.version).join(RegionRow)).all()
    return sorted((tuple(r) for r in rows), key=repr)


def _reports(rng: random.Random, n: int) -> list[TaskReport]:
    return [TaskReport(rng.choice(REGIONS[:4]), rng.choice([2024, 2025]), rng.choice(["1.1", "2.1", "2.2"]),
                       progress=rng.choice([None, "推进中", "已完成"]), percent=rng.choice([None, 0.0, 60.0, 100]),
                       evidence=rng.choice([None, "佐证.pdf"]), reported_by=rng.choice([None, "区教委"]),
                       entered_by=rng.choice(["张三", "李四"]), unit=rng.choice([None, "区财政局"]))
            for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_bulk_task_reports_store_what_the_row_by_row_upsert_stored(session: Session, seed: int) -> None:
    rng = random.Random(seed)
    first = _reports(rng, 20)
    oracle_tasks(session, first, "第一次")
    batch = [*rng.sample(first, 8), *_reports(rng, 12)]  # equal ones (entered_by alone differs), changed, new
    _both(session, lambda s: save_task_reports(s, batch, source="第二次"),
          lambda s: oracle_tasks(s, batch, "第二次"), _task_state)


def test_an_object_the_session_holds_reads_the_updated_row(session: Session) -> None:
    save_observations(session, [Observation(INDICATORS[0], REGIONS[0], 2024, 90.0)])
    row = session.scalar(select(ObservationRow))
    assert row is not None and row.version == 1
    assert save_observations(session, [Observation(INDICATORS[0], REGIONS[0], 2024, 91.0)]) == (0, 1)
    assert (row.value, row.version) == (91.0, 2)
