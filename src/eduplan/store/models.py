"""SQLAlchemy 2 mapping of the whole domain (store models; never handed to core or web).

Choices:
- Every editable table carries a `version` column used as the mapper's `version_id_col`,
  so a write based on a stale row raises `StaleDataError` (turned into `ConflictError`).
- Child rows of a plan keep a `position` so that a loaded plan has its original order.
- Small maps that are read and written together with their row (an indicator's yearly
  values, a project's yearly planned/actual investments and delivered places, a project's
  printed cells) are JSON columns: they keep the printed key spelling and order exactly,
  and work on SQLite and PostgreSQL alike (generic `JSON`, no PG-only types).
- Responsible units belong to a region (“区教委” exists in every district); a plan lists the
  units it declares through `plan_units`, which keeps the plan's own spelling of kind and aliases.
- Enumerations are stored as short strings (no database enum types to migrate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and returned as an aware UTC datetime on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (needed by SQLite batch migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic locking: `version` increases on every UPDATE; stale writes fail."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class SourceColumns:
    """Where a plan item was found in the input text."""

    source_line: Mapped[int | None] = mapped_column(Integer)
    source_file: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- people and places


class RoleRow(Base):
    """A role a user can hold (planner, unit, municipal, evaluator, admin …)."""

    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(64))


class RegionRow(Versioned, Base):
    """A region: usually a district or county (区县), any level of division for a plan of its own."""

    __tablename__ = "regions"
    # A name is unique only within its parent (福州市鼓楼区, 南京市鼓楼区); the code is unique (migration 0014).
    # Unique (parent_id, name) leaves NULL parents free, so a partial index keeps root names unique too.
    __table_args__ = (UniqueConstraint("parent_id", "name"),
                      Index("uq_regions_root_name", "name", unique=True, sqlite_where=text("parent_id IS NULL"),
                            postgresql_where=text("parent_id IS NULL")))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(32), unique=True)  # the division code (GB/T 2260) when known
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    level: Mapped[str | None] = mapped_column(String(16))  # province / prefecture / county


class UnitRow(Versioned, Base):
    """A responsible unit (责任单位) of a region."""

    __tablename__ = "responsible_units"
    __table_args__ = (UniqueConstraint("region_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[list[UnitAliasRow]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True,
        order_by="UnitAliasRow.id",
    )


class UnitAliasRow(Base):
    """Another name a responsible unit goes by (区教委 = 区教育委员会)."""

    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("unit_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("responsible_units.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)
    unit: Mapped[UnitRow] = relationship(back_populates="aliases")


class UserRow(Versioned, Base):
    """A person who signs in, with one role, optionally bound to a region and a unit."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("responsible_units.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    role: Mapped[RoleRow] = relationship()


