"""Assignments (任务分配): planners give tasks and projects lead and co-units and a deadline.

An assignment is stored apart from the plan, by the item's key, so re-importing the plan keeps
it for every task and project that still exists; where none is stored the plan text's units
are the assignment. A stale write (the version read is no longer the stored one) is refused
(`ConflictError`), so two planners never overwrite one another. Units are normalised against
the unit list (区教育委员会 → 区教委) and recorded as the region's units, so unit accounts can be
made for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.errors import InputError, Location, NotFoundError
from eduplan.core.plan import Plan
from eduplan.core.tracking.assignments import (
    ITEM_LABELS,
    Assignment,
    ItemKind,
    Origin,
    assigned_plan,
    clean_units,
    effective_task_assignments,
    project_assignment,
)
from eduplan.core.tracking.projects import project_key
from eduplan.exchange.assignments import SHEET, AssignmentLine, read_assignment_workbook, write_assignment_workbook
from eduplan.ingest.responsible_units import clean_unit, load_unit_table
from eduplan.services.audit import record_audit
from eduplan.services.monitoring import region_plan
from eduplan.store.monitoring import SaveCounts, load_assignments, save_assignments
from eduplan.store.session import region_ids
from eduplan.store.units import add_units, region_unit_names

MAX_UNIT = 100
MAX_UNITS = 20
_BAD_UNIT = re.compile(r"[\x00-\x1f<>{}|\\^`]")
SPLIT_UNITS = re.compile(r"[、，,；;\n]+")


@dataclass(frozen=True)
class RegionAssignments:
    """A region's plan in force with every task's and project's assignment."""

    plan_id: int
    plan: Plan  # tasks carry their assignment's units and deadline
    tasks: dict[str, Assignment]
    projects: dict[str, Assignment]


def region_assignments(*, session: Session, region: str, plan: int | str | None = None) -> RegionAssignments:
    """The plan (in force, or the one named) and the effective assignment of each task and project."""
    plan_id, found = region_plan(session=session, region=region, plan=plan)
    stored = load_assignments(session, region=region)
    tasks = effective_task_assignments(found.tasks, {k: a for (kind, k), a in stored.items() if kind is ItemKind.TASK})
    projects = {}
    for p in found.projects:
        key = project_key(p.table, p.seq, p.name)
        projects[key] = stored.get((ItemKind.PROJECT, key)) or project_assignment(key)
    return RegionAssignments(plan_id, assigned_plan(found, tasks), tasks, projects)


def parse_units(text: str | None, *, field: str) -> list[str]:
    """Units written in one field, separated by 、，；or new lines."""
    names = [n.strip() for n in SPLIT_UNITS.split(text or "") if n.strip()]
    if len(names) > MAX_UNITS:
        raise InputError(f"单位过多（{len(names)} 个，最多 {MAX_UNITS} 个）", location=Location(field=field))
    return names


