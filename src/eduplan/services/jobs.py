"""Background jobs: a long document extraction or workbook import, its state, progress and result.

A job is a row of `jobs`: 排队 (waiting for a worker) → 运行中 → 完成 / 失败 / 已取消. Every move
is a conditional update from the state the job is in (`UPDATE … WHERE state IN (…)`), in the
caller's transaction: a cancel and the end of the work cannot both win, and whichever commits
second finds the job moved on. A workbook import finishes its job in the transaction that stores
its records (web/jobs.py), so "完成" and the stored data are committed together or not at all.

A job left unfinished past its `deadline` (its worker process died with the server) is reported
as 失败 when it is next read.

The worker itself (processes, time limit, killing) is the web edge's: web/jobs.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError, NotFoundError
from eduplan.store.jobs import job_state as stored_job_state
from eduplan.store.jobs import move_job
from eduplan.store.models.base import utcnow
from eduplan.store.models.jobs import JobRow

#: Extra time after the deadline before an unfinished job is declared lost (the worker kills its
#: child at the deadline and needs a moment to record that).
GRACE = dt.timedelta(seconds=30)


class JobState(StrEnum):
    """Where a job is."""

    QUEUED = "排队"
    RUNNING = "运行中"
    DONE = "完成"
    FAILED = "失败"
    CANCELLED = "已取消"

    @property
    def active(self) -> bool:
        """Whether the job may still move on (and be cancelled)."""
        return self in (JobState.QUEUED, JobState.RUNNING)


class JobKind(StrEnum):
    """What a job does."""

    DOCUMENT = "document"  # extract an uploaded plan document into a draft for review
    WORKBOOK = "workbook"  # import a yearly data workbook
    SCHOOLS = "schools"  # import a school-records workbook

    @property
    def label(self) -> str:
        """The Chinese name of the work."""
        return {"document": "提取规划文件", "workbook": "导入年度数据表", "schools": "导入学校统计数据表"}[self.value]


ACTIVE = (JobState.QUEUED.value, JobState.RUNNING.value)


@dataclass(frozen=True)
class Job:
    """A job as read: what, whose, where it is and, once done, its result or its error."""

    id: int
    kind: JobKind
    owner: str
    region: str | None
    filename: str
    state: JobState
    progress: int
    stage: str
    result: dict[str, Any] | None
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    deadline: dt.datetime


def create_job(*, session: Session, kind: JobKind, owner: str, region: str | None, filename: str,
               wait_seconds: float) -> Job:
    """A new queued job; it is lost (失败) if no worker has finished it `wait_seconds` from now."""
    row = JobRow(kind=kind.value, owner=owner, region=region, filename=filename[:255], state=JobState.QUEUED.value,
                 progress=0, stage="排队等候", deadline=utcnow() + dt.timedelta(seconds=wait_seconds))
    session.add(row)
    session.flush()
    return _job(row)


def get_job(*, session: Session, job_id: int) -> Job:
    """The job; one left unfinished past its deadline is recorded as failed first."""
    row = _row(session, job_id)
    if row.state in ACTIVE and utcnow() > row.deadline + GRACE:
        _move(session, job_id, ACTIVE, state=JobState.FAILED, error="任务中断：处理进程已不在（服务可能已重启），请重新上传")
        session.refresh(row)
    return _job(row)


def start_job(*, session: Session, job_id: int, limit_seconds: float) -> bool:
    """Mark a queued job running, due within `limit_seconds`; False when it was cancelled meanwhile."""
    now = utcnow()
    return _move(session, job_id, (JobState.QUEUED.value,), state=JobState.RUNNING, started_at=now, progress=1,
                 stage="开始处理", deadline=now + dt.timedelta(seconds=limit_seconds))


def record_progress(*, session: Session, job_id: int, percent: int, stage: str) -> bool:
    """Note how far a running job is; False when it is no longer running."""
    return _move(session, job_id, (JobState.RUNNING.value,), progress=max(0, min(99, percent)), stage=stage[:200])


def finish_job(*, session: Session, job_id: int, result: Mapping[str, Any]) -> bool:
    """Mark a running job done with its result; False (nothing changed) when it was cancelled or failed meanwhile."""
    return _move(session, job_id, (JobState.RUNNING.value,), state=JobState.DONE, result=dict(result), progress=100,
                 stage="已完成", finished_at=utcnow())


def fail_job(*, session: Session, job_id: int, error: str) -> bool:
    """Mark an unfinished job failed with a Chinese reason; False when it had already ended."""
    return _move(session, job_id, ACTIVE, state=JobState.FAILED, error=error, stage="已停止", finished_at=utcnow())


def cancel_job(*, session: Session, job_id: int) -> Job:
    """Cancel a queued or running job (its worker stops it); a job that has ended is a conflict.

    The conditional update comes first: it waits for a worker that is finishing the job in its
    own transaction, then finds the job done (SQLite's write lock, PostgreSQL's row lock)."""
    moved = _move(session, job_id, ACTIVE, state=JobState.CANCELLED, stage="已停止，未写入任何数据",
                  finished_at=utcnow())
    row = _row(session, job_id)
    session.refresh(row)
    if not moved:
        raise ConflictError(f"任务 {job_id} 已{JobState(row.state).value}，无法取消")
    return _job(row)


def job_state(*, session: Session, job_id: int) -> JobState:
    """The job's state as stored now (what a worker checks to learn of a cancel)."""
    state = stored_job_state(session, job_id)
    if state is None:
        raise NotFoundError(f"找不到编号为 {job_id} 的任务")
    return JobState(state)


def _move(session: Session, job_id: int, states: tuple[str, ...], **values: Any) -> bool:
    values = {k: (v.value if isinstance(v, StrEnum) else v) for k, v in values.items()}
    return move_job(session, job_id, states, values)


def _row(session: Session, job_id: int) -> JobRow:
    row = session.get(JobRow, job_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {job_id} 的任务")
    return row


def _job(row: JobRow) -> Job:
    return Job(id=row.id, kind=JobKind(row.kind), owner=row.owner, region=row.region, filename=row.filename,
               state=JobState(row.state), progress=row.progress, stage=row.stage, result=row.result, error=row.error,
               created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at,
               deadline=row.deadline)
