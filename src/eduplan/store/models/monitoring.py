"""What a region reports and is evaluated on: observations, school records, inspection confirmations,
evaluations, yearly task / project / finance reports, assignments and submissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base, UTCDateTime, Versioned, utcnow


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
