"""Web sessions with a server-side record: a random token in the (signed) cookie, its SHA-256 in
`web_sessions`; valid until revoked, `idle` after the last request and `max_age` after sign-in.
Changing a password or a role, or disabling the account, ends all of the user's sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.store.accounts import end_open_sessions, prune_ended_sessions
from eduplan.store.models.accounts import WebSessionRow
from eduplan.store.models.base import utcnow
from eduplan.store.session import flush

__all__ = ["SessionCheck", "end_session", "end_user_sessions", "prune_sessions", "resolve_session", "start_session"]

#: last_seen_at is written at most this often (a write per request would cost more than it tells).
TOUCH_INTERVAL = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class SessionCheck:
    """What a session token is worth now: the user's id, or why it is not valid any more."""

    user_id: int | None
    reason: str | None = None  # revoked / idle / expired / unknown


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(*, session: Session, user_id: int, max_age: dt.timedelta, now: dt.datetime | None = None) -> str:
    """Record a new session for the user (and delete those ended over a day ago); returns the random
    token the cookie carries."""
    at = now or utcnow()
    prune_sessions(session=session, now=at)
    token = secrets.token_urlsafe(32)
    session.add(WebSessionRow(id=_digest(token), user_id=user_id, created_at=at, last_seen_at=at,
                              expires_at=at + max_age))
    flush(session, "会话")
    return token


def resolve_session(*, session: Session, token: str, idle: dt.timedelta,
                    now: dt.datetime | None = None) -> SessionCheck:
    """The session's user when it is neither revoked, idle for longer than `idle`, nor past its end.

    The last-seen time is written at most once a `TOUCH_INTERVAL`."""
    at = now or utcnow()
    row = session.get(WebSessionRow, _digest(token))
    if row is None:
        return SessionCheck(None, "unknown")
    if row.revoked_at is not None:
        return SessionCheck(None, "revoked")
    if at >= row.expires_at:
        return SessionCheck(None, "expired")
    if at - row.last_seen_at >= idle:
        return SessionCheck(None, "idle")
    if at - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = at
        flush(session, "会话")
    return SessionCheck(row.user_id)


def end_session(*, session: Session, token: str, now: dt.datetime | None = None) -> bool:
    """Revoke one session (signing out); whether it was valid until now."""
    row = session.get(WebSessionRow, _digest(token))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    flush(session, "会话")
    return True


def end_user_sessions(*, session: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """Revoke every open session of the user; returns how many."""
    return end_open_sessions(session, user_id=user_id, at=now or utcnow())


def prune_sessions(*, session: Session, now: dt.datetime | None = None) -> int:
    """Delete the sessions that ended more than a day ago; returns how many."""
    return prune_ended_sessions(session, before=(now or utcnow()) - dt.timedelta(days=1))
