"""Page contexts of the responsible units' pages (我的任务, 我的项目, 待办) and the assignment bodies."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from eduplan.core.tracking.assignments import Assignment
from eduplan.core.tracking.tasks import PART_ROLE_LABELS, TaskPart
from eduplan.web.schemas.monitoring import AssignmentOut, ProjectOut, TaskOut, TaskPartOut


def assignment_out(a: Assignment) -> AssignmentOut:
    """The assignment as the pages and the API show it."""
    return AssignmentOut(lead_units=list(a.lead_units), co_units=list(a.co_units), deadline=a.deadline,
                         origin=a.origin.value, origin_label=a.origin_label, version=a.version)


def part_out(p: TaskPart, seen: str) -> TaskPartOut:
    """One unit's part of a task."""
    return TaskPartOut(unit=p.unit, role=PART_ROLE_LABELS[p.role], counted=p.counted, year=p.year, percent=p.percent,
                       progress=p.progress, evidence=p.evidence, seen=seen)


class AssignmentIn(BaseModel):
    """A planner's assignment of a task or project (the API body; the forms send the same fields)."""

    lead_units: list[str] = Field(default_factory=list, max_length=20, description="牵头单位")
    co_units: list[str] = Field(default_factory=list, max_length=20, description="配合单位")
    deadline: dt.date | None = Field(default=None, description="截止日期（YYYY-MM-DD）")
    version: int = Field(default=0, ge=0, le=2**31 - 1, description="读取时的分配版本（0：尚未保存）")


class AssignmentResult(BaseModel):
    """The assignment as stored."""

    region: str
    kind: str
    key: str
    assignment: AssignmentOut


class ImportAssignmentsResult(BaseModel):
    """What importing an assignment workbook stored."""

    region: str
    inserted: int
    updated: int


class ProjectProgressResult(BaseModel):
    """The project after its progress was stored."""

    region: str
    project: ProjectOut


class MyWorkPage(BaseModel):
    """A user's tasks and projects (我的任务 / 我的项目 / 待办): a unit's own, a planner's whole region."""

    region: str
    unit: str | None = Field(description="责任单位；null 为区教委规划科（全区）")
    who: str = Field(description="页面所代表的单位或角色")
    plan_title: str
    as_of: dt.date
    window_days: int
    view: str = Field(description="tasks / projects / inbox")
    tasks: list[TaskOut] = Field(default_factory=list)
    projects: list[ProjectOut] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    roll_up_rule: str = ""
    saved: str | None = None
