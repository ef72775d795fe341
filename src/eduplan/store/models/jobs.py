"""Background jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base, UTCDateTime, utcnow


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
