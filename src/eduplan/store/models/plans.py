"""A stored plan and its ordered child rows (indicators, targets, programmes, tasks, projects, findings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from eduplan.store.models.base import Base, SourceColumns, UTCDateTime, Versioned, utcnow
from eduplan.store.models.regions import RegionRow, UnitRow


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
