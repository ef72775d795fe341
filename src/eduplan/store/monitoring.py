"""Yearly monitoring reports ⇄ rows: task reports, project reports and finance records.

One row per (region, year, item): a task by its number in the plan, a project by its key
(table, sequence number, name), finance by region and year. Saving the same report again
changes nothing; a changed report updates its row in place (its `version` increases).
The rows name the plan item by its key rather than by a foreign key, so that reloading a
plan (which may renumber rows) never orphans a report. Functions here flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.tracking.projects import project_key
from eduplan.store.models import Base, RegionRow, UTCDateTime, Versioned, utcnow

# models.py imports this module at its end, so that every table is on Base.metadata; the
# helpers below import records/repo (which import models) only when called, to avoid a cycle.


def region_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """The ids of the named regions, creating the missing ones."""
    from eduplan.store.records import region_ids as ids

    return ids(session, names)


def flush(session: Session, what: str) -> None:
    """Flush; a stale write becomes `ConflictError` naming `what`."""
    from eduplan.store.repo import flush as guarded_flush

    guarded_flush(session, what)


class ReportColumns:
    """Who entered a report, from which collection, and when it last changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)  # the collection it came from (file name …)
    entered_by: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TaskReportRow(Versioned, ReportColumns, Base):
    """A responsible unit's yearly report on a plan task, with its evidence file."""

    __tablename__ = "task_reports"
    __table_args__ = (UniqueConstraint("region_id", "year", "task_key"),)
    task_key: Mapped[str] = mapped_column(String(64))  # the task's number in the plan, e.g. "2.1"
    progress: Mapped[str | None] = mapped_column(Text)
    percent: Mapped[float | None] = mapped_column(Float)
    evidence_name: Mapped[str | None] = mapped_column(Text)
    evidence_path: Mapped[str | None] = mapped_column(Text)  # where the uploaded file is kept
    reported_by: Mapped[str | None] = mapped_column(Text)


class ProjectReportRow(Versioned, ReportColumns, Base):
    """A yearly report on a construction project: actual dates, money spent, places delivered."""

    __tablename__ = "project_reports"
    __table_args__ = (UniqueConstraint("region_id", "year", "project_key"),)
    project_key: Mapped[str] = mapped_column(Text)  # “table｜seq｜name”, see core.projects_tracking
    project_table: Mapped[str | None] = mapped_column(Text)
    project_seq: Mapped[int | None] = mapped_column(Integer)
    project_name: Mapped[str] = mapped_column(Text)
    actual_start: Mapped[str | None] = mapped_column(String(7))
    actual_finish: Mapped[str | None] = mapped_column(String(7))
    investment: Mapped[float | None] = mapped_column(Float)  # 万元 spent in the year
    places: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class FinanceRecordRow(Versioned, ReportColumns, Base):
    """A region's education finance figures for a year (the inputs of the funding rules)."""

    __tablename__ = "finance_records"
    __table_args__ = (UniqueConstraint("region_id", "year"),)
    budget: Mapped[float | None] = mapped_column(Float)  # 万元
    per_student: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # stage → 元
    teacher_salary: Mapped[float | None] = mapped_column(Float)  # 元
    civil_servant_salary: Mapped[float | None] = mapped_column(Float)  # 元
    training_spend: Mapped[float | None] = mapped_column(Float)  # 万元
    payroll: Mapped[float | None] = mapped_column(Float)  # 万元


