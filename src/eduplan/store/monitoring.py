"""Yearly monitoring reports ⇄ rows: task reports, project reports and finance records.

One row per (region, year, item): a task by its number in the plan and the unit whose part it
is ("" for the task as a whole), a project by its key
(table, sequence number, name), finance by region and year. Saving the same report again
changes nothing; a changed report updates its row in place (its `version` increases).
The rows name the plan item by its key rather than by a foreign key, so that reloading a
plan (which may renumber rows) never orphans a report. Assignments (who carries out a task or
project) are kept the same way, by the item's key. Functions here flush, never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.errors import ConflictError
from eduplan.core.tracking.assignments import ITEM_LABELS, Assignment, ItemKind, Origin
from eduplan.core.tracking.projects import project_key
from eduplan.store.bulk_upsert import upsert_rows
from eduplan.store.models.monitoring import AssignmentRow, FinanceRecordRow, ProjectReportRow, TaskReportRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.region_keys import keys_of
from eduplan.store.regions import region_in, region_is
from eduplan.store.session import core_rows, flush, region_ids


@dataclass(frozen=True)
class SaveCounts:
    """How many records a save inserted, updated and found unchanged."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: SaveCounts) -> SaveCounts:
        return SaveCounts(self.inserted + other.inserted, self.updated + other.updated,
                          self.unchanged + other.unchanged)


def _save(session: Session, model: Any, records: Sequence[dict[str, Any]], key: Sequence[str], what: str) -> SaveCounts:
    """Insert the records whose key is new, update those that change a stored row (`entered_by` alone is
    no change), in one statement each (`bulk_upsert`); the stored rows of their regions and years read once."""
    done = upsert_rows(session, model, records, key=key, ignore=("entered_by",), what=what,
                       where=model.region_id.in_({r["region_id"] for r in records})
                       & model.year.in_({r["year"] for r in records}))
    return SaveCounts(done.inserted, done.updated, done.unchanged)


def save_task_reports(session: Session, reports: Sequence[TaskReport], *, source: str | None = None,
                      evidence_paths: Mapping[str, str] | None = None) -> SaveCounts:
    """Insert or update task reports by (region, year, task, unit); `evidence_paths` maps a file name to its path."""
    regions = region_ids(session, (r.region for r in reports))
    records = [{"region_id": regions[r.region], "year": r.year, "task_key": r.task_id, "unit": r.unit or "",
                "progress": r.progress, "percent": r.percent, "evidence_name": r.evidence,
                "reported_by": r.reported_by, "entered_by": r.entered_by, "source": source, "simulated": r.simulated,
                "evidence_path": (evidence_paths or {}).get(r.evidence or "")} for r in reports]
    return _save(session, TaskReportRow, records, ("region_id", "year", "task_key", "unit"), "任务进展")


def save_project_reports(session: Session, reports: Sequence[ProjectReport], *,
                         source: str | None = None) -> SaveCounts:
    """Insert or update project reports by (region, year, project)."""
    regions = region_ids(session, (r.region for r in reports))
    records = [{"region_id": regions[r.region], "year": r.year,
                "project_key": project_key(r.project.table, r.project.seq, r.project.name),
                "project_table": r.project.table, "project_seq": r.project.seq,
                "project_name": r.project.name, "actual_start": r.actual_start,
                "actual_finish": r.actual_finish, "investment": r.investment, "places": r.places,
                "note": r.note, "entered_by": r.entered_by, "source": source, "simulated": r.simulated}
               for r in reports]
    return _save(session, ProjectReportRow, records, ("region_id", "year", "project_key"), "项目进展")


def save_finance_records(session: Session, records: Sequence[FinanceRecord], *,
                         source: str | None = None) -> SaveCounts:
    """Insert or update finance records by (region, year)."""
    regions = region_ids(session, (r.region for r in records))
    rows = [{"region_id": regions[r.region], "year": r.year, "budget": r.budget,
             "per_student": dict(r.per_student), "teacher_salary": r.teacher_salary,
             "civil_servant_salary": r.civil_servant_salary, "training_spend": r.training_spend,
             "payroll": r.payroll, "entered_by": r.entered_by, "source": r.source or source,
             "simulated": r.simulated} for r in records]
    counts = _save(session, FinanceRecordRow, rows, ("region_id", "year"), "经费数据")
    return counts


def _rows(session: Session, model: Any, names: Sequence[str], region: str | None, order: Sequence[Any],
          regions: Sequence[str] | None = None) -> list[tuple[Any, ...]]:
    """(region key, the named columns …) of the rows, by region name, year and `order`, of one region,
    of the `regions` named (by key) or of all: columns, not row objects, and the keys from the region
    ids (`region_keys.keys_of`: `region_key()` as a column scans the regions table per row)."""
    query = (select(model.region_id, *(getattr(model, n) for n in names)).join(RegionRow)
             .order_by(RegionRow.name, model.year, *order))
    if region is not None:
        query = query.where(region_is(region))
    if regions is not None:
        query = query.where(model.region_id.in_(select(RegionRow.id).where(region_in(regions))))
    rows = core_rows(session, query)
    keys = keys_of(session, {r[0] for r in rows})
    return [(keys[r[0]], *r[1:]) for r in rows]


def load_task_reports(session: Session, *, region: str | None = None,
                      regions: Sequence[str] | None = None) -> list[TaskReport]:
    """Task reports by region, year and task, optionally for one region (or the `regions` named, by key)."""
    t = TaskReportRow
    names = ("year", "task_key", "progress", "percent", "evidence_name", "reported_by", "entered_by", "simulated",
             "unit")
    return [TaskReport(name, year, task, progress, percent, evidence, by, entered, simulated, unit=unit or None)
            for name, year, task, progress, percent, evidence, by, entered, simulated, unit
            in _rows(session, t, names, region, [t.task_key, t.unit], regions)]


