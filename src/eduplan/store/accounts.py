"""The statements on accounts: users by name, roles, and the server-side web session records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from eduplan.store.models.accounts import RoleRow, UserRow, WebSessionRow

__all__ = ["end_open_sessions", "prune_ended_sessions", "role_row", "user_id_named", "user_named"]


def user_named(session: Session, username: str) -> UserRow | None:
    """The account with exactly this user name."""
    return session.scalar(select(UserRow).where(UserRow.username == username))


def user_id_named(session: Session, username: str) -> int | None:
    """The id of the account with exactly this user name."""
    return session.scalar(select(UserRow.id).where(UserRow.username == username))


def role_row(session: Session, name: str, *, title: str) -> RoleRow:
    """The role's row; created (with its title) when a hand-made database lacks it (the migration seeds them)."""
    row = session.scalar(select(RoleRow).where(RoleRow.name == name))
    if row is None:
        row = RoleRow(name=name, title=title)
        session.add(row)
        session.flush()
    return row


def end_open_sessions(session: Session, *, user_id: int, at: dt.datetime) -> int:
    """Revoke, at `at`, every session of the user still open then; returns how many."""
    done = session.execute(update(WebSessionRow)
                           .where(WebSessionRow.user_id == user_id, WebSessionRow.revoked_at.is_(None),
                                  WebSessionRow.expires_at > at)
                           .values(revoked_at=at).execution_options(synchronize_session="fetch"))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def prune_ended_sessions(session: Session, *, before: dt.datetime) -> int:
    """Delete the sessions that expired or were revoked before `before`; returns how many."""
    done = session.execute(delete(WebSessionRow).where(or_(WebSessionRow.expires_at < before,
                                                           WebSessionRow.revoked_at < before)))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]