def parse_deadline(text: str | None, *, field: str = "截止日期", location: Location | None = None) -> dt.date | None:
    """A deadline written as YYYY-MM-DD (blank: none)."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw.replace("/", "-").replace(".", "-"))
    except ValueError:
        raise InputError(f"截止日期“{raw}”应写成“2025-12-31”的形式",
                         location=location or Location(field=field)) from None
    if not 2000 <= day.year <= 2100:
        raise InputError(f"截止日期“{raw}”不在2000年到2100年之间", location=location or Location(field=field))
    return day


def normalise_units(names: Iterable[str], *, field: str, location: Location | None = None) -> list[str]:
    """Each unit by its canonical name (the unit list's), cleaned; a malformed name is refused."""
    table = load_unit_table()
    out = []
    for name in names:
        if len(name) > MAX_UNIT or _BAD_UNIT.search(name):
            raise InputError(f"单位名称“{name[:40]}”不合规（最长 {MAX_UNIT} 字，不含控制字符和 <>{{}}|\\^`）",
                             location=location or Location(field=field))
        cleaned = clean_unit(name) or name
        out.append(table.lookup(cleaned) or cleaned)
    return out


def checked_assignment(kind: ItemKind, key: str, *, lead: Sequence[str], co: Sequence[str],
                       deadline: dt.date | None, version: int, origin: Origin,
                       location: Location | None = None) -> Assignment:
    """An assignment from what a planner entered, normalised and checked."""
    leads, cos = clean_units(normalise_units(lead, field="lead_units", location=location),
                             normalise_units(co, field="co_units", location=location))
    if cos and not leads:
        raise InputError("有配合单位时必须指定牵头单位", location=location or Location(field="lead_units"))
    return Assignment(kind, key, leads, cos, deadline, origin, version)


def assign(*, session: Session, region: str, assignment: Assignment, actor: str) -> Assignment:
    """Store one task's or project's assignment (version-checked, audited); returns it as stored."""
    return assign_many(session=session, region=region, assignments=[assignment], actor=actor)[0]


def assign_many(*, session: Session, region: str, assignments: Sequence[Assignment], actor: str) -> list[Assignment]:
    """Store assignments all or nothing: every item must be in the region's plan in force."""
    current = region_assignments(session=session, region=region)
    for a in assignments:
        known = current.tasks if a.kind is ItemKind.TASK else current.projects
        if a.key not in known or (a.kind is ItemKind.TASK and not _actionable(current.plan, a.key)):
            raise NotFoundError(f"{ITEM_LABELS[a.kind]}“{a.key}”不在{region}的规划中（或只是分组标题）")
    save_assignments(session, region=region, assignments=assignments, actor=actor)
    ensure_units(session=session, region=region, names={u for a in assignments for u in a.units})
    for a in assignments:
        before = (current.tasks if a.kind is ItemKind.TASK else current.projects)[a.key]
        record_audit(session=session, actor=actor, entity=f"{a.kind.value}_assignment", entity_id=f"{region}/{a.key}"[:64],
                     action="assign", before=_audit(before), after=_audit(a))
    stored = load_assignments(session, region=region)
    return [stored[(a.kind, a.key)] for a in assignments]


def _actionable(plan: Plan, task_id: str) -> bool:
    return any(t.id == task_id and t.actionable for t in plan.tasks)


def _audit(a: Assignment) -> dict[str, object]:
    return {"lead_units": list(a.lead_units), "co_units": list(a.co_units),
            "deadline": a.deadline.isoformat() if a.deadline else None, "origin": a.origin.value}


def ensure_units(*, session: Session, region: str, names: Iterable[str]) -> None:
    """Record the named units as the region's responsible units (the missing ones)."""
    wanted = set(names)
    if not wanted:
        return
    region_id = region_ids(session, [region])[region]
    kinds = load_unit_table().kinds
    add_units(session, region_id=region_id, kinds={name: kinds.get(name) for name in wanted})


def region_units(*, session: Session, region: str) -> list[str]:
    """The responsible units known in a region (for choosing in a form), by name."""
    return region_unit_names(session, region)


# ---------------------------------------------------------------- the assignment workbook


def assignment_workbook(*, session: Session, region: str, dest: Path) -> Path:
    """The region's assignment sheet to fill: every actionable task and every project, as assigned now."""
    current = region_assignments(session=session, region=region)
    lines = [_line(ItemKind.TASK, t.id, f"{t.id} {t.title}", current.tasks[t.id])
             for t in current.plan.tasks if t.actionable]
    for p in current.plan.projects:
        key = project_key(p.table, p.seq, p.name)
        lines.append(_line(ItemKind.PROJECT, key, p.name, current.projects[key]))
    units = sorted({*region_units(session=session, region=region), *(u for a in current.tasks.values() for u in a.units)})
    return write_assignment_workbook(lines, units=units, dest=dest)


def _line(kind: ItemKind, key: str, name: str, a: Assignment) -> AssignmentLine:
    return AssignmentLine(kind.value, key, name, "、".join(a.lead_units), "、".join(a.co_units),
                          a.deadline.isoformat() if a.deadline else "", a.version)


def import_assignment_workbook(*, session: Session, region: str, path: Path, actor: str) -> SaveCounts:
    """Store the assignments of a filled sheet, all or nothing: every wrong row is listed with its
    location, and nothing is stored while one remains; unchanged rows are left alone."""
    current = region_assignments(session=session, region=region)
    wanted, problems = [], []
    for line in read_assignment_workbook(path):
        try:
            a = _from_line(line, current)
        except (InputError, NotFoundError) as exc:
            problems.append(str(exc))
            continue
        if a is not None:
            wanted.append(a)
    if problems:
        shown = "；".join(problems[:20]) + (f"；另有 {len(problems) - 20} 处" if len(problems) > 20 else "")
        raise InputError(f"分配表有 {len(problems)} 处错误，未导入任何分配：{shown}", location=Location(file=path.name))
    if not wanted:
        return SaveCounts()
    before = save_counts_for(current, wanted)
    assign_many(session=session, region=region, assignments=wanted, actor=actor)
    return before


def _from_line(line: AssignmentLine, current: RegionAssignments) -> Assignment | None:
    """The row's assignment, or None when it is as stored already."""
    where = Location(sheet=SHEET, row=line.row)
    if line.kind not in (ItemKind.TASK.value, ItemKind.PROJECT.value):
        raise InputError(f"类别“{line.kind}”应为“任务”或“项目”", location=where)
    kind = ItemKind(line.kind)
    known = current.tasks if kind is ItemKind.TASK else current.projects
    stored = known.get(line.key)
    if stored is None or (kind is ItemKind.TASK and not _actionable(current.plan, line.key)):
        raise NotFoundError(f"{ITEM_LABELS[kind]}“{line.key[:60]}”不在{current.plan.region}的规划中", location=where)
    deadline = parse_deadline(line.deadline, location=Location(sheet=SHEET, row=line.row, column="F"))
    a = checked_assignment(kind, line.key, lead=parse_units(line.lead, field="牵头单位"),
                           co=parse_units(line.co, field="配合单位"), deadline=deadline, version=line.version,
                           origin=Origin.WORKBOOK, location=Location(sheet=SHEET, row=line.row, column="D"))
    if (a.lead_units, a.co_units, a.deadline) == (stored.lead_units, stored.co_units, stored.deadline):
        return None
    if line.version != stored.version:
        raise InputError(f"{ITEM_LABELS[kind]}“{line.key[:60]}”的分配在模板下载后已被他人修改，请重新下载模板",
                         location=where)
    return a


def save_counts_for(current: RegionAssignments, wanted: Sequence[Assignment]) -> SaveCounts:
    """How many of `wanted` are new assignments and how many change a stored one."""
    new = sum(1 for a in wanted if a.version == 0)
    return SaveCounts(inserted=new, updated=len(wanted) - new)
