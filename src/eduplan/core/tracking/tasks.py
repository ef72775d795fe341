"""Task tracking (任务推进): each unit's part of a task, the roll-up, its deadline state, a summary per unit.

Each responsible unit reports its own part of a shared task (a report carries its `unit`);
the parts never overwrite one another. The task's progress is the roll-up of the parts:

- the mean of the latest percent of every unit assigned to the task, lead and co-units
  alike, a unit that has not reported yet counting as 0 %, as soon as one unit has reported;
- without any unit's part, the latest report on the task as a whole (a workbook import or the
  planner's report, `unit` None);
- a part by a unit no longer assigned is shown (role "former") but not counted.

So a shared task is 已完成 only when every one of its units says 100 %. A task is 已完成 when
its roll-up is 100 %; otherwise 逾期 after its deadline, 临近
within `window_days` before it, else 正常. A task without a deadline of its own takes the
plan's (31 December of the plan's last year) when one is given, so every task can fall due.
Everything is judged at an explicit date, never the clock, so an evaluation is reproducible.
Only actionable tasks are tracked: a heading that only groups tasks (`Task.kind` "heading",
such as 主要任务 or 保障措施) has no deadline, units or status of its own and is not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.frozen import made
from eduplan.core.plan import Task, actionable_tasks

DUE_SOON_DAYS = 90
DONE_PERCENT = 100.0
ROLL_UP_RULE = ("任务进度为各责任单位（牵头单位和配合单位）最新填报进度的平均值，尚未填报的单位按 0% 计；"
                "没有单位填报时取任务整体的填报。各单位均填报 100% 时任务才算已完成。")


class DeadlineState(StrEnum):
    """Where a task stands against its deadline, best first."""

    DONE = "已完成"
    NORMAL = "正常"
    DUE_SOON = "临近"
    OVERDUE = "逾期"


class PartRole(StrEnum):
    """Whose part of a task a line is."""

    LEAD = "lead"  # 牵头单位
    CO = "co"  # 配合单位
    WHOLE = "whole"  # the task as a whole (a report naming no unit)
    FORMER = "former"  # a unit that reported but is no longer assigned


PART_ROLE_LABELS: dict[PartRole, str] = {PartRole.LEAD: "牵头", PartRole.CO: "配合", PartRole.WHOLE: "整体",
                                         PartRole.FORMER: "原责任单位"}


@dataclass(frozen=True)
class TaskPart:
    """One unit's part of a task: its latest report up to the as-of year (none yet: year None)."""

    unit: str | None  # None for the task as a whole
    role: PartRole
    year: int | None = None
    percent: float | None = None
    progress: str | None = None
    evidence: str | None = None
    reported_by: str | None = None

    @property
    def counted(self) -> bool:
        """Whether the part enters the roll-up (the assigned units' parts)."""
        return self.role in (PartRole.LEAD, PartRole.CO)


@dataclass(frozen=True)
class TaskStatus:
    """One task on the board: what the plan says, the units' parts and their roll-up, the deadline state.

    `percent` is the roll-up; `progress`, `evidence`, `report_year` and `reported_by` are those of
    the latest report (the lead's first when several units reported in the same year)."""

    task_id: str
    title: str
    level: int
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    deadline: dt.date | None
    state: DeadlineState
    days_left: int | None  # negative when overdue
    percent: float | None
    progress: str | None
    evidence: str | None
    report_year: int | None
    reported_by: str | None
    parts: tuple[TaskPart, ...] = ()

    @property
    def units(self) -> tuple[str, ...]:
        """Lead units first, then the other responsible units, each once."""
        return tuple(dict.fromkeys((*self.lead_units, *self.responsible_units)))


@dataclass(frozen=True)
class UnitSummary:
    """How one responsible unit's tasks stand (a task counts for each of its units)."""

    unit: str
    total: int
    done: int
    normal: int
    due_soon: int
    overdue: int
    reported: int  # tasks with at least one report
    mean_percent: float | None  # over reported tasks

    @property
    def label(self) -> str:
        """A Chinese one-liner: “区教委：任务12项，已完成3，临近2，逾期1”."""
        return (f"{self.unit}：任务{self.total}项，已完成{self.done}，正常{self.normal}，"
                f"临近{self.due_soon}，逾期{self.overdue}")


def deadline_state(
    *, deadline: dt.date | None, percent: float | None, today: dt.date,
    window_days: int = DUE_SOON_DAYS,
) -> DeadlineState:
    """已完成 at 100 %, else 逾期 after the deadline, 临近 within the window, else 正常."""
    if percent is not None and percent >= DONE_PERCENT:
        return DeadlineState.DONE
    if deadline is None:
        return DeadlineState.NORMAL
    days = (deadline - today).days
    if days < 0:
        return DeadlineState.OVERDUE
    if days <= window_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.NORMAL


def latest_reports(reports: Iterable[TaskReport], *,
                   up_to_year: int | None = None) -> dict[tuple[str, str | None], TaskReport]:
    """The latest report of each task and unit (by year), ignoring years after `up_to_year`."""
    latest: dict[tuple[str, str | None], TaskReport] = {}
    for r in reports:
        if up_to_year is not None and r.year > up_to_year:
            continue
        key = (r.task_id, r.unit or None)
        if key not in latest or r.year >= latest[key].year:
            latest[key] = r
    return latest


