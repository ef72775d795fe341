"""Task tracking (任务推进): each task's latest report, its deadline state, and a summary per unit.

A task is 已完成 when its latest report says 100 %; otherwise 逾期 after its deadline, 临近
within `window_days` before it, else 正常. A task without a deadline of its own takes the
plan's (31 December of the plan's last year) when one is given, so every task can fall due.
Everything is judged at an explicit date, never the clock, so an evaluation is reproducible.
Only actionable tasks are tracked: a heading that only groups tasks (`Task.kind` "heading",
such as 主要任务 or 保障措施) has no deadline, units or status of its own and is not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.plan import Task, actionable_tasks

DUE_SOON_DAYS = 90
DONE_PERCENT = 100.0


class DeadlineState(StrEnum):
    """Where a task stands against its deadline, best first."""

    DONE = "已完成"
    NORMAL = "正常"
    DUE_SOON = "临近"
    OVERDUE = "逾期"


@dataclass(frozen=True)
class TaskStatus:
    """One task on the board: what the plan says, the latest report, and the deadline state."""

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


def latest_reports(reports: Iterable[TaskReport], *, up_to_year: int | None = None) -> dict[str, TaskReport]:
    """The latest report of each task (by year), ignoring years after `up_to_year`."""
    latest: dict[str, TaskReport] = {}
    for r in reports:
        if up_to_year is not None and r.year > up_to_year:
            continue
        if r.task_id not in latest or r.year >= latest[r.task_id].year:
            latest[r.task_id] = r
    return latest


def track_tasks(
    tasks: Sequence[Task], reports: Iterable[TaskReport], *, today: dt.date,
    window_days: int = DUE_SOON_DAYS, default_deadline: dt.date | None = None,
) -> list[TaskStatus]:
    """Every actionable task of the plan (headings left out), in plan order, with its latest
    report up to `today`'s year."""
    latest = latest_reports(reports, up_to_year=today.year)
    return [_status(t, latest.get(t.id), today, window_days, t.deadline or default_deadline)
            for t in actionable_tasks(list(tasks))]


def _status(task: Task, report: TaskReport | None, today: dt.date, window_days: int,
            deadline: dt.date | None) -> TaskStatus:
    """One task's line on the board."""
    percent = report.percent if report else None
    state = deadline_state(deadline=deadline, percent=percent, today=today, window_days=window_days)
    return TaskStatus(
        task_id=task.id, title=task.title, level=task.level,
        lead_units=tuple(task.lead_units), responsible_units=tuple(task.responsible_units),
        deadline=deadline, state=state,
        days_left=(deadline - today).days if deadline is not None else None,
        percent=percent, progress=report.progress if report else None,
        evidence=report.evidence if report else None,
        report_year=report.year if report else None,
        reported_by=report.reported_by if report else None,
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
