"""Web sessions recorded in the database: idle and absolute expiry, revocation, pruning;
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.services import passwords
from eduplan.services.accounts import create_user, set_active
from eduplan.services.web_sessions import end_session, end_user_sessions, resolve_session, start_session
from eduplan.store.models.accounts import UserRow, WebSessionRow

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
IDLE, MAX = dt.timedelta(hours=2), dt.timedelta(hours=12)


@pytest.fixture
def user(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    create_user(session=db_session, username="zhang", password="Jiaowei-2026-x", role="admin")
    return int(db_session.scalar(select(UserRow.id).where(UserRow.username == "zhang")))


def _at(**delta: float) -> dt.datetime:
    return T0 + dt.timedelta(**delta)


def test_only_the_tokens_digest_is_stored(db_session: Session, user: int) -> None:
    token = start_session(session=db_session, user_id=user, max_age=MAX, now=T0)
    stored = db_session.scalar(select(WebSessionRow.id))
    assert stored != token and len(stored) == 64
    assert resolve_session(session=db_session, token=token, idle=IDLE, now=_at(minutes=1)).user_id == user
    assert resolve_session(session=db_session, token=token + "x", idle=IDLE, now=_at(minutes=1)).reason == "unknown"


def test_a_session_ends_when_idle_and_at_its_absolute_end(db_session: Session, user: int) -> None:
    token = start_session(session=db_session, user_id=user, max_age=MAX, now=T0)
    for hours in range(1, 12):  # a request every hour keeps it alive up to its end …
        assert resolve_session(session=db_session, token=token, idle=IDLE, now=_at(hours=hours)).user_id == user
    assert resolve_session(session=db_session, token=token, idle=IDLE, now=_at(hours=12)).reason == "expired"
    other = start_session(session=db_session, user_id=user, max_age=MAX, now=T0)
    assert resolve_session(session=db_session, token=other, idle=IDLE, now=_at(hours=2)).reason == "idle"


def test_last_seen_is_written_at_most_once_a_minute(db_session: Session, user: int) -> None:
    token = start_session(session=db_session, user_id=user, max_age=MAX, now=T0)
    resolve_session(session=db_session, token=token, idle=IDLE, now=_at(seconds=59))
    assert db_session.scalar(select(WebSessionRow.last_seen_at)) == T0
    resolve_session(session=db_session, token=token, idle=IDLE, now=_at(seconds=60))
    assert db_session.scalar(select(WebSessionRow.last_seen_at)) == _at(seconds=60)


def test_signing_out_revokes_one_session_and_disabling_every_one(db_session: Session, user: int) -> None:
    tokens = [start_session(session=db_session, user_id=user, max_age=MAX) for _ in range(3)]
    assert end_session(session=db_session, token=tokens[0]) is True
    assert end_session(session=db_session, token=tokens[0]) is False
    assert resolve_session(session=db_session, token=tokens[0], idle=IDLE).reason == "revoked"
    assert set_active(session=db_session, username="zhang", active=False, actor="admin") == 2
    assert {resolve_session(session=db_session, token=t, idle=IDLE).reason for t in tokens} == {"revoked"}
    assert end_user_sessions(session=db_session, user_id=user) == 0


def test_sessions_ended_over_a_day_ago_are_deleted_when_one_starts(db_session: Session, user: int) -> None:
    start_session(session=db_session, user_id=user, max_age=MAX, now=T0)
    start_session(session=db_session, user_id=user, max_age=MAX, now=_at(hours=12 + 25))
    assert db_session.scalar(select(func.count()).select_from(WebSessionRow)) == 1
