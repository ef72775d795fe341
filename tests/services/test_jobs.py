"""A job moves on only from the state it is in: a cancel and the end of the work cannot both win."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError, NotFoundError
from eduplan.services.jobs import (
    JobKind,
    JobState,
    cancel_job,
    create_job,
    fail_job,
    finish_job,
    get_job,
    record_progress,
    start_job,
)
from eduplan.store.models.jobs import JobRow


def new_job(session: Session) -> int:
    return create_job(session=session, kind=JobKind.WORKBOOK, owner="fuling", region="涪陵区", filename="a.xlsx",
                      wait_seconds=600).id


def test_a_job_runs_with_progress_and_ends_with_its_result(db_session: Session) -> None:
    job_id = new_job(db_session)
    assert get_job(session=db_session, job_id=job_id).state is JobState.QUEUED
    assert start_job(session=db_session, job_id=job_id, limit_seconds=60)
    assert record_progress(session=db_session, job_id=job_id, percent=40, stage="核对数据")
    job = get_job(session=db_session, job_id=job_id)
    assert (job.state, job.progress, job.stage) == (JobState.RUNNING, 40, "核对数据")
    assert finish_job(session=db_session, job_id=job_id, result={"upload": {"accepted": True}})
    db_session.expire_all()
    job = get_job(session=db_session, job_id=job_id)
    assert (job.state, job.progress, job.result) == (JobState.DONE, 100, {"upload": {"accepted": True}})
    assert job.finished_at is not None


def test_a_finished_job_cannot_be_cancelled(db_session: Session) -> None:
    job_id = new_job(db_session)
    start_job(session=db_session, job_id=job_id, limit_seconds=60)
    finish_job(session=db_session, job_id=job_id, result={})
    with pytest.raises(ConflictError, match="已完成，无法取消"):
        cancel_job(session=db_session, job_id=job_id)


def test_a_cancelled_job_is_neither_started_nor_finished_nor_failed(db_session: Session) -> None:
    job_id = new_job(db_session)
    assert cancel_job(session=db_session, job_id=job_id).state is JobState.CANCELLED
    assert not start_job(session=db_session, job_id=job_id, limit_seconds=60)
    assert not finish_job(session=db_session, job_id=job_id, result={})
    assert not fail_job(session=db_session, job_id=job_id, error="x")
    db_session.expire_all()
    assert get_job(session=db_session, job_id=job_id).state is JobState.CANCELLED


def test_a_job_left_unfinished_past_its_deadline_reads_as_failed(db_session: Session) -> None:
    job_id = new_job(db_session)
    start_job(session=db_session, job_id=job_id, limit_seconds=60)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    db_session.execute(update(JobRow).where(JobRow.id == job_id).values(deadline=past))
    job = get_job(session=db_session, job_id=job_id)
    assert job.state is JobState.FAILED and "处理进程已不在" in (job.error or "")


def test_an_unknown_job_is_not_found(db_session: Session) -> None:
    with pytest.raises(NotFoundError, match="找不到编号为 999 的任务"):
        get_job(session=db_session, job_id=999)
