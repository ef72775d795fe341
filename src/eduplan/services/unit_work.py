"""What a responsible unit has to do: 我的任务, 我的项目, the inbox (临近/逾期), the 督办单, and
project progress reports.

A unit user sees the tasks and projects its unit is assigned to in its region; a planner sees
all of its region's. The inbox lists what is 临近 (due within the window) or 逾期 (past due and
not done); the 督办单 lists, unit by unit, what is overdue (and, optionally, due soon).
A project is done when its actual finish is reported; it falls due at its assignment's
deadline, else at the end of its planned finish month.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.access import Principal, Role
from eduplan.core.collection.yearly import ProjectKey, ProjectReport
from eduplan.core.dates import month_text
from eduplan.core.errors import ConflictError, InputError, Location, NotFoundError
from eduplan.core.numbers import parse_number
from eduplan.core.plan import Project
from eduplan.core.tracking.assignments import Assignment, project_deadline
from eduplan.core.tracking.projects import (
    ProjectTracking,
    project_key,
    reports_for,
    track_project,
)
from eduplan.core.tracking.tasks import DUE_SOON_DAYS, DeadlineState, TaskStatus, deadline_state
from eduplan.reports.model import Column, NumberFormat, Paragraph, Report, Section, Table
from eduplan.reports.xlsx import write_xlsx
from eduplan.services.assignments import region_assignments
from eduplan.services.audit import record_audit
from eduplan.services.monitoring import task_board
from eduplan.store.monitoring import load_project_reports, save_project_reports

ATTENTION = (DeadlineState.OVERDUE, DeadlineState.DUE_SOON)


@dataclass(frozen=True)
class ProjectItem:
    """One project a unit carries out: its tracking, assignment, deadline and deadline state."""

    tracking: ProjectTracking
    assignment: Assignment
    deadline: dt.date | None
    state: DeadlineState
    days_left: int | None
    seen: str  # fingerprint of the project's stored reports (for the version check)


@dataclass(frozen=True)
class MyWork:
    """A user's tasks and projects in their region at a date."""

    region: str
    unit: str | None  # None: a planner, who sees the whole region
    plan_title: str
    as_of: dt.date
    window_days: int
    tasks: list[TaskStatus] = field(default_factory=list)
    projects: list[ProjectItem] = field(default_factory=list)

    def inbox(self) -> tuple[list[TaskStatus], list[ProjectItem]]:
        """What is 逾期 or 临近, most overdue first."""
        tasks = sorted((t for t in self.tasks if t.state in ATTENTION), key=lambda t: (t.days_left or 0, t.task_id))
        projects = sorted((p for p in self.projects if p.state in ATTENTION), key=lambda p: (p.days_left or 0, p.tracking.key))
        return tasks, projects


def work_region(user: Principal) -> str:
    """The region whose work a user sees; refused for users bound to no region or without work."""
    if user.role not in (Role.UNIT, Role.PLANNER) or user.region is None:
        raise InputError("“我的任务”只对责任单位用户和区教委规划科用户开放（账号须属于一个区县）")
    return user.region


def my_work(*, session: Session, user: Principal, today: dt.date | None = None,
            window_days: int = DUE_SOON_DAYS) -> MyWork:
    """The user's tasks and projects: a unit's own (assigned to it), a planner's whole region."""
    region = work_region(user)
    unit = user.unit if user.role is Role.UNIT else None
    return region_work(session=session, region=region, unit=unit, today=today, window_days=window_days)


def region_work(*, session: Session, region: str, unit: str | None, today: dt.date | None = None,
                window_days: int = DUE_SOON_DAYS) -> MyWork:
    """A region's tasks and projects at `today`, only the unit's when `unit` is given."""
    as_of = today or dt.date.today()
    board = task_board(session=session, region=region, today=as_of, window_days=window_days)
    tasks = [t for t in board.tasks if unit is None or unit in t.units]
    current = region_assignments(session=session, region=region)
    reports = load_project_reports(session, region=region)
    items = []
    for p in current.plan.projects:
        a = current.projects[project_key(p.table, p.seq, p.name)]
        if unit is not None and unit not in a.units:
            continue
        items.append(_project_item(p, a, reports, as_of, window_days))
    return MyWork(region, unit, board.plan_title, as_of, window_days, tasks, items)


def _project_item(project: Project, assignment: Assignment, reports: Sequence[ProjectReport], as_of: dt.date,
                  window_days: int) -> ProjectItem:
    tracking = track_project(project, reports, as_of_year=as_of.year)
    deadline = project_deadline(project, assignment)
    done = 100.0 if tracking.actual_finish else None
    state = deadline_state(deadline=deadline, percent=done, today=as_of, window_days=window_days)
    return ProjectItem(tracking, assignment, deadline, state,
                       (deadline - as_of).days if deadline else None, project_fingerprint(reports_for(project, reports)))


