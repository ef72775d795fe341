"""Page contexts of the monitoring pages (tasks, projects, inspections, data, evaluations) = JSON twins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from eduplan.web.schemas.dashboard.region_board import UnitCounts
from eduplan.web.schemas.inspections import ChecklistOut
from eduplan.web.schemas.simulated import SimulatedOut

# ---------------------------------------------------------------- tasks


class TaskPartOut(BaseModel):
    """One unit's part of a task (its latest report), as shown to everyone: the unit, never a login."""

    unit: str | None = Field(description="责任单位；null 为任务整体的填报")
    role: str = Field(description="牵头 / 配合 / 整体 / 原责任单位")
    counted: bool = Field(description="是否计入任务进度（已分配单位的部分）")
    year: int | None
    percent: float | None
    progress: str | None
    evidence: str | None
    seen: str = Field(description="该部分最新填报的指纹；提交时带回，用于发现他人已先行修改")


class AssignmentOut(BaseModel):
    """Who carries out a task or project, and where that comes from."""

    lead_units: list[str]
    co_units: list[str]
    deadline: dt.date | None
    origin: str = Field(description="plan / planner / workbook / demo")
    origin_label: str = Field(description="规划文本 / 规划科分配 / 工作簿导入 / 演示分配")
    version: int = Field(description="分配的版本；修改时带回（0：尚未保存，沿用规划文本）")


class TaskOut(BaseModel):
    """One task on the board: its units' parts, their roll-up (`percent`) and the latest report."""

    task_id: str
    title: str
    level: int
    units: list[str]
    deadline: dt.date | None
    state: str  # 已完成 / 正常 / 临近 / 逾期
    days_left: int | None
    percent: float | None
    progress: str | None
    evidence: str | None
    report_year: int | None
    reported_by: str | None = Field(description="最新进展的填报单位（单位或“整体”，从不是登录名）")
    seen: str = Field(description="本用户可填报部分的指纹；提交进展时带回，用于发现他人已先行修改")
    can_report: bool
    parts: list[TaskPartOut] = Field(default_factory=list, description="各责任单位的部分；进度为其汇总")
    report_as: str | None = Field(default=None, description="本用户填报时所代表的单位（null：任务整体）")
    assignment: AssignmentOut | None = None
    can_assign: bool = False


class UnitGroup(UnitCounts):
    """The tasks of one responsible unit, with its counts."""

    tasks: list[TaskOut]


class TasksPage(BaseModel):
    """A region's task board: tasks grouped by responsible unit, deadlines judged at `as_of`."""

    region: str
    plan_title: str
    as_of: dt.date
    window_days: int
    report_year: int
    counts: dict[str, int]
    units: list[UnitGroup]
    simulated: bool = False  # the reports shown are 模拟数据
    saved: str | None = None
    conflict: str | None = None
    roll_up_rule: str = ""
    known_units: list[str] = Field(default_factory=list, description="本区已知责任单位（分配时可选）")
    can_assign: bool = False


class TaskReportIn(BaseModel):
    """A progress report on one task (the API body; the form sends the same fields)."""

    progress: str = Field(min_length=1, max_length=2000)
    percent: float | None = Field(default=None, ge=0, le=100)
    year: int | None = Field(default=None, ge=2000, le=2100)
    seen: str | None = Field(default=None, description="读取时的 seen；若已被他人更新则 409")


class TaskReportResult(BaseModel):
    """What storing a task report did."""

    region: str
    task_id: str
    year: int
    inserted: int
    updated: int
    evidence: str | None
    task: TaskOut


# ---------------------------------------------------------------- projects


class ProjectOut(BaseModel):
    """One construction project against its plan at the end of the year."""

    key: str
    name: str
    phase: str
    schedule: str
    plan_status: str | None
    planned_start: str | None
    planned_finish: str | None
    actual_start: str | None
    actual_finish: str | None
    start_delay: int | None
    finish_delay: int | None
    still_slipping: bool
    investment_total: float | None
    planned_to_date: float
    spent_to_date: float
    execution_rate: float | None
    places_planned: int | None
    places_delivered: int
    assignment: AssignmentOut | None = None
    deadline: dt.date | None = None
    state: str | None = Field(default=None, description="已完成 / 正常 / 临近 / 逾期（按截止日期）")
    spent_by_year: dict[int, float] = Field(default_factory=dict)
    places_by_year: dict[int, int] = Field(default_factory=dict)
    form_years: list[int] = Field(default_factory=list, description="进展表单中可填的年度")
    seen: str = ""
    can_report: bool = False


class InvestmentYear(BaseModel):
    """Money planned and spent on all projects in one year (万元)."""

    year: int
    planned: float
    spent: float
    rate: float | None


class PlacesYearOut(BaseModel):
    """Places planned to open and delivered in one year, and both to date."""

    year: int
    planned: int
    delivered: int
    planned_to_date: int
    delivered_to_date: int


