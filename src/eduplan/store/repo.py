"""Core `Plan` ⇄ database rows.

`save_plan` is a keyed upsert: a plan is identified by (region, title); inside it, rows are
matched by a natural key built from what an item says, never from its line (`convert`:
indicators by table, parent and name; prose targets by subject, unit and year; tasks by
number path; projects by table, seq and name; programmes by title; declared units by name;
text keys with white space and full-width forms folded; duplicates by occurrence), so the same
plan re-uploaded in another layout keeps its rows' ids and versions. Findings are replaced as
a whole. Every change is an audit event and a Chinese line in `SaveResult.changes`, except a
change of source line only (the document gained a line): it is written, counted in one
summary line, and not audited.
Functions here flush but never commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from eduplan.core.errors import ConflictError, InputError, NotFoundError
from eduplan.core.plan import Plan
from eduplan.data.divisions import load_divisions
from eduplan.store import convert as cv
from eduplan.store.changes import describe_changes, finding_what, is_source_only
from eduplan.store.models.audit import AuditEventRow
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
from eduplan.store.models.regions import RegionRow, UnitAliasRow, UnitRow
from eduplan.store.regions import division_row, ensure_key
from eduplan.store.session import flush

ROW_CLASSES: dict[str, type[Any]] = {
    "indicators": IndicatorRow, "targets": ProseTargetRow, "programmes": ProgrammeRow,
    "tasks": TaskRow, "projects": ProjectRow, "units": PlanUnitRow,
}
KINDS: tuple[cv.Kind[Any], ...] = (cv.UNITS, cv.INDICATORS, cv.TARGETS, cv.PROGRAMMES, cv.TASKS, cv.PROJECTS)
UNIT_ROLES = {"lead_units": "lead", "responsible_units": "responsible"}


@dataclass(frozen=True)
class SaveResult:
    """What `save_plan` did: the plan's id, whether it was new, and the changes in Chinese."""

    plan_id: int
    created: bool
    changes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- conflicts and audit


