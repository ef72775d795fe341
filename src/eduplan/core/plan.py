"""The domain of a regional education plan, as plain dataclasses.

Nothing here touches a database, a file or the network: adapters convert to and from
these objects at their edge (see DESIGN.md, "one core, adapters around it").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

_SPACES = re.compile(r"\s+")


def natural_text(text: str | None) -> str:
    """Text as a key reads it: compatibility forms folded (full-width → ASCII), no white space.

    Keys built from it survive a re-upload in another layout (a .docx table cell, a wrapped PDF
    line), because they depend on what an item says, never on where it stands.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


class Direction(StrEnum):
    """Which way an indicator should move."""

    UP = "up"
    DOWN = "down"
    HOLD = "hold"


class Attribute(StrEnum):
    """An indicator's attribute: 预期性 (expected) or 约束性 (binding)."""

    EXPECTED = "expected"
    BINDING = "binding"


class Op(StrEnum):
    """A target's comparison operator."""

    EQ = "="
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    RANGE = "range"


class EvaluationKind(StrEnum):
    """年度 / 中期 / 总结 / 专项 evaluation."""

    ANNUAL = "annual"
    MIDTERM = "midterm"
    FINAL = "final"
    SPECIAL = "special"


SIMULATED_SOURCE = "模拟数据"  # the source of every figure the demo generates


@dataclass(frozen=True)
class Source:
    """Where an item was found: the 1-based line of the input text (and its file)."""

    line: int | None = None
    file: str | None = None


@dataclass
class Region:
    """A district or county (区县)."""

    name: str
    code: str | None = None
    parent: str | None = None


@dataclass
class CatalogEntry:
    """A canonical indicator with its synonyms, so that districts are comparable."""

    id: str
    name: str
    unit: str | None
    direction: Direction
    category: str | None = None
    synonyms: tuple[str, ...] = ()
    max_value: float | None = None  # e.g. 100 for a rate that cannot exceed 100 %
    trajectory: str = "linear"  # "linear" for rates and years, "compound" for counts
    nature: str = "target"  # "target": a promise, graded; "scale": a projected size (在校学生数)


@dataclass
class Target:
    """A quantified commitment: operator and value for a year.

    Used both for an indicator row's target cell and for a target stated in prose.
    """

    op: Op
    value: float | None
    value_max: float | None = None
    year: int | None = None
    raw: str | None = None


@dataclass
class Indicator:
    """One row of a plan's indicator table (主要指标)."""

    name: str
    category: str | None = None
    unit: str | None = None
    parent: str | None = None
    values: dict[str, float | None] = field(default_factory=dict)
    raw_values: dict[str, str] = field(default_factory=dict)
    target: Target | None = None
    attribute: Attribute | None = None
    table: str | None = None
    catalog_id: str | None = None
    direction: Direction | None = None
    source: Source = field(default_factory=Source)

    @property
    def kind(self) -> str:
        """“achievement” for a row of a table of past results, else “target”.

        A table of achievements (“十三五”主要成就, 完成情况) or a row with a change column
        and no target reports what was reached: its values are baselines, it commits the
        plan to nothing, and it carries no target. Derived from the stored fields, so it
        needs no column of its own; the interchange format writes it for achievements only.
        """
        if self.target is None and ("change" in self.raw_values or ACHIEVEMENT_TABLE_RE.search(self.table or "")):
            return "achievement"
        return "target"


#: The title of a table that reports the past (主要成就, 完成情况 …), not the plan's targets.
ACHIEVEMENT_TABLE_RE = re.compile(r"成就|完成情况|回顾|实现情况|执行情况")


@dataclass
class ProseTarget:
    """A quantified target stated in the plan's text (“学前三年毛入园率达93%以上”)."""

    subject: str
    op: Op
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    year: int | None = None
    text: str = ""
    programme: str | None = None
    catalog_id: str | None = None
    source: Source = field(default_factory=Source)


@dataclass
class Programme:
    """A boxed key programme (专栏) with its items."""

    title: str
    items: list[str] = field(default_factory=list)
    number: int | None = None
    source: Source = field(default_factory=Source)