class ProjectsPage(BaseModel):
    """A region's construction projects at the end of `year`."""

    region: str
    plan_title: str
    year: int
    by_schedule: dict[str, int]
    projects: list[ProjectOut]
    investment: list[InvestmentYear]
    places: list[PlacesYearOut]
    simulated: bool = False  # the reports shown are 模拟数据
    can_assign: bool = False
    known_units: list[str] = Field(default_factory=list)
    saved: str | None = None
    conflict: str | None = None


# ---------------------------------------------------------------- inspections


class CellOut(BaseModel):
    """One school × item cell of the 优质均衡 table."""

    value: float | None
    standard: float | None
    met: bool | None
    gap: float
    gap_unit: str
    message: str


class SchoolRow(BaseModel):
    """One school section and its resource items."""

    label: str
    section: str
    enrolment: float
    met_count: int
    passed: bool
    cells: dict[str, CellOut]


class CvOut(BaseModel):
    """The between-school coefficient of variation of one indicator at one stage."""

    stage: str
    key: str
    name: str
    cv: float | None
    limit: float
    met: bool | None


class ItemOut(BaseModel):
    """A region-level inspection item."""

    name: str
    value: float | None
    standard: float | None
    op: str | None
    unit: str | None
    met: bool | None
    message: str


class ClassSizeOut(BaseModel):
    """Class sizes of one stage."""

    stage: str
    classes: int
    large: int
    super_large: int
    large_share: float | None
    super_large_share: float | None
    standard: float | None
    within_standard: int | None


class PlaceYearOut(BaseModel):
    """School places in one year of the forecast."""

    year: int
    demand: int
    existing: int
    new_places: int
    supply: int
    gap: int
    opened: list[str]
    closed_by: list[str]


class PlaceStage(BaseModel):
    """The place balance of one stage."""

    stage: str
    demand_source: str
    years: list[PlaceYearOut]
    findings: list[str]
    notes: list[str]


class InspectionsPage(BaseModel):
    """A region's inspections for one year of school records."""

    region: str
    year: int | None
    standards: str | None = None
    items: list[dict[str, str]] = []  # resource items: key, name
    schools: list[SchoolRow] = []
    excluded: list[str] = []
    cvs: list[CvOut] = []
    balance_passed: bool | None = None
    guarantee: list[ItemOut] = []
    preschool: list[ItemOut] = []
    preschool_passed: bool | None = None
    kindergartens: int = 0
    class_sizes: list[ClassSizeOut] = []
    places: list[PlaceStage] = []
    simulated: bool = False  # the school records of `year` are 模拟数据
    message: str | None = None
    # the preconditions and 一票否决 items the bureau confirms, and the verdicts they leave
    checklist: list[ChecklistOut] = []
    checklist_note: str = ""
    balance_ready: bool | None = None
    preschool_ready: bool | None = None
    can_confirm: bool = False
    saved: str | None = None
    conflict: str | None = None


# ---------------------------------------------------------------- data uploads


class IssueOut(BaseModel):
    """One problem found in an uploaded workbook, located."""

    code: str
    severity: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str


class StatusChangeOut(BaseModel):
    """A target whose status an upload changed."""

    name: str
    before: str | None
    after: str | None
    latest_value: float | None


class UploadResult(BaseModel):
    """What an upload did: refused with located issues, or stored with counts (all or nothing)."""

    kind: str  # workbook / schools
    filename: str
    region: str
    accepted: bool
    summary: str
    issues: list[IssueOut]  # the first MAX_ISSUES (web/problems.py), errors first
    issues_omitted: int = 0  # how many more there were
    stored: dict[str, dict[str, int]] = {}
    changes: list[StatusChangeOut] = []


class DataPage(BaseModel):
    """The data page: templates to download, workbooks to upload, the last upload's result."""

    regions: list[str]
    region: str | None
    year: int
    can_import: bool
    result: UploadResult | None = None


# ---------------------------------------------------------------- evaluations


class ChangeOut(BaseModel):
    """An item whose status differs from the previous evaluation."""

    section: str
    name: str
    before: str | None
    after: str | None
    trend: str


class EvaluationOut(BaseModel):
    """A stored evaluation, its summary and the change from the previous one."""

    id: int
    label: str
    kind: str
    kind_label: str
    year: int
    created_at: dt.datetime | None
    plan_title: str | None
    summary: dict[str, Any]
    previous_id: int | None
    change_summary: str
    changes: list[ChangeOut]
    reports: dict[str, str]
    simulated: SimulatedOut  # which of its sections are 模拟数据


class EvaluationsPage(BaseModel):
    """A region's stored evaluations, the run form and the report links."""

    region: str
    evaluations: list[EvaluationOut]
    kinds: dict[str, str]
    can_run: bool
    can_compare: bool
    default_year: int
    readiness_reports: dict[str, str]
    comparison_reports: dict[str, str]
    created: int | None = None


class EvaluationRunIn(BaseModel):
    """Run an evaluation: its kind and year."""

    kind: str = Field(description="annual / midterm / final / special（或 年度/中期/总结/专项）")
    year: int = Field(ge=2000, le=2100)
