"""Who carries out a task or a project (任务分配): lead units, co-units and a deadline.

An assignment is kept apart from the extracted plan, keyed by the region and the item's key
(a task's number, a project's “table｜seq｜name”), so that re-importing a plan keeps it for
every item that still exists. Where nothing is stored, the units the plan text names (and the
task's own deadline) are the assignment: `origin` says which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from eduplan.core.plan import Plan, Project, Task
from eduplan.core.tracking.projects import planned_dates


class ItemKind(StrEnum):
    """What an assignment is about."""

    TASK = "task"
    PROJECT = "project"


class Origin(StrEnum):
    """Where an assignment comes from."""

    PLAN = "plan"  # the units named by the plan text; nothing stored
    PLANNER = "planner"  # set by the district's planner on the web
    WORKBOOK = "workbook"  # imported from the assignment sheet
    DEMO = "demo"  # the demo's made-up assignment


ORIGIN_LABELS: dict[Origin, str] = {
    Origin.PLAN: "规划文本",
    Origin.PLANNER: "规划科分配",
    Origin.WORKBOOK: "工作簿导入",
    Origin.DEMO: "演示分配",
}
ITEM_LABELS: dict[ItemKind, str] = {ItemKind.TASK: "任务", ItemKind.PROJECT: "项目"}


@dataclass(frozen=True)
class Assignment:
    """The units responsible for one item, its deadline, and where that comes from."""

    kind: ItemKind
    key: str
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline: dt.date | None = None
    origin: Origin = Origin.PLAN
    version: int = 0  # 0: not stored (the plan text's units)

    @property
    def units(self) -> tuple[str, ...]:
        """Lead units first, then the co-units, each once."""
        return tuple(dict.fromkeys((*self.lead_units, *self.co_units)))

    @property
    def origin_label(self) -> str:
        """The origin in Chinese (规划文本, 规划科分配, 演示分配 …)."""
        return ORIGIN_LABELS[self.origin]


def task_assignment(task: Task) -> Assignment:
    """The assignment the plan text makes: its lead and responsible units, its deadline."""
    lead = tuple(task.lead_units)
    return Assignment(ItemKind.TASK, task.id, lead, tuple(u for u in task.responsible_units if u not in lead),
                      task.deadline)


def project_assignment(key: str) -> Assignment:
    """A project's assignment before anyone sets one (project tables name no units)."""
    return Assignment(ItemKind.PROJECT, key)


def clean_units(lead: Iterable[str], co: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lead and co-units stripped, blank ones dropped, each once; a lead unit is not also a co-unit."""
    leads = tuple(dict.fromkeys(u.strip() for u in lead if u.strip()))
    cos = tuple(dict.fromkeys(u.strip() for u in co if u.strip() and u.strip() not in leads))
    return leads, cos


def effective_task_assignments(tasks: Sequence[Task],
                               stored: Mapping[str, Assignment]) -> dict[str, Assignment]:
    """Each task's assignment: the stored one, else the plan text's."""
    return {t.id: stored.get(t.id) or task_assignment(t) for t in tasks}


def assigned_tasks(tasks: Sequence[Task], assignments: Mapping[str, Assignment]) -> list[Task]:
    """The tasks with the units and deadline of their assignment (an unassigned task unchanged)."""
    out = []
    for t in tasks:
        a = assignments.get(t.id)
        if a is None or a.origin is Origin.PLAN:
            out.append(t)
            continue
        out.append(replace(t, lead_units=list(a.lead_units), responsible_units=list(a.co_units),
                           deadline=a.deadline or t.deadline))
    return out


def assigned_plan(plan: Plan, assignments: Mapping[str, Assignment]) -> Plan:
    """The plan with every task carrying its assignment's units and deadline."""
    return replace(plan, tasks=assigned_tasks(plan.tasks, assignments))


def project_deadline(project: Project, assignment: Assignment | None) -> dt.date | None:
    """When a project is due: its assignment's deadline, else the end of its planned finish
    month or of its period's last year."""
    if assignment is not None and assignment.deadline is not None:
        return assignment.deadline
    _, finish = planned_dates(project)
    if finish is None:
        return None
    year, month = (int(x) for x in finish.split("-"))
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)