def task_parts(task: Task, latest: Mapping[tuple[str, str | None], TaskReport], *,
               units_of: Mapping[str, Sequence[str | None]] | None = None) -> tuple[TaskPart, ...]:
    """The task's parts: each assigned unit's (lead first), then the whole task's and former units'
    when they reported. `units_of` (`reporting_units`: the units of `latest` by task) spares a
    scan of every report per task when the parts of many tasks are wanted."""
    lead = tuple(dict.fromkeys(task.lead_units))
    co = tuple(u for u in dict.fromkeys(task.responsible_units) if u not in lead)
    parts = [_part(unit, role, latest.get((task.id, unit)))
             for unit, role in (*((u, PartRole.LEAD) for u in lead), *((u, PartRole.CO) for u in co))]
    assigned = {*lead, *co}
    reporting = units_of.get(task.id, ()) if units_of is not None else [u for t, u in latest if t == task.id]
    others = [(unit, latest[(task.id, unit)]) for unit in reporting if unit not in assigned]
    for unit, report in sorted(others, key=lambda kv: (kv[0] is not None, kv[0] or "")):  # the task's own, then sorted
        parts.append(_part(unit, PartRole.WHOLE if unit is None else PartRole.FORMER, report))
    return tuple(parts)


def _part(unit: str | None, role: PartRole, report: TaskReport | None) -> TaskPart:
    if report is None:
        return TaskPart(unit, role)
    return TaskPart(unit, role, report.year, report.percent, report.progress, report.evidence, report.reported_by)


def roll_up(parts: Sequence[TaskPart]) -> float | None:
    """The task's percent from its parts (the rule in the module docstring)."""
    counted = [p for p in parts if p.counted]
    if any(p.year is not None for p in counted):
        return sum(p.percent or 0.0 for p in counted) / len(counted)
    whole = next((p for p in parts if p.role is PartRole.WHOLE and p.year is not None), None)
    return whole.percent if whole is not None else None


def _latest_part(parts: Sequence[TaskPart]) -> TaskPart | None:
    """The most recent report among the parts (parts are in lead-first order: ties go to the lead)."""
    reported = [p for p in parts if p.year is not None]
    return max(reported, key=lambda p: p.year or 0) if reported else None


def track_tasks(
    tasks: Sequence[Task], reports: Iterable[TaskReport], *, today: dt.date,
    window_days: int = DUE_SOON_DAYS, default_deadline: dt.date | None = None,
) -> list[TaskStatus]:
    """Every actionable task of the plan (headings left out), in plan order, with its units'
    parts up to `today`'s year."""
    latest = latest_reports(reports, up_to_year=today.year)
    units_of = reporting_units(latest)
    return [_status(t, task_parts(t, latest, units_of=units_of), today, window_days, t.deadline or default_deadline)
            for t in actionable_tasks(list(tasks))]


def reporting_units(latest: Mapping[tuple[str, str | None], TaskReport]) -> dict[str, list[str | None]]:
    """The units that reported on each task (None: the task as a whole), by task id, in `latest`'s order."""
    out: dict[str, list[str | None]] = {}
    for task_id, unit in latest:
        out.setdefault(task_id, []).append(unit)
    return out


def _status(task: Task, parts: tuple[TaskPart, ...], today: dt.date, window_days: int,
            deadline: dt.date | None) -> TaskStatus:
    """One task's line on the board."""
    percent = roll_up(parts)
    report = _latest_part(parts)
    state = deadline_state(deadline=deadline, percent=percent, today=today, window_days=window_days)
    return made(
        TaskStatus, task_id=task.id, title=task.title, level=task.level,
        lead_units=tuple(task.lead_units), responsible_units=tuple(task.responsible_units),
        deadline=deadline, state=state,
        days_left=(deadline - today).days if deadline is not None else None,
        percent=percent, progress=report.progress if report else None,
        evidence=report.evidence if report else None,
        report_year=report.year if report else None,
        reported_by=report.reported_by if report else None, parts=parts,
    )


def summarize_units(statuses: Iterable[TaskStatus]) -> list[UnitSummary]:
    """One summary per responsible unit, most overdue first, then by name."""
    by_unit: dict[str, list[TaskStatus]] = {}
    for s in statuses:
        for unit in s.units:
            by_unit.setdefault(unit, []).append(s)
    summaries = [_summary(unit, items) for unit, items in by_unit.items()]
    return sorted(summaries, key=lambda u: (-u.overdue, -u.due_soon, u.unit))


def _summary(unit: str, items: list[TaskStatus]) -> UnitSummary:
    """The counts for one unit."""
    count = {state: sum(1 for s in items if s.state is state) for state in DeadlineState}
    percents = [s.percent for s in items if s.percent is not None]
    return UnitSummary(
        unit=unit, total=len(items), done=count[DeadlineState.DONE], normal=count[DeadlineState.NORMAL],
        due_soon=count[DeadlineState.DUE_SOON], overdue=count[DeadlineState.OVERDUE],
        reported=sum(1 for s in items if s.report_year is not None),
        mean_percent=sum(percents) / len(percents) if percents else None,
    )