def project_fingerprint(reports: Sequence[ProjectReport]) -> str:
    """A short digest of a project's stored reports (none: a fixed value)."""
    rows = [[r.year, r.actual_start, r.actual_finish, r.investment, r.places, r.note] for r in reports]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- project progress


@dataclass(frozen=True)
class ProjectProgressIn:
    """A project progress form as entered: dates, and per year the spend (万元) and places delivered."""

    key: str
    actual_start: str = ""
    actual_finish: str = ""
    spend: Mapping[int, str] = field(default_factory=dict)  # year → text as typed
    places: Mapping[int, str] = field(default_factory=dict)
    note: str = ""
    note_year: int | None = None
    seen: str | None = None


def _month(text: str, *, end: bool, label: str) -> str | None:
    """A month field as “YYYY-MM”, read by core.dates (a bare year: its January, or December at the end)."""
    raw = text.strip()
    if not raw:
        return None
    month = month_text(raw, end=end)
    if month is None:
        raise InputError(f"{label}“{raw}”应写成“2024-09”的形式（年-月）", location=Location(field=label))
    return month


def _amount(text: str, *, label: str, integer: bool) -> float | None:
    raw = text.strip()
    if not raw:
        return None
    value = parse_number(raw)
    if value is None or not math.isfinite(value):
        raise InputError(f"{label}“{raw[:30]}”不是数字", location=Location(field=label))
    if value < 0:
        raise InputError(f"{label}“{raw}”不能为负数", location=Location(field=label))
    if integer and value != int(value):
        raise InputError(f"{label}“{raw}”应为整数", location=Location(field=label))
    if value > 1e9:
        raise InputError(f"{label}“{raw}”过大", location=Location(field=label))
    return value


def checked_progress(body: ProjectProgressIn, *, region: str, project: Project,
                     today: dt.date) -> list[ProjectReport]:
    """The form as yearly reports, every field checked (a located Chinese error on the first wrong one)."""
    start = _month(body.actual_start, end=False, label="实际开工")
    finish = _month(body.actual_finish, end=True, label="实际竣工")
    if finish and not start:
        raise InputError("填写了实际竣工，也须填写实际开工", location=Location(field="实际开工"))
    if start and finish and finish < start:
        raise InputError(f"实际竣工 {finish} 早于实际开工 {start}", location=Location(field="实际竣工"))
    for label, month in (("实际开工", start), ("实际竣工", finish)):
        if month and month > f"{today.year:04d}-{today.month:02d}":
            raise InputError(f"{label} {month} 晚于本月，不能填报尚未发生的日期", location=Location(field=label))
    years = sorted({*body.spend, *body.places} | ({body.note_year} if body.note_year else set()))
    out = []
    key = ProjectKey(project.table, project.seq, project.name)
    for year in years:
        if not 2000 <= year <= today.year:
            raise InputError(f"年度 {year} 不在2000年到今年之间", location=Location(field=f"{year}年"))
        spent = _amount(body.spend.get(year, ""), label=f"{year}年完成投资（万元）", integer=False)
        places = _amount(body.places.get(year, ""), label=f"{year}年交付学位", integer=True)
        note = body.note.strip() if year == body.note_year and body.note.strip() else None
        out.append(ProjectReport(region=region, year=year, project=key, actual_start=start, actual_finish=finish,
                                 investment=spent, places=int(places) if places is not None else None, note=note))
    if not out:
        raise InputError("没有可保存的年度：请至少填写一个年度的完成投资或交付学位", location=Location(field="年度"))
    return out