@dataclass
class ResponsibleUnit:
    """A unit responsible for tasks (责任单位), with the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # 政府部门 / 学校 / 街道 …


TASK_HEADING = "heading"  # a heading that only groups tasks (主要任务, 保障措施, a section with items)
TASK_ACTIONABLE = "task"  # a measure to carry out: it gets a deadline, units, a status
TASK_KINDS = (TASK_HEADING, TASK_ACTIONABLE)


@dataclass
class Task:
    """A node of the plan's task tree (section → item).

    `kind` says what the node means: a structural heading (`TASK_HEADING`) only groups the
    tasks under it; an actionable task (`TASK_ACTIONABLE`) is what boards, deadlines and reports
    count (see `task_kind`).
    """

    id: str
    title: str
    section: str | None = None
    parent: str | None = None
    level: int = 1
    text: str = ""
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    source: Source = field(default_factory=Source)
    kind: str = TASK_ACTIONABLE

    @property
    def actionable(self) -> bool:
        """Whether the node is a task to carry out (not a heading that only groups)."""
        return self.kind != TASK_HEADING


def task_kind(task: Task, *, has_children: bool) -> str:
    """A node with tasks under it is a heading, unless it names units of its own (then it is a
    numbered measure that also lists sub-items); a leaf is a task."""
    if has_children and not task.lead_units and not task.responsible_units:
        return TASK_HEADING
    return TASK_ACTIONABLE


def classify_tasks(tasks: list[Task]) -> list[Task]:
    """Set every node's `kind` from the tree (`task_kind`); returns the same list."""
    parents = {t.parent for t in tasks if t.parent is not None}
    for t in tasks:
        t.kind = task_kind(t, has_children=t.id in parents)
    return tasks


def actionable_tasks(tasks: list[Task]) -> list[Task]:
    """The tasks to carry out, in plan order, without the headings that only group them."""
    return [t for t in tasks if t.actionable]


@dataclass
class Project:
    """A construction project (建设项目) from a plan's project table."""

    name: str
    table: str | None = None
    seq: int | None = None
    group: str | None = None
    stage: str | None = None
    nature: str | None = None
    period: tuple[int, int] | None = None
    planned_start: str | None = None  # "YYYY-MM"
    planned_finish: str | None = None  # "YYYY-MM"
    investment_total: float | None = None  # 万元
    investment_by_year: dict[str, float] = field(default_factory=dict)
    places: int | None = None
    site_area: float | None = None  # m²
    floor_area: float | None = None  # m²
    status: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # every printed cell, by header
    # Monitoring (filled from yearly reports, not from the plan text).
    actual_start: str | None = None
    actual_finish: str | None = None
    actual_investment_by_year: dict[str, float] = field(default_factory=dict)
    places_delivered_by_year: dict[str, int] = field(default_factory=dict)
    source: Source = field(default_factory=Source)


@dataclass
class Finding:
    """Something wrong inside a plan or its data, with a stable kind and its lines."""

    kind: str
    message: str
    source: Source = field(default_factory=Source)
    lines: list[int] = field(default_factory=list)
    severity: str = "warning"  # "error" | "warning" | "info"
    data: dict[str, object] = field(default_factory=dict)


@dataclass
class Plan:
    """A plan (规划) or work plan (工作方案) and the commitments it makes."""

    region: str
    title: str
    doc_number: str | None = None
    issuer: str | None = None
    issued_on: dt.date | None = None
    period: tuple[int, int] | None = None
    vision_year: int | None = None
    kind: str = "规划"
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[ProseTarget] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    responsible_units: list[ResponsibleUnit] = field(default_factory=list)
    source_file: str | None = None
    source_sha256: str | None = None
    region_code: str | None = None  # the region's division code (GB/T 2260), when the list knows it
    region_level: str | None = None  # province / prefecture / county (core.regions.Level)

    @property
    def end_year(self) -> int | None:
        """The plan's target year (the end of its period)."""
        return self.period[1] if self.period else None


@dataclass
class Observation:
    """A monitored value: indicator × region × year, with its source and reporter."""

    indicator: str  # catalog id
    region: str
    year: int
    value: float
    source: str | None = None
    reported_by: str | None = None
    simulated: bool = False


@dataclass
class SchoolRecord:
    """One school's (or one stage section's) yearly statistical record."""

    school_id: str
    name: str
    region: str
    year: int
    stage: str  # 小学 / 初中 / 九年一贯制 / 完全中学 / 幼儿园 …
    ownership: str = "public"  # public / private / 普惠
    enrolment: int = 0
    classes: int = 0
    class_sizes: list[int] = field(default_factory=list)
    teachers: int = 0
    teachers_by_qualification: dict[str, int] = field(default_factory=dict)
    backbone_teachers: int = 0
    pe_teachers: int = 0
    music_teachers: int = 0
    art_teachers: int = 0
    certified_teachers: int = 0
    teaching_area: float = 0.0  # m², teaching and auxiliary rooms
    sports_area: float = 0.0  # m²
    music_rooms: int = 0
    art_rooms: int = 0
    equipment_value: float = 0.0  # 万元
    multimedia_classrooms: int = 0
    extra: dict[str, float | str | None] = field(default_factory=dict)
    simulated: bool = False


@dataclass
class Evaluation:
    """A dated, stored run over a plan: annual / mid-term / final / special."""

    region: str
    kind: EvaluationKind
    year: int
    created_at: dt.datetime | None = None
    plan_title: str | None = None
    payload: dict[str, object] = field(default_factory=dict)