def load_project_reports(session: Session, *, region: str | None = None,
                         regions: Sequence[str] | None = None) -> list[ProjectReport]:
    """Project reports by region, year and project, optionally for one region (or the `regions` named, by key)."""
    names = ("year", "project_table", "project_seq", "project_name", "actual_start", "actual_finish", "investment",
             "places", "note", "entered_by", "simulated")
    return [ProjectReport(name, year, ProjectKey(table=table, seq=seq, name=project), start, finish, investment,
                          places, note, entered, simulated)
            for name, year, table, seq, project, start, finish, investment, places, note, entered, simulated
            in _rows(session, ProjectReportRow, names, region, [ProjectReportRow.project_key], regions)]


def load_finance_records(session: Session, *, region: str | None = None,
                         regions: Sequence[str] | None = None) -> list[FinanceRecord]:
    """Finance records by region and year, optionally for one region (or the `regions` named, by key)."""
    names = ("year", "budget", "per_student", "teacher_salary", "civil_servant_salary", "training_spend", "payroll",
             "source", "entered_by", "simulated")
    return [FinanceRecord(name, year, budget, dict(per_student or {}), teacher, civil, training, payroll, source,
                          entered, simulated)
            for name, year, budget, per_student, teacher, civil, training, payroll, source, entered, simulated
            in _rows(session, FinanceRecordRow, names, region, [], regions)]


def evidence_path(session: Session, *, region: str, year: int, task_id: str, unit: str | None = None) -> str | None:
    """Where the evidence file of a task report (a unit's part, or the whole task's) is kept, if one was uploaded."""
    query = (select(TaskReportRow.evidence_path).join(RegionRow)
             .where(region_is(region), TaskReportRow.year == year, TaskReportRow.task_key == task_id,
                    TaskReportRow.unit == (unit or "")))
    return session.scalar(query)


# ---------------------------------------------------------------- assignments


def _assignment(row: AssignmentRow) -> Assignment:
    return _assignment_of(row.item_kind, row.item_key, row.lead_units, row.co_units, row.deadline, row.origin,
                          row.version)


def _assignment_of(kind: str, key: str, lead: Any, co: Any, deadline: Any, origin: str, version: int) -> Assignment:
    return Assignment(kind=ItemKind(kind), key=key, lead_units=tuple(lead or ()), co_units=tuple(co or ()),
                      deadline=deadline, origin=Origin(origin), version=version)


def load_assignments(session: Session, *, region: str, kind: ItemKind | None = None) -> dict[tuple[ItemKind, str], Assignment]:
    """The stored assignments of a region's tasks and projects, by (kind, key)."""
    query = select(AssignmentRow).join(RegionRow).where(region_is(region))
    if kind is not None:
        query = query.where(AssignmentRow.item_kind == kind.value)
    return {(a.kind, a.key): a for a in map(_assignment, session.scalars(query.execution_options(populate_existing=True)))}


def load_assignments_of(session: Session, *, regions: Sequence[str], kind: ItemKind | None = None
                        ) -> dict[str, dict[tuple[ItemKind, str], Assignment]]:
    """`load_assignments` of many regions (by key) in one query: each region's assignments by (kind, key)."""
    a = AssignmentRow
    query = select(a.region_id, a.item_kind, a.item_key, a.lead_units, a.co_units, a.deadline, a.origin, a.version
                   ).where(a.region_id.in_(select(RegionRow.id).where(region_in(regions))))
    if kind is not None:
        query = query.where(a.item_kind == kind.value)
    rows = session.execute(query).all()
    keys = keys_of(session, {r[0] for r in rows})
    out: dict[str, dict[tuple[ItemKind, str], Assignment]] = {}
    for region_id, *columns in rows:
        found = _assignment_of(*columns)
        out.setdefault(keys[region_id], {})[(found.kind, found.key)] = found
    return out


def save_assignments(session: Session, *, region: str, assignments: Sequence[Assignment], actor: str) -> SaveCounts:
    """Store assignments; each one's `version` must be the stored row's (0: none stored yet),
    else `ConflictError`: someone changed it since it was read. Returns what changed."""
    region_id = region_ids(session, [region])[region]
    rows = {(r.item_kind, r.item_key): r for r in session.scalars(
        select(AssignmentRow).where(AssignmentRow.region_id == region_id).execution_options(populate_existing=True))}
    counts = SaveCounts()
    for a in assignments:
        row = rows.get((a.kind.value, a.key))
        what = f"{ITEM_LABELS[a.kind]}“{a.key}”的分配"
        if (row.version if row is not None else 0) != a.version:
            raise ConflictError(f"{what}已被他人修改，请刷新后重试")
        values = {"lead_units": list(a.lead_units), "co_units": list(a.co_units), "deadline": a.deadline,
                  "origin": a.origin.value}
        if row is None:
            row = AssignmentRow(region_id=region_id, item_kind=a.kind.value, item_key=a.key, updated_by=actor, **values)
            session.add(row)
            rows[(a.kind.value, a.key)] = row
            counts += SaveCounts(inserted=1)
        elif all(getattr(row, k) == v for k, v in values.items()):
            counts += SaveCounts(unchanged=1)
        else:
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_by = actor
            counts += SaveCounts(updated=1)
    flush(session, "任务分配")
    return counts