def report_project(*, session: Session, region: str, body: ProjectProgressIn, actor: str,
                   today: dt.date | None = None) -> ProjectItem:
    """Store a project's progress (all years at once); refused when someone reported since `seen`."""
    as_of = today or dt.date.today()
    current = region_assignments(session=session, region=region)
    project = next((p for p in current.plan.projects if project_key(p.table, p.seq, p.name) == body.key), None)
    if project is None:
        raise NotFoundError(f"项目“{body.key[:60]}”不在{region}的规划中")
    stored = reports_for(project, load_project_reports(session, region=region))
    if body.seen is not None and body.seen != project_fingerprint(stored):
        raise ConflictError(f"项目“{project.name}”的进展已被他人更新")
    reports = checked_progress(body, region=region, project=project, today=as_of)
    written = {r.year for r in reports}
    # Years already stored but left out of the form keep their figures; the dates follow the form.
    kept = [replace(r, actual_start=reports[0].actual_start, actual_finish=reports[0].actual_finish)
            for r in stored if r.year not in written]
    entered = [replace(r, entered_by=actor) for r in (*reports, *kept)]
    save_project_reports(session, entered, source="在线填报")
    record_audit(session=session, actor=actor, entity="project_report", entity_id=f"{region}/{body.key}"[:64],
                 action="report", before={"reports": len(stored)},
                 after={"actual_start": reports[0].actual_start, "actual_finish": reports[0].actual_finish,
                        "spend": {r.year: r.investment for r in reports}, "places": {r.year: r.places for r in reports}})
    reports_now = load_project_reports(session, region=region)
    return _project_item(project, current.projects[body.key], reports_now, as_of, DUE_SOON_DAYS)


# ---------------------------------------------------------------- 督办单


OVERDUE_COLUMNS = (("责任单位", NumberFormat.TEXT), ("角色", NumberFormat.TEXT), ("类别", NumberFormat.TEXT),
                   ("编号", NumberFormat.TEXT), ("名称", NumberFormat.TEXT), ("截止日期", NumberFormat.TEXT),
                   ("状态", NumberFormat.TEXT), ("逾期天数", NumberFormat.INTEGER), ("进度", NumberFormat.TEXT),
                   ("最新进展", NumberFormat.TEXT))
NO_UNIT = "未分配责任单位"


def supervision_rows(work: MyWork, *, due_soon: bool = False) -> list[tuple[str, str, str, str, str, str, str, int | None, str, str]]:
    """The 督办单's lines: each overdue (and, if asked, due-soon) item once per unit, by unit."""
    wanted = ATTENTION if due_soon else (DeadlineState.OVERDUE,)
    rows = []
    for t in work.tasks:
        if t.state not in wanted:
            continue
        for unit, role in _roles(t.lead_units, t.responsible_units):
            part = next((p for p in t.parts if p.unit == unit), None)
            percent = part.percent if part and part.percent is not None else None
            rows.append((unit, role, "任务", t.task_id, t.title, _day(t.deadline), t.state.value,
                         -t.days_left if t.days_left is not None and t.days_left < 0 else None,
                         "未填报" if percent is None else f"{percent:g}%", (part.progress if part else None) or ""))
    for p in work.projects:
        if p.state not in wanted:
            continue
        for unit, role in _roles(p.assignment.lead_units, p.assignment.co_units):
            rows.append((unit, role, "项目", str(p.tracking.seq or ""), p.tracking.name, _day(p.deadline),
                         p.state.value, -p.days_left if p.days_left is not None and p.days_left < 0 else None,
                         p.tracking.phase.value, p.tracking.note or ""))
    if work.unit is not None:  # a unit's own 督办单: its lines only
        rows = [r for r in rows if r[0] == work.unit]
    return sorted(rows, key=lambda r: (r[0] == NO_UNIT, r[0], -(r[7] or 0), r[2], r[3]))


def _roles(lead: Sequence[str], co: Sequence[str]) -> list[tuple[str, str]]:
    out = [(u, "牵头") for u in lead] + [(u, "配合") for u in co if u not in lead]
    return out or [(NO_UNIT, "")]


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def supervision_report(work: MyWork, *, due_soon: bool = False, simulated: bool = False) -> Report:
    """The 督办单 as a report: one table, one line per unit and item."""
    rows = supervision_rows(work, due_soon=due_soon)
    what = "逾期及临近" if due_soon else "逾期"
    table = Table(f"{work.region}{what}任务督办单（截至 {work.as_of.isoformat()}）",
                  tuple(Column(t, f) for t, f in OVERDUE_COLUMNS), tuple(rows), sheet="督办单")
    units = len({r[0] for r in rows})
    text = f"截至 {work.as_of.isoformat()}，{what}事项 {len(rows)} 条，涉及责任单位 {units} 个。"
    return Report(title=f"{work.region}教育事业发展规划任务督办单", issuer=f"{work.region}教育委员会",
                  date=work.as_of, simulated=simulated, sections=(Section("督办事项", (Paragraph(text), table)),))


def write_supervision_xlsx(*, session: Session, region: str, dest: Path, today: dt.date | None = None,
                           due_soon: bool = False, unit: str | None = None) -> Path:
    """The region's 督办单 (only a unit's lines when `unit`) as an .xlsx workbook at `dest`."""
    work = region_work(session=session, region=region, unit=unit, today=today)
    return write_xlsx(supervision_report(work, due_soon=due_soon), dest)
