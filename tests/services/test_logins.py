"""The login throttle's rules on the database (shared by every worker): a lock per (account,
address), a higher per-account threshold with a short delay; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from eduplan.services.logins import LoginPolicy, clear_login_failures, login_wait, record_login_failure

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
POLICY = LoginPolicy()


def _fail(session: Session, name: str, address: str, at: dt.datetime, times: int = 1) -> None:
    for i in range(times):
        record_login_failure(session=session, username=name, address=address, now=at + dt.timedelta(seconds=i))


def test_five_failures_from_one_address_lock_that_pair_for_fifteen_minutes(db_session: Session) -> None:
    _fail(db_session, "Zhang", "10.0.0.1", T0, times=4)
    assert login_wait(session=db_session, username="zhang", address="10.0.0.1", policy=POLICY,
                      now=T0 + dt.timedelta(seconds=5)).seconds == 0
    _fail(db_session, "zhang", "10.0.0.1", T0 + dt.timedelta(seconds=4))
    wait = login_wait(session=db_session, username="ZHANG ", address="10.0.0.1", policy=POLICY,
                      now=T0 + dt.timedelta(seconds=4))
    assert (wait.seconds, wait.lock) == (15 * 60, "pair")
    assert login_wait(session=db_session, username="zhang", address="10.0.0.2", policy=POLICY,
                      now=T0 + dt.timedelta(seconds=5)).seconds == 0  # the owner elsewhere is not locked
    assert login_wait(session=db_session, username="zhang", address="10.0.0.1", policy=POLICY,
                      now=T0 + dt.timedelta(seconds=4, minutes=15)).seconds == 0


def test_failures_spread_over_more_than_the_window_do_not_lock(db_session: Session) -> None:
    for i in range(5):
        _fail(db_session, "li", "10.0.0.1", T0 + dt.timedelta(minutes=4 * i))
    assert login_wait(session=db_session, username="li", address="10.0.0.1", policy=POLICY,
                      now=T0 + dt.timedelta(minutes=16, seconds=1)).seconds == 0


def test_a_success_forgets_the_pairs_failures(db_session: Session) -> None:
    _fail(db_session, "wang", "10.0.0.1", T0, times=4)
    clear_login_failures(session=db_session, username="Wang", address="10.0.0.1")
    _fail(db_session, "wang", "10.0.0.1", T0 + dt.timedelta(seconds=10))
    assert login_wait(session=db_session, username="wang", address="10.0.0.1", policy=POLICY,
                      now=T0 + dt.timedelta(seconds=11)).seconds == 0


def test_many_addresses_guessing_one_account_slow_it_down_for_a_minute_only(db_session: Session) -> None:
    for i in range(20):  # 20 addresses, one failure each: no pair is locked
        _fail(db_session, "admin", f"203.0.113.{i}", T0 + dt.timedelta(seconds=i))
    last = T0 + dt.timedelta(seconds=19)
    wait = login_wait(session=db_session, username="admin", address="192.0.2.8", policy=POLICY, now=last)
    assert (wait.seconds, wait.lock) == (60, "account")
    assert login_wait(session=db_session, username="admin", address="192.0.2.8", policy=POLICY,
                      now=last + dt.timedelta(seconds=61)).seconds == 0
    assert login_wait(session=db_session, username="other", address="203.0.113.1", policy=POLICY,
                      now=last).seconds == 0


def test_failures_older_than_a_day_are_deleted(db_session: Session) -> None:
    from sqlalchemy import func, select

    from eduplan.store.models.accounts import LoginFailureRow

    _fail(db_session, "zhao", "10.0.0.1", T0, times=3)
    _fail(db_session, "qian", "10.0.0.1", T0 + dt.timedelta(days=1, seconds=10))
    assert db_session.scalar(select(func.count()).select_from(LoginFailureRow)) == 1
