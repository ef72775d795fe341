"""The statements on failed logins (the throttle's counts, shared by every process)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eduplan.store.models.accounts import LoginFailureRow

__all__ = ["add_failure", "clear_failures", "prune_failures", "recent_failures"]


def recent_failures(session: Session, n: int, *, username: str, address: str | None = None) -> list[dt.datetime]:
    """The times of the latest `n` failures of the user name (from the address when given), newest first."""
    conditions = [LoginFailureRow.username == username]
    if address is not None:
        conditions.append(LoginFailureRow.address == address)
    query = select(LoginFailureRow.at).where(*conditions).order_by(LoginFailureRow.at.desc()).limit(n)
    return list(session.scalars(query))


def prune_failures(session: Session, *, before: dt.datetime) -> None:
    """Delete the failures older than `before`."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < before))


def add_failure(session: Session, *, username: str, address: str, at: dt.datetime) -> None:
    """Add one failure (the caller flushes)."""
    session.add(LoginFailureRow(username=username, address=address, at=at))


def clear_failures(session: Session, *, username: str, address: str) -> None:
    """Delete the failures of the user name from the address."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.username == username,
                                                  LoginFailureRow.address == address))
