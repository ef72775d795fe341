"""Many stored plans read back at once, column by column: one SELECT per kind of row for all the
plans (their header, indicators, prose targets, programmes, tasks with their units, projects,
declared units, findings), no row objects, so a province's boards load its plans in a few
queries. The plans are those `store.repo.load_plan` gives, one at a time (tests/store).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.plan import Plan
from eduplan.store import convert as cv
from eduplan.store.models.plans import (
    FindingRow,
    IndicatorRow,
    PlanRow,
    PlanUnitRow,
    ProgrammeRow,
    ProjectRow,
    ProseTargetRow,
    TaskRow,
    TaskUnitRow,
)
from eduplan.store.models.regions import RegionRow, UnitRow
from eduplan.store.session import core_rows

_MODELS: dict[str, Any] = {"indicators": IndicatorRow, "targets": ProseTargetRow, "programmes": ProgrammeRow,
                           "tasks": TaskRow, "projects": ProjectRow, "findings": FindingRow}
_ROLES = {"lead": "lead_units", "responsible": "responsible_units"}
_KINDS = (cv.INDICATORS, cv.TARGETS, cv.PROGRAMMES, cv.TASKS, cv.PROJECTS)


#: Every part of a plan; a reader that needs fewer names them (the boards' targets: indicators, targets).
PARTS = ("indicators", "targets", "programmes", "tasks", "projects", "findings", "units")


def load_plans(session: Session, plan_ids: Sequence[int], *, parts: Sequence[str] = PARTS) -> dict[int, Plan]:
    """The core plans stored under `plan_ids`, by id (ids not stored are left out), with the `parts`
    named (the others left empty)."""
    ids = sorted(set(plan_ids))
    if not ids:
        return {}
    head = [getattr(PlanRow, c) for c in cv.PLAN_COLUMNS]
    plans = {int(row[0]): cv.plan_from_fields(row[1], dict(zip(cv.PLAN_COLUMNS, row[4:], strict=True)),
                                              region_code=row[2], region_level=row[3])
             for row in core_rows(session, select(PlanRow.id, RegionRow.name, RegionRow.code, RegionRow.level, *head)
                                  .join(RegionRow, PlanRow.region_id == RegionRow.id).where(PlanRow.id.in_(ids)))}
    units = _task_units(session, ids) if "tasks" in parts else {}
    for kind in (k for k in _KINDS if k.attr in parts):
        names = [c for c in kind.columns if c not in _ROLES.values()]
        for plan_id, task_id, fields in _children(session, _MODELS[kind.attr], names, ids):
            if kind is cv.TASKS:
                fields.update({role: units.get((task_id, role), []) for role in _ROLES.values()})
            getattr(plans[plan_id], kind.attr).append(kind.from_fields(fields))
    if "findings" in parts:
        for plan_id, _, fields in _children(session, FindingRow, cv.FINDINGS.columns, ids):
            plans[plan_id].findings.append(cv.finding_from_fields(fields))
    if "units" not in parts:
        return plans
    unit_rows = core_rows(session,
        select(PlanUnitRow.plan_id, UnitRow.name, PlanUnitRow.kind, PlanUnitRow.aliases)
        .join(UnitRow, PlanUnitRow.unit_id == UnitRow.id).where(PlanUnitRow.plan_id.in_(ids))
        .order_by(PlanUnitRow.plan_id, PlanUnitRow.position, PlanUnitRow.id))
    for plan_id, name, unit_kind, aliases in unit_rows:
        plans[int(plan_id)].responsible_units.append(
            cv.unit_from_fields({"name": name, "kind": unit_kind, "aliases": list(aliases)}))
    return plans


def _children(session: Session, model: Any, names: Sequence[str], ids: Sequence[int]
              ) -> list[tuple[int, int, dict[str, Any]]]:
    """(plan id, row id, fields) of one kind of child row of the plans, in plan order."""
    query = (select(model.plan_id, model.id, *(getattr(model, c) for c in names)).where(model.plan_id.in_(ids))
             .order_by(model.plan_id, model.position, model.id))
    return [(int(row[0]), int(row[1]), dict(zip(names, row[2:], strict=True))) for row in core_rows(session, query)]


def _task_units(session: Session, ids: Sequence[int]) -> dict[tuple[int, str], list[str]]:
    """The lead and responsible units' names of the plans' tasks, by (task id, attribute), in order."""
    rows = core_rows(session,
        select(TaskUnitRow.task_id, TaskUnitRow.role, UnitRow.name).join(TaskRow, TaskUnitRow.task_id == TaskRow.id)
        .join(UnitRow, TaskUnitRow.unit_id == UnitRow.id).where(TaskRow.plan_id.in_(ids))
        .order_by(TaskUnitRow.task_id, TaskUnitRow.position, TaskUnitRow.id))
    out: dict[tuple[int, str], list[str]] = {}
    for task_id, role, name in rows:
        if role in _ROLES:
            out.setdefault((int(task_id), _ROLES[role]), []).append(name)
    return out