class WebSessionRow(Base):
    """A signed-in web session. The cookie carries the random token; only its SHA-256 is stored.

    Valid while not revoked, before `expires_at` (absolute) and within the idle limit after
    `last_seen_at` (updated at most once a minute).
    """

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class LoginFailureRow(Base):
    """A failed login, counted by the throttle per (user name, address) and per user name."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_at", "username", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


# ---------------------------------------------------------------- the plan


class PlanRow(Versioned, Base):
    """A plan (规划 / 工作方案); identity is (region, title)."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("region_id", "title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(Text, index=True)
    issuer: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    vision_year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text, default="规划")
    source_file: Mapped[str | None] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(Text)
    # Publication is a property of the stored record, not of the plan document (not exchanged).
    status: Mapped[str] = mapped_column(String(16), default="published", server_default="published")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    region: Mapped[RegionRow] = relationship()
    indicators: Mapped[list[IndicatorRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="IndicatorRow.position"
    )
    targets: Mapped[list[ProseTargetRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ProseTargetRow.position"
    )
    programmes: Mapped[list[ProgrammeRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ProgrammeRow.position"
    )
    tasks: Mapped[list[TaskRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TaskRow.position"
    )
    projects: Mapped[list[ProjectRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ProjectRow.position"
    )
    findings: Mapped[list[FindingRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="FindingRow.position"
    )
    units: Mapped[list[PlanUnitRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PlanUnitRow.position"
    )


class PlanChild(SourceColumns):
    """Columns every ordered child row of a plan has."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    @declared_attr
    def plan_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)


class IndicatorRow(Versioned, PlanChild, Base):
    """One row of a plan's indicator table, with its target cell."""

    __tablename__ = "indicators"
    table_name: Mapped[str | None] = mapped_column(Text)
    parent: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    raw_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    target_op: Mapped[str | None] = mapped_column(String(8))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_value_max: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_raw: Mapped[str | None] = mapped_column(Text)
    attribute: Mapped[str | None] = mapped_column(String(16))
    catalog_id: Mapped[str | None] = mapped_column(Text, index=True)
    direction: Mapped[str | None] = mapped_column(String(8))


class ProseTargetRow(Versioned, PlanChild, Base):
    """A quantified target stated in the plan's text."""

    __tablename__ = "prose_targets"
    subject: Mapped[str] = mapped_column(Text)
    op: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    programme: Mapped[str | None] = mapped_column(Text)
    catalog_id: Mapped[str | None] = mapped_column(Text, index=True)


class ProgrammeRow(Versioned, PlanChild, Base):
    """A boxed key programme (专栏) and its items."""

    __tablename__ = "programmes"
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[int | None] = mapped_column(Integer)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)


class TaskRow(Versioned, PlanChild, Base):
    """A node of the plan's task tree; `parent_id` links to the parent node of the same plan."""

    __tablename__ = "tasks"
    key: Mapped[str] = mapped_column(Text)  # the task's number in the plan, e.g. "2.1"
    title: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    parent_key: Mapped[str | None] = mapped_column(Text)  # as printed, even if unresolved
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    level: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default="task", server_default="task")  # heading / task
    units: Mapped[list[TaskUnitRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="[TaskUnitRow.role, TaskUnitRow.position]",
    )


class TaskUnitRow(Base):
    """A unit's part in a task: role "lead" (牵头) or "responsible" (责任/参与)."""

    __tablename__ = "task_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("responsible_units.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    unit: Mapped[UnitRow] = relationship()


class PlanUnitRow(Base):
    """A responsible unit as the plan declares it (its kind and aliases in that plan)."""

    __tablename__ = "plan_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("responsible_units.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    unit: Mapped[UnitRow] = relationship()


class ProjectRow(Versioned, PlanChild, Base):
    """A construction project; yearly figures are JSON maps keyed by year as printed."""

    __tablename__ = "projects"
    table_name: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    group_name: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(Text)
    nature: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    planned_start: Mapped[str | None] = mapped_column(Text)
    planned_finish: Mapped[str | None] = mapped_column(Text)
    investment_total: Mapped[float | None] = mapped_column(Float)
    investment_by_year: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    places: Mapped[int | None] = mapped_column(Integer)
    site_area: Mapped[float | None] = mapped_column(Float)
    floor_area: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(Text)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actual_start: Mapped[str | None] = mapped_column(Text)
    actual_finish: Mapped[str | None] = mapped_column(Text)
    actual_investment_by_year: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    places_delivered_by_year: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class FindingRow(Versioned, PlanChild, Base):
    """A problem found inside the plan (replaced as a whole when the plan is reloaded)."""

    __tablename__ = "findings"
    kind: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text, default="warning")
    lines: Mapped[list[Any]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# ---------------------------------------------------------------- monitoring


class ObservationRow(Versioned, Base):
    """A monitored value: catalog indicator × region × year."""

    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator", "region_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(200))  # catalog id
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[str | None] = mapped_column(Text)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)


class SchoolRecordRow(Versioned, Base):
    """One school's (or stage section's) yearly statistical record."""

    __tablename__ = "school_records"
    __table_args__ = (
        UniqueConstraint("region_id", "school_id", "year", "stage"),
        Index("ix_school_records_region_year", "region_id", "year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(100))
    ownership: Mapped[str] = mapped_column(String(100), default="public")
    enrolment: Mapped[int] = mapped_column(Integer, default=0)
    classes: Mapped[int] = mapped_column(Integer, default=0)
    class_sizes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    teachers: Mapped[int] = mapped_column(Integer, default=0)
    teachers_by_qualification: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    backbone_teachers: Mapped[int] = mapped_column(Integer, default=0)
    pe_teachers: Mapped[int] = mapped_column(Integer, default=0)
    music_teachers: Mapped[int] = mapped_column(Integer, default=0)
    art_teachers: Mapped[int] = mapped_column(Integer, default=0)
    certified_teachers: Mapped[int] = mapped_column(Integer, default=0)
    teaching_area: Mapped[float] = mapped_column(Float, default=0.0)
    sports_area: Mapped[float] = mapped_column(Float, default=0.0)
    music_rooms: Mapped[int] = mapped_column(Integer, default=0)
    art_rooms: Mapped[int] = mapped_column(Integer, default=0)
    equipment_value: Mapped[float] = mapped_column(Float, default=0.0)
    multimedia_classrooms: Mapped[int] = mapped_column(Integer, default=0)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionConfirmationRow(Versioned, Base):
    """The bureau's confirmation of a precondition or 一票否决 item of an inspection, for a region and year."""

    __tablename__ = "inspection_confirmations"
    __table_args__ = (UniqueConstraint("region_id", "year", "item_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    item_key: Mapped[str] = mapped_column(String(100))  # the standards key, e.g. "balance.veto.key_schools"
    holds: Mapped[bool] = mapped_column(Boolean)  # the statement holds (True) or does not (False)
    confirmed_by: Mapped[str] = mapped_column(Text)
    confirmed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)


class EvaluationRow(Versioned, Base):
    """A stored evaluation run (annual / mid-term / final / special) with its JSON payload."""

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"), index=True)
    plan_title: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditEventRow(Base):
    """Who changed what and when (UTC), with the record before and after (append-only)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


# ---------------------------------------------------------------- yearly monitoring reports


class ReportColumns:
    """Who entered a report, from which collection, and when it last changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)  # the collection it came from (file name …)
    entered_by: Mapped[str | None] = mapped_column(Text)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # 模拟数据
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TaskReportRow(Versioned, ReportColumns, Base):
    """A responsible unit's yearly report on a plan task, with its evidence file."""

    __tablename__ = "task_reports"
    __table_args__ = (UniqueConstraint("region_id", "year", "task_key", "unit"),)
    task_key: Mapped[str] = mapped_column(String(64))  # the task's number in the plan, e.g. "2.1"
    unit: Mapped[str] = mapped_column(Text, default="", server_default="")  # whose part ("": the whole task)
    progress: Mapped[str | None] = mapped_column(Text)
    percent: Mapped[float | None] = mapped_column(Float)
    evidence_name: Mapped[str | None] = mapped_column(Text)
    evidence_path: Mapped[str | None] = mapped_column(Text)  # where the uploaded file is kept
    reported_by: Mapped[str | None] = mapped_column(Text)


class ProjectReportRow(Versioned, ReportColumns, Base):
    """A yearly report on a construction project: actual dates, money spent, places delivered."""

    __tablename__ = "project_reports"
    __table_args__ = (UniqueConstraint("region_id", "year", "project_key"),)
    project_key: Mapped[str] = mapped_column(Text)  # “table｜seq｜name”, see core.projects_tracking
    project_table: Mapped[str | None] = mapped_column(Text)
    project_seq: Mapped[int | None] = mapped_column(Integer)
    project_name: Mapped[str] = mapped_column(Text)
    actual_start: Mapped[str | None] = mapped_column(String(7))
    actual_finish: Mapped[str | None] = mapped_column(String(7))
    investment: Mapped[float | None] = mapped_column(Float)  # 万元 spent in the year
    places: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class FinanceRecordRow(Versioned, ReportColumns, Base):
    """A region's education finance figures for a year (the inputs of the funding rules)."""

    __tablename__ = "finance_records"
    __table_args__ = (UniqueConstraint("region_id", "year"),)
    budget: Mapped[float | None] = mapped_column(Float)  # 万元
    per_student: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # stage → 元
    teacher_salary: Mapped[float | None] = mapped_column(Float)  # 元
    civil_servant_salary: Mapped[float | None] = mapped_column(Float)  # 元
    training_spend: Mapped[float | None] = mapped_column(Float)  # 万元
    payroll: Mapped[float | None] = mapped_column(Float)  # 万元


class AssignmentRow(Versioned, Base):
    """Who carries out a task or project of a region (lead and co-units, deadline), kept apart
    from the extracted plan: keyed by the item's key, so a re-imported plan keeps it."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("region_id", "item_kind", "item_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    item_kind: Mapped[str] = mapped_column(String(16))  # task / project
    item_key: Mapped[str] = mapped_column(Text)  # a task's number, a project's “table｜seq｜name”
    lead_units: Mapped[list[Any]] = mapped_column(JSON, default=list)
    co_units: Mapped[list[Any]] = mapped_column(JSON, default=list)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(16))  # planner / workbook / demo
    updated_by: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


# ---------------------------------------------------------------- background jobs


class JobRow(Base):
    """A long document extraction or workbook import run off the request thread (services/jobs.py).

    `state` is one of 排队 / 运行中 / 完成 / 失败 / 已取消; a job moves on only by a conditional
    update from the state it is in, so a cancel and the end of the work cannot both win.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_owner_created", "owner", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # document / workbook / schools
    region: Mapped[str | None] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(8), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0–100
    stage: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # past it, an unfinished job has failed


class SubmissionRow(Versioned, Base):
    """A region's yearly figures in submission (报送): state and its latest transition (who, when, why).

    No row: 填报中. The history of transitions is in the audit log (entity "submission")."""

    __tablename__ = "data_submissions"
    __table_args__ = (UniqueConstraint("region_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    last_transition: Mapped[str | None] = mapped_column(String(16))


# ---------------------------------------------------------------- computed once, served many times


class DataVersionRow(Base):
    """The version of a scope's data (`region:<name>`, or `all` for what no single region owns): a
    random token replaced in the same transaction as any write to the scope's board inputs."""

    __tablename__ = "data_versions"
    scope: Mapped[str] = mapped_column(String(255), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


class CachedPageRow(Base):
    """A computed page context (a board, a target page) as JSON, valid while `stamp` (the data
    versions it was computed from) is current; shared by every worker process."""

    __tablename__ = "cached_pages"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