def add_audit_event(
    session: Session, *, actor: str, entity: str, entity_id: object, action: str,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> AuditEventRow:
    """Append an audit event (JSON-safe copies of before/after) to the session."""
    row = AuditEventRow(
        actor=actor, entity=entity, entity_id=None if entity_id is None else str(entity_id),
        action=action, before=cv.jsonable(before) if before is not None else None,
        after=cv.jsonable(after) if after is not None else None,
    )
    session.add(row)
    return row


# ---------------------------------------------------------------- reading rows


def _plan_rows_query(*criteria: Any) -> Any:
    return select(PlanRow).where(*criteria).options(
        joinedload(PlanRow.region),
        selectinload(PlanRow.indicators), selectinload(PlanRow.targets),
        selectinload(PlanRow.programmes), selectinload(PlanRow.projects),
        selectinload(PlanRow.findings),
        selectinload(PlanRow.tasks).selectinload(TaskRow.units).joinedload(TaskUnitRow.unit),
        selectinload(PlanRow.units).joinedload(PlanUnitRow.unit),
    )


def _read(kind: cv.Kind[Any], row: Any, columns: Sequence[str]) -> cv.Fields:
    if kind is cv.UNITS:
        return {"name": row.unit.name, "kind": row.kind, "aliases": list(row.aliases)}
    out = {c: getattr(row, c) for c in columns if c not in UNIT_ROLES}
    if kind is cv.TASKS:
        for attr, role in UNIT_ROLES.items():
            links = sorted((u for u in row.units if u.role == role), key=lambda u: u.position)
            out[attr] = [u.unit.name for u in links]
    return out


def _sorted(rows: Sequence[Any]) -> list[Any]:
    return sorted(rows, key=lambda r: (r.position, r.id or 0))


def load_plan(session: Session, plan_id: int) -> Plan:
    """Rebuild the core plan stored under `plan_id`, in its original order."""
    row = session.execute(_plan_rows_query(PlanRow.id == plan_id)).unique().scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划")
    return _plan_of(row)


def _plan_of(row: PlanRow) -> Plan:
    """The core plan of a loaded plan row and its children."""
    plan = cv.plan_from_fields(row.region.name, {c: getattr(row, c) for c in _PLAN_COLUMNS},
                               region_code=row.region.code, region_level=row.region.level)
    for kind in KINDS:
        columns = _kind_columns(kind)
        items = [kind.from_fields(_read(kind, r, columns)) for r in _sorted(getattr(row, kind.attr))]
        setattr(plan, "responsible_units" if kind is cv.UNITS else kind.attr, items)
    plan.findings = [cv.finding_from_fields(_generic_read(r, _FINDING_COLUMNS)) for r in _sorted(row.findings)]
    return plan


def _generic_read(row: Any, columns: Sequence[str]) -> cv.Fields:
    return {c: getattr(row, c) for c in columns}


_COLUMNS = {k.attr: k.columns for k in (*KINDS, cv.FINDINGS)}
_FINDING_COLUMNS = _COLUMNS["findings"]
_PLAN_COLUMNS = cv.PLAN_COLUMNS


def _kind_columns(kind: cv.Kind[Any]) -> list[str]:
    return _COLUMNS[kind.attr]


# ---------------------------------------------------------------- saving


def save_plan(session: Session, plan: Plan, *, actor: str, status: str = "published") -> SaveResult:
    """Insert the plan, or update the stored plan with the same (region, title) in place.

    `status` is the publication state of a new plan; an existing plan's is left to the caller.
    """
    region = _region(session, plan)
    _region_code(region, plan)
    existing = session.execute(
        _plan_rows_query(PlanRow.region_id == region.id, PlanRow.title == plan.title)
    ).unique().scalar_one_or_none()
    saver = _Saver(session, actor, region)
    if existing is None:
        return saver.create(plan, status)
    return saver.update(existing, plan)


def _region(session: Session, plan: Plan) -> RegionRow:
    """The plan's region row: by its division code when the plan has one (created in the tree with
    its ancestors), else by its name."""
    division = load_divisions().by_code(plan.region_code) if plan.region_code else None
    if division is not None:
        if division.name != plan.region:
            raise InputError(f"规划所属地区“{plan.region}”与区划代码 {division.code} 不符：该代码是“{division.name}”"
                             "（plan.region 与 plan.region_code 须指同一行政区）")
        return division_row(session, division)
    return ensure_key(session, plan.region)


def _region_code(row: RegionRow, plan: Plan) -> None:
    """Record the division code of the plan's region; a different region of the same name conflicts."""
    if not plan.region_code and not plan.region_level:
        return
    if row.code and plan.region_code and row.code != plan.region_code:
        raise ConflictError(f"库中的“{row.name}”是区划代码 {row.code} 的行政区，而规划所属的是 {plan.region_code}："
                            "同名的两个行政区不能同时入库")
    code, level = plan.region_code or row.code, plan.region_level or row.level
    if (row.code, row.level) != (code, level):
        row.code, row.level = code, level


class _Saver:
    """One save of one plan: unit lookup, change messages and audit events."""

    def __init__(self, session: Session, actor: str, region: RegionRow) -> None:
        self.session = session
        self.actor = actor
        self.region = region
        self.changes: list[str] = []
        self.source_only = 0
        self.moved = 0
        self._units: dict[str, UnitRow] | None = None
        # Audit events wait for the flush that gives new rows their ids.
        self._pending: list[tuple[str, Any, str, cv.Fields | None, cv.Fields | None]] = []

    # -- units of the region

    def unit(self, name: str) -> UnitRow:
        if self._units is None:
            rows = self.session.execute(
                select(UnitRow).where(UnitRow.region_id == self.region.id).options(selectinload(UnitRow.aliases))
            ).scalars()
            self._units = {u.name: u for u in rows}
        row = self._units.get(name)
        if row is None:
            row = UnitRow(region_id=self.region.id, name=name)
            self.session.add(row)
            self._units[name] = row
        return row

    def declare_unit(self, f: cv.Fields) -> UnitRow:
        unit = self.unit(f["name"])
        if f["kind"] and unit.kind is None:
            unit.kind = f["kind"]
        known = {a.alias for a in unit.aliases}
        for alias in f["aliases"]:
            if alias not in known:
                unit.aliases.append(UnitAliasRow(alias=alias))
                known.add(alias)
        return unit

    # -- writing one row

    def write(self, kind: cv.Kind[Any], row: Any, f: cv.Fields) -> None:
        if kind is cv.UNITS:
            row.unit = self.declare_unit(f)
            row.kind, row.aliases = f["kind"], list(f["aliases"])
            return
        for col, value in f.items():
            if col not in UNIT_ROLES:
                setattr(row, col, value)
        if kind is cv.TASKS:
            row.units = [
                TaskUnitRow(unit=self.unit(name), role=role, position=n)
                for attr, role in UNIT_ROLES.items() for n, name in enumerate(f[attr])
            ]

    def new_row(self, kind: cv.Kind[Any], f: cv.Fields, position: int) -> Any:
        row = ROW_CLASSES[kind.attr](position=position)
        self.write(kind, row, f)
        return row

    # -- whole plan

    def create(self, plan: Plan, status: str) -> SaveResult:
        row = PlanRow(region=self.region, status=status, **cv.plan_fields(plan))
        self.session.add(row)
        for kind in KINDS:
            items = plan.responsible_units if kind is cv.UNITS else getattr(plan, kind.attr)
            setattr(row, kind.attr, [self.new_row(kind, kind.to_fields(x), n) for n, x in enumerate(items)])
        row.findings = [FindingRow(position=n, **cv.finding_fields(x)) for n, x in enumerate(plan.findings)]
        flush(self.session, f"规划“{plan.title}”")
        self.link_task_parents(row)
        counts = {k: len(getattr(plan, k)) for k in ("indicators", "targets", "programmes", "tasks", "projects", "findings")}
        add_audit_event(self.session, actor=self.actor, entity="plan", entity_id=row.id, action="create",
                        before=None, after={"region": plan.region, **cv.plan_fields(plan), "status": status,
                                                   "counts": counts})
        flush(self.session, f"规划“{plan.title}”")
        self.changes.append(
            f"新建规划“{plan.title}”（{plan.region}）：指标 {counts['indicators']} 项，文中目标 {counts['targets']} 项，"
            f"专栏 {counts['programmes']} 个，任务 {counts['tasks']} 项，项目 {counts['projects']} 个，问题 {counts['findings']} 条"
        )
        return SaveResult(plan_id=row.id, created=True, changes=self.changes)

    def update(self, row: PlanRow, plan: Plan) -> SaveResult:
        what = f"规划“{plan.title}”"
        with self.session.no_autoflush:
            self.update_header(row, plan)
            for kind in KINDS:
                items = plan.responsible_units if kind is cv.UNITS else getattr(plan, kind.attr)
                self.sync(row, kind, [kind.to_fields(x) for x in items])
            self.sync_findings(row, [cv.finding_fields(x) for x in plan.findings])
        flush(self.session, what)
        self.link_task_parents(row)
        flush(self.session, what)
        self.flush_audit()
        flush(self.session, what)
        if self.moved:
            self.changes.append(f"{self.moved} 项内容的顺序有调整")
        if self.source_only:
            self.changes.append(f"{self.source_only} 项内容仅出处行号有变化")
        return SaveResult(plan_id=row.id, created=False, changes=self.changes)

    def update_header(self, row: PlanRow, plan: Plan) -> None:
        new = cv.plan_fields(plan)
        diff = {c: (getattr(row, c), v) for c, v in new.items() if getattr(row, c) != v}
        if not diff:
            return
        for col, (_, value) in diff.items():
            setattr(row, col, value)
        self.changes += describe_changes("规划", plan.title, diff)
        self.audit("plan", row, "update", {c: o for c, (o, _) in diff.items()}, {c: n for c, (_, n) in diff.items()})

    def sync(self, plan_row: PlanRow, kind: cv.Kind[Any], wanted: list[cv.Fields]) -> None:
        columns = _kind_columns(kind)
        old_rows = _sorted(getattr(plan_row, kind.attr))
        by_key: dict[tuple[Any, ...], Any] = {}
        seen: Counter[tuple[Any, ...]] = Counter()
        for r in old_rows:
            k = kind.key(_read(kind, r, columns))
            by_key[(*k, seen[k])] = r
            seen[k] += 1
        seen.clear()
        result = []
        for position, f in enumerate(wanted):
            k = kind.key(f)
            r = by_key.pop((*k, seen[k]), None)
            seen[k] += 1
            if r is None:
                r = self.new_row(kind, f, position)
                self.changes.append(f"新增{kind.noun}“{kind.label(f)}”")
                self.audit(kind.entity, r, "create", None, f)
            else:
                self.update_row(kind, r, f, position, columns)
            result.append(r)
        for r in by_key.values():
            before = _read(kind, r, columns)
            self.changes.append(f"删除{kind.noun}“{kind.label(before)}”")
            self.audit(kind.entity, r, "delete", before, None)
        setattr(plan_row, kind.attr, result)

    def update_row(self, kind: cv.Kind[Any], r: Any, f: cv.Fields, position: int, columns: Sequence[str]) -> None:
        old = _read(kind, r, columns)
        diff = {c: (old[c], v) for c, v in f.items() if old[c] != v}
        if r.position != position:
            r.position = position
            self.moved += 1
        if not diff:
            return
        self.write(kind, r, f)
        if is_source_only(diff):
            self.source_only += 1  # where it stands is no change of what the plan says: not audited
            return
        self.changes += describe_changes(kind.noun, kind.label(f), diff, new_fields=f)
        self.audit(kind.entity, r, "update", {c: o for c, (o, _) in diff.items()}, {c: n for c, (_, n) in diff.items()})

    def sync_findings(self, plan_row: PlanRow, wanted: list[cv.Fields]) -> None:
        old = [_generic_read(r, _FINDING_COLUMNS) for r in _sorted(plan_row.findings)]
        if old == wanted:
            return
        plan_row.findings = [FindingRow(position=n, **f) for n, f in enumerate(wanted)]
        if [finding_what(f) for f in old] == [finding_what(f) for f in wanted]:
            self.source_only += sum(1 for a, b in zip(old, wanted, strict=True) if a != b)
            return
        self.changes.append(f"问题清单已更新：{len(old)} 条 → {len(wanted)} 条")
        self.audit("findings", plan_row, "update", {"findings": old}, {"findings": wanted})

    def link_task_parents(self, plan_row: PlanRow) -> None:
        ids: dict[str, int] = {}
        for t in _sorted(plan_row.tasks):
            ids.setdefault(t.key, t.id)
        for t in plan_row.tasks:
            parent_id = ids.get(t.parent_key) if t.parent_key is not None else None
            if t.parent_id != parent_id:
                t.parent_id = parent_id

    # -- audit events

    def audit(self, entity: str, row: Any, action: str, before: cv.Fields | None, after: cv.Fields | None) -> None:
        # A deleted row's id is known now; a new row's id only after the flush.
        self._pending.append((entity, row if action == "create" else row.id, action, before, after))

    def flush_audit(self) -> None:
        for entity, ref, action, before, after in self._pending:
            entity_id = getattr(ref, "id", ref)
            add_audit_event(self.session, actor=self.actor, entity=entity, entity_id=entity_id,
                            action=action, before=before, after=after)
