"""The statements on background jobs: a job's state, and the conditional update that moves it on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eduplan.store.models.jobs import JobRow

__all__ = ["job_state", "move_job"]


def job_state(session: Session, job_id: int) -> str | None:
    """The job's state as stored now (None: no such job)."""
    return session.scalar(select(JobRow.state).where(JobRow.id == job_id))


def move_job(session: Session, job_id: int, states: tuple[str, ...], values: dict[str, Any]) -> bool:
    """Set `values` on the job when it is in one of `states` (one conditional UPDATE); whether it was."""
    done = session.execute(update(JobRow).where(JobRow.id == job_id, JobRow.state.in_(states)).values(**values)
                           .execution_options(synchronize_session=False))
    return bool(getattr(done, "rowcount", 0))