@dataclass(frozen=True)
class SaveCounts:
    """How many records a save inserted, updated and found unchanged."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: SaveCounts) -> SaveCounts:
        return SaveCounts(self.inserted + other.inserted, self.updated + other.updated,
                          self.unchanged + other.unchanged)


def _upsert(session: Session, existing: dict[tuple[Any, ...], Any], key: tuple[Any, ...],
            make: Any, values: Mapping[str, Any]) -> SaveCounts:
    """Insert a row for `key`, or update the existing one when a value differs."""
    row = existing.get(key)
    if row is None:
        row = make(**values)
        session.add(row)
        existing[key] = row
        return SaveCounts(inserted=1)
    if all(getattr(row, k) == v for k, v in values.items() if k != "entered_by"):
        return SaveCounts(unchanged=1)
    for k, v in values.items():
        setattr(row, k, v)
    return SaveCounts(updated=1)


def _existing(session: Session, model: Any, region_ids_: Iterable[int], key: Any) -> dict[tuple[Any, ...], Any]:
    rows = session.scalars(select(model).where(model.region_id.in_(set(region_ids_)))
                           .execution_options(populate_existing=True))
    return {key(r): r for r in rows}


def save_task_reports(session: Session, reports: Sequence[TaskReport], *, source: str | None = None,
                      evidence_paths: Mapping[str, str] | None = None) -> SaveCounts:
    """Insert or update task reports by (region, year, task); `evidence_paths` maps a file name to its path."""
    regions = region_ids(session, (r.region for r in reports))
    existing = _existing(session, TaskReportRow, regions.values(), lambda r: (r.region_id, r.year, r.task_key))
    counts = SaveCounts()
    for r in reports:
        values = {"region_id": regions[r.region], "year": r.year, "task_key": r.task_id, "progress": r.progress,
                  "percent": r.percent, "evidence_name": r.evidence, "reported_by": r.reported_by,
                  "entered_by": r.entered_by, "source": source,
                  "evidence_path": (evidence_paths or {}).get(r.evidence or "")}
        counts += _upsert(session, existing, (regions[r.region], r.year, r.task_id), TaskReportRow, values)
    flush(session, "任务进展")
    return counts


def save_project_reports(session: Session, reports: Sequence[ProjectReport], *,
                         source: str | None = None) -> SaveCounts:
    """Insert or update project reports by (region, year, project)."""
    regions = region_ids(session, (r.region for r in reports))
    existing = _existing(session, ProjectReportRow, regions.values(), lambda r: (r.region_id, r.year, r.project_key))
    counts = SaveCounts()
    for r in reports:
        key = project_key(r.project.table, r.project.seq, r.project.name)
        values = {"region_id": regions[r.region], "year": r.year, "project_key": key,
                  "project_table": r.project.table, "project_seq": r.project.seq,
                  "project_name": r.project.name, "actual_start": r.actual_start,
                  "actual_finish": r.actual_finish, "investment": r.investment, "places": r.places,
                  "note": r.note, "entered_by": r.entered_by, "source": source}
        counts += _upsert(session, existing, (regions[r.region], r.year, key), ProjectReportRow, values)
    flush(session, "项目进展")
    return counts


def save_finance_records(session: Session, records: Sequence[FinanceRecord], *,
                         source: str | None = None) -> SaveCounts:
    """Insert or update finance records by (region, year)."""
    regions = region_ids(session, (r.region for r in records))
    existing = _existing(session, FinanceRecordRow, regions.values(), lambda r: (r.region_id, r.year))
    counts = SaveCounts()
    for r in records:
        values = {"region_id": regions[r.region], "year": r.year, "budget": r.budget,
                  "per_student": dict(r.per_student), "teacher_salary": r.teacher_salary,
                  "civil_servant_salary": r.civil_servant_salary, "training_spend": r.training_spend,
                  "payroll": r.payroll, "entered_by": r.entered_by, "source": r.source or source}
        counts += _upsert(session, existing, (regions[r.region], r.year), FinanceRecordRow, values)
    flush(session, "经费数据")
    return counts


def _rows(session: Session, model: Any, region: str | None, order: Sequence[Any]) -> list[tuple[Any, str]]:
    query = select(model, RegionRow.name).join(RegionRow).order_by(RegionRow.name, model.year, *order)
    if region is not None:
        query = query.where(RegionRow.name == region)
    return [(row, name) for row, name in session.execute(query)]


def load_task_reports(session: Session, *, region: str | None = None) -> list[TaskReport]:
    """Task reports by region, year and task, optionally for one region."""
    return [
        TaskReport(region=name, year=r.year, task_id=r.task_key, progress=r.progress, percent=r.percent,
                   evidence=r.evidence_name, reported_by=r.reported_by, entered_by=r.entered_by)
        for r, name in _rows(session, TaskReportRow, region, [TaskReportRow.task_key])
    ]


def load_project_reports(session: Session, *, region: str | None = None) -> list[ProjectReport]:
    """Project reports by region, year and project, optionally for one region."""
    return [
        ProjectReport(region=name, year=r.year,
                      project=ProjectKey(table=r.project_table, seq=r.project_seq, name=r.project_name),
                      actual_start=r.actual_start, actual_finish=r.actual_finish, investment=r.investment,
                      places=r.places, note=r.note, entered_by=r.entered_by)
        for r, name in _rows(session, ProjectReportRow, region, [ProjectReportRow.project_key])
    ]


def load_finance_records(session: Session, *, region: str | None = None) -> list[FinanceRecord]:
    """Finance records by region and year, optionally for one region."""
    return [
        FinanceRecord(region=name, year=r.year, budget=r.budget, per_student=dict(r.per_student or {}),
                      teacher_salary=r.teacher_salary, civil_servant_salary=r.civil_servant_salary,
                      training_spend=r.training_spend, payroll=r.payroll, source=r.source,
                      entered_by=r.entered_by)
        for r, name in _rows(session, FinanceRecordRow, region, [])
    ]


def evidence_path(session: Session, *, region: str, year: int, task_id: str) -> str | None:
    """Where the evidence file of a task report is kept, if one was uploaded."""
    query = (select(TaskReportRow.evidence_path).join(RegionRow)
             .where(RegionRow.name == region, TaskReportRow.year == year, TaskReportRow.task_key == task_id))
    return session.scalar(query)
